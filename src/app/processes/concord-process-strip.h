/* concord-process-strip.h: a process drawn as a strip of stages */
#pragma once

#include <gtk/gtk.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_PROCESS_STRIP (concord_process_strip_get_type ())

G_DECLARE_FINAL_TYPE (ConcordProcessStrip, concord_process_strip, CONCORD, PROCESS_STRIP, GtkWidget)

GtkWidget *concord_process_strip_new            (void);
void       concord_process_strip_set_workbook   (ConcordProcessStrip *self,
                                                 ConcordWorkbook     *workbook);
void       concord_process_strip_set_process_id (ConcordProcessStrip *self,
                                                 gint64               process_id);
gint64     concord_process_strip_get_process_id (ConcordProcessStrip *self);
guint      concord_process_strip_get_n_stages   (ConcordProcessStrip *self);

G_END_DECLS
