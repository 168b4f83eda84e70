/* concord-dashboard.h: the collective picture of a workbook on one page */
#pragma once

#include "concord-plans.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_DASHBOARD_HORIZON_DAYS 30

typedef struct
{
  gint64            kpi_id;
  gint64            plan_id;
  char             *plan_title;
  char             *name;
  char             *unit;
  double            baseline;
  double            target;
  double            actual;
  double            fraction;  /* progress from baseline to target, 0..1 */
  double            elapsed;   /* share of the plan's time gone, or -1 */
  ConcordKpiStatus  status;
} ConcordDashboardKpi;

typedef struct
{
  gint64  milestone_id;
  gint64  plan_id;
  char   *title;
  char   *plan_title;
  char   *due_on;      /* YYYY-MM-DD */
  char   *owner;       /* NULL when nobody owns it */
  int     days_left;   /* negative when overdue */
} ConcordDashboardMilestone;

#define CONCORD_DASHBOARD_N_TIERS  3   /* strategic, few, many */
#define CONCORD_DASHBOARD_N_STAGES 6   /* target … lost */

typedef struct
{
  char                *today;
  guint                n_active_plans;
  GPtrArray           *kpis;         /* ConcordDashboardKpi of active plans, off track first */
  ConcordBudgetTotals  budget;       /* of active plans */
  GPtrArray           *milestones;   /* open: overdue, then due within the horizon */
  guint                n_overdue;
  gint64               accounts[CONCORD_DASHBOARD_N_TIERS][CONCORD_DASHBOARD_N_STAGES];
  gint64               n_accounts;
  GPtrArray           *warnings;     /* ConcordCoverageWarning */
  int                  maturity_stage;  /* 0: not assessed */
  char                *maturity_label;
} ConcordDashboard;

/* Everything in one read; @today (YYYY-MM-DD) or NULL for the real date. */
ConcordDashboard *concord_dashboard_load (ConcordWorkbook *workbook,
                                          const char      *today,
                                          GError         **error);
void              concord_dashboard_free (ConcordDashboard *dashboard);

const char       *concord_dashboard_tier_id  (guint tier);
const char       *concord_dashboard_stage_id (guint stage);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordDashboard, concord_dashboard_free)

G_END_DECLS
