/* concord-workbook.c
 *
 * The store. One object owns one SQLite connection. Edits run inside an
 * IMMEDIATE transaction with a session attached; the session's changeset
 * becomes the undo step, and its inverse is what undo applies. Listeners
 * learn what changed from the "changed" signal, detailed by table.
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
#include "concord-workbook-private.h"
#include "concord-versions.h"

#define BUSY_TIMEOUT_MS 5000
#define NOW_SQL "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"

typedef struct
{
  char   *label;
  GBytes *changeset;
} HistoryEntry;

struct _ConcordWorkbook
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  gboolean       read_only;
  char          *read_only_reason;
  /* passed every check of the open: only then may closing it stamp it
   * as trusted, or checkpoint its log into it */
  gboolean       checked;
  /* its log is live (open here or in another process), so the file was
   * checked on this connection instead of beforehand */
  gboolean       check_here;
  /* which file @path named when we opened it, to notice a replacement */
  dev_t          file_dev;
  ino_t          file_ino;
  int            schema_version;

  GHashTable    *statements;  /* sql text -> sqlite3_stmt */
  GHashTable    *columns;     /* table -> GStrv of columns */
  GStrv          tables;

  /* the open edit */
  guint          bulk_depth;
  sqlite3_session *session;
  char          *edit_label;
  guint          edit_depth;
  /* a full disk or I/O error SQLite may already have rolled back for */
  int            edit_failure;

  GPtrArray     *undo_stack;  /* HistoryEntry, newest last */
  GPtrArray     *redo_stack;

  /* PRAGMA data_version when last looked at; 0 until then */
  gint64         data_version;
};

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

typedef struct
{
  int         version;
  const char *resource;
  const char *then;      /* a second resource, or NULL */
} Migration;

/* The search index's triggers, in their own resource: a bulk edit
 * re-creates them from this compiled-in text, never from a file's. A
 * migration that changes them adds a new resource and points
 * SEARCH_TRIGGERS_RESOURCE at it. */
#define SEARCH_TRIGGERS_RESOURCE "/io/github/concordplan/Concord/core/concord-search-triggers.sql"

/* Ordered; each step runs in the same transaction as the others. The
 * schema a file must have for its user_version is what these create on
 * an empty database, so they are the only description of it. */
static const Migration migrations[] = {
  { 1, "/io/github/concordplan/Concord/core/concord-schema-v1.sql", SEARCH_TRIGGERS_RESOURCE },
  { 2, "/io/github/concordplan/Concord/core/concord-schema-v2.sql", NULL },
  { 3, "/io/github/concordplan/Concord/core/concord-schema-v3.sql", SEARCH_TRIGGERS_RESOURCE },
};

static gboolean file_was_replaced          (ConcordWorkbook *self);
static void     flush_log_of_replaced_file (ConcordWorkbook *self);

static void
history_entry_free (gpointer data)
{
  HistoryEntry *entry = data;

  g_free (entry->label);
  g_bytes_unref (entry->changeset);
  g_free (entry);
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void     remember_trusted (const char      *path,
                                  gboolean         trusted);
static void     note_open        (ConcordWorkbook *self,
                                  int              delta);
static gboolean resume_index     (ConcordWorkbook *self,
                                  GError         **error);

static void
concord_workbook_finalize (GObject *object)
{
  ConcordWorkbook *self = (ConcordWorkbook *) object;

  if (self->session != NULL)
    sqlite3session_delete (self->session);
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
        remember_trusted (self->path, TRUE);
    }
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
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
      return " Another program is writing to the workbook; try again in a moment.";
    case CONCORD_ERROR_DISK_FULL:
      return " The disk is full; free some space and try again. Nothing was changed.";
    case CONCORD_ERROR_READ_ONLY:
      return " The workbook is read-only; save a copy to edit it.";
    default:
      return "";
    }
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

  g_set_error (error, CONCORD_ERROR, code, "%s: %s (%s).%s",
               what, detail, self->path ? self->path : "workbook", advice_for (code));
}

/* Refuses to go on with an edit that a full disk or an I/O error broke:
 * its writes are gone, and new ones would not be part of it. */
static gboolean
refuse_if_edit_failed (ConcordWorkbook  *self,
                       GError          **error)
{
  int code;

  if (self->edit_failure == 0)
    return TRUE;

  code = error_code_for_sqlite (self->edit_failure);
  g_set_error (error, CONCORD_ERROR, code, "Could not save the change: %s (%s).%s",
               sqlite3_errstr (self->edit_failure), self->path, advice_for (code));
  return FALSE;
}

/* Statements ------------------------------------------------------------ */

sqlite3 *
concord_workbook_get_db (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return self->db;
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
      concord_workbook_set_error (self, rc, error, "Could not prepare a query");
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
      concord_workbook_set_error (self, rc, error, "Could not run a statement");
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

  if (!refuse_if_edit_failed (self, error))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      concord_workbook_set_error (self, rc, error, "Could not save the change");
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

static gboolean
is_tracked_table (const char *name)
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
      concord_workbook_set_error (self, rc, error, "Could not read the workbook's tables");
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      g_autoptr(sqlite3_stmt) info = NULL;
      g_autoptr(GStrvBuilder) columns = NULL;

      if (!is_tracked_table (name))
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
      concord_workbook_set_error (self, rc, error, "Could not read the workbook's tables");
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

/* Trust -------------------------------------------------------------------- */

/* A quick_check reads every page, seconds for a large workbook. A file
 * this user closed cleanly, with the same identity, size and times to the
 * nanosecond, has not been handed to us by anyone since; every other file
 * is checked. The stamps live in the user's state folder, not the file. */
#define TRUST_GROUP "workbooks"
#define TRUST_MAX   200

static char *
trust_file (void)
{
  return g_build_filename (g_get_user_state_dir (), "concord", "trusted-workbooks.ini", NULL);
}

static char *
file_stamp (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return NULL;

  return g_strdup_printf ("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld",
                          (uintmax_t) st.st_dev, (uintmax_t) st.st_ino, (intmax_t) st.st_size,
                          (intmax_t) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                          (intmax_t) st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

static char *
trust_key (const char *path)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
}

static gboolean
is_trusted (const char *path)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = trust_file ();
  g_autofree char *key = trust_key (path);
  g_autofree char *stamp = NULL;
  g_autofree char *known = NULL;

  if (!g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL))
    return FALSE;

  known = g_key_file_get_string (keys, TRUST_GROUP, key, NULL);
  stamp = file_stamp (path);

  return known != NULL && stamp != NULL && g_str_equal (known, stamp);
}

