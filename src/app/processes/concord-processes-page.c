/* concord-processes-page.c
 *
 * The Processes area in three views: the stages of a shared process (a
 * strip to show, a list to reorder, a form to edit), the glossary, and the
 * rules of engagement. The lists are short (tens of rows), so list boxes
 * bound to the store's query models; every edit is one undo step.
 */
#define G_LOG_DOMAIN "concord-processes-page"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-form.h"
#include "concord-process-stage-editor.h"
#include "concord-process-strip.h"
#include "concord-processes.h"
#include "concord-processes-page.h"
#include "concord-record-drop-down.h"

struct _ConcordProcessesPage
{
  ConcordPage                parent_instance;

  AdwViewStack              *view_stack;
  GtkStack                  *stages_stack;
  GtkWidget                 *process_picker_box;
  GtkLabel                  *description_label;
  ConcordProcessStrip       *strip;
  GtkListBox                *stage_list;
  AdwEntryRow               *new_stage_row;
  ConcordProcessStageEditor *editor;
  GtkSearchEntry            *glossary_search;
  GtkListBox                *glossary_list;
  AdwEntryRow               *new_term_row;
  GtkSearchEntry            *rules_search;
  GtkListBox                *rules_list;
  AdwEntryRow               *new_rule_row;

  GtkWidget                 *process_picker;
  ConcordQueryModel         *processes;
  ConcordQueryModel         *stages;
  ConcordQueryModel         *glossary;
  ConcordQueryModel         *rules;
};

G_DEFINE_FINAL_TYPE (ConcordProcessesPage, concord_processes_page, CONCORD_TYPE_PAGE)

/* Glossary terms and rules are edited the same way: one expander row per
 * record, one field per line, each field saved on its own. */
typedef enum { FIELD_TEXT, FIELD_TEAM, FIELD_AGREED } FieldKind;

typedef struct
{
  const char *column;
  const char *title;
  FieldKind   kind;
} FieldSpec;

typedef gboolean (*UpdateFunc) (ConcordWorkbook *workbook,
                                gint64           id,
                                ConcordFields   *fields,
                                GError         **error);

typedef struct
{
  const char      *title_column;
  const FieldSpec *fields;
  guint            n_fields;
  UpdateFunc       update;
} RowSpec;

static const FieldSpec glossary_fields[] = {
  { "term", N_("Term"), FIELD_TEXT },
  { "definition", N_("Agreed definition"), FIELD_TEXT },
  { "proposed_by_team_id", N_("Proposed by"), FIELD_TEAM },
  { "agreed", N_("Agreed by both teams"), FIELD_AGREED },
};

static const FieldSpec rule_fields[] = {
  { "rule", N_("Rule"), FIELD_TEXT },
  { "covers", N_("Covers"), FIELD_TEXT },
  { "owner_team_id", N_("Owner team"), FIELD_TEAM },
};

static const RowSpec glossary_spec = {
  "term", glossary_fields, G_N_ELEMENTS (glossary_fields), concord_glossary_update
};
static const RowSpec rule_spec = {
  "rule", rule_fields, G_N_ELEMENTS (rule_fields), concord_engagement_rules_update
};

/* Record rows ---------------------------------------------------------------- */

typedef struct
{
  ConcordProcessesPage *page;     /* unowned: the page outlives its rows */
  const RowSpec        *spec;
  ConcordRecord        *record;
  GtkWidget            *row;      /* unowned */
  GtkWidget           **editors;  /* one per field */
  gboolean              syncing;
} RecordRow;

static void
record_row_free (RecordRow *data)
{
  g_signal_handlers_disconnect_by_data (data->record, data);
  g_object_unref (data->record);
  g_free (data->editors);
  g_free (data);
}

static char *
record_row_subtitle (RecordRow *data)
{
  const char *column = data->spec == &glossary_spec ? "definition" : "covers";

  return g_strdup (concord_record_get_string (data->record, column));
}

