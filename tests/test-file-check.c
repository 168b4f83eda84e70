/* test-file-check.c: a workbook from a stranger can do no harm
 *
 * Crafted schemas, foreign logs and hot journals are refused before
 * anything of them runs, and every file stays byte for byte as it was.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "concord-info.h"
#include "concord-recover.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

#define PWNED_SQL "; CREATE TABLE pwned (x)"

/* The stamp a clean close left for @path, or NULL. */
static char *
trust_stamp (const char *path)
{
  g_autofree char *state = g_build_filename (g_get_user_state_dir (), "concord",
                                             "trusted-workbooks.ini", NULL);
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
  g_autoptr(GKeyFile) keys = g_key_file_new ();

  if (!g_key_file_load_from_file (keys, state, G_KEY_FILE_NONE, NULL))
    return NULL;

  return g_key_file_get_string (keys, "workbooks", key, NULL);
}

static gint64
raw_count (const char *path,
           const char *sql)
{
  g_autofree char *uri = g_strconcat ("file:", path, "?immutable=1", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* Opens @path twice, expecting @code each time and a message naming
 * @names; the file and its logs stay as they were, and a refusal never
 * stamps it as trusted. */
static void
assert_refused_untouched (const char         *path,
                          int                 code,
                          const char * const *names)
{
  g_autofree char *before = test_snapshot_files (path);
  g_autofree char *stamp = trust_stamp (path);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      g_autofree char *stamp_after = NULL;

      g_assert_null (concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error));
      g_assert_error (error, CONCORD_ERROR, code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, path));
      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        g_assert_nonnull (strstr (error->message, names[i]));

      after = test_snapshot_files (path);
      g_assert_cmpstr (before, ==, after);
      stamp_after = trust_stamp (path);
      g_assert_cmpstr (stamp, ==, stamp_after);
    }
}

typedef struct
{
  const char *sql;
  const char *names[3];
} Crafted;

static const Crafted crafted[] = {
  { "CREATE TRIGGER evil AFTER INSERT ON people BEGIN DELETE FROM teams; END",
    { "extra trigger “evil”", NULL } },
  { "CREATE VIEW evil_view AS SELECT name FROM teams", { "extra view “evil_view”", NULL } },
  { "CREATE TABLE stowaway (x)", { "extra table “stowaway”", NULL } },
  { "DROP INDEX accounts_tier; CREATE INDEX evil_index ON accounts (tier)",
    { "missing index “accounts_tier”", "extra index “evil_index”", NULL } },
  { "PRAGMA writable_schema = ON;"
    "UPDATE sqlite_schema SET sql = sql || '" PWNED_SQL "' WHERE name = 'accounts_fts_insert'",
    { "changed trigger “accounts_fts_insert”", NULL } },
};

/* Every kind of object Concord did not create is refused by name. */
static void
test_foreign_schema (void)
{
  g_autofree char *dir = test_make_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (crafted); i++)
    {
      g_autofree char *name = g_strdup_printf ("crafted-%u.concord", i);
      g_autofree char *path = test_make_workbook (dir, name, FALSE);

      g_test_message ("%s", crafted[i].sql);
      test_raw_exec (path, crafted[i].sql);
      assert_refused_untouched (path, CONCORD_ERROR_FOREIGN_SCHEMA, crafted[i].names);
    }

  test_remove_tree (dir);
}