static void
remember_trusted (const char *path,
                  gboolean    trusted)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = trust_file ();
  g_autofree char *folder = g_path_get_dirname (file);
  g_autofree char *key = trust_key (path);
  g_autofree char *stamp = trusted ? file_stamp (path) : NULL;
  gsize n_keys = 0;

  g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL);
  g_strfreev (g_key_file_get_keys (keys, TRUST_GROUP, &n_keys, NULL));
  if (n_keys > TRUST_MAX)
    g_key_file_remove_group (keys, TRUST_GROUP, NULL);

  if (stamp != NULL)
    g_key_file_set_string (keys, TRUST_GROUP, key, stamp);
  else if (!g_key_file_remove_key (keys, TRUST_GROUP, key, NULL))
    return;

  if (g_mkdir_with_parents (folder, 0700) == 0)
    g_key_file_save_to_file (keys, file, NULL);
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
                   "Could not read “%s”: %s", path, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header,
                                &n_read, NULL, &local_error))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   "Could not read “%s”: %s", path, local_error->message);
      return FALSE;
    }

  if (n_read < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_SQLITE,
                   n_read == 0
                   ? "“%s” is empty: it is not a Concord workbook."
                   : "“%s” is not a Concord workbook: it is not an SQLite database at all.",
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
               "Could not read “%s”: %s", self->path, g_strerror (saved_errno));
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

static gboolean
refuse_if_replaced (ConcordWorkbook  *self,
                    GError          **error)
{
  if (!file_was_replaced (self))
    return TRUE;

  flush_log_of_replaced_file (self);
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
               "“%s” was replaced or moved by another program, so changes can no "
               "longer be saved to it. Save a copy to keep what you see, then "
               "open the workbook again.", self->path);
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

#define DEFAULTS_RESOURCE "/io/github/concordplan/Concord/core/concord-defaults.sql"

/* SQL compiled into Concord. */
static char *
resource_sql (const char  *resource,
              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  bytes = g_resources_lookup_data (resource, 0, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                   "This build of Concord is missing %s: %s", resource, local_error->message);
      return NULL;
    }

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
exec_resource (ConcordWorkbook  *self,
               const char       *resource,
               GError          **error)
{
  g_autofree char *sql = resource_sql (resource, error);

  return sql != NULL && concord_workbook_exec (self, sql, error);
}

/**
 * concord_workbook_open_reference_schema:
 * @version: a schema version this Concord knows
 *
 * Returns: (transfer full): an empty in-memory database with the schema
 *   our migrations create for @version: what a file of that version must
 *   have, object for object. Close it with sqlite3_close().
 */
