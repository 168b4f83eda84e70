/* concord-record-selection.h: a list view's model over a ConcordQueryModel
 * that keeps its rows in place and selects records, not positions */
#pragma once

#include <gtk/gtk.h>

#include "concord-query-model.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_RECORD_SELECTION (concord_record_selection_get_type ())

G_DECLARE_FINAL_TYPE (ConcordRecordSelection, concord_record_selection, CONCORD, RECORD_SELECTION, GObject)

ConcordRecordSelection *concord_record_selection_new       (ConcordQueryModel      *model);
ConcordQueryModel      *concord_record_selection_get_model (ConcordRecordSelection *self);
void                    concord_record_selection_rows_changed (ConcordRecordSelection *self);
guint64                 concord_record_selection_get_ids_read (ConcordRecordSelection *self);

G_END_DECLS
