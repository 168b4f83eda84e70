/* concord-assessment-form.c
 *
 * The questionnaire for one team: a date, the team, and an answer from 1
 * to 5 per statement, saved as one undoable edit. Rows come from the
 * statements model, so a workbook's own questionnaire shows as written.
 */
#define G_LOG_DOMAIN "concord-assessment-form"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-assessment-form.h"
#include "concord-assessment-questionnaire.h"
#include "concord-date-row.h"
#include "concord-maturity.h"
#include "concord-plans.h"

struct _ConcordAssessmentForm
{
  GtkWidget          parent_instance;

  GtkScrolledWindow *scroller;
  ConcordDateRow    *date_row;
  AdwComboRow       *team_row;
  AdwEntryRow       *respondent_row;
  GtkLabel          *date_error;
  GtkListBox        *statements_list;
  GtkLabel          *error_label;
  GtkLabel          *progress_label;

  ConcordWorkbook   *workbook;
  ConcordQueryModel *statements;
  GHashTable        *answers;    /* statement id (gint64*) -> value */
};

G_DEFINE_FINAL_TYPE (ConcordAssessmentForm, concord_assessment_form, GTK_TYPE_WIDGET)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *const team_ids[] = { "sales", "marketing", "leadership", "joint" };

static const char *const answer_meanings[] = {
  N_("1: strongly disagree"), N_("2: disagree"), N_("3: neither agree nor disagree"),
  N_("4: agree"), N_("5: strongly agree"),
};

static void
update_progress (ConcordAssessmentForm *self)
{
  guint n = self->statements ? g_list_model_get_n_items (G_LIST_MODEL (self->statements)) : 0;
  guint answered = g_hash_table_size (self->answers);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer value;
  int total = 0;

  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_INT (value);

  /* TRANSLATORS: "Answered 12 of 20 · 45 points so far" */
  text = g_strdup_printf (_("Answered %u of %u · %d points so far"), answered, n, total);
  gtk_label_set_label (self->progress_label, text);
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
on_answer_toggled (GtkToggleButton       *button,
                   ConcordAssessmentForm *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "statement-id");
  int value = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "value"));

  if (!gtk_toggle_button_get_active (button))
    return;

  g_hash_table_insert (self->answers, g_memdup2 (id, sizeof *id), GINT_TO_POINTER (value));
  show_error (self->error_label, NULL);
  update_progress (self);
}

static GtkToggleButton *
row_button (GtkWidget *row,
            int        value)
{
  GtkToggleButton **buttons = g_object_get_data (G_OBJECT (row), "buttons");

  return buttons[value - 1];
}

