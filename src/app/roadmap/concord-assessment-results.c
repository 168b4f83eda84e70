/* concord-assessment-results.c
 *
 * The overview of the diagnostic: the stage of the latest round, each
 * dimension's stage against its target, the perception gap between sales
 * and marketing, and the history chart. Everything here is read from the
 * core's scores; the page asks for a refresh when the tables change.
 */
#define G_LOG_DOMAIN "concord-assessment-results"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "concord-assessment-results.h"
#include "concord-maturity-chart.h"
#include "concord-maturity.h"
#include "concord-plans.h"

/* Statements listed under the gap: the widest few that differ at all. */
#define MAX_GAP_STATEMENTS 5

struct _ConcordAssessmentResults
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  GtkLabel             *stage_label;
  GtkLevelBar          *stage_bar;
  GtkLabel             *score_label;
  GtkListBox           *dimensions_list;
  AdwPreferencesGroup  *gap_group;
  GtkListBox           *gap_dimensions_list;
  GtkListBox           *gap_statements_list;
  GtkDropDown          *history_dimension;
  GtkListBox           *assessments_list;
  ConcordMaturityChart *chart;

  ConcordWorkbook      *workbook;
  GArray               *history_ids;   /* gint64 dimension id per drop-down entry */
};

G_DEFINE_FINAL_TYPE (ConcordAssessmentResults, concord_assessment_results, GTK_TYPE_WIDGET)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
stage_bar_new (int stage)
{
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, CONCORD_MATURITY_N_STAGES);

  gtk_level_bar_set_mode (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_MODE_DISCRETE);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), stage);
  gtk_widget_set_size_request (bar, 72, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);

  return bar;
}

static void
fill_dimensions (ConcordAssessmentResults *self,
                 ConcordMaturityScore     *current)
{
  clear_list (self->dimensions_list);

  for (guint i = 0; i < current->dimensions->len; i++)
    {
      ConcordDimensionScore *dimension = g_ptr_array_index (current->dimensions, i);
      g_autofree char *stage = concord_maturity_stage_label (self->workbook, dimension->stage);
      g_autofree char *target_on = NULL;
      g_autofree char *subtitle = NULL;
      int target = concord_maturity_get_target (self->workbook, dimension->dimension_id, &target_on);
      GtkWidget *row = adw_action_row_new ();

      if (target > 0)
        {
          g_autofree char *goal = concord_maturity_stage_label (self->workbook, target);
          g_autofree char *when = concord_date_format (target_on);

          if (target <= dimension->stage)
            /* TRANSLATORS: "Aligned · target Aligned reached" */
            subtitle = g_strdup_printf (_("%s · target %s reached"), stage, goal);
          else if (target_on != NULL)
            /* TRANSLATORS: "Defined · target Aligned by 1 May 2027" */
            subtitle = g_strdup_printf (_("%s · target %s by %s"), stage, goal, when);
          else
            subtitle = g_strdup_printf (_("%s · target %s"), stage, goal);
        }
      else
        subtitle = g_strdup_printf (_("%s · no target"), stage);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dimension->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), stage_bar_new (dimension->stage));
      gtk_list_box_append (self->dimensions_list, row);
    }
}

