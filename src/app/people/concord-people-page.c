/* concord-people-page.c
 *
 * A searchable list of people beside an editor. Each field is saved when
 * the user applies it (Enter or the check button), as one undo step; a
 * refused value keeps the user's text and says what is wrong beside it.
 */
#define G_LOG_DOMAIN "concord-people-page"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "concord-people.h"
#include "concord-form.h"
#include "concord-people-page.h"
#include "concord-record-drop-down.h"

struct _ConcordPeoplePage
{
  ConcordPage            parent_instance;

  AdwLeaflet            *leaflet;
  GtkWidget             *list_pane;
  GtkSearchEntry        *search_entry;
  GtkStack              *list_stack;
  AdwStatusPage         *list_status;
  GtkListView           *list_view;
  GtkStack              *editor_stack;
  GtkWidget             *back_button;
  AdwEntryRow           *name_row;
  AdwActionRow          *team_row;
  ConcordRecordDropDown *team_drop_down;
  AdwEntryRow           *title_row;
  AdwEntryRow           *email_row;
  GtkLabel              *error_label;
  AdwActionRow          *owns_row;

  ConcordQueryModel     *model;
  GtkSingleSelection    *selection;
  gint64                 person_id;
  guint                  loading : 1;
};

G_DEFINE_FINAL_TYPE (ConcordPeoplePage, concord_people_page, CONCORD_TYPE_PAGE)

static ConcordRecord *
dup_person (ConcordPeoplePage *self)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));

  if (workbook == NULL || self->person_id == 0)
    return NULL;

  return concord_workbook_get_record (workbook, "people", self->person_id, NULL);
}

static void
clear_field_errors (ConcordPeoplePage *self)
{
  /* The entry rows are fields: they keep their own marking. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->team_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->team_row), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_field_error (ConcordPeoplePage *self,
                  GtkWidget         *row,
                  const char        *message)
{
  clear_field_errors (self);
  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, message);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static void
load_editor (ConcordPeoplePage *self)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(ConcordRecord) person = dup_person (self);
  g_autofree char *owns = NULL;
  gint64 count;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.delete",
                                 person != NULL && concord_page_is_editable (CONCORD_PAGE (self)));

  if (person == NULL)
    {
      self->person_id = 0;
      gtk_stack_set_visible_child_name (self->editor_stack, "none");
      return;
    }

  self->loading = TRUE;
  concord_field_set_text (GTK_WIDGET (self->name_row), concord_record_get_string (person, "name"));
  concord_field_set_text (GTK_WIDGET (self->title_row), concord_record_get_string (person, "title"));
  concord_field_set_text (GTK_WIDGET (self->email_row), concord_record_get_string (person, "email"));
  concord_record_drop_down_set_selected_id (self->team_drop_down,
                                            concord_record_get_int (person, "team_id"));
  self->loading = FALSE;

  count = concord_people_count_owned_items (workbook, self->person_id, NULL);
  owns = count > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " item: accounts, plans, milestones, contacts, touches, roles or initiatives",
                                    "%" PRId64 " items: accounts, plans, milestones, contacts, touches, roles or initiatives",
                                    (gulong) count), count)
    : g_strdup (_("Nothing yet"));
  adw_action_row_set_subtitle (self->owns_row, owns);

  gtk_stack_set_visible_child_name (self->editor_stack, "editor");
}

static void
update_list_state (ConcordPeoplePage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean empty = self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  if (search != NULL && *search != '\0')
    {
      adw_status_page_set_title (self->list_status, _("No Matches"));
      adw_status_page_set_description (self->list_status, _("Nobody’s name, team, title or email matches the search."));
    }
  else
    {
      adw_status_page_set_title (self->list_status, _("No People Yet"));
      adw_status_page_set_description (self->list_status, _("Add the people who own plans, accounts and steps: press Ctrl+N."));
    }

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

static void
on_selection_changed (ConcordPeoplePage *self)
{
  ConcordRecord *record = gtk_single_selection_get_selected_item (self->selection);
  gint64 id = record ? concord_record_get_id (record) : 0;

  if (id == 0 || id == self->person_id)
    return;

  /* Typed values go to the person they were typed for. */
  concord_form_leave_record (GTK_WIDGET (self->editor_stack));
  self->person_id = id;
  clear_field_errors (self);
  load_editor (self);

  /* In a narrow window the list and the editor take turns. */
  if (adw_leaflet_get_folded (self->leaflet) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor_stack));
}

