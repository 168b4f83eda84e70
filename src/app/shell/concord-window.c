/* concord-window.c
 *
 * The window owns no data: it holds the open workbook, hands it to every
 * page, and turns the workbook's history into Undo and Redo.
 */
#define G_LOG_DOMAIN "concord-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "concord-accounts-page.h"
#include "concord-dashboard-page.h"
#include "concord-empty-page.h"
#include "concord-exchange-controller.h"
#include "concord-file-label.h"
#include "concord-form.h"
#include "concord-info.h"
#ifdef CONCORD_HAVE_TEAM
#include "concord-team-status.h"
#endif
#include "concord-report-dialog.h"
#include "concord-page.h"
#include "concord-processes-page.h"
#include "concord-people-page.h"
#include "concord-plans-page.h"
#include "concord-roadmap-page.h"
#include "concord-roles-page.h"
#include "concord-window.h"

/* The page class of each area; the areas, their order (Alt+1 … Alt+7
 * follow it), titles and icons come from concord_areas(). An area
 * without a class here shows an empty page until it is built. */
static const struct
{
  const char *name;
  GType     (*get_type) (void);
} page_types[] = {
  { "dashboard", concord_dashboard_page_get_type },
  { "plans", concord_plans_page_get_type },
  { "accounts", concord_accounts_page_get_type },
  { "processes", concord_processes_page_get_type },
  { "roles", concord_roles_page_get_type },
  { "roadmap", concord_roadmap_page_get_type },
  { "people", concord_people_page_get_type },
};

static GType
page_type_for (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    if (g_str_equal (page_types[i].name, name))
      return page_types[i].get_type ();

  return G_TYPE_INVALID;
}

static guint
n_pages (void)
{
  guint n_areas;

  concord_areas (&n_areas);

  return n_areas;
}

static const ConcordArea *
page_at (guint index)
{
  return &concord_areas (NULL)[index];
}

struct _ConcordWindow
{
  AdwApplicationWindow parent_instance;

  AdwLeaflet          *leaflet;
  AdwHeaderBar        *content_header;
  GtkListBox          *sidebar_list;
  GtkStack            *stack;
  GtkStack            *view_stack;
  AdwStatusPage       *opening_page;
  GtkSpinner          *opening_spinner;
  AdwWindowTitle      *window_title;
  AdwToastOverlay     *toast_overlay;
  GtkRevealer         *read_only_revealer;
  GtkLabel            *read_only_label;
  GtkWidget           *content;
  GtkWidget           *undo_button;
  GtkWidget           *redo_button;
  GtkMenuButton       *menu_button;
  GMenuModel          *primary_menu;
  GMenu               *recent_section;

  ConcordWorkbook     *workbook;
  ConcordExchangeController *exchange;
  GSettings           *settings;
  guint                outside_check_id;  /* timeout while the window is active */
  GCancellable        *opening;           /* the open under way, if any */
};

G_DEFINE_FINAL_TYPE (ConcordWindow, concord_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_WORKBOOK, N_PROPS };
static GParamSpec *properties[N_PROPS];

#define READ_ONLY_TEXT N_("This workbook is read-only: you can look, but changes are off. Save a copy to edit it.")

const char * const *
concord_window_get_page_names (void)
{
  static const char **names;

  if (names == NULL)
    {
      const char **list = g_new0 (const char *, n_pages () + 1);

      for (guint i = 0; i < n_pages (); i++)
        list[i] = page_at (i)->name;
      names = list;
    }

  return names;
}

static const ConcordArea *
find_page_info (const char *name)
{
  return concord_area_lookup (name);
}

/* Pages are built when first shown (or first asked for), not with the
 * window: a page's template, its layout and its first load of the
 * workbook cost only the user who opens it. */
static GtkWidget *
ensure_page (ConcordWindow     *self,
             const ConcordArea *info)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, info->name);
  GType type;

  if (page != NULL)
    return page;

  type = page_type_for (info->name);
  if (type != G_TYPE_INVALID)
    page = g_object_new (type, NULL);
  else
    page = concord_empty_page_new (info->icon_name, _(info->title),
                                   _(info->description));

  gtk_stack_add_titled (self->stack, page, info->name, _(info->title));
  if (self->workbook != NULL && CONCORD_IS_PAGE (page))
    concord_page_set_workbook (CONCORD_PAGE (page), self->workbook);

  return page;
}

static void
show_area (ConcordWindow     *self,
           const ConcordArea *info)
{
  gtk_stack_set_visible_child (self->stack, ensure_page (self, info));
}