/* What SQLite adds itself, statistics from ANALYZE, is no reason to refuse. */
static void
test_analyzed_opens (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "analyzed.concord", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;

  test_raw_exec (path, "ANALYZE");
  g_assert_cmpint (raw_count (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'"), ==, 1);
  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), >, 0);
  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* SQL appended to a trigger's text never runs, by whichever path would
 * have re-created the triggers: a CSV import or a JSON merge. */
static void
test_appended_sql_never_runs (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "crafted.concord", TRUE);
  g_autofree char *source = test_make_workbook (dir, "source.concord", TRUE);
  g_autofree char *csv = g_build_filename (dir, "accounts.csv", NULL);
  g_autofree char *json = g_build_filename (dir, "source.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char rows[] = "name,domain\nNorthwind,northwind.example\n";
  const char * const commands[][6] = {
    { "import-csv", path, "accounts", csv, NULL },
    { "import-json", path, json, NULL },
    { "info", path, NULL },
  };
  int status;

  g_assert_true (g_file_set_contents (csv, rows, -1, NULL));
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    test_run_cli ((const char *[]) { "export-json", "-o", json, source, NULL }, &status, &out, &err);
    g_assert_cmpint (status, ==, 0);
  }

  test_raw_exec (path, "PRAGMA writable_schema = ON;"
                       "UPDATE sqlite_schema SET sql = sql || '" PWNED_SQL "' WHERE type = 'trigger'");
  before = test_snapshot_files (path);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      test_run_cli (commands[i], &status, &out, &err);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, "does not have the tables Concord creates"));
    }

  after = test_snapshot_files (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (raw_count (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'pwned'"), ==, 0);
  test_remove_tree (dir);
}

static char *
trigger_text (ConcordWorkbook *workbook)
{
  return test_query_string (workbook, "SELECT group_concat (name || ':' || sql, '|') FROM "
                                      "(SELECT name, sql FROM sqlite_schema "
                                      " WHERE type = 'trigger' ORDER BY name)");
}

/* A bulk edit and a large undo re-create the search triggers from the
 * text compiled into Concord, not from what the file holds by then. */
static void
test_bulk_uses_compiled_triggers (WorkbookFixture *fixture,
                                  gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *compiled = trigger_text (fixture->workbook);
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;

  g_assert_nonnull (strstr (compiled, "accounts_fts_insert:CREATE TRIGGER"));
  /* Another program rewrites the text while the workbook is open. */
  test_raw_exec (fixture->path, "PRAGMA writable_schema = ON;"
                                "UPDATE sqlite_schema SET sql = sql || '" PWNED_SQL "' WHERE type = 'trigger'");

  g_assert_true (concord_workbook_begin (fixture->workbook, "Many accounts", &error));
  g_assert_true (concord_workbook_begin_bulk (fixture->workbook, &error));
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(ConcordFields) fields = concord_fields_new ();
      g_autofree char *name = g_strdup_printf ("Account %u", i);

      concord_fields_set_string (fields, "name", name);
      g_assert_cmpint (concord_workbook_insert (fixture->workbook, "accounts", fields, &error), >, 0);
    }
  g_assert_true (concord_workbook_end_bulk (fixture->workbook, &error));
  g_assert_true (concord_workbook_commit (fixture->workbook, &error));
  g_assert_no_error (error);

  after = trigger_text (fixture->workbook);
  g_assert_cmpstr (after, ==, compiled);
  g_assert_cmpint (test_query_int (fixture->workbook,
                                   "SELECT count(*) FROM sqlite_schema WHERE name = 'pwned'"), ==, 0);
  g_assert_cmpint (test_query_int (fixture->workbook,
                                   "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'account'"), ==, 300);

  /* 300 accounts: the undo replays in bulk, through the same triggers. */
  test_raw_exec (fixture->path, "PRAGMA writable_schema = ON;"
                                "UPDATE sqlite_schema SET sql = sql || '" PWNED_SQL "' WHERE type = 'trigger'");
  g_assert_true (concord_workbook_undo (fixture->workbook, &error));
  g_assert_no_error (error);
  undone = trigger_text (fixture->workbook);
  g_assert_cmpstr (undone, ==, compiled);
  g_assert_cmpint (test_query_int (fixture->workbook,
                                   "SELECT count(*) FROM sqlite_schema WHERE name = 'pwned'"), ==, 0);
}

/* Keeps the -wal of an edit by leaving the connection open while the
 * log is copied: what a crash or another machine leaves behind. */
static void
copy_wal_of_edit (const char *path,
                  const char *sql,
                  const char *target)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (wal, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 32);
  g_assert_true (g_file_set_contents (target, contents, length, NULL));
  sqlite3_close (db);
}

