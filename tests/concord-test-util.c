/* concord-test-util.c: fixtures shared by the tests */
#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "concord-info.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

char *
test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("concord-test-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

void
test_remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  if (dir == NULL)
    return;

  handle = g_dir_open (dir, 0, NULL);
  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        test_remove_tree (child);
      else
        {
          g_chmod (child, 0600);
          g_remove (child);
        }
    }

  g_rmdir (dir);
}

void
workbook_fixture_setup (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "test.concord", NULL);
  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->workbook);
}

void
workbook_fixture_setup_sample (WorkbookFixture *fixture,
                               gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  workbook_fixture_setup (fixture, data);
  g_assert_true (concord_workbook_add_sample (fixture->workbook, &error));
  g_assert_no_error (error);
  concord_workbook_clear_history (fixture->workbook);
}

/* Closes the workbook, checking nothing else still holds it. */
void
workbook_fixture_close (WorkbookFixture *fixture)
{
  if (fixture->workbook != NULL)
    g_assert_finalize_object (fixture->workbook);
  fixture->workbook = NULL;
}

void
workbook_fixture_teardown (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  workbook_fixture_close (fixture);
  test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

gint64
test_query_int (ConcordWorkbook *workbook,
                const char      *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);

  return value;
}

char *
test_query_string (ConcordWorkbook *workbook,
                   const char      *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Runs concord-cli (from $CONCORD_CLI) with @argv after the program name. */
gboolean
test_run_cli (const char *const *argv,
              int               *exit_status,
              char             **out,
              char             **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("CONCORD_CLI");
  int status = 0;
  gboolean ok;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  ok = g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     out, err, &status, &error);
  g_assert_no_error (error);

  *exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;

  return ok;
}

/* The SHA-256 of @path and of the -wal, -shm and -journal beside it
 * ("none" for a missing one): equal snapshots, unchanged files. */
char *
test_snapshot_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(GString) snapshot = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (file, &contents, &length, NULL))
        {
          g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                              (const guchar *) contents, length);

          g_string_append_printf (snapshot, "%s %s\n", sum, file);
        }
      else
        g_string_append_printf (snapshot, "none %s\n", file);
    }

  return g_string_free (g_steal_pointer (&snapshot), FALSE);
}

/* Runs @sql on @path with a plain SQLite connection: another program, or
 * someone crafting a file. */
void
test_raw_exec (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

char *
test_query_plan (ConcordWorkbook *workbook,
                 const char      *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook), explain, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* A workbook file at @path as a Concord of schema @version left it: what
 * the migrations up to @version create, then @sql; no defaults. */
void
test_make_old_workbook (const char *path,
                        int         version,
                        const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *reference = concord_workbook_open_reference_schema (version, &error);
  sqlite3 *db = NULL;
  sqlite3_backup *backup;
  g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                              CONCORD_APPLICATION_ID, version);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  backup = sqlite3_backup_init (db, "main", reference, "main");
  g_assert_nonnull (backup);
  g_assert_cmpint (sqlite3_backup_step (backup, -1), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_backup_finish (backup), ==, SQLITE_OK);
  sqlite3_close (reference);
  g_assert_cmpint (sqlite3_exec (db, pragmas, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  if (sql != NULL)
    test_raw_exec (path, sql);
}

/* A fresh workbook at dir/NAME, closed; with the sample company if asked. */
char *
test_make_workbook (const char *dir,
                    const char *name,
                    gboolean    sample)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  ConcordWorkbook *workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);

  g_assert_no_error (error);
  if (sample)
    {
      g_assert_true (concord_workbook_add_sample (workbook, &error));
      g_assert_no_error (error);
    }
  g_assert_finalize_object (workbook);

  return path;
}

/* Damages the b-tree pages @first to @last of a file with 4096-byte
 * pages, keeping its header intact. */
void
test_scribble_pages (const char *path,
                     long        first,
                     long        last)
{
  FILE *file = g_fopen (path, "r+b");

  g_assert_nonnull (file);
  for (long page = first; page <= last; page++)
    {
      char garbage[600];

      memset (garbage, 0xA5, sizeof garbage);
      fseek (file, page * 4096 - 1000, SEEK_SET);
      fwrite (garbage, 1, sizeof garbage, file);
    }
  fclose (file);
}

/* Opens, reads and closes @path the way a file chooser sniffs a file. */
void
test_sniff_file (const char *path)
{
  char buffer[512];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (read (fd, buffer, sizeof buffer), >=, 0);
  g_assert_cmpint (close (fd), ==, 0);
}

