/* concord-report.c
 *
 * A report is built once as a list of blocks (headings, figures, tables,
 * bars) from the same numbers the dashboard shows, then written out as
 * Markdown or HTML here, or drawn with Cairo for PDF and print. One
 * model, so the formats never disagree.
 */
#define G_LOG_DOMAIN "concord-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "concord-accounts.h"
#include "concord-dashboard.h"
#include "concord-maturity.h"
#include "concord-plans.h"
#include "concord-report.h"
#include "concord-markdown.h"
#include "concord-workbook-private.h"

static void
bar_free (gpointer data)
{
  ConcordReportBar *bar = data;

  g_free (bar->label);
  g_free (bar->value);
  g_free (bar);
}

static void
block_free (gpointer data)
{
  ConcordReportBlock *block = data;

  g_free (block->text);
  g_clear_pointer (&block->columns, g_ptr_array_unref);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_clear_pointer (&block->bars, g_ptr_array_unref);
  g_free (block);
}

void
concord_report_free (ConcordReport *report)
{
  if (report == NULL)
    return;

  g_free (report->title);
  g_free (report->subtitle);
  g_free (report->date);
  g_ptr_array_unref (report->blocks);
  g_free (report);
}

gboolean
concord_report_kind_parse (const char        *text,
                           ConcordReportKind *kind)
{
  if (g_strcmp0 (text, "weekly") == 0)
    *kind = CONCORD_REPORT_WEEKLY;
  else if (g_strcmp0 (text, "monthly") == 0)
    *kind = CONCORD_REPORT_MONTHLY;
  else
    return FALSE;

  return TRUE;
}

