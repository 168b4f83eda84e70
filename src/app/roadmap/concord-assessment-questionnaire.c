/* concord-assessment-questionnaire.c
 *
 * Lets a workbook word the diagnostic its own way: edit, add and delete
 * statements, dimension by dimension. Every change is one undo step and
 * a refused one is explained under its dimension.
 */
#define G_LOG_DOMAIN "concord-assessment-questionnaire"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-assessment-questionnaire.h"
#include "concord-form.h"
#include "concord-maturity.h"

struct _ConcordAssessmentQuestionnaire
{
  AdwWindow        parent_instance;

  GtkBox          *groups;

  ConcordWorkbook *workbook;
  GPtrArray       *built;       /* the groups we added, to replace on change */
  guint            refresh_id;
};

G_DEFINE_FINAL_TYPE (ConcordAssessmentQuestionnaire, concord_assessment_questionnaire, ADW_TYPE_WINDOW)

static void rebuild (ConcordAssessmentQuestionnaire *self);

static void
report (GtkWidget    *error_row,
        const GError *error)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (error_row), error ? error->message : "");
  gtk_widget_set_visible (error_row, error != NULL);
}

/* Shows under @row's dimension why its save was refused, or clears it. */
static gboolean
report_save (GtkWidget  *row,
             gboolean    saved,
             GError    **error)
{
  report (g_object_get_data (G_OBJECT (row), "error-row"), saved ? NULL : *error);

  return saved;
}

/* A statement's row is a field (see concord_field_attach()). */
static gboolean
save_statement (GtkWidget   *row,
                const char  *text,
                const char  *step_label,
                gpointer     user_data,
                GError     **error)
{
  ConcordAssessmentQuestionnaire *self = user_data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "statement-id"));
  g_autoptr(ConcordEdit) edit = concord_workbook_edit (self->workbook, step_label, error);

  return report_save (row,
                      edit != NULL &&
                      concord_maturity_set_statement_text (self->workbook, id, text, error) &&
                      concord_edit_commit (edit, error),
                      error);
}

/* The dimension's name row is a field too; the name shows in results,
 * reports and the roadmap. */
static gboolean
save_dimension_name (GtkWidget   *row,
                     const char  *text,
                     const char  *step_label,
                     gpointer     user_data,
                     GError     **error)
{
  ConcordAssessmentQuestionnaire *self = user_data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "dimension-id"));

  return report_save (row, concord_maturity_rename_dimension (self->workbook, id, text, error), error);
}

static void
on_add_apply (AdwEntryRow                    *row,
              ConcordAssessmentQuestionnaire *self)
{
  g_autoptr(GError) error = NULL;
  gint64 dimension_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "dimension-id"));
  GtkWidget *error_row = g_object_get_data (G_OBJECT (row), "error-row");

  if (concord_maturity_add_statement (self->workbook, dimension_id,
                                      gtk_editable_get_text (GTK_EDITABLE (row)), &error) <= 0)
    {
      report (error_row, error);
      return;
    }
  report (error_row, NULL);
}

static void
on_delete_clicked (GtkButton                      *button,
                   ConcordAssessmentQuestionnaire *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "statement-id"));

  if (!concord_maturity_delete_statement (self->workbook, id, &error))
    report (g_object_get_data (G_OBJECT (button), "error-row"), error);
}

static gboolean
refresh_idle (gpointer data)
{
  ConcordAssessmentQuestionnaire *self = data;

  self->refresh_id = 0;
  rebuild (self);

  return G_SOURCE_REMOVE;
}

static void
on_workbook_changed (ConcordWorkbook                *workbook,
                     const char                     *table,
                     ConcordAssessmentQuestionnaire *self)
{
  /* Rebuild after the edit, never inside the handler of a row it replaces. */
  if ((g_strcmp0 (table, "maturity_statements") == 0 || g_strcmp0 (table, "maturity_dimensions") == 0) &&
      self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle, self);
}

