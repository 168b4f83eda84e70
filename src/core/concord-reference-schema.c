/* concord-reference-schema.c: the schema our migrations create, built by
 * running them
 *
 * Also compiled into concord-reference-gen, the build-time tool that
 * writes that schema down for the schema check, so the check compares a
 * file with what these functions build from these resources.
 */
#define G_LOG_DOMAIN "concord-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "concord-store-private.h"

/* SQL compiled into Concord. */
char *
concord_migrations_resource_sql (const char  *resource,
                                 GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  bytes = g_resources_lookup_data (resource, 0, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                   _("This build of Concord is missing %s: %s"), resource, local_error->message);
      return NULL;
    }

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
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
  const ConcordMigration *migrations;
  guint n_migrations;
  sqlite3 *db = NULL;
  int rc;

  migrations = concord_migrations_list (&n_migrations);
  rc = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < n_migrations; i++)
    {
      const char *steps[] = { migrations[i].resource, migrations[i].then };

      if (migrations[i].version > version)
        break;

      for (guint j = 0; rc == SQLITE_OK && j < G_N_ELEMENTS (steps); j++)
        {
          g_autofree char *sql = NULL;

          if (steps[j] == NULL)
            continue;
          if ((sql = concord_migrations_resource_sql (steps[j], error)) == NULL)
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
                   _("Could not build the schema %d of this Concord: %s"),
                   version, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  return db;
}
