/* concord-migrations.c: the schema, checked and upgraded from resources
 *
 * Every schema object comes from a resource listed in
 * concord-migrations-list.h: the schema check compares a file with what
 * they create on an empty database (written down at build time, see
 * concord-reference-gen.c), and an older file is upgraded by the steps
 * it lacks.
 */
#define G_LOG_DOMAIN "concord-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "concord-file-check-private.h"
#include "concord-reference-schema.h"
#include "concord-store-private.h"
#include "concord-versions.h"

#define DEFAULTS_RESOURCE "/io/github/concordplan/Concord/core/concord-defaults.sql"

gboolean
concord_migrations_exec_resource (ConcordWorkbook  *self,
                                  const char       *resource,
                                  GError          **error)
{
  g_autofree char *sql = concord_migrations_resource_sql (resource, error);

  return sql != NULL && concord_workbook_exec (self, sql, error);
}

G_STATIC_ASSERT (G_N_ELEMENTS (concord_reference_schemas) == CONCORD_SCHEMA_VERSION + 1);

/* The schemas built in this process, when its SQLite is not the one
 * that built the header's: each on first use, then kept. */
static GMutex         reference_lock;
static ConcordSchema *built_references[CONCORD_SCHEMA_VERSION + 1];

/* The schema our migrations create for @version, as the build wrote it
 * down (concord-reference-gen.c). */
const ConcordSchema *
concord_migrations_compiled_reference (int version)
{
  g_return_val_if_fail (version >= 0 && version <= CONCORD_SCHEMA_VERSION, NULL);

  return &concord_reference_schemas[version];
}

/**
 * concord_migrations_reference:
 * @version: a schema version this Concord knows
 *
 * What a file of @version must have, object for object: the schema our
 * migrations create on an empty database. The build wrote it down with
 * the SQLite it ran; another SQLite may store the text of a table that
 * ALTER TABLE changed otherwise, so a process running another one builds
 * the schema itself by running the migrations, once per version.
 *
 * Returns: (transfer none) (nullable): the schema, kept for the life of
 *   the process
 */
const ConcordSchema *
concord_migrations_reference (int      version,
                              GError **error)
{
  ConcordSchema *schema;

  g_return_val_if_fail (version >= 0 && version <= CONCORD_SCHEMA_VERSION, NULL);

  if (g_str_equal (sqlite3_sourceid (), CONCORD_REFERENCE_SQLITE_SOURCE_ID))
    return concord_migrations_compiled_reference (version);

  g_mutex_lock (&reference_lock);
  if (built_references[version] == NULL)
    {
      sqlite3 *db = concord_workbook_open_reference_schema (version, error);
      int rc = SQLITE_OK;

      if (db != NULL)
        {
          built_references[version] = concord_file_schema_read (db, &rc);
          if (built_references[version] == NULL)
            g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                         _("Could not build the schema %d of this Concord: %s"),
                         version, sqlite3_errstr (rc));
          sqlite3_close (db);
        }
    }
  schema = built_references[version];
  g_mutex_unlock (&reference_lock);

  return schema;
}

/* Before anything reads or writes a user table. */
gboolean
concord_migrations_check_schema (ConcordWorkbook  *self,
                                 GError          **error)
{
  int version = self->schema_version;
  const ConcordSchema *reference;

  /* check_identity refused every version this Concord does not know. */
  g_return_val_if_fail (version >= 0 && version <= CONCORD_SCHEMA_VERSION, FALSE);

  reference = concord_migrations_reference (version, error);

  return reference != NULL &&
         concord_file_check_schema (self->db, reference, self->path, version, error);
}

