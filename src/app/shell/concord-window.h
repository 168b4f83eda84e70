/* concord-window.h: the main window: a sidebar of areas and their pages */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_WINDOW (concord_window_get_type ())

G_DECLARE_FINAL_TYPE (ConcordWindow, concord_window, CONCORD, WINDOW, AdwApplicationWindow)

ConcordWindow   *concord_window_new           (GtkApplication  *application);
ConcordWorkbook *concord_window_get_workbook  (ConcordWindow   *self);
void             concord_window_set_workbook  (ConcordWindow   *self,
                                               ConcordWorkbook *workbook);
void             concord_window_open_async    (ConcordWindow       *self,
                                               const char          *path,
                                               ConcordOpenFlags     flags,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* An open begun before the window that shows it exists. */
typedef struct _ConcordEarlyOpen ConcordEarlyOpen;

ConcordEarlyOpen *concord_early_open_begin    (GApplication     *application,
                                               const char       *path,
                                               ConcordOpenFlags  flags);
const char      *concord_early_open_get_path  (ConcordEarlyOpen *early);
void             concord_early_open_drop      (ConcordEarlyOpen *early);
void             concord_window_open_early    (ConcordWindow       *self,
                                               ConcordEarlyOpen    *early,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordEarlyOpen, concord_early_open_drop)

gboolean         concord_window_open_finish   (ConcordWindow   *self,
                                               GAsyncResult    *result,
                                               GError         **error);
gboolean         concord_window_is_opening    (ConcordWindow   *self);
gboolean         concord_window_show_page     (ConcordWindow   *self,
                                               const char      *name);
const char      *concord_window_get_page_name (ConcordWindow   *self);
GtkWidget       *concord_window_get_page      (ConcordWindow   *self,
                                               const char      *name);
const char * const *concord_window_get_page_names (void);
void             concord_window_show_error    (ConcordWindow   *self,
                                               const char      *heading,
                                               const char      *message);
void             concord_window_show_open_error (ConcordWindow *self,
                                                 const char    *path,
                                                 const GError  *error);
void             concord_window_save_copy     (ConcordWindow   *self,
                                               const char      *target);
void             concord_window_save_clean_copy (ConcordWindow *self,
                                                 const char    *source,
                                                 const char    *target);
void             concord_window_toast         (ConcordWindow   *self,
                                               const char      *message);

G_END_DECLS
