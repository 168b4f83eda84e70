/* test-merge-dialog.c: conflicts shown, chosen, merged as one step */
#include "config.h"

#include <adwaita.h>

#include "concord-exchange.h"
#include "concord-exchange-controller.h"
#include "concord-merge-dialog.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"

/* Imports @text into @workbook, with no conflict to settle. */
static void
import_text (ConcordWorkbook *workbook,
             const char      *text)
{
  g_autoptr(GError) error = NULL;
  ConcordMergePlan *plan;

  plan = concord_merge_plan_new_from_data (workbook, text, -1, "start.json", &error);
  g_assert_no_error (error);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);
  concord_merge_plan_free (plan);
}

/* A second workbook holding what the fixture's holds, as after an import. */
static ConcordWorkbook *
twin (WorkbookFixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "other.concord", NULL);
  g_autofree char *start = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *other = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);

  g_assert_no_error (error);
  import_text (other, start);

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

static gboolean
is_subtitle (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "subtitle");
}

/* The line under a row's title: both values of a conflict. */
static const char *
row_subtitle (GtkWidget *row)
{
  GtkWidget *label;

  if (ADW_IS_ACTION_ROW (row))
    return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  label = test_find_widget (row, is_subtitle, NULL);

  return label ? gtk_label_get_label (GTK_LABEL (label)) : "";
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

  rows = test_collect_type (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));
      const char *subtitle = row_subtitle (g_ptr_array_index (rows, i));

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

/* Moves focus as Tab does (round to the first widget after the last)
 * and says where it went. */
static GtkWidget *
press_tab (GtkWidget *dialog)
{
  if (!gtk_widget_child_focus (dialog, GTK_DIR_TAB_FORWARD))
    {
      gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
      gtk_widget_child_focus (dialog, GTK_DIR_TAB_FORWARD);
    }

  return gtk_root_get_focus (GTK_ROOT (dialog));
}

static gboolean
takes_all_theirs (GtkWidget *widget)
{
  GVariant *target;

  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "merge.all") == 0 &&
         (target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget))) != NULL &&
         g_str_equal (g_variant_get_string (target, NULL), "theirs");
}

static gboolean
is_shown_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_drawable (widget);
}

/* At phone width a long conflict still fits: names and values wrap
 * rather than widen the dialog, nothing is cut off at its right edge,
 * and Tab reaches every button, Merge too once each row has a choice. */
static void
test_narrow (WorkbookFixture *fixture,
             gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) other = twin (fixture);
  g_autoptr(ConcordFields) there = concord_fields_new ();
  g_autoptr(ConcordFields) here = concord_fields_new ();
  g_autoptr(ConcordFields) kept = concord_fields_new ();
  g_autoptr(GPtrArray) buttons = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *later = NULL;
  const char *account_sql = "SELECT id FROM accounts WHERE name = 'Brightwater Foods'";
  ConcordMergePlan *plan;
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *dialog, *first, *focus = NULL, *merge;
  guint n_values = 0;
  int minimum, natural;

  concord_fields_set_string (there, "notes", "Renewal call moved to the second week of the quarter; "
                             "see https://crm.example.com/brightwater-foods-international-holdings/opportunities/renewal-2027");
  concord_fields_set_string (there, "name", "Brightwater Foods International Holdings and Distribution Services");
  set_on (fixture->workbook, account_sql, there);
  /* Changed only here, so kept: listed with its value. */
  concord_fields_set_string (kept, "notes", "Procurement portal: https://suppliers.example.com/"
                             "registration/northern-distribution-partners-international/EMEA-2026-000184");
  set_on (other, "SELECT id FROM accounts WHERE name <> 'Brightwater Foods' ORDER BY uuid LIMIT 1", kept);
  concord_fields_set_string (here, "notes", "BrightwaterFoodsInternationalHoldingsProcurementPortalReferenceNumber");
  concord_fields_set_string (here, "name", "Brightwater Foods (EMEA) Procurement and Logistics Subsidiary");
  set_on (other, account_sql, here);
  later = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);
  plan = concord_merge_plan_new_from_data (other, later, -1, "brightwater-foods-international-holdings-export.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, >=, 2);

  /* Opened over a window at a phone's width, it is no wider. */
  gtk_window_set_default_size (GTK_WINDOW (parent), 360, 760);
  gtk_window_present (GTK_WINDOW (parent));
  test_wait_for_frame (parent);
  dialog = GTK_WIDGET (concord_merge_dialog_new (GTK_WINDOW (parent), plan,
                                                 "brightwater-foods-international-holdings-export.json"));
  gtk_window_present (GTK_WINDOW (dialog));
  test_wait_for_frame (dialog);

  gtk_widget_measure (dialog, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("merge dialog: minimum width %d, natural width %d, shown %d",
                  minimum, natural, gtk_widget_get_width (dialog));
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (dialog), <=, 360);

  /* Both values are there in full, however long, and so is what is kept. */
  g_assert_cmpuint (concord_merge_plan_get_kept (plan)->len, >=, 1);
  labels = test_collect_type (dialog, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX) != NULL && gtk_widget_is_drawable (label))
        {
          g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
          n_values++;
        }
    }
  g_assert_cmpuint (n_values, >=, 2 * 2 + 1);

  /* Every button is whole on screen, none past the right edge. */
  buttons = test_collect_widgets (dialog, is_shown_button, NULL);
  g_assert_cmpuint (buttons->len, >=, 2 + 2 + 2);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (button, dialog, &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (dialog));
    }

  /* Tab goes round every button (Merge waits for the choices). */
  merge = test_find_actionable (dialog, "merge.apply");
  g_assert_false (gtk_widget_get_sensitive (merge));
  first = press_tab (dialog);
  g_assert_nonnull (first);
  g_hash_table_add (reached, first);
  for (guint i = 0; i < 200 && (focus = press_tab (dialog)) != first; i++)
    g_hash_table_add (reached, focus);
  g_assert_true (focus == first);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (button != merge && !g_hash_table_contains (reached, button))
        g_error ("Tab never reaches the button “%s” (%s)", gtk_button_get_label (GTK_BUTTON (button)),
                 G_OBJECT_TYPE_NAME (button));
    }

  /* Take All Theirs from the keyboard; then Tab reaches Merge. */
  for (guint i = 0; i < 100 && !takes_all_theirs (focus); i++)
    focus = press_tab (dialog);
  g_assert_true (takes_all_theirs (focus));
  g_signal_emit_by_name (focus, "clicked");
  test_spin ();
  g_assert_true (gtk_widget_get_sensitive (merge));
  for (guint i = 0; i < 100 && focus != merge; i++)
    focus = press_tab (dialog);
  g_assert_true (focus == merge);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (parent));
  test_spin ();
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

