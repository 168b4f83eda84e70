/* concord-versions.c
 *
 * Versions for merging without a clock. Each copy of a workbook file is a
 * replica with its own id; each edit it makes gets one dot, (replica,
 * counter), and every field the edit changed records that dot in
 * sync_versions. sync_replicas is the version vector: the highest counter
 * of each replica this workbook has seen. A merge compares, field by
 * field, the two dots against the two vectors (see concord-exchange.c).
 *
 * The dots of an edit are written at commit, from the edit's own
 * changeset, while the session still records: so undoing an edit puts the
 * dots back with the values. The replica's own counter is written with
 * recording off: it only ever grows, so no dot is handed out twice.
 *
 * Undo and redo of an edit made here are new edits as far as versions go:
 * the fields they change get a new dot, so a value that was exported and
 * then undone cannot come back from the other side unasked. Undo and
 * redo of a merge (a step that moved the vector) restore dots and vector
 * exactly, so importing the same document again gives the same plan.
 *
 * A copy of the file must not hand out the dots its original hands out:
 * the replica id is bound to the file's identity (device and inode), and
 * a file that is not the one that minted its id mints a new one, keeping
 * the whole vector, so copies are siblings with a common history.
 */
#define G_LOG_DOMAIN "concord-versions"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "concord-versions.h"
#include "concord-workbook-private.h"

#define MINTED_KEY "concord-versions-minted"
#define EXACT_KEY  "concord-versions-exact"
#define REPLICA_DATA_KEY "concord-versions-replica"

/* Dots --------------------------------------------------------------------- */

static gboolean
is_versioned_column (const char *name)
{
  return !g_str_equal (name, "id") && !g_str_equal (name, "uuid") &&
         !g_str_equal (name, "created_at") && !g_str_equal (name, "updated_at");
}


gboolean
concord_dot_is_none (ConcordDot dot)
{
  return dot.replica == NULL || dot.counter <= 0;
}

gboolean
concord_dot_equal (ConcordDot a,
                   ConcordDot b)
{
  if (concord_dot_is_none (a) || concord_dot_is_none (b))
    return FALSE;

  return a.replica == b.replica && a.counter == b.counter;
}

/* A total order, only to pick the same dot on both sides. */
int
concord_dot_compare (ConcordDot a,
                     ConcordDot b)
{
  int by_replica;

  if (concord_dot_is_none (a) || concord_dot_is_none (b))
    return (int) !concord_dot_is_none (a) - (int) !concord_dot_is_none (b);

  by_replica = strcmp (a.replica, b.replica);
  if (by_replica != 0)
    return by_replica;

  return (a.counter > b.counter) - (a.counter < b.counter);
}

char *
concord_dot_to_string (ConcordDot dot)
{
  if (concord_dot_is_none (dot))
    return NULL;

  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, dot.replica, dot.counter);
}

/* "REPLICA-UUID:COUNTER" */
gboolean
concord_dot_parse (const char *text,
                   ConcordDot *dot)
{
  const char *colon;
  g_autofree char *replica = NULL;
  char *end = NULL;
  gint64 counter;

  *dot = CONCORD_DOT_NONE;
  if (text == NULL || (colon = strrchr (text, ':')) == NULL)
    return FALSE;

  replica = g_strndup (text, colon - text);
  if (!g_uuid_string_is_valid (replica) || colon[1] == '\0')
    return FALSE;

  counter = g_ascii_strtoll (colon + 1, &end, 10);
  if (*end != '\0' || counter <= 0)
    return FALSE;

  dot->replica = g_intern_string (replica);
  dot->counter = counter;

  return TRUE;
}

/* Version vectors ------------------------------------------------------------ */

