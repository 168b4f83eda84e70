/* concord-assessment-targets.c
 *
 * The company profile (size, sales cycle, market) with the advice it
 * leads to, and a target stage and date per dimension. Each change is
 * written at once as its own undo step; a bad date is named beside its
 * field and nothing is saved.
 */
#define G_LOG_DOMAIN "concord-assessment-targets"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-assessment-targets.h"
#include "concord-date-row.h"
#include "concord-maturity.h"
#include "concord-plans.h"

struct _ConcordAssessmentTargets
{
  GtkWidget        parent_instance;

  AdwComboRow     *size_row;
  AdwComboRow     *cycle_row;
  AdwComboRow     *market_row;
  GtkLabel        *recommended_label;
  GtkLabel        *advice_label;
  GtkListBox      *targets_list;

  ConcordWorkbook *workbook;
  GHashTable      *expanded;     /* dimension ids (gint64*) open in the list */
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (ConcordAssessmentTargets, concord_assessment_targets, GTK_TYPE_WIDGET)

typedef struct
{
  const char *key;
  const char *values[4];        /* "" first: not set */
  const char *labels[4];
} ProfileChoice;

static const ProfileChoice profile_choices[] = {
  { "company_size", { "", "small", "mid", "large" },
    { N_("None"), N_("Small"), N_("Mid-sized"), N_("Large") } },
  { "sales_cycle", { "", "short", "long", NULL },
    { N_("None"), N_("Short"), N_("Long"), NULL } },
  { "market", { "", "simple", "complex", NULL },
    { N_("None"), N_("Simple and steady"), N_("Complex or changing"), NULL } },
};

static AdwComboRow *
profile_row (ConcordAssessmentTargets *self,
             guint                     index)
{
  AdwComboRow *rows[] = { self->size_row, self->cycle_row, self->market_row };

  return rows[index];
}

static void
update_advice (ConcordAssessmentTargets *self)
{
  g_autofree char *advice = NULL;
  int stage = concord_maturity_recommended_stage (self->workbook, &advice);

  if (stage > 0)
    {
      g_autofree char *label = concord_maturity_stage_label (self->workbook, stage);
      /* TRANSLATORS: "Worth aiming for: Aligned" */
      g_autofree char *text = g_strdup_printf (_("Worth aiming for: %s"), label);

      gtk_label_set_label (self->recommended_label, text);
    }
  else
    gtk_label_set_label (self->recommended_label, _("Describe the company"));

  gtk_label_set_label (self->advice_label, advice);
}

static void
on_profile_selected (AdwComboRow              *row,
                     GParamSpec               *pspec,
                     ConcordAssessmentTargets *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordEdit) edit = NULL;
  g_autofree char *current = NULL;
  const ProfileChoice *choice = g_object_get_data (G_OBJECT (row), "choice");
  guint selected = adw_combo_row_get_selected (row);
  const char *value;

  if (self->loading || self->workbook == NULL || selected >= G_N_ELEMENTS (choice->values) ||
      choice->values[selected] == NULL)
    return;

  value = choice->values[selected];
  current = concord_workbook_dup_meta (self->workbook, choice->key);
  if (g_strcmp0 (current ? current : "", value) == 0)
    return;

  edit = concord_workbook_edit (self->workbook, _("Change Company Profile"), &error);
  if (edit == NULL ||
      !concord_workbook_set_meta (self->workbook, choice->key, value, &error) ||
      !concord_edit_commit (edit, &error))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", error->message);

  update_advice (self);
}

typedef struct
{
  ConcordAssessmentTargets *self;
  gint64                    dimension_id;
  AdwComboRow              *stage_row;
  ConcordDateRow           *date_row;
  GtkWidget                *error_row;
} TargetRow;

