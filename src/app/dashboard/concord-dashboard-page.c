/* concord-dashboard-page.c
 *
 * Cards drawn from one ConcordDashboard snapshot, rebuilt when the store
 * changes (coalesced to one rebuild per idle moment, since one edit can
 * touch several tables). While another page is on screen the cards are
 * only marked stale, and rebuilt once when the dashboard is shown again,
 * so edits elsewhere do not pay for them. Every row opens what it summarises: the plan of a
 * KPI or milestone, the account of a warning, the roadmap of the stage.
 */
#define G_LOG_DOMAIN "concord-dashboard-page"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-accounts.h"
#include "concord-bar-chart.h"
#include "concord-dashboard-page.h"
#include "concord-info.h"
#include "concord-progress-bar.h"
#include "concord-window.h"

struct _ConcordDashboardPage
{
  ConcordPage       parent_instance;

  GtkStack         *stack;
  GtkLabel         *summary_label;
  GtkFlowBox       *cards;
  GtkWidget        *sample_button;

  ConcordDashboard *dashboard;
  ConcordRefresh   *refresh;
};

G_DEFINE_FINAL_TYPE (ConcordDashboardPage, concord_dashboard_page, CONCORD_TYPE_PAGE)

/* Where a row leads: a page, and optionally an action there with its
 * parameter (a floating GVariant is taken). */
static void
row_set_target (GtkWidget  *row,
                const char *page,
                const char *action,
                GVariant   *parameter)
{
  g_object_set_data (G_OBJECT (row), "target-page", (gpointer) page);
  g_object_set_data (G_OBJECT (row), "target-action", (gpointer) action);
  if (parameter != NULL)
    g_object_set_data_full (G_OBJECT (row), "target-parameter", g_variant_ref_sink (parameter),
                            (GDestroyNotify) g_variant_unref);
}

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  gpointer       user_data)
{
  const char *page_name = g_object_get_data (G_OBJECT (row), "target-page");
  const char *action = g_object_get_data (G_OBJECT (row), "target-action");
  GVariant *parameter = g_object_get_data (G_OBJECT (row), "target-parameter");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (list));

  if (page_name == NULL || !CONCORD_IS_WINDOW (root))
    return;

  concord_window_show_page (CONCORD_WINDOW (root), page_name);
  if (action != NULL)
    {
      GtkWidget *page = concord_window_get_page (CONCORD_WINDOW (root), page_name);

      if (page != NULL)
        gtk_widget_activate_action_variant (page, action, parameter);
    }
}

static GtkWidget *
label_new (const char *text,
           const char *css_class,
           gboolean    expand)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Cards ask for little width, so two fit side by side on a laptop. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_widget_set_hexpand (label, expand);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkListBox *
card_add (ConcordDashboardPage *self,
          const char           *title,
          const char           *subtitle,
          GtkBox              **body)
{
  GtkWidget *slot = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = label_new (title, "heading", FALSE);
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "concord-dashboard-card");
  gtk_widget_set_size_request (card, 280, -1);
  /* A card stands at the top of its row, as tall as its content: its
   * slot packs it at its start. With valign START instead, GTK would
   * measure each card's width for the row's height first, a search over
   * widths for every wrapping label in it. */
  gtk_box_append (GTK_BOX (slot), card);
  gtk_box_append (GTK_BOX (card), heading);
  if (subtitle != NULL)
    {
      GtkWidget *sub = label_new (subtitle, "dim-label", FALSE);

      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_NONE);
      gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
      gtk_box_append (GTK_BOX (card), sub);
    }

  if (body != NULL)
    {
      *body = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
      gtk_box_append (GTK_BOX (card), GTK_WIDGET (*body));
    }

  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect (list, "row-activated", G_CALLBACK (on_row_activated), NULL);
  gtk_box_append (GTK_BOX (card), list);

  gtk_flow_box_append (self->cards, slot);
  gtk_widget_set_focusable (gtk_widget_get_parent (slot), FALSE);

  return GTK_LIST_BOX (list);
}

