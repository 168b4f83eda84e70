/* test-merge-dialog.c: conflicts shown, chosen, merged as one step */
#include "config.h"

#include <adwaita.h>

#include "concord-exchange.h"
#include "concord-exchange-controller.h"
#include "concord-merge-dialog.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"

/* A second workbook holding what the fixture's holds, as after an import. */
static ConcordWorkbook *
twin (WorkbookFixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "other.concord", NULL);
  g_autofree char *start = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *other = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);
  ConcordMergePlan *plan;

  g_assert_no_error (error);
  plan = concord_merge_plan_new_from_data (other, start, -1, "start.json", &error);
  g_assert_no_error (error);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);
  concord_merge_plan_free (plan);

  return other;
}

static void
rename_first_account (ConcordWorkbook *workbook,
                      const char      *name)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_string (fields, "name", name);
  g_assert_true (concord_workbook_update (workbook, "accounts",
                                          test_query_int (workbook, "SELECT id FROM accounts ORDER BY uuid LIMIT 1"),
                                          fields, &error));
}

static void
on_merged (ConcordMergeDialog *dialog,
           gboolean           *merged)
{
  *merged = TRUE;
}

static void
test_conflicts (WorkbookFixture *fixture,
                gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) other = twin (fixture);
  g_autofree char *later = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  ConcordMergePlan *plan;
  ConcordMergeDialog *dialog;
  gboolean merged = FALSE;

  rename_first_account (fixture->workbook, "Renamed over there");
  rename_first_account (other, "Renamed here");
  later = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);
  concord_workbook_clear_history (other);

  plan = concord_merge_plan_new_from_data (other, later, -1, "later.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 1);

  dialog = concord_merge_dialog_new (NULL, plan, "later.json");
  g_signal_connect (dialog, "merged", G_CALLBACK (on_merged), &merged);
  gtk_window_present (GTK_WINDOW (dialog));
  test_spin ();

  /* Merge is off until the conflict has a choice. */
  g_assert_false (test_action_can_be_pressed (GTK_WIDGET (dialog), "merge.apply"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.apply", NULL);
  test_spin ();
  g_assert_false (merged);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.all", "s", "theirs");
  test_spin ();
  g_assert_true (test_action_can_be_pressed (GTK_WIDGET (dialog), "merge.apply"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.apply", NULL);
  test_spin ();
  g_assert_true (merged);

  name = test_query_string (other, "SELECT name FROM accounts ORDER BY uuid LIMIT 1");
  g_assert_cmpstr (name, ==, "Renamed over there");
  g_assert_true (concord_workbook_undo (other, &error));
  g_clear_pointer (&name, g_free);
  name = test_query_string (other, "SELECT name FROM accounts ORDER BY uuid LIMIT 1");
  g_assert_cmpstr (name, ==, "Renamed here");
}

static void
set_on (ConcordWorkbook *workbook,
        const char      *sql,
        ConcordFields   *fields)
{
  g_autoptr(GError) error = NULL;
  const char *table = strstr (sql, "glossary_terms") ? "glossary_terms" : "accounts";

  g_assert_true (concord_workbook_update (workbook, table, test_query_int (workbook, sql), fields, &error));
  g_assert_no_error (error);
}

/* A pair of fields is one row and one choice; a field kept because ours
 * is newer is listed; Cancel changes nothing. */
static void
test_together_and_kept (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) other = twin (fixture);
  g_autofree char *later = NULL;
  g_autoptr(ConcordFields) unagree = concord_fields_new ();
  g_autoptr(ConcordFields) redate = concord_fields_new ();
  g_autoptr(ConcordFields) note = concord_fields_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  ConcordMergePlan *plan;
  ConcordMergeDialog *dialog;
  GtkWidget *pair = NULL;
  gboolean merged = FALSE;
  guint n_rows = 0;
  const char *group_sql = "SELECT id FROM glossary_terms WHERE term = 'MQL'";
  const char *account_sql = "SELECT id FROM accounts WHERE name = 'Brightwater Foods'";


  concord_fields_set_int (unagree, "agreed", 0);
  concord_fields_set_null (unagree, "agreed_on");
  set_on (fixture->workbook, group_sql, unagree);
  concord_fields_set_string (redate, "agreed_on", "2026-10-01");
  set_on (other, group_sql, redate);
  concord_fields_set_string (note, "notes", "Called them today");
  set_on (other, account_sql, note);
  later = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);

  /* Cancel: nothing merged. */
  plan = concord_merge_plan_new_from_data (other, later, -1, "later.json", &error);
  g_assert_no_error (error);
  dialog = concord_merge_dialog_new (NULL, plan, "later.json");
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  test_spin ();
  test_click (GTK_WIDGET (dialog), "_Cancel");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);
  g_assert_cmpint (test_query_int (other, "SELECT agreed FROM glossary_terms WHERE term = 'MQL'"), ==, 1);

  plan = concord_merge_plan_new_from_data (other, later, -1, "later.json", &error);
  g_assert_no_error (error);
  dialog = concord_merge_dialog_new (NULL, plan, "later.json");
  g_signal_connect (dialog, "merged", G_CALLBACK (on_merged), &merged);
  gtk_window_present (GTK_WINDOW (dialog));
  test_spin ();

  rows = test_collect_type (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

      g_test_message ("row: %s / %s", title, subtitle);
      if (g_str_equal (title, "Glossary term MQL — Agreed, Agreed on"))
        {
          n_rows++;
          g_assert_nonnull (strstr (subtitle, "Agreed: Yes, Agreed on: 1 Oct 2026"));
          g_assert_nonnull (strstr (subtitle, "Agreed: No, Agreed on: (empty)"));
          pair = g_ptr_array_index (rows, i);
        }
      else if (g_str_has_prefix (title, "Account Brightwater Foods — Notes: here “Called them today”"))
        n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_nonnull (pair);

  /* One choice settles the pair, and Merge comes on. */
  g_assert_false (gtk_widget_get_sensitive (test_find_button (GTK_WIDGET (dialog), "_Merge")));
  test_click (pair, "_Theirs");
  g_assert_true (gtk_widget_get_sensitive (test_find_button (GTK_WIDGET (dialog), "_Merge")));
  test_click (GTK_WIDGET (dialog), "_Merge");
  g_assert_true (merged);

  g_assert_cmpint (test_query_int (other, "SELECT agreed FROM glossary_terms WHERE term = 'MQL'"), ==, 0);
  g_assert_cmpint (test_query_int (other, "SELECT agreed_on IS NULL FROM glossary_terms WHERE term = 'MQL'"), ==, 1);
  g_assert_cmpint (test_query_int (other, "SELECT count(*) FROM accounts WHERE notes = 'Called them today'"), ==, 1);
}

static void
on_transfer_done (ConcordExchangeController  *controller,
                  const char                 *message,
                  char                      **said)
{
  g_free (*said);
  *said = g_strdup (message);
}

static void
on_transfer_failed (ConcordExchangeController  *controller,
                    const char                 *heading,
                    const char                 *message,
                    char                      **said)
{
  g_free (*said);
  *said = g_strdup_printf ("%s: %s", heading, message);
}

/* Runs the main loop until the controller has said something. */
static char *
wait_for_word (char **said)
{
  while (*said == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (said);
}

/* The window's exchange controller exports in a thread, reads a document
 * back into a merge plan, shows the merge dialog over the window, and
 * says what came of each. */
static void
test_exchange_controller (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) other = twin (fixture);
  g_autofree char *doc = g_build_filename (fixture->dir, "later.json", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.json", NULL);
  g_autofree char *expected = g_strdup_printf ("Exported to %s", doc);
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *word = NULL;
  g_autofree char *said = NULL;
  g_autoptr(ConcordExchangeController) controller = NULL;
  ConcordWindow *window = test_present_window (other);
  GtkWindow *dialog;

  controller = concord_exchange_controller_new (GTK_WINDOW (window));
  g_signal_connect (controller, "done", G_CALLBACK (on_transfer_done), &said);
  g_signal_connect (controller, "alert", G_CALLBACK (on_transfer_failed), &said);

  rename_first_account (fixture->workbook, "Renamed over there");
  concord_exchange_controller_set_workbook (controller, fixture->workbook);
  concord_exchange_controller_export (controller, doc);
  word = wait_for_word (&said);
  g_assert_cmpstr (word, ==, expected);
  g_assert_true (g_file_get_contents (doc, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Renamed over there"));
  g_clear_pointer (&word, g_free);

  /* Into the workbook the window shows: nothing changes before Merge. */
  concord_exchange_controller_set_workbook (controller, other);
  concord_exchange_controller_import (controller, doc);
  dialog = test_wait_for_toplevel (CONCORD_TYPE_MERGE_DIALOG, NULL);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_null (said);
  name = test_query_string (other, "SELECT name FROM accounts ORDER BY uuid LIMIT 1");
  g_assert_cmpstr (name, !=, "Renamed over there");
  g_clear_pointer (&name, g_free);
  test_click (GTK_WIDGET (dialog), "_Merge");
  word = wait_for_word (&said);
  g_assert_cmpstr (word, ==, "Merged. Undo takes the whole merge back.");
  g_clear_pointer (&word, g_free);
  name = test_query_string (other, "SELECT name FROM accounts ORDER BY uuid LIMIT 1");
  g_assert_cmpstr (name, ==, "Renamed over there");

  /* A file that is no Concord document is refused with the reason. */
  g_assert_true (g_file_set_contents (bad, "[1, 2, 3]", -1, NULL));
  concord_exchange_controller_import (controller, bad);
  word = wait_for_word (&said);
  g_assert_true (g_str_has_prefix (word, "Could Not Import: "));
  g_assert_null (test_find_toplevel (CONCORD_TYPE_MERGE_DIALOG, NULL));

  test_destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/merge-dialog/conflicts", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_conflicts, workbook_fixture_teardown);
  g_test_add ("/merge-dialog/together-and-kept", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_together_and_kept, workbook_fixture_teardown);

  g_test_add ("/merge-dialog/exchange-controller", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_exchange_controller, workbook_fixture_teardown);

  return g_test_run ();
}