GHashTable *
concord_vector_new (void)
{
  return g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

gint64
concord_vector_get (GHashTable *vector,
                    const char *replica)
{
  gint64 *counter = replica ? g_hash_table_lookup (vector, g_intern_string (replica)) : NULL;

  return counter ? *counter : 0;
}

void
concord_vector_set (GHashTable *vector,
                    const char *replica,
                    gint64      counter)
{
  g_hash_table_insert (vector, (gpointer) g_intern_string (replica), g_memdup2 (&counter, sizeof counter));
}

gboolean
concord_vector_has_seen (GHashTable *vector,
                         ConcordDot  dot)
{
  /* No dot is nothing anyone can be said to have seen. */
  if (concord_dot_is_none (dot))
    return FALSE;

  return concord_vector_get (vector, dot.replica) >= dot.counter;
}

/* The replica -------------------------------------------------------------- */

static char *
file_identity (ConcordWorkbook *workbook)
{
  GStatBuf st;

  if (g_stat (concord_workbook_get_path (workbook), &st) != 0)
    return NULL;

  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                          (guint64) st.st_dev, (guint64) st.st_ino);
}

static char *
display_name (void)
{
  const char *name = g_get_real_name ();

  /* GLib says "Unknown" when the account has no real name. */
  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();

  return g_strdup (name);
}

/**
 * concord_versions_bind_replica:
 *
 * Run at open on a writable workbook: makes sure its replica id belongs
 * to this very file, minting a new one (outside the history, which is
 * not the user's data) for a copy or a workbook from before versions.
 */
gboolean
concord_versions_bind_replica (ConcordWorkbook  *workbook,
                               GError          **error)
{
  static const char set_meta[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  static const char add_replica[] =
    "INSERT INTO sync_replicas (id, counter, name) VALUES (?1, 0, ?2) "
    "ON CONFLICT (id) DO NOTHING";
  g_autofree char *identity = file_identity (workbook);
  g_autofree char *replica = concord_workbook_dup_meta (workbook, CONCORD_VERSIONS_REPLICA_KEY);
  g_autofree char *bound = concord_workbook_dup_meta (workbook, CONCORD_VERSIONS_FILE_KEY);
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (replica != NULL && identity != NULL && g_strcmp0 (identity, bound) == 0)
    {
      g_object_set_data_full (G_OBJECT (workbook), REPLICA_DATA_KEY, g_steal_pointer (&replica), g_free);
      return TRUE;
    }

  g_clear_pointer (&replica, g_free);
  replica = g_uuid_string_random ();
  name = display_name ();

  if (!concord_workbook_exec (workbook, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < 2; i++)
    {
      stmt = concord_workbook_prepare (workbook, set_meta, error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, i == 0 ? CONCORD_VERSIONS_REPLICA_KEY : CONCORD_VERSIONS_FILE_KEY, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, i == 0 ? replica : identity, -1, SQLITE_TRANSIENT);
      if (!concord_workbook_step_done (workbook, stmt, error))
        goto fail;
    }

  stmt = concord_workbook_prepare (workbook, add_replica, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, replica, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  if (!concord_workbook_step_done (workbook, stmt, error) ||
      !concord_workbook_exec (workbook, "COMMIT", error))
    goto fail;

  g_object_set_data_full (G_OBJECT (workbook), REPLICA_DATA_KEY, g_steal_pointer (&replica), g_free);

  return TRUE;

fail:
  g_prefix_error (error, "Could not give “%s” its merge identity: ", concord_workbook_get_path (workbook));
  sqlite3_exec (concord_workbook_get_db (workbook), "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean check_rc (ConcordWorkbook  *workbook,
                          int               rc,
                          GError          **error);

/* Stands for what every new workbook starts with. */
#define ORIGIN_REPLICA "00000000-0000-4000-8000-000000000000"

/**
 * concord_versions_stamp_origin:
 *
 * Run once when a workbook is created, after its defaults: the teams,
 * statements and settings every workbook starts with get the one dot of
 * the origin, which every workbook has seen. So changing a default on one
 * side is an update on the other, not a question.
 */
gboolean
concord_versions_stamp_origin (ConcordWorkbook  *workbook,
                               GError          **error)
{
  static const char tables_sql[] =
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
    "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sync_%' AND name <> 'meta'";
  g_autoptr(sqlite3_stmt) tables = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), tables_sql, -1, &tables, NULL) != SQLITE_OK)
    return check_rc (workbook, SQLITE_ERROR, error);
  while (sqlite3_step (tables) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (tables, 0)));

  for (guint i = 0; i < names->len; i++)
    {
      /* Names from our own schema, in the file we have just created. */
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO sync_versions (tbl, uuid, field, replica, counter) "
        "SELECT '%s', uuid, '', '" ORIGIN_REPLICA "', 1 FROM %s",
        (const char *) g_ptr_array_index (names, i), (const char *) g_ptr_array_index (names, i));

      if (!concord_workbook_exec (workbook, sql, error))
        return FALSE;
    }

  return concord_workbook_exec (workbook,
                                "INSERT INTO sync_versions (tbl, uuid, field, replica, counter) "
                                "SELECT 'meta', key, 'value', '" ORIGIN_REPLICA "', 1 FROM meta "
                                "WHERE key NOT LIKE 'sync.%';"
                                "INSERT INTO sync_replicas (id, counter) VALUES ('" ORIGIN_REPLICA "', 1);",
                                error);
}

