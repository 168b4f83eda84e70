/* test-workbook.c: opening, creating and refusing workbooks */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "concord-info.h"
#include "concord-test-util.h"
#include "concord-store-private.h"
#include "concord-workbook-private.h"

static char *
read_file_bytes (const char *path,
                 gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

/* Opens @path, expects @code, and checks the file's bytes did not change. */
static void
assert_refused_unchanged (const char *path,
                          int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  ConcordWorkbook *workbook;

  before = read_file_bytes (path, &before_len);
  workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);
  g_assert_null (workbook);
  g_assert_error (error, CONCORD_ERROR, code);
  /* The message names the file. */
  g_assert_nonnull (strstr (error->message, path));
  after = read_file_bytes (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_create (WorkbookFixture *fixture,
             gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *mode = NULL;

  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (test_query_int (workbook, "PRAGMA application_id"), ==, 0x434E4344);
  g_assert_cmpint (test_query_int (workbook, "PRAGMA user_version"), ==, CONCORD_SCHEMA_VERSION);
  g_assert_cmpint (test_query_int (workbook, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (test_query_int (workbook, "PRAGMA busy_timeout"), >, 0);
  mode = test_query_string (workbook, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_false (concord_workbook_get_read_only (workbook));
  g_assert_cmpint (concord_workbook_get_schema_version (workbook), ==, CONCORD_SCHEMA_VERSION);

  /* A new workbook starts with the teams and the 20 statements, and is empty. */
  g_assert_cmpint (concord_workbook_count (workbook, "teams"), ==, 5);
  g_assert_cmpint (concord_workbook_count (workbook, "maturity_statements"), ==, 20);
  g_assert_true (concord_workbook_is_empty (workbook));
  g_assert_false (concord_workbook_can_undo (workbook));
}

static void
test_reopen (WorkbookFixture *fixture,
             gconstpointer    data)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) again = NULL;
  gint64 id;

  concord_fields_set_string (fields, "name", "Ines Marchetti");
  id = concord_workbook_insert (fixture->workbook, "people", fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  workbook_fixture_close (fixture);

  again = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (again, "people"), ==, 1);
  g_assert_cmpint (concord_workbook_count (again, "teams"), ==, 5);
}

static void
test_uuid_and_timestamps (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(ConcordFields) change = concord_fields_new ();
  g_autoptr(ConcordRecord) before = NULL;
  g_autoptr(ConcordRecord) after = NULL;
  g_autoptr(ConcordRecord) other = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, id2;
  const char *uuid;

  concord_fields_set_string (fields, "name", "Brightwater Foods");
  id = concord_workbook_insert (workbook, "accounts", fields, &error);
  g_assert_no_error (error);
  id2 = concord_workbook_insert (workbook, "accounts", fields, &error);
  g_assert_no_error (error);

  before = concord_workbook_get_record (workbook, "accounts", id, &error);
  g_assert_no_error (error);
  other = concord_workbook_get_record (workbook, "accounts", id2, &error);
  uuid = concord_record_get_uuid (before);
  g_assert_true (g_uuid_string_is_valid (uuid));
  g_assert_cmpstr (uuid, !=, concord_record_get_uuid (other));
  g_assert_cmpint (concord_workbook_lookup_uuid (workbook, "accounts", uuid), ==, id);
  g_assert_true (g_str_has_suffix (concord_record_get_string (before, "created_at"), "Z"));
  g_assert_cmpstr (concord_record_get_string (before, "created_at"), ==,
                   concord_record_get_string (before, "updated_at"));

  test_wait_next_millisecond ();
  concord_fields_set_string (change, "industry", "Food processing");
  g_assert_true (concord_workbook_update (workbook, "accounts", id, change, &error));
  g_assert_no_error (error);

  after = concord_workbook_get_record (workbook, "accounts", id, &error);
  g_assert_cmpstr (concord_record_get_uuid (after), ==, concord_record_get_uuid (before));
  g_assert_cmpstr (concord_record_get_string (after, "created_at"), ==,
                   concord_record_get_string (before, "created_at"));
  g_assert_cmpstr (concord_record_get_string (after, "updated_at"), >,
                   concord_record_get_string (before, "updated_at"));
  g_assert_cmpstr (concord_record_get_string (after, "industry"), ==, "Food processing");
}

static void
test_every_table_has_identity (WorkbookFixture *fixture,
                               gconstpointer    data)
{
  const char * const *tables = concord_workbook_get_tables (fixture->workbook);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      if (g_str_equal (tables[i], "meta"))
        continue;
      g_test_message ("table %s", tables[i]);
      g_assert_true (concord_workbook_has_column (fixture->workbook, tables[i], "uuid"));
      g_assert_true (concord_workbook_has_column (fixture->workbook, tables[i], "created_at"));
      g_assert_true (concord_workbook_has_column (fixture->workbook, tables[i], "updated_at"));
    }
}

static void
test_refuse_missing (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "nowhere.concord", NULL);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook;

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_null (workbook);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  test_remove_tree (dir);
}

static void
test_refuse_uncreatable (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *blocker = g_build_filename (dir, "a-file", NULL);
  g_autofree char *path = g_build_filename (blocker, "inside", "x.concord", NULL);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook;

  /* A regular file where a folder should be: the path cannot be created. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);
  g_assert_null (workbook);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
  test_remove_tree (dir);
}

static void
test_refuse_directory (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(GError) error = NULL;

  g_assert_null (concord_workbook_open (dir, CONCORD_OPEN_CREATE, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_WORKBOOK);
  test_remove_tree (dir);
}

static void
test_refuse_not_sqlite (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.concord", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.concord", NULL);
  const char junk[] = "Quarterly plan\nnot a database at all, just some words\n";

  g_assert_true (g_file_set_contents (text, junk, sizeof junk - 1, NULL));
  assert_refused_unchanged (text, CONCORD_ERROR_NOT_SQLITE);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_refused_unchanged (empty, CONCORD_ERROR_NOT_SQLITE);
  test_remove_tree (dir);
}

static void
test_refuse_other_sqlite (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "crm.concord", NULL);

  test_raw_exec (path, "CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT);"
                       "INSERT INTO deals (name) VALUES ('Renewal');");
  assert_refused_unchanged (path, CONCORD_ERROR_NOT_WORKBOOK);
  test_remove_tree (dir);
}

static void
test_refuse_newer (WorkbookFixture *fixture,
                   gconstpointer    data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", CONCORD_SCHEMA_VERSION + 1);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook;

  workbook_fixture_close (fixture);
  test_raw_exec (fixture->path, sql);

  assert_refused_unchanged (fixture->path, CONCORD_ERROR_TOO_NEW);

  workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_null (workbook);
  g_assert_nonnull (strstr (error->message, "newer Concord"));
}

static void
test_refuse_corrupt (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (concord_workbook_add_sample (fixture->workbook, &error));
  g_assert_no_error (error);
  /* Fold the WAL into the main file so the damage below is what is read. */
  g_assert_true (concord_workbook_exec (fixture->workbook,
                                        "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE",
                                        &error));
  workbook_fixture_close (fixture);

  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8 * 4096);

  /* Scribble over the b-tree pages, keeping the header intact. */
  test_scribble_pages (fixture->path, 2, 7);

  assert_refused_unchanged (fixture->path, CONCORD_ERROR_CORRUPT);
}

