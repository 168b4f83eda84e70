/* test-plans.c: plans, KPIs, budget lines, milestones and their rules */
#include "config.h"

#include <string.h>

#include "concord-plans.h"
#include "concord-test-util.h"

static void
test_values (void)
{
  g_autoptr(GError) error = NULL;
  gint64 cents = -1;
  double number = 0;

  g_assert_true (concord_date_parse ("2028-02-29", NULL));
  g_assert_false (concord_date_parse ("2027-02-29", NULL));
  g_assert_false (concord_date_parse ("2027-2-3", NULL));
  g_assert_false (concord_date_parse ("2027-02-03x", NULL));
  g_assert_false (concord_date_parse (NULL, NULL));

  g_assert_true (concord_money_parse ("1,250.5", &cents, &error));
  g_assert_cmpint (cents, ==, 125050);
  g_assert_true (concord_money_parse ("$ 18000", &cents, &error));
  g_assert_cmpint (cents, ==, 1800000);
  g_assert_false (concord_money_parse ("-5", &cents, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (concord_money_parse ("twelve", &cents, &error));
  g_assert_nonnull (strstr (error->message, "twelve"));
  g_clear_error (&error);
  g_assert_false (concord_money_parse ("1.234", &cents, &error));
  g_clear_error (&error);

  g_assert_true (concord_number_parse ("12.5", &number, &error));
  g_assert_cmpfloat (number, ==, 12.5);
  g_assert_false (concord_number_parse ("12a", &number, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autofree char *text = concord_money_format (NULL, 123456789);
    g_assert_cmpstr (text, ==, "$1,234,567.89");
  }
}

static void
test_kpi_status (void)
{
  double fraction = -1;

  /* Halfway through the time, halfway to the target: on track. */
  g_assert_cmpint (concord_kpi_status (0, 100, 50, "2027-01-01", "2027-01-31", "2027-01-16", &fraction),
                   ==, CONCORD_KPI_ON_TRACK);
  g_assert_cmpfloat_with_epsilon (fraction, 0.5, 1e-9);
  g_assert_cmpint (concord_kpi_status (0, 100, 40, "2027-01-01", "2027-01-31", "2027-01-16", NULL),
                   ==, CONCORD_KPI_AT_RISK);
  g_assert_cmpint (concord_kpi_status (0, 100, 10, "2027-01-01", "2027-01-31", "2027-01-16", NULL),
                   ==, CONCORD_KPI_OFF_TRACK);
  /* A target below the baseline (fewer lost customers). */
  g_assert_cmpint (concord_kpi_status (20, 10, 15, "2027-01-01", "2027-01-31", "2027-01-16", &fraction),
                   ==, CONCORD_KPI_ON_TRACK);
  g_assert_cmpfloat_with_epsilon (fraction, 0.5, 1e-9);
  g_assert_cmpint (concord_kpi_status (0, 100, 10, NULL, NULL, "2027-01-16", NULL),
                   ==, CONCORD_KPI_NEUTRAL);
  g_assert_cmpint (concord_kpi_status (0, 100, 120, NULL, NULL, "2027-01-16", &fraction),
                   ==, CONCORD_KPI_ON_TRACK);
  g_assert_cmpfloat (fraction, ==, 1.0);

  /* A new KPI, 0 of 0, is not "100 %, on track": it has no target yet. */
  g_assert_cmpint (concord_kpi_status (0, 0, 0, "2027-01-01", "2027-01-31", "2027-01-16", &fraction),
                   ==, CONCORD_KPI_NEUTRAL);
  g_assert_cmpfloat (fraction, ==, 0);
}

static void
test_kpi_describe (WorkbookFixture *fixture,
                   gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autofree char *none = concord_kpi_describe (workbook, "count", 0, 0, 0, 0);
  g_autofree char *plain = concord_kpi_describe (workbook, "count", 0, 300, 184, 184.0 / 300);
  g_autofree char *from = concord_kpi_describe (workbook, "percent", 20, 40, 33, 0.65);

  g_assert_cmpstr (none, ==, "0 · no target yet");
  g_assert_cmpstr (plain, ==, "184 of 300 · 61 % of the target");
  g_assert_cmpstr (from, ==, "33 % of 40 % · 65 % of the way from 20 %");
}

static void
test_create_update (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordFields) fields = NULL;
  gint64 plan;

  g_assert_cmpint (concord_plans_create (wb, "   ", &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Title: a value is required.");
  g_clear_error (&error);

  plan = concord_plans_create (wb, "Q3 webinar series", &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan, >, 0);
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Add plan “Q3 webinar series”");

  fields = concord_fields_new ();
  concord_fields_set_string (fields, "start_on", "2027-07-01");
  concord_fields_set_string (fields, "end_on", "2027-09-30");
  concord_fields_set_string (fields, "status", "active");
  g_assert_true (concord_plans_update (wb, plan, fields, &error));
  g_assert_no_error (error);

  /* The end may not come before the stored start. */
  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_string (fields, "end_on", "2027-06-30");
  g_assert_false (concord_plans_update (wb, plan, fields, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "before the start date"));
  g_clear_error (&error);

  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_string (fields, "start_on", "2027-02-30");
  g_assert_false (concord_plans_update (wb, plan, fields, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Start date: “2027-02-30” is not a date (YYYY-MM-DD).");
  g_clear_error (&error);

  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_string (fields, "status", "finished");
  g_assert_false (concord_plans_update (wb, plan, fields, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Status: “finished” is not one of Draft, Planned, Active, Done, Cancelled.");
  g_clear_error (&error);

  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plans WHERE end_on = '2027-09-30'"
                                       " AND start_on = '2027-07-01' AND status = 'active'"), ==, 1);
}

static void
test_items_and_budget (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordFields) fields = NULL;
  g_autoptr(ConcordQueryModel) kpis = NULL;
  ConcordBudgetTotals totals;
  gint64 plan, line, kpi;

  plan = concord_plans_create (wb, "Roadshow", &error);
  g_assert_no_error (error);

  kpis = concord_plans_items_model_new (wb, "plan_kpis", plan);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (kpis)), ==, 0);

  fields = concord_fields_new ();
  concord_fields_set_string (fields, "name", "Meetings booked");
  concord_fields_set_double (fields, "target", 25);
  kpi = concord_plans_add_item (wb, "plan_kpis", plan, fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kpi, >, 0);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (kpis)), ==, 1);

  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_string (fields, "unit", "furlongs");
  g_assert_false (concord_plans_update_item (wb, "plan_kpis", kpi, fields, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Unit: “furlongs” is not one of Count, Currency, Percent.");
  g_clear_error (&error);
  /* Every message is one sentence of its own, never a noun pasted in. */
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Add KPI to “Roadshow”");

  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_string (fields, "item", "Venues");
  concord_fields_set_string (fields, "funded_by", "shared");
  concord_fields_set_int (fields, "planned", 4500000);
  concord_fields_set_int (fields, "actual", 5000000);
  line = concord_plans_add_item (wb, "plan_budget_lines", plan, fields, &error);
  g_assert_no_error (error);

  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_string (fields, "item", "Demo rigs");
  concord_fields_set_string (fields, "funded_by", "sales");
  concord_fields_set_int (fields, "planned", 1200000);
  g_assert_cmpint (concord_plans_add_item (wb, "plan_budget_lines", plan, fields, &error), >, 0);

  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_int (fields, "planned", -1);
  g_assert_false (concord_plans_update_item (wb, "plan_budget_lines", line, fields, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Planned: must be 0 or more.");
  g_clear_error (&error);

  g_assert_true (concord_plans_budget_totals (wb, plan, &totals, &error));
  g_assert_cmpint (totals.planned_total, ==, 5700000);
  g_assert_cmpint (totals.actual_total, ==, 5000000);
  g_assert_cmpint (totals.planned[CONCORD_FUNDER_SHARED], ==, 4500000);
  g_assert_cmpint (totals.planned[CONCORD_FUNDER_SALES], ==, 1200000);
  g_assert_cmpint (totals.planned[CONCORD_FUNDER_MARKETING], ==, 0);
  g_assert_cmpint (totals.n_over_budget, ==, 1);

  /* Undo takes away exactly the last line. */
  g_assert_true (concord_workbook_undo (wb, &error));
  g_assert_true (concord_plans_budget_totals (wb, plan, &totals, &error));
  g_assert_cmpint (totals.planned_total, ==, 4500000);
  g_assert_true (concord_workbook_redo (wb, &error));
  g_assert_true (concord_plans_budget_totals (wb, plan, &totals, &error));
  g_assert_cmpint (totals.planned_total, ==, 5700000);

  /* Deleting the plan takes its items, and one undo brings them back. */
  g_assert_true (concord_plans_delete (wb, plan, &error));
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plan_budget_lines"), ==, 0);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (kpis)), ==, 0);
  g_assert_true (concord_workbook_undo (wb, &error));
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plan_budget_lines"), ==, 2);
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plan_kpis"), ==, 1);
}

static void
test_milestones (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordFields) fields = NULL;
  g_autofree char *today = concord_date_today ();
  g_autofree char *done_on = NULL;
  gint64 plan, milestone;

  plan = concord_plans_create (wb, "Launch", &error);

  fields = concord_fields_new ();
  concord_fields_set_string (fields, "title", "Venues booked");
  concord_fields_set_string (fields, "due_on", "2027-13-01");
  g_assert_cmpint (concord_plans_add_item (wb, "plan_milestones", plan, fields, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Due date: “2027-13-01” is not a date (YYYY-MM-DD).");
  g_clear_error (&error);

  concord_fields_set_string (fields, "due_on", "2027-03-01");
  milestone = concord_plans_add_item (wb, "plan_milestones", plan, fields, &error);
  g_assert_no_error (error);

  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_int (fields, "done", 1);
  g_assert_true (concord_plans_update_item (wb, "plan_milestones", milestone, fields, &error));
  done_on = test_query_string (wb, "SELECT done_on FROM plan_milestones");
  g_assert_cmpstr (done_on, ==, today);

  g_clear_pointer (&fields, concord_fields_free);
  fields = concord_fields_new ();
  concord_fields_set_int (fields, "done", 0);
  g_assert_true (concord_plans_update_item (wb, "plan_milestones", milestone, fields, &error));
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plan_milestones WHERE done_on IS NULL"), ==, 1);
}

static void
test_filter (WorkbookFixture *fixture,
             gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(ConcordQueryModel) model = concord_plans_model_new (wb);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordRecord) first = NULL;
  ConcordPlanFilter filter = { 0 };
  gint64 hana = test_query_int (wb, "SELECT id FROM people WHERE name = 'Hana Sato'");

  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);

  filter.status = "active";
  g_assert_true (concord_plans_model_set_filter (model, &filter, &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  filter.status = NULL;
  filter.owner_id = hana;
  g_assert_true (concord_plans_model_set_filter (model, &filter, &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  filter.owner_id = 0;
  filter.search = "roadshow";
  g_assert_true (concord_plans_model_set_filter (model, &filter, &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  filter.search = NULL;
  filter.period = CONCORD_PLAN_PERIOD_PAST;
  g_assert_true (concord_plans_model_set_filter (model, &filter, &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  filter.period = CONCORD_PLAN_PERIOD_ANY;
  filter.sort = CONCORD_PLAN_SORT_START;
  g_assert_true (concord_plans_model_set_filter (model, &filter, &error));
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (concord_record_get_string (first, "title"), ==,
                   "Seller kit for the vibration analytics release");
}

static void
test_link_accounts (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 plan = test_query_int (wb, "SELECT id FROM plans WHERE title = 'Reliability roadshow'");
  gint64 account = test_query_int (wb, "SELECT id FROM accounts WHERE name = 'Brightwater Foods'");
  gint64 linked = test_query_int (wb, "SELECT id FROM accounts WHERE name = 'Halden Cement Group'");
  g_autoptr(ConcordQueryModel) model = concord_plans_items_model_new (wb, "plan_accounts", plan);

  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_true (concord_plans_link_account (wb, plan, account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6);

  g_assert_false (concord_plans_link_account (wb, plan, linked, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (concord_plans_unlink_account (wb, plan, account, &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plans/values", test_values);
  g_test_add_func ("/plans/kpi-status", test_kpi_status);
  g_test_add ("/plans/kpi-describe", WorkbookFixture, NULL,
              workbook_fixture_setup, test_kpi_describe, workbook_fixture_teardown);
  g_test_add ("/plans/create-update", WorkbookFixture, NULL, workbook_fixture_setup,
              test_create_update, workbook_fixture_teardown);
  g_test_add ("/plans/items-budget", WorkbookFixture, NULL, workbook_fixture_setup,
              test_items_and_budget, workbook_fixture_teardown);
  g_test_add ("/plans/milestones", WorkbookFixture, NULL, workbook_fixture_setup,
              test_milestones, workbook_fixture_teardown);
  g_test_add ("/plans/filter", WorkbookFixture, NULL, workbook_fixture_setup_sample,
              test_filter, workbook_fixture_teardown);
  g_test_add ("/plans/accounts", WorkbookFixture, NULL, workbook_fixture_setup_sample,
              test_link_accounts, workbook_fixture_teardown);

  return g_test_run ();
}