/* Glossary terms say at a glance whether both teams agreed, and when. */
static void
record_row_sync_status (RecordRow *data)
{
  GtkWidget *status = g_object_get_data (G_OBJECT (data->row), "status");
  g_autofree char *text = NULL;
  gboolean agreed;

  if (status == NULL)
    return;

  agreed = concord_record_get_boolean (data->record, "agreed");
  if (agreed && concord_record_get_string (data->record, "agreed_on") != NULL)
    text = g_strdup_printf (_("Agreed %s"), concord_record_get_string (data->record, "agreed_on"));
  else
    text = g_strdup (agreed ? _("Agreed") : _("Not agreed yet"));

  gtk_label_set_text (GTK_LABEL (status), text);
  gtk_widget_remove_css_class (status, agreed ? "warning" : "success");
  gtk_widget_add_css_class (status, agreed ? "success" : "warning");
}

static void
record_row_sync (RecordRow *data)
{
  g_autofree char *subtitle = record_row_subtitle (data);
  g_autofree char *title = g_markup_escape_text (
    concord_record_get_string (data->record, data->spec->title_column), -1);
  g_autofree char *escaped = g_markup_escape_text (subtitle ? subtitle : "", -1);

  data->syncing = TRUE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (data->row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (data->row), escaped);
  record_row_sync_status (data);
  for (guint i = 0; i < data->spec->n_fields; i++)
    {
      const FieldSpec *field = &data->spec->fields[i];
      GtkWidget *editor = data->editors[i];

      switch (field->kind)
        {
        case FIELD_TEXT:
          {
            concord_field_set_text (editor, concord_record_get_string (data->record, field->column));
          }
          break;
        case FIELD_TEAM:
          concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (editor),
                                                    concord_record_get_int (data->record, field->column));
          break;
        case FIELD_AGREED:
          gtk_switch_set_active (GTK_SWITCH (editor),
                                 concord_record_get_boolean (data->record, field->column));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  data->syncing = FALSE;
}

static void
record_row_save (RecordRow     *data,
                 GtkWidget     *editor,
                 ConcordFields *fields)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (data->page));
  g_autoptr(GError) error = NULL;

  if (workbook == NULL)
    return;

  if (!data->spec->update (workbook, concord_record_get_id (data->record), fields, &error))
    concord_page_report_error (CONCORD_PAGE (data->page), error);
}

/* Saves a term's or a rule's text row (see concord_field_attach()). */
static gboolean
record_row_save_text (GtkWidget   *editor,
                      const char  *text,
                      const char  *step_label,
                      gpointer     user_data,
                      GError     **error)
{
  RecordRow *data = user_data;
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (data->page));
  const FieldSpec *field = g_object_get_data (G_OBJECT (editor), "field");
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(ConcordEdit) edit = NULL;

  if (workbook == NULL || data->syncing)
    return TRUE;

  if (*text == '\0' && field != &data->spec->fields[0])
    concord_fields_set_null (fields, field->column);
  else
    concord_fields_set_string (fields, field->column, text);

  edit = concord_workbook_edit (workbook, step_label, error);
  return edit != NULL &&
         data->spec->update (workbook, concord_record_get_id (data->record), fields, error) &&
         concord_edit_commit (edit, error);
}

static void
on_team_picked (GtkWidget  *editor,
                GParamSpec *pspec,
                RecordRow  *data)
{
  const FieldSpec *field = g_object_get_data (G_OBJECT (editor), "field");
  gint64 id = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (editor));
  g_autoptr(ConcordFields) fields = concord_fields_new ();

  if (data->syncing || id == concord_record_get_int (data->record, field->column))
    return;

  if (id > 0)
    concord_fields_set_id (fields, field->column, id);
  else
    concord_fields_set_null (fields, field->column);
  record_row_save (data, editor, fields);
}