static ConcordReportBlock *
add_block (ConcordReport    *report,
           ConcordBlockKind  kind,
           const char       *text)
{
  ConcordReportBlock *block = g_new0 (ConcordReportBlock, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  if (kind == CONCORD_BLOCK_TABLE || kind == CONCORD_BLOCK_FIGURES)
    {
      block->columns = g_ptr_array_new_with_free_func (g_free);
      block->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    }
  if (kind == CONCORD_BLOCK_BARS)
    block->bars = g_ptr_array_new_with_free_func (bar_free);
  g_ptr_array_add (report->blocks, block);

  return block;
}

static ConcordReportBlock *
add_table (ConcordReport *report,
           ...)
{
  ConcordReportBlock *block = add_block (report, CONCORD_BLOCK_TABLE, NULL);
  const char *column;
  va_list args;

  va_start (args, report);
  while ((column = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (block->columns, g_strdup (column));
  va_end (args);

  return block;
}

/* Takes ownership of the strings, NULL-terminated. */
static void
add_row (ConcordReportBlock *block,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char *cell;
  va_list args;

  va_start (args, block);
  while ((cell = va_arg (args, char *)) != NULL)
    {
      g_strv_builder_add (builder, cell);
      g_free (cell);
    }
  va_end (args);

  g_ptr_array_add (block->rows, g_strv_builder_end (builder));
}

static void
add_figure (ConcordReportBlock *figures,
            const char         *label,
            char               *value)
{
  add_row (figures, g_strdup (label), value, NULL);
}

static void
add_bar (ConcordReportBlock *block,
         char               *label,
         char               *value,
         double              fraction,
         ConcordBarStatus    status)
{
  ConcordReportBar *bar = g_new0 (ConcordReportBar, 1);

  bar->label = label;
  bar->value = value;
  bar->fraction = fraction;
  bar->status = status;
  g_ptr_array_add (block->bars, bar);
}

static char *
kpi_value (ConcordWorkbook     *workbook,
           ConcordDashboardKpi *kpi)
{
  return concord_kpi_describe (workbook, kpi->unit, kpi->baseline, kpi->target,
                               kpi->actual, kpi->fraction);
}

static ConcordBarStatus
kpi_bar_status (ConcordKpiStatus status)
{
  switch (status)
    {
    case CONCORD_KPI_ON_TRACK: return CONCORD_BAR_GOOD;
    case CONCORD_KPI_AT_RISK: return CONCORD_BAR_WARNING;
    case CONCORD_KPI_OFF_TRACK: return CONCORD_BAR_BAD;
    default: return CONCORD_BAR_NEUTRAL;
    }
}

static void
add_kpis (ConcordReport    *report,
          ConcordWorkbook  *workbook,
          ConcordDashboard *dashboard,
          const char       *heading)
{
  ConcordReportBlock *bars;

  add_block (report, CONCORD_BLOCK_HEADING, heading);
  if (dashboard->kpis->len == 0)
    {
      add_block (report, CONCORD_BLOCK_PARAGRAPH, _("No active plan has shared KPIs yet."));
      return;
    }

  bars = add_block (report, CONCORD_BLOCK_BARS, NULL);
  for (guint i = 0; i < dashboard->kpis->len; i++)
    {
      ConcordDashboardKpi *kpi = g_ptr_array_index (dashboard->kpis, i);

      add_bar (bars, g_strdup_printf ("%s — %s", kpi->plan_title, kpi->name),
               kpi_value (workbook, kpi), kpi->fraction, kpi_bar_status (kpi->status));
    }
}

static guint
kpis_on_track (ConcordDashboard *dashboard)
{
  guint n = 0;

  for (guint i = 0; i < dashboard->kpis->len; i++)
    if (((ConcordDashboardKpi *) g_ptr_array_index (dashboard->kpis, i))->status == CONCORD_KPI_ON_TRACK)
      n++;

  return n;
}

static char *
shift_date (const char *date,
            int         days)
{
  GDate parsed;
  char buffer[16];

  g_date_clear (&parsed, 1);
  concord_date_parse (date, &parsed);
  if (days >= 0)
    g_date_add_days (&parsed, days);
  else
    g_date_subtract_days (&parsed, -days);
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &parsed);

  return g_strdup (buffer);
}

static gboolean
build_weekly (ConcordReport     *report,
              ConcordWorkbook   *workbook,
              ConcordDashboard  *dashboard,
              GError           **error)
{
  static const char wins_sql[] =
    "SELECT a.name, c.changed_on, a.pipeline_value, "
    /* Only a plan that was running when the account was won gets the
     * credit: active or done, and its dates around the win. */
    "       (SELECT group_concat (p.title, ', ') FROM plan_accounts pa "
    "          JOIN plans p ON p.id = pa.plan_id WHERE pa.account_id = a.id "
    "           AND p.status IN ('active', 'done') "
    "           AND (p.start_on IS NULL OR p.start_on <= c.changed_on) "
    "           AND (p.end_on IS NULL OR p.end_on >= c.changed_on)) "
    "  FROM account_stage_changes c JOIN accounts a ON a.id = c.account_id "
    " WHERE c.to_stage = 'customer' AND c.changed_on BETWEEN ?1 AND ?2 "
    " ORDER BY c.changed_on, a.name COLLATE NOCASE";
  static const char done_sql[] =
    "SELECT m.title, p.title, m.done_on FROM plan_milestones m JOIN plans p ON p.id = m.plan_id "
    " WHERE m.done AND m.done_on BETWEEN ?1 AND ?2 ORDER BY m.done_on, m.title";
  g_autofree char *from = shift_date (report->date, -6);
  g_autofree char *from_text = concord_date_format (from);
  g_autofree char *to_text = concord_date_format (report->date);
  ConcordReportBlock *figures, *wins = NULL, *done = NULL, *due, *warnings;
  sqlite3_stmt *stmt;
  gint64 won_value = 0;
  guint n_wins = 0, n_done = 0;

  report->title = g_strdup (_("Weekly update"));
  report->subtitle = g_strdup_printf (_("Sales and marketing, %s to %s"), from_text, to_text);

  figures = add_block (report, CONCORD_BLOCK_FIGURES, NULL);

  /* The week's wins, with the joint plans that worked on them. */
  stmt = concord_workbook_prepare (workbook, wins_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, report->date, -1, SQLITE_TRANSIENT);
  add_block (report, CONCORD_BLOCK_HEADING, _("Wins this week"));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *plans = (const char *) sqlite3_column_text (stmt, 3);

      if (wins == NULL)
        wins = add_table (report, _("Account"), _("Became a customer"), _("Pipeline value"),
                          _("Joint plans"), NULL);
      add_row (wins, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
               concord_date_format ((const char *) sqlite3_column_text (stmt, 1)),
               concord_money_format (workbook, sqlite3_column_int64 (stmt, 2)),
               g_strdup (plans ? plans : _("none")), NULL);
      won_value += sqlite3_column_int64 (stmt, 2);
      n_wins++;
    }
  sqlite3_reset (stmt);
  if (n_wins == 0)
    add_block (report, CONCORD_BLOCK_PARAGRAPH, _("No account became a customer this week."));

  add_kpis (report, workbook, dashboard, _("KPIs against the quarter"));

  add_block (report, CONCORD_BLOCK_HEADING, _("Milestones"));
  stmt = concord_workbook_prepare (workbook, done_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, report->date, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (done == NULL)
        done = add_table (report, _("Done this week"), _("Plan"), _("Done on"), NULL);
      add_row (done, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
               g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
               concord_date_format ((const char *) sqlite3_column_text (stmt, 2)), NULL);
      n_done++;
    }
  sqlite3_reset (stmt);
  if (n_done == 0)
    add_block (report, CONCORD_BLOCK_PARAGRAPH, _("No milestone was completed this week."));

  if (dashboard->milestones->len == 0)
    add_block (report, CONCORD_BLOCK_PARAGRAPH, _("Nothing is due in the next 30 days."));
  else
    {
      due = add_table (report, _("Due or overdue"), _("Plan"), _("Due"), _("Owner"), NULL);
      for (guint i = 0; i < dashboard->milestones->len; i++)
        {
          ConcordDashboardMilestone *milestone = g_ptr_array_index (dashboard->milestones, i);
          g_autofree char *when = concord_date_format (milestone->due_on);

          add_row (due, g_strdup (milestone->title), g_strdup (milestone->plan_title),
                   milestone->days_left < 0
                   ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d day overdue)",
                                                   "%s (%d days overdue)", -milestone->days_left),
                                      when, -milestone->days_left)
                   : g_strdup (when),
                   g_strdup (milestone->owner ? milestone->owner : _("No owner")), NULL);
        }
    }

  add_block (report, CONCORD_BLOCK_HEADING, _("Coverage warnings"));
  if (dashboard->warnings->len == 0)
    add_block (report, CONCORD_BLOCK_PARAGRAPH, _("Every target account is covered."));
  else
    {
      warnings = add_table (report, _("Account"), _("What is missing"), NULL);
      for (guint i = 0; i < dashboard->warnings->len; i++)
        {
          ConcordCoverageWarning *warning = g_ptr_array_index (dashboard->warnings, i);

          add_row (warnings, g_strdup (warning->account_name), g_strdup (warning->message), NULL);
        }
    }

  add_figure (figures, _("New customers"), g_strdup_printf ("%u", n_wins));
  add_figure (figures, _("Pipeline won"), concord_money_format (workbook, won_value));
  add_figure (figures, _("KPIs on track"), g_strdup_printf (_("%u of %u"), kpis_on_track (dashboard),
                                                            dashboard->kpis->len));
  add_figure (figures, _("Milestones done"), g_strdup_printf ("%u", n_done));
  add_figure (figures, _("Overdue milestones"), g_strdup_printf ("%u", dashboard->n_overdue));
  add_figure (figures, _("Coverage warnings"), g_strdup_printf ("%u", dashboard->warnings->len));

  return TRUE;
}