static void
on_people_changed (ConcordPeoplePage *self)
{
  update_list_state (self);
  load_editor (self);
}

/* List rows ---------------------------------------------------------------- */

static void
fill_row (GtkListItem       *item,
          ConcordPeoplePage *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  ConcordRecord *record = gtk_list_item_get_item (item);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autofree char *label = NULL;
  const char *title;

  if (record == NULL || workbook == NULL)
    return;

  label = concord_people_dup_label (workbook, concord_record_get_id (record));
  title = concord_record_get_string (record, "title");
  gtk_label_set_text (GTK_LABEL (name), label ? label : concord_record_get_string (record, "name"));
  gtk_label_set_text (GTK_LABEL (detail), title ? title : "");
  gtk_widget_set_visible (detail, title != NULL && *title != '\0');
}

static void
on_record_changed (ConcordRecord *record,
                   GtkListItem   *item)
{
  fill_row (item, g_object_get_data (G_OBJECT (item), "page"));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ConcordPeoplePage        *self)
{
  g_object_set_data (G_OBJECT (item), "page", self);
  g_signal_connect_object (gtk_list_item_get_item (item), "changed",
                           G_CALLBACK (on_record_changed), item, G_CONNECT_DEFAULT);
  fill_row (item, self);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ConcordPeoplePage        *self)
{
  GObject *record = gtk_list_item_get_item (item);

  if (record != NULL)
    g_signal_handlers_disconnect_by_func (record, on_record_changed, item);
}

/* Editing ------------------------------------------------------------------- */

/* Saves @changed_row's value (@text for an entry); the other fields keep
 * what is stored, so one field's mistake never blocks another's save. */
static gboolean
save_person (ConcordPeoplePage  *self,
             GtkWidget          *changed_row,
             const char         *text,
             GError            **error)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(ConcordRecord) person = dup_person (self);
  const char *name, *title, *email;
  gint64 team_id;

  if (person == NULL || self->loading)
    return TRUE;

  name = concord_record_get_string (person, "name");
  title = concord_record_get_string (person, "title");
  email = concord_record_get_string (person, "email");
  team_id = concord_record_get_int (person, "team_id");

  if (changed_row == GTK_WIDGET (self->name_row))
    name = text;
  else if (changed_row == GTK_WIDGET (self->title_row))
    title = text;
  else if (changed_row == GTK_WIDGET (self->email_row))
    email = text;
  else if (changed_row == GTK_WIDGET (self->team_row))
    team_id = concord_record_drop_down_get_selected_id (self->team_drop_down);

  return concord_people_save (workbook, self->person_id, name, team_id, title, email, error) != 0;
}

static gboolean
save_person_field (GtkWidget   *row,
                   const char  *text,
                   const char  *step_label,
                   gpointer     user_data,
                   GError     **error)
{
  ConcordPeoplePage *self = user_data;
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(ConcordEdit) edit = NULL;

  if (workbook == NULL || self->person_id == 0 || self->loading)
    return TRUE;

  edit = concord_workbook_edit (workbook, step_label, error);
  return edit != NULL && save_person (self, row, text, error) && concord_edit_commit (edit, error);
}

static void
on_team_selected (ConcordPeoplePage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;

  if (!save_person (self, GTK_WIDGET (self->team_row), NULL, &error))
    show_field_error (self, GTK_WIDGET (self->team_row), error->message);
  else
    clear_field_errors (self);
}

static void
on_search_changed (ConcordPeoplePage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->model == NULL)
    return;

  if (!concord_people_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
  update_list_state (self);
}

static void
on_search_activate (ConcordPeoplePage *self)
{
  /* Enter in the search moves to the first match. */
  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
}

