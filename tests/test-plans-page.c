/* test-plans-page.c: build a plan through the window, undo, redo, and read
 * the dashboard */
#include "config.h"

#include <adwaita.h>

#include "concord-dashboard-page.h"
#include "concord-date-row.h"
#include "concord-people-page.h"
#include "concord-plans.h"
#include "concord-plans-page.h"
#include "concord-record-drop-down.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"
#include "concord-workbook-private.h"

static gboolean
row_has_error (GtkWidget  *root,
               GType       type,
               const char *title)
{
  GtkWidget *row = test_find_row (root, type, title);

  g_assert_nonnull (row);
  return gtk_widget_has_css_class (row, "error");
}

static void
undo (ConcordWorkbook *workbook)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  test_spin ();
}

static void
redo (ConcordWorkbook *workbook)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_workbook_redo (workbook, &error));
  g_assert_no_error (error);
  test_spin ();
}

static void
test_build_plan (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  GtkWindow *window, *dashboard_window;
  GtkWidget *page, *kpi, *line, *status, *dashboard_page;
  const ConcordDashboard *dashboard;
  g_autofree char *today = concord_date_today ();
  gint64 plan_id;

  page = test_present_page (CONCORD_TYPE_PLANS_PAGE, wb, 1200, 900, &window);
  dashboard_page = test_present_page (CONCORD_TYPE_DASHBOARD_PAGE, wb, 1200, 900, &dashboard_window);

  /* A new plan is one undo step, selected and ready to edit. */
  g_assert_true (gtk_widget_activate_action (page, "plans.add", NULL));
  test_spin ();
  g_assert_cmpint (concord_workbook_count (wb, "plans"), ==, 1);
  plan_id = concord_plans_page_get_selected_id (CONCORD_PLANS_PAGE (page));
  g_assert_cmpint (plan_id, ==, test_query_int (wb, "SELECT id FROM plans"));

  test_apply_text (page, "Title", "Food plants, Q3");
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plans WHERE title = 'Food plants, Q3'"), ==, 1);

  status = test_find_row (page, ADW_TYPE_COMBO_ROW, "Status");
  adw_combo_row_set_selected (ADW_COMBO_ROW (status), 2);
  test_spin ();
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plans WHERE status = 'active'"), ==, 1);

  concord_date_row_set_date (CONCORD_DATE_ROW (test_find_row (page, CONCORD_TYPE_DATE_ROW, "Start")), today);
  test_spin ();
  /* An end before the start is refused, shown on the row, and not saved. */
  concord_date_row_set_date (CONCORD_DATE_ROW (test_find_row (page, CONCORD_TYPE_DATE_ROW, "End")), "2001-01-01");
  test_spin ();
  g_assert_true (row_has_error (page, CONCORD_TYPE_DATE_ROW, "End"));
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plans WHERE end_on IS NULL"), ==, 1);
  concord_date_row_set_date (CONCORD_DATE_ROW (test_find_row (page, CONCORD_TYPE_DATE_ROW, "End")), "2999-12-31");
  test_spin ();
  g_assert_false (row_has_error (page, CONCORD_TYPE_DATE_ROW, "End"));
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plans WHERE end_on = '2999-12-31'"), ==, 1);

  /* A KPI: a word where a number belongs is refused beside the field. */
  g_assert_true (gtk_widget_activate_action (page, "plans.add-kpi", NULL));
  test_spin ();
  g_assert_cmpint (concord_workbook_count (wb, "plan_kpis"), ==, 1);
  kpi = test_find_row (page, ADW_TYPE_EXPANDER_ROW, "New KPI");
  g_assert_nonnull (kpi);
  test_apply_text (kpi, "Target", "300");
  test_apply_text (kpi, "Actual", "lots");
  g_assert_true (row_has_error (kpi, ADW_TYPE_ENTRY_ROW, "Actual"));
  g_assert_cmpint (test_query_int (wb, "SELECT actual FROM plan_kpis"), ==, 0);
  test_apply_text (kpi, "Actual", "150");
  g_assert_false (row_has_error (kpi, ADW_TYPE_ENTRY_ROW, "Actual"));
  g_assert_cmpint (test_query_int (wb, "SELECT target FROM plan_kpis"), ==, 300);
  g_assert_cmpint (test_query_int (wb, "SELECT actual FROM plan_kpis"), ==, 150);

  /* A budget line: amounts in cents, never negative. */
  g_assert_true (gtk_widget_activate_action (page, "plans.add-budget-line", NULL));
  test_spin ();
  line = test_find_row (page, ADW_TYPE_EXPANDER_ROW, "New budget line");
  g_assert_nonnull (line);
  test_apply_text (line, "Planned", "1,000");
  test_apply_text (line, "Actual", "-5");
  g_assert_true (row_has_error (line, ADW_TYPE_ENTRY_ROW, "Actual"));
  test_apply_text (line, "Actual", "1200.50");
  g_assert_cmpint (test_query_int (wb, "SELECT planned FROM plan_budget_lines"), ==, 100000);
  g_assert_cmpint (test_query_int (wb, "SELECT actual FROM plan_budget_lines"), ==, 120050);

  /* Undo and redo, one step each (what win.undo and win.redo call). */
  /* One step, named after the field. */
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Change “Actual”");
  undo (wb);
  g_assert_cmpint (test_query_int (wb, "SELECT actual FROM plan_budget_lines"), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (test_find_row (line, ADW_TYPE_ENTRY_ROW, "Actual"))), ==, "0");
  redo (wb);
  g_assert_cmpint (test_query_int (wb, "SELECT actual FROM plan_budget_lines"), ==, 120050);
  /* The editor follows the store. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (test_find_row (line, ADW_TYPE_ENTRY_ROW, "Actual"))), ==, "1200.50");

  /* The dashboard, open all along, adds it all up. */
  dashboard = concord_dashboard_page_get_dashboard (CONCORD_DASHBOARD_PAGE (dashboard_page));
  g_assert_nonnull (dashboard);
  g_assert_cmpint (dashboard->n_active_plans, ==, 1);
  g_assert_cmpint (dashboard->kpis->len, ==, 1);
  g_assert_cmpfloat (((ConcordDashboardKpi *) g_ptr_array_index (dashboard->kpis, 0))->fraction, ==, 0.5);
  g_assert_cmpint (dashboard->budget.planned_total, ==, 100000);
  g_assert_cmpint (dashboard->budget.actual_total, ==, 120050);
  g_assert_cmpint (dashboard->budget.planned[CONCORD_FUNDER_SHARED], ==, 100000);
  g_assert_cmpint (dashboard->budget.n_over_budget, ==, 1);

  /* Undoing the line's amounts and the line itself moves the dashboard. */
  undo (wb);
  undo (wb);
  undo (wb);
  dashboard = concord_dashboard_page_get_dashboard (CONCORD_DASHBOARD_PAGE (dashboard_page));
  g_assert_cmpint (concord_workbook_count (wb, "plan_budget_lines"), ==, 0);
  g_assert_cmpint (dashboard->budget.planned_total, ==, 0);
  g_assert_cmpint (dashboard->kpis->len, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  test_destroy_window (dashboard_window);
}