static GtkWidget *
row_append (GtkListBox *list,
            GtkWidget  *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_list_box_append (list, row);

  return row;
}

static void
add_empty_note (GtkListBox *list,
                const char *text)
{
  GtkWidget *label = label_new (text, "dim-label", TRUE);
  GtkWidget *row;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  row = row_append (list, label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
}

/* A card lists at most this many rows, so a big workbook stays quick. */
#define MAX_ROWS 10

static void
add_more_row (GtkListBox *list,
              guint       n_shown,
              guint       n_total,
              const char *page)
{
  g_autofree char *more = NULL;
  GtkWidget *row;

  if (n_total <= n_shown)
    return;

  more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more", "%u more", n_total - n_shown),
                          n_total - n_shown);
  row = row_append (list, label_new (more, "dim-label", TRUE));
  row_set_target (row, page, NULL, NULL);
}

static void
build_kpis (ConcordDashboardPage *self,
            ConcordWorkbook      *workbook)
{
  GtkListBox *list = card_add (self, _("Collective Targets"),
                               _("Shared KPIs of the active plans; the tick marks where they should be by now."), NULL);

  for (guint i = 0; i < self->dashboard->kpis->len && i < MAX_ROWS; i++)
    {
      ConcordDashboardKpi *kpi = g_ptr_array_index (self->dashboard->kpis, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *bar = concord_progress_bar_new ();
      g_autofree char *actual = concord_kpi_format_value (workbook, kpi->unit, kpi->actual);
      g_autofree char *target = concord_kpi_format_value (workbook, kpi->unit, kpi->target);
      g_autofree char *value = g_strdup_printf (_("%s of %s"), actual, target);
      g_autofree char *caption = g_strdup_printf ("%s · %s", kpi->plan_title, concord_kpi_status_label (kpi->status));
      GtkWidget *row;
      GtkWidget *value_label = label_new (value, "numeric", FALSE);

      /* The figures matter more than the name: the name gives way. */
      gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_NONE);
      gtk_box_append (GTK_BOX (top), label_new (kpi->name, NULL, TRUE));
      gtk_box_append (GTK_BOX (top), value_label);
      concord_progress_bar_set_fraction (CONCORD_PROGRESS_BAR (bar), kpi->fraction);
      concord_progress_bar_set_status (CONCORD_PROGRESS_BAR (bar), (ConcordProgressStatus) kpi->status);
      concord_progress_bar_set_marker (CONCORD_PROGRESS_BAR (bar), kpi->elapsed);
      gtk_box_append (GTK_BOX (box), top);
      gtk_box_append (GTK_BOX (box), bar);
      gtk_box_append (GTK_BOX (box), label_new (caption, "caption", FALSE));
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      row = row_append (list, box);
      row_set_target (row, "plans", "plans.show-item", g_variant_new ("(sx)", "plan_kpis", kpi->kpi_id));
      gtk_widget_set_tooltip_text (row, _("Open the plan"));
    }

  add_more_row (list, MAX_ROWS, self->dashboard->kpis->len, "plans");
  if (self->dashboard->kpis->len == 0)
    add_empty_note (list, _("No active plan has shared KPIs yet. Set a plan to Active and give it targets."));
}

