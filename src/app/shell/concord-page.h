/* concord-page.h: the base of every page in the window */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_PAGE (concord_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (ConcordPage, concord_page, CONCORD, PAGE, GtkWidget)

struct _ConcordPageClass
{
  GtkWidgetClass parent_class;

  /* The workbook was replaced (it may be NULL); rebuild models here. */
  void     (*workbook_changed) (ConcordPage *self);
  /* Focus the page's search; FALSE when the page has none. */
  gboolean (*start_search)     (ConcordPage *self);
};

ConcordWorkbook *concord_page_get_workbook (ConcordPage     *self);
void             concord_page_set_workbook (ConcordPage     *self,
                                            ConcordWorkbook *workbook);
gboolean         concord_page_start_search (ConcordPage     *self);
gboolean         concord_page_can_search   (ConcordPage     *self);
gboolean         concord_page_is_editable  (ConcordPage     *self);
void             concord_page_report_error (ConcordPage     *self,
                                            const GError    *error);
void             concord_page_toast        (ConcordPage     *self,
                                            const char      *message);

G_END_DECLS
