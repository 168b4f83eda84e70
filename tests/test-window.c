/* test-window.c: the window opens a workbook and visits every page */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "concord-application.h"
#include "concord-dashboard-page.h"
#include "concord-empty-page.h"
#include "concord-info.h"
#include "concord-raci-grid.h"
#include "concord-roles-page.h"
#include "concord-page.h"
#include "concord-plans.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"
#include "concord-workbook-private.h"
#include "concord-store-private.h"

#define READ_ONLY_TEXT "This workbook is read-only: you can look, but changes are off. Save a copy to edit it."

static void
test_visit_pages (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  const char * const *names = concord_window_get_page_names ();

  g_assert_cmpuint (g_strv_length ((char **) names), ==, 7);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *page;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", names[i]));
      test_spin ();
      g_assert_cmpstr (concord_window_get_page_name (window), ==, names[i]);
      page = concord_window_get_page (window, names[i]);
      g_assert_nonnull (page);
      g_assert_true (gtk_widget_get_mapped (page));
    }

  g_assert_false (concord_window_show_page (window, "nonsense"));
  test_destroy_window (window);
}

/* The sidebar is concord_areas(): the same areas in the same order, each
 * with its title, and each a page of its own rather than a placeholder. */
static void
test_pages_follow_areas (WorkbookFixture *fixture,
                         gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  const char * const *names = concord_window_get_page_names ();
  const ConcordArea *areas;
  guint n_areas;

  areas = concord_areas (&n_areas);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, n_areas);
  for (guint i = 0; i < n_areas; i++)
    {
      GtkWidget *page = concord_window_get_page (window, areas[i].name);
      GtkWidget *stack = gtk_widget_get_parent (page);

      g_assert_cmpstr (names[i], ==, areas[i].name);
      g_assert_false (CONCORD_IS_EMPTY_PAGE (page));
      g_assert_true (GTK_IS_STACK (stack));
      g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (GTK_STACK (stack), page)), ==,
                       areas[i].title);
      g_assert_true (concord_window_show_page (window, areas[i].name));
      test_spin ();
      g_assert_cmpstr (concord_window_get_page_name (window), ==, areas[i].name);
    }

  test_destroy_window (window);
}

/* Only the page the user sees is built at startup; the others are built,
 * with the open workbook, when the user first goes to them. */
static void
test_pages_built_when_shown (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  ConcordWindow *window = concord_window_new (NULL);
  g_autoptr(GListModel) pages = NULL;
  GtkWidget *dashboard, *sidebar, *row, *accounts;

  concord_window_set_workbook (window, fixture->workbook);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (GTK_WIDGET (window));

  g_assert_cmpstr (concord_window_get_page_name (window), ==, "dashboard");
  dashboard = concord_window_get_page (window, "dashboard");
  g_assert_true (gtk_widget_get_mapped (dashboard));
  pages = G_LIST_MODEL (gtk_stack_get_pages (GTK_STACK (gtk_widget_get_parent (dashboard))));
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, 1);

  /* The sidebar has Accounts third. */
  sidebar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), CONCORD_TYPE_WINDOW, "sidebar_list"));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (sidebar), 2));
  gtk_widget_activate (row);
  test_wait_for_frame (GTK_WIDGET (window));

  g_assert_cmpstr (concord_window_get_page_name (window), ==, "accounts");
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, 2);
  accounts = concord_window_get_page (window, "accounts");
  g_assert_true (gtk_widget_get_mapped (accounts));
  g_assert_true (concord_page_get_workbook (CONCORD_PAGE (accounts)) == fixture->workbook);

  /* Going back builds nothing new. */
  g_assert_true (concord_window_show_page (window, "dashboard"));
  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, 2);
  g_assert_true (concord_window_get_page (window, "dashboard") == dashboard);

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin ();
}

/* The next frame after a switch shows the new page alone: the old one
 * leaves at once, with animations on as on a desktop. */
static void
test_switch_at_once (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWindow *window;
  GtkWidget *dashboard, *plans;

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  window = test_present_window (fixture->workbook);
  dashboard = concord_window_get_page (window, "dashboard");
  plans = concord_window_get_page (window, "plans");
  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (dashboard));

  g_assert_true (concord_window_show_page (window, "plans"));
  g_assert_false (gtk_stack_get_transition_running (GTK_STACK (gtk_widget_get_parent (plans))));
  g_assert_true (gtk_widget_get_mapped (plans));
  g_assert_false (gtk_widget_get_mapped (dashboard));

  test_destroy_window (window);
}

/* The dashboard does no work for edits made while another page is on
 * screen: its cards stay as they were until it is shown again, and then
 * show the new figures at once, in the first frame. */
