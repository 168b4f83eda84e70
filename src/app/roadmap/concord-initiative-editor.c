/* concord-initiative-editor.c
 *
 * Creates or edits one initiative. A new one is written once, by Create.
 * One that exists saves each change as it is made (its text rows are
 * fields, see concord-form.h), one undo step each; the core validates and
 * the problem shows beside the field it concerns.
 */
#define G_LOG_DOMAIN "concord-initiative-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-date-row.h"
#include "concord-form.h"
#include "concord-initiative-editor.h"
#include "concord-initiatives.h"
#include "concord-maturity.h"
#include "concord-record-drop-down.h"

struct _ConcordInitiativeEditor
{
  AdwWindow              parent_instance;

  AdwWindowTitle        *window_title;
  AdwPreferencesGroup   *what_group;
  AdwPreferencesGroup   *ladder_group;
  AdwPreferencesGroup   *plan_group;
  AdwPreferencesGroup   *links_group;
  GtkTextView           *description_view;
  GtkWidget             *delete_button;
  GtkWidget             *cancel_button;
  GtkButton             *save_button;

  AdwEntryRow           *title_row;
  ConcordRecordDropDown *dimension;
  AdwComboRow           *from_row;
  AdwComboRow           *to_row;
  ConcordRecordDropDown *owner;
  ConcordDateRow        *start_row;
  ConcordDateRow        *due_row;
  AdwComboRow           *status_row;
  GtkSpinButton         *progress;
  ConcordRecordDropDown *plan;
  ConcordRecordDropDown *process;

  GHashTable            *error_rows;   /* column -> AdwActionRow */
  GHashTable            *field_rows;   /* column -> the row of the field */
  ConcordWorkbook       *workbook;
  gint64                 id;
  gboolean               loading;
};

G_DEFINE_FINAL_TYPE (ConcordInitiativeEditor, concord_initiative_editor, ADW_TYPE_WINDOW)

/* A hidden row under a field that says what is wrong with it. */
static void
add_error_row (ConcordInitiativeEditor *self,
               AdwPreferencesGroup     *group,
               const char              *column)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_visible (row, FALSE);
  adw_preferences_group_add (group, row);
  g_hash_table_insert (self->error_rows, (gpointer) g_intern_string (column), row);
}

static void
add_field (ConcordInitiativeEditor *self,
           AdwPreferencesGroup     *group,
           GtkWidget               *row,
           const char              *column)
{
  adw_preferences_group_add (group, row);
  g_hash_table_insert (self->field_rows, (gpointer) g_intern_string (column), row);
  add_error_row (self, group, column);
}

static ConcordRecordDropDown *
add_drop_down (ConcordInitiativeEditor *self,
               AdwPreferencesGroup     *group,
               const char              *title,
               const char              *table,
               const char              *label_column,
               const char              *column)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *drop_down = concord_record_drop_down_new (self->workbook, table, label_column, TRUE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (drop_down, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row),
                                         concord_record_drop_down_get_drop_down (CONCORD_RECORD_DROP_DOWN (drop_down)));
  add_field (self, group, row, column);

  return CONCORD_RECORD_DROP_DOWN (drop_down);
}

static AdwComboRow *
add_stage_row (ConcordInitiativeEditor *self,
               AdwPreferencesGroup     *group,
               const char              *title,
               const char              *column)
{
  g_autofree char *vocabulary = concord_workbook_dup_meta (self->workbook, "stage_labels");
  g_autoptr(GtkStringList) stages = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  gtk_string_list_append (stages, _("None"));
  for (int stage = 1; stage <= CONCORD_MATURITY_N_STAGES; stage++)
    gtk_string_list_append (stages, concord_maturity_stage_name (vocabulary, stage));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (stages));
  add_field (self, group, row, column);

  return ADW_COMBO_ROW (row);
}