/**
 * concord_versions_get_replica:
 *
 * Returns: (nullable): the interned replica id, or the one the file
 *   names when it is open read-only
 */
const char *
concord_versions_get_replica (ConcordWorkbook *workbook)
{
  const char *replica = g_object_get_data (G_OBJECT (workbook), REPLICA_DATA_KEY);

  if (replica == NULL)
    {
      g_autofree char *stored = concord_workbook_dup_meta (workbook, CONCORD_VERSIONS_REPLICA_KEY);

      return stored ? g_intern_string (stored) : NULL;
    }

  return g_intern_string (replica);
}

/**
 * concord_versions_load_vector:
 * @names: (nullable): filled with replica (interned) -> display name
 */
GHashTable *
concord_versions_load_vector (ConcordWorkbook *workbook,
                              GHashTable      *names)
{
  static const char sql[] = "SELECT id, counter, name FROM sync_replicas";
  GHashTable *vector = concord_vector_new ();
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, NULL);

  if (stmt == NULL)
    return vector;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      concord_vector_set (vector, id, sqlite3_column_int64 (stmt, 1));
      if (names != NULL && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        g_hash_table_insert (names, (gpointer) g_intern_string (id),
                             g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_reset (stmt);

  return vector;
}

static ConcordDot
read_dot (sqlite3_stmt *stmt,
          int           column)
{
  ConcordDot dot = CONCORD_DOT_NONE;

  if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
    {
      dot.replica = g_intern_string ((const char *) sqlite3_column_text (stmt, column));
      dot.counter = sqlite3_column_int64 (stmt, column + 1);
    }

  return dot;
}

/**
 * concord_versions_lookup:
 * @field: a column, or "" for the record itself
 * @deleted: (out) (optional): whether the record's dot is a tombstone
 *
 * The dot that last set @field: its own, or else the record's.
 */
ConcordDot
concord_versions_lookup (ConcordWorkbook *workbook,
                         const char      *table,
                         const char      *uuid,
                         const char      *field,
                         gboolean        *deleted)
{
  static const char sql[] =
    "SELECT replica, counter, deleted FROM sync_versions "
    "WHERE tbl = ?1 AND uuid = ?2 AND field IN (?3, '') ORDER BY field DESC LIMIT 1";
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, NULL);
  ConcordDot dot = CONCORD_DOT_NONE;

  if (deleted != NULL)
    *deleted = FALSE;
  if (stmt == NULL)
    return dot;

  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      dot = read_dot (stmt, 0);
      if (deleted != NULL)
        *deleted = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);

  return dot;
}

static const char upsert_sql[] =
  "INSERT INTO sync_versions (tbl, uuid, field, replica, counter, deleted) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tbl, uuid, field) DO UPDATE SET "
  "replica = excluded.replica, counter = excluded.counter, deleted = excluded.deleted";
static const char clear_sql[] =
  "DELETE FROM sync_versions WHERE tbl = ?1 AND uuid = ?2 AND field <> ''";

static int
write_dot (ConcordWorkbook *workbook,
           const char      *table,
           const char      *uuid,
           const char      *field,
           ConcordDot       dot,
           gboolean         deleted)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, upsert_sql, NULL);
  int rc;

  if (stmt == NULL)
    return SQLITE_ERROR;

  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, dot.replica, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, dot.counter);
  sqlite3_bind_int (stmt, 6, deleted ? 1 : 0);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
