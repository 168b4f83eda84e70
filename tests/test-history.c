/* test-history.c: every edit can be undone and redone */
#include "config.h"

#include "concord-info.h"
#include "concord-test-util.h"

static gint64
add_person (ConcordWorkbook *workbook,
            const char      *name)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  concord_fields_set_string (fields, "name", name);
  id = concord_workbook_insert (workbook, "people", fields, &error);
  g_assert_no_error (error);

  return id;
}

static void
count_changes (ConcordWorkbook *workbook,
               const char      *table,
               GPtrArray       *seen)
{
  g_ptr_array_add (seen, (gpointer) g_intern_string (table));
}

static void
test_undo_redo_insert (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;

  add_person (workbook, "Ines Marchetti");
  g_assert_true (concord_workbook_can_undo (workbook));
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Add");

  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 0);
  g_assert_false (concord_workbook_can_undo (workbook));
  g_assert_true (concord_workbook_can_redo (workbook));

  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 1);
  g_assert_false (concord_workbook_can_redo (workbook));

  /* Nothing left to redo is an error, not a crash. */
  g_assert_false (concord_workbook_redo (workbook, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED);
}

static void
test_many_steps (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 id = add_person (workbook, "Step 0");

  for (int i = 1; i <= 50; i++)
    {
      g_autoptr(ConcordFields) fields = concord_fields_new ();
      g_autofree char *name = g_strdup_printf ("Step %d", i);

      concord_fields_set_string (fields, "name", name);
      g_assert_true (concord_workbook_update (workbook, "people", id, fields, &error));
    }

  for (int i = 50; i > 0; i--)
    g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);

  {
    g_autoptr(ConcordRecord) record = concord_workbook_get_record (workbook, "people", id, &error);
    g_assert_cmpstr (concord_record_get_string (record, "name"), ==, "Step 0");
  }

  for (int i = 0; i < 50; i++)
    g_assert_true (concord_workbook_redo (workbook, &error));

  {
    g_autoptr(ConcordRecord) record = concord_workbook_get_record (workbook, "people", id, &error);
    g_assert_cmpstr (concord_record_get_string (record, "name"), ==, "Step 50");
  }
}

static void
test_group_is_one_step (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_begin (workbook, "Add three people", &error));
  add_person (workbook, "A");
  add_person (workbook, "B");
  add_person (workbook, "C");
  g_assert_true (concord_workbook_commit (workbook, &error));
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Add three people");

  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 0);
  g_assert_false (concord_workbook_can_undo (workbook));
}

static void
test_rollback_records_nothing (WorkbookFixture *fixture,
                               gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_begin (workbook, "Abandoned", &error));
  add_person (workbook, "A");
  concord_workbook_rollback (workbook);

  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 0);
  g_assert_false (concord_workbook_can_undo (workbook));
  g_assert_false (concord_workbook_in_edit (workbook));
}

static void
test_new_edit_clears_redo (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;

  add_person (workbook, "A");
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_true (concord_workbook_can_redo (workbook));
  add_person (workbook, "B");
  g_assert_false (concord_workbook_can_redo (workbook));
}

/* Deleting a parent cascades; undo brings every child back, redo removes
 * them again without tripping over rows the cascade already removed. */
static void
test_cascade (WorkbookFixture *fixture,
              gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 plans, kpis, milestones, people_leading;
  gint64 plan_id, person_id;

  plans = concord_workbook_count (workbook, "plans");
  kpis = concord_workbook_count (workbook, "plan_kpis");
  milestones = concord_workbook_count (workbook, "plan_milestones");
  plan_id = test_query_int (workbook, "SELECT plan_id FROM plan_kpis GROUP BY plan_id ORDER BY count(*) DESC LIMIT 1");
  person_id = test_query_int (workbook, "SELECT sales_lead_id FROM plans WHERE sales_lead_id IS NOT NULL LIMIT 1");
  people_leading = test_query_int (workbook, "SELECT count(*) FROM plans WHERE sales_lead_id IS NOT NULL");

  g_assert_true (concord_workbook_delete (workbook, "plans", plan_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "plans"), ==, plans - 1);
  g_assert_cmpint (concord_workbook_count (workbook, "plan_kpis"), <, kpis);

  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "plans"), ==, plans);
  g_assert_cmpint (concord_workbook_count (workbook, "plan_kpis"), ==, kpis);
  g_assert_cmpint (concord_workbook_count (workbook, "plan_milestones"), ==, milestones);

  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "plans"), ==, plans - 1);
  g_assert_true (concord_workbook_undo (workbook, &error));

  /* ON DELETE SET NULL, then undo restores the link. */
  g_assert_true (concord_workbook_delete (workbook, "people", person_id, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM plans WHERE sales_lead_id IS NOT NULL"),
                   <, people_leading);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM plans WHERE sales_lead_id IS NOT NULL"),
                   ==, people_leading);
  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

