/* concord-roadmap-page.h: the maturity roadmap area */
#pragma once

#include "concord-page.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ROADMAP_PAGE (concord_roadmap_page_get_type ())

G_DECLARE_FINAL_TYPE (ConcordRoadmapPage, concord_roadmap_page, CONCORD, ROADMAP_PAGE, ConcordPage)

/* "overview", "assess", "targets" or "roadmap". */
void        concord_roadmap_page_show_view   (ConcordRoadmapPage *self,
                                              const char         *name);
const char *concord_roadmap_page_get_view    (ConcordRoadmapPage *self);
/* The editor the page opened last, while it is open (for tests). */
GtkWidget  *concord_roadmap_page_get_editor  (ConcordRoadmapPage *self);

G_END_DECLS