static void
update_history_actions (ConcordWindow *self)
{
  gboolean can_undo = self->workbook && concord_workbook_can_undo (self->workbook);
  gboolean can_redo = self->workbook && concord_workbook_can_redo (self->workbook);
  g_autofree char *undo_tip = NULL;
  g_autofree char *redo_tip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", can_redo);

  /* Say what will be undone, so nobody undoes blind. */
  undo_tip = can_undo
    ? g_strdup_printf (_("Undo “%s”"), concord_workbook_get_undo_label (self->workbook))
    : g_strdup (_("Undo"));
  redo_tip = can_redo
    ? g_strdup_printf (_("Redo “%s”"), concord_workbook_get_redo_label (self->workbook))
    : g_strdup (_("Redo"));
  gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
}

static void
update_title (ConcordWindow *self)
{
  const ConcordArea *info = find_page_info (concord_window_get_page_name (self));
  g_autofree char *workbook_title = NULL;
  g_autofree char *window_title = NULL;

  if (self->workbook != NULL)
    workbook_title = concord_workbook_dup_title (self->workbook);

  adw_window_title_set_title (self->window_title, info ? _(info->title) : "");
  if (workbook_title != NULL && concord_workbook_get_read_only (self->workbook))
    {
      g_autofree char *subtitle = g_strdup_printf (_("%s (read-only)"), workbook_title);
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, workbook_title ? workbook_title : "");
    }

  window_title = workbook_title
    ? g_strdup_printf ("%s — %s", workbook_title, _("Concord"))
    : g_strdup (_("Concord"));
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
update_search_action (ConcordWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search",
                                 CONCORD_IS_PAGE (page) &&
                                 concord_page_can_search (CONCORD_PAGE (page)));
}

static void
on_history_notify (ConcordWindow *self)
{
  update_history_actions (self);
}

static void
on_visible_child_changed (ConcordWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  for (guint i = 0; i < n_pages (); i++)
    {
      if (g_strcmp0 (page_at (i)->name, name) == 0)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, i);

          if (gtk_list_box_get_selected_row (self->sidebar_list) != row)
            gtk_list_box_select_row (self->sidebar_list, row);
          break;
        }
    }

  update_title (self);
  update_search_action (self);
}

static void
on_row_activated (ConcordWindow *self,
                  GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index < 0 || index >= (int) n_pages ())
    return;

  show_area (self, page_at (index));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_row_selected (ConcordWindow *self,
                 GtkListBoxRow *row)
{
  int index;

  if (row == NULL)
    return;

  index = gtk_list_box_row_get_index (row);
  if (index >= 0 && index < (int) n_pages ())
    show_area (self, page_at (index));
}

static GtkWidget *
create_sidebar_row (const ConcordArea *info)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name (info->icon_name);
  GtkWidget *label = gtk_label_new (_(info->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static void
rebuild_recent_menu (ConcordWindow *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_section);

  if (self->settings != NULL)
    recent = g_settings_get_strv (self->settings, "recent-workbooks");

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      g_autofree char *label = concord_file_label (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "app.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }

  if (recent == NULL || recent[0] == NULL)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Workbooks"), "win.none");
      g_menu_append_item (self->recent_section, item);
    }
}

static void
build_sidebar (ConcordWindow *self)
{
  for (guint i = 0; i < n_pages (); i++)
    gtk_list_box_append (self->sidebar_list, create_sidebar_row (page_at (i)));
}

/* Shows the first area when nothing asked for another before the window
 * appears. */
static void
concord_window_map (GtkWidget *widget)
{
  ConcordWindow *self = CONCORD_WINDOW (widget);

  if (gtk_stack_get_visible_child (self->stack) == NULL)
    show_area (self, page_at (0));

  GTK_WIDGET_CLASS (concord_window_parent_class)->map (widget);
}

/* Actions ------------------------------------------------------------------ */

static void
undo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ConcordWindow *self = CONCORD_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (self->workbook == NULL || !concord_workbook_can_undo (self->workbook))
    return;

  label = g_strdup (concord_workbook_get_undo_label (self->workbook));
  if (!concord_workbook_undo (self->workbook, &error))
    concord_window_show_error (self, _("Could Not Undo"), error->message);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Undone: %s"), label);
      concord_window_toast (self, message);
    }
}

static void
redo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ConcordWindow *self = CONCORD_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (self->workbook == NULL || !concord_workbook_can_redo (self->workbook))
    return;

  label = g_strdup (concord_workbook_get_redo_label (self->workbook));
  if (!concord_workbook_redo (self->workbook, &error))
    concord_window_show_error (self, _("Could Not Redo"), error->message);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Redone: %s"), label);
      concord_window_toast (self, message);
    }
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordWindow *self = CONCORD_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (CONCORD_IS_PAGE (page))
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      concord_page_start_search (CONCORD_PAGE (page));
    }
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  concord_window_show_page (CONCORD_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* The keyboard shortcuts window is built the first time it is asked
 * for: it has a label per shortcut, a cost no startup should pay. */
static void
show_help_overlay_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);

  if (gtk_application_window_get_help_overlay (window) == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/concordplan/Concord/ui/concord-help-overlay.ui");

      gtk_application_window_set_help_overlay (window,
                                               GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
    }

  gtk_window_present (GTK_WINDOW (gtk_application_window_get_help_overlay (window)));
}