/* A row the user can activate, on screen. */
static gboolean
is_shown_activatable_row (GtkWidget     *widget,
                          gconstpointer  data)
{
  return GTK_IS_LIST_BOX_ROW (widget) && gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) &&
         gtk_widget_get_mapped (widget);
}

static void
test_dashboard_opens_plan (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *page, *row;
  const ConcordDashboard *dashboard;
  ConcordDashboardKpi *kpi;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "dashboard");
  test_spin ();

  page = concord_window_get_page (window, "dashboard");
  dashboard = concord_dashboard_page_get_dashboard (CONCORD_DASHBOARD_PAGE (page));
  g_assert_cmpint (dashboard->kpis->len, >, 0);
  kpi = g_ptr_array_index (dashboard->kpis, 0);

  /* The first row of the first card is the first KPI. */
  row = test_find_widget (page, is_shown_activatable_row, NULL);
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  test_spin ();

  g_assert_cmpstr (concord_window_get_page_name (window), ==, "plans");
  g_assert_cmpint (concord_plans_page_get_selected_id (CONCORD_PLANS_PAGE (concord_window_get_page (window, "plans"))),
                   ==, kpi->plan_id);

  test_destroy_window (window);
}

static void
test_people_page (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  gint64 before = concord_workbook_count (wb, "people");
  GtkWindow *window;
  GtkWidget *page;

  page = test_present_page (CONCORD_TYPE_PEOPLE_PAGE, wb, 1200, 900, &window);

  g_assert_true (gtk_widget_activate_action (page, "people.add", NULL));
  test_spin ();
  g_assert_cmpint (concord_workbook_count (wb, "people"), ==, before + 1);

  test_apply_text (page, "Email", "not an address");
  g_assert_true (row_has_error (page, ADW_TYPE_ENTRY_ROW, "Email"));
  test_apply_text (page, "Name", "Ana Ruiz");
  test_apply_text (page, "Email", "ana@example.com");
  g_assert_false (row_has_error (page, ADW_TYPE_ENTRY_ROW, "Email"));
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM people WHERE name = 'Ana Ruiz'"
                                       " AND email = 'ana@example.com'"), ==, 1);

  /* She owns nothing, so she goes at once; Undo brings her back. */
  g_assert_true (gtk_widget_activate_action (page, "people.delete", NULL));
  test_spin ();
  g_assert_cmpint (concord_workbook_count (wb, "people"), ==, before);
  undo (wb);
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM people WHERE name = 'Ana Ruiz'"), ==, 1);

  /* Someone with accounts is selectable by id, e.g. from another page. */
  g_assert_true (gtk_widget_activate_action (page, "people.select", "x",
                                             test_query_int (wb, "SELECT id FROM people WHERE name = 'Hana Sato'")));
  test_spin ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (test_find_row (page, ADW_TYPE_ENTRY_ROW, "Name"))), ==, "Hana Sato");

  test_destroy_window (window);
}