static void
test_dashboard_stale_when_hidden (WorkbookFixture *fixture,
                                  gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  ConcordWindow *window = test_present_window (wb);
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 roadshow = test_query_int (wb, "SELECT id FROM plans WHERE title = 'Reliability roadshow'");
  GtkWidget *page, *cards, *summary;
  g_autoptr(GtkWidget) card = NULL;

  page = concord_window_get_page (window, "dashboard");
  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (page));
  cards = test_template_child (page, CONCORD_TYPE_DASHBOARD_PAGE, "cards");
  summary = test_template_child (page, CONCORD_TYPE_DASHBOARD_PAGE, "summary_label");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (summary)), "2 active plans"));
  card = g_object_ref (gtk_widget_get_first_child (cards));

  /* An edit and its undo on the plans page leave the cards alone. */
  g_assert_true (concord_window_show_page (window, "plans"));
  test_spin ();
  g_assert_false (gtk_widget_get_mapped (page));
  concord_fields_set_string (fields, "status", "active");
  g_assert_true (concord_plans_update (wb, roadshow, fields, &error));
  g_assert_no_error (error);
  test_spin ();
  g_assert_true (gtk_widget_is_ancestor (card, cards));
  g_assert_cmpuint (concord_dashboard_page_get_dashboard (CONCORD_DASHBOARD_PAGE (page))->n_active_plans, ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  test_spin ();
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM plans WHERE status = 'active'"), ==, 2);
  g_assert_true (gtk_widget_is_ancestor (card, cards));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  test_spin ();
  g_assert_true (gtk_widget_is_ancestor (card, cards));

  /* Going back rebuilds them once, before anything is drawn. */
  g_assert_true (concord_window_show_page (window, "dashboard"));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_false (gtk_widget_is_ancestor (card, cards));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (summary)), "3 active plans"));
  g_assert_cmpuint (concord_dashboard_page_get_dashboard (CONCORD_DASHBOARD_PAGE (page))->n_active_plans, ==, 3);
  g_clear_object (&card);
  card = g_object_ref (gtk_widget_get_first_child (cards));
  test_spin ();
  g_assert_true (gtk_widget_is_ancestor (card, cards));

  /* On screen, it follows an edit straight away. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  test_spin ();
  g_assert_false (gtk_widget_is_ancestor (card, cards));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (summary)), "2 active plans"));

  test_destroy_window (window);
}

/* Once the window shows another workbook, nothing of it listens to the
 * one it showed before: an edit there, by whoever still holds it, wakes
 * no page, and no handler of the window's is left on it. */
static void
test_old_workbook_wakes_nothing (WorkbookFixture *fixture,
                                 gconstpointer    data)
{
  ConcordWorkbook *old = fixture->workbook;
  ConcordWindow *window = test_present_window (old);
  const char * const *names = concord_window_get_page_names ();
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.concord", NULL);
  g_autoptr(ConcordWorkbook) other = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = g_signal_lookup ("changed", CONCORD_TYPE_WORKBOOK);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_true (concord_window_show_page (window, names[i]));
      test_wait_for_frame (GTK_WIDGET (window));
    }
  g_assert_cmpuint (g_signal_handler_find (old, G_SIGNAL_MATCH_ID, changed, 0, NULL, NULL, NULL), !=, 0);

  other = concord_workbook_open (other_path, CONCORD_OPEN_CREATE, &error);
  g_assert_no_error (error);
  concord_window_set_workbook (window, other);
  test_spin ();

  for (guint i = 0; names[i] != NULL; i++)
    g_assert_cmpuint (g_signal_handler_find (old, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                             concord_window_get_page (window, names[i])), ==, 0);
  g_assert_cmpuint (g_signal_handler_find (old, G_SIGNAL_MATCH_ID, changed, 0, NULL, NULL, NULL), ==, 0);
  g_assert_cmpuint (g_signal_handler_find (other, G_SIGNAL_MATCH_ID, changed, 0, NULL, NULL, NULL), !=, 0);

  /* An edit to the old one goes by unheard; the window shows the new one. */
  test_add_account (old, "Heard by nobody");
  test_spin ();
  g_assert_true (concord_window_show_page (window, "accounts"));
  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (concord_window_get_workbook (window) == other);

  test_destroy_window (window);
}

/* GTK 4.8's shortcuts window measures one of its own labels below zero
 * ("reported min width -3"), whoever builds it; once it has been shown,
 * that warning alone is let through. */
static gboolean shortcuts_window_shown;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; shortcuts_window_shown && i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        strstr (fields[i].value, "reported min width") != NULL)
      return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* The keyboard shortcuts window is built when first asked for (Ctrl+?),
 * not by GTK for every window the application adds. */
