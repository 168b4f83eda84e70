/* concord-roles-page.c
 *
 * The Roles area: pick a role map, fill in its grid, and see at once what
 * the checks say. Every edit goes through concord-role-maps, one undo
 * step each; the page only shows and forwards.
 */
#define G_LOG_DOMAIN "concord-roles-page"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-check.h"
#include "concord-form.h"
#include "concord-output.h"
#include "concord-raci-grid.h"
#include "concord-record-drop-down.h"
#include "concord-role-maps.h"
#include "concord-roles-page.h"

struct _ConcordRolesPage
{
  ConcordPage        parent_instance;

  GtkStack          *stack;
  GtkScrolledWindow *grid_scroller;
  GtkWidget         *map_picker_box;
  GtkDropDown       *variant_drop_down;
  ConcordRaciGrid   *grid;
  GtkLabel          *findings_title;
  GtkListBox        *findings_list;
  AdwEntryRow       *activity_entry;
  AdwEntryRow       *group_entry;
  AdwActionRow      *stage_row;
  AdwEntryRow       *role_entry;
  AdwComboRow       *role_kind_row;
  AdwActionRow      *team_row;
  AdwActionRow      *person_row;

  GtkWidget         *map_picker;    /* ConcordRecordDropDown of role_maps */
  GtkWidget         *stage_picker;  /* … of process_stages */
  GtkWidget         *team_picker;   /* … of teams */
  GtkWidget         *person_picker; /* … of people */
  gboolean           syncing;
};

G_DEFINE_FINAL_TYPE (ConcordRolesPage, concord_roles_page, CONCORD_TYPE_PAGE)

static const char *const role_kinds[] = { "job", "team", "person" };

static void
update_findings (ConcordRolesPage *self)
{
  GPtrArray *findings = concord_raci_grid_get_findings (self->grid);
  GtkWidget *child;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list))) != NULL)
    gtk_list_box_remove (self->findings_list, child);

  if (findings == NULL || findings->len == 0)
    {
      gtk_label_set_text (self->findings_title,
                          _("No problems: every activity has one owner of the outcome and someone doing the work."));
      gtk_widget_set_visible (GTK_WIDGET (self->findings_list), FALSE);
      return;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Problem", "%u Problems", findings->len),
                           findings->len);
  gtk_label_set_text (self->findings_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), TRUE);

  /* A handful of lines at most: one per broken activity or idle role. */
  for (guint i = 0; i < findings->len; i++)
    {
      ConcordFinding *finding = g_ptr_array_index (findings, i);
      const char *name = g_strrstr (finding->where, "“");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : finding->where);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), finding->message);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->findings_list, row);
    }
}

static void
update_state (ConcordRolesPage *self)
{
  ConcordRoleMatrix *matrix = concord_raci_grid_get_matrix (self->grid);
  gboolean editable = concord_page_is_editable (CONCORD_PAGE (self));
  gboolean has_map = matrix != NULL;

  gtk_stack_set_visible_child_name (self->stack, has_map ? "map" : "empty");

  if (matrix != NULL)
    {
      self->syncing = TRUE;
      gtk_drop_down_set_selected (self->variant_drop_down, matrix->variant);
      self->syncing = FALSE;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->variant_drop_down), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->grid), editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roles.new-map", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roles.delete-map", editable && has_map);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roles.export", has_map);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roles.rename-map", editable && has_map);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roles.rename-activity",
                                 editable && has_map && matrix->activities->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roles.rename-role",
                                 editable && has_map && matrix->roles->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roles.delete-activity",
                                 editable && has_map && matrix->activities->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roles.delete-role",
                                 editable && has_map && matrix->roles->len > 0);

  update_findings (self);
}

static void
on_grid_reloaded (ConcordRolesPage *self)
{
  update_state (self);
}

static void
on_map_picked (ConcordRolesPage *self)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  gint64 id = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->map_picker));

  /* Nothing picked (a new workbook, or the map on show was deleted):
   * show the first map rather than an empty page. */
  if (id == 0 && workbook != NULL && (id = concord_role_maps_first (workbook)) != 0)
    {
      concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->map_picker), id);
      return;
    }

  concord_raci_grid_set_map_id (self->grid, id);
  update_state (self);
}

