/* test-dashboard.c: the figures the dashboard shows */
#include "config.h"

#include "concord-dashboard.h"
#include "concord-test-util.h"

static void
test_empty (WorkbookFixture *fixture,
            gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordDashboard) dashboard = concord_dashboard_load (fixture->workbook, "2027-03-01", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dashboard);
  g_assert_cmpint (dashboard->kpis->len, ==, 0);
  g_assert_cmpint (dashboard->milestones->len, ==, 0);
  g_assert_cmpint (dashboard->budget.planned_total, ==, 0);
  g_assert_cmpint (dashboard->n_accounts, ==, 0);
  g_assert_cmpint (dashboard->maturity_stage, ==, 0);
}

static void
test_sample (WorkbookFixture *fixture,
             gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordDashboard) dashboard = concord_dashboard_load (wb, NULL, &error);
  gint64 strategic_customers = test_query_int (wb, "SELECT count(*) FROM accounts"
                                                   " WHERE tier = 'strategic' AND stage = 'customer'");

  g_assert_no_error (error);
  g_assert_cmpint (dashboard->n_active_plans, ==, 2);
  /* The food campaign has three KPIs, wave one three. */
  g_assert_cmpint (dashboard->kpis->len, ==, 6);
  /* What needs help comes first: off track, at risk, on track, undated. */
  for (guint i = 1; i < dashboard->kpis->len; i++)
    {
      static const int rank[] = { 3, 2, 1, 0 };  /* by ConcordKpiStatus */
      ConcordDashboardKpi *before = g_ptr_array_index (dashboard->kpis, i - 1);
      ConcordDashboardKpi *after = g_ptr_array_index (dashboard->kpis, i);

      g_assert_cmpint (rank[before->status], <=, rank[after->status]);
    }
  /* Active plans only: food campaign and wave one. */
  g_assert_cmpint (dashboard->budget.planned_total, ==, 1800000 + 900000 + 300000 + 1000000 + 2400000 + 1800000);
  g_assert_cmpint (dashboard->budget.actual_total, ==, 2150000 + 720000 + 150000 + 640000 + 1100000 + 1800000);
  g_assert_cmpint (dashboard->budget.planned[CONCORD_FUNDER_SALES], ==, 300000);
  g_assert_cmpint (dashboard->budget.n_over_budget, ==, 1);
  /* Venues (overdue) and five due within 30 days. */
  g_assert_cmpint (dashboard->n_overdue, ==, 1);
  g_assert_cmpint (dashboard->milestones->len, ==, 6);
  g_assert_cmpint (((ConcordDashboardMilestone *) g_ptr_array_index (dashboard->milestones, 0))->days_left, ==, -6);
  g_assert_cmpint (dashboard->n_accounts, ==, test_query_int (wb, "SELECT count(*) FROM accounts"));
  g_assert_cmpint (dashboard->accounts[0][3], ==, strategic_customers);
}

static void
test_follows_edits (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordDashboard) before = concord_dashboard_load (wb, NULL, &error);
  g_autoptr(ConcordDashboard) after = NULL;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  gint64 roadshow = test_query_int (wb, "SELECT id FROM plans WHERE title = 'Reliability roadshow'");

  concord_fields_set_string (fields, "status", "active");
  g_assert_true (concord_plans_update (wb, roadshow, fields, &error));
  after = concord_dashboard_load (wb, NULL, &error);
  g_assert_cmpint (after->n_active_plans, ==, before->n_active_plans + 1);
  g_assert_cmpint (after->kpis->len, ==, before->kpis->len + 2);
  g_assert_cmpint (after->budget.planned_total, ==, before->budget.planned_total + 4500000 + 1200000 + 800000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dashboard/empty", WorkbookFixture, NULL, workbook_fixture_setup,
              test_empty, workbook_fixture_teardown);
  g_test_add ("/dashboard/sample", WorkbookFixture, NULL, workbook_fixture_setup_sample,
              test_sample, workbook_fixture_teardown);
  g_test_add ("/dashboard/follows-edits", WorkbookFixture, NULL, workbook_fixture_setup_sample,
              test_follows_edits, workbook_fixture_teardown);

  return g_test_run ();
}