static void
show_sidebar_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ConcordWindow *self = CONCORD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_error_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  concord_window_show_error (CONCORD_WINDOW (widget), _("Could Not Save the Change"),
                             g_variant_get_string (parameter, NULL));
}

static void
toast_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  concord_window_toast (CONCORD_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
load_sample_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ConcordWindow *self = CONCORD_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->workbook == NULL)
    return;

  if (!concord_workbook_add_sample (self->workbook, &error))
    concord_window_show_error (self, _("Could Not Load the Sample"), error->message);
  else
    concord_window_toast (self, _("Sample company loaded. Undo removes it again."));
}

static void
on_copy_chosen (GtkNativeDialog *dialog,
                int              response,
                ConcordWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->workbook != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        concord_window_show_error (self, _("Could Not Save a Copy"),
                                   _("Choose a file on this computer."));
      else
        concord_window_save_copy (self, path);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/**
 * concord_window_save_copy:
 * @target: the new file
 *
 * What Save a Copy's chooser does with the file picked. A copy of a
 * read-only workbook is made to be edited, so the window opens it.
 */
void
concord_window_save_copy (ConcordWindow *self,
                          const char    *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) copy = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (CONCORD_IS_WINDOW (self));
  g_return_if_fail (target != NULL);

  if (self->workbook == NULL)
    return;

  if (!concord_workbook_save_copy (self->workbook, target, &error))
    {
      concord_window_show_error (self, _("Could Not Save a Copy"), error->message);
      return;
    }

  if (!concord_workbook_get_read_only (self->workbook))
    {
      message = g_strdup_printf (_("Saved a copy as %s"), target);
      concord_window_toast (self, message);
      return;
    }

  if ((copy = concord_workbook_open (target, CONCORD_OPEN_DEFAULT, &error)) == NULL)
    {
      concord_window_show_open_error (self, target, error);
      return;
    }
  concord_window_set_workbook (self, copy);
  message = g_strdup_printf (_("Saved a copy as %s, which is now open for editing."), target);
  concord_window_toast (self, message);
}

/* Starts a chooser for a new file where it can be written: beside
 * @path, unless that folder is read-only, then in the user's documents. */
static void
set_writable_folder (GtkFileChooser *chooser,
                     const char     *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GFile) start = NULL;

  if (g_access (folder, W_OK) == 0)
    start = g_file_new_for_path (folder);
  else if (documents != NULL && g_access (documents, W_OK) == 0)
    start = g_file_new_for_path (documents);
  else
    start = g_file_new_for_path (g_get_home_dir ());

  gtk_file_chooser_set_current_folder (chooser, start, NULL);
}

static void
save_copy_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConcordWindow *self = CONCORD_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  if (self->workbook == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save a Copy"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  title = concord_workbook_dup_title (self->workbook);
  name = g_strdup_printf (_("%s (copy).concord"), title);
  /* Beside the workbook, unless that folder cannot be written. */
  set_writable_folder (GTK_FILE_CHOOSER (chooser), concord_workbook_get_path (self->workbook));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_copy_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Clean copies ------------------------------------------------------------- */

/**
 * concord_window_save_clean_copy:
 * @source: a workbook that was refused
 * @target: the new workbook to create
 *
 * Reads the records of @source into @target in a worker thread, then
 * opens @target in the window and says what was left out.
 */
void
concord_window_save_clean_copy (ConcordWindow *self,
                                const char    *source,
                                const char    *target)
{
  g_return_if_fail (CONCORD_IS_WINDOW (self));
  g_return_if_fail (source != NULL && target != NULL);

  concord_exchange_controller_save_clean_copy (self->exchange, source, target);
}

static void
on_clean_target_chosen (GtkNativeDialog *dialog,
                        int              response,
                        ConcordWindow   *self)
{
  const char *source = g_object_get_data (G_OBJECT (dialog), "source");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        concord_window_show_error (self, _("Could Not Save a Clean Copy"),
                                   _("Choose a file on this computer."));
      else
        concord_window_save_clean_copy (self, source, path);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
on_refusal_response (AdwMessageDialog *dialog,
                     const char       *response,
                     ConcordWindow    *self)
{
  const char *source = g_object_get_data (G_OBJECT (dialog), "source");
  GtkFileChooserNative *chooser;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "clean-copy"))
    return;

  chooser = gtk_file_chooser_native_new (_("Save a Clean Copy"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  base = g_path_get_basename (source);
  if (g_str_has_suffix (base, ".concord"))
    base[strlen (base) - strlen (".concord")] = '\0';
  name = g_strdup_printf (_("%s (clean).concord"), base);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  set_writable_folder (GTK_FILE_CHOOSER (chooser), source);
  g_object_set_data_full (G_OBJECT (chooser), "source", g_strdup (source), g_free);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_clean_target_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A workbook asked for by name that is not there yet (`--workbook
 * new.concord`, a recent file moved away) is offered to be created. */
static void
on_create_response (AdwMessageDialog *dialog,
                    const char       *response,
                    ConcordWindow    *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "create"))
    return;

  if (g_file_test (folder, G_FILE_TEST_EXISTS) &&
      (!g_file_test (folder, G_FILE_TEST_IS_DIR) || g_access (folder, W_OK) != 0))
    {
      message = g_strdup_printf (_("Concord cannot create a workbook in “%s” because it is not a folder "
                                   "you can write to; choose another place with New Workbook."), folder);
      concord_window_show_error (self, _("Could Not Create the Workbook"), message);
      return;
    }

  if ((workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error)) == NULL)
    {
      concord_window_show_error (self, _("Could Not Create the Workbook"), error->message);
      return;
    }

  concord_window_set_workbook (self, workbook);
  message = g_strdup_printf (_("Created %s"), path);
  concord_window_toast (self, message);
}

