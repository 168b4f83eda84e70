/* concord-workbook.c
 *
 * The store. One object owns one SQLite connection. Edits run inside an
 * IMMEDIATE transaction with a session attached; the session's changeset
 * becomes the undo step, and its inverse is what undo applies. Listeners
 * learn what changed from the "changed" signal, detailed by table.
 *
 * This file holds the object, its errors and statements, and opening a
 * file with its refusals; the edit transaction is in
 * concord-workbook-edit.c, the generic writes in concord-workbook-write.c,
 * undo and redo in concord-undo.c, the schema in concord-migrations.c.
 */
#define G_LOG_DOMAIN "concord-workbook"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>

#include "concord-file-check-private.h"
#include "concord-locks.h"
#include "concord-store-private.h"
#include "concord-versions.h"

#define BUSY_TIMEOUT_MS 5000

G_DEFINE_FINAL_TYPE (ConcordWorkbook, concord_workbook, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum { CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean file_was_replaced          (ConcordWorkbook *self);
static void     flush_log_of_replaced_file (ConcordWorkbook *self);
static void     note_open                  (ConcordWorkbook *self,
                                            int              delta);

static void
history_entry_free (gpointer data)
{
  HistoryEntry *entry = data;

  /* The TEMP tables of its untracked inserts go with it. */
  for (guint i = 0; entry->db != NULL && entry->parts != NULL && i < entry->parts->len; i++)
    {
      UntrackedPart *part = &g_array_index (entry->parts, UntrackedPart, i);
      g_autofree char *copy = concord_untracked_copy_name (part, FALSE);
      g_autofree char *versions = concord_untracked_copy_name (part, TRUE);
      g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS temp.%s; DROP TABLE IF EXISTS temp.%s",
                                              copy, versions);

      sqlite3_exec (entry->db, sql, NULL, NULL, NULL);
    }
  g_clear_pointer (&entry->parts, g_array_unref);
  g_free (entry->label);
  g_bytes_unref (entry->changeset);
  g_free (entry);
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
concord_workbook_finalize (GObject *object)
{
  ConcordWorkbook *self = (ConcordWorkbook *) object;

  if (self->session != NULL)
    sqlite3session_delete (self->session);
  /* Closing the connection drops the history's TEMP tables. */
  for (guint i = 0; self->undo_stack != NULL && i < self->undo_stack->len; i++)
    ((HistoryEntry *) g_ptr_array_index (self->undo_stack, i))->db = NULL;
  for (guint i = 0; self->redo_stack != NULL && i < self->redo_stack->len; i++)
    ((HistoryEntry *) g_ptr_array_index (self->redo_stack, i))->db = NULL;
  g_clear_pointer (&self->untracked, g_array_unref);
  if (self->checked)
    note_open (self, -1);
  if (file_was_replaced (self))
    flush_log_of_replaced_file (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->tables, g_strfreev);
  if (self->db != NULL)
    {
      /* Closed cleanly by us: the next open need not read every page. */
      gboolean clean = sqlite3_close (self->db) == SQLITE_OK;

      if (!clean)
        sqlite3_close_v2 (self->db);
      else if (self->checked && !self->read_only && !file_was_replaced (self))
        concord_trust_remember (self->path, TRUE);
    }
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->readers, g_hash_table_unref);
  g_free (self->read_only_reason);
  g_free (self->edit_label);
  g_free (self->path);

  G_OBJECT_CLASS (concord_workbook_parent_class)->finalize (object);
}

static void
concord_workbook_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ConcordWorkbook *self = CONCORD_WORKBOOK (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, concord_workbook_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, concord_workbook_can_redo (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_workbook_class_init (ConcordWorkbookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = concord_workbook_finalize;
  object_class->get_property = concord_workbook_get_property;

  /* Before any connection opens a file, so that none holds POSIX locks. */
  concord_locks_install ();

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConcordWorkbook::changed:
   * @table: the table whose rows changed
   *
   * Emitted after an edit, an undo or a redo was saved, once per table it
   * touched. Connect to "changed::TABLE" for one table.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1,
                                   G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
concord_workbook_init (ConcordWorkbook *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            statement_free);
  self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_strfreev);
  self->undo_stack = g_ptr_array_new_with_free_func (history_entry_free);
  self->redo_stack = g_ptr_array_new_with_free_func (history_entry_free);
  self->readers = g_hash_table_new (NULL, NULL);
}

void
concord_workbook_add_reader (ConcordWorkbook *self,
                             gpointer         reader,
                             GFunc            finish)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  g_hash_table_insert (self->readers, reader, finish);
}

void
concord_workbook_remove_reader (ConcordWorkbook *self,
                                gpointer         reader)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  g_hash_table_remove (self->readers, reader);
}