static void
test_shortcuts_on_demand (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  g_autoptr(ConcordApplication) application = concord_application_new ();
  g_autoptr(GError) error = NULL;
  ConcordWindow *window;
  GtkShortcutsWindow *overlay;

  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  window = concord_window_new (GTK_APPLICATION (application));
  concord_window_set_workbook (window, fixture->workbook);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_for_frame (GTK_WIDGET (window));

  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  shortcuts_window_shown = TRUE;
  test_press_key (GTK_WIDGET (window), GDK_KEY_question, GDK_CONTROL_MASK);
  overlay = GTK_SHORTCUTS_WINDOW (test_wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW, NULL));
  test_wait_for_frame (GTK_WIDGET (overlay));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  g_assert_nonnull (test_find_label (GTK_WIDGET (overlay), "Keyboard shortcuts"));

  /* Closing hides it; asking again shows the same window. */
  gtk_window_close (GTK_WINDOW (overlay));
  test_spin ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  test_spin ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);

  test_destroy_window (window);
}

static void
on_window_workbook (GtkWindow   *window,
                    GParamSpec  *pspec,
                    char       **path)
{
  ConcordWorkbook *workbook = concord_window_get_workbook (CONCORD_WINDOW (window));

  g_free (*path);
  *path = workbook ? g_strdup (concord_workbook_get_path (workbook)) : NULL;
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window,
                 char          **path)
{
  g_signal_connect (window, "notify::workbook", G_CALLBACK (on_window_workbook), path);
}

static GString *printed;

static void
keep_printed (const char *text)
{
  g_string_append (printed, text);
}

/* Runs the application as `concord --screenshot PNG FILE` would; returns
 * its exit status, and in @opened the file its window opened. */
static int
run_application (const char  *file,
                 const char  *png,
                 char       **opened)
{
  g_autoptr(ConcordApplication) application = concord_application_new ();
  char *argv[] = { (char *) "concord", (char *) "--screenshot", (char *) png, (char *) file, NULL };

  GPrintFunc print = g_set_print_handler (keep_printed);
  int status;

  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), opened);

  /* What the application prints (the screenshot's path) would land in
   * the test's TAP output. */
  g_string_truncate (printed, 0);
  status = g_application_run (G_APPLICATION (application), G_N_ELEMENTS (argv) - 1, argv);
  g_set_print_handler (print);

  /* As main() does: the open ends after the command line was handled. */
  return status != 0 ? status : concord_application_get_exit_status (application);
}

/* The workbook a launch names opens in a worker thread: the window shows
 * that file, and a file it refuses is refused as before, unchanged. */
static void
test_application_opens (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *good = test_make_workbook (dir, "good.concord", TRUE);
  g_autofree char *bad = g_build_filename (dir, "bad.concord", NULL);
  g_autofree char *png = g_build_filename (dir, "window.png", NULL);
  g_autofree char *opened = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  printed = g_string_new (NULL);
  g_assert_cmpint (run_application (good, png, &opened), ==, 0);
  g_assert_cmpstr (opened, ==, good);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_prefix (printed->str, png));

  /* Not a workbook: refused, and left as it was. */
  g_assert_true (g_file_set_contents (bad, "SQLite format 3\n but not really", -1, NULL));
  g_assert_true (g_file_get_contents (bad, &before, &before_len, NULL));
  g_clear_pointer (&opened, g_free);
  g_assert_cmpint (run_application (bad, png, &opened), ==, 1);
  g_assert_null (opened);
  g_assert_true (g_file_get_contents (bad, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  g_string_free (g_steal_pointer (&printed), TRUE);
  test_remove_tree (dir);
}

static void
test_sample_and_undo (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);

  /* Undo is off until there is something to undo. */
  g_assert_false (concord_workbook_can_undo (fixture->workbook));
  g_assert_false (test_action_can_be_pressed (GTK_WIDGET (window), "win.undo"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.load-sample", NULL);
  test_spin ();
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), >, 0);
  g_assert_true (test_action_can_be_pressed (GTK_WIDGET (window), "win.undo"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  test_spin ();
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  test_spin ();
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), >, 0);

  test_destroy_window (window);
}