gboolean
concord_migrations_run (ConcordWorkbook  *self,
                        int               from_version,
                        GError          **error)
{
  g_autofree char *pragma = NULL;
  const ConcordMigration *migrations;
  guint n_migrations;

  if (!concord_workbook_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  migrations = concord_migrations_list (&n_migrations);
  for (guint i = 0; i < n_migrations; i++)
    {
      if (migrations[i].version <= from_version)
        continue;

      if (!concord_migrations_exec_resource (self, migrations[i].resource, error) ||
          (migrations[i].then != NULL && !concord_migrations_exec_resource (self, migrations[i].then, error)))
        {
          g_prefix_error (error, _("Could not upgrade the workbook to schema %d: "),
                          migrations[i].version);
          goto fail;
        }
    }

  /* A new workbook starts with the teams and the maturity statements,
   * versioned as what every workbook started from. */
  if (from_version == 0 &&
      (!concord_migrations_exec_resource (self, DEFAULTS_RESOURCE, error) ||
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

gboolean
concord_migrations_backup (ConcordWorkbook  *self,
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
                                  _("Could not back up the workbook before upgrading it"));
      return FALSE;
    }

  return TRUE;
}

/* Plain indexes during bulk inserts ---------------------------------------- */

/* The CREATE INDEX text of @table's plain indexes (not UNIQUE ones, which
 * check rows as they come, and not the primary key's) as this Concord's
 * own migrations write them for @version: the file was checked against
 * the same schema when it was opened, so dropping and re-creating them
 * leaves it as it was. Nothing of the file's own schema text is run. */
static GPtrArray *
schema_indexes (int          version,
                const char  *table,
                GError     **error)
{
  static const char sql[] =
    "SELECT s.sql FROM pragma_index_list (?1) AS l JOIN sqlite_schema AS s ON s.name = l.name "
    "WHERE l.\"unique\" = 0 AND l.origin = 'c' AND s.sql IS NOT NULL ORDER BY l.name";
  static GMutex lock;
  static GHashTable *cache = NULL;  /* "version\037table" -> GPtrArray of utf8 */
  g_autofree char *key = g_strdup_printf ("%d\037%s", version, table);
  GPtrArray *indexes;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  indexes = g_hash_table_lookup (cache, key);
  if (indexes == NULL)
    {
      sqlite3 *db = concord_workbook_open_reference_schema (version, error);
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (db == NULL)
        {
          g_mutex_unlock (&lock);
          return NULL;
        }
      indexes = g_ptr_array_new_with_free_func (g_free);
      rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            g_ptr_array_add (indexes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        }
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      if (rc != SQLITE_DONE)
        {
          g_ptr_array_unref (indexes);
          g_mutex_unlock (&lock);
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                       _("Could not read the indexes of this Concord’s schema: %s"), sqlite3_errstr (rc));
          return NULL;
        }
      g_hash_table_insert (cache, g_strdup (key), indexes);
    }
  g_ptr_array_ref (indexes);
  g_mutex_unlock (&lock);

  return indexes;
}

/* The name a CREATE INDEX text gives its index: "CREATE INDEX name ON". */
static char *
index_name (const char *create)
{
  static const char prefix[] = "CREATE INDEX ";
  const char *start;

  if (!g_str_has_prefix (create, prefix))
    return NULL;
  start = create + strlen (prefix);

  return g_strndup (start, strcspn (start, " ("));
}

/**
 * concord_workbook_set_cache_size:
 * @size: SQLite's cache_size: pages if positive, KiB if negative; 0
 *   leaves the cache as it is
 *
 * For a large import, which writes many index pages in turn: SQLite's
 * default cache (2 MB) would spill and read them back from the WAL again
 * and again. Returns the size before, to put back when the import ends
 * (0 when it could not be read).
 */
gint64
concord_workbook_set_cache_size (ConcordWorkbook *self,
                                 gint64           size)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (self, "PRAGMA cache_size", NULL);
  gint64 before = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    before = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  if (size != 0 && before != 0)
    {
      /* A number of our own or read back from SQLite, never a file's. */
      g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, size);

      concord_workbook_exec (self, sql, NULL);
    }

  return before;
}

/**
 * concord_workbook_drop_plain_indexes:
 * @table: a table of the schema
 * @dropped: gets the CREATE INDEX text of each index dropped
 *
 * Inside an edit, before adding many rows to @table: takes its plain
 * indexes off, so each is built once by concord_workbook_create_indexes()
 * after the rows instead of searched once per row. A rollback puts them
 * back with everything else.
 */
gboolean
concord_workbook_drop_plain_indexes (ConcordWorkbook  *self,
                                     const char       *table,
                                     GPtrArray        *dropped,
                                     GError          **error)
{
  g_autoptr(GPtrArray) indexes = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (concord_workbook_in_edit (self), FALSE);

  indexes = schema_indexes (concord_workbook_get_schema_version (self), table, error);
  if (indexes == NULL)
    return FALSE;

  for (guint i = 0; i < indexes->len; i++)
    {
      const char *create = g_ptr_array_index (indexes, i);
      g_autofree char *name = index_name (create);
      g_autofree char *drop = NULL;

      if (name == NULL)
        continue;
      /* A name from our own schema, not from the file. */
      drop = g_strdup_printf ("DROP INDEX main.\"%s\"", name);
      if (!concord_workbook_exec (self, drop, error))
        return FALSE;
      g_ptr_array_add (dropped, g_strdup (create));
    }

  return TRUE;
}

/**
 * concord_workbook_create_indexes:
 * @creates: CREATE INDEX texts from concord_workbook_drop_plain_indexes()
 *
 * Builds again, in the same edit, the indexes taken off.
 */
gboolean
concord_workbook_create_indexes (ConcordWorkbook  *self,
                                 GPtrArray        *creates,
                                 GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  for (guint i = 0; i < creates->len; i++)
    if (!concord_workbook_exec (self, g_ptr_array_index (creates, i), error))
      return FALSE;

  return TRUE;
}