static gboolean
is_account_picker (GtkWidget     *widget,
                   gconstpointer  data)
{
  g_autofree char *table = NULL;

  if (!CONCORD_IS_RECORD_DROP_DOWN (widget))
    return FALSE;
  g_object_get (widget, "table", &table, NULL);
  return g_strcmp0 (table, "accounts") == 0;
}

/* @n accounts, "Account 00001" onwards, in one step. */
static void
add_accounts (ConcordWorkbook *workbook,
              guint            n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql =
    g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
                     "INSERT INTO accounts (name) SELECT printf ('Account %%05d', i) FROM n", n);

  g_assert_true (concord_workbook_begin (workbook, "Generate", &error));
  g_assert_true (concord_workbook_exec (workbook, sql, &error));
  g_assert_true (concord_workbook_commit (workbook, &error));
  g_assert_no_error (error);
}

/* The rows the drop-down offers: "Choose…" and the accounts it has read. */
static guint
n_offered (GtkWidget *drop_down)
{
  return g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down)));
}

static gboolean
is_popover_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static gboolean
offers_all_accounts (gpointer data)
{
  return n_offered (data) == 1 + test_query_int (g_object_get_data (data, "workbook"), "SELECT count(*) FROM accounts");
}

static gboolean
is_narrowed_to_one (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (data)))) == 1;
}

/* The plan's "Add Account" picker reads no account until its list opens;
 * opened from the keyboard it offers every account, current, and what is
 * picked there is linked, one undo step. */