static void
test_read_only_window (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) read_only = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  ConcordWindow *window;
  GtkWidget *banner;

  read_only = concord_workbook_open (fixture->path, CONCORD_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  window = test_present_window (read_only);

  /* The window says it is read-only, in its banner and under its title. */
  banner = test_find_label (GTK_WIDGET (window), READ_ONLY_TEXT);
  g_assert_nonnull (banner);
  g_assert_true (gtk_widget_get_mapped (banner));
  name = concord_workbook_dup_title (read_only);
  subtitle = g_strdup_printf ("%s (read-only)", name);
  g_assert_nonnull (test_find_label (GTK_WIDGET (window), subtitle));

  /* The sample cannot be loaded into a read-only workbook: its button is
   * off, and the action changes nothing. */
  g_assert_false (test_action_can_be_pressed (GTK_WIDGET (window), "win.load-sample"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.load-sample", NULL);
  test_spin ();
  g_assert_cmpint (concord_workbook_count (read_only, "accounts"), ==, 0);

  test_destroy_window (window);
}

static gboolean
widget_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* The read-only banner of a workbook that can be edited is hidden, not
 * only closed: GTK measures a closed revealer's child in every layout.
 * It still slides in for a read-only workbook, and away again. */
static void
test_banner_hidden_while_writable (WorkbookFixture *fixture,
                                   gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) read_only = NULL;
  g_autoptr(GError) error = NULL;
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *revealer = test_template_child (GTK_WIDGET (window), CONCORD_TYPE_WINDOW, "read_only_revealer");
  GtkWidget *label = test_template_child (GTK_WIDGET (window), CONCORD_TYPE_WINDOW, "read_only_label");

  g_assert_false (gtk_widget_get_visible (revealer));
  g_assert_false (gtk_widget_get_mapped (label));

  read_only = concord_workbook_open (fixture->path, CONCORD_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  concord_window_set_workbook (window, read_only);
  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_visible (revealer));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  test_wait_until (widget_mapped, label, 10, "the banner to slide in");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, READ_ONLY_TEXT);

  concord_window_set_workbook (window, fixture->workbook);
  test_wait_until (widget_hidden, revealer, 10, "the banner to hide");
  g_assert_false (gtk_widget_get_mapped (label));

  test_destroy_window (window);
}

/* The dashboard's empty state is not laid out beside its cards: the page
 * asks for the room of the state it shows, which here is the cards. */
static void
test_dashboard_measures_shown_state (WorkbookFixture *fixture,
                                     gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *page = concord_window_get_page (window, "dashboard");
  GtkWidget *stack = test_template_child (page, CONCORD_TYPE_DASHBOARD_PAGE, "stack");
  GtkWidget *shown = gtk_stack_get_visible_child (GTK_STACK (stack));
  int stack_min, stack_nat, shown_min, shown_nat;

  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "dashboard");
  for (GtkOrientation o = GTK_ORIENTATION_HORIZONTAL; o <= GTK_ORIENTATION_VERTICAL; o++)
    {
      gtk_widget_measure (stack, o, -1, &stack_min, &stack_nat, NULL, NULL);
      gtk_widget_measure (shown, o, -1, &shown_min, &shown_nat, NULL, NULL);
      g_assert_cmpint (stack_min, ==, shown_min);
      g_assert_cmpint (stack_nat, ==, shown_nat);
    }

  test_destroy_window (window);
}

/* Each card stands at the top of its row, as tall as its content, without
 * asking GTK to align it: valign START has GTK measure a card's width for
 * the row's height, a search over widths for every wrapping label. */
static void
test_dashboard_cards_top_of_row (WorkbookFixture *fixture,
                                 gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *page = concord_window_get_page (window, "dashboard");
  GtkWidget *cards = test_template_child (page, CONCORD_TYPE_DASHBOARD_PAGE, "cards");
  g_autoptr(GPtrArray) found = NULL;
  guint n_cards = 0;

  test_wait_for_frame (GTK_WIDGET (window));
  found = test_collect_type (cards, GTK_TYPE_BOX);
  for (guint i = 0; i < found->len; i++)
    {
      GtkWidget *card = g_ptr_array_index (found, i);
      GtkWidget *slot = gtk_widget_get_parent (card);
      GtkWidget *child = gtk_widget_get_parent (slot);
      graphene_rect_t bounds;
      int nat;

      if (!gtk_widget_has_css_class (card, "concord-dashboard-card"))
        continue;
      n_cards++;
      g_assert_true (GTK_IS_FLOW_BOX_CHILD (child));
      g_assert_cmpint (gtk_widget_get_valign (card), ==, GTK_ALIGN_FILL);
      g_assert_true (gtk_widget_compute_bounds (card, slot, &bounds));
      gtk_widget_measure (card, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (card), NULL, &nat, NULL, NULL);
      g_assert_cmpfloat (bounds.origin.y, ==, 0);
      g_assert_cmpint (gtk_widget_get_height (card), <=, nat);
      g_assert_cmpint (gtk_widget_get_height (card), <=, gtk_widget_get_height (slot));
    }
  g_assert_cmpuint (n_cards, ==, 6);

  test_destroy_window (window);
}

/* The main menu's popover is built the first time the menu opens, with
 * every item, and opening it again shows the same one. */
