/* concord-reorder.h: move one row within an ordered list of rows */
#pragma once

#include "concord-workbook.h"

G_BEGIN_DECLS

gboolean concord_reorder_move (ConcordWorkbook  *workbook,
                               const char       *table,
                               const char       *parent_column,
                               gint64            parent_id,
                               gint64            id,
                               guint             new_index,
                               const char       *label,
                               GError          **error);

gint64   concord_reorder_next_position (ConcordWorkbook *workbook,
                                        const char      *table,
                                        const char      *parent_column,
                                        gint64           parent_id);

G_END_DECLS