static void
on_agreed_toggled (GtkWidget  *editor,
                   GParamSpec *pspec,
                   RecordRow  *data)
{
  gboolean agreed = gtk_switch_get_active (GTK_SWITCH (editor));
  g_autoptr(ConcordFields) fields = concord_fields_new ();

  if (data->syncing || agreed == concord_record_get_boolean (data->record, "agreed"))
    return;

  /* Agreeing stamps the day, in the same undo step. */
  concord_fields_set_int (fields, "agreed", agreed);
  if (agreed)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      concord_fields_set_string (fields, "agreed_on", today);
    }
  else
    concord_fields_set_null (fields, "agreed_on");
  record_row_save (data, editor, fields);
}

static GtkWidget *
create_record_row (gpointer item,
                   gpointer user_data)
{
  const RowSpec *spec = g_object_get_data (G_OBJECT (user_data), "spec");
  ConcordProcessesPage *self = g_object_get_data (G_OBJECT (user_data), "page");
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  RecordRow *data = g_new0 (RecordRow, 1);

  data->page = self;
  data->spec = spec;
  data->record = g_object_ref (item);
  data->row = adw_expander_row_new ();
  data->editors = g_new0 (GtkWidget *, spec->n_fields);

  for (guint i = 0; i < spec->n_fields; i++)
    {
      const FieldSpec *field = &spec->fields[i];
      GtkWidget *editor;

      switch (field->kind)
        {
        case FIELD_TEXT:
          editor = adw_entry_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor), _(field->title));
          concord_field_attach (editor, record_row_save_text, data);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (data->row), editor);
          break;

        case FIELD_TEAM:
          {
            GtkWidget *row = adw_action_row_new ();

            editor = concord_record_drop_down_new (workbook, "teams", "name", TRUE);
            gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->title));
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), editor);
            adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row),
                                                   concord_record_drop_down_get_drop_down (CONCORD_RECORD_DROP_DOWN (editor)));
            g_signal_connect (editor, "notify::selected-id", G_CALLBACK (on_team_picked), data);
            adw_expander_row_add_row (ADW_EXPANDER_ROW (data->row), row);
          }
          break;

        case FIELD_AGREED:
        default:
          {
            GtkWidget *row = adw_action_row_new ();

            editor = gtk_switch_new ();
            gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->title));
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), editor);
            adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), editor);
            g_signal_connect (editor, "notify::active", G_CALLBACK (on_agreed_toggled), data);
            adw_expander_row_add_row (ADW_EXPANDER_ROW (data->row), row);
          }
          break;
        }

      g_object_set_data (G_OBJECT (editor), "field", (gpointer) field);
      data->editors[i] = editor;
    }

  /* Last in the expanded row: moving a rule, and deleting. */
  {
    GtkWidget *actions = adw_action_row_new ();
    GtkWidget *remove = gtk_button_new_with_mnemonic (spec == &glossary_spec ? _("_Delete Term")
                                                                              : _("_Delete Rule"));

    if (spec == &rule_spec)
      {
        GtkWidget *up = gtk_button_new_from_icon_name ("go-up-symbolic");
        GtkWidget *down = gtk_button_new_from_icon_name ("go-down-symbolic");

        gtk_widget_set_tooltip_text (up, _("Move Up"));
        gtk_widget_set_tooltip_text (down, _("Move Down"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (up), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Move Up"), -1);
        gtk_accessible_update_property (GTK_ACCESSIBLE (down), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Move Down"), -1);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (up), "processes.move-rule");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (up), "(xi)", concord_record_get_id (data->record), -1);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (down), "processes.move-rule");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (down), "(xi)", concord_record_get_id (data->record), 1);
        gtk_widget_set_valign (up, GTK_ALIGN_CENTER);
        gtk_widget_set_valign (down, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (up, "flat");
        gtk_widget_add_css_class (down, "flat");
        adw_action_row_add_prefix (ADW_ACTION_ROW (actions), up);
        adw_action_row_add_prefix (ADW_ACTION_ROW (actions), down);
      }
    gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "processes.delete-record");
    gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "(sx)",
                                      spec == &glossary_spec ? "glossary_terms" : "engagement_rules",
                                      concord_record_get_id (data->record));
    gtk_widget_add_css_class (remove, "destructive-action");
    gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
    adw_action_row_add_suffix (ADW_ACTION_ROW (actions), remove);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (data->row), actions);
  }

  if (spec == &glossary_spec)
    {
      GtkWidget *status = gtk_label_new (NULL);

      gtk_widget_add_css_class (status, "caption-heading");
      gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (data->row), status);
      g_object_set_data (G_OBJECT (data->row), "status", status);
    }

  gtk_widget_set_sensitive (data->row, concord_page_is_editable (CONCORD_PAGE (self)));
  g_signal_connect_swapped (data->record, "changed", G_CALLBACK (record_row_sync), data);
  g_object_set_data_full (G_OBJECT (data->row), "record-row", data, (GDestroyNotify) record_row_free);
  record_row_sync (data);

  return data->row;
}