static void
test_account_picker_reads_when_opened (WorkbookFixture *fixture,
                                       gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  ConcordWindow *window;
  GtkWidget *page, *picker, *inner, *button, *popover, *search, *list;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) other = NULL;
  g_autofree char *other_path = NULL;
  gint64 plan_id, wanted;

  add_accounts (wb, 3000);
  plan_id = concord_plans_create (wb, "Food plants, Q3", &error);
  g_assert_no_error (error);
  wanted = test_query_int (wb, "SELECT id FROM accounts WHERE name = 'Account 01234'");

  window = test_present_window (wb);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "plans");
  test_spin ();
  page = concord_window_get_page (window, "plans");
  g_assert_true (gtk_widget_activate_action (page, "plans.select", "x", plan_id));
  test_spin ();

  /* The page and its plan shown, the main loop idle: not one account read. */
  picker = test_find_widget (page, is_account_picker, NULL);
  g_assert_nonnull (picker);
  /* As the user finds it: asking the picker for it would read the list. */
  inner = test_find_type (picker, GTK_TYPE_DROP_DOWN);
  g_assert_cmpuint (n_offered (inner), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (inner)), ==, 0);
  g_assert_nonnull (test_find_label (picker, "Choose…"));
  /* Nor after an account is added elsewhere. */
  test_add_account (wb, "Zephyr Mills");
  test_spin ();
  g_assert_cmpuint (n_offered (inner), ==, 1);

  /* The keyboard opens it: every account, the new one too. */
  button = test_find_type (inner, GTK_TYPE_TOGGLE_BUTTON);
  popover = test_find_type (inner, GTK_TYPE_POPOVER);
  gtk_widget_grab_focus (button);
  test_press_key (button, GDK_KEY_space, 0);
  test_wait_until (is_popover_shown, popover, 10, "the account list to open");
  g_object_set_data (G_OBJECT (inner), "workbook", wb);
  test_wait_until (offers_all_accounts, inner, 30, "every account in the list");
  g_assert_cmpuint (n_offered (inner), ==, 3000 + 1 + 1);

  /* Typing narrows it; activating the one row left picks it. */
  search = test_find_type (popover, GTK_TYPE_SEARCH_ENTRY);
  list = test_find_type (popover, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (search);
  g_assert_nonnull (list);
  gtk_editable_set_text (GTK_EDITABLE (search), "Account 01234");
  test_wait_until (is_narrowed_to_one, list, 10, "the search to narrow the list");
  gtk_selection_model_select_item (gtk_list_view_get_model (GTK_LIST_VIEW (list)), 0, TRUE);
  g_signal_emit_by_name (list, "activate", 0);
  test_spin ();
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpint (concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (picker)), ==, wanted);
  g_assert_nonnull (test_find_label (inner, "Account 01234"));

  /* Linked, and the picker back at "Choose…"; undo unlinks it. */
  test_click (page, "_Link");
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plan_accounts"), ==, 1);
  g_assert_cmpint (test_query_int (wb, "SELECT account_id FROM plan_accounts"), ==, wanted);
  g_assert_cmpint (concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (picker)), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (inner)), ==, 0);
  g_assert_nonnull (test_find_label (page, "Account 01234"));
  undo (wb);
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plan_accounts"), ==, 0);
  redo (wb);
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plan_accounts"), ==, 1);

  /* Once read, the list follows the accounts. */
  test_add_account (wb, "Aardvark Foods");
  test_wait_until (offers_all_accounts, inner, 30, "the new account in the list");
  g_assert_cmpuint (n_offered (inner), ==, 3000 + 2 + 1);

  /* Another workbook's accounts wait again until the list opens. */
  other_path = test_make_workbook (fixture->dir, "other.concord", TRUE);
  other = concord_workbook_open (other_path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (other, "accounts"), >, 0);
  concord_window_set_workbook (window, other);
  test_spin ();
  g_assert_true (test_find_widget (concord_window_get_page (window, "plans"), is_account_picker, NULL) == picker);
  g_assert_cmpuint (n_offered (inner), ==, 1);

  test_destroy_window (window);
}

