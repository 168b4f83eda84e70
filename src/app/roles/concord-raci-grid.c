/* concord-raci-grid.c
 *
 * A role map is small (tens of activities, a handful of roles), so the
 * grid is a GtkGrid of cell buttons rebuilt from the map whenever the
 * store says it changed (while another page is on screen, once when the
 * grid is shown again). The keyboard cursor is kept by position, so an
 * edit, an undo or a reorder leaves focus where the user was. Arrows move,
 * letters set, Delete clears, Alt+arrows reorder; all are actions, so
 * menus and tests reach the same code.
 */
#define G_LOG_DOMAIN "concord-raci-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-check.h"
#include "concord-page.h"
#include "concord-raci-grid.h"

struct _ConcordRaciGrid
{
  GtkWidget          parent_instance;

  GtkWidget         *grid;
  ConcordWorkbook   *workbook;
  gint64             map_id;
  ConcordRoleMatrix *matrix;
  GPtrArray         *findings;
  GPtrArray         *cells;      /* GtkWidget, activity * n_roles + role */
  GPtrArray         *headers;    /* GtkWidget: activity headers, then role headers */
  GPtrArray         *loads;      /* GtkLabel per role */
  GArray            *rows;       /* int: the grid row of each activity */
  guint              cursor_activity;
  guint              cursor_role;
  ConcordRefresh    *refresh;    /* follows the store only while on screen */
};

G_DEFINE_FINAL_TYPE (ConcordRaciGrid, concord_raci_grid, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_WORKBOOK, PROP_MAP_ID, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { RELOADED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The tables whose rows a role map shows. */
static const char *const watched_tables[] = {
  "role_maps", "role_map_roles", "role_map_activities", "role_map_assignments",
  "process_stages", "teams", "people",
};

static void reload (gpointer data);

static guint
n_roles (ConcordRaciGrid *self)
{
  return self->matrix ? self->matrix->roles->len : 0;
}

static guint
n_activities (ConcordRaciGrid *self)
{
  return self->matrix ? self->matrix->activities->len : 0;
}

static void
report_error (ConcordRaciGrid *self,
              const GError    *error)
{
  /* Refusals (a letter the variant lacks) are the user's to fix, so a
   * toast says why; anything else is a failed save and gets a dialog. */
  if (g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_INVALID))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", error->message);
}

static gboolean
focus_is_inside (ConcordRaciGrid *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
}

static void
focus_cursor (ConcordRaciGrid *self)
{
  GtkWidget *cell = concord_raci_grid_get_cell (self, self->cursor_activity, self->cursor_role);

  if (cell != NULL)
    gtk_widget_grab_focus (cell);
}

static char *
findings_for (ConcordRaciGrid *self,
              const char      *table,
              gint64           id)
{
  g_autoptr(GString) text = NULL;

  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    {
      ConcordFinding *finding = g_ptr_array_index (self->findings, i);

      if (finding->id != id || g_strcmp0 (finding->table, table) != 0)
        continue;
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append_c (text, '\n');
      g_string_append (text, finding->message);
    }

  return text ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static GtkWidget *
warning_icon (const char *tooltip)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_tooltip_text (icon, tooltip);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);

  return icon;
}