clear_fields (ConcordWorkbook *workbook,
              const char      *table,
              const char      *uuid)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, clear_sql, NULL);
  int rc;

  if (stmt == NULL)
    return SQLITE_ERROR;

  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static gboolean
check_rc (ConcordWorkbook  *workbook,
          int               rc,
          GError          **error)
{
  if (rc == SQLITE_OK)
    return TRUE;

  concord_workbook_set_error (workbook, rc, error, "Could not record who changed what");
  return FALSE;
}

/* For a merge, inside its edit: the field now holds @dot (copied from the
 * other side), so the commit leaves it alone. */
gboolean
concord_versions_set (ConcordWorkbook  *workbook,
                      const char       *table,
                      const char       *uuid,
                      const char       *field,
                      ConcordDot        dot,
                      gboolean          deleted,
                      GError          **error)
{
  g_return_val_if_fail (!concord_dot_is_none (dot), FALSE);

  return check_rc (workbook, write_dot (workbook, table, uuid, field, dot, deleted), error);
}

gboolean
concord_versions_clear_fields (ConcordWorkbook  *workbook,
                               const char       *table,
                               const char       *uuid,
                               GError          **error)
{
  return check_rc (workbook, clear_fields (workbook, table, uuid), error);
}

static gint64
own_counter (ConcordWorkbook *workbook,
             const char      *replica)
{
  static const char sql[] = "SELECT counter FROM sync_replicas WHERE id = ?1";
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, NULL);
  gint64 counter = 0;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, replica, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    counter = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return counter;
}

/* The dot of the edit being made: the next counter of this replica. */
static ConcordDot
next_dot (ConcordWorkbook *workbook)
{
  const char *replica = concord_versions_get_replica (workbook);
  ConcordDot dot = { replica, replica ? own_counter (workbook, replica) + 1 : 0 };

  return dot;
}

/* For a merge, inside its edit: a choice between two versions of a field
 * is a new edit here, whichever side it keeps, so both sides then see it
 * as the newest. */
gboolean
concord_versions_mint (ConcordWorkbook  *workbook,
                       const char       *table,
                       const char       *uuid,
                       const char       *field,
                       gboolean          deleted,
                       GError          **error)
{
  ConcordDot dot = next_dot (workbook);

  if (concord_dot_is_none (dot))
    return TRUE;

  g_object_set_data (G_OBJECT (workbook), MINTED_KEY, GINT_TO_POINTER (TRUE));

  return check_rc (workbook, write_dot (workbook, table, uuid, field, dot, deleted), error);
}

/* Gives every column of the record without a dot of its own the
 * record's, before the record's own dot moves. */
