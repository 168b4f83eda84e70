/* concord-file-check-private.h: checks on a workbook file before it is trusted
 *
 * For core modules only (it speaks sqlite3). A file someone handed us
 * is data, never code: its schema must be the one our migrations create,
 * and a -wal or -journal beside it must belong to it, before SQLite
 * replays, reads or writes anything of it. */
#pragma once

#include <glib.h>
#include "concord-workbook-private.h"

G_BEGIN_DECLS

/* One row of sqlite_schema. */
typedef struct
{
  const char *type;
  const char *name;
  const char *tbl_name;
  const char *sql;      /* NULL for an index SQLite makes itself */
} ConcordSchemaRow;

/* The rows of a schema: ours, as the build wrote it down
 * (concord-reference-schema.h), or one read from a database. */
typedef struct
{
  const ConcordSchemaRow *rows;
  guint                   n_rows;
  GArray                 *owned_rows;   /* when read: what holds them */
  GStringChunk           *owned_text;
} ConcordSchema;

ConcordSchema *concord_file_schema_read   (sqlite3             *db,
                                           int                 *rc);
void      concord_file_schema_free        (ConcordSchema       *schema);
char     *concord_file_schema_differences (sqlite3             *db,
                                           const ConcordSchema *reference,
                                           int                 *rc);
/* concord-migrations.c */
const ConcordSchema *concord_migrations_reference          (int      version,
                                                            GError **error);
const ConcordSchema *concord_migrations_compiled_reference (int      version);

gboolean  concord_file_check_schema   (sqlite3             *db,
                                       const ConcordSchema *reference,
                                       const char          *path,
                                       int                  version,
                                       GError             **error);
gboolean  concord_file_check_logs     (const char  *path,
                                       gboolean    *has_logs,
                                       GError     **error);
gboolean  concord_file_log_in_use     (const char  *path);
char     *concord_file_copy_private   (const char  *path,
                                       GError     **error);
void      concord_file_remove_private (const char  *copy);
void      concord_file_remove_with_logs (const char *path);
char     *concord_file_immutable_uri  (const char  *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordSchema, concord_file_schema_free)

G_END_DECLS