/* A statement left open holds a read snapshot: a write from it could
 * find the file moved on, and VACUUM INTO refuses to run beside it. */
void
concord_workbook_finish_readers (ConcordWorkbook *self)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  while (g_hash_table_size (self->readers) > 0)
    {
      GHashTableIter iter;
      gpointer reader, finish;

      g_hash_table_iter_init (&iter, self->readers);
      g_hash_table_iter_next (&iter, &reader, &finish);
      g_hash_table_iter_remove (&iter);
      ((GFunc) finish) (reader, self);
    }
}

/* Errors ---------------------------------------------------------------- */

static int
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return CONCORD_ERROR_INVALID;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return CONCORD_ERROR_BUSY;
    case SQLITE_FULL:
      return CONCORD_ERROR_DISK_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return CONCORD_ERROR_READ_ONLY;
    case SQLITE_CORRUPT:
      return CONCORD_ERROR_CORRUPT;
    case SQLITE_NOTADB:
      return CONCORD_ERROR_NOT_SQLITE;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
      return CONCORD_ERROR_IO;
    default:
      return CONCORD_ERROR_FAILED;
    }
}

static const char *
advice_for (int code)
{
  switch (code)
    {
    case CONCORD_ERROR_BUSY:
      return _("Another program is writing to the workbook; try again in a moment.");
    case CONCORD_ERROR_DISK_FULL:
      return _("The disk is full; free some space and try again. Nothing was changed.");
    case CONCORD_ERROR_READ_ONLY:
      return _("The workbook is read-only; save a copy to edit it.");
    default:
      return NULL;
    }
}

/* "What failed: why (where)." and, when there is one, what to do. */
static void
set_error_with_advice (GError     **error,
                       int          code,
                       const char  *what,
                       const char  *detail,
                       const char  *path)
{
  const char *advice = advice_for (code);
  /* Translators: what failed, SQLite's reason, and the workbook's file */
  g_autofree char *message = g_strdup_printf (_("%s: %s (%s)."), what, detail, path);

  if (advice != NULL)
    g_set_error (error, CONCORD_ERROR, code, "%s %s", message, advice);
  else
    g_set_error_literal (error, CONCORD_ERROR, code, message);
}

/* Describe a failed SQLite call in words a user can act on. */
void
concord_workbook_set_error (ConcordWorkbook  *self,
                            int               rc,
                            GError          **error,
                            const char       *what)
{
  const char *detail;
  int code = error_code_for_sqlite (rc);

  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  /* After these SQLite may have rolled back the whole transaction on its
   * own; any later write in the edit would then be saved outside it. */
  if (self->edit_depth > 0 && self->edit_failure == 0 &&
      ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ||
       (self->db != NULL && sqlite3_get_autocommit (self->db))))
    self->edit_failure = rc;

  detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  set_error_with_advice (error, code, what, detail, self->path ? self->path : _("workbook"));
}

void
concord_workbook_set_not_found (GError     **error,
                                const char  *table,
                                gint64       id)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  /* Translators: the table's name and the row's number follow, for a report */
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
               _("That record is no longer in the workbook (%s %s)."), table, id_text);
}

/* Refuses to go on with an edit that a full disk or an I/O error broke:
 * its writes are gone, and new ones would not be part of it. */
gboolean
concord_workbook_refuse_if_edit_failed (ConcordWorkbook  *self,
                                        GError          **error)
{
  int code;

  if (self->edit_failure == 0)
    return TRUE;

  code = error_code_for_sqlite (self->edit_failure);
  set_error_with_advice (error, code, _("Could not save the change"),
                         sqlite3_errstr (self->edit_failure), self->path);
  return FALSE;
}

/* Statements ------------------------------------------------------------ */

sqlite3 *
concord_workbook_get_db (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return self->db;
}

/**
 * concord_sql_append_rows:
 * @defaults: (nullable): per value of a row, the expression an empty one
 *   takes (NULL for none), or NULL when no value has one
 *
 * Appends "VALUES (?1, …, ?@width), (…)": @n_rows rows of @width
 * parameters each, numbered on from row to row. One INSERT of many rows
 * checks the schema's IN (…) lists once, not once per row.
 */