sqlite3 *
concord_workbook_open_reference_schema (int      version,
                                        GError **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < G_N_ELEMENTS (migrations); i++)
    {
      const char *steps[] = { migrations[i].resource, migrations[i].then };

      if (migrations[i].version > version)
        break;

      for (guint j = 0; rc == SQLITE_OK && j < G_N_ELEMENTS (steps); j++)
        {
          g_autofree char *sql = NULL;

          if (steps[j] == NULL)
            continue;
          if ((sql = resource_sql (steps[j], error)) == NULL)
            {
              sqlite3_close (db);
              return NULL;
            }
          rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
        }
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                   "Could not build the schema %d of this Concord: %s",
                   version, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/* Before anything reads or writes a user table. */
static gboolean
check_schema (ConcordWorkbook  *self,
              GError          **error)
{
  sqlite3 *reference = concord_workbook_open_reference_schema (self->schema_version, error);
  gboolean ok;

  if (reference == NULL)
    return FALSE;

  ok = concord_file_check_schema (self->db, reference, self->path, self->schema_version, error);
  sqlite3_close (reference);

  return ok;
}

static gboolean
run_migrations (ConcordWorkbook  *self,
                int               from_version,
                GError          **error)
{
  g_autofree char *pragma = NULL;

  if (!concord_workbook_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      if (migrations[i].version <= from_version)
        continue;

      if (!exec_resource (self, migrations[i].resource, error) ||
          (migrations[i].then != NULL && !exec_resource (self, migrations[i].then, error)))
        {
          g_prefix_error (error, "Could not upgrade the workbook to schema %d: ",
                          migrations[i].version);
          goto fail;
        }
    }

  /* A new workbook starts with the teams and the maturity statements,
   * versioned as what every workbook started from. */
  if (from_version == 0 &&
      (!exec_resource (self, DEFAULTS_RESOURCE, error) ||
       !concord_versions_stamp_origin (self, error)))
    goto fail;

  pragma = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                            CONCORD_APPLICATION_ID, CONCORD_SCHEMA_VERSION);
  if (!concord_workbook_exec (self, pragma, error) ||
      !concord_workbook_exec (self, "COMMIT", error))
    goto fail;

  self->schema_version = CONCORD_SCHEMA_VERSION;

  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
backup_before_migration (ConcordWorkbook  *self,
                         int               version,
                         GError          **error)
{
  g_autofree char *backup = g_strdup_printf ("%s.v%d.bak", self->path, version);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_remove (backup);
  rc = sqlite3_prepare_v2 (self->db, "VACUUM INTO ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, backup, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }

  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      concord_workbook_set_error (self, rc, error,
                                  "Could not back up the workbook before upgrading it");
      return FALSE;
    }

  return TRUE;
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
   * need: by then the schema was compared with ours (check_schema). The
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
                     "“%s” is damaged and cannot be read (%s). Open a backup copy instead.",
                     self->path, sqlite3_errmsg (self->db));
      else
        concord_workbook_set_error (self, rc, error, "Could not read the workbook");
      return FALSE;
    }

  if (created && n_tables == 0 && application_id == 0)
    return TRUE;

  if (application_id != CONCORD_APPLICATION_ID)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_WORKBOOK,
                   "“%s” is an SQLite database, but not a Concord workbook. "
                   "It was left unchanged.", self->path);
      return FALSE;
    }

  if (version > CONCORD_SCHEMA_VERSION)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_TOO_NEW,
                   "“%s” was saved by a newer Concord (schema %" G_GINT64_FORMAT
                   ", this version reads up to %d). Update Concord to open it; "
                   "the file was left unchanged.",
                   self->path, version, CONCORD_SCHEMA_VERSION);
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
                   "“%s” is damaged: %s. Open a backup copy instead; the file was left unchanged.",
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
               "Could not create the folder for “%s”: %s",
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
                   "Could not open “%s” to check it: %s", self->path, sqlite3_errstr (rc));
      ok = FALSE;
    }
  else
    {
      /* A file this user closed cleanly needs no quick_check; its
       * stamp does not cover the logs beside it. */
      ok = configure_connection (self, FALSE, error) &&
           check_identity (self, FALSE, error) &&
           check_schema (self, error) &&
           ((!has_logs && is_trusted (self->path)) ||
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
  g_autofree char *file = file_stamp (path);
  g_autofree char *log = file_stamp (wal);

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

#define READ_ONLY_FILE \
  "“%s” cannot be written, so it opened read-only. Save a copy to edit it."
#define READ_ONLY_FOLDER \
  "The folder of “%s” cannot be written, and Concord keeps a log of each save " \
  "beside the workbook, so it opened read-only. Save a copy in another folder to edit it."

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
  self->read_only_reason = g_strdup_printf (READ_ONLY_FOLDER, self->path);
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
                 created ? "Could not create “%s”: %s" : "Could not open “%s”: %s",
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
                   "“%s” is a folder, not a Concord workbook.", self->path);
      return NULL;
    }

  if (!exists)
    {
      if (!(flags & CONCORD_OPEN_CREATE) || (flags & CONCORD_OPEN_READ_ONLY))
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                       "There is no workbook at “%s”.", self->path);
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

  self->read_only = (flags & CONCORD_OPEN_READ_ONLY) != 0 ||
                    (exists && !concord_file_is_writable (self->path));
  if (exists && self->read_only && (flags & CONCORD_OPEN_READ_ONLY) == 0)
    self->read_only_reason = g_strdup_printf (READ_ONLY_FILE, self->path);
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
  if (!created && !check_schema (self, error))
    goto fail;
  if (self->check_here && !is_trusted (self->path) &&
      !concord_workbook_check_integrity (self, NULL, error))
    goto fail;

  /* Until it is closed cleanly, the file must be checked again. */
  if (!self->read_only)
    remember_trusted (self->path, FALSE);

  if (!self->read_only)
    {
      /* An edit the user saw saved must survive a power cut. */
      if (!concord_workbook_exec (self, "PRAGMA journal_mode = WAL", error) ||
          !concord_workbook_exec (self, "PRAGMA synchronous = FULL", error))
        goto fail;

      if (self->schema_version < CONCORD_SCHEMA_VERSION)
        {
          if (self->schema_version > 0 &&
              !backup_before_migration (self, self->schema_version, error))
            goto fail;

          if (!run_migrations (self, self->schema_version, error))
            goto fail;
        }
    }
  else if (self->schema_version < CONCORD_SCHEMA_VERSION)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_READ_ONLY,
                   "“%s” was saved by an older Concord and must be upgraded, "
                   "but it is read-only. Save a copy you can write and open that.",
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

/* Edits ------------------------------------------------------------------- */

static int
session_table_filter (void       *user_data,
                      const char *table)
{
  return is_tracked_table (table);
}

gboolean
concord_workbook_in_edit (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return self->edit_depth > 0;
}

static gboolean
refuse_if_read_only (ConcordWorkbook  *self,
                     GError          **error)
{
  if (!self->read_only)
    return TRUE;

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_READ_ONLY,
               "“%s” is open read-only; save a copy to make changes.", self->path);
  return FALSE;
}

/**
 * concord_workbook_begin:
 * @label: what the edit does, in words for the Undo menu
 *
 * Starts an edit; edits nest, and only the outermost one commits.
 */
gboolean
concord_workbook_begin (ConcordWorkbook  *self,
                        const char       *label,
                        GError          **error)
{
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  if (!refuse_if_read_only (self, error))
    return FALSE;

  if (self->edit_depth > 0)
    {
      self->edit_depth++;
      return TRUE;
    }

  if (!refuse_if_replaced (self, error))
    return FALSE;

  self->edit_depth = 1;
  self->edit_failure = 0;

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      self->edit_depth = 0;
      concord_workbook_set_error (self, rc, error, "Could not start the change");
      return FALSE;
    }

  rc = sqlite3session_create (self->db, "main", &self->session);
  if (rc == SQLITE_OK)
    {
      sqlite3session_table_filter (self->session, session_table_filter, self);
      rc = sqlite3session_attach (self->session, NULL);
    }

  if (rc != SQLITE_OK)
    {
      concord_workbook_set_error (self, rc, error, "Could not start recording the change");
      concord_workbook_rollback (self);
      return FALSE;
    }

  g_free (self->edit_label);
  self->edit_label = g_strdup (label ? label : "Edit");

  return TRUE;
}

void
concord_workbook_rollback (ConcordWorkbook *self)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  if (self->edit_depth == 0)
    return;

  self->edit_depth = 0;
  self->edit_failure = 0;
  /* The rollback puts the index triggers back too. */
  self->bulk_depth = 0;
  if (self->session != NULL)
    {
      sqlite3session_delete (self->session);
      self->session = NULL;
    }
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_pointer (&self->edit_label, g_free);
}

/* Tables a changeset touches, in the order it touches them. */
static GPtrArray *
changeset_tables (GBytes *changeset)
{
  GPtrArray *tables = g_ptr_array_new ();
  sqlite3_changeset_iter *iter = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (changeset, &size);

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    return tables;

  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_columns, op, indirect;

      if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) != SQLITE_OK)
        break;

      table = g_intern_string (table);
      if (!g_ptr_array_find (tables, table, NULL))
        g_ptr_array_add (tables, (gpointer) table);
    }

  sqlite3changeset_finalize (iter);

  return tables;
}

