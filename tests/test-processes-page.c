/* test-processes-page.c: the processes page, driven as a user would */
#include "config.h"

#include <adwaita.h>

#include "concord-process-stage-editor.h"
#include "concord-processes.h"
#include "concord-processes-page.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

static gboolean
is_warning_image (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_IMAGE (widget) && gtk_widget_has_css_class (widget, "warning");
}

/* The warning icon of the stage row titled @title. */
static GtkWidget *
stage_warning (GtkWidget  *page,
               const char *title)
{
  GtkWidget *row = test_find_row (page, ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);

  return test_find_widget (row, is_warning_image, NULL);
}

static void
test_new_process (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *page, *editor, *entry;
  AdwMessageDialog *dialog;
  gint64 before = concord_workbook_count (fixture->workbook, "processes");

  g_assert_true (concord_window_show_page (window, "processes"));
  test_spin ();
  page = concord_window_get_page (window, "processes");
  editor = test_find_type (page, CONCORD_TYPE_PROCESS_STAGE_EDITOR);
  g_assert_true (gtk_widget_get_visible (editor));

  /* Create waits for a name: blank is not one. */
  g_assert_true (gtk_widget_activate_action (page, "processes.new", NULL));
  test_spin ();
  dialog = test_find_message_dialog ("New Process");
  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Partner leads");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  adw_message_dialog_response (dialog, "confirm");
  test_spin ();
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "processes"), ==, before + 1);

  /* The new process has no stage yet: no other process's stage shows. */
  g_assert_false (gtk_widget_get_visible (editor));
  g_assert_null (test_find_row (page, ADW_TYPE_ACTION_ROW, "Hand-off meeting"));

  /* Cancel creates nothing. */
  g_assert_true (gtk_widget_activate_action (page, "processes.new", NULL));
  test_spin ();
  dialog = test_find_message_dialog ("New Process");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Never");
  adw_message_dialog_response (dialog, "cancel");
  test_spin ();
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "processes"), ==, before + 1);

  test_destroy_window (window);
}

static void
test_stage_findings (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *page, *warning;
  g_autoptr(GError) error = NULL;
  gint64 process = test_query_int (fixture->workbook,
                                   "SELECT process_id FROM process_stages WHERE name = 'Hand-off meeting'");

  g_assert_true (concord_window_show_page (window, "processes"));
  test_spin ();
  page = concord_window_get_page (window, "processes");
  concord_processes_page_select_process (CONCORD_PROCESSES_PAGE (page), process);
  test_spin ();

  /* The sample's stage without an SLA shows what check finds. */
  warning = stage_warning (page, "Hand-off meeting");
  g_assert_nonnull (warning);
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (warning), "no SLA is agreed"));

  /* Agreeing an SLA clears it, as the row follows the store. */
  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    concord_fields_set_int (fields, "sla_hours", 24);
    g_assert_true (concord_processes_update_stage (fixture->workbook,
                                                   test_query_int (fixture->workbook,
                                                                   "SELECT id FROM process_stages WHERE name = 'Hand-off meeting'"),
                                                   fields, &error));
    g_assert_no_error (error);
  }
  test_spin ();
  warning = stage_warning (page, "Hand-off meeting");
  g_assert_false (gtk_widget_get_visible (warning));

  test_destroy_window (window);
}

/* The process menu renames a process and rewords its description, which
 * may also be cleared. */
static void
test_rename_and_describe (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  ConcordWindow *window = test_present_window (workbook);
  GtkWidget *page;
  gint64 id = test_query_int (workbook, "SELECT id FROM processes WHERE name = 'Lead management'");

  g_assert_true (concord_window_show_page (window, "processes"));
  test_spin ();
  page = concord_window_get_page (window, "processes");
  concord_processes_page_select_process (CONCORD_PROCESSES_PAGE (page), id);
  test_spin ();

  g_assert_true (gtk_widget_activate_action (page, "processes.rename", NULL));
  test_answer_dialog ("Rename Process", "Lead qualification", "confirm");
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM processes WHERE name = 'Lead qualification'"), ==, 1);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Rename Process");

  g_assert_true (gtk_widget_activate_action (page, "processes.describe", NULL));
  test_answer_dialog ("Process Description", "From first touch to a qualified lead.", "confirm");
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM processes WHERE description = "
                                             "'From first touch to a qualified lead.'"), ==, 1);
  g_assert_nonnull (test_find_label (page, "From first touch to a qualified lead."));

  /* An empty description clears it (a name could not be empty). */
  g_assert_true (gtk_widget_activate_action (page, "processes.describe", NULL));
  test_answer_dialog ("Process Description", "", "confirm");
  g_assert_cmpint (test_query_int (workbook, "SELECT description IS NULL FROM processes WHERE name = 'Lead qualification'"),
                   ==, 1);

  test_destroy_window (window);
}