void
concord_sql_append_rows (GString            *sql,
                         int                 n_rows,
                         int                 width,
                         const char * const *defaults)
{
  g_string_append (sql, "VALUES ");
  for (int r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r ? ", (" : "(");
      for (int v = 0; v < width; v++)
        {
          int n = r * width + v + 1;

          if (defaults != NULL && defaults[v] != NULL)
            g_string_append_printf (sql, "%scoalesce (?%d, %s)", v ? ", " : "", n, defaults[v]);
          else
            g_string_append_printf (sql, "%s?%d", v ? ", " : "", n);
        }
      g_string_append_c (sql, ')');
    }
}

/* A statement prepared once per workbook and reused; it comes back reset,
 * with its bindings cleared. The workbook owns it. */
sqlite3_stmt *
concord_workbook_prepare (ConcordWorkbook  *self,
                          const char       *sql,
                          GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      concord_workbook_set_error (self, rc, error, _("Could not prepare a query"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

gboolean
concord_workbook_exec (ConcordWorkbook  *self,
                       const char       *sql,
                       GError          **error)
{
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      concord_workbook_set_error (self, rc, error, _("Could not run a statement"));
      return FALSE;
    }

  return TRUE;
}

/* Step a statement that returns no rows, then reset it. */
gboolean
concord_workbook_step_done (ConcordWorkbook  *self,
                            sqlite3_stmt     *stmt,
                            GError          **error)
{
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  if (!concord_workbook_refuse_if_edit_failed (self, error))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      concord_workbook_set_error (self, rc, error, _("Could not save the change"));
      return FALSE;
    }

  return TRUE;
}

static gint64
query_int (ConcordWorkbook *self,
           const char      *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 result = -1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    result = sqlite3_column_int64 (stmt, 0);

  return result;
}

/* Schema knowledge ------------------------------------------------------- */

gboolean
concord_workbook_is_tracked_table (const char *name)
{
  /* FTS tables are kept by triggers, never edited directly. */
  return !g_str_has_prefix (name, "sqlite_") && strstr (name, "_fts") == NULL;
}

static gboolean
load_schema_info (ConcordWorkbook  *self,
                  GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) tables = g_strv_builder_new ();
  int rc;

  g_hash_table_remove_all (self->columns);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      concord_workbook_set_error (self, rc, error, _("Could not read the workbook's tables"));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(sqlite3_stmt) info = NULL;
      g_autoptr(GStrvBuilder) columns = NULL;

      if (!concord_workbook_is_tracked_table (name))
        continue;

      if (sqlite3_prepare_v2 (self->db, "SELECT name FROM pragma_table_info (?1)",
                              -1, &info, NULL) != SQLITE_OK)
        continue;

      sqlite3_bind_text (info, 1, name, -1, SQLITE_TRANSIENT);
      columns = g_strv_builder_new ();
      while (sqlite3_step (info) == SQLITE_ROW)
        g_strv_builder_add (columns, (const char *) sqlite3_column_text (info, 0));

      /* The merge's book-keeping is not one of the user's tables. */
      if (!g_str_has_prefix (name, "sync_"))
        g_strv_builder_add (tables, name);
      g_hash_table_insert (self->columns, g_strdup (name), g_strv_builder_end (columns));
    }

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (self, rc, error, _("Could not read the workbook's tables"));
      return FALSE;
    }

  g_clear_pointer (&self->tables, g_strfreev);
  self->tables = g_strv_builder_end (tables);

  return TRUE;
}

gboolean
concord_workbook_has_table (ConcordWorkbook *self,
                            const char      *table)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return table != NULL && g_hash_table_contains (self->columns, table);
}

gboolean
concord_workbook_has_column (ConcordWorkbook *self,
                             const char      *table,
                             const char      *column)
{
  GStrv columns;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  if (table == NULL || column == NULL)
    return FALSE;

  columns = g_hash_table_lookup (self->columns, table);

  return columns != NULL && g_strv_contains ((const char * const *) columns, column);
}

const char * const *
concord_workbook_get_tables (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return (const char * const *) self->tables;
}

const char * const *
concord_workbook_get_columns (ConcordWorkbook *self,
                              const char      *table)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return g_hash_table_lookup (self->columns, table);
}

/* Opening ----------------------------------------------------------------- */

