/* test-undo-outside.c: undo and redo never overwrite another writer */
#include "config.h"

#include <string.h>

#include "concord-account-import.h"
#include "concord-test-util.h"
#include "concord-store-private.h"

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
import_accounts (ConcordWorkbook *workbook,
                 const char      *csv)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordAccountImport) import =
    concord_account_import_new (workbook, CONCORD_IMPORT_ACCOUNTS, bytes, &error);

  g_assert_no_error (error);
  g_assert_true (concord_account_import_run (import, NULL, &error));
  g_assert_no_error (error);
}

/* Rows of @table the newest undo step's changeset holds; of versions
 * rows, those of records of @tbl. */
static guint
count_undo_rows (ConcordWorkbook *workbook,
                 const char      *table,
                 const char      *tbl)
{
  HistoryEntry *entry = g_ptr_array_index (workbook->undo_stack, workbook->undo_stack->len - 1);
  sqlite3_changeset_iter *iter = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (entry->changeset, &size);
  guint n = 0;

  g_assert_cmpint (sqlite3changeset_start (&iter, (int) size, (void *) data), ==, SQLITE_OK);
  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *name;
      int n_columns, op, indirect;
      sqlite3_value *value = NULL;

      g_assert_cmpint (sqlite3changeset_op (iter, &name, &n_columns, &op, &indirect), ==, SQLITE_OK);
      if (!g_str_equal (name, table))
        continue;
      if (tbl != NULL &&
          (op != SQLITE_INSERT || sqlite3changeset_new (iter, 0, &value) != SQLITE_OK ||
           g_strcmp0 ((const char *) sqlite3_value_text (value), tbl) != 0))
        continue;
      n++;
    }
  sqlite3changeset_finalize (iter);

  return n;
}

/* A CSV import keeps the accounts it adds as rows set aside, not in its
 * changeset; its updates and new people are in the changeset. Undo takes
 * exactly that back, keeping what another writer added since, and is
 * refused while another writer has changed an account it added; redo
 * puts it back. */
static void
test_undo_of_import (OutsideFixture *fixture,
                     gconstpointer   data)
{
  ConcordWorkbook *workbook = fixture->base.workbook;
  g_autoptr(GError) error = NULL;
  gint64 old_id, new_id;

  old_id = test_add_account (workbook, "Acme");
  import_accounts (workbook,
                   "Account Name,Website,Stage,Account Owner\n"
                   "Acme,,Engaged,\n"
                   "Borealis,borealis.example,Customer,Ada Owner\n"
                   "Cobalt,cobalt.example,Target,Ada Owner\n");
  new_id = test_query_int (workbook, "SELECT id FROM accounts WHERE name = 'Borealis'");
  g_assert_cmpint (new_id, >, old_id);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM temp.sqlite_schema "
                                             "WHERE name LIKE 'concord_undo_%' AND type = 'table'"), ==, 4);
  /* The changeset: Acme's update, its stage change and their dots,
   * Ada and her dot; nothing of the added accounts. */
  g_assert_cmpuint (count_undo_rows (workbook, "accounts", NULL), ==, 1);
  g_assert_cmpuint (count_undo_rows (workbook, "account_stage_changes", NULL), ==, 1);
  g_assert_cmpuint (count_undo_rows (workbook, "people", NULL), ==, 1);
  g_assert_cmpuint (count_undo_rows (workbook, "sync_versions", "people"), ==, 1);
  g_assert_cmpuint (count_undo_rows (workbook, "sync_versions", "accounts"), ==, 1);
  g_assert_cmpuint (count_undo_rows (workbook, "sync_versions", "account_stage_changes"), ==, 1);
  /* Acme's stage change and Borealis' initial stage. */
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes"), ==, 2);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM people WHERE name = 'Ada Owner'"), ==, 1);

  test_add_account (fixture->other, "Outsider");
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, 2);
  g_assert_cmpint (test_count_accounts_named (workbook, "Outsider"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts WHERE name = 'Acme' "
                                             "AND stage = 'target'"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes"), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM people WHERE name = 'Ada Owner'"), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'borealis'"), ==, 0);

  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, 4);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM account_stage_changes"), ==, 2);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts a JOIN people p ON p.id = a.sales_owner_id "
                                             "WHERE p.name = 'Ada Owner'"), ==, 2);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'borealis'"), ==, 1);

  test_rename (fixture->other, "accounts", new_id, "Borealis AG");
  assert_refused (workbook, TRUE, "Import Accounts", "The account “Borealis AG” was changed outside this window.");
  g_assert_cmpint (test_count_accounts_named (workbook, "Borealis AG"), ==, 1);
  g_assert_cmpint (test_count_accounts_named (workbook, "Cobalt"), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM people WHERE name = 'Ada Owner'"), ==, 1);
}

/* Contacts, their accounts, owners, search index and versions as one
 * line, to compare the workbook before and after a step. */