static gboolean
on_row_key_pressed (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    GtkWidget             *row)
{
  int value = 0;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_5)
    value = keyval - GDK_KEY_1 + 1;
  else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_5)
    value = keyval - GDK_KEY_KP_1 + 1;
  else
    return FALSE;

  gtk_toggle_button_set_active (row_button (row, value), TRUE);

  /* Straight on to the next statement, so twenty answers are twenty keys. */
  {
    GtkWidget *next = gtk_widget_get_next_sibling (row);

    if (next != NULL)
      gtk_widget_grab_focus (next);
  }

  return TRUE;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  ConcordAssessmentForm *self = user_data;
  ConcordRecord *statement = item;
  g_autoptr(ConcordRecord) dimension = NULL;
  GtkToggleButton **buttons = g_new0 (GtkToggleButton *, 5);
  GtkEventController *keys;
  GtkWidget *row, *box, *header, *text, *choices;
  g_autofree char *header_text = NULL;
  g_autofree char *accessible = NULL;
  gint64 id = concord_record_get_id (statement);
  gpointer answer;
  guint position = 0;

  concord_query_model_find (self->statements, id, &position);
  dimension = concord_workbook_get_record (self->workbook, "maturity_dimensions",
                                           concord_record_get_int (statement, "dimension_id"), NULL);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  /* TRANSLATORS: "4 · Shared definitions and process" */
  header_text = g_strdup_printf (_("%u · %s"), position + 1,
                                 dimension ? concord_record_get_string (dimension, "name") : "");
  header = gtk_label_new (header_text);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_box_append (GTK_BOX (box), header);

  text = gtk_label_new (concord_record_get_string (statement, "text"));
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), text);

  choices = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (choices, "linked");
  gtk_widget_set_halign (choices, GTK_ALIGN_START);
  answer = g_hash_table_lookup (self->answers, &id);

  for (int value = 1; value <= 5; value++)
    {
      g_autofree char *label = g_strdup_printf ("%d", value);
      GtkWidget *button = gtk_toggle_button_new_with_label (label);

      gtk_widget_set_size_request (button, 44, -1);
      gtk_widget_set_tooltip_text (button, _(answer_meanings[value - 1]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(answer_meanings[value - 1]),
                                      -1);
      if (value > 1)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), buttons[0]);
      g_object_set_data_full (G_OBJECT (button), "statement-id",
                              g_memdup2 (&id, sizeof id), g_free);
      g_object_set_data (G_OBJECT (button), "value", GINT_TO_POINTER (value));
      if (answer != NULL && GPOINTER_TO_INT (answer) == value)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_answer_toggled), self, G_CONNECT_DEFAULT);
      buttons[value - 1] = GTK_TOGGLE_BUTTON (button);
      gtk_box_append (GTK_BOX (choices), button);
    }
  gtk_box_append (GTK_BOX (box), choices);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "buttons", buttons, g_free);
  g_object_set_data_full (G_OBJECT (row), "statement-id", g_memdup2 (&id, sizeof id), g_free);

  accessible = g_strdup_printf ("%s %s", header_text, concord_record_get_string (statement, "text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_row_key_pressed), row);
  gtk_widget_add_controller (row, keys);

  return row;
}

static void
reset (ConcordAssessmentForm *self)
{
  g_autofree char *today = concord_date_today ();

  g_hash_table_remove_all (self->answers);
  concord_date_row_set_date (self->date_row, today);
  gtk_editable_set_text (GTK_EDITABLE (self->respondent_row), "");
  show_error (self->error_label, NULL);
  show_error (self->date_error, NULL);
  concord_date_row_set_error (self->date_row, NULL);

  /* Rebinding rebuilds the rows with nothing selected. */
  gtk_list_box_bind_model (self->statements_list,
                           self->statements ? G_LIST_MODEL (self->statements) : NULL,
                           self->statements ? create_row : NULL, self, NULL);
  update_progress (self);
}

void
concord_assessment_form_set_workbook (ConcordAssessmentForm *self,
                                      ConcordWorkbook       *workbook)
{
  g_return_if_fail (CONCORD_IS_ASSESSMENT_FORM (self));

  if (!g_set_object (&self->workbook, workbook))
    return;

  gtk_list_box_bind_model (self->statements_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->statements);
  if (workbook != NULL)
    self->statements = concord_maturity_statement_model_new (workbook);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assessment.save",
                                 workbook != NULL && !concord_workbook_get_read_only (workbook));
  reset (self);
}

static GtkWidget *
find_row (ConcordAssessmentForm *self,
          guint                  position)
{
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->statements_list, position));
}

gboolean
concord_assessment_form_set_answer (ConcordAssessmentForm *self,
                                    guint                  position,
                                    int                    value)
{
  GtkWidget *row;

  g_return_val_if_fail (CONCORD_IS_ASSESSMENT_FORM (self), FALSE);
  g_return_val_if_fail (value >= 1 && value <= 5, FALSE);

  row = find_row (self, position);
  if (row == NULL)
    return FALSE;

  gtk_toggle_button_set_active (row_button (row, value), TRUE);

  return TRUE;
}

void
concord_assessment_form_set_team (ConcordAssessmentForm *self,
                                  const char            *team)
{
  g_return_if_fail (CONCORD_IS_ASSESSMENT_FORM (self));

  for (guint i = 0; i < G_N_ELEMENTS (team_ids); i++)
    if (g_strcmp0 (team, team_ids[i]) == 0)
      adw_combo_row_set_selected (self->team_row, i);
}

void
concord_assessment_form_set_date (ConcordAssessmentForm *self,
                                  const char            *date)
{
  g_return_if_fail (CONCORD_IS_ASSESSMENT_FORM (self));

  concord_date_row_set_date (self->date_row, date);
}

const char *
concord_assessment_form_get_error (ConcordAssessmentForm *self)
{
  g_return_val_if_fail (CONCORD_IS_ASSESSMENT_FORM (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->date_error)))
    return gtk_label_get_label (self->date_error);
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return gtk_label_get_label (self->error_label);

  return NULL;
}