/* The files this process has open as checked workbooks ("dev:ino" ->
 * count): their -wal is ours, not a stranger's. Workbooks open on
 * several threads. */
G_LOCK_DEFINE_STATIC (open_files);
static GHashTable *open_files;

static char *
identity_key (dev_t dev,
              ino_t ino)
{
  return g_strdup_printf ("%ju:%ju", (uintmax_t) dev, (uintmax_t) ino);
}

static void
note_open (ConcordWorkbook *self,
           int              delta)
{
  g_autofree char *key = identity_key (self->file_dev, self->file_ino);
  int count;

  G_LOCK (open_files);
  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  count = GPOINTER_TO_INT (g_hash_table_lookup (open_files, key)) + delta;
  if (count > 0)
    g_hash_table_insert (open_files, g_steal_pointer (&key), GINT_TO_POINTER (count));
  else
    g_hash_table_remove (open_files, key);
  G_UNLOCK (open_files);
}

static gboolean
is_open_here (const char *path)
{
  g_autofree char *key = NULL;
  GStatBuf st;
  gboolean open_here;

  if (g_stat (path, &st) != 0)
    return FALSE;

  key = identity_key (st.st_dev, st.st_ino);
  G_LOCK (open_files);
  open_here = open_files != NULL && g_hash_table_contains (open_files, key);
  G_UNLOCK (open_files);

  return open_here;
}

char *
concord_workbook_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "concord", "default" CONCORD_FILE_EXTENSION, NULL);
}

static gboolean
check_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[16] = { 0 };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize n_read = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header,
                                &n_read, NULL, &local_error))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (n_read < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_SQLITE,
                   n_read == 0
                   ? _("“%s” is empty: it is not a Concord workbook.")
                   : _("“%s” is not a Concord workbook: it is not an SQLite database at all."),
                   path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
remember_file_identity (ConcordWorkbook  *self,
                        GError          **error)
{
  GStatBuf st;
  int saved_errno;

  if (g_stat (self->path, &st) == 0)
    {
      self->file_dev = st.st_dev;
      self->file_ino = st.st_ino;
      return TRUE;
    }

  saved_errno = errno;
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
               _("Could not read “%s”: %s"), self->path, g_strerror (saved_errno));
  return FALSE;
}

/* Another program may have renamed, deleted or written a new file over
 * ours while it was open. SQLite would go on writing into the old file,
 * which nobody sees any more, so every save checks first. */
static gboolean
file_was_replaced (ConcordWorkbook *self)
{
  GStatBuf st;

  return self->file_ino != 0 &&
         (g_stat (self->path, &st) != 0 ||
          st.st_dev != self->file_dev || st.st_ino != self->file_ino);
}

/* SQLite leaves the write-ahead log of a renamed file behind, under the
 * old name: the file now there would read our pages as its own, and the
 * moved file would miss our last edits. Moving them all into our file
 * and emptying the log prevents both. Only outside a transaction. */
static void
flush_log_of_replaced_file (ConcordWorkbook *self)
{
  if (self->checked && !self->read_only && self->db != NULL && sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "PRAGMA wal_checkpoint (TRUNCATE)", NULL, NULL, NULL);
}

gboolean
concord_workbook_refuse_if_replaced (ConcordWorkbook  *self,
                                     GError          **error)
{
  if (!file_was_replaced (self))
    return TRUE;

  flush_log_of_replaced_file (self);
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
               _("“%s” was replaced or moved by another program, so changes can no "
               "longer be saved to it. Save a copy to keep what you see, then "
               "open the workbook again."), self->path);
  return FALSE;
}

/* A file nobody may write is opened read-only, even by root. */
gboolean
concord_file_is_writable (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;

  return g_access (path, W_OK) == 0 && (st.st_mode & 0222) != 0;
}