gboolean
concord_versions_materialize (ConcordWorkbook  *workbook,
                              const char       *table,
                              const char       *uuid,
                              GError          **error)
{
  static const char sql[] =
    "INSERT OR IGNORE INTO sync_versions (tbl, uuid, field, replica, counter, deleted) "
    "SELECT tbl, uuid, ?3, replica, counter, 0 FROM sync_versions "
    "WHERE tbl = ?1 AND uuid = ?2 AND field = '' AND deleted = 0";
  const char * const *columns = concord_workbook_get_columns (workbook, table);

  for (guint c = 0; columns != NULL && columns[c] != NULL; c++)
    {
      sqlite3_stmt *stmt;

      if (!is_versioned_column (columns[c]))
        continue;

      stmt = concord_workbook_prepare (workbook, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, columns[c], -1, SQLITE_TRANSIENT);
      if (!concord_workbook_step_done (workbook, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* For a merge, inside its edit: we have now seen @replica up to @counter. */
gboolean
concord_versions_see (ConcordWorkbook  *workbook,
                      const char       *replica,
                      gint64            counter,
                      const char       *name,
                      GError          **error)
{
  static const char sql[] =
    "INSERT INTO sync_replicas (id, counter, name) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (id) DO UPDATE SET counter = max (counter, excluded.counter), "
    "name = coalesce (name, excluded.name) "
    "WHERE excluded.counter > counter OR (name IS NULL AND excluded.name IS NOT NULL)";
  sqlite3_stmt *stmt;

  /* Our own counter is never moved by what others say of it. */
  if (g_strcmp0 (replica, concord_versions_get_replica (workbook)) == 0)
    return TRUE;

  stmt = concord_workbook_prepare (workbook, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, replica, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, counter);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);

  return concord_workbook_step_done (workbook, stmt, error);
}

/* Stamping a changeset ------------------------------------------------------- */

static gboolean
is_private_key (const char *key)
{
  return g_str_has_prefix (key, "sync.") || g_str_has_prefix (key, "deleted.");
}

static char *
written_key (const char *table,
             const char *uuid,
             const char *field)
{
  return g_strdup_printf ("%s\n%s\n%s", table, uuid, field);
}

static const char *
value_text (sqlite3_value *value)
{
  return value != NULL && sqlite3_value_type (value) == SQLITE_TEXT
         ? (const char *) sqlite3_value_text (value) : NULL;
}

/* The keys of sync_versions rows the changeset itself writes. */
static GHashTable *
collect_written (const void *data,
                 int         size)
{
  GHashTable *written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_changeset_iter *iter = NULL;

  if (sqlite3changeset_start (&iter, size, (void *) data) != SQLITE_OK)
    return written;

  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_columns, op, indirect;
      sqlite3_value *values[3] = { NULL, NULL, NULL };

      if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) != SQLITE_OK ||
          !g_str_equal (table, "sync_versions"))
        continue;

      for (int i = 0; i < 3; i++)
        {
          if (op == SQLITE_INSERT)
            sqlite3changeset_new (iter, i, &values[i]);
          else
            sqlite3changeset_old (iter, i, &values[i]);
        }

      if (value_text (values[0]) && value_text (values[1]) && value_text (values[2]))
        g_hash_table_add (written, written_key (value_text (values[0]), value_text (values[1]),
                                                value_text (values[2])));
    }
  sqlite3changeset_finalize (iter);

  return written;
}

static char *
lookup_uuid_by_id (ConcordWorkbook *workbook,
                   const char      *table,
                   sqlite3_value   *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s WHERE id = ?1", table);
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, NULL);
  char *uuid = NULL;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_value (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return uuid;
}

/* Gives every change in the changeset @dot, except the fields whose
 * versions the changeset sets itself (a merge copying the other side's).
 * Sets *used when it wrote anything. */
static int
stamp_changeset (ConcordWorkbook *workbook,
                 const void      *data,
                 int              size,
                 ConcordDot       dot,
                 gboolean         skip_written,
                 gboolean        *used)
{
  g_autoptr(GHashTable) written = skip_written ? collect_written (data, size) : NULL;
  sqlite3_changeset_iter *iter = NULL;
  int rc;

  rc = sqlite3changeset_start (&iter, size, (void *) data);
  if (rc != SQLITE_OK)
    return rc;

  while (rc == SQLITE_OK && sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_columns, op, indirect;
      const char * const *columns;
      sqlite3_value *value = NULL;
      g_autofree char *uuid = NULL;
      g_autofree char *record_key = NULL;

      if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) != SQLITE_OK)
        break;
      if (g_str_has_prefix (table, "sync_"))
        continue;

      if (g_str_equal (table, "meta"))
        {
          g_autofree char *key = NULL;

          if (op == SQLITE_INSERT)
            sqlite3changeset_new (iter, 0, &value);
          else
            sqlite3changeset_old (iter, 0, &value);
          if (value_text (value) == NULL || is_private_key (value_text (value)))
            continue;

          key = written_key ("meta", value_text (value), "value");
          if (written != NULL && g_hash_table_contains (written, key))
            continue;

          rc = write_dot (workbook, "meta", value_text (value), "value", dot, op == SQLITE_DELETE);
          *used = TRUE;
          continue;
        }

      columns = concord_workbook_get_columns (workbook, table);
      if (columns == NULL || n_columns < 2)
        continue;

      if (op == SQLITE_INSERT)
        sqlite3changeset_new (iter, 1, &value);
      else
        sqlite3changeset_old (iter, 1, &value);
      if (value_text (value) != NULL)
        uuid = g_strdup (value_text (value));
      else if (op == SQLITE_UPDATE && sqlite3changeset_old (iter, 0, &value) == SQLITE_OK && value != NULL)
        uuid = lookup_uuid_by_id (workbook, table, value);
      if (uuid == NULL)
        continue;

      record_key = written_key (table, uuid, "");
      if (written != NULL && g_hash_table_contains (written, record_key))
        continue;

      if (op == SQLITE_INSERT || op == SQLITE_DELETE)
        {
          /* The record's own dot stands for all its fields. */
          rc = clear_fields (workbook, table, uuid);
          if (rc == SQLITE_OK)
            rc = write_dot (workbook, table, uuid, "", dot, op == SQLITE_DELETE);
          *used = TRUE;
          continue;
        }

      for (int c = 2; rc == SQLITE_OK && c < n_columns && columns[c] != NULL; c++)
        {
          g_autofree char *field_key = NULL;

          value = NULL;
          if (!is_versioned_column (columns[c]) ||
              sqlite3changeset_new (iter, c, &value) != SQLITE_OK || value == NULL)
            continue;

          field_key = written_key (table, uuid, columns[c]);
          if (written != NULL && g_hash_table_contains (written, field_key))
            continue;

          rc = write_dot (workbook, table, uuid, columns[c], dot, FALSE);
          *used = TRUE;
        }
    }

  sqlite3changeset_finalize (iter);

  return rc;
}