/* Undo keeps the search index in step with the rows. */
static void
test_fts_follows_undo (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  const char *query = "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'zephyrine'";

  concord_fields_set_string (fields, "name", "Zephyrine Logistics");
  concord_workbook_insert (workbook, "accounts", fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, query), ==, 1);

  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, query), ==, 0);
  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, query), ==, 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts"), ==,
                   concord_workbook_count (workbook, "accounts"));
}

static void
test_sample_undo (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_add_sample (workbook, &error));
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), >, 0);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), ==, 0);
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 0);
  g_assert_cmpint (concord_workbook_count (workbook, "teams"), ==, 5);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts"), ==, 0);
}

static void
test_signals (WorkbookFixture *fixture,
              gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_signal_connect (workbook, "changed::people", G_CALLBACK (count_changes), seen);

  add_person (workbook, "A");
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_true (g_ptr_array_find (seen, g_intern_string ("people"), NULL));
}

static void
test_history_survives_persistence (WorkbookFixture *fixture,
                                   gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) again = NULL;
  g_autoptr(GError) error = NULL;

  add_person (fixture->workbook, "Kept");
  workbook_fixture_close (fixture);

  again = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* The edit was saved as it was made; history ends with the session. */
  g_assert_cmpint (concord_workbook_count (again, "people"), ==, 1);
  g_assert_false (concord_workbook_can_undo (again));
}

/* A bulk edit indexes once at the end; the index matches the rows after
 * the edit, its undo, its redo, and after a rolled-back bulk edit. */
static void
assert_index_exact (ConcordWorkbook *workbook)
{
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM accounts_fts"), ==,
                   concord_workbook_count (workbook, "accounts"));
  g_assert_cmpint (test_query_int (workbook,
                                   "SELECT count(*) FROM accounts a JOIN accounts_fts f ON f.rowid = a.id "
                                   "WHERE f.name IS NOT a.name"), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM sqlite_schema "
                                             "WHERE type = 'trigger' AND name LIKE '%fts%'"), ==, 6);
}

static void
test_bulk_index (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  const char *match = "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'quillon'";
  const char *by_contact = "SELECT count(*) FROM accounts_fts WHERE accounts_fts MATCH 'evadne'";

  g_assert_true (concord_workbook_begin (workbook, "Bulk", &error));
  g_assert_true (concord_workbook_begin_bulk (workbook, &error));
  for (int i = 0; i < 600; i++)
    {
      g_autoptr(ConcordFields) account = concord_fields_new ();
      g_autoptr(ConcordFields) contact = concord_fields_new ();
      g_autofree char *name = g_strdup_printf ("Quillon %d", i);
      gint64 id;

      concord_fields_set_string (account, "name", name);
      id = concord_workbook_insert (workbook, "accounts", account, &error);
      g_assert_no_error (error);
      if (i % 2 == 0)
        {
          concord_fields_set_int (contact, "account_id", id);
          concord_fields_set_string (contact, "name", "Evadne Moss");
          concord_workbook_insert (workbook, "contacts", contact, &error);
          g_assert_no_error (error);
        }
    }
  g_assert_true (concord_workbook_end_bulk (workbook, &error));
  g_assert_true (concord_workbook_commit (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, match), ==, 600);
  g_assert_cmpint (test_query_int (workbook, by_contact), ==, 300);
  assert_index_exact (workbook);

  /* Undo and redo replay in bulk too (600 rows). */
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, match), ==, 0);
  assert_index_exact (workbook);
  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, by_contact), ==, 300);
  assert_index_exact (workbook);

  /* A bulk edit that is rolled back leaves the triggers working. */
  g_assert_true (concord_workbook_begin (workbook, "Abandoned", &error));
  g_assert_true (concord_workbook_begin_bulk (workbook, &error));
  concord_workbook_rollback (workbook);
  {
    g_autoptr(ConcordFields) account = concord_fields_new ();

    concord_fields_set_string (account, "name", "Zephyrine Quillon");
    concord_workbook_insert (workbook, "accounts", account, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (test_query_int (workbook, match), ==, 601);
  assert_index_exact (workbook);
}

/* A write that fails half-way, as a module writes one: the guard is
 * dropped on the early return. */
static gboolean
add_two_then_fail (ConcordWorkbook  *workbook,
                   GError          **error)
{
  g_autoptr(ConcordEdit) edit = concord_workbook_edit (workbook, "Add two", error);

  if (edit == NULL)
    return FALSE;

  add_person (workbook, "Dropped 1");
  add_person (workbook, "Dropped 2");
  g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID, "refused half-way");

  return FALSE;
}

static void
test_guard_rolls_back (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  add_person (workbook, "Kept");
  add_person (workbook, "Undone");
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_signal_connect (workbook, "changed", G_CALLBACK (count_changes), seen);

  g_assert_false (add_two_then_fail (workbook, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);

  /* Nothing of it is seen, told or kept in the history. */
  g_assert_false (concord_workbook_in_edit (workbook));
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 1);
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Add");
  g_assert_cmpstr (concord_workbook_get_redo_label (workbook), ==, "Add");
  g_signal_handlers_disconnect_by_func (workbook, count_changes, seen);

  /* The undo step before it is still the one undo takes back. */
  g_clear_error (&error);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 0);
  g_assert_true (concord_workbook_redo (workbook, &error));

  /* Nothing was saved to the file either. */
  workbook_fixture_close (fixture);
  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM people"), ==, 1);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM people WHERE name LIKE 'Dropped%'"), ==, 0);
}

