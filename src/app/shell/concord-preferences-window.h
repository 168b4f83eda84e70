/* concord-preferences-window.h: app and workbook preferences */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_PREFERENCES_WINDOW (concord_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ConcordPreferencesWindow, concord_preferences_window,
                      CONCORD, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWindow *concord_preferences_window_new (GtkWindow       *parent,
                                           GSettings       *settings,
                                           ConcordWorkbook *workbook);

G_END_DECLS