static void
apply_target (TargetRow *row)
{
  g_autoptr(GError) error = NULL;
  const char *date = concord_date_row_get_date (row->date_row);
  int stage = adw_combo_row_get_selected (row->stage_row);

  gtk_widget_set_visible (row->error_row, FALSE);
  concord_date_row_set_error (row->date_row, NULL);

  if (stage == 0 && date != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->error_row),
                                     _("Choose a target stage before giving a date."));
      gtk_widget_set_visible (row->error_row, TRUE);
      return;
    }

  if (!concord_maturity_set_target (row->self->workbook, row->dimension_id, stage, date, &error))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->error_row), error->message);
      gtk_widget_set_visible (row->error_row, TRUE);
    }
}

static void
on_target_stage (AdwComboRow *combo,
                 GParamSpec  *pspec,
                 TargetRow   *row)
{
  int stored;

  if (row->self->loading)
    return;

  stored = concord_maturity_get_target (row->self->workbook, row->dimension_id, NULL);
  if (stored == (int) adw_combo_row_get_selected (combo))
    return;

  apply_target (row);
}

static void
on_target_date (ConcordDateRow *date_row,
                GParamSpec     *pspec,
                TargetRow      *row)
{
  if (!row->self->loading)
    apply_target (row);
}

static void
on_expanded (AdwExpanderRow           *expander,
             GParamSpec               *pspec,
             ConcordAssessmentTargets *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (expander), "dimension-id");

  if (adw_expander_row_get_expanded (expander))
    g_hash_table_add (self->expanded, g_memdup2 (id, sizeof *id));
  else
    g_hash_table_remove (self->expanded, id);
}

static GtkWidget *
target_row_new (ConcordAssessmentTargets *self,
                ConcordDimensionScore    *dimension,
                int                       recommended)
{
  g_autofree char *vocabulary = concord_workbook_dup_meta (self->workbook, "stage_labels");
  g_autoptr(GtkStringList) stages = gtk_string_list_new (NULL);
  g_autofree char *target_on = NULL;
  g_autofree char *now = concord_maturity_stage_label (self->workbook, dimension->stage);
  g_autofree char *subtitle = NULL;
  int target = concord_maturity_get_target (self->workbook, dimension->dimension_id, &target_on);
  GtkWidget *expander = adw_expander_row_new ();
  TargetRow *row = g_new0 (TargetRow, 1);

  row->self = self;
  row->dimension_id = dimension->dimension_id;

  if (target == 0)
    /* TRANSLATORS: "Now Defined · no target" */
    subtitle = g_strdup_printf (_("Now %s · no target"), now);
  else
    {
      g_autofree char *goal = concord_maturity_stage_label (self->workbook, target);
      g_autofree char *when = concord_date_format (target_on);

      if (recommended > 0 && target > recommended)
        /* TRANSLATORS: "Now Defined → Integrated by 2027-10-01, beyond what the profile suggests" */
        /* TRANSLATORS: "Now Defined → Integrated, beyond what the company profile suggests" */
        subtitle = g_strdup_printf (_("Now %s → %s, beyond what the company profile suggests"), now, goal);
      else if (target_on != NULL)
        /* TRANSLATORS: "Now Defined → Aligned by 1 May 2027" */
        subtitle = g_strdup_printf (_("Now %s → %s by %s"), now, goal, when);
      else
        subtitle = g_strdup_printf (_("Now %s → %s"), now, goal);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), dimension->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

  gtk_string_list_append (stages, _("No target"));
  for (int stage = 1; stage <= CONCORD_MATURITY_N_STAGES; stage++)
    gtk_string_list_append (stages, concord_maturity_stage_name (vocabulary, stage));

  row->stage_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->stage_row), _("Target stage"));
  adw_combo_row_set_model (row->stage_row, G_LIST_MODEL (stages));
  adw_combo_row_set_selected (row->stage_row, target);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (row->stage_row));

  row->date_row = CONCORD_DATE_ROW (concord_date_row_new (_("Target date")));
  concord_date_row_set_date (row->date_row, target_on);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (row->date_row));

  row->error_row = adw_action_row_new ();
  gtk_widget_add_css_class (row->error_row, "error");
  gtk_widget_set_visible (row->error_row, FALSE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row->error_row);

  g_object_set_data_full (G_OBJECT (expander), "target-row", row, g_free);
  g_object_set_data_full (G_OBJECT (expander), "dimension-id",
                          g_memdup2 (&dimension->dimension_id, sizeof (gint64)), g_free);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander),
                                 g_hash_table_contains (self->expanded, &dimension->dimension_id));

  g_signal_connect (row->stage_row, "notify::selected", G_CALLBACK (on_target_stage), row);
  g_signal_connect (row->date_row, "notify::date", G_CALLBACK (on_target_date), row);
  g_signal_connect_object (expander, "notify::expanded", G_CALLBACK (on_expanded), self, G_CONNECT_DEFAULT);

  return expander;
}