static gboolean
configure_connection (ConcordWorkbook  *self,
                      gboolean          trusted_schema,
                      GError          **error)
{
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  /* Closing a file that has not passed every check must not move its
   * log into it; the open turns this off once it has. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  /* The workbook's connection trusts its schema, which the FTS triggers
   * need: by then the schema was compared with ours
   * (concord_migrations_check_schema). The
   * connection that checks a file does not. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, trusted_schema ? 1 : 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);

  return concord_workbook_exec (self, "PRAGMA foreign_keys = ON", error);
}

static gboolean
check_identity (ConcordWorkbook  *self,
                gboolean          created,
                GError          **error)
{
  gint64 application_id = query_int (self, "PRAGMA application_id");
  gint64 version = query_int (self, "PRAGMA user_version");
  gint64 n_tables = query_int (self, "SELECT count(*) FROM sqlite_schema");

  if (application_id < 0 || version < 0 || n_tables < 0)
    {
      int rc = sqlite3_errcode (self->db);

      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CORRUPT,
                     _("“%s” is damaged and cannot be read (%s). Open a backup copy instead."),
                     self->path, sqlite3_errmsg (self->db));
      else
        concord_workbook_set_error (self, rc, error, _("Could not read the workbook"));
      return FALSE;
    }

  if (created && n_tables == 0 && application_id == 0)
    return TRUE;

  if (application_id != CONCORD_APPLICATION_ID)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_WORKBOOK,
                   _("“%s” is an SQLite database, but not a Concord workbook. "
                   "It was left unchanged."), self->path);
      return FALSE;
    }

  if (version > CONCORD_SCHEMA_VERSION)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer Concord (schema %d, this version reads up to %d). "
                     "Update Concord to open it; the file was left unchanged."),
                   self->path, (int) version, CONCORD_SCHEMA_VERSION);
      return FALSE;
    }

  self->schema_version = (int) version;

  return TRUE;
}

gboolean
concord_workbook_check_integrity (ConcordWorkbook  *self,
                                  char            **problems,
                                  GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check (20)", -1, &stmt, NULL);
  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      const char *line;

      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        break;

      line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (report, "%s%s", report->len ? "\n" : "", line);
    }

  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      g_string_append_printf (report, "%s%s", report->len ? "\n" : "",
                              sqlite3_errmsg (self->db));
    }

  if (report->len > 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CORRUPT,
                   _("“%s” is damaged: %s. Open a backup copy instead; the file was left unchanged."),
                   self->path, report->str);
      if (problems != NULL)
        *problems = g_string_free (g_steal_pointer (&report), FALSE);
      return FALSE;
    }

  if (problems != NULL)
    *problems = NULL;

  return TRUE;
}

static gboolean
ensure_parent_directory (const char  *path,
                         GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);
  int saved_errno;

  if (g_file_test (parent, G_FILE_TEST_IS_DIR))
    return TRUE;

  if (g_mkdir_with_parents (parent, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
               _("Could not create the folder for “%s”: %s"),
               path, g_strerror (saved_errno));
  return FALSE;
}

/* Checks a file on a connection that cannot change it: the file opened
 * immutable, or, when a log sits beside it, a private copy of the file
 * and its logs, where SQLite may replay them. The real file is opened
 * only when this passed. */
static gboolean
check_once (ConcordWorkbook  *self,
            GError          **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *uri = NULL;
  gboolean has_logs = FALSE;
  gboolean ok;
  int rc;

  g_assert (self->db == NULL);

  if (!concord_file_check_logs (self->path, &has_logs, error))
    return FALSE;

  /* A log SQLite keeps for a connection open now, here or in another
   * process, belongs to the file; copying a large workbook for every
   * open beside it would cost a second workbook of disk. The file is
   * checked on the workbook's connection then, before anything else. */
  if (has_logs && (is_open_here (self->path) || concord_file_log_in_use (self->path)))
    {
      self->check_here = TRUE;
      return TRUE;
    }

  if (has_logs)
    {
      if ((copy = concord_file_copy_private (self->path, error)) == NULL)
        return FALSE;
      rc = sqlite3_open_v2 (copy, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
    }
  else
    {
      uri = concord_file_immutable_uri (self->path);
      rc = sqlite3_open_v2 (uri, &self->db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE, NULL);
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CONCORD_ERROR, error_code_for_sqlite (rc),
                   _("Could not open “%s” to check it: %s"), self->path, sqlite3_errstr (rc));
      ok = FALSE;
    }
  else
    {
      /* A file this user closed cleanly needs no quick_check; its
       * stamp does not cover the logs beside it. */
      ok = configure_connection (self, FALSE, error) &&
           check_identity (self, FALSE, error) &&
           concord_migrations_check_schema (self, error) &&
           ((!has_logs && concord_trust_is_trusted (self->path)) ||
            concord_workbook_check_integrity (self, NULL, error));
    }

  sqlite3_close_v2 (self->db);
  self->db = NULL;
  concord_file_remove_private (copy);

  return ok;
}

/* The file and the log beside it as they are now, to tell whether
 * another program wrote while we checked. */
static char *
files_stamp (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *file = concord_trust_file_stamp (path);
  g_autofree char *log = concord_trust_file_stamp (wal);

  return g_strdup_printf ("%s|%s", file ? file : "none", log ? log : "none");
}

/* An immutable view read while another program writes can look damaged
 * for a moment. A refusal counts only when nothing changed the file
 * during the check; otherwise the check runs again. */
static gboolean
check_before_opening (ConcordWorkbook  *self,
                      GError          **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autofree char *before = files_stamp (self->path);
      g_autofree char *after = NULL;
      GError *local_error = NULL;

      if (check_once (self, &local_error))
        return TRUE;

      after = files_stamp (self->path);
      if (attempt < 8 && !g_str_equal (before, after))
        {
          g_clear_error (&local_error);
          g_usleep (G_USEC_PER_SEC / 50);
          continue;
        }

      g_propagate_error (error, local_error);
      return FALSE;
    }
}