/* The move button of a rule row that moves it by @delta. */
static gboolean
moves_rule_by (GtkWidget     *widget,
               gconstpointer  delta)
{
  GVariant *target;
  gint64 id;
  int by;

  if (!GTK_IS_ACTIONABLE (widget) ||
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "processes.move-rule") != 0)
    return FALSE;

  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  g_variant_get (target, "(xi)", &id, &by);

  return by == GPOINTER_TO_INT (delta);
}

/* Terms and rules can be deleted, and rules reordered, from their rows;
 * each is one undo step. */
static void
test_terms_and_rules (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  ConcordWindow *window = test_present_window (workbook);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_rule = test_query_string (workbook, "SELECT rule FROM engagement_rules ORDER BY position LIMIT 1");
  g_autofree char *second_rule = test_query_string (workbook, "SELECT rule FROM engagement_rules ORDER BY position LIMIT 1 OFFSET 1");
  g_autofree char *order = NULL;
  g_autofree char *escaped = NULL;
  gint64 terms = concord_workbook_count (workbook, "glossary_terms");
  GtkWidget *page, *row, *button;
  AdwViewStack *view_stack;

  g_assert_true (concord_window_show_page (window, "processes"));
  test_spin ();
  page = concord_window_get_page (window, "processes");
  view_stack = ADW_VIEW_STACK (test_find_type (page, ADW_TYPE_VIEW_STACK));

  /* On the Glossary tab, as the user sees it. */
  adw_view_stack_set_visible_child_name (view_stack, "glossary");
  test_spin ();
  row = test_find_row (page, ADW_TYPE_EXPANDER_ROW, "MQL");
  g_assert_nonnull (row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  test_spin ();
  button = test_find_actionable (row, "processes.delete-record");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  test_spin ();
  g_assert_cmpint (concord_workbook_count (workbook, "glossary_terms"), ==, terms - 1);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM glossary_terms WHERE term = 'MQL'"), ==, 0);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM glossary_terms WHERE term = 'MQL'"), ==, 1);

  /* The first rule moves down past the second, and back with one undo. */
  adw_view_stack_set_visible_child_name (view_stack, "rules");
  test_spin ();
  /* Row titles are markup. */
  escaped = g_markup_escape_text (first_rule, -1);
  row = test_find_row (page, ADW_TYPE_EXPANDER_ROW, escaped);
  g_assert_nonnull (row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  test_spin ();
  button = test_find_widget (row, moves_rule_by, GINT_TO_POINTER (1));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  test_spin ();
  order = test_query_string (workbook, "SELECT group_concat (rule, '|') FROM "
                                       "(SELECT rule FROM engagement_rules ORDER BY position LIMIT 2)");
  {
    g_autofree char *expected = g_strdup_printf ("%s|%s", second_rule, first_rule);

    g_assert_cmpstr (order, ==, expected);
  }
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Move Rule");
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_clear_pointer (&order, g_free);
  order = test_query_string (workbook, "SELECT rule FROM engagement_rules ORDER BY position LIMIT 1");
  g_assert_cmpstr (order, ==, first_rule);

  test_destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/processes-page/new-process", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_new_process, workbook_fixture_teardown);
  g_test_add ("/processes-page/rename-and-describe", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_rename_and_describe, workbook_fixture_teardown);
  g_test_add ("/processes-page/terms-and-rules", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_terms_and_rules, workbook_fixture_teardown);
  g_test_add ("/processes-page/stage-findings", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_stage_findings, workbook_fixture_teardown);

  return g_test_run ();
}