/* Stages --------------------------------------------------------------------- */

static void
sync_stage_row (GtkWidget     *row,
                ConcordRecord *record)
{
  g_autofree char *title = g_markup_escape_text (concord_record_get_string (record, "name"), -1);
  const char *definition = concord_record_get_string (record, "definition");
  g_autofree char *subtitle = g_markup_escape_text (definition ? definition : "", -1);
  GtkWidget *badge = g_object_get_data (G_OBJECT (row), "badge");
  GtkWidget *warning = g_object_get_data (G_OBJECT (row), "warning");
  ConcordProcessesPage *self = g_object_get_data (G_OBJECT (row), "page");
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autofree char *problems = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_visible (badge, concord_record_get_boolean (record, "handoff"));

  /* What `concord-cli check` would say about the stage, beside it. */
  if (workbook != NULL)
    problems = concord_processes_stage_problems (workbook, concord_record_get_id (record));
  gtk_widget_set_visible (warning, problems != NULL);
  gtk_widget_set_tooltip_text (warning, problems);
  if (problems != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (warning), GTK_ACCESSIBLE_PROPERTY_LABEL, problems, -1);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  ConcordRecord *record = g_object_get_data (G_OBJECT (row), "record");

  return gdk_content_provider_new_typed (G_TYPE_INT64, concord_record_get_id (record));
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *row)
{
  ConcordProcessesPage *self = g_object_get_data (G_OBJECT (row), "page");
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));

  if (workbook == NULL || index < 0 || !G_VALUE_HOLDS_INT64 (value))
    return FALSE;

  if (!concord_processes_move_stage (workbook, g_value_get_int64 (value), index, &error))
    {
      concord_page_report_error (CONCORD_PAGE (self), error);
      return FALSE;
    }

  return TRUE;
}

static GtkWidget *
create_stage_row (gpointer item,
                  gpointer user_data)
{
  ConcordProcessesPage *self = user_data;
  ConcordRecord *record = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkWidget *badge = gtk_label_new (_("Hand-off"));
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);

  gtk_widget_add_css_class (handle, "dim-label");
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_widget_add_css_class (badge, "warning");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), handle);
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_valign (warning, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), warning);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  g_object_set_data (G_OBJECT (row), "badge", badge);
  g_object_set_data (G_OBJECT (row), "warning", warning);
  g_object_set_data_full (G_OBJECT (row), "record", g_object_ref (record), g_object_unref);
  g_object_set_data (G_OBJECT (row), "page", self);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), row);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (record, "changed", G_CALLBACK (sync_stage_row), row, G_CONNECT_SWAPPED);
  sync_stage_row (row, record);

  return row;
}

static ConcordRecord *
selected_stage (ConcordProcessesPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->stage_list);

  return row ? g_object_get_data (G_OBJECT (row), "record") : NULL;
}

static void
on_stage_selected (ConcordProcessesPage *self)
{
  /* Rows are unselected while the page is torn down. */
  if (self->editor == NULL || self->stage_list == NULL)
    return;

  concord_process_stage_editor_set_record (self->editor, selected_stage (self));
}