static void
update_cell (ConcordRaciGrid *self,
             GtkWidget       *cell,
             guint            a,
             guint            r)
{
  ConcordRoleMapRole *role = g_ptr_array_index (self->matrix->roles, r);
  ConcordRoleMapActivity *activity = g_ptr_array_index (self->matrix->activities, a);
  char letter = concord_role_matrix_get (self->matrix, a, r);
  const char *letters = concord_role_variant_letters (self->matrix->variant);
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (cell));
  char text[2] = { letter, '\0' };
  g_autofree char *accessible = NULL;
  const char *name = letter ? concord_role_letter_name (self->matrix->variant, letter) : NULL;

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_remove_css_class (label, "accent");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");

  if (letter != '\0' && strchr (letters, letter) == NULL)
    gtk_widget_add_css_class (label, "error");
  else if (letter == 'A')
    gtk_widget_add_css_class (label, "success");
  else if (letter == concord_role_variant_doer (self->matrix->variant))
    gtk_widget_add_css_class (label, "accent");
  else if (letter == 'I')
    gtk_widget_add_css_class (label, "dim-label");

  /* What a screen reader says: "Marketing ops, Qualify lead: R". */
  accessible = g_strdup_printf ("%s, %s: %s", role->name, activity->name,
                                letter ? text : _("empty"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  if (name != NULL && *name != '\0')
    {
      g_autofree char *tip = g_strdup_printf (_("%s is %s for “%s”"), role->name, name,
                                              activity->name);
      gtk_widget_set_tooltip_text (cell, tip);
    }
  else
    {
      g_autofree char *tip = g_strdup_printf (_("Type %s to assign %s, or click to cycle"),
                                              letters, role->name);
      gtk_widget_set_tooltip_text (cell, tip);
    }
}

static void
set_letter (ConcordRaciGrid *self,
            char             letter)
{
  ConcordRoleMapActivity *activity;
  ConcordRoleMapRole *role;
  g_autoptr(GError) error = NULL;

  if (self->workbook == NULL || self->cursor_activity >= n_activities (self) ||
      self->cursor_role >= n_roles (self))
    return;

  activity = g_ptr_array_index (self->matrix->activities, self->cursor_activity);
  role = g_ptr_array_index (self->matrix->roles, self->cursor_role);
  if (!concord_role_maps_set_cell (self->workbook, activity->id, role->id, letter, &error))
    report_error (self, error);
}

static void
on_cell_clicked (GtkButton       *cell,
                 ConcordRaciGrid *self)
{
  guint a = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "activity"));
  guint r = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "role"));

  self->cursor_activity = a;
  self->cursor_role = r;
  gtk_widget_activate_action (GTK_WIDGET (self), "grid.cycle", NULL);
}

static void
on_cell_focus (GtkEventControllerFocus *controller,
               ConcordRaciGrid         *self)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  self->cursor_activity = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "activity"));
  self->cursor_role = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "role"));
}

static GtkWidget *
make_cell (ConcordRaciGrid *self,
           guint            a,
           guint            r)
{
  GtkWidget *cell = gtk_button_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_add_css_class (label, "heading");
  gtk_button_set_child (GTK_BUTTON (cell), label);
  gtk_widget_add_css_class (cell, "flat");
  gtk_widget_set_size_request (cell, 44, 36);
  g_object_set_data (G_OBJECT (cell), "activity", GUINT_TO_POINTER (a));
  g_object_set_data (G_OBJECT (cell), "role", GUINT_TO_POINTER (r));
  g_signal_connect (cell, "clicked", G_CALLBACK (on_cell_clicked), self);
  g_signal_connect (focus, "enter", G_CALLBACK (on_cell_focus), self);
  gtk_widget_add_controller (cell, focus);
  update_cell (self, cell, a, r);

  return cell;
}

static GtkWidget *
make_activity_header (ConcordRaciGrid        *self,
                      ConcordRoleMapActivity *activity)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (activity->name);
  g_autofree char *problems = findings_for (self, "role_map_activities", activity->id);

  /* Wrap only past a comfortable width: a horizontally scrolled grid is
   * measured at its minimum width, and narrow wrapping would pad it. */
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (name), 22);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 28);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_box_append (GTK_BOX (text), name);

  if (activity->stage_name != NULL)
    {
      g_autofree char *stage_text = activity->stage_team
        ? g_strdup_printf (_("Stage %s · %s"), activity->stage_name, activity->stage_team)
        : g_strdup_printf (_("Stage %s"), activity->stage_name);
      GtkWidget *stage = gtk_label_new (stage_text);

      gtk_label_set_xalign (GTK_LABEL (stage), 0);
      gtk_label_set_ellipsize (GTK_LABEL (stage), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (stage, "caption");
      gtk_widget_add_css_class (stage, "dim-label");
      gtk_box_append (GTK_BOX (text), stage);
    }

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  if (problems != NULL)
    gtk_box_append (GTK_BOX (box), warning_icon (problems));
  gtk_widget_set_margin_end (box, 6);
  g_object_set_data_full (G_OBJECT (box), "problems", g_steal_pointer (&problems), g_free);

  return box;
}

