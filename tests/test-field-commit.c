/* test-field-commit.c: what the user typed is in the file, whichever way
 * they leave the field: Tab, another record, another page, closing the
 * window. Each test types as a user would, leaves, and then reads the
 * file through a second connection. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "concord-form.h"

#include "concord-initiative-editor.h"
#include "concord-preferences-window.h"
#include "concord-process-stage-editor.h"
#include "concord-processes-page.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

static GtkWidget *
find_entry (GtkWidget  *root,
            const char *title)
{
  GtkWidget *row = test_find_row (root, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  return row;
}

/* Focuses @field and replaces its text, as typing does. */
static void
type_into (GtkWidget  *field,
           const char *text)
{
  g_assert_true (gtk_widget_grab_focus (field));
  test_spin ();
  g_assert_true (gtk_widget_has_focus (field) || gtk_widget_get_focus_child (field) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (field), text);
  test_spin ();
}

static void
press_tab (GtkWidget *window)
{
  GtkWidget *before = gtk_root_get_focus (GTK_ROOT (window));

  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  test_spin ();
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) != before);
}

/* What the file holds, read by a connection of its own. */
static char *
stored (WorkbookFixture *fixture,
        const char      *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) other = concord_workbook_open (fixture->path, CONCORD_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return test_query_string (other, sql);
}

static ConcordWindow *
open_window (WorkbookFixture *fixture,
             const char      *page)
{
  ConcordWindow *window = concord_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 900);
  concord_window_set_workbook (window, fixture->workbook);
  gtk_window_present (GTK_WINDOW (window));
  test_spin ();
  g_assert_true (concord_window_show_page (window, page));
  test_spin ();

  return window;
}

/* Closes @window as its close button does; TRUE when it went away. */
static gboolean
close_window (gpointer window)
{
  GtkWidget *weak = GTK_WIDGET (window);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  gtk_window_close (GTK_WINDOW (window));
  test_spin ();
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &weak);

  return weak == NULL;
}

static void
assert_stored (WorkbookFixture *fixture,
               const char      *sql,
               const char      *expected)
{
  g_autofree char *value = stored (fixture, sql);

  g_assert_cmpstr (value, ==, expected);
}

static char *
sql_for (const char *format,
         gint64      id)
{
  return g_strdup_printf (format, id);
}

/* Selects @id on @page through its select action, as the dashboard does. */
static void
select_record (ConcordWindow *window,
               const char    *page,
               const char    *action,
               gint64         id)
{
  g_assert_true (concord_window_show_page (window, page));
  test_spin ();
  g_assert_true (gtk_widget_activate_action (concord_window_get_page (window, page), action, "x", id));
  test_spin ();
}

/* The message dialog open over @window, or NULL. */
static GtkWidget *
find_dialog (GtkWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        gtk_window_get_transient_for (l->data) == window)
      return l->data;

  return NULL;
}

/* Shows the plan of the first row of @table (a plan's KPIs or budget
 * lines) and opens that row's expander; @id is the row's id. */
static GtkWidget *
open_plan_item (WorkbookFixture *fixture,
                ConcordWindow   *window,
                const char      *table,
                const char      *name_column,
                gint64          *id)
{
  g_autofree char *min_sql = g_strdup_printf ("SELECT min (id) FROM %s", table);
  g_autofree char *plan_sql = NULL;
  g_autofree char *name_sql = NULL;
  g_autofree char *name = NULL;
  GtkWidget *expander;

  *id = test_query_int (fixture->workbook, min_sql);
  plan_sql = g_strdup_printf ("SELECT plan_id FROM %s WHERE id = %" G_GINT64_FORMAT, table, *id);
  name_sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = %" G_GINT64_FORMAT, name_column, table, *id);
  name = test_query_string (fixture->workbook, name_sql);

  select_record (window, "plans", "plans.select", test_query_int (fixture->workbook, plan_sql));
  expander = test_find_row (concord_window_get_page (window, "plans"), ADW_TYPE_EXPANDER_ROW, name);
  g_assert_nonnull (expander);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  test_spin ();

  return expander;
}

/* The reported case: KPI actual and baseline typed, Tab, Alt+1, then the
 * window closes with a third value still in its field. */
