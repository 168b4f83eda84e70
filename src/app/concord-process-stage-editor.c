/* concord-process-stage-editor.c
 *
 * The form for one stage. Typing changes nothing until the user saves
 * (Enter or Save), so one save is one undo step with every field it
 * touched; numbers are checked here so the problem shows on its field.
 */
#define G_LOG_DOMAIN "concord-process-stage-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-process-stage-editor.h"
#include "concord-processes.h"
#include "concord-record-drop-down.h"

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
};

G_DEFINE_FINAL_TYPE (ConcordProcessStageEditor, concord_process_stage_editor, GTK_TYPE_WIDGET)

typedef struct
{
  const char *column;
  gsize       offset;  /* of the AdwEntryRow in the struct */
} TextField;

static const TextField text_fields[] = {
  { "name", G_STRUCT_OFFSET (ConcordProcessStageEditor, name_row) },
  { "definition", G_STRUCT_OFFSET (ConcordProcessStageEditor, definition_row) },
  { "entry_criteria", G_STRUCT_OFFSET (ConcordProcessStageEditor, entry_row) },
  { "exit_criteria", G_STRUCT_OFFSET (ConcordProcessStageEditor, exit_row) },
  { "recycle_reasons", G_STRUCT_OFFSET (ConcordProcessStageEditor, recycle_row) },
  { "reject_reasons", G_STRUCT_OFFSET (ConcordProcessStageEditor, reject_row) },
};

#define FIELD_ROW(self, field) (*(AdwEntryRow **) G_STRUCT_MEMBER_P ((self), (field)->offset))

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static char *
number_text (ConcordRecord *record,
             const char    *column,
             gboolean       is_double)
{
  if (concord_record_is_null (record, column))
    return g_strdup ("");
  if (is_double)
    return g_strdup_printf ("%g", concord_record_get_double (record, column));
  return g_strdup_printf ("%" G_GINT64_FORMAT, concord_record_get_int (record, column));
}

static void
show_error (ConcordProcessStageEditor *self,
            AdwEntryRow               *row,
            const char                *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (row != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
load (ConcordProcessStageEditor *self)
{
  g_autofree char *hours = NULL;
  g_autofree char *attempts = NULL;
  g_autofree char *conversion = NULL;

  show_error (self, NULL, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->record != NULL && self->workbook != NULL &&
                            !concord_workbook_get_read_only (self->workbook));
  if (self->record == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    set_row_text (FIELD_ROW (self, &text_fields[i]),
                  concord_record_get_string (self->record, text_fields[i].column));

  hours = number_text (self->record, "sla_hours", FALSE);
  attempts = number_text (self->record, "sla_attempts", FALSE);
  conversion = number_text (self->record, "conversion_target", TRUE);
  set_row_text (self->sla_hours_row, hours);
  set_row_text (self->sla_attempts_row, attempts);
  set_row_text (self->conversion_row, conversion);
  gtk_switch_set_active (self->handoff_switch, concord_record_get_boolean (self->record, "handoff"));
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->owner_picker),
                                            concord_record_get_int (self->record, "owner_team_id"));
  adw_preferences_group_set_title (self->group, concord_record_get_string (self->record, "name"));
}

/* Reads a whole number or nothing; FALSE (and the field marked) on junk. */
static gboolean
parse_number (ConcordProcessStageEditor *self,
              AdwEntryRow               *row,
              const char                *column,
              gboolean                   is_double,
              const char                *problem,
              ConcordFields             *fields)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  char *end = NULL;

  if (*text == '\0')
    {
      if (!concord_record_is_null (self->record, column))
        concord_fields_set_null (fields, column);
      return TRUE;
    }

  if (is_double)
    {
      double value = g_ascii_strtod (text, &end);

      if (end == text || *end != '\0')
        goto bad;
      if (concord_record_is_null (self->record, column) ||
          concord_record_get_double (self->record, column) != value)
        concord_fields_set_double (fields, column, value);
    }
  else
    {
      gint64 value = g_ascii_strtoll (text, &end, 10);

      if (end == text || *end != '\0')
        goto bad;
      if (concord_record_is_null (self->record, column) ||
          concord_record_get_int (self->record, column) != value)
        concord_fields_set_int (fields, column, value);
    }

  return TRUE;

bad:
  show_error (self, row, problem);
  return FALSE;
}

gboolean
concord_process_stage_editor_save (ConcordProcessStageEditor *self)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 owner;
  gboolean handoff;

  g_return_val_if_fail (CONCORD_IS_PROCESS_STAGE_EDITOR (self), FALSE);

  if (self->record == NULL || self->workbook == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (FIELD_ROW (self, &text_fields[i])), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sla_hours_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sla_attempts_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->conversion_row), "error");
  show_error (self, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (FIELD_ROW (self, &text_fields[i])));
      const char *stored = concord_record_get_string (self->record, text_fields[i].column);

      if (g_strcmp0 (text, stored ? stored : "") == 0)
        continue;
      if (*text == '\0' && !g_str_equal (text_fields[i].column, "name"))
        concord_fields_set_null (fields, text_fields[i].column);
      else
        concord_fields_set_string (fields, text_fields[i].column, text);
    }

  if (!parse_number (self, self->sla_hours_row, "sla_hours", FALSE,
                     _("The response time must be a whole number of hours, such as 24, or empty."),
                     fields) ||
      !parse_number (self, self->sla_attempts_row, "sla_attempts", FALSE,
                     _("The attempts must be a whole number, such as 3, or empty."), fields) ||
      !parse_number (self, self->conversion_row, "conversion_target", TRUE,
                     _("The conversion target must be a percentage such as 40, or empty."), fields))
    return FALSE;

  handoff = gtk_switch_get_active (self->handoff_switch);
  if (handoff != concord_record_get_boolean (self->record, "handoff"))
    concord_fields_set_int (fields, "handoff", handoff);
  owner = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->owner_picker));
  if (owner != concord_record_get_int (self->record, "owner_team_id"))
    {
      if (owner > 0)
        concord_fields_set_id (fields, "owner_team_id", owner);
      else
        concord_fields_set_null (fields, "owner_team_id");
    }

  if (concord_fields_get_size (fields) == 0)
    return TRUE;

  if (!concord_processes_update_stage (self->workbook, concord_record_get_id (self->record),
                                       fields, &error))
    {
      AdwEntryRow *row = NULL;

      /* Point at the field the store refused. */
      if (concord_fields_lookup (fields, "name") != NULL && strstr (error->message, _("stage name")))
        row = self->name_row;
      else if (concord_fields_lookup (fields, "sla_hours") != NULL && strstr (error->message, _("response time")))
        row = self->sla_hours_row;
      else if (concord_fields_lookup (fields, "sla_attempts") != NULL && strstr (error->message, _("attempts")))
        row = self->sla_attempts_row;
      else if (concord_fields_lookup (fields, "conversion_target") != NULL)
        row = self->conversion_row;
      show_error (self, row, error->message);
      return FALSE;
    }

  return TRUE;
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
on_row_activated (ConcordProcessStageEditor *self)
{
  concord_process_stage_editor_save (self);
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
    g_signal_connect_object (FIELD_ROW (self, &text_fields[i]), "entry-activated",
                             G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sla_hours_row, "entry-activated",
                           G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sla_attempts_row, "entry-activated",
                           G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversion_row, "entry-activated",
                           G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
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

  if (self->record != NULL)
    g_signal_handlers_disconnect_by_data (self->record, self);
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