static void
test_menu_built_when_opened (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkMenuButton *button = GTK_MENU_BUTTON (test_template_child (GTK_WIDGET (window), CONCORD_TYPE_WINDOW,
                                                                "menu_button"));
  GtkPopover *popover;

  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));

  gtk_menu_button_popup (button);
  test_spin ();
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  g_assert_true (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)) ==
                 G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window), CONCORD_TYPE_WINDOW,
                                                              "primary_menu")));
  g_assert_nonnull (test_find_label (GTK_WIDGET (popover), "Open Workbook…"));
  g_assert_nonnull (test_find_label (GTK_WIDGET (popover), "Keyboard Shortcuts"));

  gtk_menu_button_popdown (button);
  test_spin ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  gtk_menu_button_popup (button);
  test_spin ();
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));

  gtk_menu_button_popdown (button);
  test_destroy_window (window);
}

/* The dashboard and plans open records on other pages through these. */
static void
test_select_actions (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  const struct { const char *page, *action, *table; } targets[] = {
    { "accounts", "accounts.select", "accounts" },
    { "plans", "plans.select", "plans" },
    { "people", "people.select", "people" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT max (id) FROM %s", targets[i].table);
      gint64 id = test_query_int (fixture->workbook, sql);
      GtkWidget *page = concord_window_get_page (window, targets[i].page);

      g_test_message ("%s", targets[i].action);
      /* From another page: the action itself brings its page forward. */
      g_assert_true (concord_window_show_page (window, "roadmap"));
      test_spin ();
      g_assert_true (gtk_widget_activate_action (page, targets[i].action, "x", id));
      test_spin ();
      g_assert_cmpstr (concord_window_get_page_name (window), ==, targets[i].page);
    }

  test_destroy_window (window);
}

/* How many widgets of @type_name under @root lie wholly inside @view's
 * width: what a user sees without scrolling. */
static guint
count_fully_shown (GtkWidget  *root,
                   GtkWidget  *view,
                   const char *type_name)
{
  GType type = g_type_from_name (type_name);
  g_autoptr(GPtrArray) widgets = NULL;
  guint n = 0;

  g_assert_true (type != 0);
  widgets = test_collect_type (root, type);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (widget) && gtk_widget_compute_bounds (widget, view, &bounds) &&
          bounds.origin.x >= 0 && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (view) + 0.5)
        n++;
    }

  return n;
}

/* A phone-sized window (380 px): the page's title is whole, the RACI
 * grid's last column can be scrolled to and says so with a scroll bar,
 * and the accounts table shows more than two columns. */
static void
test_narrow_window (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWindow *window = concord_window_new (NULL);
  GtkWidget *title, *page, *grid, *scroller, *last, *table;
  ConcordRoleMatrix *matrix;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  gtk_window_set_default_size (GTK_WINDOW (window), 380, 800);
  concord_window_set_workbook (window, fixture->workbook);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (concord_window_show_page (window, "accounts"));
  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);

  title = test_find_label (GTK_WIDGET (window), "Accounts");
  g_assert_nonnull (title);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title))));
  table = test_find_nth_type (concord_window_get_page (window, "accounts"), GTK_TYPE_COLUMN_VIEW, 0);
  g_assert_cmpuint (count_fully_shown (table, table, "GtkColumnViewTitle"), >=, 3);

  g_assert_true (concord_window_show_page (window, "roles"));
  test_wait_for_frame (GTK_WIDGET (window));
  title = test_find_label (GTK_WIDGET (window), "Roles");
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title))));

  page = concord_window_get_page (window, "roles");
  grid = concord_roles_page_get_grid (CONCORD_ROLES_PAGE (page));
  scroller = gtk_widget_get_ancestor (grid, GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  g_assert_true (gtk_widget_get_visible (gtk_scrolled_window_get_hscrollbar (GTK_SCROLLED_WINDOW (scroller))));

  /* The keyboard walks to the last role and the grid scrolls it in. */
  matrix = concord_raci_grid_get_matrix (CONCORD_RACI_GRID (grid));
  concord_raci_grid_set_cursor (CONCORD_RACI_GRID (grid), 0, matrix->roles->len - 1);
  last = concord_raci_grid_get_cell (CONCORD_RACI_GRID (grid), 0, matrix->roles->len - 1);
  /* The scroll is animated: wait for the frames that end it. */
  for (int frames = 0; frames < 200; frames++)
    {
      test_wait_for_frame (GTK_WIDGET (window));
      g_assert_true (gtk_widget_compute_bounds (last, scroller, &bounds));
      if (bounds.origin.x + bounds.size.width <= gtk_widget_get_width (scroller) + 0.5)
        break;
    }
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (scroller) + 0.5);

  test_destroy_window (window);
}

/* Opening in a worker thread ------------------------------------------------ */