static void
on_variant_selected (ConcordRolesPage *self)
{
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  guint selected = gtk_drop_down_get_selected (self->variant_drop_down);
  gint64 map_id = concord_raci_grid_get_map_id (self->grid);

  if (self->syncing || workbook == NULL || map_id == 0 || selected > CONCORD_ROLE_VARIANT_DACI)
    return;

  if (!concord_role_maps_set_variant (workbook, map_id, selected, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
}

static void
on_role_kind_changed (ConcordRolesPage *self)
{
  gboolean person = adw_combo_row_get_selected (self->role_kind_row) == 2;

  gtk_widget_set_visible (GTK_WIDGET (self->person_row), person);
  gtk_widget_set_visible (GTK_WIDGET (self->team_row), !person);
}

static void
add_activity_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ConcordRolesPage *self = CONCORD_ROLES_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 map_id = concord_raci_grid_get_map_id (self->grid);
  ConcordRoleMatrix *matrix;
  g_autofree char *group = NULL;

  if (workbook == NULL || map_id == 0)
    return;

  group = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->group_entry))));
  if (concord_role_maps_add_activity (workbook, map_id,
                                      gtk_editable_get_text (GTK_EDITABLE (self->activity_entry)),
                                      group,
                                      concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->stage_picker)),
                                      &error) == 0)
    {
      concord_form_set_row_error (GTK_WIDGET (self->activity_entry), error);
      return;
    }

  concord_form_set_row_error (GTK_WIDGET (self->activity_entry), NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->activity_entry), "");
  /* Ready to fill in the new row at once. */
  matrix = concord_raci_grid_get_matrix (self->grid);
  if (matrix != NULL && matrix->activities->len > 0 && matrix->roles->len > 0)
    concord_raci_grid_set_cursor (self->grid, matrix->activities->len - 1, 0);
}

static void
add_role_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ConcordRolesPage *self = CONCORD_ROLES_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 map_id = concord_raci_grid_get_map_id (self->grid);
  guint kind = MIN (adw_combo_row_get_selected (self->role_kind_row), 2);
  gint64 team_id = 0, person_id = 0;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->role_entry))));

  if (workbook == NULL || map_id == 0)
    return;

  if (kind == 2)
    person_id = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->person_picker));
  else
    team_id = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->team_picker));

  if (concord_role_maps_add_role (workbook, map_id, name, role_kinds[kind], team_id, person_id,
                                  &error) == 0)
    {
      concord_form_set_row_error (GTK_WIDGET (self->role_entry), error);
      return;
    }

  concord_form_set_row_error (GTK_WIDGET (self->role_entry), NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->role_entry), "");
}

static void
create_map (GtkWidget  *parent,
            const char *name,
            gpointer    user_data)
{
  ConcordRolesPage *self = CONCORD_ROLES_PAGE (parent);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (workbook == NULL)
    return;

  id = concord_role_maps_add (workbook, name, CONCORD_ROLE_VARIANT_RACI, &error);
  if (id == 0)
    concord_page_report_error (CONCORD_PAGE (self), error);
  else
    concord_roles_page_select_map (self, id);
}

static void
new_map_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  concord_form_ask_name (widget, _("New Role Map"),
                         _("Name the responsibility matrix, for example after the process it covers."),
                         _("Role map"), _("C_reate"), create_map, NULL);
}

static void
delete_map_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ConcordRolesPage *self = CONCORD_ROLES_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  gint64 map_id = concord_raci_grid_get_map_id (self->grid);

  if (workbook == NULL || map_id == 0)
    return;

  /* Undo brings it back, so no confirmation in the way. */
  if (!concord_role_maps_delete (workbook, map_id, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
  else
    concord_page_toast (CONCORD_PAGE (self), _("Role map deleted. Undo brings it back."));
}

static void
rename_done (GtkWidget  *parent,
             const char *name,
             gpointer    user_data)
{
  ConcordRolesPage *self = CONCORD_ROLES_PAGE (parent);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  const char *what = g_object_get_data (G_OBJECT (self), "renaming");
  gint64 id = GPOINTER_TO_SIZE (user_data);
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (workbook == NULL || what == NULL || id == 0)
    return;

  if (g_str_equal (what, "map"))
    done = concord_role_maps_rename (workbook, id, name, &error);
  else if (g_str_equal (what, "role"))
    done = concord_role_maps_rename_role (workbook, id, name, &error);
  else
    done = concord_role_maps_rename_activity (workbook, id, name, &error);
  if (!done)
    concord_page_report_error (CONCORD_PAGE (self), error);
}

/* roles.rename-map, roles.rename-activity (F2: the cursor's row) and
 * roles.rename-role (Shift+F2: the cursor's column). */
static void
rename_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordRolesPage *self = CONCORD_ROLES_PAGE (widget);
  ConcordRoleMatrix *matrix = concord_raci_grid_get_matrix (self->grid);
  guint activity = 0, role = 0;
  const char *what, *heading, *name;
  gint64 id;

  if (matrix == NULL)
    return;

  concord_raci_grid_get_cursor (self->grid, &activity, &role);
  if (g_str_equal (action_name, "roles.rename-map"))
    {
      what = "map";
      heading = _("Rename Role Map");
      id = matrix->id;
      name = matrix->name;
    }
  else if (g_str_equal (action_name, "roles.rename-role"))
    {
      ConcordRoleMapRole *r;

      if (role >= matrix->roles->len)
        return;
      r = g_ptr_array_index (matrix->roles, role);
      what = "role";
      heading = _("Rename Role");
      id = r->id;
      name = r->name;
    }
  else
    {
      ConcordRoleMapActivity *a;

      if (activity >= matrix->activities->len)
        return;
      a = g_ptr_array_index (matrix->activities, activity);
      what = "activity";
      heading = _("Rename Activity");
      id = a->id;
      name = a->name;
    }

  g_object_set_data (G_OBJECT (self), "renaming", (gpointer) what);
  concord_form_ask_name (widget, heading, NULL, name, _("_Rename"), rename_done, GSIZE_TO_POINTER (id));
}