static void
emit_changes (ConcordWorkbook *self,
              GBytes          *changeset)
{
  g_autoptr(GPtrArray) tables = changeset_tables (changeset);

  for (guint i = 0; i < tables->len; i++)
    concord_workbook_emit_changed (self, g_ptr_array_index (tables, i));
}

void
concord_workbook_emit_changed (ConcordWorkbook *self,
                               const char      *table)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  table = g_intern_string (table);
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (table), table);
}

static void
notify_history (ConcordWorkbook *self,
                gboolean         could_undo,
                gboolean         could_redo)
{
  if (could_undo != concord_workbook_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != concord_workbook_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

gboolean
concord_workbook_commit (ConcordWorkbook  *self,
                         GError          **error)
{
  g_autoptr(GBytes) changeset = NULL;
  gboolean could_undo, could_redo;
  void *data = NULL;
  int size = 0;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (self->edit_depth > 0, FALSE);

  if (self->edit_failure != 0)
    {
      refuse_if_edit_failed (self, error);
      if (--self->edit_depth == 0)
        {
          self->edit_depth = 1;
          concord_workbook_rollback (self);
        }
      return FALSE;
    }

  if (--self->edit_depth > 0)
    return TRUE;

  /* A bulk section left open is closed here, so the index is never stale. */
  if (self->bulk_depth > 0)
    {
      self->bulk_depth = 1;
      if (!resume_index (self, error))
        {
          self->edit_depth = 1;
          concord_workbook_rollback (self);
          return FALSE;
        }
    }

  /* Who changed what, recorded by the session too, so undo restores it. */
  rc = concord_versions_stamp_edit (self, self->session);
  if (rc == SQLITE_OK)
    rc = sqlite3session_changeset (self->session, &size, &data);
  if (rc != SQLITE_OK)
    {
      self->edit_depth = 1;
      concord_workbook_set_error (self, rc, error, "Could not record the change");
      concord_workbook_rollback (self);
      return FALSE;
    }
  changeset = g_bytes_new_with_free_func (data, size, sqlite3_free, data);

  sqlite3session_delete (self->session);
  self->session = NULL;

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      self->edit_depth = 1;
      concord_workbook_set_error (self, rc, error, "Could not save the change");
      concord_workbook_rollback (self);
      return FALSE;
    }

  if (size == 0)
    {
      g_clear_pointer (&self->edit_label, g_free);
      return TRUE;
    }

  could_undo = concord_workbook_can_undo (self);
  could_redo = concord_workbook_can_redo (self);

  {
    HistoryEntry *entry = g_new0 (HistoryEntry, 1);

    entry->label = g_steal_pointer (&self->edit_label);
    entry->changeset = g_bytes_ref (changeset);
    g_ptr_array_add (self->undo_stack, entry);
    g_ptr_array_set_size (self->redo_stack, 0);
  }

  notify_history (self, could_undo, could_redo);
  emit_changes (self, changeset);

  return TRUE;
}

/* Finish a single write that may have opened its own edit. */
static gboolean
finish_own_edit (ConcordWorkbook  *self,
                 gboolean          own,
                 gboolean          ok,
                 GError          **error)
{
  if (!own)
    return ok;

  if (!ok)
    {
      concord_workbook_rollback (self);
      return FALSE;
    }

  return concord_workbook_commit (self, error);
}

static gboolean
check_table (ConcordWorkbook  *self,
             const char       *table,
             GError          **error)
{
  if (concord_workbook_has_table (self, table))
    return TRUE;

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
               "The workbook has no table “%s”.", table);
  return FALSE;
}

static gboolean
check_fields (ConcordWorkbook  *self,
              const char       *table,
              ConcordFields    *fields,
              GError          **error)
{
  for (guint i = 0; i < concord_fields_get_size (fields); i++)
    {
      const char *column = concord_fields_get_column (fields, i);

      if (!concord_workbook_has_column (self, table, column) ||
          g_str_equal (column, "id"))
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                       "The table “%s” has no field “%s” that can be set.", table, column);
          return FALSE;
        }
    }

  return TRUE;
}

static void
bind_variant (sqlite3_stmt *stmt,
              int           index,
              GVariant     *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    sqlite3_bind_double (stmt, index, g_variant_get_double (value));
  else
    sqlite3_bind_null (stmt, index);
}

gint64
concord_workbook_insert (ConcordWorkbook  *self,
                         const char       *table,
                         ConcordFields    *fields,
                         GError          **error)
{
  return concord_workbook_insert_as (self, "Add", table, fields, error);
}

/**
 * concord_workbook_insert_as:
 * @label: names the undo step when this insert is an edit of its own
 *
 * Column names below come from the schema whitelist, never from input.
 */
gint64
concord_workbook_insert_as (ConcordWorkbook  *self,
                            const char       *label,
                            const char       *table,
                            ConcordFields    *fields,
                            GError          **error)
{
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) values = NULL;
  sqlite3_stmt *stmt;
  gboolean own;
  gboolean ok = FALSE;
  gint64 id = 0;
  guint n;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), 0);
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (fields != NULL, 0);

  if (!check_table (self, table, error) || !check_fields (self, table, fields, error))
    return 0;

  own = !concord_workbook_in_edit (self);
  if (own && !concord_workbook_begin (self, label, error))
    return 0;

  n = concord_fields_get_size (fields);
  sql = g_string_new (NULL);
  values = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT INTO %s (", table);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (sql, "%s%s", i ? ", " : "", concord_fields_get_column (fields, i));
      g_string_append_printf (values, "%s?%u", i ? ", " : "", i + 1);
    }
  if (n == 0)
    g_string_printf (sql, "INSERT INTO %s DEFAULT VALUES", table);
  else
    g_string_append_printf (sql, ") VALUES (%s)", values->str);

  stmt = concord_workbook_prepare (self, sql->str, error);
  if (stmt != NULL)
    {
      for (guint i = 0; i < n; i++)
        bind_variant (stmt, i + 1, concord_fields_get_value (fields, i));

      ok = concord_workbook_step_done (self, stmt, error);
      if (ok)
        id = sqlite3_last_insert_rowid (self->db);
    }

  if (!finish_own_edit (self, own, ok, error))
    return 0;

  return id;
}