static GtkWidget *
gap_row_new (const char *title,
             const char *subtitle,
             double      gap)
{
  GtkWidget *row = adw_action_row_new ();
  /* A gap that rounds to nothing reads as "0", not as a signed zero. */
  g_autofree char *amount = fabs (gap) < 0.05 ? g_strdup ("0") : g_strdup_printf ("%+.1f", gap);
  GtkWidget *label = gtk_label_new (amount);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "heading");
  if (fabs (gap) >= 1.5)
    gtk_widget_add_css_class (label, "error");
  else if (fabs (gap) >= 0.75)
    gtk_widget_add_css_class (label, "warning");
  gtk_widget_set_tooltip_text (label, gap >= 0 ? _("Marketing rates this higher than sales")
                                               : _("Sales rates this higher than marketing"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  return row;
}

static void
fill_gap (ConcordAssessmentResults *self)
{
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) dimensions = NULL;
  g_autoptr(ConcordMaturityScore) sales = NULL;
  g_autoptr(ConcordMaturityScore) marketing = NULL;
  g_autofree char *description = NULL;
  g_autofree char *sales_on = NULL;
  g_autofree char *marketing_on = NULL;
  gint64 sales_id = 0, marketing_id = 0;
  guint shown = 0;

  clear_list (self->gap_dimensions_list);
  clear_list (self->gap_statements_list);

  if (!concord_maturity_find_gap_pair (self->workbook, &sales_id, &marketing_id, NULL) ||
      !concord_maturity_gap (self->workbook, sales_id, marketing_id, &statements, &dimensions, NULL))
    {
      adw_preferences_group_set_description (self->gap_group,
        _("When sales and marketing each take the assessment within the same six weeks, the places where they see the relationship differently show here."));
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->gap_dimensions_list)), FALSE);
      return;
    }

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->gap_dimensions_list)), TRUE);
  sales = concord_maturity_score_assessment (self->workbook, sales_id, NULL);
  marketing = concord_maturity_score_assessment (self->workbook, marketing_id, NULL);
  sales_on = concord_date_format (sales ? sales->taken_on : NULL);
  marketing_on = concord_date_format (marketing ? marketing->taken_on : NULL);
  /* TRANSLATORS: the scores are out of 100 */
  description = g_strdup_printf (_("Sales (%s) scored %.0f, marketing (%s) scored %.0f. A positive number means marketing sees it better than sales does."),
                                 sales_on, sales ? sales->percent : 0,
                                 marketing_on, marketing ? marketing->percent : 0);
  adw_preferences_group_set_description (self->gap_group, description);

  for (guint i = 0; i < dimensions->len; i++)
    {
      ConcordGapItem *item = g_ptr_array_index (dimensions, i);
      /* TRANSLATORS: mean answers, "Sales 2.3 · Marketing 3.7" */
      g_autofree char *subtitle = g_strdup_printf (_("Sales %.1f · Marketing %.1f"), item->sales, item->marketing);

      gtk_list_box_append (self->gap_dimensions_list, gap_row_new (item->dimension, subtitle, item->gap));
    }

  for (guint i = 0; i < statements->len && shown < MAX_GAP_STATEMENTS; i++)
    {
      ConcordGapItem *item = g_ptr_array_index (statements, i);
      g_autofree char *subtitle = NULL;

      if (fabs (item->gap) < 1)
        break;

      /* TRANSLATORS: "Shared definitions and process · Sales 2 · Marketing 5" */
      subtitle = g_strdup_printf (_("%s · Sales %.0f · Marketing %.0f"), item->dimension, item->sales, item->marketing);
      gtk_list_box_append (self->gap_statements_list, gap_row_new (item->text, subtitle, item->gap));
      shown++;
    }

  if (shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No statement differs by a full point: the teams see the relationship alike."));
      gtk_list_box_append (self->gap_statements_list, row);
    }
}

static void
fill_assessments (ConcordAssessmentResults *self,
                  GPtrArray                *history)
{
  gboolean editable = !concord_workbook_get_read_only (self->workbook);

  clear_list (self->assessments_list);

  for (guint i = history->len; i > 0; i--)
    {
      ConcordMaturityScore *score = g_ptr_array_index (history, i - 1);
      g_autofree char *stage = concord_maturity_stage_label (self->workbook, score->stage);
      g_autofree char *when = concord_date_format (score->taken_on);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

      /* TRANSLATORS: "Sales · 16 Nov 2026" */
      title = g_strdup_printf (_("%s · %s"), concord_maturity_team_label (score->team), when);
      /* TRANSLATORS: "Defined, 57 of 100" */
      subtitle = g_strdup_printf (_("%s, %.0f of 100"), stage, score->percent);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (delete, "flat");
      gtk_widget_set_tooltip_text (delete, _("Delete this assessment and its answers"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Delete assessment"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "results.delete-assessment");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "x", score->assessment_id);
      gtk_widget_set_sensitive (delete, editable);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
      gtk_list_box_append (self->assessments_list, row);
    }
}

static void
delete_assessment_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  ConcordAssessmentResults *self = CONCORD_ASSESSMENT_RESULTS (widget);
  g_autoptr(GError) error = NULL;

  if (self->workbook == NULL)
    return;

  if (!concord_maturity_delete_assessment (self->workbook, g_variant_get_int64 (parameter), &error))
    gtk_widget_activate_action (widget, "win.show-error", "s", error->message);
  else
    gtk_widget_activate_action (widget, "win.toast", "s", _("Assessment deleted. Undo with Ctrl+Z."));
}

static void
fill_history (ConcordAssessmentResults *self)
{
  g_autoptr(GPtrArray) history = concord_maturity_history (self->workbook, NULL);
  g_autoptr(ConcordQueryModel) dimensions = concord_maturity_dimension_model_new (self->workbook);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *vocabulary = concord_workbook_dup_meta (self->workbook, "stage_labels");
  const char *stage_names[CONCORD_MATURITY_N_STAGES];
  guint selected = gtk_drop_down_get_selected (self->history_dimension);
  gint64 selected_id = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (dimensions));

  if (selected != GTK_INVALID_LIST_POSITION && selected < self->history_ids->len)
    selected_id = g_array_index (self->history_ids, gint64, selected);

  for (int stage = 1; stage <= CONCORD_MATURITY_N_STAGES; stage++)
    stage_names[stage - 1] = concord_maturity_stage_name (vocabulary, stage);
  concord_maturity_chart_set_stage_names (self->chart, stage_names);

  /* Rebuild the choices, keeping the one shown. */
  g_array_set_size (self->history_ids, 0);
  gtk_string_list_append (names, _("Overall score"));
  g_array_append_val (self->history_ids, (gint64) { 0 });
  selected = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (dimensions), i);
      gint64 id = concord_record_get_id (record);

      gtk_string_list_append (names, concord_record_get_string (record, "name"));
      g_array_append_val (self->history_ids, id);
      if (id == selected_id)
        selected = i + 1;
    }

  gtk_drop_down_set_model (self->history_dimension, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->history_dimension, selected);
  concord_maturity_chart_set_dimension (self->chart, g_array_index (self->history_ids, gint64, selected));
  concord_maturity_chart_set_history (self->chart, history);
  if (history != NULL)
    fill_assessments (self, history);
}