static void
focus_editor (ConcordPeoplePage *self)
{
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor_stack));
  if (self->person_id != 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
on_list_activate (ConcordPeoplePage *self,
                  guint              position)
{
  gtk_single_selection_set_selected (self->selection, position);
  focus_editor (self);
}

gboolean
concord_people_page_select (ConcordPeoplePage *self,
                            gint64             person_id)
{
  guint position;

  g_return_val_if_fail (CONCORD_IS_PEOPLE_PAGE (self), FALSE);

  if (self->model == NULL)
    return FALSE;

  if (!concord_query_model_find (self->model, person_id, &position))
    {
      /* The search may hide them; show everyone rather than fail. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      concord_people_model_set_search (self->model, NULL, NULL);
      if (!concord_query_model_find (self->model, person_id, &position))
        return FALSE;
    }

  gtk_single_selection_set_selected (self->selection, position);
  if (self->person_id != person_id)
    concord_form_leave_record (GTK_WIDGET (self->editor_stack));
  self->person_id = person_id;
  load_editor (self);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor_stack));

  return TRUE;
}

/* Actions ------------------------------------------------------------------- */

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConcordPeoplePage *self = CONCORD_PEOPLE_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (workbook == NULL || !concord_page_is_editable (CONCORD_PAGE (self)))
    return;

  id = concord_people_save (workbook, 0, _("New Person"), 0, NULL, NULL, &error);
  if (id == 0)
    {
      concord_page_report_error (CONCORD_PAGE (self), error);
      return;
    }

  concord_people_page_select (self, id);
  focus_editor (self);
}

static void
select_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  /* Opening a person from anywhere brings their page forward. */
  gtk_widget_activate_action (widget, "win.show-page", "s", "people");
  concord_people_page_select (CONCORD_PEOPLE_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
show_list_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConcordPeoplePage *self = CONCORD_PEOPLE_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
delete_person (ConcordPeoplePage *self,
               gint64             person_id,
               gint64             reassign_to)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (!concord_people_delete (workbook, person_id, reassign_to, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
  else
    concord_page_toast (CONCORD_PAGE (self), _("Person deleted. Undo brings them and their items back."));
}

static void
on_delete_response (AdwMessageDialog  *dialog,
                    const char        *response,
                    ConcordPeoplePage *self)
{
  ConcordRecordDropDown *heir = g_object_get_data (G_OBJECT (dialog), "heir");
  gint64 person_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "person-id"));

  if (g_str_equal (response, "reassign"))
    {
      gint64 heir_id = concord_record_drop_down_get_selected_id (heir);

      if (heir_id == 0 || heir_id == person_id)
        {
          g_autoptr(GError) error =
            g_error_new_literal (CONCORD_ERROR, CONCORD_ERROR_INVALID,
                                 _("Choose someone else to take over the items, or leave them without an owner."));
          concord_page_report_error (CONCORD_PAGE (self), error);
          return;
        }
      delete_person (self, person_id, heir_id);
    }
  else if (g_str_equal (response, "unowned"))
    {
      delete_person (self, person_id, 0);
    }
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordPeoplePage *self = CONCORD_PEOPLE_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(ConcordRecord) person = dup_person (self);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *heir;
  gint64 count;

  if (person == NULL || !concord_page_is_editable (CONCORD_PAGE (self)))
    return;

  count = concord_people_count_owned_items (workbook, self->person_id, NULL);
  if (count <= 0)
    {
      delete_person (self, self->person_id, 0);
      return;
    }

  heading = g_strdup_printf (_("Delete %s?"), concord_record_get_string (person, "name"));
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s owns %" PRId64 " item. Hand it to someone else, or leave it without an owner.",
                                       "%s owns %" PRId64 " items. Hand them to someone else, or leave them without an owner.",
                                       (gulong) count),
                          concord_record_get_string (person, "name"), count);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);

  heir = concord_record_drop_down_new (workbook, "people", "name", FALSE);
  concord_record_drop_down_set_excluded_id (CONCORD_RECORD_DROP_DOWN (heir), self->person_id);
  gtk_widget_set_halign (heir, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (heir, _("The person who takes over"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), heir);
  g_object_set_data (G_OBJECT (dialog), "heir", heir);
  g_object_set_data (G_OBJECT (dialog), "person-id", GSIZE_TO_POINTER (self->person_id));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unowned", _("_Leave Without Owner"),
                                    "reassign", _("_Reassign and Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reassign",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unowned",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reassign");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_new_team_response (AdwMessageDialog  *dialog,
                      const char        *response,
                      ConcordPeoplePage *self)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GError) error = NULL;
  gint64 team_id;

  if (!g_str_equal (response, "add") || workbook == NULL)
    return;

  team_id = concord_people_add_team (workbook, gtk_editable_get_text (entry), &error);
  if (team_id == 0)
    {
      show_field_error (self, GTK_WIDGET (self->team_row), error->message);
      return;
    }

  /* Picking the new team for the person being edited is what the user
   * came for; it saves through the drop-down like any other choice. */
  if (self->person_id != 0)
    concord_record_drop_down_set_selected_id (self->team_drop_down, team_id);
}