static void
offer_create (ConcordWindow *self,
              const char    *path)
{
  g_autofree char *body = g_strdup_printf (_("There is no workbook at “%s”. Create a new, empty workbook there?"),
                                           path);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Create the Workbook?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_create_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * concord_window_show_open_error:
 * @path: the file that could not be opened
 * @error: why
 *
 * Says why @path was refused. When what it carries was the reason (a
 * schema or a log Concord did not write), offers Save a Clean Copy.
 */
void
concord_window_show_open_error (ConcordWindow *self,
                                const char    *path,
                                const GError  *error)
{
  GtkWidget *dialog;

  g_return_if_fail (CONCORD_IS_WINDOW (self));
  g_return_if_fail (path != NULL && error != NULL);

  if (g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND))
    {
      offer_create (self, path);
      return;
    }

  if (!g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_FOREIGN_SCHEMA) &&
      !g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_FOREIGN_LOG))
    {
      concord_window_show_error (self, _("Could Not Open the Workbook"), error->message);
      return;
    }

  g_message ("%s: %s", _("Could Not Open the Workbook"), error->message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Open the Workbook"),
                                   error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "clean-copy", _("Save a _Clean Copy…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clean-copy",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "clean-copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_object_set_data_full (G_OBJECT (dialog), "source", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_refusal_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Exchange ------------------------------------------------------------------ */

/* The exchange controller runs export, import and clean copies; the
 * window shows what came of them. */
static void
on_exchange_done (ConcordWindow *self,
                  const char    *message)
{
  concord_window_toast (self, message);
}

static void
on_exchange_alert (ConcordWindow *self,
                   const char    *heading,
                   const char    *message)
{
  concord_window_show_error (self, heading, message);
}

static void
on_exchange_opened (ConcordWindow   *self,
                    ConcordWorkbook *workbook)
{
  concord_window_set_workbook (self, workbook);
}

static void
on_json_chosen (GtkNativeDialog *chooser,
                int              response,
                ConcordWindow   *self)
{
  gboolean exporting = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT && self->workbook != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        concord_window_show_error (self, exporting ? _("Could Not Export") : _("Could Not Import"),
                                   _("Choose a file on this computer."));
      else if (exporting)
        concord_exchange_controller_export (self->exchange, path);
      else
        concord_exchange_controller_import (self->exchange, path);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_json (ConcordWindow *self,
             gboolean       exporting)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->workbook == NULL)
    return;

  chooser = gtk_file_chooser_native_new (exporting ? _("Export Workbook") : _("Import and Merge"),
                                         GTK_WINDOW (self),
                                         exporting ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         exporting ? _("_Export") : _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Concord documents (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (exporting)
    {
      g_autofree char *title = concord_workbook_dup_title (self->workbook);
      g_autofree char *name = g_strdup_printf ("%s.json", title);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_json_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_json_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  choose_json (CONCORD_WINDOW (widget), TRUE);
}

static void
import_json_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  choose_json (CONCORD_WINDOW (widget), FALSE);
}

static void
report_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordWindow *self = CONCORD_WINDOW (widget);

  if (self->workbook != NULL)
    gtk_window_present (GTK_WINDOW (concord_report_dialog_new (GTK_WINDOW (self), self->workbook,
                                                               g_str_equal (action_name, "win.print"))));
}

/* GObject ------------------------------------------------------------------- */

static void
save_window_state (ConcordWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

/* Closes the editors open over @self; FALSE when one stays to ask. */
static gboolean
close_transient_windows (ConcordWindow *self)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  gboolean closed = TRUE;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_window_get_transient_for (l->data) == GTK_WINDOW (self) &&
        gtk_widget_get_visible (l->data) && !ADW_IS_MESSAGE_DIALOG (l->data))
      {
        g_autoptr(GtkWindow) child = g_object_ref (l->data);

        gtk_window_close (child);
        if (gtk_widget_get_visible (GTK_WIDGET (child)))
          closed = FALSE;
      }

  return closed;
}

static gboolean
concord_window_close_request (GtkWindow *window)
{
  /* Every value on screen goes into the file first; one that cannot
   * asks before it is lost. */
  if (!close_transient_windows (CONCORD_WINDOW (window)) || concord_form_close_request (window))
    return TRUE;

  save_window_state (CONCORD_WINDOW (window));

  return GTK_WINDOW_CLASS (concord_window_parent_class)->close_request (window);
}

/* Other programs --------------------------------------------------------- */

/* The command line, the sqlite3 shell or a colleague on a shared folder may
 * write the workbook while this window shows it: while the window is in
 * use, look once a second (and whenever it comes back to the front) and let
 * the store tell every list, editor and the dashboard to read again. */
#define OUTSIDE_CHECK_SECONDS 1

static gboolean
check_outside_changes (gpointer user_data)
{
  ConcordWindow *self = user_data;

  if (self->workbook != NULL)
    concord_workbook_notice_outside_changes (self->workbook);

  return G_SOURCE_CONTINUE;
}

static void
on_active_changed (ConcordWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    {
      check_outside_changes (self);
      if (self->outside_check_id == 0)
        self->outside_check_id = g_timeout_add_seconds (OUTSIDE_CHECK_SECONDS, check_outside_changes, self);
    }
  else
    {
      g_clear_handle_id (&self->outside_check_id, g_source_remove);
    }
}

/* Page shortcuts ---------------------------------------------------------- */

/* Each page binds Ctrl+N and Ctrl+Delete to its own "new" and "delete",
 * which only hear keys pressed inside the page. With the focus in the
 * sidebar, or nowhere after the control that had it went away (a bulk
 * change hides its bar), those keys reach the window: hand them to the
 * visible page. A plain Delete in the sidebar deletes what the page has
 * selected, as the page's own Delete does. */
static gboolean
on_window_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       ConcordWindow         *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  if (page == NULL || name == NULL || (focus != NULL && gtk_widget_is_ancestor (focus, page)))
    return GDK_EVENT_PROPAGATE;

  if (mods == GDK_CONTROL_MASK &&
      (keyval == GDK_KEY_n || keyval == GDK_KEY_N || keyval == GDK_KEY_Delete))
    return gtk_event_controller_key_forward (controller, page);

  if (mods == 0 && keyval == GDK_KEY_Delete)
    {
      g_autofree char *action = g_strdup_printf ("%s.delete", name);

      return gtk_widget_activate_action (page, action, NULL);
    }

  return GDK_EVENT_PROPAGATE;
}

