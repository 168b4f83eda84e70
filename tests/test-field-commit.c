/* test-field-commit.c: what the user typed is in the file, whichever way
 * they leave the field: Tab, another record, another page, closing the
 * window. Each test types as a user would, leaves, and then reads the
 * file through a second connection. */
#include "config.h"

#include <adwaita.h>

#include "concord-test-util.h"
#include "concord-window.h"

static void
spin (void)
{
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

/* The first widget of @type under @root whose preferences row (itself or
 * an ancestor) is titled @title. */
static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;

      if ((found = find_row (child, type, title)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_entry (GtkWidget  *root,
            const char *title)
{
  GtkWidget *row = find_row (root, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  return row;
}

/* Focuses @field and replaces its text, as typing does. */
static void
type_into (GtkWidget  *field,
           const char *text)
{
  g_assert_true (gtk_widget_grab_focus (field));
  spin ();
  g_assert_true (gtk_widget_has_focus (field) || gtk_widget_get_focus_child (field) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (field), text);
  spin ();
}

static void
press_tab (GtkWidget *window)
{
  GtkWidget *before = gtk_root_get_focus (GTK_ROOT (window));

  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  spin ();
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) != before);
}

/* What the file holds, read by a connection of its own. */
static char *
stored (WorkbookFixture *fixture,
        const char      *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) other = concord_workbook_open (fixture->path, CONCORD_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return test_query_string (other, sql);
}

static ConcordWindow *
open_window (WorkbookFixture *fixture,
             const char      *page)
{
  ConcordWindow *window = concord_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 900);
  concord_window_set_workbook (window, fixture->workbook);
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  g_assert_true (concord_window_show_page (window, page));
  spin ();

  return window;
}

/* Closes @window as its close button does; TRUE when it went away. */
static gboolean
close_window (ConcordWindow *window)
{
  GtkWidget *weak = GTK_WIDGET (window);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  gtk_window_close (GTK_WINDOW (window));
  spin ();
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &weak);

  return weak == NULL;
}

static void
assert_stored (WorkbookFixture *fixture,
               const char      *sql,
               const char      *expected)
{
  g_autofree char *value = stored (fixture, sql);

  g_assert_cmpstr (value, ==, expected);
}

/* The reported case: KPI actual and baseline typed, Tab, Alt+1, Ctrl+Q. */
static void
test_kpi_tab_page_quit (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWindow *window = open_window (fixture, "plans");
  GtkWidget *page = concord_window_get_page (window, "plans");
  gint64 kpi_id = test_query_int (fixture->workbook, "SELECT min (id) FROM plan_kpis");
  g_autofree char *sql = g_strdup_printf ("SELECT plan_id FROM plan_kpis WHERE id = %" G_GINT64_FORMAT, kpi_id);
  g_autofree char *name_sql = g_strdup_printf ("SELECT name FROM plan_kpis WHERE id = %" G_GINT64_FORMAT, kpi_id);
  g_autofree char *name = test_query_string (fixture->workbook, name_sql);
  g_autofree char *read = NULL;
  GtkWidget *kpi;

  g_assert_true (gtk_widget_activate_action (page, "plans.select", "x",
                                             test_query_int (fixture->workbook, sql)));
  spin ();
  kpi = find_row (page, ADW_TYPE_EXPANDER_ROW, name);
  g_assert_nonnull (kpi);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (kpi), TRUE);
  spin ();

  type_into (find_entry (kpi, "Actual"), "4321");
  press_tab (GTK_WIDGET (window));
  read = g_strdup_printf ("SELECT actual FROM plan_kpis WHERE id = %" G_GINT64_FORMAT, kpi_id);
  assert_stored (fixture, read, "4321.0");
  g_clear_pointer (&read, g_free);

  /* Focus stays in the baseline; the page changes, then the window closes. */
  type_into (find_entry (kpi, "Baseline"), "17");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "dashboard"));
  spin ();
  read = g_strdup_printf ("SELECT baseline FROM plan_kpis WHERE id = %" G_GINT64_FORMAT, kpi_id);
  assert_stored (fixture, read, "17.0");
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Change “Baseline”");

  g_assert_true (close_window (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/field-commit/kpi-tab-page-quit", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_kpi_tab_page_quit, workbook_fixture_teardown);

  return g_test_run ();
}