void
concord_assessment_form_focus_first (ConcordAssessmentForm *self)
{
  g_return_if_fail (CONCORD_IS_ASSESSMENT_FORM (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ConcordAssessmentForm *self = CONCORD_ASSESSMENT_FORM (widget);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordMaturityScore) score = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *toast = NULL;
  const char *date = concord_date_row_get_date (self->date_row);
  const char *team = team_ids[MIN (adw_combo_row_get_selected (self->team_row), G_N_ELEMENTS (team_ids) - 1)];
  guint n, open = 0, first_open = 0;
  GDate parsed;
  gint64 id;

  if (self->workbook == NULL)
    return;

  show_error (self->error_label, NULL);
  show_error (self->date_error, NULL);
  concord_date_row_set_error (self->date_row, NULL);

  if (!concord_date_parse (date, &parsed))
    {
      const char *message = _("Pick the date the assessment was taken.");

      show_error (self->date_error, message);
      concord_date_row_set_error (self->date_row, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->statements));
  for (guint i = 0; i < n; i++)
    {
      gint64 statement_id = concord_query_model_get_id (self->statements, i);
      gpointer value = g_hash_table_lookup (self->answers, &statement_id);
      int answer = GPOINTER_TO_INT (value);

      if (value == NULL && open++ == 0)
        first_open = i;
      g_array_append_val (values, answer);
    }

  if (open > 0)
    {
      g_autofree char *message = NULL;
      GtkWidget *row = find_row (self, first_open);

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Answer every statement: %u is still open, statement %u.",
                                              "Answer every statement: %u are still open, starting with statement %u.",
                                              open),
                                 open, first_open + 1);
      show_error (self->error_label, message);
      if (row != NULL)
        gtk_widget_grab_focus (row);
      return;
    }

  id = concord_maturity_record_assessment (self->workbook, date, team,
                                           gtk_editable_get_text (GTK_EDITABLE (self->respondent_row)),
                                           (const int *) values->data, values->len, &error);
  if (id <= 0)
    {
      show_error (self->error_label, error->message);
      return;
    }

  score = concord_maturity_score_assessment (self->workbook, id, NULL);
  stage = concord_maturity_stage_label (self->workbook, score ? score->stage : 0);
  /* TRANSLATORS: "Sales assessment saved: Defined, 52 of 100"; the first
   * %s is a whole phrase such as "Sales assessment" */
  toast = g_strdup_printf (_("%s saved: %s, %.0f of 100"),
                           concord_maturity_team_assessment_label (team), stage, score ? score->percent : 0);
  gtk_widget_activate_action (widget, "win.toast", "s", toast);

  reset (self);
  g_signal_emit (self, signals[SAVED], 0, id);
}

static void
edit_questionnaire_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  ConcordAssessmentForm *self = CONCORD_ASSESSMENT_FORM (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->workbook == NULL)
    return;

  dialog = concord_assessment_questionnaire_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                 self->workbook);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
concord_assessment_form_dispose (GObject *object)
{
  ConcordAssessmentForm *self = CONCORD_ASSESSMENT_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_ASSESSMENT_FORM);
  /* The root of the template has no id, so unparent it ourselves. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  g_clear_object (&self->statements);
  g_clear_object (&self->workbook);

  G_OBJECT_CLASS (concord_assessment_form_parent_class)->dispose (object);
}

static void
concord_assessment_form_finalize (GObject *object)
{
  ConcordAssessmentForm *self = CONCORD_ASSESSMENT_FORM (object);

  g_hash_table_unref (self->answers);

  G_OBJECT_CLASS (concord_assessment_form_parent_class)->finalize (object);
}

static void
concord_assessment_form_class_init (ConcordAssessmentFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_assessment_form_dispose;
  object_class->finalize = concord_assessment_form_finalize;

  g_type_ensure (CONCORD_TYPE_DATE_ROW);

  /**
   * ConcordAssessmentForm::saved:
   * @id: the new assessment's id
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-assessment-form.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentForm, scroller);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentForm, date_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentForm, team_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentForm, respondent_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentForm, date_error);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentForm, statements_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentForm, progress_label);

  gtk_widget_class_install_action (widget_class, "assessment.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "assessment.edit-questionnaire", NULL,
                                   edit_questionnaire_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "assessment.save", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
concord_assessment_form_init (ConcordAssessmentForm *self)
{
  g_autoptr(GtkStringList) teams = gtk_string_list_new (NULL);

  self->answers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (team_ids); i++)
    gtk_string_list_append (teams, concord_maturity_team_label (team_ids[i]));
  adw_combo_row_set_model (self->team_row, G_LIST_MODEL (teams));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assessment.save", FALSE);
  reset (self);
}