static gboolean
folder_is_writable (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  return g_access (folder, W_OK) == 0;
}

static void
set_read_only_folder (ConcordWorkbook *self)
{
  self->read_only = TRUE;
  g_free (self->read_only_reason);
  self->read_only_reason = g_strdup_printf (_("The folder of “%s” cannot be written, and Concord keeps "
                                              "a log of each save beside the workbook, so it opened "
                                              "read-only. Save a copy in another folder to edit it."),
                                            self->path);
}

/* SQLite could not create or open the -wal or -shm beside the file. */
static gboolean
cannot_open_logs (int rc)
{
  return (rc & 0xff) == SQLITE_CANTOPEN ||
         rc == SQLITE_READONLY_DIRECTORY || rc == SQLITE_READONLY_CANTINIT ||
         rc == SQLITE_READONLY_CANTLOCK;
}

/* Opens the file itself. Where SQLite cannot keep its log beside it (a
 * read-only folder or mount; root ignores folder permissions, so this
 * is learnt from the first read), it opens read-only, and failing that
 * reads the file as it is on disk. */
static gboolean
open_connection (ConcordWorkbook  *self,
                 gboolean          created,
                 GError          **error)
{
  gboolean immutable = FALSE;
  int rc;

  for (;;)
    {
      g_autofree char *uri = immutable ? concord_file_immutable_uri (self->path) : NULL;
      int open_flags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;

      if (immutable)
        open_flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
      else if (self->read_only)
        open_flags |= SQLITE_OPEN_READONLY;
      else
        open_flags |= SQLITE_OPEN_READWRITE | (created ? SQLITE_OPEN_CREATE : 0);
      if (self->one_thread)
        open_flags |= SQLITE_OPEN_NOMUTEX;

      rc = sqlite3_open_v2 (uri != NULL ? uri : self->path, &self->db, open_flags, NULL);
      if (rc == SQLITE_OK && !created)
        {
          /* Another program may be writing: wait for it as every read does. */
          sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
          sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
          rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
          if (rc != SQLITE_OK)
            rc = sqlite3_extended_errcode (self->db);
        }
      if (rc == SQLITE_OK)
        return TRUE;

      if (created || immutable || !cannot_open_logs (rc))
        break;

      sqlite3_close_v2 (self->db);
      self->db = NULL;
      if (self->read_only)
        immutable = TRUE;
      else
        set_read_only_folder (self);
    }

  {
    int saved_errno = self->db ? sqlite3_system_errno (self->db) : 0;

    g_set_error (error, CONCORD_ERROR,
                 created ? CONCORD_ERROR_IO : error_code_for_sqlite (rc),
                 created ? _("Could not create “%s”: %s") : _("Could not open “%s”: %s"),
                 self->path,
                 saved_errno ? g_strerror (saved_errno) : sqlite3_errstr (rc));
  }
  sqlite3_close_v2 (self->db);
  self->db = NULL;

  return FALSE;
}

/**
 * concord_workbook_open:
 * @path: the workbook file
 * @flags: whether to create a missing file, or to stay read-only
 * @error: where to report why the file was refused
 *
 * Opens a workbook, creating it when asked. A file that is not a
 * workbook, is damaged, or comes from a newer Concord is refused and left
 * untouched. A file that cannot be written opens read-only.
 *
 * Returns: (transfer full) (nullable): the workbook
 */
