/* concord-record.h: a snapshot of one row of a workbook table */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CONCORD_TYPE_RECORD (concord_record_get_type ())

G_DECLARE_FINAL_TYPE (ConcordRecord, concord_record, CONCORD, RECORD, GObject)

const char *concord_record_get_table   (ConcordRecord *self);
gint64      concord_record_get_id      (ConcordRecord *self);
const char *concord_record_get_uuid    (ConcordRecord *self);
gboolean    concord_record_has_column  (ConcordRecord *self,
                                        const char    *column);
gboolean    concord_record_is_null     (ConcordRecord *self,
                                        const char    *column);
const char *concord_record_get_string  (ConcordRecord *self,
                                        const char    *column);
gint64      concord_record_get_int     (ConcordRecord *self,
                                        const char    *column);
double      concord_record_get_double  (ConcordRecord *self,
                                        const char    *column);
gboolean    concord_record_get_boolean (ConcordRecord *self,
                                        const char    *column);

G_END_DECLS