gboolean
concord_workbook_update (ConcordWorkbook  *self,
                         const char       *table,
                         gint64            id,
                         ConcordFields    *fields,
                         GError          **error)
{
  return concord_workbook_update_as (self, "Edit", table, id, fields, error);
}

gboolean
concord_workbook_update_as (ConcordWorkbook  *self,
                            const char       *label,
                            const char       *table,
                            gint64            id,
                            ConcordFields    *fields,
                            GError          **error)
{
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  gboolean own;
  gboolean ok = FALSE;
  guint n;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!check_table (self, table, error) || !check_fields (self, table, fields, error))
    return FALSE;

  n = concord_fields_get_size (fields);
  if (n == 0)
    return TRUE;

  own = !concord_workbook_in_edit (self);
  if (own && !concord_workbook_begin (self, label, error))
    return FALSE;

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "UPDATE %s SET ", table);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s = ?%u, ", concord_fields_get_column (fields, i), i + 1);
  if (concord_workbook_has_column (self, table, "updated_at") &&
      concord_fields_lookup (fields, "updated_at") == NULL)
    g_string_append (sql, "updated_at = " NOW_SQL ", ");
  g_string_truncate (sql, sql->len - 2);
  g_string_append_printf (sql, " WHERE id = ?%u", n + 1);

  stmt = concord_workbook_prepare (self, sql->str, error);
  if (stmt != NULL)
    {
      for (guint i = 0; i < n; i++)
        bind_variant (stmt, i + 1, concord_fields_get_value (fields, i));
      sqlite3_bind_int64 (stmt, n + 1, id);

      ok = concord_workbook_step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0)
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                       "That record is no longer in the workbook (%s %" G_GINT64_FORMAT ").",
                       table, id);
          ok = FALSE;
        }
    }

  return finish_own_edit (self, own, ok, error);
}

gboolean
concord_workbook_delete (ConcordWorkbook  *self,
                         const char       *table,
                         gint64            id,
                         GError          **error)
{
  return concord_workbook_delete_as (self, "Delete", table, id, error);
}

gboolean
concord_workbook_delete_as (ConcordWorkbook  *self,
                            const char       *label,
                            const char       *table,
                            gint64            id,
                            GError          **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean own;
  gboolean ok = FALSE;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  if (!check_table (self, table, error))
    return FALSE;

  own = !concord_workbook_in_edit (self);
  if (own && !concord_workbook_begin (self, label, error))
    return FALSE;

  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table);
  stmt = concord_workbook_prepare (self, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = concord_workbook_step_done (self, stmt, error);
    }

  return finish_own_edit (self, own, ok, error);
}

gboolean
concord_workbook_set_meta (ConcordWorkbook  *self,
                           const char       *key,
                           const char       *value,
                           GError          **error)
{
  static const char sql[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  sqlite3_stmt *stmt;
  gboolean own;
  gboolean ok = FALSE;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  own = !concord_workbook_in_edit (self);
  if (own && !concord_workbook_begin (self, "Change workbook setting", error))
    return FALSE;

  stmt = concord_workbook_prepare (self, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
      ok = concord_workbook_step_done (self, stmt, error);
    }

  return finish_own_edit (self, own, ok, error);
}

char *
concord_workbook_dup_meta (ConcordWorkbook *self,
                           const char      *key)
{
  static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = concord_workbook_prepare (self, sql, NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

/* Bulk edits ------------------------------------------------------------ */

/* FTS5 flushes its index at the end of every statement, so a trigger
 * that indexes one row per INSERT writes a segment per row. During a bulk
 * edit the index triggers are swapped for temporary ones that only note
 * which accounts changed; resuming indexes exactly those in one
 * statement. All of it is DDL inside the edit's transaction, so a
 * rollback or a crash puts the triggers back. */
static const char dirty_sql[] =
  "CREATE TEMP TABLE IF NOT EXISTS concord_fts_dirty (id INTEGER PRIMARY KEY);"
  "CREATE TEMP TRIGGER concord_dirty_ai AFTER INSERT ON main.accounts BEGIN"
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.id); END;"
  "CREATE TEMP TRIGGER concord_dirty_au AFTER UPDATE OF name, domain, industry, notes ON main.accounts BEGIN"
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.id); END;"
  "CREATE TEMP TRIGGER concord_dirty_ad AFTER DELETE ON main.accounts BEGIN"
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (OLD.id); END;"
  "CREATE TEMP TRIGGER concord_dirty_ci AFTER INSERT ON main.contacts BEGIN"
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.account_id); END;"
  "CREATE TEMP TRIGGER concord_dirty_cu AFTER UPDATE OF name, title, account_id ON main.contacts BEGIN"
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (OLD.account_id);"
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.account_id); END;"
  "CREATE TEMP TRIGGER concord_dirty_cd AFTER DELETE ON main.contacts BEGIN"
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (OLD.account_id); END;";

static const char reindex_sql[] =
  "DELETE FROM accounts_fts WHERE rowid IN (SELECT id FROM temp.concord_fts_dirty);"
  "INSERT INTO accounts_fts (rowid, name, domain, industry, notes, contacts)"
  "  SELECT a.id, a.name, a.domain, a.industry, a.notes,"
  "         (SELECT group_concat (c.name || ' ' || ifnull (c.title, ''), ' ')"
  "            FROM contacts c WHERE c.account_id = a.id)"
  "    FROM accounts a WHERE a.id IN (SELECT id FROM temp.concord_fts_dirty);"
  "DROP TRIGGER temp.concord_dirty_ai; DROP TRIGGER temp.concord_dirty_au;"
  "DROP TRIGGER temp.concord_dirty_ad; DROP TRIGGER temp.concord_dirty_ci;"
  "DROP TRIGGER temp.concord_dirty_cu; DROP TRIGGER temp.concord_dirty_cd;"
  "DELETE FROM temp.concord_fts_dirty;";