/* Moves this replica's counter past @dot with recording off: the counter
 * is not the user's data, and undo must never hand the dot out again. */
static int
advance_counter (ConcordWorkbook *workbook,
                 sqlite3_session *session,
                 ConcordDot       dot)
{
  static const char sql[] = "UPDATE sync_replicas SET counter = max (counter, ?2) WHERE id = ?1";
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, NULL);
  int rc;

  if (stmt == NULL)
    return SQLITE_ERROR;

  if (session != NULL)
    sqlite3session_enable (session, 0);
  sqlite3_bind_text (stmt, 1, dot.replica, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, dot.counter);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (session != NULL)
    sqlite3session_enable (session, 1);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/**
 * concord_versions_stamp_edit:
 *
 * Called by the store before it commits an edit, with the edit's session
 * still recording. Returns an SQLite result code.
 */
int
concord_versions_stamp_edit (ConcordWorkbook *workbook,
                             sqlite3_session *session)
{
  ConcordDot dot = next_dot (workbook);
  gboolean used = g_object_steal_data (G_OBJECT (workbook), MINTED_KEY) != NULL;
  void *data = NULL;
  int size = 0;
  int rc;

  if (concord_dot_is_none (dot))
    return SQLITE_OK;

  rc = sqlite3session_changeset (session, &size, &data);
  if (rc == SQLITE_OK && size > 0)
    rc = stamp_changeset (workbook, data, size, dot, TRUE, &used);
  sqlite3_free (data);

  if (rc == SQLITE_OK && used)
    rc = advance_counter (workbook, session, dot);

  return rc;
}

/* A step that moved the vector is a merge; see the top of the file. */
static gboolean
changeset_moves_vector (GBytes *changeset)
{
  sqlite3_changeset_iter *iter = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (changeset, &size);
  gboolean moves = FALSE;

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    return FALSE;

  while (!moves && sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_columns, op, indirect;

      if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) == SQLITE_OK)
        moves = g_str_equal (table, "sync_replicas");
    }
  sqlite3changeset_finalize (iter);

  return moves;
}

/**
 * concord_versions_replay_begin:
 * @changeset: the changeset undo or redo is about to apply
 */
void
concord_versions_replay_begin (ConcordWorkbook *workbook,
                               GBytes          *changeset)
{
  g_object_set_data (G_OBJECT (workbook), EXACT_KEY,
                     GINT_TO_POINTER (changeset_moves_vector (changeset)));
}

/* The table filter for applying a replayed changeset: an edit's replay
 * gets new dots, so its old ones are not put back. */