ConcordWorkbook *
concord_workbook_open (const char        *path,
                       ConcordOpenFlags   flags,
                       GError           **error)
{
  g_autoptr(ConcordWorkbook) self = NULL;
  gboolean exists;
  gboolean created = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CONCORD_TYPE_WORKBOOK, NULL);
  self->path = g_canonicalize_filename (path, NULL);

  exists = g_file_test (self->path, G_FILE_TEST_EXISTS);

  if (exists && g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_WORKBOOK,
                   _("“%s” is a folder, not a Concord workbook."), self->path);
      return NULL;
    }

  if (!exists)
    {
      if (!(flags & CONCORD_OPEN_CREATE) || (flags & CONCORD_OPEN_READ_ONLY))
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                       _("There is no workbook at “%s”."), self->path);
          return NULL;
        }

      if (!ensure_parent_directory (self->path, error))
        return NULL;

      created = TRUE;
    }
  else if (!check_header (self->path, error))
    {
      return NULL;
    }

  self->one_thread = (flags & CONCORD_OPEN_ONE_THREAD) != 0;
  self->read_only = (flags & CONCORD_OPEN_READ_ONLY) != 0 ||
                    (exists && !concord_file_is_writable (self->path));
  if (exists && self->read_only && (flags & CONCORD_OPEN_READ_ONLY) == 0)
    self->read_only_reason = g_strdup_printf (_("“%s” cannot be written, so it opened read-only. "
                                                "Save a copy to edit it."), self->path);
  else if (exists && !self->read_only && !folder_is_writable (self->path))
    set_read_only_folder (self);

  /* Nothing of a file SQLite opens for us runs or changes before this. */
  if (exists && !check_before_opening (self, error))
    return NULL;

  if (!open_connection (self, created, error))
    {
      if (created)
        g_remove (self->path);
      return NULL;
    }

  if (!configure_connection (self, TRUE, error) ||
      !check_identity (self, created, error))
    goto fail;

  /* Checked above; again on this connection, in case another program
   * changed the file in between. */
  if (!created && !concord_migrations_check_schema (self, error))
    goto fail;
  if (self->check_here && !concord_trust_is_trusted (self->path) &&
      !concord_workbook_check_integrity (self, NULL, error))
    goto fail;

  /* Until it is closed cleanly, the file must be checked again. */
  if (!self->read_only)
    concord_trust_remember (self->path, FALSE);

  if (!self->read_only)
    {
      /* An edit the user saw saved must survive a power cut. */
      if (!concord_workbook_exec (self, "PRAGMA journal_mode = WAL", error) ||
          !concord_workbook_exec (self, "PRAGMA synchronous = FULL", error))
        goto fail;

      if (self->schema_version < CONCORD_SCHEMA_VERSION)
        {
          if (self->schema_version > 0 &&
              !concord_migrations_backup (self, self->schema_version, error))
            goto fail;

          if (!concord_migrations_run (self, self->schema_version, error))
            goto fail;
        }
    }
  else if (self->schema_version < CONCORD_SCHEMA_VERSION)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_READ_ONLY,
                   _("“%s” was saved by an older Concord and must be upgraded, "
                   "but it is read-only. Save a copy you can write and open that."),
                   self->path);
      goto fail;
    }

  if (!load_schema_info (self, error) ||
      !remember_file_identity (self, error))
    goto fail;

  /* Each file merges as itself: a copy gets an id of its own. */
  if (!self->read_only && !concord_versions_bind_replica (self, error))
    goto fail;

  self->checked = TRUE;
  note_open (self, +1);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);

  return g_steal_pointer (&self);

fail:
  if (created)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
      concord_file_remove_with_logs (self->path);
    }

  return NULL;
}

/* Opening in a worker thread ------------------------------------------------ */

typedef struct
{
  char             *path;
  ConcordOpenFlags  flags;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data);
}

static ConcordOpenHook open_hook;
static gpointer open_hook_data;

void
concord_workbook_set_open_hook (ConcordOpenHook hook,
                                gpointer        user_data)
{
  open_hook = hook;
  open_hook_data = user_data;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  ConcordWorkbook *workbook;
  GError *error = NULL;

  if (open_hook != NULL)
    open_hook (data->path, open_hook_data);

  /* The connection is the workbook's own from the start: nothing else
   * touches it until the caller takes it in concord_workbook_open_finish(). */
  workbook = concord_workbook_open (data->path, data->flags, &error);
  if (workbook == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, workbook, g_object_unref);
}