static void
test_read_only (WorkbookFixture *fixture,
                gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  g_assert_true (concord_workbook_exec (fixture->workbook, "PRAGMA journal_mode = DELETE", &error));
  workbook_fixture_close (fixture);
  g_assert_cmpint (g_chmod (fixture->path, 0444), ==, 0);
  before = read_file_bytes (fixture->path, &before_len);

  workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (concord_workbook_get_read_only (workbook));
  g_assert_cmpint (concord_workbook_count (workbook, "teams"), ==, 5);

  concord_fields_set_string (fields, "name", "Someone");
  g_assert_cmpint (concord_workbook_insert (workbook, "people", fields, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  g_assert_false (concord_workbook_begin (workbook, "x", &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_READ_ONLY);
  g_assert_false (concord_workbook_can_undo (workbook));

  g_clear_object (&workbook);
  after = read_file_bytes (fixture->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* Reading a workbook nobody else has open leaves its folder as it was:
 * no -wal or -shm behind, the file's bytes unchanged. */
static void
test_read_only_leaves_no_logs (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = test_make_workbook (dir, "x.concord", TRUE);
  g_autofree char *export = g_build_filename (dir, "x.json", NULL);
  g_autofree char *before = test_snapshot_files (path);
  /* check finds the sample's deliberate gaps, and says so by its status. */
  const struct { const char *const *argv; int status; } commands[] = {
    { (const char *[]) { "info", path, NULL }, 0 },
    { (const char *[]) { "check", path, NULL }, 1 },
    { (const char *[]) { "export-json", path, "--output", export, NULL }, 0 },
  };

  {
    g_autoptr(ConcordWorkbook) workbook = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *after = NULL;

    workbook = concord_workbook_open (path, CONCORD_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    g_assert_true (concord_workbook_get_read_only (workbook));
    g_assert_cmpint (concord_workbook_count (workbook, "teams"), ==, 5);
    g_assert_finalize_object (g_steal_pointer (&workbook));
    after = test_snapshot_files (path);
    g_assert_cmpstr (after, ==, before);
  }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *after = NULL;
      int status;

      test_run_cli (commands[i].argv, &status, &out, &err);
      g_assert_cmpstr (err, ==, "");
      g_assert_cmpint (status, ==, commands[i].status);
      after = test_snapshot_files (path);
      g_assert_cmpstr (after, ==, before);
    }

  test_remove_tree (dir);
}

static void
test_save_copy (WorkbookFixture *fixture,
                gconstpointer    data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.concord", NULL);
  g_autoptr(ConcordWorkbook) reopened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_add_sample (fixture->workbook, &error));
  g_assert_true (concord_workbook_save_copy (fixture->workbook, copy, &error));
  g_assert_no_error (error);

  reopened = concord_workbook_open (copy, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (reopened, "accounts"), ==,
                   concord_workbook_count (fixture->workbook, "accounts"));

  /* Never over the open workbook itself. */
  g_assert_false (concord_workbook_save_copy (fixture->workbook, fixture->path, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
}

static void
test_sample_every_area (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) info = NULL;
  JsonObject *areas;
  const ConcordArea *list;
  guint n_areas;

  g_assert_true (concord_workbook_add_sample (fixture->workbook, &error));
  g_assert_no_error (error);
  g_assert_false (concord_workbook_is_empty (fixture->workbook));
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  info = concord_workbook_info (fixture->workbook);
  areas = json_object_get_object_member (json_node_get_object (info), "areas");
  list = concord_areas (&n_areas);
  for (guint i = 0; i < n_areas; i++)
    {
      JsonObject *counts;

      /* The dashboard keeps no tables of its own. */
      if (list[i].tables == NULL)
        continue;
      counts = json_object_get_object_member (areas, list[i].name);

      for (guint t = 0; list[i].tables[t] != NULL; t++)
        {
          g_test_message ("%s.%s", list[i].name, list[i].tables[t]);
          g_assert_cmpint (json_object_get_int_member (counts, list[i].tables[t]), >, 0);
        }
    }

  /* Only into an empty workbook. */
  g_assert_false (concord_workbook_add_sample (fixture->workbook, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
}

static void
test_invalid_field (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_string (fields, "name; DROP TABLE people", "x");
  g_assert_cmpint (concord_workbook_insert (fixture->workbook, "people", fields, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (concord_workbook_insert (fixture->workbook, "no_such_table", fields, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);

  /* A CHECK constraint breaks: nothing is saved and nothing is recorded. */
  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_string (fields, "name", "Overscored");
  concord_fields_set_int (fields, "fit", 140);
  g_assert_cmpint (concord_workbook_insert (fixture->workbook, "accounts", fields, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), ==, 0);
  g_assert_false (concord_workbook_can_undo (fixture->workbook));
  g_assert_false (concord_workbook_in_edit (fixture->workbook));
}

/* A file closed cleanly is remembered, and opens without a full check;
 * touched by anything else, it is checked again. */
static void
test_trust_after_clean_close (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  g_autofree char *state = g_build_filename (g_get_user_state_dir (), "concord",
                                             "trusted-workbooks.ini", NULL);
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, fixture->path, -1);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(ConcordWorkbook) again = NULL;
  g_autoptr(GError) error = NULL;

  /* Open for writing: not trusted until it is closed cleanly. */
  g_key_file_load_from_file (keys, state, G_KEY_FILE_NONE, NULL);
  g_assert_false (g_key_file_has_key (keys, "workbooks", key, NULL));

  workbook_fixture_close (fixture);
  g_assert_true (g_key_file_load_from_file (keys, state, G_KEY_FILE_NONE, &error));
  g_assert_true (g_key_file_has_key (keys, "workbooks", key, NULL));
  /* Its stamp matches the file: the next open needs no full check. */
  g_assert_true (concord_trust_is_trusted (fixture->path));

  /* Another program writes to it; the next open sees its change (the
   * stamp no longer matches, so the file is checked, see refuse/corrupt). */
  {
    sqlite3 *db = NULL;

    test_wait_next_file_time (fixture->path);
    g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO teams (name) VALUES ('Partners')", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_false (concord_trust_is_trusted (fixture->path));
  again = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (again, "teams"), ==, 6);
  /* Open for writing, it must be checked again until it is closed cleanly. */
  g_assert_false (concord_trust_is_trusted (fixture->path));
  g_clear_object (&again);
  g_assert_true (concord_trust_is_trusted (fixture->path));
}

/* A list already holding more workbooks than it keeps is started again;
 * forgetting one then still reaches the file, so a workbook opened for
 * writing is checked after a crash whatever the list held before. */
static void
test_trust_forgets_when_full (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  g_autofree char *state = g_build_filename (g_get_user_state_dir (), "concord",
                                             "trusted-workbooks.ini", NULL);
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, fixture->path, -1);
  g_autofree char *stamp = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  workbook_fixture_close (fixture);
  stamp = concord_trust_file_stamp (fixture->path);
  g_key_file_load_from_file (keys, state, G_KEY_FILE_NONE, NULL);
  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *other = g_strdup_printf ("%064u", i);

      g_key_file_set_string (keys, "workbooks", other, "0:0:0:0.0:0.0");
    }
  g_key_file_set_string (keys, "workbooks", key, stamp);
  g_assert_true (g_key_file_save_to_file (keys, state, &error));
  g_assert_no_error (error);
  g_assert_true (concord_trust_is_trusted (fixture->path));

  concord_trust_remember (fixture->path, FALSE);
  g_assert_false (concord_trust_is_trusted (fixture->path));
}

/* Several processes remembering workbooks at once lose none of each
 * other's stamps. */
static void
test_trust_many_writers (void)
{
  enum { N_WRITERS = 6, N_EACH = 25 };
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *state = test_make_tmpdir ();
  g_autofree char *kept = g_strdup (g_getenv ("XDG_STATE_HOME"));
  pid_t children[N_WRITERS];

  /* A list of its own, so other tests' workbooks do not count. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  for (guint w = 0; w < N_WRITERS; w++)
    for (guint i = 0; i < N_EACH; i++)
      {
        g_autofree char *name = g_strdup_printf ("w%u-%u.concord", w, i);
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_assert_true (g_file_set_contents (path, "", 0, NULL));
      }

  for (guint w = 0; w < N_WRITERS; w++)
    {
      children[w] = fork ();
      g_assert_cmpint (children[w], >=, 0);
      if (children[w] == 0)
        {
          for (guint i = 0; i < N_EACH; i++)
            {
              g_autofree char *name = g_strdup_printf ("w%u-%u.concord", w, i);
              g_autofree char *path = g_build_filename (dir, name, NULL);

              concord_trust_remember (path, TRUE);
            }
          _exit (0);
        }
    }
  for (guint w = 0; w < N_WRITERS; w++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (children[w], &status, 0), ==, children[w]);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }

  for (guint w = 0; w < N_WRITERS; w++)
    for (guint i = 0; i < N_EACH; i++)
      {
        g_autofree char *name = g_strdup_printf ("w%u-%u.concord", w, i);
        g_autofree char *path = g_build_filename (dir, name, NULL);

        if (!concord_trust_is_trusted (path))
          g_error ("the stamp of %s was lost", name);
      }
  if (kept != NULL)
    g_setenv ("XDG_STATE_HOME", kept, TRUE);
  else
    g_unsetenv ("XDG_STATE_HOME");
  test_remove_tree (dir);
  test_remove_tree (state);
}

static void
test_cli_init_info (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "x.concord", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *accounts;
  int status;

  test_run_cli ((const char *[]) { "--version", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "concord-cli "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  test_run_cli ((const char *[]) { "init", path, "--sample", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  test_run_cli ((const char *[]) { "info", "--json", path, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==, CONCORD_SCHEMA_VERSION);
  g_assert_cmpstr (json_object_get_string_member (root, "integrity"), ==, "ok");
  accounts = json_object_get_object_member (json_object_get_object_member (root, "areas"), "accounts");
  g_assert_cmpint (json_object_get_int_member (accounts, "accounts"), >, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* init never overwrites */
  test_run_cli ((const char *[]) { "init", path, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* usage errors exit 2, a refused file exits 1 */
  test_run_cli ((const char *[]) { "info", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  test_run_cli ((const char *[]) { "frobnicate", NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  test_run_cli ((const char *[]) { "info", dir, NULL }, &status, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "folder"));

  test_remove_tree (dir);
}

/* Schema 5 adds indexes only: a schema 4 file is backed up as it was and
 * upgraded with every row kept, and the team sync's lookup of a replica's
 * edits past a counter walks the new index. The upgraded file opens again
 * as it is; a file that says 5 without the index, or with one more, is
 * refused unchanged. */
static void
test_upgrade_v4 (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.concord", NULL);
  g_autofree char *backup = g_strconcat (path, ".v4.bak", NULL);
  g_autofree char *later_backup = g_strconcat (path, ".v5.bak", NULL);
  g_autofree char *lacking = g_build_filename (dir, "lacking.concord", NULL);
  g_autofree char *extra = g_build_filename (dir, "extra.concord", NULL);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordWorkbook) old = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;

  test_make_old_workbook (path, 4,
                          "INSERT INTO people (name) VALUES ('Ada Park');"
                          "INSERT INTO accounts (name, fit) VALUES ('Old Co', 70);"
                          "INSERT INTO touches (account_id, touched_on, channel, team, owner_id) "
                          "  VALUES (1, '2026-01-12', 'call', 'sales', 1);"
                          "INSERT INTO sync_replicas (id, counter) VALUES ('r1', 2);"
                          "INSERT INTO sync_versions (tbl, uuid, field, replica, counter) "
                          "  SELECT 'accounts', uuid, '', 'r1', 1 FROM accounts;"
                          "INSERT INTO sync_versions (tbl, uuid, field, replica, counter) "
                          "  SELECT 'accounts', uuid, 'fit', 'r1', 2 FROM accounts;");

  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "PRAGMA user_version"), ==, 5);
  g_assert_cmpint (concord_workbook_get_schema_version (workbook), ==, 5);
  g_assert_cmpint (test_query_int (workbook, "SELECT count (*) FROM accounts WHERE name = 'Old Co' AND fit = 70"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT owner_id FROM touches"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count (*) FROM sync_versions WHERE replica = 'r1'"), ==, 2);
  plan = test_query_plan (workbook, "SELECT tbl, uuid FROM sync_versions WHERE replica = 'r1' AND counter > 1");
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "USING COVERING INDEX sync_versions_dots (replica=? AND counter>?)"));

  /* The backup is the schema 4 file, without the index. */
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  old = concord_workbook_open (backup, CONCORD_OPEN_READ_ONLY, &error);
  g_assert_null (old);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_READ_ONLY);
  g_clear_error (&error);
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (backup, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version), "
                                             "(SELECT count (*) FROM sqlite_schema WHERE name = 'sync_versions_dots'), "
                                             "(SELECT count (*) FROM sync_versions)", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 4);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
    g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 2);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  /* Opened again, the file is ours as it is: nothing to upgrade. */
  g_clear_object (&workbook);
  workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (later_backup, G_FILE_TEST_EXISTS));
  g_clear_object (&workbook);

  /* Schema 5 is exactly what the migrations create, no less, no more. */
  test_make_old_workbook (lacking, 4, "PRAGMA user_version = 5");
  assert_refused_unchanged (lacking, CONCORD_ERROR_FOREIGN_SCHEMA);
  test_make_old_workbook (extra, 5, "CREATE INDEX sync_versions_counter ON sync_versions (counter)");
  assert_refused_unchanged (extra, CONCORD_ERROR_FOREIGN_SCHEMA);

  test_remove_tree (dir);
}

/* concord_areas() is the one list of areas: every table of the schema
 * but meta belongs to exactly one, and what an area names for content,
 * owners and pages is among its own tables. */
static void
test_areas_cover_schema (WorkbookFixture *fixture,
                         gconstpointer    data)
{
  const char * const *tables = concord_workbook_get_tables (fixture->workbook);
  const ConcordArea *areas;
  guint n_areas;

  areas = concord_areas (&n_areas);
  for (guint t = 0; tables[t] != NULL; t++)
    {
      guint owners = 0;

      for (guint i = 0; i < n_areas; i++)
        if (areas[i].tables != NULL && g_strv_contains (areas[i].tables, tables[t]))
          owners++;
      g_test_message ("%s", tables[t]);
      g_assert_cmpuint (owners, ==, g_str_equal (tables[t], "meta") ? 0 : 1);
    }

  for (guint i = 0; i < n_areas; i++)
    {
      g_assert_true (concord_area_lookup (areas[i].name) == &areas[i]);
      g_assert_nonnull (areas[i].title);
      g_assert_nonnull (areas[i].icon_name);
      g_assert_nonnull (areas[i].description);
      for (guint c = 0; areas[i].content_tables != NULL && areas[i].content_tables[c] != NULL; c++)
        g_assert_true (g_strv_contains (areas[i].tables, areas[i].content_tables[c]));
      for (const ConcordOwnerColumn *o = areas[i].owners; o != NULL && o->table != NULL; o++)
        {
          g_assert_true (g_strv_contains (areas[i].tables, o->table));
          g_assert_true (concord_workbook_has_column (fixture->workbook, o->table, o->column));
        }
    }
  g_assert_null (concord_area_lookup ("nonsense"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *state = NULL;
  int status;

  /* The trust stamps are per user, and the other test programs running
   * in parallel write theirs too: this one keeps its own. */
  state = test_make_tmpdir ();
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/workbook/create", WorkbookFixture, NULL,
              workbook_fixture_setup, test_create, workbook_fixture_teardown);
  g_test_add ("/workbook/reopen", WorkbookFixture, NULL,
              workbook_fixture_setup, test_reopen, workbook_fixture_teardown);
  g_test_add ("/workbook/uuid-and-timestamps", WorkbookFixture, NULL,
              workbook_fixture_setup, test_uuid_and_timestamps, workbook_fixture_teardown);
  g_test_add ("/workbook/every-table-has-identity", WorkbookFixture, NULL,
              workbook_fixture_setup, test_every_table_has_identity, workbook_fixture_teardown);
  g_test_add_func ("/workbook/refuse/missing", test_refuse_missing);
  g_test_add_func ("/workbook/refuse/uncreatable", test_refuse_uncreatable);
  g_test_add_func ("/workbook/refuse/directory", test_refuse_directory);
  g_test_add_func ("/workbook/refuse/not-sqlite", test_refuse_not_sqlite);
  g_test_add_func ("/workbook/refuse/other-sqlite", test_refuse_other_sqlite);
  g_test_add ("/workbook/refuse/newer", WorkbookFixture, NULL,
              workbook_fixture_setup, test_refuse_newer, workbook_fixture_teardown);
  g_test_add ("/workbook/refuse/corrupt", WorkbookFixture, NULL,
              workbook_fixture_setup, test_refuse_corrupt, workbook_fixture_teardown);
  g_test_add ("/workbook/read-only", WorkbookFixture, NULL,
              workbook_fixture_setup, test_read_only, workbook_fixture_teardown);
  g_test_add_func ("/workbook/read-only-leaves-no-logs", test_read_only_leaves_no_logs);
  g_test_add ("/workbook/save-copy", WorkbookFixture, NULL,
              workbook_fixture_setup, test_save_copy, workbook_fixture_teardown);
  g_test_add_func ("/workbook/upgrade-v4", test_upgrade_v4);
  g_test_add ("/workbook/areas-cover-schema", WorkbookFixture, NULL,
              workbook_fixture_setup, test_areas_cover_schema, workbook_fixture_teardown);
  g_test_add ("/workbook/sample-every-area", WorkbookFixture, NULL,
              workbook_fixture_setup, test_sample_every_area, workbook_fixture_teardown);
  g_test_add ("/workbook/invalid-field", WorkbookFixture, NULL,
              workbook_fixture_setup, test_invalid_field, workbook_fixture_teardown);
  g_test_add ("/workbook/trust-after-clean-close", WorkbookFixture, NULL,
              workbook_fixture_setup, test_trust_after_clean_close, workbook_fixture_teardown);
  g_test_add ("/workbook/trust-forgets-when-full", WorkbookFixture, NULL,
              workbook_fixture_setup, test_trust_forgets_when_full, workbook_fixture_teardown);
  g_test_add_func ("/workbook/trust-many-writers", test_trust_many_writers);
  g_test_add_func ("/cli/init-info", test_cli_init_info);

  status = g_test_run ();
  test_remove_tree (state);

  return status;
}