static void
select_stage (ConcordProcessesPage *self,
              gint64                stage_id)
{
  guint position;

  if (self->stages != NULL && concord_query_model_find (self->stages, stage_id, &position))
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->stage_list, position);

      gtk_list_box_select_row (self->stage_list, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
on_stages_changed (ConcordProcessesPage *self)
{
  /* Keep a stage in the editor: the moved one, or the first. */
  if (gtk_list_box_get_selected_row (self->stage_list) == NULL)
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->stage_list, 0);

      if (first != NULL)
        gtk_list_box_select_row (self->stage_list, first);
      else
        concord_process_stage_editor_set_record (self->editor, NULL);
    }
}

static void
show_process (ConcordProcessesPage *self,
              gint64                process_id)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  guint position;
  const char *description = NULL;

  if (self->stages != NULL)
    g_signal_handlers_disconnect_by_data (self->stages, self);
  g_clear_object (&self->stages);
  if (workbook != NULL && process_id > 0)
    self->stages = concord_process_stages_model_new (workbook, process_id);

  gtk_list_box_bind_model (self->stage_list, G_LIST_MODEL (self->stages),
                           create_stage_row, self, NULL);
  concord_process_strip_set_process_id (self->strip, process_id);

  if (self->processes != NULL && concord_query_model_find (self->processes, process_id, &position))
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (self->processes), position);
      description = concord_record_get_string (record, "description");
      gtk_label_set_text (self->description_label, description ? description : "");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);

  if (self->stages != NULL)
    g_signal_connect_object (self->stages, "items-changed", G_CALLBACK (on_stages_changed),
                             self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_list_box_unselect_all (self->stage_list);
  on_stages_changed (self);
}

static ConcordRecord *current_process (ConcordProcessesPage *self);

static void
on_process_edited (ConcordProcessesPage *self)
{
  g_autoptr(ConcordRecord) process = current_process (self);
  const char *description = process ? concord_record_get_string (process, "description") : NULL;

  gtk_label_set_text (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);
}

static void
on_process_picked (ConcordProcessesPage *self)
{
  gint64 id = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->process_picker));

  /* Nothing picked: a new workbook, or the process on show was deleted. */
  if (id == 0 && self->processes != NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->processes)) > 0)
    {
      concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->process_picker),
                                                concord_query_model_get_id (self->processes, 0));
      return;
    }

  show_process (self, id);
}

static void
on_processes_changed (ConcordProcessesPage *self)
{
  gboolean any = self->processes != NULL &&
                 g_list_model_get_n_items (G_LIST_MODEL (self->processes)) > 0;
  gboolean editable = concord_page_is_editable (CONCORD_PAGE (self));

  gtk_stack_set_visible_child_name (self->stages_stack, any ? "process" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "processes.new", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "processes.delete", editable && any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "processes.rename", editable && any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "processes.describe", editable && any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "processes.delete-record", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "processes.move-rule", editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_stage_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_term_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_rule_row), editable);
}

/* Actions -------------------------------------------------------------------- */

static void
create_process (GtkWidget  *parent,
                const char *name,
                gpointer    user_data)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (parent);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (workbook == NULL)
    return;

  id = concord_processes_add (workbook, name, &error);
  if (id == 0)
    concord_page_report_error (CONCORD_PAGE (self), error);
  else
    {
      concord_processes_page_select_process (self, id);
      gtk_widget_grab_focus (GTK_WIDGET (self->new_stage_row));
    }
}

static void
new_process_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  concord_form_ask_name (widget, _("New Process"),
                         _("Name the shared process, for example “Lead management”."),
                         "", _("C_reate"), create_process, NULL);
}