/**
 * concord_workbook_open_async:
 * @path: the workbook file
 * @flags: as for concord_workbook_open()
 * @cancellable: (nullable): cancelling it only makes the result
 *   %G_IO_ERROR_CANCELLED: an open under way runs to its end, so a file
 *   it migrates or creates is never left half done
 * @callback: called in the thread-default main context of the caller
 * @user_data: for @callback
 *
 * concord_workbook_open() in a worker thread, with the same checks and
 * refusals, so that a long integrity check never blocks the main loop.
 */
void
concord_workbook_open_async (const char          *path,
                             ConcordOpenFlags     flags,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->flags = flags;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, concord_workbook_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  /* The result of a cancelled open is dropped here, never handed on. */
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, open_thread);
}

ConcordWorkbook *
concord_workbook_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == concord_workbook_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
concord_workbook_get_path (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return self->path;
}

/* The name a user knows the workbook by: its file name without extension. */
char *
concord_workbook_dup_title (ConcordWorkbook *self)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  base = g_path_get_basename (self->path);
  if (g_str_has_suffix (base, CONCORD_FILE_EXTENSION))
    base[strlen (base) - strlen (CONCORD_FILE_EXTENSION)] = '\0';

  return g_steal_pointer (&base);
}

gboolean
concord_workbook_get_read_only (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), TRUE);

  return self->read_only;
}

/**
 * concord_workbook_get_read_only_reason:
 *
 * Returns: (nullable): why a workbook opened read-only although the
 *   caller did not ask for it, in words for the user; %NULL otherwise
 */
const char *
concord_workbook_get_read_only_reason (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return self->read_only_reason;
}

int
concord_workbook_get_schema_version (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), 0);

  return self->schema_version;
}

void
concord_workbook_emit_changed (ConcordWorkbook *self,
                               const char      *table)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  table = g_intern_string (table);
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (table), table);
}

void
concord_workbook_notify_history (ConcordWorkbook *self,
                                 gboolean         could_undo,
                                 gboolean         could_redo)
{
  if (could_undo != concord_workbook_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != concord_workbook_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Reads -------------------------------------------------------------------- */

ConcordRecord *
concord_workbook_get_record (ConcordWorkbook  *self,
                             const char       *table,
                             gint64            id,
                             GError          **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  ConcordRecord *record = NULL;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  if (!concord_workbook_check_table (self, table, error))
    return NULL;

  sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?1", table);
  stmt = concord_workbook_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = concord_record_new_from_statement (table, stmt);
  else if (rc == SQLITE_DONE)
    concord_workbook_set_not_found (error, table, id);
  else
    concord_workbook_set_error (self, rc, error, _("Could not read a record"));
  sqlite3_reset (stmt);

  return record;
}

gint64
concord_workbook_lookup_uuid (ConcordWorkbook *self,
                              const char      *table,
                              const char      *uuid)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), 0);

  if (uuid == NULL || !concord_workbook_has_column (self, table, "uuid"))
    return 0;

  sql = g_strdup_printf ("SELECT id FROM %s WHERE uuid = ?1", table);
  stmt = concord_workbook_prepare (self, sql, NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

gint64
concord_workbook_count (ConcordWorkbook *self,
                        const char      *table)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), -1);

  if (!concord_workbook_has_table (self, table))
    return -1;

  sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  stmt = concord_workbook_prepare (self, sql, NULL);
  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return count;
}

/* A consistent copy of the whole workbook, as of now, at @destination. */
gboolean
concord_workbook_save_copy (ConcordWorkbook  *self,
                            const char       *destination,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *target = NULL;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  target = g_canonicalize_filename (destination, NULL);
  if (g_strcmp0 (target, self->path) == 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("Choose another file than the open workbook for the copy."));
      return FALSE;
    }

  if (g_file_test (target, G_FILE_TEST_EXISTS) && g_remove (target) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   _("Could not replace “%s”: %s"), target, g_strerror (saved_errno));
      return FALSE;
    }

  concord_workbook_finish_readers (self);
  rc = sqlite3_prepare_v2 (self->db, "VACUUM INTO ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, target, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }

  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      g_set_error (error, CONCORD_ERROR, error_code_for_sqlite (rc) == CONCORD_ERROR_FAILED
                   ? CONCORD_ERROR_IO : error_code_for_sqlite (rc),
                   _("Could not save a copy to “%s”: %s"), target, sqlite3_errmsg (self->db));
      return FALSE;
    }

  return TRUE;
}
