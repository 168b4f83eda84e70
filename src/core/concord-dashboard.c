/* concord-dashboard.c
 *
 * One snapshot of what a leader reviews each month: the shared targets of
 * the plans that are running, the money, what is due, the accounts and
 * where the relationship stands. Read in one read transaction so the
 * figures agree with each other.
 */
#define G_LOG_DOMAIN "concord-dashboard"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "concord-accounts.h"
#include "concord-dashboard.h"
#include "concord-maturity.h"
#include "concord-workbook-private.h"

static const char *const tier_ids[CONCORD_DASHBOARD_N_TIERS] = { "strategic", "few", "many" };
static const char *const stage_ids[CONCORD_DASHBOARD_N_STAGES] = {
  "target", "engaged", "opportunity", "customer", "paused", "lost"
};

static const char active_kpis_sql[] =
  "SELECT k.id, p.id, p.title, k.name, k.unit, k.baseline, k.target, k.actual,"
  "       p.start_on, p.end_on"
  "  FROM plan_kpis k JOIN plans p ON p.id = k.plan_id"
  " WHERE p.status = 'active'"
  " ORDER BY p.title COLLATE NOCASE, p.id, k.position, k.id";
static const char active_plans_sql[] =
  "SELECT count(*) FROM plans WHERE status = 'active'";
static const char open_milestones_sql[] =
  "SELECT m.id, p.id, m.title, p.title, m.due_on, o.name"
  "  FROM plan_milestones m JOIN plans p ON p.id = m.plan_id"
  "  LEFT JOIN people o ON o.id = m.owner_id"
  " WHERE m.done = 0 AND m.due_on IS NOT NULL AND m.due_on <= ?1"
  "   AND p.status NOT IN ('done', 'cancelled')"
  " ORDER BY m.due_on, m.id";
static const char account_counts_sql[] =
  "SELECT tier, stage, count(*) FROM accounts GROUP BY tier, stage";

const char *
concord_dashboard_tier_id (guint tier)
{
  g_return_val_if_fail (tier < CONCORD_DASHBOARD_N_TIERS, NULL);
  return tier_ids[tier];
}

const char *
concord_dashboard_stage_id (guint stage)
{
  g_return_val_if_fail (stage < CONCORD_DASHBOARD_N_STAGES, NULL);
  return stage_ids[stage];
}

static void
kpi_free (gpointer data)
{
  ConcordDashboardKpi *kpi = data;

  g_free (kpi->plan_title);
  g_free (kpi->name);
  g_free (kpi->unit);
  g_free (kpi);
}

static void
milestone_free (gpointer data)
{
  ConcordDashboardMilestone *milestone = data;

  g_free (milestone->title);
  g_free (milestone->plan_title);
  g_free (milestone->due_on);
  g_free (milestone->owner);
  g_free (milestone);
}