static void
forward_to_grid (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ConcordRolesPage *self = CONCORD_ROLES_PAGE (widget);

  if (g_str_equal (action_name, "roles.delete-activity"))
    gtk_widget_activate_action (GTK_WIDGET (self->grid), "grid.delete-activity", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self->grid), "grid.delete-role", NULL);
}

static void
on_export_chosen (GtkNativeDialog  *dialog,
                  int               response,
                  ConcordRolesPage *self)
{
  ConcordRoleMatrix *matrix = concord_raci_grid_get_matrix (self->grid);

  if (response == GTK_RESPONSE_ACCEPT && matrix != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      ConcordRoleExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "format"));
      g_autofree char *text = concord_role_matrix_export (matrix, format);
      g_autoptr(GError) error = NULL;

      /* A role map export is a few kilobytes: no need for a thread. */
      if (!concord_output_write_gfile (file, text, -1, &error))
        concord_page_report_error (CONCORD_PAGE (self), error);
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Exported to %s"), name);

          concord_page_toast (CONCORD_PAGE (self), message);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordRolesPage *self = CONCORD_ROLES_PAGE (widget);
  ConcordRoleMatrix *matrix = concord_raci_grid_get_matrix (self->grid);
  const char *format = g_variant_get_string (parameter, NULL);
  ConcordRoleExportFormat export_format = CONCORD_ROLE_EXPORT_CSV;
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (matrix == NULL)
    return;

  if (g_str_equal (format, "md"))
    export_format = CONCORD_ROLE_EXPORT_MARKDOWN;
  else if (g_str_equal (format, "html"))
    export_format = CONCORD_ROLE_EXPORT_HTML;

  chooser = gtk_file_chooser_native_new (_("Export Role Map"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.%s", matrix->name, format);
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "format", GINT_TO_POINTER (export_format));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
add_picker (AdwActionRow    *row,
            ConcordWorkbook *workbook,
            const char      *table,
            gboolean         allow_none)
{
  GtkWidget *picker = concord_record_drop_down_new (workbook, table, "name", allow_none);

  gtk_widget_set_valign (picker, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (row, picker);
  adw_action_row_set_activatable_widget (row,
                                         concord_record_drop_down_get_drop_down (CONCORD_RECORD_DROP_DOWN (picker)));

  return picker;
}

static void
concord_roles_page_workbook_changed (ConcordPage *page)
{
  ConcordRolesPage *self = CONCORD_ROLES_PAGE (page);
  ConcordWorkbook *workbook = concord_page_get_workbook (page);

  concord_raci_grid_set_workbook (self->grid, workbook);
  concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->map_picker), workbook);
  concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->stage_picker), workbook);
  concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->team_picker), workbook);
  concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->person_picker), workbook);
  on_map_picked (self);
}

static void
concord_roles_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CONCORD_TYPE_ROLES_PAGE);

  G_OBJECT_CLASS (concord_roles_page_parent_class)->dispose (object);
}