static char *
contacts_state (ConcordWorkbook *workbook)
{
  return test_query_string (workbook,
    "SELECT (SELECT group_concat (c, ';') FROM (SELECT c.name || '/' || ifnull (c.title, '') || '/' || a.name || '/' "
    "  || ifnull (p.name, '') AS c FROM contacts c JOIN accounts a ON a.id = c.account_id "
    "  LEFT JOIN people p ON p.id = c.owner_id ORDER BY c.id)) || ' | ' || "
    "(SELECT group_concat (name, ';') FROM (SELECT name FROM accounts ORDER BY id)) || ' | ' || "
    "(SELECT group_concat (name, ';') FROM (SELECT name FROM people ORDER BY id)) || ' | ' || "
    "(SELECT count (*) FROM accounts_fts WHERE accounts_fts MATCH 'ann') || ' ' || "
    "(SELECT count (*) FROM accounts_fts WHERE accounts_fts MATCH 'bob') || ' | ' || "
    "(SELECT group_concat (v, ';') FROM (SELECT c.name || ':' || v.field || ':' || v.deleted AS v "
    "  FROM sync_versions v JOIN contacts c ON c.uuid = v.uuid WHERE v.tbl = 'contacts' ORDER BY c.id, v.field)) "
    "|| ' | ' || (SELECT count (*) FROM sync_versions v WHERE v.tbl = 'contacts' AND v.deleted = 1 "
    "  AND v.uuid NOT IN (SELECT uuid FROM contacts))");
}

static guint
count_undo_copies (ConcordWorkbook *workbook)
{
  return (guint) test_query_int (workbook, "SELECT count(*) FROM temp.sqlite_schema "
                                           "WHERE name LIKE 'concord_undo_%' AND type = 'table'");
}

/* Undoes or redoes one step; then the state is @expected (unless NULL). */
static void
step_expecting (ConcordWorkbook *workbook,
                gboolean         undo,
                const char      *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  g_assert_true (undo ? concord_workbook_undo (workbook, &error) : concord_workbook_redo (workbook, &error));
  g_assert_no_error (error);
  state = contacts_state (workbook);
  if (expected != NULL)
    g_assert_cmpstr (state, ==, expected);
}

/* contacts_state () after the import below, but the versions. */
#define IMPORTED_CONTACTS \
  "Olga Old/CEO/Acme/;Ann Archer/CFO/Acme/Ada Owner;Bob Borealis/CTO/Borealis/ | Acme;Borealis | Ada Owner | 1 1"

/* A contacts import keeps the contacts it adds out of its changeset, as
 * the accounts import does with accounts: the new account it makes for
 * an unknown company, the update of a known contact and the new owner are
 * in it. Undo and redo bring back the contacts, the accounts, the search
 * index and the versions, after an edit in between too; another writer's
 * change to an added contact refuses undo; closing keeps the import. */
