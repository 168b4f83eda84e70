/* test-faults.c: a full disk, a locked workbook, a file replaced under us
 *
 * Each fault must end in a clear error, with nothing lost and nothing
 * corrupted: the rows saved before the fault are all there, the failed
 * edit left no trace, the undo history still matches the file, and the
 * workbook passes the integrity check.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "concord-exchange.h"
#include "concord-report-cairo.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

static gint64
add_team (ConcordWorkbook  *workbook,
          const char       *name,
          GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();

  concord_fields_set_string (fields, "name", name);
  return concord_workbook_insert (workbook, "teams", fields, error);
}

static gint64
add_account (ConcordWorkbook  *workbook,
             const char       *name,
             gsize             notes_size,
             GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *notes = NULL;

  concord_fields_set_string (fields, "name", name);
  if (notes_size > 0)
    {
      /* Text that does not compress away: a page per few hundred bytes. */
      GString *text = g_string_sized_new (notes_size + 16);

      for (guint i = 0; text->len < notes_size; i++)
        g_string_append_printf (text, "%08x ", g_str_hash (name) ^ (i * 2654435761u));
      notes = g_string_free (text, FALSE);
      concord_fields_set_string (fields, "notes", notes);
    }

  return concord_workbook_insert (workbook, "accounts", fields, error);
}

static void
assert_integrity_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autofree char *result = NULL;

  workbook = concord_workbook_open (path, CONCORD_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  result = test_query_string (workbook, "PRAGMA integrity_check");
  g_assert_cmpstr (result, ==, "ok");
}

/* Limits the workbook to its current size plus @spare pages. */
static void
fill_disk (ConcordWorkbook *workbook,
           gint64           spare)
{
  g_autofree char *sql = NULL;
  gint64 pages = test_query_int (workbook, "PRAGMA page_count");

  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + spare);
  test_query_int (workbook, sql);
}

static void
free_disk (ConcordWorkbook *workbook)
{
  test_query_int (workbook, "PRAGMA max_page_count = 1073741823");
}

/* A single write that hits a full disk: a clear error, no row, history
 * as before, and the next write after space is freed works. */
static void
test_disk_full_single (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 before;
  gint64 id;

  id = add_account (workbook, "Saved before the disk filled", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  before = concord_workbook_count (workbook, "accounts");

  fill_disk (workbook, 2);
  id = add_account (workbook, "Too big to fit", 256 * 1024, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);

  g_assert_false (concord_workbook_in_edit (workbook));
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'big'"), ==, 0);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Add");
  g_assert_false (concord_workbook_can_redo (workbook));

  /* Undo of the last saved step still works on a full disk: deleting
   * frees room rather than taking it. */
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before - 1);
  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_no_error (error);

  free_disk (workbook);
  id = add_account (workbook, "Fits now", 256 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, before + 1);

  workbook_fixture_close (fixture);
  assert_integrity_ok (fixture->path);
}

/* A long edit (an import, say) that runs out of room half way: nothing of
 * it is kept, and the caller's rollback leaves the history consistent. */
static void
test_disk_full_edit (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 teams_before;
  guint n_added = 0;

  g_assert_cmpint (add_team (workbook, "Field marketing", &error), >, 0);
  g_assert_no_error (error);
  teams_before = concord_workbook_count (workbook, "teams");

  fill_disk (workbook, 8);
  g_assert_true (concord_workbook_begin (workbook, "Import accounts", &error));
  g_assert_no_error (error);
  g_assert_cmpint (add_team (workbook, "Inside sales", &error), >, 0);
  g_assert_no_error (error);
  for (n_added = 0; n_added < 1000; n_added++)
    {
      g_autofree char *name = g_strdup_printf ("Imported %u", n_added);

      if (add_account (workbook, name, 4096, &error) == 0)
        break;
    }
  g_assert_cmpuint (n_added, <, 1000);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_DISK_FULL);
  g_clear_error (&error);

  /* A caller that carries on writing must not have its writes saved
   * outside the edit, even if SQLite already gave up the transaction. */
  free_disk (workbook);
  if (add_account (workbook, "After the failure", 0, &error) == 0)
    g_clear_error (&error);
  g_assert_true (concord_workbook_in_edit (workbook));
  g_assert_false (concord_workbook_commit (workbook, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_DISK_FULL);
  g_clear_error (&error);

  g_assert_false (concord_workbook_in_edit (workbook));
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, 0);
  g_assert_cmpint (concord_workbook_count (workbook, "teams"), ==, teams_before);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Add");

  /* The history still matches the file: undo removes the team. */
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "teams"), ==, teams_before - 1);

  g_assert_cmpint (add_account (workbook, "Room again", 0, &error), >, 0);
  g_assert_no_error (error);

  workbook_fixture_close (fixture);
  assert_integrity_ok (fixture->path);
}

/* A redo that needs more room than there is fails whole, and stays
 * available once room is made. */