static void
rename_process (GtkWidget  *parent,
                const char *name,
                gpointer    user_data)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (parent);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 id = concord_process_strip_get_process_id (self->strip);

  if (workbook != NULL && id != 0 && !concord_processes_rename (workbook, id, name, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
}

static void
describe_process (GtkWidget  *parent,
                  const char *description,
                  gpointer    user_data)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (parent);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 id = concord_process_strip_get_process_id (self->strip);

  if (workbook != NULL && id != 0 && !concord_processes_set_description (workbook, id, description, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
}

/* The process on show, as its row in the list of processes. */
static ConcordRecord *
current_process (ConcordProcessesPage *self)
{
  guint position;

  if (self->processes == NULL ||
      !concord_query_model_find (self->processes, concord_process_strip_get_process_id (self->strip), &position))
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->processes), position);
}

static void
rename_process_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr(ConcordRecord) process = current_process (CONCORD_PROCESSES_PAGE (widget));

  if (process == NULL)
    return;

  if (g_str_equal (action_name, "processes.rename"))
    concord_form_ask_name (widget, _("Rename Process"), NULL,
                           concord_record_get_string (process, "name"), _("_Rename"),
                           rename_process, NULL);
  else
    concord_form_ask_text (widget, _("Process Description"),
                           _("What the process is for, in a sentence both teams agree on."),
                           concord_record_get_string (process, "description"), _("_Save"),
                           describe_process, NULL);
}

static void
delete_process_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 id = concord_process_strip_get_process_id (self->strip);

  if (workbook == NULL || id == 0)
    return;

  if (!concord_processes_delete (workbook, id, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
  else
    concord_page_toast (CONCORD_PAGE (self), _("Process deleted. Undo brings it back."));
}

static void
add_stage_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 process_id = concord_process_strip_get_process_id (self->strip);
  gint64 id;

  if (workbook == NULL || process_id == 0)
    return;

  id = concord_processes_add_stage (workbook, process_id,
                                    gtk_editable_get_text (GTK_EDITABLE (self->new_stage_row)), &error);
  concord_form_set_row_error (GTK_WIDGET (self->new_stage_row), error);
  if (id == 0)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->new_stage_row), "");
  select_stage (self, id);
}

static void
move_stage_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->stage_list);
  ConcordRecord *record = selected_stage (self);
  g_autoptr(GError) error = NULL;
  int target;
  gint64 id;

  if (workbook == NULL || row == NULL || record == NULL)
    return;

  target = gtk_list_box_row_get_index (row) + g_variant_get_int32 (parameter);
  if (target < 0)
    return;

  id = concord_record_get_id (record);
  if (!concord_processes_move_stage (workbook, id, target, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
  else
    select_stage (self, id);
}

static void
delete_record_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  const char *table;
  gint64 id;
  gboolean glossary, ok;

  if (workbook == NULL)
    return;

  g_variant_get (parameter, "(&sx)", &table, &id);
  glossary = g_str_equal (table, "glossary_terms");
  ok = glossary ? concord_glossary_delete (workbook, id, &error)
                : concord_engagement_rules_delete (workbook, id, &error);
  if (!ok)
    concord_page_report_error (CONCORD_PAGE (self), error);
  else
    concord_page_toast (CONCORD_PAGE (self), glossary ? _("Term deleted. Undo brings it back.")
                                                      : _("Rule deleted. Undo brings it back."));
}