static void
build_budget (ConcordDashboardPage *self,
              ConcordWorkbook      *workbook)
{
  const ConcordBudgetTotals *budget = &self->dashboard->budget;
  GtkBox *body = NULL;
  GtkListBox *list = card_add (self, _("Budget by Team"), _("Planned against spent, active plans."), &body);
  GtkWidget *chart = concord_bar_chart_new ();
  g_autofree char *planned = concord_money_format (workbook, budget->planned_total);
  g_autofree char *actual = concord_money_format (workbook, budget->actual_total);
  g_autofree char *total = g_strdup_printf (_("Planned %s · Spent %s"), planned, actual);
  GtkWidget *total_label = label_new (total, "concord-big-number", FALSE);
  guint n;
  const ConcordChoice *funders = concord_budget_funders (&n);
  GtkWidget *row;

  gtk_widget_set_name (total_label, "budget-total");
  gtk_label_set_wrap (GTK_LABEL (total_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (total_label), PANGO_ELLIPSIZE_NONE);
  gtk_box_append (body, total_label);

  for (guint i = 0; i < CONCORD_N_FUNDERS; i++)
    {
      g_autofree char *p = concord_money_format (workbook, budget->planned[i]);
      g_autofree char *a = concord_money_format (workbook, budget->actual[i]);
      g_autofree char *value = g_strdup_printf (_("%s of %s"), a, p);

      concord_bar_chart_add_group (CONCORD_BAR_CHART (chart), g_dgettext (GETTEXT_PACKAGE, funders[i].label),
                                   (double) budget->planned[i], (double) budget->actual[i], value);
    }
  gtk_widget_set_margin_top (chart, 6);
  gtk_widget_set_margin_bottom (chart, 6);
  gtk_widget_set_margin_start (chart, 6);
  gtk_widget_set_margin_end (chart, 6);
  row = row_append (list, chart);
  row_set_target (row, "plans", NULL, NULL);
  gtk_widget_set_tooltip_text (row, _("Open the plans"));

  if (budget->n_over_budget > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u budget line is over its planned amount.",
                                                            "%u budget lines are over their planned amounts.",
                                                            budget->n_over_budget),
                                               budget->n_over_budget);
      GtkWidget *warning = label_new (text, "error", FALSE);

      gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (warning), PANGO_ELLIPSIZE_NONE);
      gtk_box_append (body, warning);
    }
}

static void
build_milestones (ConcordDashboardPage *self)
{
  g_autofree char *subtitle = g_strdup_printf (_("Overdue, and due in the next %d days."),
                                               CONCORD_DASHBOARD_HORIZON_DAYS);
  GtkListBox *list = card_add (self, _("Milestones"), subtitle, NULL);

  for (guint i = 0; i < self->dashboard->milestones->len && i < MAX_ROWS; i++)
    {
      ConcordDashboardMilestone *milestone = g_ptr_array_index (self->dashboard->milestones, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *when = NULL;
      g_autofree char *caption = NULL;
      GtkWidget *when_label, *row;

      if (milestone->days_left < 0)
        when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day overdue", "%d days overdue",
                                             (gulong) -milestone->days_left), -milestone->days_left);
      else if (milestone->days_left == 0)
        when = g_strdup (_("Due today"));
      else
        when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "In %d day", "In %d days",
                                             (gulong) milestone->days_left), milestone->days_left);

      caption = milestone->owner
        ? g_strdup_printf ("%s · %s", milestone->plan_title, milestone->owner)
        : g_strdup_printf (_("%s · no owner"), milestone->plan_title);
      when_label = label_new (when, milestone->days_left < 0 ? "error" : "dim-label", FALSE);
      gtk_label_set_ellipsize (GTK_LABEL (when_label), PANGO_ELLIPSIZE_NONE);
      gtk_box_append (GTK_BOX (top), label_new (milestone->title, NULL, TRUE));
      gtk_box_append (GTK_BOX (top), when_label);
      gtk_box_append (GTK_BOX (box), top);
      gtk_box_append (GTK_BOX (box), label_new (caption, "caption", FALSE));
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      row = row_append (list, box);
      row_set_target (row, "plans", "plans.show-item", g_variant_new ("(sx)", "plan_milestones", milestone->milestone_id));
    }

  add_more_row (list, MAX_ROWS, self->dashboard->milestones->len, "plans");
  if (self->dashboard->milestones->len == 0)
    add_empty_note (list, _("Nothing overdue and nothing due in the coming weeks."));
}