/* How many locks of this process /proc/locks lists on @path: POSIX ones
 * under our pid, open-file-description ones (OFDLCK, pid -1). */
guint
test_count_own_locks (const char *path)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *locks = NULL;
  g_autofree char *suffix = NULL;
  g_auto(GStrv) lines = NULL;
  struct stat st;
  guint n = 0;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (g_file_get_contents ("/proc/locks", &locks, NULL, NULL));
  suffix = g_strdup_printf (":%" G_GUINT64_FORMAT, (guint64) st.st_ino);

  lines = g_strsplit (locks, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      gboolean owned = FALSE;
      gboolean on_path = FALSE;

      for (guint j = 0; fields[j] != NULL; j++)
        {
          owned = owned || g_str_equal (fields[j], "OFDLCK") || g_str_equal (fields[j], pid);
          on_path = on_path || g_str_has_suffix (fields[j], suffix);
        }
      n += owned && on_path;
    }

  return n;
}

/* Imports one account called @name with concord-cli while the sqlite3
 * shell reads the same workbook, both at once, beside whatever this
 * process holds open. */
void
test_write_from_other_processes (const char *dir,
                                 const char *path,
                                 const char *name)
{
  g_autofree char *csv_name = g_strdup_printf ("%s.csv", name);
  g_autofree char *csv_path = g_build_filename (dir, csv_name, NULL);
  g_autofree char *csv = g_strdup_printf ("Account Name\n%s\n", name);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GSubprocess) shell = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (csv_path, csv, -1, NULL));
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                          g_getenv ("CONCORD_CLI"), "import-csv", path, "accounts", csv_path, NULL);
  g_assert_no_error (error);
  shell = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                            "sqlite3", "-bail", path, "SELECT count(*) FROM accounts;", NULL);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_wait_check (cli, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (shell, NULL, &error));
  g_assert_no_error (error);
}

gint64
test_add_account (ConcordWorkbook *workbook,
                  const char      *name)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  concord_fields_set_string (fields, "name", name);
  id = concord_workbook_insert (workbook, "accounts", fields, &error);
  g_assert_no_error (error);

  return id;
}

gint64
test_count_accounts_named (ConcordWorkbook *workbook,
                           const char      *name)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (concord_workbook_get_db (workbook),
                                       "SELECT count(*) FROM accounts WHERE name = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

void
test_rename (ConcordWorkbook *workbook,
             const char      *table,
             gint64           id,
             const char      *name)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_string (fields, "name", name);
  g_assert_true (concord_workbook_update (workbook, table, id, fields, &error));
  g_assert_no_error (error);
}

void
test_wait_next_millisecond (void)
{
  gint64 start = g_get_real_time () / 1000;

  while (g_get_real_time () / 1000 <= start)
    ;
}

void
test_wait_next_file_time (const char *path)
{
  struct stat st;
  struct timespec now;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  do
    g_assert_cmpint (clock_gettime (CLOCK_REALTIME_COARSE, &now), ==, 0);
  while (now.tv_sec < st.st_ctim.tv_sec ||
         (now.tv_sec == st.st_ctim.tv_sec && now.tv_nsec <= st.st_ctim.tv_nsec) ||
         now.tv_sec < st.st_mtim.tv_sec ||
         (now.tv_sec == st.st_mtim.tv_sec && now.tv_nsec <= st.st_mtim.tv_nsec));
}

void
test_assert_same_text_at (const char *file,
                          int         line,
                          const char *a,
                          const char *b)
{
  const char *a_line = a, *b_line = b;
  guint n = 1;

  /* One pass over both texts: splitting a text of many megabytes into
   * lines costs a search of the whole rest of it per line under
   * AddressSanitizer, whose strstr() measures its haystack each time. */
  if (strcmp (a, b) == 0)
    return;
  for (const char *p = a, *q = b; *p == *q; p++, q++)
    if (*p == '\n')
      {
        a_line = p + 1;
        b_line = q + 1;
        n++;
      }

  {
    g_autofree char *a_text = g_strndup (a_line, strcspn (a_line, "\n"));
    g_autofree char *b_text = g_strndup (b_line, strcspn (b_line, "\n"));
    g_autofree char *message = g_strdup_printf ("texts differ at line %u: “%s” and “%s”", n,
                                                *a_line != '\0' ? a_text : "(end)",
                                                *b_line != '\0' ? b_text : "(end)");

    g_assertion_message (G_LOG_DOMAIN, file, line, G_STRFUNC, message);
  }
}