static void
move_rule_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 id;
  int delta;

  if (workbook == NULL)
    return;

  g_variant_get (parameter, "(xi)", &id, &delta);
  if (!concord_engagement_rules_move (workbook, id, delta, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
}

static void
add_record_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  gboolean is_term = g_str_equal (action_name, "processes.add-term");
  AdwEntryRow *entry = is_term ? self->new_term_row : self->new_rule_row;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (workbook == NULL)
    return;

  id = is_term ? concord_glossary_add (workbook, text, &error)
               : concord_engagement_rules_add (workbook, text, &error);
  concord_form_set_row_error (GTK_WIDGET (entry), error);
  if (id != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_search_changed (GtkSearchEntry       *entry,
                   ConcordProcessesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GError) error = NULL;

  if (entry == self->glossary_search && self->glossary != NULL)
    concord_glossary_model_search (self->glossary, text, &error);
  else if (entry == self->rules_search && self->rules != NULL)
    concord_engagement_rules_model_search (self->rules, text, &error);

  if (error != NULL)
    g_warning ("Search failed: %s", error->message);
}

static void
on_entry_apply (AdwEntryRow          *row,
                ConcordProcessesPage *self)
{
  if (row == self->new_stage_row)
    gtk_widget_activate_action (GTK_WIDGET (self), "processes.add-stage", NULL);
  else if (row == self->new_term_row)
    gtk_widget_activate_action (GTK_WIDGET (self), "processes.add-term", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "processes.add-rule", NULL);
}

/* ConcordPage ---------------------------------------------------------------- */

static GtkWidget *
empty_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static void
bind_records (ConcordProcessesPage *self,
              GtkListBox           *list,
              ConcordQueryModel    *model,
              const RowSpec        *spec)
{
  g_object_set_data (G_OBJECT (list), "spec", (gpointer) spec);
  g_object_set_data (G_OBJECT (list), "page", self);
  gtk_list_box_bind_model (list, G_LIST_MODEL (model), create_record_row, list, NULL);
}

static void
concord_processes_page_workbook_changed (ConcordPage *page)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (page);
  ConcordWorkbook *workbook = concord_page_get_workbook (page);

  if (self->processes != NULL)
    g_signal_handlers_disconnect_by_data (self->processes, self);
  g_clear_object (&self->processes);
  g_clear_object (&self->glossary);
  g_clear_object (&self->rules);

  concord_process_strip_set_workbook (self->strip, workbook);
  concord_process_stage_editor_set_workbook (self->editor, workbook);

  if (workbook != NULL)
    {
      self->processes = concord_processes_model_new (workbook);
      self->glossary = concord_glossary_model_new (workbook,
                                                   gtk_editable_get_text (GTK_EDITABLE (self->glossary_search)));
      self->rules = concord_engagement_rules_model_new (workbook,
                                                        gtk_editable_get_text (GTK_EDITABLE (self->rules_search)));
      g_signal_connect_object (self->processes, "items-changed",
                               G_CALLBACK (on_processes_changed), self, G_CONNECT_SWAPPED);
      /* A renamed or redescribed process keeps its place in the list. */
      g_signal_connect_object (workbook, "changed::processes",
                               G_CALLBACK (on_process_edited), self, G_CONNECT_SWAPPED);
    }

  bind_records (self, self->glossary_list, self->glossary, &glossary_spec);
  bind_records (self, self->rules_list, self->rules, &rule_spec);
  on_processes_changed (self);

  concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->process_picker), workbook);
  on_process_picked (self);
}

static gboolean
concord_processes_page_start_search (ConcordPage *page)
{
  ConcordProcessesPage *self = CONCORD_PROCESSES_PAGE (page);
  const char *visible = adw_view_stack_get_visible_child_name (self->view_stack);

  /* Stages have no search; the glossary is what people look up most. */
  if (g_strcmp0 (visible, "rules") == 0)
    return gtk_widget_grab_focus (GTK_WIDGET (self->rules_search));

  adw_view_stack_set_visible_child_name (self->view_stack, "glossary");
  return gtk_widget_grab_focus (GTK_WIDGET (self->glossary_search));
}

static void
concord_processes_page_dispose (GObject *object)
{
  ConcordProcessesPage *self = (ConcordProcessesPage *) object;

  if (self->stages != NULL)
    g_signal_handlers_disconnect_by_data (self->stages, self);
  if (self->processes != NULL)
    g_signal_handlers_disconnect_by_data (self->processes, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_PROCESSES_PAGE);

  g_clear_object (&self->stages);
  g_clear_object (&self->processes);
  g_clear_object (&self->glossary);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (concord_processes_page_parent_class)->dispose (object);
}

