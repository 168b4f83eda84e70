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

  /* The workbook was replaced (it may be NULL); rebuild models here.
   * Handlers the page connected to the old workbook with itself as data
   * are already disconnected. */
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

/* A view kept current only while it is on screen: a change to the store
 * while it is hidden only marks it stale, and it is refreshed once when
 * it is mapped again, before its first frame is drawn. Pages, and the
 * widgets inside them, share this one way of doing it. */
typedef struct _ConcordRefresh ConcordRefresh;
typedef void (*ConcordRefreshFunc) (gpointer user_data);

/* As a priority: refresh inside the store's signal, not at the next idle. */
#define CONCORD_REFRESH_AT_ONCE G_MININT

ConcordRefresh  *concord_refresh_new       (GtkWidget          *widget,
                                            int                 priority,
                                            ConcordRefreshFunc  func,
                                            gpointer            user_data);
void             concord_refresh_queue     (ConcordRefresh     *refresh);
void             concord_refresh_now       (ConcordRefresh     *refresh);
gboolean         concord_refresh_is_stale  (ConcordRefresh     *refresh);
void             concord_refresh_free      (ConcordRefresh     *refresh);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordRefresh, concord_refresh_free)

G_END_DECLS
