/* concord-process-stage-editor.c
 *
 * The form for one stage. Each row saves itself when focus leaves it, on
 * Enter, and before another stage is shown (concord-form.h), as one undo
 * step; numbers are checked here so the problem shows on its field.
 */
#define G_LOG_DOMAIN "concord-process-stage-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-form.h"
#include "concord-process-stage-editor.h"
#include "concord-processes.h"
#include "concord-record-drop-down.h"
#include "concord-values.h"

struct _ConcordProcessStageEditor
{
  GtkWidget        parent_instance;

  AdwPreferencesGroup *group;
  AdwEntryRow     *name_row;
  AdwEntryRow     *definition_row;
  AdwEntryRow     *entry_row;
  AdwEntryRow     *exit_row;
  AdwActionRow    *owner_row;
  GtkSwitch       *handoff_switch;
  AdwEntryRow     *sla_hours_row;
  AdwEntryRow     *sla_attempts_row;
  AdwEntryRow     *conversion_row;
  AdwEntryRow     *recycle_row;
  AdwEntryRow     *reject_row;
  GtkLabel        *error_label;
  GtkWidget       *owner_picker;

  ConcordWorkbook *workbook;
  ConcordRecord   *record;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (ConcordProcessStageEditor, concord_process_stage_editor, GTK_TYPE_WIDGET)

/* What each entry row edits; a number row says how to write it right. */
typedef enum { KIND_TEXT, KIND_WHOLE, KIND_NUMBER } TextKind;

typedef struct
{
  const char *column;
  gsize       offset;  /* of the AdwEntryRow in the struct */
  TextKind    kind;
  const char *problem;
} TextField;

static const TextField text_fields[] = {
  { "name", G_STRUCT_OFFSET (ConcordProcessStageEditor, name_row), KIND_TEXT, NULL },
  { "definition", G_STRUCT_OFFSET (ConcordProcessStageEditor, definition_row), KIND_TEXT, NULL },
  { "entry_criteria", G_STRUCT_OFFSET (ConcordProcessStageEditor, entry_row), KIND_TEXT, NULL },
  { "exit_criteria", G_STRUCT_OFFSET (ConcordProcessStageEditor, exit_row), KIND_TEXT, NULL },
  { "recycle_reasons", G_STRUCT_OFFSET (ConcordProcessStageEditor, recycle_row), KIND_TEXT, NULL },
  { "reject_reasons", G_STRUCT_OFFSET (ConcordProcessStageEditor, reject_row), KIND_TEXT, NULL },
  { "sla_hours", G_STRUCT_OFFSET (ConcordProcessStageEditor, sla_hours_row), KIND_WHOLE,
    N_("The response time must be a whole number of hours, such as 24, or empty.") },
  { "sla_attempts", G_STRUCT_OFFSET (ConcordProcessStageEditor, sla_attempts_row), KIND_WHOLE,
    N_("The attempts must be a whole number, such as 3, or empty.") },
  { "conversion_target", G_STRUCT_OFFSET (ConcordProcessStageEditor, conversion_row), KIND_NUMBER,
    N_("The conversion target must be a percentage such as 40, or empty.") },
};

#define FIELD_ROW(self, field) (*(AdwEntryRow **) G_STRUCT_MEMBER_P ((self), (field)->offset))

static char *
field_text (ConcordRecord   *record,
            const TextField *field)
{
  if (concord_record_is_null (record, field->column))
    return g_strdup ("");
  if (field->kind == KIND_NUMBER)
    return concord_number_format (concord_record_get_double (record, field->column));
  if (field->kind == KIND_WHOLE)
    return g_strdup_printf ("%" G_GINT64_FORMAT, concord_record_get_int (record, field->column));
  return g_strdup (concord_record_get_string (record, field->column));
}

static void
show_error (ConcordProcessStageEditor *self,
            const char                *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
load (ConcordProcessStageEditor *self)
{
  show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->record != NULL && self->workbook != NULL &&
                            !concord_workbook_get_read_only (self->workbook));
  /* No stage, no editor: a new process must not show another's stage. */
  gtk_widget_set_visible (GTK_WIDGET (self), self->record != NULL);
  if (self->record == NULL)
    {
      self->loading = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
        concord_field_set_text (GTK_WIDGET (FIELD_ROW (self, &text_fields[i])), "");
      self->loading = FALSE;
      adw_preferences_group_set_title (self->group, "");
      return;
    }

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *text = field_text (self->record, &text_fields[i]);

      concord_field_set_text (GTK_WIDGET (FIELD_ROW (self, &text_fields[i])), text);
    }
  gtk_switch_set_active (self->handoff_switch, concord_record_get_boolean (self->record, "handoff"));
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->owner_picker),
                                            concord_record_get_int (self->record, "owner_team_id"));
  self->loading = FALSE;
  adw_preferences_group_set_title (self->group, concord_record_get_string (self->record, "name"));
}