static GtkWidget *
make_role_header (ConcordRaciGrid    *self,
                  ConcordRoleMapRole *role)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (role->name);
  g_autofree char *problems = findings_for (self, "role_map_roles", role->id);

  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (name), 8);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 10);
  gtk_label_set_justify (GTK_LABEL (name), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (name, "caption-heading");
  gtk_widget_set_valign (box, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), name);
  if (problems != NULL)
    {
      GtkWidget *icon = warning_icon (problems);
      gtk_widget_set_halign (icon, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), icon);
    }
  g_object_set_data_full (G_OBJECT (box), "problems", g_steal_pointer (&problems), g_free);

  return box;
}

static char *
role_load_text (ConcordRaciGrid *self,
                guint            r)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *letters = concord_role_variant_letters (self->matrix->variant);

  for (const char *l = letters; *l != '\0'; l++)
    {
      guint count = concord_role_matrix_count (self->matrix, r, *l);

      if (count > 0)
        g_string_append_printf (text, "%s%u%c", text->len ? "\n" : "", count, *l);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
rebuild (ConcordRaciGrid *self)
{
  GtkWidget *child;
  const char *previous_group = NULL;
  int row = 0;
  GtkWidget *corner, *load;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  g_ptr_array_set_size (self->cells, 0);
  g_ptr_array_set_size (self->headers, 0);
  g_ptr_array_set_size (self->loads, 0);
  g_array_set_size (self->rows, 0);

  if (self->matrix == NULL)
    return;

  corner = gtk_label_new (_("Activity"));
  gtk_label_set_xalign (GTK_LABEL (corner), 0);
  gtk_widget_set_valign (corner, GTK_ALIGN_END);
  gtk_widget_add_css_class (corner, "caption-heading");
  gtk_grid_attach (GTK_GRID (self->grid), corner, 0, row, 1, 1);
  for (guint r = 0; r < n_roles (self); r++)
    gtk_grid_attach (GTK_GRID (self->grid),
                     make_role_header (self, g_ptr_array_index (self->matrix->roles, r)),
                     r + 1, row, 1, 1);
  row++;
  /* Role headers are found again by position (row 0), see refresh(). */

  for (guint a = 0; a < n_activities (self); a++)
    {
      ConcordRoleMapActivity *activity = g_ptr_array_index (self->matrix->activities, a);

      /* Optional groups head the runs of activities that share them. */
      if (activity->grouping != NULL && g_strcmp0 (activity->grouping, previous_group) != 0)
        {
          GtkWidget *group = gtk_label_new (activity->grouping);

          gtk_label_set_xalign (GTK_LABEL (group), 0);
          gtk_widget_add_css_class (group, "heading");
          gtk_widget_add_css_class (group, "dim-label");
          gtk_widget_set_margin_top (group, row > 1 ? 12 : 6);
          gtk_grid_attach (GTK_GRID (self->grid), group, 0, row++, n_roles (self) + 1, 1);
        }
      previous_group = activity->grouping;

      {
        GtkWidget *header = make_activity_header (self, activity);

        g_ptr_array_add (self->headers, header);
        g_array_append_val (self->rows, row);
        gtk_grid_attach (GTK_GRID (self->grid), header, 0, row, 1, 1);
      }
      for (guint r = 0; r < n_roles (self); r++)
        {
          GtkWidget *cell = make_cell (self, a, r);

          g_ptr_array_add (self->cells, cell);
          gtk_grid_attach (GTK_GRID (self->grid), cell, r + 1, row, 1, 1);
        }
      row++;
    }

  /* Per-role load, under the grid. */
  if (n_activities (self) > 0 && n_roles (self) > 0)
    {
      load = gtk_label_new (_("Load"));
      gtk_label_set_xalign (GTK_LABEL (load), 0);
      gtk_widget_set_valign (load, GTK_ALIGN_START);
      gtk_widget_add_css_class (load, "caption-heading");
      gtk_widget_set_margin_top (load, 12);
      gtk_grid_attach (GTK_GRID (self->grid), load, 0, row, 1, 1);
      for (guint r = 0; r < n_roles (self); r++)
        {
          g_autofree char *text = role_load_text (self, r);
          GtkWidget *label = gtk_label_new (*text ? text : "—");

          gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
          gtk_widget_set_valign (label, GTK_ALIGN_START);
          gtk_widget_set_margin_top (label, 12);
          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "numeric");
          g_ptr_array_add (self->loads, label);
          gtk_grid_attach (GTK_GRID (self->grid), label, r + 1, row, 1, 1);
        }
    }
}