static void
clear_errors (ConcordInitiativeEditor *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->error_rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    gtk_widget_set_visible (row, FALSE);
  g_hash_table_iter_init (&iter, self->field_rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    concord_form_set_row_error (row, NULL);
  concord_date_row_set_error (self->start_row, NULL);
  concord_date_row_set_error (self->due_row, NULL);
}

/* Shows @error under the field of @column, or hides it when NULL. */
static void
show_error_row (ConcordInitiativeEditor *self,
                const char              *column,
                const GError            *error)
{
  GtkWidget *row = column ? g_hash_table_lookup (self->error_rows, g_intern_string (column)) : NULL;
  GtkWidget *field = column ? g_hash_table_lookup (self->field_rows, g_intern_string (column)) : NULL;

  /* A problem with no field of its own shows under the title. */
  if (row == NULL)
    row = g_hash_table_lookup (self->error_rows, g_intern_string ("title"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error ? error->message : "");
  gtk_widget_set_visible (row, error != NULL);
  if (field != NULL)
    concord_form_set_row_error (field, error);
  if (g_strcmp0 (column, "start_on") == 0)
    concord_date_row_set_error (self->start_row, error ? error->message : NULL);
  else if (g_strcmp0 (column, "due_on") == 0)
    concord_date_row_set_error (self->due_row, error ? error->message : NULL);
}

static void
show_error (ConcordInitiativeEditor *self,
            const char              *column,
            const GError            *error)
{
  show_error_row (self, column, error);

  /* Take the user to the field. */
  if (g_strcmp0 (column, "start_on") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->start_row));
  else if (g_strcmp0 (column, "due_on") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->due_row));
  else if (g_strcmp0 (column, "title") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
copy_value (ConcordFields *fields,
            const char    *column,
            GVariant      *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    concord_fields_set_string (fields, column, g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    concord_fields_set_int (fields, column, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    concord_fields_set_double (fields, column, g_variant_get_double (value));
  else
    concord_fields_set_null (fields, column);
}

static void
set_optional_date (ConcordFields *fields,
                   const char    *column,
                   const char    *date)
{
  if (date != NULL && *date != '\0')
    concord_fields_set_string (fields, column, date);
  else
    concord_fields_set_null (fields, column);
}

/* What the form holds, every column or only @only. */
static ConcordFields *
collect_fields (ConcordInitiativeEditor *self,
                const char              *only)
{
  g_autoptr(ConcordFields) all = concord_fields_new ();
  ConcordFields *fields;
  const char * const *statuses = concord_initiative_statuses ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  g_autofree char *description = NULL;
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  GtkTextIter start, end;
  guint from = adw_combo_row_get_selected (self->from_row);
  guint to = adw_combo_row_get_selected (self->to_row);
  guint status = adw_combo_row_get_selected (self->status_row);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  concord_fields_set_string (all, "title", title);
  if (*g_strstrip (description) != '\0')
    concord_fields_set_string (all, "description", description);
  else
    concord_fields_set_null (all, "description");
  concord_fields_set_id (all, "dimension_id", concord_record_drop_down_get_selected_id (self->dimension));
  if (from > 0 && from != GTK_INVALID_LIST_POSITION)
    concord_fields_set_int (all, "from_stage", from);
  else
    concord_fields_set_null (all, "from_stage");
  if (to > 0 && to != GTK_INVALID_LIST_POSITION)
    concord_fields_set_int (all, "to_stage", to);
  else
    concord_fields_set_null (all, "to_stage");
  concord_fields_set_id (all, "owner_id", concord_record_drop_down_get_selected_id (self->owner));
  set_optional_date (all, "start_on", concord_date_row_get_date (self->start_row));
  set_optional_date (all, "due_on", concord_date_row_get_date (self->due_row));
  concord_fields_set_string (all, "status", statuses[MIN (status, g_strv_length ((char **) statuses) - 1)]);
  concord_fields_set_int (all, "progress", gtk_spin_button_get_value_as_int (self->progress));
  concord_fields_set_id (all, "plan_id", concord_record_drop_down_get_selected_id (self->plan));
  concord_fields_set_id (all, "process_id", concord_record_drop_down_get_selected_id (self->process));

  if (only == NULL)
    return g_steal_pointer (&all);

  fields = concord_fields_new ();
  for (guint i = 0; i < concord_fields_get_size (all); i++)
    if (g_str_equal (concord_fields_get_column (all, i), only))
      copy_value (fields, only, concord_fields_get_value (all, i));

  return fields;
}

/* An initiative that exists saves each change as it is made. */
static gboolean
save_column (ConcordInitiativeEditor  *self,
             const char               *column,
             GError                  **error)
{
  g_autoptr(ConcordFields) fields = collect_fields (self, column);
  const char *bad = NULL;

  return concord_initiative_update (self->workbook, self->id, fields, &bad, error);
}

/* The title, the description and the progress (see concord_field_attach()). */
static gboolean
save_field (GtkWidget   *widget,
            const char  *text,
            const char  *step_label,
            gpointer     user_data,
            GError     **error)
{
  ConcordInitiativeEditor *self = user_data;
  const char *column = g_object_get_data (G_OBJECT (widget), "column");
  g_autoptr(ConcordEdit) edit = NULL;

  /* A new initiative is written once, by Create. */
  if (self->id <= 0 || self->loading)
    return TRUE;

  if (GTK_IS_SPIN_BUTTON (widget))
    {
      gtk_spin_button_update (GTK_SPIN_BUTTON (widget));
      concord_field_set_text (widget, gtk_editable_get_text (GTK_EDITABLE (widget)));
    }

  edit = concord_workbook_edit (self->workbook, step_label, error);
  if (edit == NULL || !save_column (self, column, error) || !concord_edit_commit (edit, error))
    {
      show_error_row (self, column, *error);
      return FALSE;
    }

  show_error_row (self, column, NULL);
  return TRUE;
}

static void
on_control_changed (GtkWidget               *control,
                    GParamSpec              *pspec,
                    ConcordInitiativeEditor *self)
{
  const char *column = g_object_get_data (G_OBJECT (control), "column");
  g_autoptr(GError) error = NULL;

  if (self->id <= 0 || self->loading)
    return;

  if (!save_column (self, column, &error))
    show_error_row (self, column, error);
  else
    show_error_row (self, column, NULL);
}

static void
on_progress_changed (GtkSpinButton *spin)
{
  concord_field_commit (GTK_WIDGET (spin));
}

/* Takes what the fields show as stored (after Create wrote it). */
static void
fields_saved (ConcordInitiativeEditor *self)
{
  GtkWidget *fields[] = { GTK_WIDGET (self->title_row), GTK_WIDGET (self->description_view),
                          GTK_WIDGET (self->progress) };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *text = NULL;

      if (GTK_IS_TEXT_VIEW (fields[i]))
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (fields[i]));
          GtkTextIter start, end;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
        }
      else
        text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (fields[i])));
      concord_field_set_text (fields[i], text);
    }
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ConcordInitiativeEditor *self = CONCORD_INITIATIVE_EDITOR (widget);
  g_autoptr(ConcordFields) fields = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad = NULL;

  /* An initiative that exists is saved already; closing commits the rest. */
  if (self->id > 0)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  /* The spin button keeps typed text until it updates. */
  gtk_spin_button_update (self->progress);
  clear_errors (self);
  fields = collect_fields (self, NULL);
  self->id = concord_initiative_create (self->workbook, fields, &bad, &error);
  if (self->id <= 0)
    {
      self->id = 0;
      show_error (self, bad, error);
      return;
    }

  fields_saved (self);
  gtk_window_close (GTK_WINDOW (self));
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordInitiativeEditor *self = CONCORD_INITIATIVE_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordEdit) edit = NULL;

  if (self->id <= 0)
    return;

  edit = concord_workbook_edit (self->workbook, _("Delete Initiative"), &error);
  if (edit == NULL ||
      !concord_workbook_delete (self->workbook, "initiatives", self->id, &error) ||
      !concord_edit_commit (edit, &error))
    {
      show_error (self, NULL, error);
      return;
    }

  /* Nothing is left to save into. */
  self->id = 0;

  gtk_widget_activate_action (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))),
                              "win.toast", "s", _("Initiative deleted. Undo with Ctrl+Z."));
  gtk_window_close (GTK_WINDOW (self));
}

