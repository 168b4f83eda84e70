/* test-page-switch.c: switching pages right after they were first shown
 *
 * A page's first visit leaves work behind that runs while the main loop
 * is idle, such as the rest of a long list read in chunks. None of it may
 * land on the next page switch as one long step.
 */
#include "config.h"

#include <adwaita.h>

#include "concord-accounts-page.h"
#include "concord-query-model.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

/* More accounts than a GTK 4.8 list view builds rows for (two hundred),
 * few enough that one idle chunk could read them all. */
#define N_ACCOUNTS 600
/* At most this many rows built by one turn of the main loop: a frame
 * with a few rows to measure, not a hundred. */
#define MAX_ROWS_PER_TURN 25

static void
add_accounts (ConcordWorkbook *workbook)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordEdit) edit = concord_workbook_edit (workbook, "Add", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Account %03u", i);

      test_add_account (workbook, name);
    }
  g_assert_true (concord_edit_commit (edit, &error));
  g_assert_no_error (error);
}

static void
count_setup (GtkListItemFactory *factory,
             GtkListItem        *item,
             guint              *rows_built)
{
  (*rows_built)++;
}

static gboolean
frame_ticked (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop one turn at a time until @widget's next frame (or,
 * with @widget NULL, until nothing is pending); returns the most rows one
 * turn built. */
static guint
turns_until (GtkWidget *widget,
             guint     *rows_built)
{
  gboolean ticked = FALSE;
  guint most = 0;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  if (widget != NULL)
    gtk_widget_add_tick_callback (widget, frame_ticked, &ticked, NULL);

  while (widget != NULL ? !ticked : g_main_context_pending (NULL))
    {
      guint before = *rows_built;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, widget != NULL);
      most = MAX (most, *rows_built - before);
    }

  return most;
}

/* The accounts list shows its first screenful on its first visit and
 * reads the rest while idle; the rows GTK builds for that rest come a few
 * per turn of the main loop, whatever page the user switched to. */
static void
test_switch_after_first_visits (WorkbookFixture *fixture,
                                gconstpointer    data)
{
  const char *const *names = concord_window_get_page_names ();
  ConcordWindow *window;
  GtkWidget *accounts, *list;
  GtkColumnViewColumn *column;
  g_autoptr(GListModel) columns = NULL;
  ConcordQueryModel *model;
  guint rows_built = 0, most = 0, turns;

  add_accounts (fixture->workbook);
  window = test_present_window (fixture->workbook);

  /* The first visit builds the page and its first rows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "accounts"));
  accounts = concord_window_get_page (window, "accounts");
  model = CONCORD_QUERY_MODEL (concord_accounts_page_get_model (CONCORD_ACCOUNTS_PAGE (accounts)));
  list = test_find_type (accounts, GTK_TYPE_COLUMN_VIEW);
  columns = g_object_ref (gtk_column_view_get_columns (GTK_COLUMN_VIEW (list)));
  column = g_list_model_get_item (columns, 0);
  g_signal_connect (gtk_column_view_column_get_factory (column), "setup",
                    G_CALLBACK (count_setup), &rows_built);
  g_object_unref (column);
  turns_until (GTK_WIDGET (window), &rows_built);
  g_assert_true (concord_query_model_is_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, N_ACCOUNTS);

  /* Every other page, first visits then switches, and back again, as the
   * list reads the rest of its ids. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; names[i] != NULL; i++)
      {
        guint before_switch = rows_built;

        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", names[i]));
        /* The switch itself, before any turn of the main loop. */
        most = MAX (most, rows_built - before_switch);
        turns = turns_until (GTK_WIDGET (window), &rows_built);
        most = MAX (most, turns);
      }
  turns = turns_until (NULL, &rows_built);
  most = MAX (most, turns);

  g_assert_false (concord_query_model_is_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ACCOUNTS);
  g_test_message ("%u rows built after the first visit, at most %u in one turn", rows_built, most);
  /* The list did build rows beyond those of its first visit (up to the
   * two hundred GTK keeps)... */
  g_assert_cmpuint (rows_built, >=, 80);
  /* ...but never many in one turn of the main loop. */
  g_assert_cmpuint (most, <=, MAX_ROWS_PER_TURN);

  test_destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/page-switch/after-first-visits", WorkbookFixture, NULL,
              workbook_fixture_setup, test_switch_after_first_visits, workbook_fixture_teardown);

  return g_test_run ();
}
