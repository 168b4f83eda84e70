/* concord-process-stage-editor.h: every field of one process stage */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_PROCESS_STAGE_EDITOR (concord_process_stage_editor_get_type ())

G_DECLARE_FINAL_TYPE (ConcordProcessStageEditor, concord_process_stage_editor, CONCORD, PROCESS_STAGE_EDITOR, GtkWidget)

void     concord_process_stage_editor_set_workbook (ConcordProcessStageEditor *self,
                                                    ConcordWorkbook           *workbook);
void     concord_process_stage_editor_set_record   (ConcordProcessStageEditor *self,
                                                    ConcordRecord             *record);
gint64   concord_process_stage_editor_get_stage_id (ConcordProcessStageEditor *self);
/* Saves what the user typed as one edit; FALSE and the problem shown on
 * the field when a value is refused. */
gboolean concord_process_stage_editor_save         (ConcordProcessStageEditor *self);

G_END_DECLS
