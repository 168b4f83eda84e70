/* concord-roadmap-page.c
 *
 * The roadmap area in four views: the overview (stage, dimensions, gap,
 * history), the assessment form, targets with the advice on how far to
 * climb, and the roadmap itself (timeline over the list of initiatives).
 * Each view follows the store only while it is on screen; the others
 * catch up once when they are shown.
 */
#define G_LOG_DOMAIN "concord-roadmap-page"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-assessment-form.h"
#include "concord-assessment-results.h"
#include "concord-assessment-targets.h"
#include "concord-initiative-editor.h"
#include "concord-initiatives.h"
#include "concord-maturity.h"
#include "concord-plans.h"
#include "concord-roadmap-page.h"
#include "concord-roadmap-timeline.h"

struct _ConcordRoadmapPage
{
  ConcordPage               parent_instance;

  AdwViewStack             *views;
  ConcordAssessmentResults *results;
  ConcordAssessmentForm    *form;
  ConcordAssessmentTargets *targets;
  GtkToggleButton          *quarters_button;
  GtkToggleButton          *months_button;
  GtkSearchEntry           *search_entry;
  ConcordRoadmapTimeline   *timeline;
  GtkScrolledWindow        *timeline_scroller;
  GtkStack                 *list_stack;
  GtkListView              *list;

  ConcordQueryModel        *initiatives;
  GtkSingleSelection       *selection;
  GtkWidget                *editor;      /* weak */
  /* Each view follows the store only while it is on screen. */
  ConcordRefresh           *results_refresh;
  ConcordRefresh           *targets_refresh;
  ConcordRefresh           *list_refresh;
  gboolean                  scrolled_to_today;
};

G_DEFINE_FINAL_TYPE (ConcordRoadmapPage, concord_roadmap_page, CONCORD_TYPE_PAGE)

static const char *const watched_tables[] = {
  "assessments", "assessment_answers", "maturity_dimensions", "maturity_statements",
  "maturity_targets", "initiatives", "meta", "people", NULL
};

/* ---- refreshing ----------------------------------------------------------- */

static void
update_list_stack (ConcordRoadmapPage *self)
{
  gboolean empty = self->initiatives == NULL ||
                   g_list_model_get_n_items (G_LIST_MODEL (self->initiatives)) == 0;

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

static void
refresh_results (gpointer data)
{
  ConcordRoadmapPage *self = data;

  concord_assessment_results_refresh (self->results);
}

static void
refresh_targets (gpointer data)
{
  ConcordRoadmapPage *self = data;

  concord_assessment_targets_refresh (self->targets);
}

static void
refresh_list (gpointer data)
{
  update_list_stack (data);
}

/* Several tables change in one edit; redraw once, after the edit, and
 * never from inside a handler of a row that the redraw replaces. */
static void
on_workbook_changed (ConcordWorkbook    *workbook,
                     const char         *table,
                     ConcordRoadmapPage *self)
{
  if (table == NULL || g_strv_contains (watched_tables, table))
    {
      concord_refresh_queue (self->results_refresh);
      concord_refresh_queue (self->targets_refresh);
      concord_refresh_queue (self->list_refresh);
    }
}

static void
rebuild_initiatives (ConcordRoadmapPage *self)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_clear_object (&self->initiatives);
  if (workbook != NULL)
    self->initiatives = concord_initiative_model_new (workbook, search);

  gtk_single_selection_set_model (self->selection,
                                  self->initiatives ? G_LIST_MODEL (self->initiatives) : NULL);
  update_list_stack (self);
}

static void
concord_roadmap_page_workbook_changed (ConcordPage *page)
{
  ConcordRoadmapPage *self = CONCORD_ROADMAP_PAGE (page);
  ConcordWorkbook *workbook = concord_page_get_workbook (page);
  gboolean editable = concord_page_is_editable (page);

  if (workbook != NULL)
    g_signal_connect (workbook, "changed", G_CALLBACK (on_workbook_changed), self);

  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));

  concord_assessment_results_set_workbook (self->results, workbook);
  concord_assessment_form_set_workbook (self->form, workbook);
  concord_assessment_targets_set_workbook (self->targets, workbook);
  self->scrolled_to_today = FALSE;
  concord_roadmap_timeline_set_workbook (self->timeline, workbook);
  rebuild_initiatives (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roadmap.new-initiative", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roadmap.delete-initiative", editable);
}

static gboolean
concord_roadmap_page_start_search (ConcordPage *page)
{
  ConcordRoadmapPage *self = CONCORD_ROADMAP_PAGE (page);

  adw_view_stack_set_visible_child_name (self->views, "roadmap");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  return TRUE;
}

/* ---- initiatives ---------------------------------------------------------- */

static void
open_editor (ConcordRoadmapPage *self,
             gint64              id)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (workbook == NULL)
    return;

  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));

  self->editor = concord_initiative_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                workbook, id, 0);
  g_object_add_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  gtk_window_present (GTK_WINDOW (self->editor));
}

static void
on_timeline_activated (ConcordRoadmapTimeline *timeline,
                       gint64                  id,
                       ConcordRoadmapPage     *self)
{
  open_editor (self, id);
}