void
concord_assessment_targets_refresh (ConcordAssessmentTargets *self)
{
  g_autoptr(ConcordMaturityScore) current = NULL;
  GtkWidget *child;
  int recommended;

  g_return_if_fail (CONCORD_IS_ASSESSMENT_TARGETS (self));

  self->loading = TRUE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->targets_list))) != NULL)
    gtk_list_box_remove (self->targets_list, child);

  if (self->workbook == NULL)
    {
      self->loading = FALSE;
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (profile_choices); i++)
    {
      g_autofree char *value = concord_workbook_dup_meta (self->workbook, profile_choices[i].key);

      for (guint j = 0; j < G_N_ELEMENTS (profile_choices[i].values) && profile_choices[i].values[j]; j++)
        if (g_strcmp0 (value ? value : "", profile_choices[i].values[j]) == 0)
          adw_combo_row_set_selected (profile_row (self, i), j);
    }
  update_advice (self);
  recommended = concord_maturity_recommended_stage (self->workbook, NULL);

  current = concord_maturity_score_current (self->workbook, NULL);
  if (current != NULL)
    {
      for (guint i = 0; i < current->dimensions->len; i++)
        gtk_list_box_append (self->targets_list,
                             target_row_new (self, g_ptr_array_index (current->dimensions, i), recommended));
    }
  else
    {
      /* Not assessed yet: every dimension stands at stage 0. */
      g_autoptr(ConcordQueryModel) dimensions = concord_maturity_dimension_model_new (self->workbook);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (dimensions)); i++)
        {
          g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (dimensions), i);
          ConcordDimensionScore blank = {
            .dimension_id = concord_record_get_id (record),
            .name = (char *) concord_record_get_string (record, "name"),
          };

          gtk_list_box_append (self->targets_list, target_row_new (self, &blank, recommended));
        }
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self), !concord_workbook_get_read_only (self->workbook));
  self->loading = FALSE;
}

void
concord_assessment_targets_set_workbook (ConcordAssessmentTargets *self,
                                         ConcordWorkbook          *workbook)
{
  g_return_if_fail (CONCORD_IS_ASSESSMENT_TARGETS (self));

  if (g_set_object (&self->workbook, workbook))
    g_hash_table_remove_all (self->expanded);
  concord_assessment_targets_refresh (self);
}

static void
concord_assessment_targets_dispose (GObject *object)
{
  ConcordAssessmentTargets *self = CONCORD_ASSESSMENT_TARGETS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_ASSESSMENT_TARGETS);
  /* The root of the template has no id, so unparent it ourselves. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  g_clear_object (&self->workbook);
  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (concord_assessment_targets_parent_class)->dispose (object);
}

static void
concord_assessment_targets_class_init (ConcordAssessmentTargetsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_assessment_targets_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-assessment-targets.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentTargets, size_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentTargets, cycle_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentTargets, market_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentTargets, recommended_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentTargets, advice_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentTargets, targets_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
concord_assessment_targets_init (ConcordAssessmentTargets *self)
{
  self->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (profile_choices); i++)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      AdwComboRow *row = profile_row (self, i);

      for (guint j = 0; j < G_N_ELEMENTS (profile_choices[i].labels) && profile_choices[i].labels[j]; j++)
        gtk_string_list_append (labels, _(profile_choices[i].labels[j]));
      adw_combo_row_set_model (row, G_LIST_MODEL (labels));
      g_object_set_data (G_OBJECT (row), "choice", (gpointer) &profile_choices[i]);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_profile_selected), self, G_CONNECT_DEFAULT);
    }
}
