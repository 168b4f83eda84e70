/* concord-record-row.h: one position of a list that keeps its rows in
 * place, showing whichever record is there now */
#pragma once

#include <gio/gio.h>

#include "concord-query-model.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_RECORD_ROW (concord_record_row_get_type ())

G_DECLARE_FINAL_TYPE (ConcordRecordRow, concord_record_row, CONCORD, RECORD_ROW, GObject)

/* "changed" says the row shows another record, or its record changed. */
ConcordRecordRow *concord_record_row_new        (ConcordQueryModel *model,
                                                 gint64             id);
ConcordRecord    *concord_record_row_get_record (ConcordRecordRow  *self);
gint64            concord_record_row_get_id     (ConcordRecordRow  *self);
void              concord_record_row_set_id     (ConcordRecordRow  *self,
                                                 gint64             id);
void              concord_record_row_changed    (ConcordRecordRow  *self);

G_END_DECLS