int
concord_versions_replay_filter (void       *workbook,
                                const char *table)
{
  gboolean exact = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (workbook), EXACT_KEY));

  return exact || !g_str_equal (table, "sync_versions");
}

/**
 * concord_versions_replay_end:
 *
 * Called with the replay's transaction still open. Returns an SQLite
 * result code.
 */
int
concord_versions_replay_end (ConcordWorkbook *workbook,
                             GBytes          *changeset)
{
  gboolean exact = GPOINTER_TO_INT (g_object_steal_data (G_OBJECT (workbook), EXACT_KEY));
  ConcordDot dot = next_dot (workbook);
  /* concord_versions_replay_untracked() may have used the dot already */
  gboolean used = g_object_steal_data (G_OBJECT (workbook), MINTED_KEY) != NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (changeset, &size);
  int rc;

  if (exact || concord_dot_is_none (dot))
    return SQLITE_OK;

  rc = stamp_changeset (workbook, data, (int) size, dot, FALSE, &used);
  if (rc == SQLITE_OK && used)
    rc = advance_counter (workbook, NULL, dot);

  return rc;
}

/* Rows written outside the session ------------------------------------------ */

static int
exec_bound (ConcordWorkbook *workbook,
            const char      *sql,
            const char      *table,
            gint64           a,
            gint64           b,
            ConcordDot       dot,
            gboolean         deleted,
            gboolean        *changed)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, NULL);
  int rc;

  if (stmt == NULL)
    return SQLITE_ERROR;

  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, a);
  sqlite3_bind_int64 (stmt, 3, b);
  if (dot.replica != NULL)
    {
      sqlite3_bind_text (stmt, 4, dot.replica, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, dot.counter);
    }
  sqlite3_bind_int (stmt, 6, deleted ? 1 : 0);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (changed != NULL && rc == SQLITE_DONE)
    *changed = sqlite3_changes (concord_workbook_get_db (workbook)) > 0;

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/**
 * concord_versions_stamp_untracked:
 * @session: the edit's session, recording
 *
 * What concord_versions_stamp_edit() does for inserts, in SQL, for the
 * rows @first_id..@last_id of @table that the edit wrote outside its
 * session: a record without a live dot of its own gets the edit's, and
 * loses the field dots it came with. What it changes of versions rows
 * there were is recorded in @session; the rows it adds are not (the
 * step keeps them with its records). Returns an SQLite result code.
 */