/* Holds the worker's open before it starts, until the test lets it go,
 * so the test sees the window while a long check would still run. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean reached;
  gboolean held;
} OpenGate;

static OpenGate gate;

static void
gate_hook (const char *path,
           gpointer    user_data)
{
  g_mutex_lock (&gate.lock);
  gate.reached = TRUE;
  g_cond_broadcast (&gate.cond);
  while (gate.held)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);
}

static void
gate_hold (void)
{
  g_mutex_lock (&gate.lock);
  gate.reached = FALSE;
  gate.held = TRUE;
  g_mutex_unlock (&gate.lock);
  concord_workbook_set_open_hook (gate_hook, NULL);
}

static void
gate_release (void)
{
  g_mutex_lock (&gate.lock);
  gate.held = FALSE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
  concord_workbook_set_open_hook (NULL, NULL);
}

static gboolean
gate_reached (gpointer data)
{
  gboolean reached;

  g_mutex_lock (&gate.lock);
  reached = gate.reached;
  g_mutex_unlock (&gate.lock);

  return reached;
}

static gboolean
window_has_workbook (gpointer data)
{
  return concord_window_get_workbook (CONCORD_WINDOW (data)) != NULL;
}

static gboolean
match_opening_page (GtkWidget     *widget,
                    gconstpointer  data)
{
  return ADW_IS_STATUS_PAGE (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), "Opening the Workbook…") == 0;
}

/* What the user sees while the open is held: the window, drawn, saying
 * it opens @path with a spinner, and no page of a workbook. */
static void
assert_shows_opening (ConcordWindow *window,
                      const char    *path)
{
  GtkWidget *opening;
  GtkWidget *spinner;
  g_autofree char *name = g_path_get_basename (path);

  test_wait_for_frame (GTK_WIDGET (window));
  opening = test_find_widget (GTK_WIDGET (window), match_opening_page, NULL);
  g_assert_nonnull (opening);
  g_assert_true (gtk_widget_get_mapped (opening));
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (opening)), ==, name);
  spinner = test_find_type (opening, GTK_TYPE_SPINNER);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_true (concord_window_is_opening (window));
  g_assert_false (gtk_widget_get_mapped (concord_window_get_page (window, "dashboard")));
}

typedef void (*LaunchScenario) (ConcordWindow *window,
                                const char    *path);

typedef struct
{
  LaunchScenario scenario;
  const char    *path;
  ConcordWindow *window;
  /* when the window was added: built, not yet realized, and (when
   * asked to look) the held open already at the gate in its worker */
  gboolean       wait_at_window;
  gboolean       built_unrealized;
  gboolean       open_at_gate;
} Launch;

/* Blocks the main thread until the worker reaches the gate, for up to
 * 30 s; whether it did. */
static gboolean
gate_wait_reached (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gboolean reached;

  g_mutex_lock (&gate.lock);
  while (!gate.reached && g_cond_wait_until (&gate.cond, &gate.lock, deadline))
    ;
  reached = gate.reached;
  g_mutex_unlock (&gate.lock);

  return reached;
}

static gboolean
run_scenario (gpointer data)
{
  Launch *launch = data;

  launch->scenario (launch->window, launch->path);

  return G_SOURCE_REMOVE;
}

static void
on_launch_window_added (GtkApplication *application,
                        GtkWindow      *window,
                        Launch         *launch)
{
  if (launch->window == NULL && CONCORD_IS_WINDOW (window))
    {
      launch->window = CONCORD_WINDOW (window);
      launch->built_unrealized = gtk_widget_get_first_child (GTK_WIDGET (window)) != NULL &&
                                 !gtk_widget_get_realized (GTK_WIDGET (window));
      /* Nothing after this, in this thread, may be what starts the open. */
      if (launch->wait_at_window)
        launch->open_at_gate = gate_wait_reached ();
      g_idle_add (run_scenario, launch);
    }
}

/* Launches `concord FILE` and runs @scenario on its window once the
 * main loop runs; returns the exit status when the last window closed
 * and every open ended, and in @launch_out (when not NULL) what was seen
 * as the window was added (@wait_at_window: waiting there for the held
 * open to reach the gate). */
static int
launch_application_full (const char     *path,
                         LaunchScenario  scenario,
                         gboolean        wait_at_window,
                         Launch         *launch_out)
{
  g_autoptr(ConcordApplication) application = concord_application_new ();
  char *argv[] = { (char *) "concord", (char *) path, NULL };
  Launch launch = { scenario, path, NULL, wait_at_window, FALSE, FALSE };
  int status;

  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "window-added", G_CALLBACK (on_launch_window_added), &launch);
  status = g_application_run (G_APPLICATION (application), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_nonnull (launch.window);
  if (launch_out != NULL)
    *launch_out = launch;

  return status != 0 ? status : concord_application_get_exit_status (application);
}

static int
launch_application (const char     *path,
                    LaunchScenario  scenario)
{
  return launch_application_full (path, scenario, FALSE, NULL);
}