/* GtkWindow binds Ctrl+Shift+I to the GTK Inspector ahead of any subclass
 * binding, and Debian enables it. Ctrl+Shift+I is Import and Merge here:
 * decline it, so the shortcut goes on to ours. Ctrl+Shift+D still opens
 * the inspector where the settings allow it. */
static gboolean
concord_window_enable_debugging (GtkWindow *window,
                                 gboolean   toggle)
{
  if (!toggle)
    return FALSE;

  return GTK_WINDOW_CLASS (concord_window_parent_class)->enable_debugging (window, toggle);
}

static void
concord_window_dispose (GObject *object)
{
  ConcordWindow *self = (ConcordWindow *) object;

  g_clear_handle_id (&self->outside_check_id, g_source_remove);
  /* An open under way ends in its thread; what it opened is let go. */
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_data (self->workbook, self);
  g_clear_object (&self->workbook);
  if (self->exchange != NULL)
    g_signal_handlers_disconnect_by_data (self->exchange, self);
  g_clear_object (&self->exchange);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_WINDOW);

  G_OBJECT_CLASS (concord_window_parent_class)->dispose (object);
}

static void
concord_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ConcordWindow *self = CONCORD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      g_value_set_object (value, self->workbook);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ConcordWindow *self = CONCORD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      concord_window_set_workbook (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_window_class_init (ConcordWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = concord_window_dispose;
  object_class->get_property = concord_window_get_property;
  object_class->set_property = concord_window_set_property;
  window_class->close_request = concord_window_close_request;
  widget_class->map = concord_window_map;
  window_class->enable_debugging = concord_window_enable_debugging;

  properties[PROP_WORKBOOK] =
    g_param_spec_object ("workbook", NULL, NULL, CONCORD_TYPE_WORKBOOK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, opening_page);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, opening_spinner);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, content);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, ConcordWindow, recent_section);

  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.save-copy", NULL, save_copy_activated);
  gtk_widget_class_install_action (widget_class, "win.load-sample", NULL, load_sample_activated);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_activated);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-error", "s", show_error_activated);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_activated);
  gtk_widget_class_install_action (widget_class, "win.export-json", NULL, export_json_activated);
  gtk_widget_class_install_action (widget_class, "win.import-json", NULL, import_json_activated);
  gtk_widget_class_install_action (widget_class, "win.report", NULL, report_activated);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, report_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export-json", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export-json", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-json", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_I, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import-json", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-copy", NULL);
  for (guint i = 0; i < n_pages (); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", page_at (i)->name);
}