static gboolean
same_shape (ConcordRoleMatrix *a,
            ConcordRoleMatrix *b)
{
  if (a == NULL || b == NULL || a->variant != b->variant ||
      a->roles->len != b->roles->len || a->activities->len != b->activities->len)
    return FALSE;

  for (guint i = 0; i < a->roles->len; i++)
    {
      ConcordRoleMapRole *x = g_ptr_array_index (a->roles, i), *y = g_ptr_array_index (b->roles, i);
      if (x->id != y->id || g_strcmp0 (x->name, y->name) != 0)
        return FALSE;
    }
  for (guint i = 0; i < a->activities->len; i++)
    {
      ConcordRoleMapActivity *x = g_ptr_array_index (a->activities, i);
      ConcordRoleMapActivity *y = g_ptr_array_index (b->activities, i);
      if (x->id != y->id || g_strcmp0 (x->name, y->name) != 0 ||
          g_strcmp0 (x->grouping, y->grouping) != 0 || x->stage_id != y->stage_id ||
          g_strcmp0 (x->stage_name, y->stage_name) != 0 ||
          g_strcmp0 (x->stage_team, y->stage_team) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Only letters changed (the common edit): update the cells, the headers'
 * warnings and the load row in place. Rebuilding hundreds of buttons for
 * one keystroke would make typing lag on a big map. */
static gboolean
header_is_current (GtkWidget  *header,
                   const char *problems)
{
  return header != NULL &&
         g_strcmp0 (g_object_get_data (G_OBJECT (header), "problems"), problems) == 0;
}

static void
refresh (ConcordRaciGrid   *self,
         ConcordRoleMatrix *before)
{
  for (guint a = 0; a < n_activities (self); a++)
    {
      ConcordRoleMapActivity *activity = g_ptr_array_index (self->matrix->activities, a);
      GtkWidget *old = g_ptr_array_index (self->headers, a);
      g_autofree char *problems = findings_for (self, "role_map_activities", activity->id);

      if (!header_is_current (old, problems))
        {
          GtkWidget *header = make_activity_header (self, activity);

          gtk_grid_remove (GTK_GRID (self->grid), old);
          gtk_grid_attach (GTK_GRID (self->grid), header, 0, g_array_index (self->rows, int, a), 1, 1);
          g_ptr_array_index (self->headers, a) = header;
        }

      for (guint r = 0; r < n_roles (self); r++)
        if (concord_role_matrix_get (before, a, r) != concord_role_matrix_get (self->matrix, a, r))
          update_cell (self, concord_raci_grid_get_cell (self, a, r), a, r);
    }

  for (guint r = 0; r < n_roles (self); r++)
    {
      ConcordRoleMapRole *role = g_ptr_array_index (self->matrix->roles, r);
      GtkWidget *old = gtk_grid_get_child_at (GTK_GRID (self->grid), r + 1, 0);
      g_autofree char *problems = findings_for (self, "role_map_roles", role->id);
      g_autofree char *text = role_load_text (self, r);

      if (!header_is_current (old, problems))
        {
          if (old != NULL)
            gtk_grid_remove (GTK_GRID (self->grid), old);
          gtk_grid_attach (GTK_GRID (self->grid), make_role_header (self, role), r + 1, 0, 1, 1);
        }
      if (r < self->loads->len)
        gtk_label_set_text (g_ptr_array_index (self->loads, r), *text ? text : "—");
    }
}

static void
reload (gpointer data)
{
  ConcordRaciGrid *self = data;
  gboolean had_focus = focus_is_inside (self);
  g_autoptr(GError) error = NULL;

  g_autoptr(ConcordRoleMatrix) before = NULL;
  ConcordRoleMatrix *matrix = NULL;
  gboolean in_place;

  if (self->workbook != NULL && self->map_id > 0)
    {
      matrix = concord_role_matrix_load (self->workbook, self->map_id, &error);
      if (matrix == NULL && !g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND))
        g_warning ("Could not read role map: %s", error->message);
    }

  in_place = same_shape (self->matrix, matrix) && self->cells->len > 0;
  before = g_steal_pointer (&self->matrix);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->matrix = matrix;
  if (self->matrix != NULL)
    self->findings = concord_role_matrix_validate (self->matrix);

  /* Keep the cursor inside the map after rows or columns went away. */
  if (self->cursor_activity >= n_activities (self))
    self->cursor_activity = n_activities (self) ? n_activities (self) - 1 : 0;
  if (self->cursor_role >= n_roles (self))
    self->cursor_role = n_roles (self) ? n_roles (self) - 1 : 0;

  if (in_place)
    refresh (self, before);
  else
    rebuild (self);
  if (had_focus)
    focus_cursor (self);

  g_signal_emit (self, signals[RELOADED], 0);
}

static void
on_workbook_changed (ConcordWorkbook *workbook,
                     const char      *table,
                     ConcordRaciGrid *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (watched_tables); i++)
    {
      if (g_strcmp0 (table, watched_tables[i]) == 0)
        {
          /* Without a map to show, the page hides the grid until it
           * says the map is there again: it cannot wait to be shown. */
          if (self->matrix == NULL)
            concord_refresh_now (self->refresh);
          else
            concord_refresh_queue (self->refresh);
          return;
        }
    }
}

/* Actions ------------------------------------------------------------------- */

static void
move_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ConcordRaciGrid *self = CONCORD_RACI_GRID (widget);
  int d_role, d_activity;
  int a, r;

  if (n_roles (self) == 0 || n_activities (self) == 0)
    return;

  g_variant_get (parameter, "(ii)", &d_role, &d_activity);
  a = CLAMP ((int) self->cursor_activity + d_activity, 0, (int) n_activities (self) - 1);
  r = CLAMP ((int) self->cursor_role + d_role, 0, (int) n_roles (self) - 1);
  self->cursor_activity = a;
  self->cursor_role = r;
  focus_cursor (self);
}