static void
load (ConcordInitiativeEditor *self,
      gint64                   dimension_id)
{
  g_autoptr(ConcordRecord) record = NULL;
  const char * const *statuses = concord_initiative_statuses ();

  if (self->id > 0)
    record = concord_workbook_get_record (self->workbook, "initiatives", self->id, NULL);

  if (record == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) later = g_date_time_add_days (now, 90);
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *due = g_date_time_format (later, "%Y-%m-%d");

      self->id = 0;
      adw_window_title_set_title (self->window_title, _("New Initiative"));
      concord_record_drop_down_set_selected_id (self->dimension, dimension_id);
      concord_date_row_set_date (self->start_row, today);
      concord_date_row_set_date (self->due_row, due);
      gtk_widget_set_visible (self->delete_button, FALSE);
      return;
    }

  /* Each change saves itself, so there is nothing to cancel. */
  adw_window_title_set_title (self->window_title, _("Edit Initiative"));
  adw_window_title_set_subtitle (self->window_title, concord_record_get_string (record, "title"));
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_button_set_label (self->save_button, _("_Done"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), _("Close (Ctrl+S)"));
  concord_field_set_text (GTK_WIDGET (self->title_row), concord_record_get_string (record, "title"));
  concord_field_set_text (GTK_WIDGET (self->description_view),
                          concord_record_is_null (record, "description")
                          ? "" : concord_record_get_string (record, "description"));
  concord_record_drop_down_set_selected_id (self->dimension, concord_record_get_int (record, "dimension_id"));
  adw_combo_row_set_selected (self->from_row, concord_record_get_int (record, "from_stage"));
  adw_combo_row_set_selected (self->to_row, concord_record_get_int (record, "to_stage"));
  concord_record_drop_down_set_selected_id (self->owner, concord_record_get_int (record, "owner_id"));
  concord_date_row_set_date (self->start_row, concord_record_get_string (record, "start_on"));
  concord_date_row_set_date (self->due_row, concord_record_get_string (record, "due_on"));
  for (guint i = 0; statuses[i] != NULL; i++)
    if (g_strcmp0 (statuses[i], concord_record_get_string (record, "status")) == 0)
      adw_combo_row_set_selected (self->status_row, i);
  gtk_spin_button_set_value (self->progress, concord_record_get_int (record, "progress"));
  concord_field_set_text (GTK_WIDGET (self->progress), gtk_editable_get_text (GTK_EDITABLE (self->progress)));
  concord_record_drop_down_set_selected_id (self->plan, concord_record_get_int (record, "plan_id"));
  concord_record_drop_down_set_selected_id (self->process, concord_record_get_int (record, "process_id"));
}