static void
test_kpi_tab_page_quit (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWindow *window = open_window (fixture, "plans");
  gint64 kpi_id;
  GtkWidget *kpi = open_plan_item (fixture, window, "plan_kpis", "name", &kpi_id);
  g_autofree char *actual = sql_for ("SELECT actual FROM plan_kpis WHERE id = %" G_GINT64_FORMAT, kpi_id);
  g_autofree char *baseline = sql_for ("SELECT baseline FROM plan_kpis WHERE id = %" G_GINT64_FORMAT, kpi_id);
  g_autofree char *target = sql_for ("SELECT target FROM plan_kpis WHERE id = %" G_GINT64_FORMAT, kpi_id);

  /* Passing through a field without typing writes nothing. */
  g_assert_true (gtk_widget_grab_focus (find_entry (kpi, "Actual")));
  test_spin ();
  press_tab (GTK_WIDGET (window));
  g_assert_false (concord_workbook_can_undo (fixture->workbook));

  type_into (find_entry (kpi, "Actual"), "4321");
  press_tab (GTK_WIDGET (window));
  assert_stored (fixture, actual, "4321.0");
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Change “Actual”");

  /* Focus stays in the baseline while the page changes (Alt+1). */
  type_into (find_entry (kpi, "Baseline"), "17");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "dashboard"));
  test_spin ();
  assert_stored (fixture, baseline, "17.0");
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Change “Baseline”");

  /* Typed, never left: closing the window (Ctrl+Q closes each) saves it. */
  g_assert_true (concord_window_show_page (window, "plans"));
  test_spin ();
  type_into (find_entry (kpi, "Target"), "9000");
  g_assert_true (close_window (window));
  assert_stored (fixture, target, "9000.0");
}

/* Types @text into the row titled @row_title for the first record of
 * @table, selects the last one, and checks the first kept the text. */
static void
type_then_select_other (WorkbookFixture *fixture,
                        const char      *page_name,
                        const char      *action,
                        const char      *table,
                        const char      *column,
                        const char      *row_title,
                        const char      *text)
{
  ConcordWindow *window = open_window (fixture, page_name);
  GtkWidget *page = concord_window_get_page (window, page_name);
  g_autofree char *min_sql = g_strdup_printf ("SELECT min (id) FROM %s", table);
  g_autofree char *max_sql = g_strdup_printf ("SELECT max (id) FROM %s", table);
  gint64 first = test_query_int (fixture->workbook, min_sql);
  gint64 second = test_query_int (fixture->workbook, max_sql);
  g_autofree char *value = g_strdup_printf ("SELECT %s FROM %s WHERE id = %" G_GINT64_FORMAT,
                                            column, table, first);

  select_record (window, page_name, action, first);
  type_into (find_entry (page, row_title), text);
  select_record (window, page_name, action, second);
  assert_stored (fixture, value, text);
  /* The other record's own value shows, not the one typed. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry (page, row_title))), !=, text);

  g_assert_true (close_window (window));
}

/* A plan's title, then another plan is selected. */
static void
test_plan_title_other_record (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  type_then_select_other (fixture, "plans", "plans.select", "plans", "title", "Title",
                          "Joint launch, renamed");
}

/* A person's job title, then another person is selected. */
static void
test_person_other_record (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  type_then_select_other (fixture, "people", "people.select", "people", "title", "Job Title",
                          "Head of Partnerships");
}

/* An account's field left with Tab; a contact's field left by closing. */
static void
test_account_and_contact (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  ConcordWindow *window = open_window (fixture, "accounts");
  gint64 contact = test_query_int (fixture->workbook, "SELECT min (id) FROM contacts");
  g_autofree char *account_sql = sql_for ("SELECT account_id FROM contacts WHERE id = %" G_GINT64_FORMAT, contact);
  gint64 account = test_query_int (fixture->workbook, account_sql);
  g_autofree char *industry = sql_for ("SELECT industry FROM accounts WHERE id = %" G_GINT64_FORMAT, account);
  g_autofree char *name_sql = sql_for ("SELECT name FROM contacts WHERE id = %" G_GINT64_FORMAT, contact);
  g_autofree char *name = test_query_string (fixture->workbook, name_sql);
  g_autofree char *title = sql_for ("SELECT title FROM contacts WHERE id = %" G_GINT64_FORMAT, contact);
  GtkWidget *editor, *expander;

  select_record (window, "accounts", "accounts.select", account);
  editor = test_find_type (concord_window_get_page (window, "accounts"), g_type_from_name ("ConcordAccountEditor"));
  g_assert_nonnull (editor);

  type_into (find_entry (editor, "Industry"), "Shipbuilding");
  press_tab (GTK_WIDGET (window));
  assert_stored (fixture, industry, "Shipbuilding");

  expander = test_find_row (editor, ADW_TYPE_EXPANDER_ROW, name);
  g_assert_nonnull (expander);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  test_spin ();
  type_into (find_entry (expander, "Title"), "Chief Buyer");
  g_assert_true (close_window (window));
  assert_stored (fixture, title, "Chief Buyer");
}

/* A stage's definition, then another stage is selected: it used to be
 * thrown away. */
static void
test_stage_definition_other_stage (WorkbookFixture *fixture,
                                   gconstpointer    data)
{
  ConcordWindow *window = open_window (fixture, "processes");
  GtkWidget *page = concord_window_get_page (window, "processes");
  GtkListBox *stages = GTK_LIST_BOX (gtk_widget_get_template_child (page, CONCORD_TYPE_PROCESSES_PAGE, "stage_list"));
  GtkWidget *editor = GTK_WIDGET (gtk_widget_get_template_child (page, CONCORD_TYPE_PROCESSES_PAGE, "editor"));
  g_autofree char *definition = NULL;
  gint64 stage;

  gtk_list_box_select_row (stages, gtk_list_box_get_row_at_index (stages, 0));
  test_spin ();
  stage = concord_process_stage_editor_get_stage_id (CONCORD_PROCESS_STAGE_EDITOR (editor));
  g_assert_cmpint (stage, >, 0);
  definition = sql_for ("SELECT definition FROM process_stages WHERE id = %" G_GINT64_FORMAT, stage);

  type_into (find_entry (editor, "Definition"), "Asked for a demo");
  gtk_list_box_select_row (stages, gtk_list_box_get_row_at_index (stages, 1));
  test_spin ();
  g_assert_cmpint (concord_process_stage_editor_get_stage_id (CONCORD_PROCESS_STAGE_EDITOR (editor)), !=, stage);
  assert_stored (fixture, definition, "Asked for a demo");
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Change “Definition”");

  g_assert_true (close_window (window));
}

/* A glossary term's definition, left with Tab. */
static void
test_glossary_term (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWindow *window = open_window (fixture, "processes");
  GtkWidget *page = concord_window_get_page (window, "processes");
  GtkListBox *glossary = GTK_LIST_BOX (gtk_widget_get_template_child (page, CONCORD_TYPE_PROCESSES_PAGE, "glossary_list"));
  GtkWidget *expander = GTK_WIDGET (gtk_list_box_get_row_at_index (glossary, 0));
  g_autofree char *term = NULL;
  g_autofree char *sql = NULL;

  g_assert_true (ADW_IS_EXPANDER_ROW (expander));
  term = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)));
  sql = g_strdup_printf ("SELECT definition FROM glossary_terms WHERE term = '%s'", term);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  test_spin ();
  type_into (find_entry (expander, "Agreed definition"), "What both teams mean by it");
  press_tab (GTK_WIDGET (window));
  assert_stored (fixture, sql, "What both teams mean by it");

  g_assert_true (close_window (window));
}

