/* concord-recover.c: the records of a refused workbook, in a clean one
 *
 * A workbook refused for a schema Concord did not create, or for a log
 * beside it that is not its own, still holds the user's records. They
 * are read from a private copy, on a connection that trusts nothing of
 * the file's schema, by SELECTs of plain columns of the tables our own
 * schema has, and written into a new workbook through its constraints.
 * No trigger or view of the file runs; what is left out is reported.
 */
#define G_LOG_DOMAIN "concord-recover"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "concord-file-check-private.h"
#include "concord-recover.h"
#include "concord-workbook.h"

typedef struct
{
  sqlite3         *db;        /* the private copy */
  ConcordWorkbook *workbook;  /* the new workbook */
  GStrvBuilder    *report;
  guint            n_records;
  gboolean         complete;  /* no row of the file was left out */
} Recovery;

static void
report (Recovery   *self,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
report (Recovery   *self,
        const char *format,
        ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_strv_builder_add (self->report, line);
}

static gboolean
open_copy (Recovery    *self,
           const char  *source,
           const char  *copy,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 application_id = -1, version = -1;
  int rc;

  rc = sqlite3_open_v2 (copy, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
      rc = sqlite3_prepare_v2 (self->db, "SELECT application_id, user_version "
                                         "FROM pragma_application_id, pragma_user_version",
                               -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      application_id = sqlite3_column_int64 (stmt, 0);
      version = sqlite3_column_int64 (stmt, 1);
    }

  if (application_id < 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CORRUPT,
                   _("Could not read “%s”: %s. Nothing was recovered."),
                   source, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  if (application_id != CONCORD_APPLICATION_ID)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_WORKBOOK,
                   _("“%s” is not a Concord workbook, so it has no records to recover."), source);
      return FALSE;
    }

  if (version > CONCORD_SCHEMA_VERSION)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer Concord (schema %" PRId64 "); "
                     "update Concord to recover its records."), source, version);
      return FALSE;
    }

  return TRUE;
}

/* Tells what of the file's schema is not ours, and so was not copied. */
static void
report_schema (Recovery *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;
  const ConcordSchema *reference;
  gint64 version = 0;
  int rc = SQLITE_OK;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  reference = concord_migrations_reference ((int) version, &error);
  if (reference == NULL)
    {
      report (self, "%s", error->message);
      return;
    }

  problems = concord_file_schema_differences (self->db, reference, &rc);

  if (problems == NULL)
    report (self, _("The list of tables cannot be read (%s)."), sqlite3_errstr (rc));
  else if (*problems != '\0')
    report (self, _("Not copied, as Concord did not create them: %s."), problems);
}

/* The plain columns (no generated or hidden ones) that the file's table
 * @table and ours both have, or NULL when the file has no such plain
 * table. */