static void
on_history_dimension (GtkDropDown              *drop_down,
                      GParamSpec               *pspec,
                      ConcordAssessmentResults *self)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (selected < self->history_ids->len)
    concord_maturity_chart_set_dimension (self->chart, g_array_index (self->history_ids, gint64, selected));
}

void
concord_assessment_results_refresh (ConcordAssessmentResults *self)
{
  g_autoptr(ConcordMaturityScore) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *when = NULL;
  g_autofree char *score_text = NULL;
  g_autofree char *teams = NULL;

  g_return_if_fail (CONCORD_IS_ASSESSMENT_RESULTS (self));

  if (self->workbook == NULL ||
      (current = concord_maturity_score_current (self->workbook, &error)) == NULL)
    {
      gtk_label_set_label (self->stage_label, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  stage = concord_maturity_stage_label (self->workbook, current->stage);
  when = concord_date_format (current->taken_on);
  gtk_label_set_label (self->stage_label, stage);
  gtk_level_bar_set_value (self->stage_bar, current->stage);
  /* TRANSLATORS: "61 of 100, from each team's latest assessment up to 17 Nov 2026" */
  teams = concord_maturity_describe_teams (self->workbook, current);
  score_text = g_strdup_printf (_("%.0f of 100, from each team’s latest assessment up to %s."),
                                current->percent, when);
  if (*teams != '\0')
    {
      char *both = g_strconcat (score_text, "\n", teams, NULL);

      g_free (score_text);
      score_text = both;
    }
  gtk_label_set_label (self->score_label, score_text);

  fill_dimensions (self, current);
  fill_gap (self);
  fill_history (self);

  gtk_stack_set_visible_child_name (self->stack, "results");
}

void
concord_assessment_results_set_workbook (ConcordAssessmentResults *self,
                                         ConcordWorkbook          *workbook)
{
  g_return_if_fail (CONCORD_IS_ASSESSMENT_RESULTS (self));

  g_set_object (&self->workbook, workbook);
  concord_assessment_results_refresh (self);
}

const char *
concord_assessment_results_get_stage_text (ConcordAssessmentResults *self)
{
  g_return_val_if_fail (CONCORD_IS_ASSESSMENT_RESULTS (self), NULL);

  return gtk_label_get_label (self->stage_label);
}

static void
concord_assessment_results_dispose (GObject *object)
{
  ConcordAssessmentResults *self = CONCORD_ASSESSMENT_RESULTS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_ASSESSMENT_RESULTS);
  /* The root of the template has no id, so unparent it ourselves. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  g_clear_object (&self->workbook);
  g_clear_pointer (&self->history_ids, g_array_unref);

  G_OBJECT_CLASS (concord_assessment_results_parent_class)->dispose (object);
}

static void
concord_assessment_results_class_init (ConcordAssessmentResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_assessment_results_dispose;

  g_type_ensure (CONCORD_TYPE_MATURITY_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-assessment-results.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, stage_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, stage_bar);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, score_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, dimensions_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, gap_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, gap_dimensions_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, gap_statements_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, history_dimension);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, chart);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentResults, assessments_list);

  gtk_widget_class_install_action (widget_class, "results.delete-assessment", "x", delete_assessment_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
concord_assessment_results_init (ConcordAssessmentResults *self)
{
  self->history_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->history_dimension, "notify::selected",
                           G_CALLBACK (on_history_dimension), self, G_CONNECT_DEFAULT);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}