/* A workbook's own log, left by a crash, is replayed: nothing is lost. */
static void
test_own_wal_replayed (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "crashed.concord", FALSE);
  g_autofree char *saved = g_build_filename (dir, "saved-wal", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  gsize length = 0;

  copy_wal_of_edit (path, "INSERT INTO teams (name) VALUES ('Partners')", saved);
  g_assert_true (g_file_get_contents (saved, &contents, &length, NULL));
  /* Back to the file before the edit, with its log beside it. */
  test_raw_exec (path, "DELETE FROM teams WHERE name = 'Partners'");
  g_assert_true (g_file_set_contents (wal, contents, length, NULL));

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM teams WHERE name = 'Partners'"), ==, 1);
  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* A log from another workbook beside a healthy one: refused, and
 * neither is changed (closing used to checkpoint it into the file). */
static void
test_foreign_wal (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "healthy.concord", TRUE);
  g_autofree char *other = test_make_workbook (dir, "other.concord", FALSE);
  g_autofree char *wide = g_build_filename (dir, "wide.db", NULL);
  g_autofree char *saved = g_build_filename (dir, "saved-wal", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *foreign[] = { "healthy.concord-wal", NULL };
  const char *page_size[] = { "page size", NULL };
  const char *salts[] = { "another log", NULL };

  /* Pages of another workbook: they make this one fail its checks. */
  copy_wal_of_edit (other, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
                          "INSERT INTO people (name) SELECT 'p' || i FROM n", wal);
  assert_refused_untouched (path, CONCORD_ERROR_CORRUPT, NULL);

  /* A log of another page size. */
  test_raw_exec (wide, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; CREATE TABLE t (x)");
  copy_wal_of_edit (wide, "INSERT INTO t VALUES (1)", wal);
  assert_refused_untouched (path, CONCORD_ERROR_FOREIGN_LOG, page_size);

  /* Its own kind of log, but frames written under other salts. */
  g_assert_cmpint (g_remove (wal), ==, 0);
  copy_wal_of_edit (path, "INSERT INTO teams (name) VALUES ('Partners')", saved);
  g_assert_true (g_file_get_contents (saved, &contents, &length, NULL));
  contents[32 + 8] ^= 0x5a;
  g_assert_true (g_file_set_contents (wal, contents, length, NULL));
  assert_refused_untouched (path, CONCORD_ERROR_FOREIGN_LOG, salts);

  /* Not an SQLite log at all. */
  g_assert_true (g_file_set_contents (wal, "not a log, but long enough to look like one", -1, NULL));
  assert_refused_untouched (path, CONCORD_ERROR_FOREIGN_LOG, foreign);
  test_remove_tree (dir);
}

/* A hot rollback journal beside a WAL workbook is refused before SQLite
 * could roll it back into the file. */
static void
test_hot_journal (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "healthy.concord", TRUE);
  g_autofree char *older = g_build_filename (dir, "older.concord", NULL);
  g_autofree char *older_journal = g_strconcat (older, "-journal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *contents = NULL;
  const char *names[] = { "healthy.concord-journal", "rollback journal", NULL };
  gsize length = 0;
  sqlite3 *db = NULL;

  /* A journal of an older copy of this file, caught mid-transaction. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (older, contents, length, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (sqlite3_open (older, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; BEGIN;"
                                     "UPDATE accounts SET notes = 'rolled back';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (older_journal, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 0);
  g_assert_true (g_file_set_contents (journal, contents, length, NULL));
  sqlite3_close (db);

  test_raw_exec (path, "UPDATE teams SET name = name || ' (renamed)'");
  assert_refused_untouched (path, CONCORD_ERROR_FOREIGN_LOG, names);
  test_remove_tree (dir);
}

/* A file that failed its check is checked again at the next open: a
 * refusal never stamps it as trusted. */
static void
test_refused_stays_refused (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "damaged.concord", TRUE);

  test_raw_exec (path, "PRAGMA journal_mode = DELETE");
  test_scribble_pages (path, 4, 11);

  assert_refused_untouched (path, CONCORD_ERROR_CORRUPT, NULL);
  test_remove_tree (dir);
}

/* recover reads the records of a refused file into a new workbook: no
 * trigger of it runs, rows that break a rule are left out and named, a
 * foreign log is not read, and the file is not changed. */
static void
test_recover (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "crafted.concord", TRUE);
  g_autofree char *target = g_build_filename (dir, "clean.concord", NULL);
  g_autofree char *again = g_build_filename (dir, "again.concord", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_auto(GStrv) dropped = NULL;
  gint64 n_accounts, n_people;
  guint n_records = 0;
  gboolean complete = TRUE;
  int status;

  test_raw_exec (path, "CREATE TRIGGER evil AFTER INSERT ON people BEGIN DELETE FROM teams; END;"
                       "CREATE VIEW peek AS SELECT name FROM people;"
                       "PRAGMA ignore_check_constraints = ON;"
                       "UPDATE accounts SET fit = 140 WHERE id = (SELECT max (id) FROM accounts)");
  g_assert_true (g_file_set_contents (wal, "not a log, but long enough to look like one", -1, NULL));
  n_accounts = raw_count (path, "SELECT count(*) FROM accounts");
  n_people = raw_count (path, "SELECT count(*) FROM people");
  before = test_snapshot_files (path);

  g_assert_true (concord_recover (path, target, &n_records, &complete, &dropped, &error));
  g_assert_no_error (error);
  joined = g_strjoinv ("\n", dropped);
  g_test_message ("%s", joined);
  g_assert_nonnull (strstr (joined, "extra trigger “evil”"));
  g_assert_nonnull (strstr (joined, "extra view “peek”"));
  g_assert_nonnull (strstr (joined, "crafted.concord-wal"));
  g_assert_nonnull (strstr (joined, "of “accounts”"));
  g_assert_nonnull (strstr (joined, "CHECK constraint failed"));
  g_assert_cmpuint (n_records, >, 0);
  g_assert_false (complete);

  after = test_snapshot_files (path);
  g_assert_cmpstr (before, ==, after);

  workbook = concord_workbook_open (target, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, n_accounts - 1);
  /* Every person came over, and the trigger did not empty the teams. */
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, n_people);
  g_assert_cmpint (concord_workbook_count (workbook, "teams"), ==, 5);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM sqlite_schema "
                                             "WHERE name IN ('evil', 'peek')"), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts"), ==, n_accounts - 1);
  g_assert_false (concord_workbook_can_undo (workbook));

  /* Never over an existing file. */
  g_assert_false (concord_recover (path, target, NULL, NULL, NULL, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);

  /* The same from the command line. */
  /* Rows were left out, so it exits as with findings. */
  test_run_cli ((const char *[]) { "recover", path, again, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_file_test (again, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (out, "Recovered"));
  g_assert_nonnull (strstr (out, "extra trigger “evil”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  test_run_cli ((const char *[]) { "recover", path, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);

  g_clear_object (&workbook);
  test_remove_tree (dir);
}

/* Where SQLite cannot keep the log (a read-only folder or mount), the
 * workbook opens read-only and says why, in the CLI too. Root ignores
 * folder permissions, so a folder where the -wal would go stands in for
 * a read-only mount: its open fails the same way, for every user. The
 * folder's permissions are tried as well; they bind everyone but root. */
static void
test_read_only_folder (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "shared.concord", TRUE);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(ConcordWorkbook) workbook = NULL;
      g_autoptr(ConcordWorkbook) copy = NULL;
      g_autoptr(ConcordFields) fields = concord_fields_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *elsewhere = test_make_tmpdir ();
      g_autofree char *copy_path = g_build_filename (elsewhere, "copy.concord", NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      gboolean expect_read_only;
      int status;

      if (round == 0)
        g_assert_cmpint (g_mkdir (wal, 0700), ==, 0);
      else
        {
          g_assert_cmpint (g_rmdir (wal), ==, 0);
          g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
        }
      expect_read_only = round == 0 || g_access (dir, W_OK) != 0;
      before = test_snapshot_files (path);

      workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (concord_workbook_get_read_only (workbook), ==, expect_read_only);
      g_assert_cmpint (concord_workbook_count (workbook, "accounts"), >, 0);

      if (expect_read_only)
        {
          g_assert_nonnull (strstr (concord_workbook_get_read_only_reason (workbook), "folder"));
          concord_fields_set_string (fields, "name", "Someone");
          g_assert_cmpint (concord_workbook_insert (workbook, "people", fields, &error), ==, 0);
          g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_READ_ONLY);
          g_clear_error (&error);

          /* A copy in another folder can be edited. */
          g_assert_true (concord_workbook_save_copy (workbook, copy_path, &error));
          g_assert_no_error (error);
          copy = concord_workbook_open (copy_path, CONCORD_OPEN_DEFAULT, &error);
          g_assert_no_error (error);
          g_assert_false (concord_workbook_get_read_only (copy));

          /* The CLI reads it, and says why it will not write it. */
          test_run_cli ((const char *[]) { "info", path, NULL }, &status, &out, &err);
          g_assert_cmpint (status, ==, 0);
          g_clear_pointer (&out, g_free);
          g_clear_pointer (&err, g_free);
          test_run_cli ((const char *[]) { "import-csv", path, "accounts", path, NULL }, &status, &out, &err);
          g_assert_cmpint (status, ==, 1);
          g_assert_nonnull (strstr (err, "read-only"));
          g_assert_nonnull (strstr (err, "folder"));
        }
      g_clear_object (&workbook);
      g_clear_object (&copy);
      test_remove_tree (elsewhere);

      after = test_snapshot_files (path);
      if (expect_read_only)
        g_assert_cmpstr (before, ==, after);
      g_clear_pointer (&before, g_free);
      g_clear_pointer (&after, g_free);
    }

  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *state = test_make_tmpdir ();
  int status;

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file-check/foreign-schema", test_foreign_schema);
  g_test_add_func ("/file-check/analyzed-opens", test_analyzed_opens);
  g_test_add_func ("/file-check/appended-sql-never-runs", test_appended_sql_never_runs);
  g_test_add ("/file-check/bulk-uses-compiled-triggers", WorkbookFixture, NULL,
              workbook_fixture_setup, test_bulk_uses_compiled_triggers, workbook_fixture_teardown);
  g_test_add_func ("/file-check/own-wal-replayed", test_own_wal_replayed);
  g_test_add_func ("/file-check/foreign-wal", test_foreign_wal);
  g_test_add_func ("/file-check/hot-journal", test_hot_journal);
  g_test_add_func ("/file-check/refused-stays-refused", test_refused_stays_refused);
  g_test_add_func ("/file-check/recover", test_recover);
  g_test_add_func ("/file-check/read-only-folder", test_read_only_folder);

  status = g_test_run ();
  test_remove_tree (state);

  return status;
}
