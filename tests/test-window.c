/* test-window.c: the window opens a workbook and visits every page */
#include "config.h"

#include <adwaita.h>

#include "concord-empty-page.h"
#include "concord-info.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

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

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/window/visit-pages", WorkbookFixture, NULL,
              workbook_fixture_setup, test_visit_pages, workbook_fixture_teardown);
  g_test_add ("/window/pages-follow-areas", WorkbookFixture, NULL,
              workbook_fixture_setup, test_pages_follow_areas, workbook_fixture_teardown);
  g_test_add ("/window/sample-and-undo", WorkbookFixture, NULL,
              workbook_fixture_setup, test_sample_and_undo, workbook_fixture_teardown);
  g_test_add ("/window/select-actions", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_select_actions, workbook_fixture_teardown);
  g_test_add ("/window/read-only", WorkbookFixture, NULL,
              workbook_fixture_setup, test_read_only_window, workbook_fixture_teardown);

  return g_test_run ();
}