static void
build_accounts (ConcordDashboardPage *self)
{
  GtkListBox *list = card_add (self, _("Target Accounts"), _("By tier, and where they stand."), NULL);

  for (guint t = 0; t < CONCORD_DASHBOARD_N_TIERS; t++)
    {
      g_autoptr(GString) stages = g_string_new (NULL);
      gint64 total = 0;
      GtkWidget *box, *top, *row;
      g_autofree char *count = NULL;

      for (guint s = 0; s < CONCORD_DASHBOARD_N_STAGES; s++)
        {
          gint64 n = self->dashboard->accounts[t][s];

          if (n == 0)
            continue;
          total += n;
          /* Translators: a count and a stage, "2 Opportunity" */
          g_string_append_printf (stages, "%s%" G_GINT64_FORMAT " %s", stages->len ? " · " : "", n,
                                  concord_accounts_choice_label (CONCORD_CHOICE_STAGE, concord_dashboard_stage_id (s)));
        }

      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      count = g_strdup_printf ("%" G_GINT64_FORMAT, total);
      gtk_box_append (GTK_BOX (top), label_new (concord_accounts_choice_label (CONCORD_CHOICE_TIER, concord_dashboard_tier_id (t)),
                                                NULL, TRUE));
      gtk_box_append (GTK_BOX (top), label_new (count, "heading", FALSE));
      gtk_box_append (GTK_BOX (box), top);
      if (stages->len > 0)
        {
          GtkWidget *caption = label_new (stages->str, "caption", FALSE);

          gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
          gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_NONE);
          gtk_box_append (GTK_BOX (box), caption);
        }
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      row = row_append (list, box);
      row_set_target (row, "accounts", "accounts.show-tier", g_variant_new_string (concord_dashboard_tier_id (t)));
    }
}

static void
build_coverage (ConcordDashboardPage *self)
{
  GtkListBox *list = card_add (self, _("Coverage Warnings"), _("Gaps in how the target accounts are covered."), NULL);
  GPtrArray *warnings = self->dashboard->warnings;

  for (guint i = 0; warnings != NULL && i < warnings->len && i < MAX_ROWS; i++)
    {
      ConcordCoverageWarning *warning = g_ptr_array_index (warnings, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *message = label_new (warning->message, "caption", FALSE);
      GtkWidget *row;

      gtk_label_set_wrap (GTK_LABEL (message), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (message), PANGO_ELLIPSIZE_NONE);
      gtk_box_append (GTK_BOX (box), label_new (warning->account_name, NULL, TRUE));
      gtk_box_append (GTK_BOX (box), message);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      row = row_append (list, box);
      row_set_target (row, "accounts", "accounts.select", g_variant_new_int64 (warning->account_id));
    }

  if (warnings != NULL)
    add_more_row (list, MAX_ROWS, warnings->len, "accounts");

  if (warnings == NULL || warnings->len == 0)
    add_empty_note (list, _("No gaps found in account coverage."));
}

static void
build_maturity (ConcordDashboardPage *self)
{
  GtkListBox *list = card_add (self, _("Where the Relationship Stands"), NULL, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *row;

  if (self->dashboard->maturity_stage > 0)
    {
      g_autofree char *of = g_strdup_printf (_("Stage %d of 4, from the latest assessment"),
                                             self->dashboard->maturity_stage);

      gtk_box_append (GTK_BOX (box), label_new (self->dashboard->maturity_label, "concord-big-number", FALSE));
      gtk_box_append (GTK_BOX (box), label_new (of, "dim-label", FALSE));
    }
  else
    {
      GtkWidget *note = label_new (_("Not assessed yet. Take the diagnostic on the Roadmap page to see where sales and marketing stand."),
                                   "dim-label", FALSE);

      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (note), PANGO_ELLIPSIZE_NONE);
      gtk_box_append (GTK_BOX (box), note);
    }

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  row = row_append (list, box);
  row_set_target (row, "roadmap", NULL, NULL);
}

static void
reload (gpointer data)
{
  ConcordDashboardPage *self = data;
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *child;

  g_clear_pointer (&self->dashboard, concord_dashboard_free);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards))) != NULL)
    gtk_flow_box_remove (self->cards, child);

  if (workbook != NULL)
    self->dashboard = concord_dashboard_load (workbook, NULL, &error);
  if (error != NULL)
    concord_page_report_error (CONCORD_PAGE (self), error);

  gtk_widget_set_visible (self->sample_button,
                          workbook != NULL && concord_page_is_editable (CONCORD_PAGE (self)) &&
                          concord_workbook_is_empty (workbook));

  if (self->dashboard == NULL ||
      (concord_workbook_count (workbook, "plans") == 0 && self->dashboard->n_accounts == 0 &&
       self->dashboard->maturity_stage == 0))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  {
    g_autofree char *plans = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u active plan", "%u active plans",
                                                           self->dashboard->n_active_plans),
                                              self->dashboard->n_active_plans);
    g_autofree char *kpis = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u shared KPI", "%u shared KPIs",
                                                          self->dashboard->kpis->len),
                                             self->dashboard->kpis->len);
    g_autofree char *overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u milestone overdue",
                                                             "%u milestones overdue", self->dashboard->n_overdue),
                                                self->dashboard->n_overdue);

    /* Translators: the first line of the dashboard, three counts */
    summary = g_strdup_printf (_("%s · %s · %s"), plans, kpis, overdue);
    gtk_label_set_text (self->summary_label, summary);
  }

  build_kpis (self, workbook);
  build_budget (self, workbook);
  build_milestones (self);
  build_accounts (self);
  build_coverage (self);
  build_maturity (self);

  gtk_stack_set_visible_child_name (self->stack, "dashboard");
}