/* An initiative's title, in its editor over the window; closing the
 * window closes the editor, which saves. */
static void
test_initiative (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWindow *window = open_window (fixture, "roadmap");
  gint64 id = test_query_int (fixture->workbook, "SELECT min (id) FROM initiatives");
  g_autofree char *title = sql_for ("SELECT title FROM initiatives WHERE id = %" G_GINT64_FORMAT, id);
  g_autofree char *progress = sql_for ("SELECT progress FROM initiatives WHERE id = %" G_GINT64_FORMAT, id);
  GtkWidget *editor = concord_initiative_editor_new (GTK_WINDOW (window), fixture->workbook, id, 0);

  gtk_window_present (GTK_WINDOW (editor));
  test_spin ();
  type_into (find_entry (editor, "Title"), "Shared pipeline reviews");
  press_tab (editor);
  assert_stored (fixture, title, "Shared pipeline reviews");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (test_find_type (editor, GTK_TYPE_SPIN_BUTTON)), 35);
  test_spin ();
  assert_stored (fixture, progress, "35");

  type_into (find_entry (editor, "Title"), "Shared pipeline reviews, monthly");
  g_assert_true (close_window (window));
  assert_stored (fixture, title, "Shared pipeline reviews, monthly");
}

/* The workbook's currency, typed in lower case, saved when the
 * preferences close. */
static void
test_preference (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWindow *window = open_window (fixture, "dashboard");
  GtkWindow *preferences = concord_preferences_window_new (GTK_WINDOW (window), NULL, fixture->workbook);
  GtkWidget *currency;

  gtk_window_present (preferences);
  test_spin ();
  currency = find_entry (GTK_WIDGET (preferences), "_Currency (three-letter code)");
  type_into (currency, "eur");
  g_assert_true (close_window (preferences));
  assert_stored (fixture, "SELECT value FROM meta WHERE key = 'currency'", "EUR");
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Change “Currency (three-letter code)”");

  g_assert_true (close_window (window));
}

/* The same typed text is the same amount on every page: an account's
 * employees and revenue, a plan's budget line; "1,50" is refused on both. */