static const char *
funder_label (int funder)
{
  switch (funder)
    {
    case CONCORD_FUNDER_SALES: return _("Sales");
    case CONCORD_FUNDER_MARKETING: return _("Marketing");
    default: return _("Shared");
    }
}

static gboolean
build_monthly (ConcordReport     *report,
               ConcordWorkbook   *workbook,
               ConcordDashboard  *dashboard,
               GError           **error)
{
  static const char initiatives_sql[] =
    "SELECT i.title, ifnull (d.name, ''), i.status, i.progress, ifnull (i.due_on, '') "
    "  FROM initiatives i LEFT JOIN maturity_dimensions d ON d.id = i.dimension_id "
    " WHERE i.status <> 'cancelled' "
    " ORDER BY d.position, i.due_on, i.title";
  g_autoptr(ConcordMaturityScore) score = NULL;
  g_autoptr(GDateTime) month = NULL;
  ConcordReportBlock *figures, *bars, *table;
  sqlite3_stmt *stmt;
  GDate date;
  g_autofree char *planned = concord_money_format (workbook, dashboard->budget.planned_total);
  g_autofree char *actual = concord_money_format (workbook, dashboard->budget.actual_total);
  gboolean any = FALSE;

  g_date_clear (&date, 1);
  concord_date_parse (report->date, &date);
  month = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date), 1, 0, 0, 0);

  report->title = g_strdup (_("Monthly dashboard"));
  report->subtitle = g_date_time_format (month, _("Sales and marketing, %B %Y"));

  figures = add_block (report, CONCORD_BLOCK_FIGURES, NULL);
  add_figure (figures, _("Active plans"), g_strdup_printf ("%u", dashboard->n_active_plans));
  add_figure (figures, _("KPIs on track"), g_strdup_printf (_("%u of %u"), kpis_on_track (dashboard),
                                                            dashboard->kpis->len));
  add_figure (figures, _("Budget spent"), g_strdup_printf (_("%s of %s"), actual, planned));
  add_figure (figures, _("Target accounts"), g_strdup_printf ("%" G_GINT64_FORMAT, dashboard->n_accounts));
  add_figure (figures, _("Maturity stage"),
              g_strdup (dashboard->maturity_stage > 0 ? dashboard->maturity_label : _("not assessed")));

  add_kpis (report, workbook, dashboard, _("Collective targets"));

  add_block (report, CONCORD_BLOCK_HEADING, _("Budget by team"));
  bars = add_block (report, CONCORD_BLOCK_BARS, NULL);
  table = add_table (report, _("Funded by"), _("Planned"), _("Actual"), NULL);
  for (int f = 0; f < CONCORD_N_FUNDERS; f++)
    {
      gint64 p = dashboard->budget.planned[f];
      gint64 a = dashboard->budget.actual[f];
      g_autofree char *p_text = concord_money_format (workbook, p);
      g_autofree char *a_text = concord_money_format (workbook, a);

      /* TRANSLATORS: "$1,250 of $1,000 · 125 % spent" */
      add_bar (bars, g_strdup (funder_label (f)),
               g_strdup_printf (_("%s of %s · %.0f %% spent"), a_text, p_text,
                                p > 0 ? round (100.0 * a / p) : 0),
               p > 0 ? (double) a / (double) p : 0,
               a > p ? CONCORD_BAR_BAD : CONCORD_BAR_NEUTRAL);
      add_row (table, g_strdup (funder_label (f)), g_strdup (p_text), g_strdup (a_text), NULL);
    }
  add_row (table, g_strdup (_("Total")), g_strdup (planned), g_strdup (actual), NULL);
  if (dashboard->budget.n_over_budget > 0)
    add_block (report, CONCORD_BLOCK_PARAGRAPH,
               g_dngettext (GETTEXT_PACKAGE, "One budget line is over its plan.",
                            "Some budget lines are over their plan.", dashboard->budget.n_over_budget));

  add_block (report, CONCORD_BLOCK_HEADING, _("Where the relationship stands"));
  score = concord_maturity_score_current (workbook, error);
  if (score == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (score == NULL)
    add_block (report, CONCORD_BLOCK_PARAGRAPH, _("Neither team has assessed the relationship yet."));
  else
    {
      g_autofree char *stage = concord_maturity_stage_label (workbook, score->stage);
      g_autofree char *taken = concord_date_format (score->taken_on);
      g_autofree char *text = g_strdup_printf (_("%s: %.0f of 100 in the latest assessment (%s)."),
                                               stage, score->percent, taken);
      g_autofree char *teams = concord_maturity_describe_teams (workbook, score);

      add_block (report, CONCORD_BLOCK_PARAGRAPH, text);
      if (*teams != '\0')
        add_block (report, CONCORD_BLOCK_PARAGRAPH, teams);
      table = add_table (report, _("Dimension"), _("Stage now"), _("Target"), _("By"), NULL);
      for (guint i = 0; i < score->dimensions->len; i++)
        {
          ConcordDimensionScore *dimension = g_ptr_array_index (score->dimensions, i);
          g_autofree char *target_on = NULL;
          int target = concord_maturity_get_target (workbook, dimension->dimension_id, &target_on);

          add_row (table, g_strdup (dimension->name),
                   dimension->stage > 0 ? concord_maturity_stage_label (workbook, dimension->stage) : g_strdup ("—"),
                   target > 0 ? concord_maturity_stage_label (workbook, target) : g_strdup ("—"),
                   target_on ? concord_date_format (target_on) : g_strdup ("—"), NULL);
        }
    }

  add_block (report, CONCORD_BLOCK_HEADING, _("Roadmap progress"));
  stmt = concord_workbook_prepare (workbook, initiatives_sql, error);
  if (stmt == NULL)
    return FALSE;
  bars = NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 2);
      const char *due_on = (const char *) sqlite3_column_text (stmt, 4);
      int progress = sqlite3_column_int (stmt, 3);
      gboolean done = g_strcmp0 (status, "done") == 0;
      gboolean late = !done && *due_on != '\0' && strcmp (due_on, report->date) < 0;
      g_autofree char *due = *due_on ? concord_date_format (due_on) : g_strdup (_("no date"));
      const char *dimension = (const char *) sqlite3_column_text (stmt, 1);

      if (bars == NULL)
        bars = add_block (report, CONCORD_BLOCK_BARS, NULL);
      add_bar (bars,
               *dimension ? g_strdup_printf ("%s (%s)", sqlite3_column_text (stmt, 0), dimension)
                          : g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
               g_strdup_printf (late ? _("%d%%, was due %s") : _("%d%%, due %s"), progress, due),
               progress / 100.0,
               done ? CONCORD_BAR_GOOD : late ? CONCORD_BAR_BAD : CONCORD_BAR_NEUTRAL);
      any = TRUE;
    }
  sqlite3_reset (stmt);
  if (!any)
    add_block (report, CONCORD_BLOCK_PARAGRAPH, _("No initiative is on the roadmap yet."));

  add_block (report, CONCORD_BLOCK_HEADING, _("Target accounts by tier and stage"));
  table = add_table (report, _("Tier"), _("Target"), _("Engaged"), _("Opportunity"), _("Customer"),
                     _("Paused"), _("Lost"), NULL);
  for (guint t = 0; t < CONCORD_DASHBOARD_N_TIERS; t++)
    {
      g_autoptr(GStrvBuilder) row = g_strv_builder_new ();
      static const char *const tiers[] = { N_("1:1 strategic"), N_("1:few"), N_("1:many") };

      g_strv_builder_add (row, _(tiers[t]));
      for (guint s = 0; s < CONCORD_DASHBOARD_N_STAGES; s++)
        {
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, dashboard->accounts[t][s]);
          g_strv_builder_add (row, n);
        }
      g_ptr_array_add (table->rows, g_strv_builder_end (row));
    }

  return TRUE;
}