void
concord_dashboard_page_reload (ConcordDashboardPage *self)
{
  g_return_if_fail (CONCORD_IS_DASHBOARD_PAGE (self));

  concord_refresh_now (self->refresh);
}

static void
on_workbook_changed (ConcordDashboardPage *self)
{
  concord_refresh_queue (self->refresh);
}

static void
new_plan_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!CONCORD_IS_WINDOW (root))
    return;

  concord_window_show_page (CONCORD_WINDOW (root), "plans");
  gtk_widget_activate_action (concord_window_get_page (CONCORD_WINDOW (root), "plans"), "plans.add", NULL);
}

static void
concord_dashboard_page_workbook_changed (ConcordPage *page)
{
  ConcordDashboardPage *self = CONCORD_DASHBOARD_PAGE (page);
  ConcordWorkbook *workbook = concord_page_get_workbook (page);

  if (workbook != NULL)
    g_signal_connect_object (workbook, "changed", G_CALLBACK (on_workbook_changed),
                             self, G_CONNECT_SWAPPED);
  concord_dashboard_page_reload (self);
}

static void
concord_dashboard_page_dispose (GObject *object)
{
  ConcordDashboardPage *self = CONCORD_DASHBOARD_PAGE (object);

  g_clear_pointer (&self->dashboard, concord_dashboard_free);

  G_OBJECT_CLASS (concord_dashboard_page_parent_class)->dispose (object);
}

static void
concord_dashboard_page_finalize (GObject *object)
{
  ConcordDashboardPage *self = CONCORD_DASHBOARD_PAGE (object);

  concord_refresh_free (self->refresh);

  G_OBJECT_CLASS (concord_dashboard_page_parent_class)->finalize (object);
}

static void
concord_dashboard_page_class_init (ConcordDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ConcordPageClass *page_class = CONCORD_PAGE_CLASS (klass);

  object_class->dispose = concord_dashboard_page_dispose;
  object_class->finalize = concord_dashboard_page_finalize;
  page_class->workbook_changed = concord_dashboard_page_workbook_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordDashboardPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordDashboardPage, cards);
  gtk_widget_class_bind_template_child (widget_class, ConcordDashboardPage, sample_button);

  gtk_widget_class_install_action (widget_class, "dashboard.new-plan", NULL, new_plan_activated);
}

static void
concord_dashboard_page_init (ConcordDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->refresh = concord_refresh_new (GTK_WIDGET (self), G_PRIORITY_DEFAULT_IDLE, reload, self);
}

const ConcordDashboard *
concord_dashboard_page_get_dashboard (ConcordDashboardPage *self)
{
  g_return_val_if_fail (CONCORD_IS_DASHBOARD_PAGE (self), NULL);

  return self->dashboard;
}