static void
test_one_reading_of_numbers (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  ConcordWindow *window = open_window (fixture, "accounts");
  gint64 account = test_query_int (fixture->workbook, "SELECT min (id) FROM accounts");
  g_autofree char *employees = sql_for ("SELECT employees FROM accounts WHERE id = %" G_GINT64_FORMAT, account);
  g_autofree char *revenue = sql_for ("SELECT annual_revenue FROM accounts WHERE id = %" G_GINT64_FORMAT, account);
  g_autofree char *planned = NULL;
  g_autofree char *planned_before = NULL;
  GtkWidget *editor, *expander, *field;
  gint64 line;

  select_record (window, "accounts", "accounts.select", account);
  editor = test_find_type (concord_window_get_page (window, "accounts"), g_type_from_name ("ConcordAccountEditor"));
  type_into (find_entry (editor, "Employees"), "1,200");
  type_into (find_entry (editor, "Annual revenue"), "1,200");
  press_tab (GTK_WIDGET (window));
  assert_stored (fixture, employees, "1200");
  assert_stored (fixture, revenue, "120000");

  field = find_entry (editor, "Annual revenue");
  type_into (field, "1,50");
  press_tab (GTK_WIDGET (window));
  g_assert_true (gtk_widget_has_css_class (field, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (field), "ambiguous"));
  assert_stored (fixture, revenue, "120000");
  concord_form_discard (editor);

  expander = open_plan_item (fixture, window, "plan_budget_lines", "item", &line);
  planned = sql_for ("SELECT planned FROM plan_budget_lines WHERE id = %" G_GINT64_FORMAT, line);
  planned_before = stored (fixture, planned);
  field = find_entry (expander, "Planned");
  type_into (field, "1,50");
  press_tab (GTK_WIDGET (window));
  g_assert_true (gtk_widget_has_css_class (field, "error"));
  assert_stored (fixture, planned, planned_before);
  type_into (field, "1,200");
  press_tab (GTK_WIDGET (window));
  assert_stored (fixture, planned, "120000");

  g_assert_true (close_window (window));
}

/* A value that cannot be saved stays, and closing asks: Keep Editing
 * keeps the window and the text, Discard closes without it. */
static void
test_invalid_close_asks (WorkbookFixture *fixture,
                         gconstpointer    data)
{
  ConcordWindow *window = open_window (fixture, "plans");
  gint64 kpi_id;
  GtkWidget *kpi = open_plan_item (fixture, window, "plan_kpis", "name", &kpi_id);
  GtkWidget *field = find_entry (kpi, "Actual");
  g_autofree char *actual = sql_for ("SELECT actual FROM plan_kpis WHERE id = %" G_GINT64_FORMAT, kpi_id);
  g_autofree char *before = stored (fixture, actual);
  GtkWidget *dialog;


  /* Refused on Tab: it stays, marked with its reason. */
  type_into (field, "lots");
  press_tab (GTK_WIDGET (window));
  g_assert_true (gtk_widget_has_css_class (field, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (field));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "lots");

  /* Another page keeps it too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "people"));
  test_spin ();

  /* Closing asks; Keep Editing keeps the window and brings the field back. */
  g_assert_false (close_window (window));
  dialog = find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  test_click (dialog, "_Keep Editing");
  g_assert_null (find_dialog (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (concord_window_get_page_name (window), ==, "plans");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "lots");
  g_assert_true (gtk_widget_has_focus (field) || gtk_widget_get_focus_child (field) != NULL);

  /* Escape on the dialog is Keep Editing too. */
  g_assert_false (close_window (window));
  dialog = find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  test_spin ();
  g_assert_null (find_dialog (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Discard closes, and the file keeps what it had. */
  g_assert_false (close_window (window));
  dialog = find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  test_click (dialog, "_Discard");
  g_assert_null (window);
  assert_stored (fixture, actual, before);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/field-commit/" path, WorkbookFixture, NULL, \
              workbook_fixture_setup_sample, func, workbook_fixture_teardown)
  ADD ("kpi-tab-page-quit", test_kpi_tab_page_quit);
  ADD ("plan-title-other-record", test_plan_title_other_record);
  ADD ("account-and-contact", test_account_and_contact);
  ADD ("person-other-record", test_person_other_record);
  ADD ("stage-definition-other-stage", test_stage_definition_other_stage);
  ADD ("glossary-term", test_glossary_term);
  ADD ("initiative", test_initiative);
  ADD ("preference", test_preference);
  ADD ("invalid-close-asks", test_invalid_close_asks);
  ADD ("one-reading-of-numbers", test_one_reading_of_numbers);
#undef ADD

  return g_test_run ();
}
