/* concord-versions.h: who changed each field, for merging (core only) */
#pragma once

#include "concord-workbook.h"

G_BEGIN_DECLS

/* One edit of one replica. The replica is interned; counter 0 is "no
 * dot": a field from before versions existed, or never stamped. */
typedef struct
{
  const char *replica;
  gint64      counter;
} ConcordDot;

#define CONCORD_DOT_NONE ((ConcordDot) { NULL, 0 })

/* The replica's identity, kept in meta beside the file it belongs to. */
#define CONCORD_VERSIONS_REPLICA_KEY "sync.replica"
#define CONCORD_VERSIONS_FILE_KEY    "sync.replica_file"

gboolean    concord_dot_is_none          (ConcordDot        dot);
gboolean    concord_dot_equal            (ConcordDot        a,
                                          ConcordDot        b);
int         concord_dot_compare          (ConcordDot        a,
                                          ConcordDot        b);
char       *concord_dot_to_string        (ConcordDot        dot);
gboolean    concord_dot_parse            (const char       *text,
                                          ConcordDot       *dot);

/* replica (interned) -> counter, as GINT64 in a gint64 box */
GHashTable *concord_vector_new           (void);
gint64      concord_vector_get           (GHashTable       *vector,
                                          const char       *replica);
void        concord_vector_set           (GHashTable       *vector,
                                          const char       *replica,
                                          gint64            counter);
gboolean    concord_vector_has_seen      (GHashTable       *vector,
                                          ConcordDot        dot);

gboolean    concord_versions_bind_replica (ConcordWorkbook  *workbook,
                                           GError          **error);
gboolean    concord_versions_stamp_origin (ConcordWorkbook  *workbook,
                                           GError          **error);
const char *concord_versions_get_replica (ConcordWorkbook  *workbook);
GHashTable *concord_versions_load_vector (ConcordWorkbook  *workbook,
                                          GHashTable       *names);
ConcordDot  concord_versions_lookup      (ConcordWorkbook  *workbook,
                                          const char       *table,
                                          const char       *uuid,
                                          const char       *field,
                                          gboolean         *deleted);
gboolean    concord_versions_set         (ConcordWorkbook  *workbook,
                                          const char       *table,
                                          const char       *uuid,
                                          const char       *field,
                                          ConcordDot        dot,
                                          gboolean          deleted,
                                          GError          **error);
gboolean    concord_versions_clear_fields (ConcordWorkbook *workbook,
                                           const char      *table,
                                           const char      *uuid,
                                           GError         **error);
gboolean    concord_versions_mint        (ConcordWorkbook  *workbook,
                                          const char       *table,
                                          const char       *uuid,
                                          const char       *field,
                                          gboolean          deleted,
                                          GError          **error);
gboolean    concord_versions_materialize (ConcordWorkbook  *workbook,
                                          const char       *table,
                                          const char       *uuid,
                                          GError          **error);
gboolean    concord_versions_see         (ConcordWorkbook  *workbook,
                                          const char       *replica,
                                          gint64            counter,
                                          const char       *name,
                                          GError          **error);

G_END_DECLS