/* Off until a workbook is open. */
static const char *const workbook_actions[] = {
  "win.save-copy", "win.load-sample", "win.export-json", "win.import-json", "win.report", "win.print",
};

/* The main menu's popover, a widget per item, is built the first time
 * the menu opens (a click or F10), not with every window. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  ConcordWindow *self = CONCORD_WINDOW (user_data);

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

/* The banner hides once it has slid away (see concord-window.ui). */
static void
on_banner_revealed (ConcordWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->read_only_revealer) &&
      !gtk_revealer_get_child_revealed (self->read_only_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->read_only_revealer), FALSE);
}

/* A narrow (folded) window keeps only the close button, so the page's
 * title has room between undo and search. */
static void
on_folded (ConcordWindow *self)
{
  g_autofree char *layout = NULL;
  g_auto(GStrv) sides = NULL;
  g_autofree char *narrow = NULL;

  if (!adw_leaflet_get_folded (self->leaflet))
    {
      adw_header_bar_set_decoration_layout (self->content_header, NULL);
      return;
    }

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-decoration-layout", &layout, NULL);
  sides = g_strsplit (layout ? layout : ":close", ":", 2);
  for (guint i = 0; sides[i] != NULL; i++)
    {
      g_auto(GStrv) buttons = g_strsplit (sides[i], ",", -1);
      g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
      g_auto(GStrv) joined = NULL;

      for (guint j = 0; buttons[j] != NULL; j++)
        if (!g_str_equal (buttons[j], "minimize") && !g_str_equal (buttons[j], "maximize"))
          g_strv_builder_add (kept, buttons[j]);
      joined = g_strv_builder_end (kept);
      g_free (sides[i]);
      sides[i] = g_strjoinv (",", joined);
    }
  narrow = g_strjoinv (":", sides);
  adw_header_bar_set_decoration_layout (self->content_header, narrow);
}

static void
concord_window_init (ConcordWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkEventController *key_controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APPLICATION_ID);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (self->settings, "changed::recent-workbooks",
                               G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
    }
  else
    {
      gtk_window_set_default_size (GTK_WINDOW (self), 1180, 780);
    }

  build_sidebar (self);
  rebuild_recent_menu (self);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded), self, G_CONNECT_SWAPPED);
  on_folded (self);

  self->exchange = concord_exchange_controller_new (GTK_WINDOW (self));
  g_signal_connect_swapped (self->exchange, "done", G_CALLBACK (on_exchange_done), self);
  g_signal_connect_swapped (self->exchange, "alert", G_CALLBACK (on_exchange_alert), self);
  g_signal_connect_swapped (self->exchange, "opened", G_CALLBACK (on_exchange_opened), self);

#ifdef CONCORD_HAVE_TEAM
  /* Synced, offline, changes waiting, conflicts; and the "team" actions. */
  adw_header_bar_pack_end (self->content_header, GTK_WIDGET (concord_team_status_new (GTK_WINDOW (self))));
