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

char     *concord_file_schema_differences (sqlite3 *db,
                                           sqlite3 *reference,
                                           int     *rc);
gboolean  concord_file_check_schema   (sqlite3     *db,
                                       sqlite3     *reference,
                                       const char  *path,
                                       int          version,
                                       GError     **error);
gboolean  concord_file_check_logs     (const char  *path,
                                       gboolean    *has_logs,
                                       GError     **error);
gboolean  concord_file_log_in_use     (const char  *path);
char     *concord_file_copy_private   (const char  *path,
                                       GError     **error);
void      concord_file_remove_private (const char  *copy);
void      concord_file_remove_with_logs (const char *path);
char     *concord_file_immutable_uri  (const char  *path);

G_END_DECLS