void
concord_dashboard_free (ConcordDashboard *dashboard)
{
  if (dashboard == NULL)
    return;

  g_free (dashboard->today);
  g_clear_pointer (&dashboard->kpis, g_ptr_array_unref);
  g_clear_pointer (&dashboard->milestones, g_ptr_array_unref);
  g_clear_pointer (&dashboard->warnings, g_ptr_array_unref);
  g_free (dashboard->maturity_label);
  g_free (dashboard);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static double
elapsed_share (const char *start_on,
               const char *end_on,
               const char *today)
{
  GDate start, end, now;
  int span;

  if (!concord_date_parse (start_on, &start) || !concord_date_parse (end_on, &end) ||
      !concord_date_parse (today, &now))
    return -1;

  span = MAX (1, g_date_days_between (&start, &end));
  return CLAMP ((double) g_date_days_between (&start, &now) / span, 0.0, 1.0);
}

/* Off track first, then at risk: the dashboard leads with what needs help. */
static int
severity (ConcordKpiStatus status)
{
  switch (status)
    {
    case CONCORD_KPI_OFF_TRACK:
      return 0;
    case CONCORD_KPI_AT_RISK:
      return 1;
    case CONCORD_KPI_ON_TRACK:
      return 2;
    case CONCORD_KPI_NEUTRAL:
    default:
      return 3;
    }
}

static int
compare_kpis (gconstpointer a,
              gconstpointer b)
{
  const ConcordDashboardKpi *ka = *(ConcordDashboardKpi * const *) a;
  const ConcordDashboardKpi *kb = *(ConcordDashboardKpi * const *) b;

  return severity (ka->status) - severity (kb->status);
}

static gboolean
load_kpis (ConcordWorkbook   *workbook,
           ConcordDashboard  *dashboard,
           GError           **error)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, active_kpis_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConcordDashboardKpi *kpi = g_new0 (ConcordDashboardKpi, 1);
      const char *start_on = (const char *) sqlite3_column_text (stmt, 8);
      const char *end_on = (const char *) sqlite3_column_text (stmt, 9);

      kpi->kpi_id = sqlite3_column_int64 (stmt, 0);
      kpi->plan_id = sqlite3_column_int64 (stmt, 1);
      kpi->plan_title = column_dup (stmt, 2);
      kpi->name = column_dup (stmt, 3);
      kpi->unit = column_dup (stmt, 4);
      kpi->baseline = sqlite3_column_double (stmt, 5);
      kpi->target = sqlite3_column_double (stmt, 6);
      kpi->actual = sqlite3_column_double (stmt, 7);
      kpi->status = concord_kpi_status (kpi->baseline, kpi->target, kpi->actual,
                                        start_on, end_on, dashboard->today, &kpi->fraction);
      kpi->elapsed = elapsed_share (start_on, end_on, dashboard->today);
      g_ptr_array_add (dashboard->kpis, kpi);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the KPIs");
      return FALSE;
    }

  /* GLib's sort is stable, so plans keep their order within a status. */
  g_ptr_array_sort (dashboard->kpis, compare_kpis);

  stmt = concord_workbook_prepare (workbook, active_plans_sql, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    dashboard->n_active_plans = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
load_milestones (ConcordWorkbook   *workbook,
                 ConcordDashboard  *dashboard,
                 GError           **error)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, open_milestones_sql, error);
  g_autofree char *horizon = NULL;
  GDate today, limit;
  int rc;

  if (stmt == NULL)
    return FALSE;

  concord_date_parse (dashboard->today, &today);
  limit = today;
  g_date_add_days (&limit, CONCORD_DASHBOARD_HORIZON_DAYS);
  horizon = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&limit),
                             g_date_get_month (&limit), g_date_get_day (&limit));

  sqlite3_bind_text (stmt, 1, horizon, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConcordDashboardMilestone *milestone = g_new0 (ConcordDashboardMilestone, 1);
      GDate due;

      milestone->milestone_id = sqlite3_column_int64 (stmt, 0);
      milestone->plan_id = sqlite3_column_int64 (stmt, 1);
      milestone->title = column_dup (stmt, 2);
      milestone->plan_title = column_dup (stmt, 3);
      milestone->due_on = column_dup (stmt, 4);
      milestone->owner = column_dup (stmt, 5);
      if (concord_date_parse (milestone->due_on, &due))
        milestone->days_left = g_date_days_between (&today, &due);
      if (milestone->days_left < 0)
        dashboard->n_overdue++;
      g_ptr_array_add (dashboard->milestones, milestone);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the milestones");
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_accounts (ConcordWorkbook   *workbook,
               ConcordDashboard  *dashboard,
               GError           **error)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, account_counts_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *tier = (const char *) sqlite3_column_text (stmt, 0);
      const char *stage = (const char *) sqlite3_column_text (stmt, 1);
      gint64 count = sqlite3_column_int64 (stmt, 2);

      for (guint t = 0; t < CONCORD_DASHBOARD_N_TIERS; t++)
        for (guint s = 0; s < CONCORD_DASHBOARD_N_STAGES; s++)
          if (g_strcmp0 (tier, tier_ids[t]) == 0 && g_strcmp0 (stage, stage_ids[s]) == 0)
            dashboard->accounts[t][s] += count;
      dashboard->n_accounts += count;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not count the accounts");
      return FALSE;
    }

  return TRUE;
}

ConcordDashboard *
concord_dashboard_load (ConcordWorkbook  *workbook,
                        const char       *today,
                        GError          **error)
{
  g_autoptr(ConcordDashboard) dashboard = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (today == NULL || concord_date_parse (today, NULL), NULL);

  dashboard = g_new0 (ConcordDashboard, 1);
  dashboard->today = today ? g_strdup (today) : concord_date_today ();
  dashboard->kpis = g_ptr_array_new_with_free_func (kpi_free);
  dashboard->milestones = g_ptr_array_new_with_free_func (milestone_free);

  if (!concord_workbook_exec (workbook, "SAVEPOINT dashboard", error))
    return NULL;

  if (!load_kpis (workbook, dashboard, error) ||
      !concord_plans_budget_totals (workbook, 0, &dashboard->budget, error) ||
      !load_milestones (workbook, dashboard, error) ||
      !load_accounts (workbook, dashboard, error))
    {
      concord_workbook_exec (workbook, "RELEASE dashboard", NULL);
      return NULL;
    }

  concord_workbook_exec (workbook, "RELEASE dashboard", NULL);

  /* The accounts and roadmap areas own these rules; a failure there
   * leaves their card empty rather than hiding the whole dashboard. */
  dashboard->warnings = concord_accounts_coverage_warnings (workbook, &local_error);
  if (dashboard->warnings == NULL)
    {
      g_debug ("No coverage warnings: %s", local_error ? local_error->message : "");
      g_clear_error (&local_error);
      dashboard->warnings = g_ptr_array_new ();
    }

  dashboard->maturity_stage = concord_maturity_current_stage (workbook, &local_error);
  if (local_error != NULL)
    {
      g_debug ("No maturity stage: %s", local_error->message);
      dashboard->maturity_stage = 0;
    }
  if (dashboard->maturity_stage > 0)
    dashboard->maturity_label = concord_maturity_stage_label (workbook, dashboard->maturity_stage);

  return g_steal_pointer (&dashboard);
}