static void
on_list_activate (GtkListView        *list,
                  guint               position,
                  ConcordRoadmapPage *self)
{
  if (self->initiatives != NULL)
    open_editor (self, concord_query_model_get_id (self->initiatives, position));
}

static void
new_initiative_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ConcordRoadmapPage *self = CONCORD_ROADMAP_PAGE (widget);

  adw_view_stack_set_visible_child_name (self->views, "roadmap");
  open_editor (self, 0);
}

static void
open_initiative_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  open_editor (CONCORD_ROADMAP_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
delete_initiative_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  ConcordRoadmapPage *self = CONCORD_ROADMAP_PAGE (widget);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordEdit) edit = NULL;
  guint position = gtk_single_selection_get_selected (self->selection);
  gint64 id;

  if (workbook == NULL || self->initiatives == NULL || position == GTK_INVALID_LIST_POSITION)
    return;

  id = concord_query_model_get_id (self->initiatives, position);
  edit = concord_workbook_edit (workbook, _("Delete Initiative"), &error);
  if (edit == NULL ||
      !concord_workbook_delete (workbook, "initiatives", id, &error) ||
      !concord_edit_commit (edit, &error))
    {
      concord_page_report_error (CONCORD_PAGE (self), error);
      return;
    }

  concord_page_toast (CONCORD_PAGE (self), _("Initiative deleted. Undo with Ctrl+Z."));
}

static void
show_view_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  concord_roadmap_page_show_view (CONCORD_ROADMAP_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
zoom_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ConcordRoadmapPage *self = CONCORD_ROADMAP_PAGE (widget);
  gboolean months = g_str_equal (action_name, "roadmap.zoom-in");

  gtk_toggle_button_set_active (months ? self->months_button : self->quarters_button, TRUE);
}

static void
on_zoom_toggled (GtkToggleButton    *button,
                 ConcordRoadmapPage *self)
{
  self->scrolled_to_today = FALSE;
  concord_roadmap_timeline_set_months (self->timeline, gtk_toggle_button_get_active (self->months_button));
}

static gboolean
scroll_to_today (gpointer data)
{
  ConcordRoadmapPage *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->timeline_scroller);
  double today = concord_roadmap_timeline_get_today_x (self->timeline);
  double head = concord_roadmap_timeline_get_head_width (self->timeline);

  if (today >= 0)
    gtk_adjustment_set_value (adjustment, MAX (0, today - head - 60));

  return G_SOURCE_REMOVE;
}

/* Open on today rather than on the oldest quarter, once per workbook and
 * again after a zoom. The scroller is mid-allocation here, so move it
 * once it is done. */
static void
on_timeline_adjustment_changed (GtkAdjustment      *adjustment,
                                ConcordRoadmapPage *self)
{
  if (self->scrolled_to_today || gtk_adjustment_get_page_size (adjustment) <= 0 ||
      gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment))
    return;

  self->scrolled_to_today = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scroll_to_today, g_object_ref (self), g_object_unref);
}

static void
on_search_changed (GtkSearchEntry     *entry,
                   ConcordRoadmapPage *self)
{
  rebuild_initiatives (self);
}

static void
on_form_saved (ConcordAssessmentForm *form,
               gint64                 id,
               ConcordRoadmapPage    *self)
{
  concord_roadmap_page_show_view (self, "overview");
}

/* ---- the list's rows ------------------------------------------------------ */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *progress = gtk_progress_bar_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");

  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), status);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), details);
  gtk_box_append (GTK_BOX (box), progress);

  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "status", status);
  g_object_set_data (G_OBJECT (box), "details", details);
  g_object_set_data (G_OBJECT (box), "progress", progress);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ConcordRoadmapPage       *self)
{
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));
  ConcordRecord *record = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  g_autoptr(ConcordRecord) dimension = NULL;
  g_autoptr(ConcordRecord) owner = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *status = NULL;
  const char *start = concord_record_get_string (record, "start_on");
  const char *due = concord_record_get_string (record, "due_on");
  int progress = concord_record_get_int (record, "progress");

  if (workbook == NULL)
    return;

  if (!concord_record_is_null (record, "dimension_id"))
    dimension = concord_workbook_get_record (workbook, "maturity_dimensions",
                                             concord_record_get_int (record, "dimension_id"), NULL);
  if (!concord_record_is_null (record, "owner_id"))
    owner = concord_workbook_get_record (workbook, "people", concord_record_get_int (record, "owner_id"), NULL);

  g_string_append (details, dimension ? concord_record_get_string (dimension, "name") : _("No dimension"));
  if (owner != NULL)
    g_string_append_printf (details, " · %s", concord_record_get_string (owner, "name"));
  if (start != NULL || due != NULL)
    {
      g_autofree char *from = start ? concord_date_format (start) : g_strdup ("…");
      g_autofree char *to = due ? concord_date_format (due) : g_strdup ("…");

      g_string_append_printf (details, " · %s – %s", from, to);
    }

  /* TRANSLATORS: status and progress, "Active · 55%" */
  status = g_strdup_printf (_("%s · %d%%"),
                            concord_initiative_status_label (concord_record_get_string (record, "status")),
                            progress);

  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "title"), concord_record_get_string (record, "title"));
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "status"), status);
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "details"), details->str);
  gtk_progress_bar_set_fraction (g_object_get_data (G_OBJECT (box), "progress"), progress / 100.0);
}