static void
concord_roles_page_class_init (ConcordRolesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ConcordPageClass *page_class = CONCORD_PAGE_CLASS (klass);

  object_class->dispose = concord_roles_page_dispose;
  page_class->workbook_changed = concord_roles_page_workbook_changed;

  g_type_ensure (CONCORD_TYPE_RACI_GRID);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-roles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, map_picker_box);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, variant_drop_down);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, grid);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, grid_scroller);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, findings_title);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, activity_entry);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, group_entry);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, stage_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, role_entry);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, role_kind_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, team_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordRolesPage, person_row);

  gtk_widget_class_install_action (widget_class, "roles.new-map", NULL, new_map_activated);
  gtk_widget_class_install_action (widget_class, "roles.delete-map", NULL, delete_map_activated);
  gtk_widget_class_install_action (widget_class, "roles.export", "s", export_activated);
  gtk_widget_class_install_action (widget_class, "roles.add-activity", NULL, add_activity_activated);
  gtk_widget_class_install_action (widget_class, "roles.add-role", NULL, add_role_activated);
  gtk_widget_class_install_action (widget_class, "roles.rename-map", NULL, rename_activated);
  gtk_widget_class_install_action (widget_class, "roles.rename-activity", NULL, rename_activated);
  gtk_widget_class_install_action (widget_class, "roles.rename-role", NULL, rename_activated);
  gtk_widget_class_install_action (widget_class, "roles.delete-activity", NULL, forward_to_grid);
  gtk_widget_class_install_action (widget_class, "roles.delete-role", NULL, forward_to_grid);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "roles.new-map", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "roles.rename-activity", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, GDK_SHIFT_MASK, "roles.rename-role", NULL);
}

static void
on_entry_apply (AdwEntryRow      *row,
                ConcordRolesPage *self)
{
  if (row == self->activity_entry || row == self->group_entry)
    gtk_widget_activate_action (GTK_WIDGET (self), "roles.add-activity", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "roles.add-role", NULL);
}

/* A grid wider than the window (a narrow window, many roles) shows a
 * scroll bar, so its last column is plainly there to reach. */
static void
on_grid_width (GtkAdjustment    *adjustment,
               ConcordRolesPage *self)
{
  gboolean wider = gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 0.5;

  gtk_scrolled_window_set_policy (self->grid_scroller, wider ? GTK_POLICY_ALWAYS : GTK_POLICY_EXTERNAL,
                                  GTK_POLICY_NEVER);
}

static void
concord_roles_page_init (ConcordRolesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->map_picker = concord_record_drop_down_new (NULL, "role_maps", "name", FALSE);
  gtk_widget_set_hexpand (self->map_picker, TRUE);
  gtk_widget_set_tooltip_text (self->map_picker, _("Role map to show"));
  gtk_box_append (GTK_BOX (self->map_picker_box), self->map_picker);
  g_signal_connect_object (self->map_picker, "notify::selected-id",
                           G_CALLBACK (on_map_picked), self, G_CONNECT_SWAPPED);

  self->stage_picker = add_picker (self->stage_row, NULL, "process_stages", TRUE);
  self->team_picker = add_picker (self->team_row, NULL, "teams", TRUE);
  self->person_picker = add_picker (self->person_row, NULL, "people", TRUE);

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->grid_scroller), "changed",
                           G_CALLBACK (on_grid_width), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->grid, "reloaded", G_CALLBACK (on_grid_reloaded),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->variant_drop_down, "notify::selected",
                           G_CALLBACK (on_variant_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->role_kind_row, "notify::selected",
                           G_CALLBACK (on_role_kind_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->activity_entry, "entry-activated", G_CALLBACK (on_entry_apply), self);
  g_signal_connect (self->activity_entry, "apply", G_CALLBACK (on_entry_apply), self);
  g_signal_connect (self->group_entry, "entry-activated", G_CALLBACK (on_entry_apply), self);
  g_signal_connect (self->role_entry, "entry-activated", G_CALLBACK (on_entry_apply), self);
  g_signal_connect (self->role_entry, "apply", G_CALLBACK (on_entry_apply), self);

  update_state (self);
}

GtkWidget *
concord_roles_page_new (void)
{
  return g_object_new (CONCORD_TYPE_ROLES_PAGE, NULL);
}

GtkWidget *
concord_roles_page_get_grid (ConcordRolesPage *self)
{
  g_return_val_if_fail (CONCORD_IS_ROLES_PAGE (self), NULL);

  return GTK_WIDGET (self->grid);
}

void
concord_roles_page_select_map (ConcordRolesPage *self,
                               gint64            map_id)
{
  g_return_if_fail (CONCORD_IS_ROLES_PAGE (self));

  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->map_picker), map_id);
  on_map_picked (self);
}