static gboolean
update_stage (ConcordProcessStageEditor  *self,
              ConcordFields              *fields,
              GError                    **error)
{
  return concord_processes_update_stage (self->workbook, concord_record_get_id (self->record),
                                         fields, error);
}

/* Saves one entry row (see concord_field_attach()). */
static gboolean
save_field (GtkWidget   *row,
            const char  *typed,
            const char  *step_label,
            gpointer     user_data,
            GError     **error)
{
  ConcordProcessStageEditor *self = user_data;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(ConcordEdit) edit = NULL;
  g_autofree char *text = g_strstrip (g_strdup (typed));
  const TextField *field = NULL;

  if (self->record == NULL || self->workbook == NULL || self->loading)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if ((GtkWidget *) FIELD_ROW (self, &text_fields[i]) == row)
      field = &text_fields[i];
  g_assert (field != NULL);

  if (*text == '\0' && !g_str_equal (field->column, "name"))
    concord_fields_set_null (fields, field->column);
  else if (field->kind == KIND_TEXT)
    concord_fields_set_string (fields, field->column, text);
  else if (field->kind == KIND_WHOLE)
    {
      gint64 value;

      if (!concord_count_parse (text, &value, NULL))
        goto bad;
      concord_fields_set_int (fields, field->column, value);
    }
  else
    {
      double value;

      if (!concord_number_parse (text, &value, NULL))
        goto bad;
      concord_fields_set_double (fields, field->column, value);
    }

  edit = concord_workbook_edit (self->workbook, step_label, error);
  return edit != NULL && update_stage (self, fields, error) && concord_edit_commit (edit, error);

bad:
  g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID, _(field->problem));
  return FALSE;
}

/* The switch and the team save the moment they change. */
static void
on_control_changed (ConcordProcessStageEditor *self)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 owner;

  if (self->record == NULL || self->workbook == NULL || self->loading)
    return;

  owner = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->owner_picker));
  if (gtk_switch_get_active (self->handoff_switch) != concord_record_get_boolean (self->record, "handoff"))
    concord_fields_set_int (fields, "handoff", gtk_switch_get_active (self->handoff_switch));
  if (owner != concord_record_get_int (self->record, "owner_team_id"))
    {
      if (owner > 0)
        concord_fields_set_id (fields, "owner_team_id", owner);
      else
        concord_fields_set_null (fields, "owner_team_id");
    }

  if (concord_fields_get_size (fields) > 0 && !update_stage (self, fields, &error))
    show_error (self, error->message);
  else
    show_error (self, NULL);
}

/* Commits every field; FALSE when one was refused (it stays, marked). */
gboolean
concord_process_stage_editor_save (ConcordProcessStageEditor *self)
{
  g_return_val_if_fail (CONCORD_IS_PROCESS_STAGE_EDITOR (self), FALSE);

  return concord_form_commit (GTK_WIDGET (self));
}

