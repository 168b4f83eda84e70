/* concord-empty-page.h: a page for an area that has nothing to show */
#pragma once

#include "concord-page.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_EMPTY_PAGE (concord_empty_page_get_type ())

G_DECLARE_FINAL_TYPE (ConcordEmptyPage, concord_empty_page, CONCORD, EMPTY_PAGE, ConcordPage)

GtkWidget *concord_empty_page_new (const char *icon_name,
                                   const char *title,
                                   const char *description);

G_END_DECLS