/* ---- public --------------------------------------------------------------- */

void
concord_roadmap_page_show_view (ConcordRoadmapPage *self,
                                const char         *name)
{
  g_return_if_fail (CONCORD_IS_ROADMAP_PAGE (self));

  adw_view_stack_set_visible_child_name (self->views, name);
  if (g_strcmp0 (name, "assess") == 0)
    concord_assessment_form_focus_first (self->form);
}

const char *
concord_roadmap_page_get_view (ConcordRoadmapPage *self)
{
  g_return_val_if_fail (CONCORD_IS_ROADMAP_PAGE (self), NULL);

  return adw_view_stack_get_visible_child_name (self->views);
}

GtkWidget *
concord_roadmap_page_get_editor (ConcordRoadmapPage *self)
{
  g_return_val_if_fail (CONCORD_IS_ROADMAP_PAGE (self), NULL);

  return self->editor;
}

static void
concord_roadmap_page_dispose (GObject *object)
{
  ConcordRoadmapPage *self = CONCORD_ROADMAP_PAGE (object);
  ConcordWorkbook *workbook = concord_page_get_workbook (CONCORD_PAGE (self));

  /* Before anything the handler uses is cleared. */
  if (workbook != NULL)
    g_signal_handlers_disconnect_by_data (workbook, self);
  g_clear_pointer (&self->results_refresh, concord_refresh_free);
  g_clear_pointer (&self->targets_refresh, concord_refresh_free);
  g_clear_pointer (&self->list_refresh, concord_refresh_free);
  if (self->editor != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
      gtk_window_destroy (GTK_WINDOW (self->editor));
      self->editor = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_ROADMAP_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->initiatives);

  G_OBJECT_CLASS (concord_roadmap_page_parent_class)->dispose (object);
}

static void
concord_roadmap_page_class_init (ConcordRoadmapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ConcordPageClass *page_class = CONCORD_PAGE_CLASS (klass);

  object_class->dispose = concord_roadmap_page_dispose;
  page_class->workbook_changed = concord_roadmap_page_workbook_changed;
  page_class->start_search = concord_roadmap_page_start_search;

  g_type_ensure (CONCORD_TYPE_ASSESSMENT_RESULTS);
  g_type_ensure (CONCORD_TYPE_ASSESSMENT_FORM);
  g_type_ensure (CONCORD_TYPE_ASSESSMENT_TARGETS);
  g_type_ensure (CONCORD_TYPE_ROADMAP_TIMELINE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-roadmap-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, views);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, results);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, form);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, targets);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, quarters_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, months_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, timeline);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, timeline_scroller);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordRoadmapPage, list);

  gtk_widget_class_install_action (widget_class, "roadmap.show-view", "s", show_view_activated);
  gtk_widget_class_install_action (widget_class, "roadmap.new-initiative", NULL, new_initiative_activated);
  gtk_widget_class_install_action (widget_class, "roadmap.open-initiative", "x", open_initiative_activated);
  gtk_widget_class_install_action (widget_class, "roadmap.delete-initiative", NULL, delete_initiative_activated);
  gtk_widget_class_install_action (widget_class, "roadmap.zoom-in", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "roadmap.zoom-out", NULL, zoom_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "roadmap.new-initiative", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "roadmap.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "roadmap.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "roadmap.zoom-out", NULL);
}

static void
concord_roadmap_page_init (ConcordRoadmapPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkShortcutController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));

  /* Delete acts on the list's selection only while the list has focus. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("roadmap.delete-initiative")));
  gtk_widget_add_controller (GTK_WIDGET (self->list), GTK_EVENT_CONTROLLER (shortcuts));

  g_signal_connect_object (self->list, "activate", G_CALLBACK (on_list_activate), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->timeline, "initiative-activated", G_CALLBACK (on_timeline_activated),
                           self, G_CONNECT_DEFAULT);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->timeline_scroller), "changed",
                           G_CALLBACK (on_timeline_adjustment_changed), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->months_button, "toggled", G_CALLBACK (on_zoom_toggled), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed),
                           self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->form, "saved", G_CALLBACK (on_form_saved), self, G_CONNECT_DEFAULT);

  self->results_refresh = concord_refresh_new (GTK_WIDGET (self->results), G_PRIORITY_HIGH_IDLE,
                                               refresh_results, self);
  self->targets_refresh = concord_refresh_new (GTK_WIDGET (self->targets), G_PRIORITY_HIGH_IDLE,
                                               refresh_targets, self);
  self->list_refresh = concord_refresh_new (GTK_WIDGET (self->list_stack), G_PRIORITY_HIGH_IDLE,
                                            refresh_list, self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roadmap.new-initiative", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roadmap.delete-initiative", FALSE);
}