/**
 * concord_report_build:
 * @date: (nullable): YYYY-MM-DD the report is for, or %NULL for today
 */
ConcordReport *
concord_report_build (ConcordWorkbook   *workbook,
                      ConcordReportKind  kind,
                      const char        *date,
                      GError           **error)
{
  g_autoptr(ConcordReport) report = NULL;
  g_autoptr(ConcordDashboard) dashboard = NULL;
  GDate parsed;
  gboolean ok;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  g_date_clear (&parsed, 1);
  if (date != NULL && !concord_date_parse (date, &parsed))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” is not a date; write it as YYYY-MM-DD."), date);
      return NULL;
    }

  report = g_new0 (ConcordReport, 1);
  report->kind = kind;
  report->date = date ? g_strdup (date) : concord_date_today ();
  report->blocks = g_ptr_array_new_with_free_func (block_free);

  dashboard = concord_dashboard_load (workbook, report->date, error);
  if (dashboard == NULL)
    return NULL;

  if (kind == CONCORD_REPORT_WEEKLY)
    ok = build_weekly (report, workbook, dashboard, error);
  else
    ok = build_monthly (report, workbook, dashboard, error);

  return ok ? g_steal_pointer (&report) : NULL;
}

/* Markdown ------------------------------------------------------------------ */