/* A file that was not closed cleanly gets its full check on open. */
static char *
make_cold_workbook (const char *dir,
                    const char *name)
{
  char *path = test_make_workbook (dir, name, TRUE);

  concord_trust_remember (path, FALSE);
  g_assert_false (concord_trust_is_trusted (path));

  return path;
}

static void
scenario_opening_then_workbook (ConcordWindow *window,
                                const char    *path)
{
  test_wait_until (gate_reached, NULL, 30, "the open to start in its thread");
  assert_shows_opening (window, path);
  g_assert_null (concord_window_get_workbook (window));

  gate_release ();
  test_wait_until (window_has_workbook, window, 30, "the workbook to open");
  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (concord_workbook_get_path (concord_window_get_workbook (window)), ==, path);
  g_assert_false (concord_window_is_opening (window));
  g_assert_true (gtk_widget_get_mapped (concord_window_get_page (window, "dashboard")));
  g_assert_false (gtk_widget_get_mapped (test_find_widget (GTK_WIDGET (window), match_opening_page, NULL)));
  gtk_window_close (GTK_WINDOW (window));
}

/* A launch on a file not closed cleanly shows the window at once, saying
 * it opens, while the file is checked; then the workbook. */
static void
test_launch_shows_opening (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = make_cold_workbook (dir, "cold.concord");

  gate_hold ();
  g_assert_cmpint (launch_application (path, scenario_opening_then_workbook), ==, 0);
  g_assert_true (concord_trust_is_trusted (path));
  test_remove_tree (dir);
}

/* A launch begins opening its file before the window is built: the
 * worker reaches the held open while the main thread waits, the window
 * built but not yet realized. The window then shows it opening, and
 * the workbook, as when it began the open itself. */
static void
test_open_begins_before_window (WorkbookFixture *fixture,
                                gconstpointer    data)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = make_cold_workbook (dir, "early.concord");
  Launch launch;

  gate_hold ();
  g_assert_cmpint (launch_application_full (path, scenario_opening_then_workbook, TRUE, &launch), ==, 0);
  g_assert_true (launch.built_unrealized);
  g_assert_true (launch.open_at_gate);
  g_assert_true (concord_trust_is_trusted (path));
  test_remove_tree (dir);
}

static void
scenario_close_while_opening (ConcordWindow *window,
                              const char    *path)
{
  test_wait_until (gate_reached, NULL, 30, "the open to start in its thread");
  assert_shows_opening (window, path);
  /* The user closes the window before the check ends. */
  gtk_window_close (GTK_WINDOW (window));
  test_spin ();
  gate_release ();
}

/* Closing the window during the open: the open ends in its thread, what
 * it opened is closed cleanly, and the file keeps every record. */
static void
test_close_while_opening (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = make_cold_workbook (dir, "cold.concord");
  g_autoptr(ConcordWorkbook) reopened = NULL;
  g_autoptr(GError) error = NULL;
  gint64 accounts;

  reopened = concord_workbook_open (path, CONCORD_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  accounts = test_query_int (reopened, "SELECT count(*) FROM accounts");
  g_assert_cmpint (accounts, >, 0);
  g_clear_object (&reopened);
  concord_trust_remember (path, FALSE);

  gate_hold ();
  g_assert_cmpint (launch_application (path, scenario_close_while_opening), ==, 0);

  g_assert_true (concord_trust_is_trusted (path));
  reopened = concord_workbook_open (path, CONCORD_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (reopened, "SELECT count(*) FROM accounts"), ==, accounts);
  g_clear_object (&reopened);
  test_remove_tree (dir);
}

static void
scenario_damaged_refused (ConcordWindow *window,
                          const char    *path)
{
  GtkWindow *dialog;
  g_autofree char *expected = g_strdup_printf ("“%s” is damaged", path);

  dialog = test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Could Not Open the Workbook");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), expected));
  /* The user still gets a working window: the default workbook. */
  test_wait_until (window_has_workbook, window, 30, "the default workbook");
  g_assert_cmpstr (concord_workbook_get_path (concord_window_get_workbook (window)), !=, path);
  gtk_window_destroy (dialog);
  gtk_window_close (GTK_WINDOW (window));
}

/* A file that fails its check in the worker gets today's refusal, and is
 * left byte for byte as it was. */
static void
test_launch_damaged_refused (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = make_cold_workbook (dir, "damaged.concord");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  test_scribble_pages (path, 3, 6);
  before = test_snapshot_files (path);
  g_assert_cmpint (launch_application (path, scenario_damaged_refused), ==, 0);
  after = test_snapshot_files (path);
  g_assert_cmpstr (after, ==, before);
  test_remove_tree (dir);
}

static const char *recent_path;

static void
scenario_recent_opens_in_thread (ConcordWindow *window,
                                 const char    *path)
{
  ConcordWorkbook *first;

  test_wait_until (window_has_workbook, window, 30, "the first workbook");
  first = concord_window_get_workbook (window);

  gate_hold ();
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "open-recent",
                                  g_variant_new_string (recent_path));
  test_wait_until (gate_reached, NULL, 30, "the open to start in its thread");
  assert_shows_opening (window, recent_path);
  /* Until the new one is checked, the window keeps the one it had. */
  g_assert_true (concord_window_get_workbook (window) == first);

  gate_release ();
  test_wait_until (window_has_workbook, window, 30, NULL);
  while (concord_window_is_opening (window))
    test_spin ();
  g_assert_cmpstr (concord_workbook_get_path (concord_window_get_workbook (window)), ==, recent_path);
  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (concord_window_get_page (window, "dashboard")));
  gtk_window_close (GTK_WINDOW (window));
}