/* The names of the triggers SEARCH_TRIGGERS_RESOURCE creates, read from
 * that compiled-in text: each of its statements starts with
 * "CREATE TRIGGER name". */
static GStrv
search_trigger_names (const char *sql)
{
  static const char prefix[] = "CREATE TRIGGER ";
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) lines = g_strsplit (sql, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        const char *start = lines[i] + strlen (prefix);
        g_autofree char *name = g_strndup (start, strcspn (start, " "));

        g_strv_builder_add (names, name);
      }

  return g_strv_builder_end (names);
}

/* Needs an open transaction. Only SQL compiled into Concord runs here:
 * a trigger's text stored in the file is never read back. */
static gboolean
suspend_index (ConcordWorkbook  *self,
               GError          **error)
{
  g_autofree char *triggers = NULL;
  g_auto(GStrv) names = NULL;

  if (self->bulk_depth++ > 0)
    return TRUE;

  if ((triggers = resource_sql (SEARCH_TRIGGERS_RESOURCE, error)) == NULL ||
      !concord_workbook_exec (self, dirty_sql, error))
    goto fail;

  names = search_trigger_names (triggers);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER main.\"%s\"", names[i]);

      if (!concord_workbook_exec (self, drop, error))
        goto fail;
    }

  return TRUE;

fail:
  self->bulk_depth = 0;
  return FALSE;
}

static gboolean
resume_index (ConcordWorkbook  *self,
              GError          **error)
{
  if (self->bulk_depth == 0 || --self->bulk_depth > 0)
    return TRUE;

  return concord_workbook_exec (self, reindex_sql, error) &&
         exec_resource (self, SEARCH_TRIGGERS_RESOURCE, error);
}

/**
 * concord_workbook_begin_bulk:
 *
 * Inside an edit that writes many accounts or contacts: the search index
 * is brought up to date once, at concord_workbook_end_bulk() (or at the
 * commit), instead of row by row. Pairs nest; a rollback undoes it with
 * the rest.
 */
gboolean
concord_workbook_begin_bulk (ConcordWorkbook  *self,
                             GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (self->edit_depth > 0, FALSE);

  return suspend_index (self, error);
}

gboolean
concord_workbook_end_bulk (ConcordWorkbook  *self,
                           GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return resume_index (self, error);
}

/* Undo and redo of a step touching this many search rows replay in bulk. */
#define BULK_REPLAY_ROWS 256

static guint
changeset_search_rows (GBytes *changeset)
{
  sqlite3_changeset_iter *iter = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (changeset, &size);
  guint n = 0;

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    return 0;

  while (n < BULK_REPLAY_ROWS && sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_columns, op, indirect;

      if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) == SQLITE_OK &&
          (g_str_equal (table, "accounts") || g_str_equal (table, "contacts")))
        n++;
    }
  sqlite3changeset_finalize (iter);

  return n;
}

/* History ------------------------------------------------------------------ */

gboolean
concord_workbook_can_undo (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return !self->read_only && self->undo_stack->len > 0;
}

gboolean
concord_workbook_can_redo (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return !self->read_only && self->redo_stack->len > 0;
}

static const char *
top_label (GPtrArray *stack)
{
  if (stack->len == 0)
    return NULL;

  return ((HistoryEntry *) g_ptr_array_index (stack, stack->len - 1))->label;
}

const char *
concord_workbook_get_undo_label (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return top_label (self->undo_stack);
}

const char *
concord_workbook_get_redo_label (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return top_label (self->redo_stack);
}

/* What a step found changed by someone else; the first such row is named. */
typedef enum
{
  OUTSIDE_NONE,
  OUTSIDE_CHANGED,   /* the row differs from what the step left */
  OUTSIDE_DELETED,   /* the row the step changed is gone */
  OUTSIDE_TAKEN,     /* another row holds the place the step restores */
  OUTSIDE_RELATED,   /* a row the step refers to, or a unique value, changed */
} OutsideKind;

typedef struct
{
  ConcordWorkbook *self;
  OutsideKind      kind;
  char            *table;
  char            *name;
} ApplyContext;

static const struct
{
  const char *table;
  const char *noun;
} record_nouns[] = {
  { "teams", N_("team") },
  { "people", N_("person") },
  { "accounts", N_("account") },
  { "account_stage_changes", N_("stage change of an account") },
  { "contacts", N_("contact") },
  { "touches", N_("touch") },
  { "plans", N_("plan") },
  { "plan_kpis", N_("KPI") },
  { "plan_budget_lines", N_("budget line") },
  { "plan_milestones", N_("milestone") },
  { "plan_accounts", N_("account of a plan") },
  { "processes", N_("process") },
  { "process_stages", N_("stage") },
  { "glossary_terms", N_("glossary term") },
  { "engagement_rules", N_("rule of engagement") },
  { "role_maps", N_("role map") },
  { "role_map_roles", N_("role") },
  { "role_map_activities", N_("activity") },
  { "role_map_assignments", N_("assignment") },
  { "maturity_dimensions", N_("maturity dimension") },
  { "maturity_statements", N_("maturity statement") },
  { "assessments", N_("assessment") },
  { "assessment_answers", N_("assessment answer") },
  { "maturity_targets", N_("maturity target") },
  { "initiatives", N_("initiative") },
  { "meta", N_("workbook setting") },
};

static const char *
record_noun (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (record_nouns); i++)
    if (g_str_equal (record_nouns[i].table, table))
      return _(record_nouns[i].noun);

  return _("record");
}

static gboolean
values_equal (sqlite3_value *a,
              sqlite3_value *b)
{
  int type = sqlite3_value_type (a);

  if (type != sqlite3_value_type (b))
    return FALSE;

  switch (type)
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_INTEGER:
      return sqlite3_value_int64 (a) == sqlite3_value_int64 (b);
    case SQLITE_FLOAT:
      return sqlite3_value_double (a) == sqlite3_value_double (b);
    default:
      return sqlite3_value_bytes (a) == sqlite3_value_bytes (b) &&
             memcmp (sqlite3_value_blob (a), sqlite3_value_blob (b), sqlite3_value_bytes (a)) == 0;
    }
}

