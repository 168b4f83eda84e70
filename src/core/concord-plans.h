/* concord-plans.h: joint plans, their shared KPIs, budget, milestones and
 * target accounts, with the rules every edit of them keeps
 *
 * The value helpers (dates, amounts, numbers) are shared with other areas.
 */
#pragma once

#include "concord-query-model.h"
#include "concord-values.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

const ConcordChoice *concord_plan_kinds       (guint *n_choices);
const ConcordChoice *concord_plan_statuses    (guint *n_choices);
const ConcordChoice *concord_kpi_units        (guint *n_choices);
const ConcordChoice *concord_kpi_cadences     (guint *n_choices);
const ConcordChoice *concord_budget_funders   (guint *n_choices);
/* Plans ----------------------------------------------------------------------- */

typedef enum
{
  CONCORD_PLAN_PERIOD_ANY,
  CONCORD_PLAN_PERIOD_RUNNING,       /* today lies between start and end */
  CONCORD_PLAN_PERIOD_THIS_QUARTER,  /* overlaps the current calendar quarter */
  CONCORD_PLAN_PERIOD_NEXT_QUARTER,
  CONCORD_PLAN_PERIOD_PAST,          /* ended before today */
} ConcordPlanPeriod;

typedef enum
{
  CONCORD_PLAN_SORT_TITLE,
  CONCORD_PLAN_SORT_START,
  CONCORD_PLAN_SORT_END,
  CONCORD_PLAN_SORT_STATUS,
} ConcordPlanSort;

typedef struct
{
  const char        *search;    /* title, objective or notes; NULL: any */
  const char        *status;    /* NULL: any */
  const char        *kind;      /* NULL: any */
  ConcordPlanPeriod  period;
  gint64             owner_id;  /* sales or marketing lead; 0: any */
  ConcordPlanSort    sort;
  const char        *today;     /* YYYY-MM-DD; NULL: the real today */
} ConcordPlanFilter;

ConcordQueryModel *concord_plans_model_new        (ConcordWorkbook         *workbook);
gboolean           concord_plans_model_set_filter (ConcordQueryModel       *model,
                                                   const ConcordPlanFilter *filter,
                                                   GError                 **error);
/* The KPIs, budget lines, milestones or linked accounts (plan_accounts
 * rows) of one plan, in the order the editor shows them. */
ConcordQueryModel *concord_plans_items_model_new  (ConcordWorkbook         *workbook,
                                                   const char              *table,
                                                   gint64                   plan_id);

gint64   concord_plans_create           (ConcordWorkbook *workbook,
                                         const char      *title,
                                         GError         **error);
/* Validates every column in @fields (title, kind, objective, status,
 * start_on, end_on, sales_lead_id, marketing_lead_id, notes) against the
 * stored plan, then writes them as one undo step. */
gboolean concord_plans_update           (ConcordWorkbook *workbook,
                                         gint64           plan_id,
                                         ConcordFields   *fields,
                                         GError         **error);
gboolean concord_plans_delete           (ConcordWorkbook *workbook,
                                         gint64           plan_id,
                                         GError         **error);

/* Items of a plan: @table is plan_kpis, plan_budget_lines or
 * plan_milestones. Add validates @fields (plan_id is set for you), update
 * validates the columns given; each is one undo step. */
gint64   concord_plans_add_item         (ConcordWorkbook *workbook,
                                         const char      *table,
                                         gint64           plan_id,
                                         ConcordFields   *fields,
                                         GError         **error);
gboolean concord_plans_update_item      (ConcordWorkbook *workbook,
                                         const char      *table,
                                         gint64           item_id,
                                         ConcordFields   *fields,
                                         GError         **error);
gboolean concord_plans_delete_item      (ConcordWorkbook *workbook,
                                         const char      *table,
                                         gint64           item_id,
                                         GError         **error);
gboolean concord_plans_link_account     (ConcordWorkbook *workbook,
                                         gint64           plan_id,
                                         gint64           account_id,
                                         GError         **error);
gboolean concord_plans_unlink_account   (ConcordWorkbook *workbook,
                                         gint64           plan_id,
                                         gint64           account_id,
                                         GError         **error);

/* Budget ------------------------------------------------------------------------ */

typedef enum
{
  CONCORD_FUNDER_SALES,
  CONCORD_FUNDER_MARKETING,
  CONCORD_FUNDER_SHARED,
  CONCORD_N_FUNDERS
} ConcordFunder;

typedef struct
{
  gint64 planned[CONCORD_N_FUNDERS];  /* cents */
  gint64 actual[CONCORD_N_FUNDERS];
  gint64 planned_total;
  gint64 actual_total;
  guint  n_over_budget;               /* lines whose actual exceeds planned */
} ConcordBudgetTotals;

/* Totals of one plan, or of every active plan when @plan_id is 0. */
gboolean concord_plans_budget_totals    (ConcordWorkbook     *workbook,
                                         gint64               plan_id,
                                         ConcordBudgetTotals *totals,
                                         GError             **error);

/* KPIs --------------------------------------------------------------------------- */

typedef enum
{
  CONCORD_KPI_NEUTRAL,     /* no dates to judge by */
  CONCORD_KPI_ON_TRACK,
  CONCORD_KPI_AT_RISK,
  CONCORD_KPI_OFF_TRACK,
} ConcordKpiStatus;

/* How far @actual has come from @baseline to @target (0..1), judged
 * against the share of the plan's time (@start_on..@end_on) elapsed by
 * @today: on track when at least 90 % of the expected progress is made,
 * at risk from 70 %, off track below. */
ConcordKpiStatus concord_kpi_status     (double      baseline,
                                         double      target,
                                         double      actual,
                                         const char *start_on,
                                         const char *end_on,
                                         const char *today,
                                         double     *fraction);
const char      *concord_kpi_status_label (ConcordKpiStatus status);
/* What a KPI's progress means, in one phrase used by the plan editor,
 * the dashboard and the reports: "184 of 300 · 61 % of the target", or
 * with a baseline "33 % of 40 % · 65 % of the way from 20 %", or "0 · no
 * target yet" while the target equals the baseline. @fraction is what
 * concord_kpi_status() returned. */
char            *concord_kpi_describe    (ConcordWorkbook *workbook,
                                          const char      *unit,
                                          double           baseline,
                                          double           target,
                                          double           actual,
                                          double           fraction);
/* Budget lines spent beyond their plan, as findings of `concord-cli check`. */
gboolean         concord_plans_check     (ConcordWorkbook *workbook,
                                          GPtrArray       *findings,
                                          GError         **error);
/* "184", "$245,000", "78 %" */
char            *concord_kpi_format_value (ConcordWorkbook *workbook,
                                           const char      *unit,
                                           double           value);

G_END_DECLS