static void
rebuild (ConcordAssessmentQuestionnaire *self)
{
  g_autoptr(ConcordQueryModel) dimensions = concord_maturity_dimension_model_new (self->workbook);
  g_autoptr(GPtrArray) statements = concord_maturity_list_statements (self->workbook, NULL);
  gboolean editable = !concord_workbook_get_read_only (self->workbook);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (dimensions));

  /* What is typed in the rows about to go is saved first. */
  concord_form_leave_record (GTK_WIDGET (self->groups));
  for (guint i = 0; i < self->built->len; i++)
    gtk_box_remove (self->groups, g_ptr_array_index (self->built, i));
  g_ptr_array_set_size (self->built, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConcordRecord) dimension = g_list_model_get_item (G_LIST_MODEL (dimensions), i);
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *error_row = adw_action_row_new ();
      GtkWidget *add_row = adw_entry_row_new ();
      GtkWidget *name_row = adw_entry_row_new ();
      gint64 dimension_id = concord_record_get_id (dimension);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), concord_record_get_string (dimension, "name"));
      if (!concord_record_is_null (dimension, "description"))
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                               concord_record_get_string (dimension, "description"));
      gtk_widget_add_css_class (error_row, "error");
      gtk_widget_set_visible (error_row, FALSE);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Dimension name"));
      gtk_editable_set_text (GTK_EDITABLE (name_row), concord_record_get_string (dimension, "name"));
      gtk_widget_set_sensitive (name_row, editable);
      gtk_widget_add_css_class (name_row, "heading");
      g_object_set_data (G_OBJECT (name_row), "dimension-id", GSIZE_TO_POINTER (dimension_id));
      g_object_set_data (G_OBJECT (name_row), "error-row", error_row);
      concord_field_attach (name_row, save_dimension_name, self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), name_row);

      for (guint j = 0; statements != NULL && j < statements->len; j++)
        {
          ConcordStatement *statement = g_ptr_array_index (statements, j);
          GtkWidget *row, *delete;

          if (statement->dimension_id != dimension_id)
            continue;

          row = adw_entry_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Statement"));
          gtk_editable_set_text (GTK_EDITABLE (row), statement->text);
          gtk_widget_set_sensitive (row, editable);
          g_object_set_data (G_OBJECT (row), "statement-id", GSIZE_TO_POINTER (statement->id));
          g_object_set_data (G_OBJECT (row), "error-row", error_row);
          concord_field_attach (row, save_statement, self);

          delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
          gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (delete, "flat");
          gtk_widget_set_tooltip_text (delete, _("Delete this statement and its answers"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Delete statement"), -1);
          g_object_set_data (G_OBJECT (delete), "statement-id", GSIZE_TO_POINTER (statement->id));
          g_object_set_data (G_OBJECT (delete), "error-row", error_row);
          g_signal_connect_object (delete, "clicked", G_CALLBACK (on_delete_clicked), self, G_CONNECT_DEFAULT);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), delete);

          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add_row), _("New statement"));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (add_row), TRUE);
      gtk_widget_set_sensitive (add_row, editable);
      g_object_set_data (G_OBJECT (add_row), "dimension-id", GSIZE_TO_POINTER (dimension_id));
      g_object_set_data (G_OBJECT (add_row), "error-row", error_row);
      g_signal_connect_object (add_row, "apply", G_CALLBACK (on_add_apply), self, G_CONNECT_DEFAULT);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), add_row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), error_row);

      gtk_box_append (self->groups, group);
      g_ptr_array_add (self->built, group);
    }
}

GtkWidget *
concord_assessment_questionnaire_new (GtkWindow       *parent,
                                      ConcordWorkbook *workbook)
{
  ConcordAssessmentQuestionnaire *self;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  self = g_object_new (CONCORD_TYPE_ASSESSMENT_QUESTIONNAIRE, "transient-for", parent, NULL);
  self->workbook = g_object_ref (workbook);
  g_signal_connect_object (workbook, "changed", G_CALLBACK (on_workbook_changed), self, G_CONNECT_DEFAULT);
  rebuild (self);

  return GTK_WIDGET (self);
}

static void
concord_assessment_questionnaire_dispose (GObject *object)
{
  ConcordAssessmentQuestionnaire *self = CONCORD_ASSESSMENT_QUESTIONNAIRE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_ASSESSMENT_QUESTIONNAIRE);
  g_clear_object (&self->workbook);
  g_clear_pointer (&self->built, g_ptr_array_unref);

  G_OBJECT_CLASS (concord_assessment_questionnaire_parent_class)->dispose (object);
}

static void
concord_assessment_questionnaire_class_init (ConcordAssessmentQuestionnaireClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_assessment_questionnaire_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-assessment-questionnaire.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordAssessmentQuestionnaire, groups);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
concord_assessment_questionnaire_init (ConcordAssessmentQuestionnaire *self)
{
  self->built = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* What is typed goes into the workbook before the window goes. */
  g_signal_connect (self, "close-request", G_CALLBACK (concord_form_close_request), NULL);
}