static void
concord_processes_page_class_init (ConcordProcessesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ConcordPageClass *page_class = CONCORD_PAGE_CLASS (klass);

  object_class->dispose = concord_processes_page_dispose;
  page_class->workbook_changed = concord_processes_page_workbook_changed;
  page_class->start_search = concord_processes_page_start_search;

  g_type_ensure (CONCORD_TYPE_PROCESS_STRIP);
  g_type_ensure (CONCORD_TYPE_PROCESS_STAGE_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-processes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, stages_stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, process_picker_box);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, strip);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, stage_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, new_stage_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, editor);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, glossary_search);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, glossary_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, new_term_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, rules_search);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, rules_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordProcessesPage, new_rule_row);

  gtk_widget_class_install_action (widget_class, "processes.new", NULL, new_process_activated);
  gtk_widget_class_install_action (widget_class, "processes.delete", NULL, delete_process_activated);
  gtk_widget_class_install_action (widget_class, "processes.rename", NULL, rename_process_activated);
  gtk_widget_class_install_action (widget_class, "processes.describe", NULL, rename_process_activated);
  gtk_widget_class_install_action (widget_class, "processes.add-stage", NULL, add_stage_activated);
  gtk_widget_class_install_action (widget_class, "processes.move-stage", "i", move_stage_activated);
  gtk_widget_class_install_action (widget_class, "processes.add-term", NULL, add_record_activated);
  gtk_widget_class_install_action (widget_class, "processes.add-rule", NULL, add_record_activated);
  gtk_widget_class_install_action (widget_class, "processes.delete-record", "(sx)", delete_record_activated);
  gtk_widget_class_install_action (widget_class, "processes.move-rule", "(xi)", move_rule_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "processes.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "processes.move-stage", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "processes.move-stage", "i", 1);
}

static void
concord_processes_page_init (ConcordProcessesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->process_picker = concord_record_drop_down_new (NULL, "processes", "name", FALSE);
  gtk_widget_set_hexpand (self->process_picker, TRUE);
  gtk_widget_set_tooltip_text (self->process_picker, _("Process to show"));
  gtk_box_append (GTK_BOX (self->process_picker_box), self->process_picker);
  g_signal_connect_object (self->process_picker, "notify::selected-id",
                           G_CALLBACK (on_process_picked), self, G_CONNECT_SWAPPED);

  gtk_list_box_set_placeholder (self->stage_list,
                                empty_placeholder (_("No stages yet. Add the first one below.")));
  gtk_list_box_set_placeholder (self->glossary_list,
                                empty_placeholder (_("No terms match. Add one below so both teams use the same words.")));
  gtk_list_box_set_placeholder (self->rules_list,
                                empty_placeholder (_("No rules match. Add one below, for example who may contact a customer.")));

  g_signal_connect_object (self->stage_list, "selected-rows-changed",
                           G_CALLBACK (on_stage_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->glossary_search, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->rules_search, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->new_stage_row, "apply", G_CALLBACK (on_entry_apply), self);
  g_signal_connect (self->new_stage_row, "entry-activated", G_CALLBACK (on_entry_apply), self);
  g_signal_connect (self->new_term_row, "apply", G_CALLBACK (on_entry_apply), self);
  g_signal_connect (self->new_term_row, "entry-activated", G_CALLBACK (on_entry_apply), self);
  g_signal_connect (self->new_rule_row, "apply", G_CALLBACK (on_entry_apply), self);
  g_signal_connect (self->new_rule_row, "entry-activated", G_CALLBACK (on_entry_apply), self);

  on_processes_changed (self);
}

GtkWidget *
concord_processes_page_new (void)
{
  return g_object_new (CONCORD_TYPE_PROCESSES_PAGE, NULL);
}

void
concord_processes_page_select_process (ConcordProcessesPage *self,
                                       gint64                process_id)
{
  g_return_if_fail (CONCORD_IS_PROCESSES_PAGE (self));

  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->process_picker),
                                            process_id);
  if (concord_process_strip_get_process_id (self->strip) != process_id)
    on_process_picked (self);
}
