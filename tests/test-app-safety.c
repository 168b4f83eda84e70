/* test-app-safety.c: nothing a user does in the window endangers the workbook */
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

static ConcordWindow *
present_window (WorkbookFixture *fixture)
{
  ConcordWindow *window = concord_window_new (NULL);

  concord_window_set_workbook (window, fixture->workbook);
  gtk_window_present (GTK_WINDOW (window));
  spin ();

  return window;
}

static void
destroy_window (ConcordWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

/* The visible toplevel of @type other than the main window, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  GtkWindow *window;

  while ((window = find_toplevel (type)) == NULL)
    g_main_context_iteration (NULL, TRUE);

  return window;
}

static GtkTreeView *
find_tree_view (GtkWidget *widget)
{
  if (GTK_IS_TREE_VIEW (widget) && gtk_widget_get_mapped (widget))
    return GTK_TREE_VIEW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkTreeView *found = find_tree_view (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Browsing the workbook's own folder in a file chooser, then letting the
 * command line and the sqlite3 shell at it, loses nothing. */
static gboolean
chooser_shows (GtkWindow *chooser,
               GFile     *folder)
{
  g_autoptr(GFile) current = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));

  return current != NULL && g_file_equal (current, folder);
}

static void
test_chooser_keeps_locks (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  ConcordWindow *window = present_window (fixture);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  const char *names[] = { "Before the chooser", "From CLI", "In the window" };
  GtkWindow *chooser;
  GtkTreeView *files;
  GtkTreeModel *model;

  test_add_account (fixture->workbook, names[0]);
  g_assert_cmpuint (test_count_own_locks (shm), >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-copy", NULL));
  chooser = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);

  /* A copy goes beside the workbook: wait until the chooser has listed
   * (and so sniffed) the workbook, its log and its index. */
  while (!chooser_shows (chooser, folder) ||
         (files = find_tree_view (GTK_WIDGET (chooser))) == NULL ||
         (model = gtk_tree_view_get_model (files)) == NULL ||
         gtk_tree_model_iter_n_children (model, NULL) < 3)
    g_main_context_iteration (NULL, TRUE);

  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  spin ();
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_cmpuint (test_count_own_locks (shm), >, 0);

  test_write_from_other_processes (fixture->dir, fixture->path, names[1]);
  test_add_account (fixture->workbook, names[2]);
  destroy_window (window);

  workbook_fixture_close (fixture);
  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpint (test_count_accounts_named (fixture->workbook, names[i]), ==, 1);
  check = test_query_string (fixture->workbook, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app-safety/chooser-keeps-locks", WorkbookFixture, NULL,
              workbook_fixture_setup, test_chooser_keeps_locks, workbook_fixture_teardown);

  return g_test_run ();
}