static void
test_disk_full_redo (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (add_account (workbook, "Large account plan", 256 * 1024, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  test_query_int (workbook, "PRAGMA wal_checkpoint (TRUNCATE)");
  g_assert_true (concord_workbook_exec (workbook, "VACUUM", &error));
  g_assert_no_error (error);

  fill_disk (workbook, 2);
  g_assert_false (concord_workbook_redo (workbook, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_DISK_FULL);
  g_clear_error (&error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, 0);
  g_assert_true (concord_workbook_can_redo (workbook));
  g_assert_false (concord_workbook_can_undo (workbook));

  free_disk (workbook);
  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, 1);

  workbook_fixture_close (fixture);
  assert_integrity_ok (fixture->path);
}

/* Another program holds the write lock longer than we wait. */
static void
test_locked (WorkbookFixture *fixture,
             gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;
  gint64 before;

  g_assert_cmpint (add_team (workbook, "Before the lock", &error), >, 0);
  g_assert_no_error (error);
  before = concord_workbook_count (workbook, "teams");

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (add_team (workbook, "While locked", &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Another program"));
  g_clear_error (&error);
  g_assert_false (concord_workbook_in_edit (workbook));
  g_assert_false (concord_workbook_undo (workbook, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Add");

  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  g_assert_cmpint (add_team (workbook, "After the lock", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "teams"), ==, before + 1);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "teams"), ==, before - 1);
}

/* Several concord-cli writers at once: the busy timeout queues them, and
 * every one of them is saved. */
static void
test_concurrent_cli_writers (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  enum { N_WRITERS = 4 };
  GSubprocess *writers[N_WRITERS];
  const char *cli = g_getenv ("CONCORD_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *answers = NULL;
  gint64 n_statements;
  GString *text;

  g_assert_nonnull (cli);
  n_statements = test_query_int (fixture->workbook, "SELECT count(*) FROM maturity_statements");
  g_assert_cmpint (n_statements, >, 0);
  text = g_string_new (NULL);
  for (gint64 i = 0; i < n_statements; i++)
    g_string_append (text, i ? ",3" : "3");
  answers = g_string_free (text, FALSE);
  workbook_fixture_close (fixture);

  for (guint i = 0; i < N_WRITERS; i++)
    {
      g_autofree char *date = g_strdup_printf ("2026-01-%02u", i + 1);

      writers[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                     cli, "assess", "--team", i % 2 ? "sales" : "marketing",
                                     "--date", date, "--answers", answers,
                                     fixture->path, NULL);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < N_WRITERS; i++)
    {
      g_autofree char *err = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (writers[i], NULL, NULL, NULL, &err, &error));
      g_assert_no_error (error);
      if (g_subprocess_get_exit_status (writers[i]) != 0)
        g_error ("writer %u failed: %s", i, err);
      g_object_unref (writers[i]);
    }

  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM assessments"), ==, N_WRITERS);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM assessment_answers"),
                   ==, N_WRITERS * n_statements);
  workbook_fixture_close (fixture);
  assert_integrity_ok (fixture->path);
}

static void
assert_refused_as_replaced (ConcordWorkbook *workbook)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (add_team (workbook, "Written into the void", &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "replaced or moved"));
  g_clear_error (&error);
  g_assert_false (concord_workbook_in_edit (workbook));

  g_assert_false (concord_workbook_undo (workbook, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);
  g_clear_error (&error);
}

/* Another program writes a different workbook over ours: our edits must
 * not go into a file nobody can see any more, nor into the new one; and
 * the user can still save a copy of what they had. */
static void
test_replaced (WorkbookFixture *fixture,
               gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.concord", NULL);
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.concord", NULL);
  g_autoptr(ConcordWorkbook) other = NULL;
  g_autoptr(ConcordWorkbook) copy = NULL;
  g_autoptr(ConcordWorkbook) reopened = NULL;

  g_assert_cmpint (add_team (workbook, "Kept in the copy", &error), >, 0);
  g_assert_no_error (error);

  other = concord_workbook_open (other_path, CONCORD_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&other);
  g_assert_cmpint (g_rename (other_path, fixture->path), ==, 0);

  assert_refused_as_replaced (workbook);

  g_assert_true (concord_workbook_save_copy (workbook, copy_path, &error));
  g_assert_no_error (error);
  copy = concord_workbook_open (copy_path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (copy, "SELECT count(*) FROM teams WHERE name = 'Kept in the copy'"), ==, 1);
  g_assert_cmpint (test_query_int (copy, "SELECT count(*) FROM teams WHERE name = 'Written into the void'"), ==, 0);

  workbook_fixture_close (fixture);
  reopened = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (reopened, "SELECT count(*) FROM teams WHERE name IN "
                                   "('Kept in the copy', 'Written into the void')"), ==, 0);
  g_clear_object (&reopened);
  assert_integrity_ok (fixture->path);
}

static void
test_moved (WorkbookFixture *fixture,
            gconstpointer    data)
{
  g_autofree char *moved = g_build_filename (fixture->dir, "moved.concord", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (add_team (fixture->workbook, "Before the move", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (g_rename (fixture->path, moved), ==, 0);

  assert_refused_as_replaced (fixture->workbook);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  /* The moved file holds every edit saved before the move. */
  workbook_fixture_close (fixture);
  fixture->workbook = concord_workbook_open (moved, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (fixture->workbook,
                                   "SELECT count(*) FROM teams WHERE name = 'Before the move'"), ==, 1);
  workbook_fixture_close (fixture);
  assert_integrity_ok (moved);
}

static void
test_deleted (WorkbookFixture *fixture,
              gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (add_team (fixture->workbook, "Before the delete", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (fixture->path), ==, 0);

  assert_refused_as_replaced (fixture->workbook);
}

/* Outputs on a full disk ------------------------------------------------ */

/* A file may not grow beyond @limit bytes: writes past it fail with
 * EFBIG as they fail with ENOSPC on a full disk, at the same calls. */
static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { GPOINTER_TO_SIZE (data), GPOINTER_TO_SIZE (data) };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static const char old_output[] = "the previous export, which must survive\n";

/* The target still holds its old bytes and no temporary file is left. */
static void
assert_output_untouched (const char *dir,
                         const char *path)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *contents = NULL;
  const char *name;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old_output);

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (name[0] == '.');
}

static void
assert_full_disk_error (const GError *error,
                        const char   *path)
{
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
  g_assert_nonnull (strstr (error->message, "left as it was"));
}

/* The PDF report and the JSON export run out of room half way: each says
 * which file and why, and the file already there is unchanged. The fault
 * is set in a subprocess, where the fixture is made again. */
static void
test_disk_full_outputs (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "weekly.pdf", NULL);
  g_autofree char *json = g_build_filename (fixture->dir, "export.json", NULL);
  g_autoptr(ConcordReport) report = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_true (g_file_set_contents (pdf, old_output, -1, NULL));
  g_assert_true (g_file_set_contents (json, old_output, -1, NULL));
  report = concord_report_build (fixture->workbook, CONCORD_REPORT_WEEKLY, "2026-03-15", &error);
  g_assert_no_error (error);
  root = concord_exchange_export (fixture->workbook, NULL, &error);
  g_assert_no_error (error);

  /* The sample's weekly PDF is about 30 KB, its export 150 KB. */
  limit_file_size (GSIZE_TO_POINTER (16 * 1024));

  g_assert_false (concord_report_write_pdf (report, pdf, &error));
  assert_full_disk_error (error, pdf);
  g_clear_error (&error);
  assert_output_untouched (fixture->dir, pdf);

  g_assert_false (concord_exchange_write_node (root, json, &error));
  assert_full_disk_error (error, json);
  g_clear_error (&error);
  assert_output_untouched (fixture->dir, json);
}

/* concord-cli report --format pdf exited 0 and left half a PDF. */
static void
test_disk_full_cli_report (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "weekly.pdf", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (pdf, old_output, -1, NULL));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The fixture keeps the workbook open, so its shared-memory file is
   * already full size and reading needs no room; the PDF does. */
  g_subprocess_launcher_set_child_setup (launcher, limit_file_size, GSIZE_TO_POINTER (20 * 1024), NULL);
  cli = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CONCORD_CLI"), "report", "weekly",
                                     fixture->path, "--date", "2026-03-15", "--format", "pdf", "-o", pdf,
                                     NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (cli, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_test_message ("%s", err);

  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 1);
  g_assert_nonnull (strstr (err, pdf));
  g_assert_nonnull (strstr (err, g_strerror (EFBIG)));
  assert_output_untouched (fixture->dir, pdf);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/faults/disk-full/single", WorkbookFixture, NULL,
              workbook_fixture_setup, test_disk_full_single, workbook_fixture_teardown);
  g_test_add ("/faults/disk-full/edit", WorkbookFixture, NULL,
              workbook_fixture_setup, test_disk_full_edit, workbook_fixture_teardown);
  g_test_add ("/faults/disk-full/redo", WorkbookFixture, NULL,
              workbook_fixture_setup, test_disk_full_redo, workbook_fixture_teardown);
  g_test_add ("/faults/disk-full/outputs", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_disk_full_outputs, workbook_fixture_teardown);
  g_test_add ("/faults/disk-full/cli-report", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_disk_full_cli_report, workbook_fixture_teardown);
  g_test_add ("/faults/locked/other-connection", WorkbookFixture, NULL,
              workbook_fixture_setup, test_locked, workbook_fixture_teardown);
  g_test_add ("/faults/locked/concurrent-cli", WorkbookFixture, NULL,
              workbook_fixture_setup, test_concurrent_cli_writers, workbook_fixture_teardown);
  g_test_add ("/faults/file/replaced", WorkbookFixture, NULL,
              workbook_fixture_setup, test_replaced, workbook_fixture_teardown);
  g_test_add ("/faults/file/moved", WorkbookFixture, NULL,
              workbook_fixture_setup, test_moved, workbook_fixture_teardown);
  g_test_add ("/faults/file/deleted", WorkbookFixture, NULL,
              workbook_fixture_setup, test_deleted, workbook_fixture_teardown);

  return g_test_run ();
}