/* Recent (and Open, through the same call) opens the chosen file the
 * same way: in the worker, with the opening state meanwhile. */
static void
test_recent_opens_in_thread (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *first = test_make_workbook (dir, "first.concord", TRUE);
  g_autofree char *second = make_cold_workbook (dir, "second.concord");

  recent_path = second;
  g_assert_cmpint (launch_application (first, scenario_recent_opens_in_thread), ==, 0);
  recent_path = NULL;
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  adw_init ();

  g_test_add ("/window/visit-pages", WorkbookFixture, NULL,
              workbook_fixture_setup, test_visit_pages, workbook_fixture_teardown);
  g_test_add ("/window/pages-follow-areas", WorkbookFixture, NULL,
              workbook_fixture_setup, test_pages_follow_areas, workbook_fixture_teardown);
  g_test_add ("/window/pages-built-when-shown", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_pages_built_when_shown, workbook_fixture_teardown);
  g_test_add ("/window/application-opens", WorkbookFixture, NULL,
              workbook_fixture_setup, test_application_opens, workbook_fixture_teardown);
  g_test_add ("/window/launch-shows-opening", WorkbookFixture, NULL,
              workbook_fixture_setup, test_launch_shows_opening, workbook_fixture_teardown);
  g_test_add ("/window/open-begins-before-window", WorkbookFixture, NULL,
              workbook_fixture_setup, test_open_begins_before_window, workbook_fixture_teardown);
  g_test_add ("/window/close-while-opening", WorkbookFixture, NULL,
              workbook_fixture_setup, test_close_while_opening, workbook_fixture_teardown);
  g_test_add ("/window/launch-damaged-refused", WorkbookFixture, NULL,
              workbook_fixture_setup, test_launch_damaged_refused, workbook_fixture_teardown);
  g_test_add ("/window/recent-opens-in-thread", WorkbookFixture, NULL,
              workbook_fixture_setup, test_recent_opens_in_thread, workbook_fixture_teardown);
  g_test_add ("/window/switch-at-once", WorkbookFixture, NULL,
              workbook_fixture_setup, test_switch_at_once, workbook_fixture_teardown);
  g_test_add ("/window/dashboard-stale-when-hidden", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_dashboard_stale_when_hidden, workbook_fixture_teardown);
  g_test_add ("/window/old-workbook-wakes-nothing", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_old_workbook_wakes_nothing, workbook_fixture_teardown);
  g_test_add ("/window/shortcuts-on-demand", WorkbookFixture, NULL,
              workbook_fixture_setup, test_shortcuts_on_demand, workbook_fixture_teardown);
  g_test_add ("/window/sample-and-undo", WorkbookFixture, NULL,
              workbook_fixture_setup, test_sample_and_undo, workbook_fixture_teardown);
  g_test_add ("/window/select-actions", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_select_actions, workbook_fixture_teardown);
  g_test_add ("/window/narrow", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_narrow_window, workbook_fixture_teardown);
  g_test_add ("/window/read-only", WorkbookFixture, NULL,
              workbook_fixture_setup, test_read_only_window, workbook_fixture_teardown);
  g_test_add ("/window/dashboard-measures-shown-state", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_dashboard_measures_shown_state, workbook_fixture_teardown);
  g_test_add ("/window/dashboard-cards-top-of-row", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_dashboard_cards_top_of_row, workbook_fixture_teardown);
  g_test_add ("/window/menu-built-when-opened", WorkbookFixture, NULL,
              workbook_fixture_setup, test_menu_built_when_opened, workbook_fixture_teardown);
  g_test_add ("/window/banner-hidden-while-writable", WorkbookFixture, NULL,
              workbook_fixture_setup, test_banner_hidden_while_writable, workbook_fixture_teardown);

  return g_test_run ();
}
