/* test-locks.c: nothing else in the process can drop the workbook's locks */
#include "config.h"

#include "concord-test-util.h"

static void
test_locks_survive_other_closes (WorkbookFixture *fixture,
                                 gconstpointer    data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autofree char *check = NULL;
  const char *names[] = { "Before", "From CLI", "After", "From CLI again", "Last" };

  test_add_account (fixture->workbook, names[0]);
  g_assert_cmpuint (test_count_own_locks (shm), >, 0);

  /* What GTK's file chooser does to every file of a folder it shows. */
  test_sniff_file (fixture->path);
  test_sniff_file (wal);
  test_sniff_file (shm);
  g_assert_cmpuint (test_count_own_locks (shm), >, 0);

  test_write_from_other_processes (fixture->dir, fixture->path, names[1]);
  test_add_account (fixture->workbook, names[2]);
  test_sniff_file (shm);
  test_write_from_other_processes (fixture->dir, fixture->path, names[3]);
  test_add_account (fixture->workbook, names[4]);

  /* A fresh connection sees every edit, and so does this one. */
  workbook_fixture_close (fixture);
  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, NULL);
  g_assert_nonnull (fixture->workbook);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpint (test_count_accounts_named (fixture->workbook, names[i]), ==, 1);
  check = test_query_string (fixture->workbook, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

/* The last connection on a file lets its locks go, as POSIX would. */
static void
test_locks_released_on_close (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autoptr(ConcordWorkbook) second = NULL;
  g_autoptr(GError) error = NULL;

  test_add_account (fixture->workbook, "One");
  second = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->workbook);
  g_assert_cmpuint (test_count_own_locks (shm), >, 0);
  test_add_account (second, "Two");
  g_assert_cmpint (test_count_accounts_named (second, "One"), ==, 1);

  /* Still usable from the outside while only the second is open. */
  test_write_from_other_processes (fixture->dir, fixture->path, "Three");
  g_assert_cmpint (test_count_accounts_named (second, "Three"), ==, 1);

  g_clear_object (&second);
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS) && test_count_own_locks (shm) > 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/locks/survive-other-closes", WorkbookFixture, NULL,
              workbook_fixture_setup, test_locks_survive_other_closes, workbook_fixture_teardown);
  g_test_add ("/locks/released-on-close", WorkbookFixture, NULL,
              workbook_fixture_setup, test_locks_released_on_close, workbook_fixture_teardown);

  return g_test_run ();
}