static void
build_form (ConcordInitiativeEditor *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  const char * const *ids = concord_initiative_statuses ();
  GtkWidget *row, *spin;

  adw_preferences_group_set_title (self->what_group, _("Initiative"));
  self->title_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("Title"));
  add_field (self, self->what_group, GTK_WIDGET (self->title_row), "title");
  self->dimension = add_drop_down (self, self->what_group, _("Dimension"), "maturity_dimensions", "name", "dimension_id");
  add_error_row (self, self->what_group, "description");

  self->from_row = add_stage_row (self, self->ladder_group, _("From stage"), "from_stage");
  self->to_row = add_stage_row (self, self->ladder_group, _("To stage"), "to_stage");

  self->owner = add_drop_down (self, self->plan_group, _("Owner"), "people", "name", "owner_id");
  self->start_row = CONCORD_DATE_ROW (concord_date_row_new (_("Start")));
  add_field (self, self->plan_group, GTK_WIDGET (self->start_row), "start_on");
  self->due_row = CONCORD_DATE_ROW (concord_date_row_new (_("Due")));
  add_field (self, self->plan_group, GTK_WIDGET (self->due_row), "due_on");

  for (guint i = 0; ids[i] != NULL; i++)
    gtk_string_list_append (statuses, concord_initiative_status_label (ids[i]));
  self->status_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Status"));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  add_field (self, self->plan_group, GTK_WIDGET (self->status_row), "status");

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Progress (%)"));
  spin = gtk_spin_button_new_with_range (0, 100, 5);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  self->progress = GTK_SPIN_BUTTON (spin);
  add_field (self, self->plan_group, row, "progress");

  self->plan = add_drop_down (self, self->links_group, _("Plan"), "plans", "title", "plan_id");
  self->process = add_drop_down (self, self->links_group, _("Process"), "processes", "name", "process_id");

  {
    struct { gpointer widget; const char *column; const char *signal; } controls[] = {
      { self->title_row, "title", NULL },
      { self->description_view, "description", NULL },
      { self->progress, "progress", NULL },
      { self->dimension, "dimension_id", "notify::selected-id" },
      { self->from_row, "from_stage", "notify::selected" },
      { self->to_row, "to_stage", "notify::selected" },
      { self->owner, "owner_id", "notify::selected-id" },
      { self->start_row, "start_on", "notify::date" },
      { self->due_row, "due_on", "notify::date" },
      { self->status_row, "status", "notify::selected" },
      { self->plan, "plan_id", "notify::selected-id" },
      { self->process, "process_id", "notify::selected-id" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
      {
        g_object_set_data (G_OBJECT (controls[i].widget), "column", (gpointer) controls[i].column);
        if (controls[i].signal == NULL)
          concord_field_attach (controls[i].widget, save_field, self);
        else
          g_signal_connect_object (controls[i].widget, controls[i].signal,
                                   G_CALLBACK (on_control_changed), self, G_CONNECT_DEFAULT);
      }
  }
  /* The arrows change the value without typing. */
  g_signal_connect (self->progress, "value-changed", G_CALLBACK (on_progress_changed), NULL);
}

GtkWidget *
concord_initiative_editor_new (GtkWindow       *parent,
                               ConcordWorkbook *workbook,
                               gint64           id,
                               gint64           dimension_id)
{
  ConcordInitiativeEditor *self;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  self = g_object_new (CONCORD_TYPE_INITIATIVE_EDITOR,
                       "transient-for", parent,
                       NULL);
  self->workbook = g_object_ref (workbook);
  self->id = id;
  build_form (self);
  self->loading = TRUE;
  load (self, dimension_id);
  self->loading = FALSE;

  if (concord_workbook_get_read_only (workbook))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "initiative.save", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "initiative.delete", FALSE);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));

  return GTK_WIDGET (self);
}

