/* concord-record-drop-down.h: pick one record of a table (a person, a team,
 * a plan, a process, a dimension…). Used by every area's editors: plans,
 * accounts, processes/roles and roadmap. */
#pragma once

#include <gtk/gtk.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_RECORD_DROP_DOWN (concord_record_drop_down_get_type ())

G_DECLARE_FINAL_TYPE (ConcordRecordDropDown, concord_record_drop_down, CONCORD, RECORD_DROP_DOWN, GtkWidget)

/* Rows of @table ordered by @label_column (case-insensitive); "None" comes
 * first when @allow_none. People show as "Name (Team)". The list follows
 * the table's changes and keeps the selection, even while the selected
 * record is deleted (an undo shows it again). "selected-id" (gint64, 0 for
 * none) notifies when the user picks a row. */
GtkWidget       *concord_record_drop_down_new             (ConcordWorkbook       *workbook,
                                                           const char            *table,
                                                           const char            *label_column,
                                                           gboolean               allow_none);
ConcordWorkbook *concord_record_drop_down_get_workbook    (ConcordRecordDropDown *self);
void             concord_record_drop_down_set_workbook    (ConcordRecordDropDown *self,
                                                           ConcordWorkbook       *workbook);
gint64           concord_record_drop_down_get_selected_id (ConcordRecordDropDown *self);
void             concord_record_drop_down_set_selected_id (ConcordRecordDropDown *self,
                                                           gint64                 id);
/* The text of the empty choice: "None" unless set, e.g. "Anyone" in a filter. */
void             concord_record_drop_down_set_none_label  (ConcordRecordDropDown *self,
                                                           const char            *label);
void             concord_record_drop_down_set_excluded_id (ConcordRecordDropDown *self,
                                                           gint64                 id);
/* The GtkDropDown inside, e.g. for a row's activatable widget. */
GtkWidget       *concord_record_drop_down_get_drop_down   (ConcordRecordDropDown *self);
/* Reads the records only when the list first opens; until then the
 * selected record, if any, is shown alone. */
void             concord_record_drop_down_set_lazy        (ConcordRecordDropDown *self,
                                                           gboolean               lazy);

G_END_DECLS