static void
set_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  const char *text = g_variant_get_string (parameter, NULL);

  set_letter (CONCORD_RACI_GRID (widget), text[0]);
}

static void
clear_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  set_letter (CONCORD_RACI_GRID (widget), '\0');
}

static void
cycle_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ConcordRaciGrid *self = CONCORD_RACI_GRID (widget);
  const char *letters, *at;
  char current;

  if (self->cursor_activity >= n_activities (self) || self->cursor_role >= n_roles (self))
    return;

  /* Empty, then each letter of the variant in turn, then empty again. */
  letters = concord_role_variant_letters (self->matrix->variant);
  current = concord_role_matrix_get (self->matrix, self->cursor_activity, self->cursor_role);
  at = current ? strchr (letters, current) : NULL;
  if (current == '\0')
    set_letter (self, letters[0]);
  else if (at == NULL || at[1] == '\0')
    set_letter (self, '\0');
  else
    set_letter (self, at[1]);
}

static void
move_row_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ConcordRaciGrid *self = CONCORD_RACI_GRID (widget);
  gboolean is_role = g_str_equal (action_name, "grid.move-role");
  guint count = is_role ? n_roles (self) : n_activities (self);
  guint *cursor = is_role ? &self->cursor_role : &self->cursor_activity;
  int delta = g_variant_get_int32 (parameter);
  int target = (int) *cursor + delta;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->matrix == NULL || n_roles (self) == 0 || n_activities (self) == 0 ||
      target < 0 || target >= (int) count)
    return;

  /* The cursor follows the row or column it moves. */
  if (is_role)
    ok = concord_role_maps_move_role (self->workbook, self->map_id,
                                      ((ConcordRoleMapRole *) g_ptr_array_index (self->matrix->roles, *cursor))->id,
                                      target, &error);
  else
    ok = concord_role_maps_move_activity (self->workbook, self->map_id,
                                          ((ConcordRoleMapActivity *) g_ptr_array_index (self->matrix->activities, *cursor))->id,
                                          target, &error);
  if (!ok)
    {
      report_error (self, error);
      return;
    }

  *cursor = target;
  focus_cursor (self);
}