/* The row in the file already holds every value the change would write. */
static gboolean
row_has_new_values (sqlite3_changeset_iter *iter,
                    int                     n_columns)
{
  for (int i = 0; i < n_columns; i++)
    {
      sqlite3_value *wanted = NULL;
      sqlite3_value *current = NULL;

      if (sqlite3changeset_new (iter, i, &wanted) != SQLITE_OK ||
          sqlite3changeset_conflict (iter, i, &current) != SQLITE_OK)
        return FALSE;
      if (wanted != NULL && (current == NULL || !values_equal (wanted, current)))
        return FALSE;
    }

  return TRUE;
}

/* Someone wrote the row after the step: a value the step recorded now
 * differs. A value that became NULL is what an ON DELETE SET NULL of the
 * step's own rows leaves, and an edit by any Concord also changes
 * updated_at, so NULLs alone are the step's own cascade. */
static gboolean
row_changed_outside (sqlite3_changeset_iter *iter,
                     int                     n_columns)
{
  for (int i = 0; i < n_columns; i++)
    {
      sqlite3_value *recorded = NULL;
      sqlite3_value *current = NULL;

      if (sqlite3changeset_old (iter, i, &recorded) != SQLITE_OK ||
          sqlite3changeset_conflict (iter, i, &current) != SQLITE_OK)
        return TRUE;
      if (recorded != NULL && current != NULL && !values_equal (recorded, current) &&
          sqlite3_value_type (current) != SQLITE_NULL)
        return TRUE;
    }

  return FALSE;
}

/* The row's name as a user knows it, from whichever values @iter has. */
static char *
conflict_row_name (ConcordWorkbook        *self,
                   sqlite3_changeset_iter *iter,
                   const char             *table,
                   int                     conflict)
{
  const char * const *columns = g_hash_table_lookup (self->columns, table);
  const char *candidates[] = { "name", "title", "term", "key" };

  for (guint c = 0; columns != NULL && c < G_N_ELEMENTS (candidates); c++)
    for (int i = 0; columns[i] != NULL; i++)
      {
        sqlite3_value *value = NULL;

        if (!g_str_equal (columns[i], candidates[c]))
          continue;

        if ((conflict == SQLITE_CHANGESET_DATA || conflict == SQLITE_CHANGESET_CONFLICT) &&
            sqlite3changeset_conflict (iter, i, &value) == SQLITE_OK && value != NULL &&
            sqlite3_value_type (value) == SQLITE_TEXT)
          return g_strdup ((const char *) sqlite3_value_text (value));
        if (sqlite3changeset_old (iter, i, &value) == SQLITE_OK && value != NULL &&
            sqlite3_value_type (value) == SQLITE_TEXT)
          return g_strdup ((const char *) sqlite3_value_text (value));
        if (sqlite3changeset_new (iter, i, &value) == SQLITE_OK && value != NULL &&
            sqlite3_value_type (value) == SQLITE_TEXT)
          return g_strdup ((const char *) sqlite3_value_text (value));
      }

  return NULL;
}

static int
refuse_conflict (ApplyContext           *context,
                 OutsideKind             kind,
                 sqlite3_changeset_iter *iter,
                 const char             *table,
                 int                     conflict)
{
  if (context->kind == OUTSIDE_NONE)
    {
      context->kind = kind;
      context->table = g_strdup (table);
      context->name = iter != NULL ? conflict_row_name (context->self, iter, table, conflict) : NULL;
    }

  return SQLITE_CHANGESET_ABORT;
}

static int
apply_conflict (void                   *user_data,
                int                     conflict,
                sqlite3_changeset_iter *iter)
{
  ApplyContext *context = user_data;
  const char *table = NULL;
  int n_columns = 0;
  int op = 0;
  int indirect = 0;

  /* A foreign key check runs after the last change, on no row. */
  if (conflict == SQLITE_CHANGESET_FOREIGN_KEY)
    return refuse_conflict (context, OUTSIDE_RELATED, NULL, "", conflict);

  if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) != SQLITE_OK)
    return SQLITE_CHANGESET_ABORT;

  switch (conflict)
    {
    case SQLITE_CHANGESET_NOTFOUND:
      /* A row to delete is already gone (for example by a cascade the step
       * itself set off): nothing is lost. A row to update is gone. */
      if (op == SQLITE_DELETE)
        return SQLITE_CHANGESET_OMIT;
      return refuse_conflict (context, OUTSIDE_DELETED, iter, table, conflict);

    case SQLITE_CHANGESET_DATA:
      if (op == SQLITE_UPDATE && row_has_new_values (iter, n_columns))
        return SQLITE_CHANGESET_OMIT;
      /* Only the step's own cascade wrote the row: the step's value wins. */
      if (!row_changed_outside (iter, n_columns))
        return SQLITE_CHANGESET_REPLACE;
      return refuse_conflict (context, OUTSIDE_CHANGED, iter, table, conflict);

    case SQLITE_CHANGESET_CONFLICT:
      if (row_has_new_values (iter, n_columns))
        return SQLITE_CHANGESET_OMIT;
      return refuse_conflict (context, OUTSIDE_TAKEN, iter, table, conflict);

    default:
      return refuse_conflict (context, OUTSIDE_RELATED, iter, table, conflict);
    }
}

static void
set_outside_error (ApplyContext  *context,
                   gboolean       undo,
                   GError       **error)
{
  const char *noun = context->table != NULL ? record_noun (context->table) : _("record");
  const char *advice = undo
    ? _("Undoing it would overwrite that change, so nothing was undone; the step stays in the history.")
    : _("Redoing it would overwrite that change, so nothing was redone; the step stays in the history.");
  g_autofree char *what = NULL;

  switch (context->kind)
    {
    case OUTSIDE_CHANGED:
      what = context->name != NULL
        ? g_strdup_printf (_("The %s “%s” was changed outside this window."), noun, context->name)
        : g_strdup_printf (_("A %s was changed outside this window."), noun);
      break;

    case OUTSIDE_DELETED:
      what = context->name != NULL
        ? g_strdup_printf (_("The %s “%s” was deleted outside this window."), noun, context->name)
        : g_strdup_printf (_("A %s this step changed was deleted outside this window."), noun);
      break;

    case OUTSIDE_TAKEN:
      what = context->name != NULL
        ? g_strdup_printf (_("A %s “%s” was added outside this window where this step puts one back."),
                           noun, context->name)
        : g_strdup_printf (_("A %s was added outside this window where this step puts one back."), noun);
      break;

    default:
      what = g_strdup (_("Records this step refers to were changed or deleted outside this window."));
      break;
    }

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CHANGED_OUTSIDE, "%s %s", what, advice);
}