static void
test_undo_of_contacts_import (OutsideFixture *fixture,
                              gconstpointer   data)
{
  static const char csv[] =
    "Full Name,Job Title,Email,Company name,Company Domain,Contact owner\n"
    "Ann Archer,CFO,ann@acme.example,Acme,acme.example,Ada Owner\n"
    "Olga Old,CEO,olga@acme.example,Acme,acme.example,\n"
    "Bob Borealis,CTO,bob@borealis.example,Borealis,,\n";
  ConcordWorkbook *workbook = fixture->base.workbook;
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(ConcordAccountImport) preview = NULL;
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *state = NULL;
  gint64 acme, ann;

  acme = test_add_account (workbook, "Acme");
  concord_fields_set_string (fields, "domain", "acme.example");
  g_assert_true (concord_workbook_update (workbook, "accounts", acme, fields, &error));
  g_assert_no_error (error);
  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_id (fields, "account_id", acme);
  concord_fields_set_string (fields, "name", "Olga Old");
  concord_fields_set_string (fields, "email", "olga@acme.example");
  g_assert_cmpint (concord_workbook_insert (workbook, "contacts", fields, &error), >, 0);
  g_assert_no_error (error);
  concord_workbook_clear_history (workbook);
  before = contacts_state (workbook);

  /* The preview counts and leaves nothing behind. */
  preview = concord_account_import_new (workbook, CONCORD_IMPORT_CONTACTS, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (concord_account_import_count (preview, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (preview), ==, 2);
  g_assert_false (concord_workbook_can_undo (workbook));
  g_assert_cmpuint (count_undo_copies (workbook), ==, 0);
  state = contacts_state (workbook);
  g_assert_cmpstr (state, ==, before);
  g_clear_pointer (&state, g_free);

  /* As the window runs it: a few rows per main loop turn. */
  import = concord_account_import_new (workbook, CONCORD_IMPORT_CONTACTS, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (concord_account_import_begin (import, &error));
  g_assert_no_error (error);
  while (concord_account_import_step (import, 1, &error))
    g_assert_no_error (error);
  g_assert_no_error (error);
  g_assert_true (concord_account_import_commit (import, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (concord_account_import_get_n_created (import), ==, 2);
  g_assert_cmpuint (concord_account_import_get_n_updated (import), ==, 1);
  g_assert_cmpuint (concord_account_import_get_n_new_accounts (import), ==, 1);
  after = contacts_state (workbook);
  g_assert_cmpstr (after, ==, IMPORTED_CONTACTS " | Olga Old::0;Olga Old:title:0;Ann Archer::0;Bob Borealis::0 | 0");

  /* The changeset holds Olga's update, Borealis and Ada; the two added
   * contacts are rows set aside. */
  g_assert_cmpuint (count_undo_rows (workbook, "contacts", NULL), ==, 1);
  g_assert_cmpuint (count_undo_rows (workbook, "accounts", NULL), ==, 1);
  g_assert_cmpuint (count_undo_rows (workbook, "people", NULL), ==, 1);
  g_assert_cmpuint (count_undo_rows (workbook, "sync_versions", "contacts"), ==, 1);
  g_assert_cmpuint (count_undo_copies (workbook), ==, 2);

  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Import Contacts");
  step_expecting (workbook, TRUE, before);
  step_expecting (workbook, FALSE, after);

  /* An edit of an added contact in between: undone first, then the import.
   * The undo of the rename is an edit of Ann's name, with its dot. */
  ann = test_query_int (workbook, "SELECT id FROM contacts WHERE email = 'ann@acme.example'");
  test_rename (workbook, "contacts", ann, "Ann Lee");
  step_expecting (workbook, TRUE, IMPORTED_CONTACTS " | Olga Old::0;Olga Old:title:0;Ann Archer::0;"
                                  "Ann Archer:name:0;Bob Borealis::0 | 0");
  step_expecting (workbook, TRUE, before);
  step_expecting (workbook, FALSE, NULL);
  step_expecting (workbook, FALSE, NULL);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM contacts WHERE name = 'Ann Lee'"), ==, 1);
  step_expecting (workbook, TRUE, NULL);

  /* Someone else changed an added contact: undo would lose it. */
  test_rename (fixture->other, "contacts", ann, "Ann Archer-Smith");
  assert_refused (workbook, TRUE, "Import Contacts", "The contact “Ann Archer-Smith” was changed outside this window.");
  test_rename (fixture->other, "contacts", ann, "Ann Archer");

  /* Closed and opened again: the import stays, with nothing to undo. */
  g_clear_object (&preview);
  g_clear_object (&import);
  g_clear_object (&fixture->other);
  workbook_fixture_close (&fixture->base);
  fixture->base.workbook = workbook = concord_workbook_open (fixture->base.path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (concord_workbook_can_undo (workbook));
  g_assert_cmpuint (count_undo_copies (workbook), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM contacts"), ==, 3);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'ann'"), ==, 1);
}

/* Enough contacts that undo and redo index their accounts in bulk
 * (CONCORD_BULK_REPLAY_ROWS). */
static void
test_undo_of_large_contacts_import (OutsideFixture *fixture,
                                    gconstpointer   data)
{
  ConcordWorkbook *workbook = fixture->base.workbook;
  g_autoptr(GString) csv = g_string_new ("Full Name,Email,Company name\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ConcordAccountImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const guint n = CONCORD_BULK_REPLAY_ROWS + 44;

  test_add_account (workbook, "Acme");
  concord_workbook_clear_history (workbook);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "Zelda%u Quist,z%u@example.com,%s\n", i, i, i % 2 ? "Acme" : "Borealis");
  bytes = g_string_free_to_bytes (g_steal_pointer (&csv));
  before = contacts_state (workbook);

  import = concord_account_import_new (workbook, CONCORD_IMPORT_CONTACTS, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (concord_account_import_run (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_undo_rows (workbook, "contacts", NULL), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'quist'"), ==, 2);
  after = contacts_state (workbook);

  step_expecting (workbook, TRUE, before);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'quist'"), ==, 0);
  step_expecting (workbook, FALSE, after);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'quist'"), ==, 2);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM contacts"), ==, n);
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
  g_test_add ("/undo-outside/csv-import", OutsideFixture, NULL,
              outside_setup, test_undo_of_import, outside_teardown);
  g_test_add ("/undo-outside/contacts-import", OutsideFixture, NULL,
              outside_setup, test_undo_of_contacts_import, outside_teardown);
  g_test_add ("/undo-outside/contacts-import-large", OutsideFixture, NULL,
              outside_setup, test_undo_of_large_contacts_import, outside_teardown);
  g_test_add ("/undo-outside/notice", OutsideFixture, NULL,
              outside_setup, test_notice_outside_changes, outside_teardown);

  return g_test_run ();
}