static void
md_text (GString    *out,
         const char *text)
{
  concord_markdown_append (out, text, CONCORD_MARKDOWN_TEXT);
}

static void
md_cell (GString    *out,
         const char *text)
{
  concord_markdown_append (out, text, CONCORD_MARKDOWN_CELL);
}

static void
md_table (GString   *out,
          GPtrArray *columns,
          GPtrArray *rows)
{
  guint n = columns->len;

  g_string_append (out, "|");
  for (guint c = 0; c < n; c++)
    {
      g_string_append_c (out, ' ');
      md_cell (out, g_ptr_array_index (columns, c));
      g_string_append (out, " |");
    }
  g_string_append (out, "\n|");
  for (guint c = 0; c < n; c++)
    g_string_append (out, " --- |");
  g_string_append_c (out, '\n');

  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);

      g_string_append (out, "|");
      for (guint c = 0; c < n && row[c] != NULL; c++)
        {
          g_string_append_c (out, ' ');
          md_cell (out, row[c]);
          g_string_append (out, " |");
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
}

char *
concord_report_to_markdown (ConcordReport *report)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  g_string_append (out, "# ");
  md_text (out, report->title);
  g_string_append (out, "\n\n_");
  md_text (out, report->subtitle);
  g_string_append (out, "_\n\n");

  for (guint i = 0; i < report->blocks->len; i++)
    {
      ConcordReportBlock *block = g_ptr_array_index (report->blocks, i);

      switch (block->kind)
        {
        case CONCORD_BLOCK_HEADING:
          g_string_append (out, "## ");
          md_text (out, block->text);
          g_string_append (out, "\n\n");
          break;

        case CONCORD_BLOCK_PARAGRAPH:
          md_text (out, block->text);
          g_string_append (out, "\n\n");
          break;

        case CONCORD_BLOCK_FIGURES:
          for (guint r = 0; r < block->rows->len; r++)
            {
              GStrv row = g_ptr_array_index (block->rows, r);
              g_string_append (out, "- **");
              md_text (out, row[0]);
              g_string_append (out, ":** ");
              md_text (out, row[1]);
              g_string_append_c (out, '\n');
            }
          g_string_append_c (out, '\n');
          break;

        case CONCORD_BLOCK_TABLE:
          md_table (out, block->columns, block->rows);
          break;

        case CONCORD_BLOCK_BARS:
          for (guint b = 0; b < block->bars->len; b++)
            {
              ConcordReportBar *bar = g_ptr_array_index (block->bars, b);
              /* Every bar's value says what its percentage is. */
              g_string_append (out, "- ");
              md_text (out, bar->label);
              g_string_append (out, ": ");
              md_text (out, bar->value);
              g_string_append_c (out, '\n');
            }
          g_string_append_c (out, '\n');
          break;
        }
    }

  return g_string_free (out, FALSE);
}