static void
delete_row_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ConcordRaciGrid *self = CONCORD_RACI_GRID (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->matrix == NULL || n_roles (self) == 0 || n_activities (self) == 0)
    return;

  if (g_str_equal (action_name, "grid.delete-role"))
    ok = concord_role_maps_delete_role (self->workbook,
                                        ((ConcordRoleMapRole *) g_ptr_array_index (self->matrix->roles, self->cursor_role))->id,
                                        &error);
  else
    ok = concord_role_maps_delete_activity (self->workbook,
                                            ((ConcordRoleMapActivity *) g_ptr_array_index (self->matrix->activities, self->cursor_activity))->id,
                                            &error);
  if (!ok)
    report_error (self, error);
}

/* GObject ------------------------------------------------------------------- */

static void
concord_raci_grid_dispose (GObject *object)
{
  ConcordRaciGrid *self = (ConcordRaciGrid *) object;

  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_data (self->workbook, self);
  g_clear_object (&self->workbook);
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->loads, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->matrix, concord_role_matrix_free);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (concord_raci_grid_parent_class)->dispose (object);
}

static void
concord_raci_grid_finalize (GObject *object)
{
  ConcordRaciGrid *self = (ConcordRaciGrid *) object;

  concord_refresh_free (self->refresh);

  G_OBJECT_CLASS (concord_raci_grid_parent_class)->finalize (object);
}

static void
concord_raci_grid_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ConcordRaciGrid *self = CONCORD_RACI_GRID (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      g_value_set_object (value, self->workbook);
      break;
    case PROP_MAP_ID:
      g_value_set_int64 (value, self->map_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_raci_grid_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ConcordRaciGrid *self = CONCORD_RACI_GRID (object);

  switch (prop_id)
    {
    case PROP_WORKBOOK:
      concord_raci_grid_set_workbook (self, g_value_get_object (value));
      break;
    case PROP_MAP_ID:
      concord_raci_grid_set_map_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_letter_bindings (GtkWidgetClass *widget_class,
                     const char     *letters)
{
  for (const char *l = letters; *l != '\0'; l++)
    {
      char text[2] = { *l, '\0' };

      gtk_widget_class_add_binding_action (widget_class, gdk_unicode_to_keyval (*l), 0,
                                           "grid.set", "s", text);
      gtk_widget_class_add_binding_action (widget_class,
                                           gdk_unicode_to_keyval (g_ascii_tolower (*l)), 0,
                                           "grid.set", "s", text);
      gtk_widget_class_add_binding_action (widget_class,
                                           gdk_unicode_to_keyval (*l), GDK_SHIFT_MASK,
                                           "grid.set", "s", text);
    }
}

static void
concord_raci_grid_class_init (ConcordRaciGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_raci_grid_dispose;
  object_class->finalize = concord_raci_grid_finalize;
  object_class->get_property = concord_raci_grid_get_property;
  object_class->set_property = concord_raci_grid_set_property;

  properties[PROP_WORKBOOK] =
    g_param_spec_object ("workbook", NULL, NULL, CONCORD_TYPE_WORKBOOK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAP_ID] =
    g_param_spec_int64 ("map-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConcordRaciGrid::reloaded:
   *
   * The map was read again; its matrix and findings are current.
   */
  signals[RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "concordracigrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);

  gtk_widget_class_install_action (widget_class, "grid.move", "(ii)", move_activated);
  gtk_widget_class_install_action (widget_class, "grid.set", "s", set_activated);
  gtk_widget_class_install_action (widget_class, "grid.clear", NULL, clear_activated);
  gtk_widget_class_install_action (widget_class, "grid.cycle", NULL, cycle_activated);
  gtk_widget_class_install_action (widget_class, "grid.move-activity", "i", move_row_activated);
  gtk_widget_class_install_action (widget_class, "grid.move-role", "i", move_row_activated);
  gtk_widget_class_install_action (widget_class, "grid.delete-activity", NULL, delete_row_activated);
  gtk_widget_class_install_action (widget_class, "grid.delete-role", NULL, delete_row_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "grid.move", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "grid.move", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "grid.move", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "grid.move", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "grid.move-activity", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "grid.move-activity", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "grid.move-role", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "grid.move-role", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "grid.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "grid.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "grid.clear", NULL);
  add_letter_bindings (widget_class, "RASCID");
}

static void
concord_raci_grid_init (ConcordRaciGrid *self)
{
  self->cells = g_ptr_array_new ();
  self->headers = g_ptr_array_new ();
  self->loads = g_ptr_array_new ();
  self->rows = g_array_new (FALSE, FALSE, sizeof (int));
  self->refresh = concord_refresh_new (GTK_WIDGET (self), CONCORD_REFRESH_AT_ONCE, reload, self);
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 2);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 2);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
}

GtkWidget *
concord_raci_grid_new (void)
{
  return g_object_new (CONCORD_TYPE_RACI_GRID, NULL);
}

ConcordWorkbook *
concord_raci_grid_get_workbook (ConcordRaciGrid *self)
{
  g_return_val_if_fail (CONCORD_IS_RACI_GRID (self), NULL);

  return self->workbook;
}

void
concord_raci_grid_set_workbook (ConcordRaciGrid *self,
                                ConcordWorkbook *workbook)
{
  g_return_if_fail (CONCORD_IS_RACI_GRID (self));
  g_return_if_fail (workbook == NULL || CONCORD_IS_WORKBOOK (workbook));

  if (self->workbook == workbook)
    return;

  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_data (self->workbook, self);
  g_set_object (&self->workbook, workbook);
  if (workbook != NULL)
    g_signal_connect_object (workbook, "changed", G_CALLBACK (on_workbook_changed),
                             self, G_CONNECT_DEFAULT);

  self->map_id = 0;
  concord_refresh_now (self->refresh);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKBOOK]);
}

gint64
concord_raci_grid_get_map_id (ConcordRaciGrid *self)
{
  g_return_val_if_fail (CONCORD_IS_RACI_GRID (self), 0);

  return self->map_id;
}

void
concord_raci_grid_set_map_id (ConcordRaciGrid *self,
                              gint64           map_id)
{
  g_return_if_fail (CONCORD_IS_RACI_GRID (self));

  if (self->map_id == map_id)
    return;

  self->map_id = map_id;
  self->cursor_activity = 0;
  self->cursor_role = 0;
  concord_refresh_now (self->refresh);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP_ID]);
}