int
concord_versions_stamp_untracked (ConcordWorkbook *workbook,
                                  sqlite3_session *session,
                                  const char      *table,
                                  gint64           first_id,
                                  gint64           last_id)
{
  static const char forget[] =
    "CREATE TEMP TABLE IF NOT EXISTS concord_no_dot (uuid TEXT PRIMARY KEY);"
    "DELETE FROM temp.concord_no_dot";
  static const char clear[] =
    "DELETE FROM sync_versions WHERE tbl = ?1 AND field <> '' AND uuid IN (SELECT uuid FROM temp.concord_no_dot)";
  static const char revive[] =
    "UPDATE sync_versions SET replica = ?4, counter = ?5, deleted = ?6 "
    "WHERE tbl = ?1 AND field = '' AND deleted = 1 AND uuid IN (SELECT uuid FROM temp.concord_no_dot)";
  /* Here and in the search for them below, in the order of the versions'
   * key: a million random uuids taken in id order would each land on a
   * page of their own. */
  static const char stamp[] =
    "INSERT OR IGNORE INTO sync_versions (tbl, uuid, field, replica, counter, deleted) "
    "SELECT ?1, uuid, '', ?4, ?5, ?6 FROM temp.concord_no_dot ORDER BY uuid";
  ConcordDot dot = next_dot (workbook);
  g_autofree char *find = NULL;
  gboolean found = FALSE, revived = FALSE, used = FALSE;
  int rc;

  if (concord_dot_is_none (dot))
    return SQLITE_OK;

  /* The records without a live dot of their own, found once: a document
   * brings one for each, mostly, and then nothing more is searched. */
  rc = sqlite3_exec (concord_workbook_get_db (workbook), forget, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return rc;
  /* @table is one of the schema's, never a document's word. */
  find = g_strdup_printf (
    "INSERT INTO temp.concord_no_dot SELECT t.uuid FROM main.%s t WHERE t.id BETWEEN ?2 AND ?3 AND NOT EXISTS "
    "(SELECT 1 FROM sync_versions v WHERE v.tbl = ?1 AND v.uuid = t.uuid AND v.field = '' AND v.deleted = 0) "
    "ORDER BY t.uuid",
    table);
  rc = exec_bound (workbook, find, table, first_id, last_id, dot, FALSE, &found);
  if (rc != SQLITE_OK || !found)
    return rc;

  rc = exec_bound (workbook, clear, table, first_id, last_id, dot, FALSE, NULL);
  if (rc == SQLITE_OK)
    rc = exec_bound (workbook, revive, table, first_id, last_id, dot, FALSE, &revived);
  if (rc == SQLITE_OK)
    {
      if (session != NULL)
        sqlite3session_enable (session, 0);
      rc = exec_bound (workbook, stamp, table, first_id, last_id, dot, FALSE, &used);
      if (session != NULL)
        sqlite3session_enable (session, 1);
    }
  if (rc == SQLITE_OK && (used || revived))
    g_object_set_data (G_OBJECT (workbook), MINTED_KEY, GINT_TO_POINTER (TRUE));

  return rc;
}

/**
 * concord_versions_replay_untracked:
 * @copy: the TEMP table holding the rows the step wrote outside its session
 * @versions_copy: the TEMP table holding their versions rows
 * @undo: whether those rows are going (or coming back)
 *
 * Between concord_versions_replay_begin() and _end(), for one part of a
 * step written outside its session. A merge's replay is exact: the rows'
 * versions go and come back with them. An edit's replay is a new edit:
 * each record gets the replay's dot, as a deletion on undo. Returns an
 * SQLite result code.
 */
int
concord_versions_replay_untracked (ConcordWorkbook *workbook,
                                   const char      *table,
                                   const char      *copy,
                                   const char      *versions_copy,
                                   gboolean         undo)
{
  gboolean exact = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (workbook), EXACT_KEY));
  ConcordDot dot = exact ? CONCORD_DOT_NONE : next_dot (workbook);
  g_autofree char *clear = NULL;
  g_autofree char *stamp = NULL;
  int rc;

  /* The names are the store's own TEMP tables. */
  if (exact && undo)
    {
      clear = g_strdup_printf ("DELETE FROM sync_versions WHERE tbl = ?1 AND uuid IN (SELECT uuid FROM temp.%s)",
                               copy);
      return exec_bound (workbook, clear, table, 0, 0, dot, FALSE, NULL);
    }
  if (exact)
    {
      stamp = g_strdup_printf ("INSERT OR REPLACE INTO sync_versions SELECT * FROM temp.%s", versions_copy);
      return exec_bound (workbook, stamp, table, 0, 0, dot, FALSE, NULL);
    }
  if (concord_dot_is_none (dot))
    return SQLITE_OK;

  clear = g_strdup_printf ("DELETE FROM sync_versions WHERE tbl = ?1 AND field <> '' AND uuid IN "
                           "(SELECT uuid FROM temp.%s)", copy);
  stamp = g_strdup_printf ("INSERT INTO sync_versions (tbl, uuid, field, replica, counter, deleted) "
                           "SELECT ?1, uuid, '', ?4, ?5, ?6 FROM temp.%s WHERE true "
                           "ON CONFLICT (tbl, uuid, field) DO UPDATE SET replica = excluded.replica, "
                           "counter = excluded.counter, deleted = excluded.deleted", copy);
  rc = exec_bound (workbook, clear, table, 0, 0, dot, FALSE, NULL);
  if (rc == SQLITE_OK)
    rc = exec_bound (workbook, stamp, table, 0, 0, dot, undo, NULL);
  if (rc == SQLITE_OK)
    g_object_set_data (G_OBJECT (workbook), MINTED_KEY, GINT_TO_POINTER (TRUE));

  return rc;
}