/* HTML ------------------------------------------------------------------------ */

/* Mail clients drop <style>, so every rule is inline. Colours read well
 * on white and in print. */
static const char *
bar_colour (ConcordBarStatus status)
{
  switch (status)
    {
    case CONCORD_BAR_GOOD: return "#2ec27e";
    case CONCORD_BAR_WARNING: return "#e5a50a";
    case CONCORD_BAR_BAD: return "#e01b24";
    default: return "#3584e4";
    }
}

static void
html_text (GString    *out,
           const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

char *
concord_report_to_html (ConcordReport *report)
{
  GString *out = g_string_new (NULL);
  const char *cell = "padding:6px 10px;border-bottom:1px solid #deddda;text-align:left;vertical-align:top";

  g_return_val_if_fail (report != NULL, NULL);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  html_text (out, report->title);
  g_string_append (out, " — ");
  html_text (out, report->subtitle);
  g_string_append (out, "</title>\n</head>\n"
                        "<body style=\"margin:0;padding:24px;background:#ffffff;color:#241f31;"
                        "font-family:Cantarell,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.45\">\n"
                        "<div style=\"max-width:760px;margin:0 auto\">\n<h1 style=\"font-size:26px;margin:0 0 4px\">");
  html_text (out, report->title);
  g_string_append (out, "</h1>\n<p style=\"margin:0 0 20px;color:#5e5c64\">");
  html_text (out, report->subtitle);
  g_string_append (out, "</p>\n");

  for (guint i = 0; i < report->blocks->len; i++)
    {
      ConcordReportBlock *block = g_ptr_array_index (report->blocks, i);

      switch (block->kind)
        {
        case CONCORD_BLOCK_HEADING:
          g_string_append (out, "<h2 style=\"font-size:19px;margin:28px 0 10px;border-bottom:2px solid #3584e4;padding-bottom:4px\">");
          html_text (out, block->text);
          g_string_append (out, "</h2>\n");
          break;

        case CONCORD_BLOCK_PARAGRAPH:
          g_string_append (out, "<p style=\"margin:8px 0\">");
          html_text (out, block->text);
          g_string_append (out, "</p>\n");
          break;

        case CONCORD_BLOCK_FIGURES:
          g_string_append (out, "<table role=\"presentation\" style=\"border-collapse:separate;border-spacing:8px;margin:0 -8px\"><tr>\n");
          for (guint r = 0; r < block->rows->len; r++)
            {
              GStrv row = g_ptr_array_index (block->rows, r);

              g_string_append (out, "<td style=\"background:#f6f5f4;border-radius:8px;padding:10px 14px;vertical-align:top\">"
                                    "<div style=\"font-size:22px;font-weight:bold\">");
              html_text (out, row[1]);
              g_string_append (out, "</div><div style=\"font-size:13px;color:#5e5c64\">");
              html_text (out, row[0]);
              g_string_append (out, "</div></td>\n");
              if (r % 3 == 2 && r + 1 < block->rows->len)
                g_string_append (out, "</tr><tr>\n");
            }
          g_string_append (out, "</tr></table>\n");
          break;

        case CONCORD_BLOCK_TABLE:
          g_string_append (out, "<table style=\"border-collapse:collapse;width:100%;margin:8px 0\">\n<tr>");
          for (guint c = 0; c < block->columns->len; c++)
            {
              g_string_append_printf (out, "<th style=\"%s;font-size:13px;color:#5e5c64\">", cell);
              html_text (out, g_ptr_array_index (block->columns, c));
              g_string_append (out, "</th>");
            }
          g_string_append (out, "</tr>\n");
          for (guint r = 0; r < block->rows->len; r++)
            {
              GStrv row = g_ptr_array_index (block->rows, r);

              g_string_append (out, "<tr>");
              for (guint c = 0; c < block->columns->len && row[c] != NULL; c++)
                {
                  g_string_append_printf (out, "<td style=\"%s\">", cell);
                  html_text (out, row[c]);
                  g_string_append (out, "</td>");
                }
              g_string_append (out, "</tr>\n");
            }
          g_string_append (out, "</table>\n");
          break;

        case CONCORD_BLOCK_BARS:
          g_string_append (out, "<table style=\"border-collapse:collapse;width:100%;margin:8px 0\">\n");
          for (guint b = 0; b < block->bars->len; b++)
            {
              ConcordReportBar *bar = g_ptr_array_index (block->bars, b);
              double width = CLAMP (bar->fraction, 0, 1) * 100;

              g_string_append_printf (out, "<tr><td style=\"%s;width:45%%\">", cell);
              html_text (out, bar->label);
              g_string_append_printf (out, "</td><td style=\"%s\">"
                                           "<div style=\"background:#deddda;border-radius:4px;height:10px;margin:5px 0\">"
                                           "<div style=\"background:%s;border-radius:4px;height:10px;width:%.0f%%\"></div></div>"
                                           "<div style=\"font-size:13px;color:#5e5c64\">",
                                      cell, bar_colour (bar->status), width);
              html_text (out, bar->value);
              g_string_append (out, "</div></td></tr>\n");
            }
          g_string_append (out, "</table>\n");
          break;
        }
    }

  g_string_append (out, "<p style=\"margin:32px 0 0;font-size:12px;color:#77767b\">");
  html_text (out, _("Made with Concord."));
  g_string_append (out, "</p>\n</div>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}
