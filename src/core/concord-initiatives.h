/* concord-initiatives.h: the work that moves a dimension up the ladder */
#pragma once

#include "concord-query-model.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

/* The statuses an initiative moves through, in the order the UI lists them. */
const char * const *concord_initiative_statuses      (void);
const char         *concord_initiative_status_label  (const char      *status);

/* Checks the values of a new initiative (existing_id 0) or of an update
 * to one (the fields not given keep their stored values). On failure
 * *bad_column names the column to show the message beside. */
gboolean concord_initiative_validate   (ConcordWorkbook *workbook,
                                        gint64           existing_id,
                                        ConcordFields   *fields,
                                        const char     **bad_column,
                                        GError         **error);

/* Validate, then write as one undoable edit. */
gint64   concord_initiative_create     (ConcordWorkbook *workbook,
                                        ConcordFields   *fields,
                                        const char     **bad_column,
                                        GError         **error);
gboolean concord_initiative_update     (ConcordWorkbook *workbook,
                                        gint64           id,
                                        ConcordFields   *fields,
                                        const char     **bad_column,
                                        GError         **error);
/* Moves both dates at once (a drag on the roadmap): one undo step. */
gboolean concord_initiative_reschedule (ConcordWorkbook *workbook,
                                        gint64           id,
                                        const char      *start_on,
                                        const char      *due_on,
                                        GError         **error);

/* Initiatives in roadmap order (dimension, then start date), optionally
 * only those whose title or description contains search. */
ConcordQueryModel *concord_initiative_model_new (ConcordWorkbook *workbook,
                                                 const char      *search);

G_END_DECLS