static void
new_team_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ConcordPeoplePage *self = CONCORD_PEOPLE_PAGE (widget);
  GtkWidget *dialog, *entry;

  if (!concord_page_is_editable (CONCORD_PAGE (self)))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Add a Team"),
                                   _("Besides Sales, Marketing, Revenue Operations, Leadership and Customer Success."));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Team name"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "add", _("_Add Team"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_new_team_response), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ConcordPage ----------------------------------------------------------------- */

static void
concord_people_page_workbook_changed (ConcordPage *page)
{
  ConcordPeoplePage *self = CONCORD_PEOPLE_PAGE (page);
  ConcordWorkbook *workbook = concord_page_get_workbook (page);
  gboolean editable = concord_page_is_editable (page);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  self->person_id = 0;

  concord_record_drop_down_set_workbook (self->team_drop_down, workbook);

  if (workbook != NULL)
    {
      self->model = concord_people_model_new (workbook);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      g_signal_connect_object (self->selection, "notify::selected",
                               G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workbook, "changed", G_CALLBACK (on_people_changed),
                               self, G_CONNECT_SWAPPED);
    }

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  if (self->model != NULL && !adw_leaflet_get_folded (self->leaflet) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.add", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.new-team", editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor_stack), TRUE);
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->title_row), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->email_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->team_drop_down), editable);

  update_list_state (self);
  load_editor (self);
}

static gboolean
concord_people_page_start_search (ConcordPage *page)
{
  ConcordPeoplePage *self = CONCORD_PEOPLE_PAGE (page);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_folded_changed (ConcordPeoplePage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
}

static void
concord_people_page_dispose (GObject *object)
{
  ConcordPeoplePage *self = CONCORD_PEOPLE_PAGE (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (concord_people_page_parent_class)->dispose (object);
}

static void
concord_people_page_class_init (ConcordPeoplePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ConcordPageClass *page_class = CONCORD_PAGE_CLASS (klass);

  object_class->dispose = concord_people_page_dispose;
  page_class->workbook_changed = concord_people_page_workbook_changed;
  page_class->start_search = concord_people_page_start_search;

  g_type_ensure (CONCORD_TYPE_RECORD_DROP_DOWN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-people-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, list_status);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, team_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, team_drop_down);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, title_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, email_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordPeoplePage, owns_row);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_action (widget_class, "people.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "people.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "people.select", "x", select_activated);
  gtk_widget_class_install_action (widget_class, "people.show-list", NULL, show_list_activated);
  gtk_widget_class_install_action (widget_class, "people.new-team", NULL, new_team_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "people.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK, "people.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "people.show-list", NULL);
}

static void
concord_people_page_init (ConcordPeoplePage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (concord_form_setup_two_line_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  /* Delete in the list deletes the selected person; in a field it edits text. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("people.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);

  concord_field_attach (GTK_WIDGET (self->name_row), save_person_field, self);
  concord_field_attach (GTK_WIDGET (self->title_row), save_person_field, self);
  concord_field_attach (GTK_WIDGET (self->email_row), save_person_field, self);
  concord_field_set_error_label (GTK_WIDGET (self->name_row), self->error_label);
  concord_field_set_error_label (GTK_WIDGET (self->title_row), self->error_label);
  concord_field_set_error_label (GTK_WIDGET (self->email_row), self->error_label);
  g_signal_connect_object (self->team_drop_down, "notify::selected-id",
                           G_CALLBACK (on_team_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (on_folded_changed), self, G_CONNECT_SWAPPED);
  on_folded_changed (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.delete", FALSE);
}