static GPtrArray *
shared_columns (Recovery   *self,
                const char *table)
{
  g_autoptr(sqlite3_stmt) kind = NULL;
  g_autoptr(sqlite3_stmt) info = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  const char * const *ours = concord_workbook_get_columns (self->workbook, table);
  const char *sql;

  if (sqlite3_prepare_v2 (self->db, "SELECT sql FROM main.sqlite_schema "
                                    "WHERE type = 'table' AND name = ?1",
                          -1, &kind, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (kind, 1, table, -1, SQLITE_STATIC);
  if (sqlite3_step (kind) != SQLITE_ROW ||
      (sql = (const char *) sqlite3_column_text (kind, 0)) == NULL ||
      !g_str_has_prefix (sql, "CREATE TABLE "))
    return NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT name FROM pragma_table_xinfo (?1) WHERE hidden = 0",
                          -1, &info, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (info, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (info) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (info, 0);

      if (name != NULL && g_strv_contains (ours, name))
        g_ptr_array_add (columns, g_strdup (name));
    }

  return columns->len > 0 ? g_steal_pointer (&columns) : NULL;
}

/* "col", "col2" or ?1, ?2: identifiers here are the names of our own
 * columns. */
static char *
column_list (GPtrArray *columns,
             gboolean   parameters)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      if (parameters)
        g_string_append_printf (out, "?%u", i + 1);
      else
        g_string_append_printf (out, "\"%s\"", (const char *) g_ptr_array_index (columns, i));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
copy_table (Recovery    *self,
            const char  *table,
            GError     **error)
{
  g_autoptr(GPtrArray) columns = shared_columns (self, table);
  g_autofree char *names = NULL;
  g_autofree char *values = NULL;
  g_autofree char *select_sql = NULL;
  g_autofree char *insert_sql = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  sqlite3_stmt *insert;
  sqlite3 *target = concord_workbook_get_db (self->workbook);
  gboolean is_meta = g_str_equal (table, "meta");
  guint uuid_column = G_MAXUINT;
  guint row = 0;
  int rc;

  if (columns == NULL)
    {
      self->complete = FALSE;
      report (self, _("Table “%s” is missing or is not a plain table: none of its rows were read."),
              table);
      return TRUE;
    }

  names = column_list (columns, FALSE);
  values = column_list (columns, TRUE);
  /* The meta keys a workbook keeps for itself (meeting points with
   * peers, tombstones) belong to the file, not to its copy. */
  select_sql = g_strdup_printf ("SELECT %s FROM main.\"%s\"%s", names, table,
                                is_meta ? " WHERE key NOT LIKE 'sync.%' AND key NOT LIKE 'deleted.%'" : "");
  insert_sql = g_strdup_printf ("INSERT %s INTO \"%s\" (%s) VALUES (%s)",
                                is_meta ? "OR REPLACE" : "", table, names, values);

  rc = sqlite3_prepare_v2 (self->db, select_sql, -1, &select, NULL);
  if (rc != SQLITE_OK)
    {
      self->complete = FALSE;
      report (self, _("Table “%s” cannot be read (%s): none of its rows were copied."),
              table, sqlite3_errmsg (self->db));
      return TRUE;
    }
  if ((insert = concord_workbook_prepare (self->workbook, insert_sql, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < columns->len; i++)
    if (g_str_equal (g_ptr_array_index (columns, i), "uuid"))
      uuid_column = i;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *uuid;

      row++;
      for (guint i = 0; i < columns->len; i++)
        sqlite3_bind_value (insert, (int) i + 1, sqlite3_column_value (select, (int) i));

      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      if (rc == SQLITE_DONE)
        {
          self->n_records++;
          continue;
        }
      if ((rc & 0xff) != SQLITE_CONSTRAINT && (rc & 0xff) != SQLITE_MISMATCH &&
          (rc & 0xff) != SQLITE_TOOBIG)
        {
          concord_workbook_set_error (self->workbook, rc, error, _("Could not write the clean copy"));
          return FALSE;
        }

      uuid = uuid_column != G_MAXUINT ? (const char *) sqlite3_column_text (select, (int) uuid_column) : NULL;
      self->complete = FALSE;
      /* TRANSLATORS: a row left out of the clean copy and why */
      report (self, _("Row %u of “%s” (uuid %s) left out: %s."),
              row, table, uuid != NULL ? uuid : "-", sqlite3_errmsg (target));
    }

  if (rc != SQLITE_DONE)
    {
      self->complete = FALSE;
      report (self, _("Reading “%s” stopped early: %s."), table, sqlite3_errmsg (self->db));
    }

  return TRUE;
}

static gboolean
copy_records (Recovery    *self,
              GError     **error)
{
  const char * const *tables = concord_workbook_get_tables (self->workbook);
  guint n_tables = g_strv_length ((char **) tables);
  g_autoptr(ConcordEdit) edit = NULL;

  edit = concord_workbook_edit (self->workbook, _("Recover records"), error);
  if (edit == NULL || !concord_workbook_begin_bulk (self->workbook, error))
    return FALSE;

  /* A new workbook starts with teams and statements; the file's own
   * take their place. Children first. */
  for (guint i = n_tables; i-- > 0;)
    {
      g_autofree char *sql = NULL;

      if (g_str_equal (tables[i], "meta"))
        continue;
      sql = g_strdup_printf ("DELETE FROM \"%s\"", tables[i]);
      if (!concord_workbook_exec (self->workbook, sql, error))
        return FALSE;
    }

  /* In the order our schema creates them, parents before children. */
  for (guint i = 0; i < n_tables; i++)
    if (!copy_table (self, tables[i], error))
      return FALSE;

  if (!concord_workbook_end_bulk (self->workbook, error) ||
      !concord_edit_commit (edit, error))
    return FALSE;

  concord_workbook_clear_history (self->workbook);
  return TRUE;
}

/**
 * concord_recover:
 * @source: a workbook, typically one concord_workbook_open() refused
 * @target: where to create the clean copy; must not exist
 * @n_records: (out) (optional): how many records were copied
 * @complete: (out) (optional): %FALSE when rows of @source, or a log that
 *   may hold some, were left out
 * @dropped: (out) (optional): what was left out, one line each
 *
 * Reads the records of @source into a new workbook at @target without
 * running anything @source carries, and without changing it. A -wal or
 * -journal that does not belong to @source is left out; one that does
 * is read on a private copy.
 */
gboolean
concord_recover (const char  *source,
                 const char  *target,
                 guint       *n_records,
                 gboolean    *complete,
                 GStrv       *dropped,
                 GError     **error)
{
  Recovery self = { NULL, };
  g_autoptr(GError) log_error = NULL;
  g_autofree char *copy = NULL;
  gboolean has_logs = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (source != NULL && target != NULL, FALSE);

  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” already exists; choose a new file for the clean copy."), target);
      return FALSE;
    }

  self.report = g_strv_builder_new ();
  self.complete = TRUE;

  if (!concord_file_check_logs (source, &has_logs, &log_error))
    {
      if (!g_error_matches (log_error, CONCORD_ERROR, CONCORD_ERROR_FOREIGN_LOG))
        {
          g_propagate_error (error, g_steal_pointer (&log_error));
          g_strv_builder_unref (self.report);
          return FALSE;
        }
      self.complete = FALSE;
      report (&self, _("Not read: %s"), log_error->message);
    }

  if ((copy = concord_file_copy_private (source, error)) == NULL)
    {
      g_strv_builder_unref (self.report);
      return FALSE;
    }
  if (log_error != NULL)
    {
      g_autofree char *wal = g_strconcat (copy, "-wal", NULL);
      g_autofree char *journal = g_strconcat (copy, "-journal", NULL);

      g_remove (wal);
      g_remove (journal);
    }

  if (open_copy (&self, source, copy, error))
    {
      report_schema (&self);
      self.workbook = concord_workbook_open (target, CONCORD_OPEN_CREATE, error);
      ok = self.workbook != NULL && copy_records (&self, error);
    }

  g_clear_object (&self.workbook);
  if (!ok)
    concord_file_remove_with_logs (target);
  sqlite3_close (self.db);
  concord_file_remove_private (copy);

  if (ok && n_records != NULL)
    *n_records = self.n_records;
  if (ok && complete != NULL)
    *complete = self.complete;
  if (ok && dropped != NULL)
    *dropped = g_strv_builder_end (self.report);
  g_strv_builder_unref (self.report);

  return ok;
}