#endif

  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (on_active_changed), self);

  key_controller = gtk_event_controller_key_new ();
  g_signal_connect (key_controller, "key-pressed", G_CALLBACK (on_window_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key_controller);

  g_signal_connect_object (self->read_only_revealer, "notify::child-revealed",
                           G_CALLBACK (on_banner_revealed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (on_visible_child_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar_list, "row-activated",
                           G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar_list, "row-selected",
                           G_CALLBACK (on_row_selected), self, G_CONNECT_SWAPPED);

  adw_leaflet_set_visible_child (self->leaflet, self->content);
  on_visible_child_changed (self);
  update_history_actions (self);
  for (guint i = 0; i < G_N_ELEMENTS (workbook_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), workbook_actions[i], FALSE);
}

ConcordWindow *
concord_window_new (GtkApplication *application)
{
  return g_object_new (CONCORD_TYPE_WINDOW, "application", application, NULL);
}

ConcordWorkbook *
concord_window_get_workbook (ConcordWindow *self)
{
  g_return_val_if_fail (CONCORD_IS_WINDOW (self), NULL);

  return self->workbook;
}

void
concord_window_set_workbook (ConcordWindow   *self,
                             ConcordWorkbook *workbook)
{
  gboolean read_only;

  g_return_if_fail (CONCORD_IS_WINDOW (self));
  g_return_if_fail (workbook == NULL || CONCORD_IS_WORKBOOK (workbook));

  if (self->workbook == workbook)
    return;

  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_data (self->workbook, self);
  g_set_object (&self->workbook, workbook);
  concord_exchange_controller_set_workbook (self->exchange, workbook);

  if (workbook != NULL)
    {
      g_signal_connect_object (workbook, "notify::can-undo",
                               G_CALLBACK (on_history_notify), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workbook, "notify::can-redo",
                               G_CALLBACK (on_history_notify), self, G_CONNECT_SWAPPED);
      /* Takes note of where the file stands now. */
      concord_workbook_notice_outside_changes (workbook);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *page = gtk_stack_page_get_child (gtk_stack_get_page (self->stack, child));

      if (CONCORD_IS_PAGE (page))
        concord_page_set_workbook (CONCORD_PAGE (page), workbook);
    }

  read_only = workbook != NULL && concord_workbook_get_read_only (workbook);
  if (read_only)
    gtk_widget_set_visible (GTK_WIDGET (self->read_only_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->read_only_revealer, read_only);
  if (read_only && concord_workbook_get_read_only_reason (workbook) != NULL)
    gtk_label_set_label (self->read_only_label, concord_workbook_get_read_only_reason (workbook));
  else
    gtk_label_set_label (self->read_only_label, _(READ_ONLY_TEXT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-copy", workbook != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-json", workbook != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-json", workbook != NULL && !read_only);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.report", workbook != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", workbook != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-sample",
                                 workbook != NULL && !read_only);

  update_history_actions (self);
  update_title (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKBOOK]);
}

/* Opening ------------------------------------------------------------------- */

static void
set_opening (ConcordWindow *self,
             const char    *path)
{
  if (path != NULL)
    {
      g_autofree char *name = g_path_get_basename (path);

      adw_status_page_set_description (self->opening_page, name);
      gtk_spinner_start (self->opening_spinner);
      gtk_stack_set_visible_child_name (self->view_stack, "opening");
    }
  else
    {
      gtk_spinner_stop (self->opening_spinner);
      gtk_stack_set_visible_child_name (self->view_stack, "pages");
    }
}

static void
on_workbook_opened (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ConcordWindow *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  GError *error = NULL;

  workbook = concord_workbook_open_finish (result, &error);

  /* Closed, or another open took its place: nothing here is ours. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The window no longer waits for this workbook");
      return;
    }

  g_clear_object (&self->opening);
  set_opening (self, NULL);

  if (workbook == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  concord_window_set_workbook (self, workbook);
  g_task_return_boolean (task, TRUE);
}

/**
 * concord_window_open_async:
 * @path: the workbook to open
 * @flags: as for concord_workbook_open()
 * @callback: called when the window shows @path, or why not
 * @user_data: for @callback
 *
 * Shows "Opening the Workbook…" while @path opens, with its checks, in
 * a worker thread, then shows it; the window keeps what it had when the
 * open fails. Closing the window, or another open, cancels this one:
 * @callback then gets %G_IO_ERROR_CANCELLED.
 */
/* The window waits for @path, opening under @cancellable, instead of
 * any open under way before. */
static GTask *
wait_for_open (ConcordWindow       *self,
               const char          *path,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task;

  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_set_object (&self->opening, cancellable);

  task = g_task_new (self, self->opening, callback, user_data);
  g_task_set_source_tag (task, concord_window_open_async);
  set_opening (self, path);

  return task;
}

void
concord_window_open_async (ConcordWindow       *self,
                           const char          *path,
                           ConcordOpenFlags     flags,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GTask *task;

  g_return_if_fail (CONCORD_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  task = wait_for_open (self, path, cancellable, callback, user_data);
  concord_workbook_open_async (path, flags, cancellable, on_workbook_opened, task);
}

/* Opening before the window ------------------------------------------------
 *
 * At launch the file is known before GTK has started: its open (and its
 * checks) can run in the worker while GTK starts and the window is
 * built, and the window then takes it over as if it had begun it. */

struct _ConcordEarlyOpen
{
  GApplication *application;  /* held until the open has ended */
  char         *path;
  GCancellable *cancellable;
  GAsyncResult *result;       /* when it ended before a window took it */
  GTask        *task;         /* the window's, once one took it */
};

static void
early_open_clear (ConcordEarlyOpen *early)
{
  g_clear_object (&early->result);
  g_clear_object (&early->task);
  g_clear_object (&early->cancellable);
  g_free (early->path);
  if (early->application != NULL)
    g_application_release (early->application);
  g_clear_object (&early->application);
}

static void
early_open_unref (ConcordEarlyOpen *early)
{
  g_rc_box_release_full (early, (GDestroyNotify) early_open_clear);
}

static void
on_early_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ConcordEarlyOpen *early = user_data;

  if (early->task != NULL)
    on_workbook_opened (source, result, g_steal_pointer (&early->task));
  else
    early->result = g_object_ref (result);
  early_open_unref (early);
}

/**
 * concord_early_open_begin:
 * @application: (nullable): kept running until the open has ended
 * @path: the workbook to open
 * @flags: as for concord_workbook_open()
 *
 * Begins opening @path in a worker thread, as concord_window_open_async()
 * does, before any window waits for it. Hand it to
 * concord_window_open_early(), or give it up with
 * concord_early_open_drop().
 */
ConcordEarlyOpen *
concord_early_open_begin (GApplication     *application,
                          const char       *path,
                          ConcordOpenFlags  flags)
{
  ConcordEarlyOpen *early;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  early = g_rc_box_new0 (ConcordEarlyOpen);
  if (application != NULL)
    {
      early->application = g_object_ref (application);
      g_application_hold (application);
    }
  early->path = g_strdup (path);
  early->cancellable = g_cancellable_new ();
  concord_workbook_open_async (path, flags, early->cancellable, on_early_opened,
                               g_rc_box_acquire (early));

  return early;
}

const char *
concord_early_open_get_path (ConcordEarlyOpen *early)
{
  g_return_val_if_fail (early != NULL, NULL);

  return early->path;
}

/* No window takes it: what it opens is let go, as when its window closes. */
void
concord_early_open_drop (ConcordEarlyOpen *early)
{
  g_return_if_fail (early != NULL && early->task == NULL);

  g_cancellable_cancel (early->cancellable);
  early_open_unref (early);
}

/**
 * concord_window_open_early:
 * @early: (transfer full): from concord_early_open_begin()
 * @callback: called when the window shows its workbook, or why not
 * @user_data: for @callback
 *
 * concord_window_open_async() for an open begun before the window: the
 * window shows that it opens, and closing it, or another open, cancels
 * this one the same way.
 */
void
concord_window_open_early (ConcordWindow       *self,
                           ConcordEarlyOpen    *early,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CONCORD_IS_WINDOW (self));
  g_return_if_fail (early != NULL && early->task == NULL);

  task = wait_for_open (self, early->path, early->cancellable, callback, user_data);
  if (early->result != NULL)
    on_workbook_opened (NULL, early->result, task);
  else
    early->task = task;
  early_open_unref (early);
}

gboolean
concord_window_open_finish (ConcordWindow  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* TRUE while a workbook opens in this window. */
gboolean
concord_window_is_opening (ConcordWindow *self)
{
  g_return_val_if_fail (CONCORD_IS_WINDOW (self), FALSE);

  return self->opening != NULL;
}

gboolean
concord_window_show_page (ConcordWindow *self,
                          const char    *name)
{
  const ConcordArea *info;

  g_return_val_if_fail (CONCORD_IS_WINDOW (self), FALSE);

  if ((info = find_page_info (name)) == NULL)
    return FALSE;

  /* A refused value stays on its page, marked, for the user to come back to. */
  if (gtk_stack_get_visible_child (self->stack) != NULL)
    concord_form_commit (gtk_stack_get_visible_child (self->stack));
  show_area (self, info);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);

  return TRUE;
}

/* Before the window first appears, the page it will show. */
const char *
concord_window_get_page_name (ConcordWindow *self)
{
  g_return_val_if_fail (CONCORD_IS_WINDOW (self), NULL);

  if (gtk_stack_get_visible_child (self->stack) == NULL)
    return page_at (0)->name;

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * concord_window_get_page:
 * @name: a page name from concord_window_get_page_names()
 *
 * Returns: (transfer none) (nullable): the page, built now if it has not
 *   been shown yet, or %NULL for a name that is no page
 */
GtkWidget *
concord_window_get_page (ConcordWindow *self,
                         const char    *name)
{
  const ConcordArea *info;

  g_return_val_if_fail (CONCORD_IS_WINDOW (self), NULL);

  if ((info = find_page_info (name)) == NULL)
    return NULL;

  return ensure_page (self, info);
}

void
concord_window_show_error (ConcordWindow *self,
                           const char    *heading,
                           const char    *message)
{
  GtkWidget *dialog;

  g_return_if_fail (CONCORD_IS_WINDOW (self));

  g_message ("%s: %s", heading, message);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

void
concord_window_toast (ConcordWindow *self,
                      const char    *message)
{
  AdwToast *toast;

  g_return_if_fail (CONCORD_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