gint64
concord_initiative_editor_get_id (ConcordInitiativeEditor *self)
{
  g_return_val_if_fail (CONCORD_IS_INITIATIVE_EDITOR (self), 0);

  return self->id;
}

void
concord_initiative_editor_set_title_text (ConcordInitiativeEditor *self,
                                          const char              *title)
{
  g_return_if_fail (CONCORD_IS_INITIATIVE_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
}

const char *
concord_initiative_editor_get_error (ConcordInitiativeEditor *self,
                                     const char              *column)
{
  GtkWidget *row;

  g_return_val_if_fail (CONCORD_IS_INITIATIVE_EDITOR (self), NULL);

  row = g_hash_table_lookup (self->error_rows, g_intern_string (column));
  if (row == NULL || !gtk_widget_get_visible (row))
    return NULL;

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
concord_initiative_editor_dispose (GObject *object)
{
  ConcordInitiativeEditor *self = CONCORD_INITIATIVE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_INITIATIVE_EDITOR);
  g_clear_object (&self->workbook);

  G_OBJECT_CLASS (concord_initiative_editor_parent_class)->dispose (object);
}

static void
concord_initiative_editor_finalize (GObject *object)
{
  ConcordInitiativeEditor *self = CONCORD_INITIATIVE_EDITOR (object);

  g_hash_table_unref (self->error_rows);
  g_hash_table_unref (self->field_rows);

  G_OBJECT_CLASS (concord_initiative_editor_parent_class)->finalize (object);
}

/* A new initiative is only written by Create (Cancel and Escape drop it);
 * one that exists commits what is on screen, or asks about a refusal. */
static gboolean
concord_initiative_editor_close_request (GtkWindow *window)
{
  ConcordInitiativeEditor *self = CONCORD_INITIATIVE_EDITOR (window);

  if (self->id > 0 && concord_form_close_request (window))
    return TRUE;

  return GTK_WINDOW_CLASS (concord_initiative_editor_parent_class)->close_request (window);
}

static void
concord_initiative_editor_class_init (ConcordInitiativeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = concord_initiative_editor_dispose;
  object_class->finalize = concord_initiative_editor_finalize;
  window_class->close_request = concord_initiative_editor_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-initiative-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordInitiativeEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, ConcordInitiativeEditor, what_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordInitiativeEditor, ladder_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordInitiativeEditor, plan_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordInitiativeEditor, links_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordInitiativeEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, ConcordInitiativeEditor, delete_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordInitiativeEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordInitiativeEditor, save_button);

  gtk_widget_class_install_action (widget_class, "initiative.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "initiative.delete", NULL, delete_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "initiative.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "initiative.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
concord_initiative_editor_init (ConcordInitiativeEditor *self)
{
  self->error_rows = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->field_rows = g_hash_table_new (g_direct_hash, g_direct_equal);

  gtk_widget_init_template (GTK_WIDGET (self));
}
