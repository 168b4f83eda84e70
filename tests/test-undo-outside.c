/* test-undo-outside.c: undo and redo never overwrite another writer */
#include "config.h"

#include "concord-test-util.h"
#include "concord-workbook-private.h"

typedef struct
{
  WorkbookFixture  base;
  ConcordWorkbook *other;  /* a second connection: the command line, a colleague */
} OutsideFixture;

static void
outside_setup (OutsideFixture *fixture,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  workbook_fixture_setup (&fixture->base, data);
  fixture->other = concord_workbook_open (fixture->base.path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
outside_teardown (OutsideFixture *fixture,
                  gconstpointer   data)
{
  g_clear_object (&fixture->other);
  workbook_fixture_teardown (&fixture->base, data);
}

static gint64
account_id (ConcordWorkbook *workbook,
            const char      *name)
{
  g_assert_cmpint (test_count_accounts_named (workbook, name), ==, 1);

  return concord_workbook_count (workbook, "accounts") > 0
    ? test_query_int (workbook, "SELECT max (id) FROM accounts") : 0;
}

static void
assert_refused (ConcordWorkbook *workbook,
                gboolean         undo,
                const char      *label,
                const char      *message)
{
  g_autoptr(GError) error = NULL;

  if (undo)
    g_assert_false (concord_workbook_undo (workbook, &error));
  else
    g_assert_false (concord_workbook_redo (workbook, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_CHANGED_OUTSIDE);
  g_assert_nonnull (strstr (error->message, message));
  g_assert_cmpstr (undo ? concord_workbook_get_undo_label (workbook)
                        : concord_workbook_get_redo_label (workbook), ==, label);
}

/* A value another writer set after the step survives undo and redo. */
static void
test_undo_keeps_outside_edit (OutsideFixture *fixture,
                              gconstpointer   data)
{
  ConcordWorkbook *workbook = fixture->base.workbook;
  g_autoptr(GError) error = NULL;
  gint64 id;

  test_add_account (workbook, "Acme");
  id = account_id (workbook, "Acme");
  test_rename (workbook, "accounts", id, "Acme Ltd");

  test_rename (fixture->other, "accounts", id, "Acme Group");
  assert_refused (workbook, TRUE, "Edit", "The account “Acme Group” was changed outside this window.");
  g_assert_cmpint (test_count_accounts_named (workbook, "Acme Group"), ==, 1);
  g_assert_true (concord_workbook_can_undo (workbook));
  g_assert_false (concord_workbook_can_redo (workbook));

  /* The sqlite3 shell does not touch updated_at; still refused. */
  g_assert_cmpint (sqlite3_exec (concord_workbook_get_db (fixture->other),
                                 "UPDATE accounts SET name = 'Acme Shell'", NULL, NULL, NULL), ==, SQLITE_OK);
  assert_refused (workbook, TRUE, "Edit", "“Acme Shell”");
  g_assert_cmpint (test_count_accounts_named (workbook, "Acme Shell"), ==, 1);

  /* Redo is refused the same way. */
  id = test_query_int (workbook, "SELECT max (id) FROM accounts") + 1;
  test_add_account (workbook, "Delta");
  test_rename (workbook, "accounts", id, "Delta Ltd");
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count_accounts_named (workbook, "Delta"), ==, 1);
  test_rename (fixture->other, "accounts", id, "Delta Group");
  assert_refused (workbook, FALSE, "Edit", "The account “Delta Group” was changed outside this window.");
  g_assert_cmpint (test_count_accounts_named (workbook, "Delta Group"), ==, 1);
}

static void
test_undo_of_deleted_row (OutsideFixture *fixture,
                          gconstpointer   data)
{
  ConcordWorkbook *workbook = fixture->base.workbook;
  g_autoptr(GError) error = NULL;
  gint64 id;

  test_add_account (workbook, "Borealis");
  id = account_id (workbook, "Borealis");
  test_rename (workbook, "accounts", id, "Borealis AG");

  g_assert_true (concord_workbook_delete (fixture->other, "accounts", id, &error));
  g_assert_no_error (error);
  assert_refused (workbook, TRUE, "Edit", "The account “Borealis AG” was deleted outside this window.");
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, 0);
}

/* Undoing a delete must not replace a record someone added since. */
static void
test_undo_of_delete_taken (OutsideFixture *fixture,
                           gconstpointer   data)
{
  ConcordWorkbook *workbook = fixture->base.workbook;
  g_autoptr(GError) error = NULL;
  gint64 id;

  test_add_account (workbook, "Cobalt");
  id = account_id (workbook, "Cobalt");
  g_assert_true (concord_workbook_delete (workbook, "accounts", id, &error));
  g_assert_no_error (error);

  test_add_account (fixture->other, "Newcomer");
  g_assert_cmpint (account_id (workbook, "Newcomer"), ==, id);
  assert_refused (workbook, TRUE, "Delete", "“Newcomer” was added outside this window");
  g_assert_cmpint (test_count_accounts_named (workbook, "Newcomer"), ==, 1);
  g_assert_cmpint (test_count_accounts_named (workbook, "Cobalt"), ==, 0);
}

static void
count_change (ConcordWorkbook *workbook,
              const char      *table,
              guint           *n)
{
  (*n)++;
}

static void
test_notice_outside_changes (OutsideFixture *fixture,
                             gconstpointer   data)
{
  ConcordWorkbook *workbook = fixture->base.workbook;
  guint n_accounts = 0;

  g_signal_connect (workbook, "changed::accounts", G_CALLBACK (count_change), &n_accounts);
  g_assert_false (concord_workbook_notice_outside_changes (workbook));

  /* Our own writes are not outside changes. */
  test_add_account (workbook, "Ours");
  g_assert_cmpuint (n_accounts, ==, 1);
  g_assert_false (concord_workbook_notice_outside_changes (workbook));

  test_add_account (fixture->other, "Theirs");
  g_assert_cmpuint (n_accounts, ==, 1);
  g_assert_true (concord_workbook_notice_outside_changes (workbook));
  g_assert_cmpuint (n_accounts, ==, 2);
  g_assert_false (concord_workbook_notice_outside_changes (workbook));
  g_assert_cmpuint (n_accounts, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/undo-outside/keeps-outside-edit", OutsideFixture, NULL,
              outside_setup, test_undo_keeps_outside_edit, outside_teardown);
  g_test_add ("/undo-outside/deleted-row", OutsideFixture, NULL,
              outside_setup, test_undo_of_deleted_row, outside_teardown);
  g_test_add ("/undo-outside/delete-taken", OutsideFixture, NULL,
              outside_setup, test_undo_of_delete_taken, outside_teardown);
  g_test_add ("/undo-outside/notice", OutsideFixture, NULL,
              outside_setup, test_notice_outside_changes, outside_teardown);

  return g_test_run ();
}
