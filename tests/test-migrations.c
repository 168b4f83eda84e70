/* test-migrations.c: the schema a file must have, as the build wrote it
 *
 * The schema check compares a file with rows written down at build time
 * (concord-reference-gen.c) instead of running every migration in each
 * process. Those rows must be exactly what the migrations create, and a
 * file one object away from them is still refused, unchanged.
 */
#include "config.h"

#include "concord-file-check-private.h"
#include "concord-test-util.h"

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const ConcordSchemaRow *x = *(const ConcordSchemaRow **) a;
  const ConcordSchemaRow *y = *(const ConcordSchemaRow **) b;
  int by_type = g_strcmp0 (x->type, y->type);

  return by_type != 0 ? by_type : g_strcmp0 (x->name, y->name);
}

/* The rows of @schema, one line each, in the order of type and name. */
static char *
schema_text (const ConcordSchema *schema)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < schema->n_rows; i++)
    g_ptr_array_add (rows, (gpointer) &schema->rows[i]);
  g_ptr_array_sort (rows, compare_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const ConcordSchemaRow *row = g_ptr_array_index (rows, i);

      g_string_append_printf (text, "%s|%s|%s|%s\n", row->type, row->name, row->tbl_name,
                              row->sql != NULL ? row->sql : "(null)");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* For every version: the rows compiled in are the rows the migrations
 * create when run now, object for object and byte for byte. */
static void
test_compiled_agrees (void)
{
  for (int version = 0; version <= CONCORD_SCHEMA_VERSION; version++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ConcordSchema) built = NULL;
      g_autofree char *built_text = NULL;
      g_autofree char *compiled_text = NULL;
      sqlite3 *db = concord_workbook_open_reference_schema (version, &error);
      int rc = SQLITE_OK;

      g_assert_no_error (error);
      built = concord_file_schema_read (db, &rc);
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      g_assert_nonnull (built);
      sqlite3_close (db);

      built_text = schema_text (built);
      compiled_text = schema_text (concord_migrations_compiled_reference (version));
      g_assert_cmpstr (compiled_text, ==, built_text);
      g_assert_cmpuint (concord_migrations_compiled_reference (version)->n_rows, ==, built->n_rows);
      if (version > 0)
        g_assert_cmpuint (built->n_rows, >, 0);
    }
}

/* With the SQLite the build ran, a check runs no migration: it compares
 * with the rows compiled in. */
static void
test_check_uses_compiled (void)
{
  g_autoptr(GError) error = NULL;

  for (int version = 0; version <= CONCORD_SCHEMA_VERSION; version++)
    {
      g_assert_true (concord_migrations_reference (version, &error) ==
                     concord_migrations_compiled_reference (version));
      g_assert_no_error (error);
    }
}

typedef struct
{
  int         version;
  const char *sql;
  const char *named;
} Difference;

/* One column, index or trigger away from what Concord creates. */
static const Difference differences[] = {
  { CONCORD_SCHEMA_VERSION, "ALTER TABLE accounts ADD COLUMN note TEXT", "changed table “accounts”" },
  { CONCORD_SCHEMA_VERSION, "DROP INDEX accounts_name", "missing index “accounts_name”" },
  { CONCORD_SCHEMA_VERSION, "DROP INDEX accounts_tier; CREATE INDEX accounts_tier ON accounts (tier DESC)",
    "changed index “accounts_tier”" },
  { CONCORD_SCHEMA_VERSION, "DROP TRIGGER accounts_fts_insert", "missing trigger “accounts_fts_insert”" },
  { CONCORD_SCHEMA_VERSION, "CREATE TRIGGER extra AFTER DELETE ON teams BEGIN SELECT 1; END",
    "extra trigger “extra”" },
  { 2, "ALTER TABLE people ADD COLUMN note TEXT", "changed table “people”" },
  { 3, "DROP INDEX accounts_domain", "missing index “accounts_domain”" },
  { 4, "DROP TRIGGER accounts_fts_update", "missing trigger “accounts_fts_update”" },
};

static void
test_one_difference_refused (void)
{
  g_autofree char *dir = test_make_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (differences); i++)
    {
      const Difference *difference = &differences[i];
      g_autofree char *name = g_strdup_printf ("differs-%u.concord", i);
      g_autofree char *path = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("schema %d: %s", difference->version, difference->sql);
      if (difference->version == CONCORD_SCHEMA_VERSION)
        {
          path = test_make_workbook (dir, name, TRUE);
          test_raw_exec (path, difference->sql);
        }
      else
        {
          path = g_build_filename (dir, name, NULL);
          test_make_old_workbook (path, difference->version, difference->sql);
        }

      before = test_snapshot_files (path);
      g_assert_null (concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error));
      g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_FOREIGN_SCHEMA);
      g_assert_nonnull (strstr (error->message, difference->named));
      after = test_snapshot_files (path);
      g_assert_cmpstr (after, ==, before);
    }

  test_remove_tree (dir);
}

/* A file exactly as an older Concord left it passes and is upgraded. */
static void
test_old_versions_open (void)
{
  g_autofree char *dir = test_make_tmpdir ();

  for (int version = 1; version <= CONCORD_SCHEMA_VERSION; version++)
    {
      g_autofree char *name = g_strdup_printf ("v%d.concord", version);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(ConcordWorkbook) workbook = NULL;
      g_autoptr(GError) error = NULL;

      test_make_old_workbook (path, version, NULL);
      workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (concord_workbook_get_schema_version (workbook), ==, CONCORD_SCHEMA_VERSION);
    }

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrations/compiled-agrees", test_compiled_agrees);
  g_test_add_func ("/migrations/check-uses-compiled", test_check_uses_compiled);
  g_test_add_func ("/migrations/one-difference-refused", test_one_difference_refused);
  g_test_add_func ("/migrations/old-versions-open", test_old_versions_open);

  return g_test_run ();
}