/* A document read into a new workbook, while another program imports
 * it too and deletes its accounts before Merge is pressed: nothing is
 * merged, the alert says why and what to do, the other program's work
 * stays, and Cancel still closes the dialog. */
static void
test_stale_fresh_plan (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  g_autofree char *doc = g_build_filename (fixture->dir, "doc.json", NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "new.concord", NULL);
  g_autofree char *text = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);
  g_autofree char *word = NULL;
  g_autofree char *said = NULL;
  g_autoptr(ConcordWorkbook) fresh = NULL;
  g_autoptr(ConcordWorkbook) other = NULL;
  g_autoptr(ConcordExchangeController) controller = NULL;
  g_autoptr(GError) error = NULL;
  ConcordWindow *window;
  GtkWindow *dialog;
  gint64 n_accounts = concord_workbook_count (fixture->workbook, "accounts");
  gint64 id;

  g_assert_cmpint (n_accounts, >, 0);
  g_assert_true (g_file_set_contents (doc, text, -1, NULL));
  fresh = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);
  g_assert_no_error (error);
  window = test_present_window (fresh);
  controller = concord_exchange_controller_new (GTK_WINDOW (window));
  g_signal_connect (controller, "done", G_CALLBACK (on_transfer_done), &said);
  g_signal_connect (controller, "alert", G_CALLBACK (on_transfer_failed), &said);
  concord_exchange_controller_set_workbook (controller, fresh);
  concord_exchange_controller_import (controller, doc);
  dialog = test_wait_for_toplevel (CONCORD_TYPE_MERGE_DIALOG, NULL);

  /* The other program: the same accounts, then none. */
  other = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  import_text (other, text);
  while ((id = test_query_int (other, "SELECT ifnull (min (id), 0) FROM accounts")) != 0)
    {
      g_assert_true (concord_workbook_delete (other, "accounts", id, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&other);

  test_click (GTK_WIDGET (dialog), "_Merge");
  word = wait_for_word (&said);
  g_test_message ("%s", word);
  /* People come before accounts; the other program added theirs too. */
  g_assert_true (g_str_has_prefix (word, "Could Not Merge: Person records changed in the workbook "
                                         "while the import waited. Nothing was imported; import “"));
  g_assert_true (g_str_has_suffix (word, "doc.json” again."));
  g_assert_cmpint (concord_workbook_count (fresh, "accounts"), ==, 0);
  g_assert_cmpint (test_query_int (fresh, "SELECT count (*) FROM sync_versions WHERE tbl = 'accounts' AND deleted = 1"),
                   ==, n_accounts);

  g_assert_nonnull (test_find_toplevel (CONCORD_TYPE_MERGE_DIALOG, NULL));
  test_click (GTK_WIDGET (dialog), "_Cancel");
  test_spin ();
  g_assert_null (test_find_toplevel (CONCORD_TYPE_MERGE_DIALOG, NULL));
  g_assert_cmpint (concord_workbook_count (fresh, "accounts"), ==, 0);

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
  g_test_add ("/merge-dialog/narrow", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_narrow, workbook_fixture_teardown);

  g_test_add ("/merge-dialog/exchange-controller", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_exchange_controller, workbook_fixture_teardown);

  g_test_add ("/merge-dialog/stale-fresh-plan", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_stale_fresh_plan, workbook_fixture_teardown);

  return g_test_run ();
}