ConcordRoleMatrix *
concord_raci_grid_get_matrix (ConcordRaciGrid *self)
{
  g_return_val_if_fail (CONCORD_IS_RACI_GRID (self), NULL);

  return self->matrix;
}

GPtrArray *
concord_raci_grid_get_findings (ConcordRaciGrid *self)
{
  g_return_val_if_fail (CONCORD_IS_RACI_GRID (self), NULL);

  return self->findings;
}

gboolean
concord_raci_grid_get_cursor (ConcordRaciGrid *self,
                              guint           *activity,
                              guint           *role)
{
  g_return_val_if_fail (CONCORD_IS_RACI_GRID (self), FALSE);

  if (activity != NULL)
    *activity = self->cursor_activity;
  if (role != NULL)
    *role = self->cursor_role;

  return n_activities (self) > 0 && n_roles (self) > 0;
}

void
concord_raci_grid_set_cursor (ConcordRaciGrid *self,
                              guint            activity,
                              guint            role)
{
  g_return_if_fail (CONCORD_IS_RACI_GRID (self));

  if (activity >= n_activities (self) || role >= n_roles (self))
    return;

  self->cursor_activity = activity;
  self->cursor_role = role;
  focus_cursor (self);
}

GtkWidget *
concord_raci_grid_get_cell (ConcordRaciGrid *self,
                            guint            activity,
                            guint            role)
{
  g_return_val_if_fail (CONCORD_IS_RACI_GRID (self), NULL);

  if (activity >= n_activities (self) || role >= n_roles (self))
    return NULL;

  return g_ptr_array_index (self->cells, activity * n_roles (self) + role);
}