/* The changeset's filter and conflict handler share one context. */
static int
replay_filter (void       *data,
               const char *table)
{
  ApplyContext *context = data;

  return concord_versions_replay_filter (context->self, table);
}

static gboolean
apply_changeset (ConcordWorkbook  *self,
                 GBytes           *changeset,
                 gboolean          undo,
                 GError          **error)
{
  ApplyContext context = { self, OUTSIDE_NONE, NULL, NULL };
  gsize size;
  gconstpointer data = g_bytes_get_data (changeset, &size);
  gboolean bulk;
  int rc;

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      concord_workbook_set_error (self, rc, error, "Could not start undoing");
      return FALSE;
    }

  bulk = changeset_search_rows (changeset) >= BULK_REPLAY_ROWS;
  if (bulk && !suspend_index (self, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  /* Versions: an edit's replay gets new dots, a merge's is exact. */
  concord_versions_replay_begin (self, changeset);
  rc = sqlite3changeset_apply (self->db, (int) size, (void *) data,
                               replay_filter, apply_conflict, &context);
  if (rc == SQLITE_OK)
    rc = concord_versions_replay_end (self, changeset);
  if (rc == SQLITE_OK && bulk && !resume_index (self, NULL))
    rc = SQLITE_ERROR;
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      if (context.kind != OUTSIDE_NONE || (rc & 0xff) == SQLITE_ABORT || (rc & 0xff) == SQLITE_CONSTRAINT)
        set_outside_error (&context, undo, error);
      else
        concord_workbook_set_error (self, rc, error, "Could not replay the change");
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->bulk_depth = 0;
    }

  g_free (context.table);
  g_free (context.name);

  return rc == SQLITE_OK;
}

static gboolean
step_history (ConcordWorkbook  *self,
              GPtrArray        *from,
              GPtrArray        *to,
              gboolean          invert,
              GError          **error)
{
  g_autoptr(GBytes) changeset = NULL;
  HistoryEntry *entry;
  gboolean could_undo, could_redo;

  if (!refuse_if_read_only (self, error))
    return FALSE;

  if (self->edit_depth > 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                   "Finish the current change before undoing or redoing.");
      return FALSE;
    }

  if (!refuse_if_replaced (self, error))
    return FALSE;

  if (from->len == 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                   invert ? "There is nothing to undo." : "There is nothing to redo.");
      return FALSE;
    }

  entry = g_ptr_array_index (from, from->len - 1);

  if (invert)
    {
      void *data = NULL;
      int size = 0;
      gsize in_size;
      gconstpointer in_data = g_bytes_get_data (entry->changeset, &in_size);
      int rc = sqlite3changeset_invert ((int) in_size, in_data, &size, &data);

      if (rc != SQLITE_OK)
        {
          concord_workbook_set_error (self, rc, error, "Could not undo");
          return FALSE;
        }
      changeset = g_bytes_new_with_free_func (data, size, sqlite3_free, data);
    }
  else
    {
      changeset = g_bytes_ref (entry->changeset);
    }

  if (!apply_changeset (self, changeset, invert, error))
    return FALSE;

  could_undo = concord_workbook_can_undo (self);
  could_redo = concord_workbook_can_redo (self);

  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));

  notify_history (self, could_undo, could_redo);
  emit_changes (self, changeset);

  return TRUE;
}

gboolean
concord_workbook_undo (ConcordWorkbook  *self,
                       GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return step_history (self, self->undo_stack, self->redo_stack, TRUE, error);
}

gboolean
concord_workbook_redo (ConcordWorkbook  *self,
                       GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return step_history (self, self->redo_stack, self->undo_stack, FALSE, error);
}

/**
 * concord_workbook_notice_outside_changes:
 * @self: a workbook
 *
 * Looks whether another program or connection has written the file since
 * the last call (SQLite's data_version). When it has, emits ::changed for
 * every table, so that lists, editors and the dashboard read again. The
 * first call only takes note. Cheap enough for a timer.
 *
 * Returns: whether someone else wrote the workbook
 */
gboolean
concord_workbook_notice_outside_changes (ConcordWorkbook *self)
{
  sqlite3_stmt *stmt;
  gint64 version;
  gboolean changed;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  if (self->db == NULL || self->edit_depth > 0)
    return FALSE;

  stmt = concord_workbook_prepare (self, "PRAGMA data_version", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  changed = self->data_version != 0 && version != self->data_version;
  self->data_version = version;

  for (guint i = 0; changed && self->tables != NULL && self->tables[i] != NULL; i++)
    concord_workbook_emit_changed (self, self->tables[i]);

  return changed;
}

void
concord_workbook_clear_history (ConcordWorkbook *self)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  could_undo = concord_workbook_can_undo (self);
  could_redo = concord_workbook_can_redo (self);
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  notify_history (self, could_undo, could_redo);
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

  if (!check_table (self, table, error))
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
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                 "That record is no longer in the workbook (%s %" G_GINT64_FORMAT ").",
                 table, id);
  else
    concord_workbook_set_error (self, rc, error, "Could not read a record");
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
                   "Choose another file than the open workbook for the copy.");
      return FALSE;
    }

  if (g_file_test (target, G_FILE_TEST_EXISTS) && g_remove (target) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                   "Could not replace “%s”: %s", target, g_strerror (saved_errno));
      return FALSE;
    }

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
                   "Could not save a copy to “%s”: %s", target, sqlite3_errmsg (self->db));
      return FALSE;
    }

  return TRUE;
}