static void
on_record_changed (ConcordProcessStageEditor *self)
{
  /* Undo, redo or another view changed the stage: show what is stored. */
  load (self);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  concord_process_stage_editor_save (CONCORD_PROCESS_STAGE_EDITOR (widget));
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordProcessStageEditor *self = CONCORD_PROCESS_STAGE_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->record == NULL)
    return;

  if (!concord_processes_delete_stage (self->workbook, concord_record_get_id (self->record), &error))
    gtk_widget_activate_action (widget, "win.show-error", "s", error->message);
  else
    gtk_widget_activate_action (widget, "win.toast", "s", _("Stage deleted. Undo brings it back."));
}

static void
concord_process_stage_editor_dispose (GObject *object)
{
  ConcordProcessStageEditor *self = (ConcordProcessStageEditor *) object;
  GtkWidget *child;

  if (self->record != NULL)
    g_signal_handlers_disconnect_by_data (self->record, self);
  g_clear_object (&self->record);
  g_clear_object (&self->workbook);
  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_PROCESS_STAGE_EDITOR);
  /* The template's root box is not bound, so unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (concord_process_stage_editor_parent_class)->dispose (object);
}

static void
concord_process_stage_editor_class_init (ConcordProcessStageEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_process_stage_editor_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-process-stage-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, group);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, definition_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, entry_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, exit_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, owner_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, handoff_switch);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, sla_hours_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, sla_attempts_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, conversion_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, recycle_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, reject_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessStageEditor, error_label);

  gtk_widget_class_install_action (widget_class, "stage.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "stage.delete", NULL, delete_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "stage.save", NULL);
}

static void
concord_process_stage_editor_init (ConcordProcessStageEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->owner_picker = concord_record_drop_down_new (NULL, "teams", "name", TRUE);
  gtk_widget_set_valign (self->owner_picker, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->owner_row, self->owner_picker);
  adw_action_row_set_activatable_widget (self->owner_row,
                                         concord_record_drop_down_get_drop_down (CONCORD_RECORD_DROP_DOWN (self->owner_picker)));

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      concord_field_attach (GTK_WIDGET (FIELD_ROW (self, &text_fields[i])), save_field, self);
      concord_field_set_error_label (GTK_WIDGET (FIELD_ROW (self, &text_fields[i])), self->error_label);
    }
  g_signal_connect_object (self->handoff_switch, "notify::active",
                           G_CALLBACK (on_control_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->owner_picker, "notify::selected-id",
                           G_CALLBACK (on_control_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

void
concord_process_stage_editor_set_workbook (ConcordProcessStageEditor *self,
                                           ConcordWorkbook           *workbook)
{
  g_return_if_fail (CONCORD_IS_PROCESS_STAGE_EDITOR (self));

  g_set_object (&self->workbook, workbook);
  concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->owner_picker), workbook);
  concord_process_stage_editor_set_record (self, NULL);
}

/* @record comes from a ConcordQueryModel, so it follows the store. */
void
concord_process_stage_editor_set_record (ConcordProcessStageEditor *self,
                                         ConcordRecord             *record)
{
  g_return_if_fail (CONCORD_IS_PROCESS_STAGE_EDITOR (self));
  g_return_if_fail (record == NULL || CONCORD_IS_RECORD (record));

  if (self->record == record)
    return;

  /* Typed values go to the stage they were typed for. */
  if (self->record != NULL)
    {
      concord_form_leave_record (GTK_WIDGET (self));
      g_signal_handlers_disconnect_by_data (self->record, self);
    }
  g_set_object (&self->record, record);
  if (record != NULL)
    g_signal_connect_object (record, "changed", G_CALLBACK (on_record_changed), self,
                             G_CONNECT_SWAPPED);
  load (self);
}

gint64
concord_process_stage_editor_get_stage_id (ConcordProcessStageEditor *self)
{
  g_return_val_if_fail (CONCORD_IS_PROCESS_STAGE_EDITOR (self), 0);

  return self->record ? concord_record_get_id (self->record) : 0;
}