static void
test_guard_commit_is_one_step (WorkbookFixture *fixture,
                               gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(ConcordEdit) edit = concord_workbook_edit (workbook, "Add two people", &error);

    g_assert_no_error (error);
    g_assert_nonnull (edit);
    add_person (workbook, "A");
    add_person (workbook, "B");
    g_assert_true (concord_edit_commit (edit, &error));
    g_assert_no_error (error);
  }

  g_assert_false (concord_workbook_in_edit (workbook));
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 2);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Add two people");

  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 0);
  g_assert_false (concord_workbook_can_undo (workbook));
}

static void
test_guard_nested (WorkbookFixture *fixture,
                   gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordEdit) outer = concord_workbook_edit (workbook, "Outer", &error);

  g_assert_nonnull (outer);
  add_person (workbook, "Outer's");

  /* An inner guard that commits only closes its part... */
  {
    g_autoptr(ConcordEdit) inner = concord_workbook_edit (workbook, "Inner", &error);

    add_person (workbook, "Inner's");
    g_assert_true (concord_edit_commit (inner, &error));
    g_assert_true (concord_workbook_in_edit (workbook));
    g_assert_false (concord_workbook_can_undo (workbook));
  }

  /* ...one dropped uncommitted takes the whole edit with it. */
  g_assert_false (add_two_then_fail (workbook, &error));
  g_clear_error (&error);
  g_assert_false (concord_workbook_in_edit (workbook));
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 0);

  g_assert_false (concord_edit_commit (outer, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED);
  g_assert_false (concord_workbook_can_undo (workbook));

  /* A guard that outlives its edit leaves a later edit alone. */
  g_clear_pointer (&outer, concord_edit_free);
  g_clear_error (&error);
  outer = concord_workbook_edit (workbook, "Stale", &error);
  g_assert_false (add_two_then_fail (workbook, &error));
  g_clear_error (&error);
  {
    g_autoptr(ConcordEdit) later = concord_workbook_edit (workbook, "Later", &error);

    add_person (workbook, "After");
    g_clear_pointer (&outer, concord_edit_free);
    g_assert_true (concord_workbook_in_edit (workbook));
    g_assert_true (concord_edit_commit (later, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (concord_workbook_count (workbook, "people"), ==, 1);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Later");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/history/undo-redo-insert", WorkbookFixture, NULL,
              workbook_fixture_setup, test_undo_redo_insert, workbook_fixture_teardown);
  g_test_add ("/history/many-steps", WorkbookFixture, NULL,
              workbook_fixture_setup, test_many_steps, workbook_fixture_teardown);
  g_test_add ("/history/group-is-one-step", WorkbookFixture, NULL,
              workbook_fixture_setup, test_group_is_one_step, workbook_fixture_teardown);
  g_test_add ("/history/rollback-records-nothing", WorkbookFixture, NULL,
              workbook_fixture_setup, test_rollback_records_nothing, workbook_fixture_teardown);
  g_test_add ("/history/new-edit-clears-redo", WorkbookFixture, NULL,
              workbook_fixture_setup, test_new_edit_clears_redo, workbook_fixture_teardown);
  g_test_add ("/history/cascade", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_cascade, workbook_fixture_teardown);
  g_test_add ("/history/fts-follows-undo", WorkbookFixture, NULL,
              workbook_fixture_setup, test_fts_follows_undo, workbook_fixture_teardown);
  g_test_add ("/history/sample-undo", WorkbookFixture, NULL,
              workbook_fixture_setup, test_sample_undo, workbook_fixture_teardown);
  g_test_add ("/history/signals", WorkbookFixture, NULL,
              workbook_fixture_setup, test_signals, workbook_fixture_teardown);
  g_test_add ("/history/bulk-index", WorkbookFixture, NULL,
              workbook_fixture_setup, test_bulk_index, workbook_fixture_teardown);
  g_test_add ("/history/saved-as-made", WorkbookFixture, NULL,
              workbook_fixture_setup, test_history_survives_persistence, workbook_fixture_teardown);
  g_test_add ("/history/edit-guard/rolls-back", WorkbookFixture, NULL,
              workbook_fixture_setup, test_guard_rolls_back, workbook_fixture_teardown);
  g_test_add ("/history/edit-guard/commit-is-one-step", WorkbookFixture, NULL,
              workbook_fixture_setup, test_guard_commit_is_one_step, workbook_fixture_teardown);
  g_test_add ("/history/edit-guard/nested", WorkbookFixture, NULL,
              workbook_fixture_setup, test_guard_nested, workbook_fixture_teardown);

  return g_test_run ();
}