/* A lazy picker given a record before its list opens shows that record,
 * read alone by its id, and follows its edits; opened, it offers every
 * record with the same one chosen. */
static void
test_lazy_picker_shows_choice (WorkbookFixture *fixture,
                               gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *picker = concord_record_drop_down_new (NULL, "accounts", "name", TRUE);
  ConcordRecordDropDown *drop_down = CONCORD_RECORD_DROP_DOWN (picker);
  GtkWidget *inner = test_find_type (picker, GTK_TYPE_DROP_DOWN);
  g_autoptr(GError) error = NULL;
  gint64 wanted;

  add_accounts (wb, 3000);
  wanted = test_query_int (wb, "SELECT id FROM accounts WHERE name = 'Account 01234'");
  concord_record_drop_down_set_lazy (drop_down, TRUE);
  concord_record_drop_down_set_workbook (drop_down, wb);
  concord_record_drop_down_set_selected_id (drop_down, wanted);
  gtk_window_set_child (GTK_WINDOW (window), picker);
  gtk_window_present (GTK_WINDOW (window));
  test_spin ();

  /* "None" and the one record. */
  g_assert_cmpuint (n_offered (inner), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (inner)), ==, 1);
  g_assert_nonnull (test_find_label (inner, "Account 01234"));
  g_assert_cmpint (concord_record_drop_down_get_selected_id (drop_down), ==, wanted);

  /* Renamed elsewhere, and back with undo. */
  test_rename (wb, "accounts", wanted, "Zephyr Mills");
  test_spin ();
  g_assert_nonnull (test_find_label (inner, "Zephyr Mills"));
  undo (wb);
  g_assert_nonnull (test_find_label (inner, "Account 01234"));
  g_assert_cmpuint (n_offered (inner), ==, 2);

  /* Deleted, it shows no choice but stays picked; undo shows it again. */
  g_assert_true (concord_workbook_delete (wb, "accounts", wanted, &error));
  g_assert_no_error (error);
  test_spin ();
  g_assert_null (test_find_label (inner, "Account 01234"));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (inner)), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpint (concord_record_drop_down_get_selected_id (drop_down), ==, wanted);
  undo (wb);
  g_assert_nonnull (test_find_label (inner, "Account 01234"));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (inner)), ==, 1);
  g_assert_cmpuint (n_offered (inner), ==, 2);

  /* Opened: every account, the same one chosen. */
  g_signal_emit_by_name (test_find_type (inner, GTK_TYPE_TOGGLE_BUTTON), "clicked");
  test_spin ();
  g_assert_cmpuint (n_offered (inner), ==, 3000 + 1);
  g_assert_cmpint (concord_record_drop_down_get_selected_id (drop_down), ==, wanted);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (inner)), ==, 1234);
  gtk_popover_popdown (GTK_POPOVER (test_find_type (inner, GTK_TYPE_POPOVER)));
  test_spin ();

  /* Cleared, it shows "None". */
  concord_record_drop_down_set_selected_id (drop_down, 0);
  test_spin ();
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (inner)), ==, 0);

  test_destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/plans-page/build-plan", WorkbookFixture, NULL,
              workbook_fixture_setup, test_build_plan, workbook_fixture_teardown);
  g_test_add ("/plans-page/dashboard-opens-plan", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_dashboard_opens_plan, workbook_fixture_teardown);
  g_test_add ("/plans-page/people", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_people_page, workbook_fixture_teardown);

  g_test_add ("/plans-page/account-picker-reads-when-opened", WorkbookFixture, NULL,
              workbook_fixture_setup, test_account_picker_reads_when_opened, workbook_fixture_teardown);

  g_test_add ("/plans-page/lazy-picker-shows-choice", WorkbookFixture, NULL,
              workbook_fixture_setup, test_lazy_picker_shows_choice, workbook_fixture_teardown);

  return g_test_run ();
}
