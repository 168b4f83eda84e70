/* test-i18n-window.c: the window speaks German when the user asks for it
 *
 * Runs with LANGUAGE=de and the catalogues meson builds from po/
 * (CONCORD_LOCALEDIR); without them the labels stay English and it fails.
 * German's longer words also test what must fit a phone's width.
 */
#include "config.h"

#include <adwaita.h>

#include "concord-exchange.h"
#include "concord-i18n.h"
#include "concord-merge-dialog.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

static void
test_german_window (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);

  g_assert_true (concord_window_show_page (window, "dashboard"));
  test_wait_for_frame (GTK_WIDGET (window));

  /* From the core's list of areas, in the sidebar. */
  g_assert_nonnull (test_find_label (GTK_WIDGET (window), "Übersicht"));
  g_assert_null (test_find_label (GTK_WIDGET (window), "Dashboard"));
  /* Built in code by the dashboard page. */
  g_assert_nonnull (test_find_label (GTK_WIDGET (window), "Gemeinsame Ziele"));

  /* From a page's template, through GtkBuilder. */
  g_assert_true (concord_window_show_page (window, "plans"));
  test_wait_for_frame (GTK_WIDGET (window));
  g_assert_nonnull (test_find_label (GTK_WIDGET (window), "Kein Plan ausgewählt"));
  g_assert_null (test_find_label (GTK_WIDGET (window), "No Plan Selected"));

  test_destroy_window (window);
}

/* German words are longer: at a phone's width the merge dialog still
 * fits, its title giving way before its buttons do. */
static void
test_german_merge_dialog (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "other.concord", NULL);
  g_autofree char *start = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);
  g_autofree char *later = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) other = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *dialog, *merge;
  ConcordMergePlan *plan;
  graphene_rect_t bounds;
  int minimum;

  g_assert_no_error (error);
  plan = concord_merge_plan_new_from_data (other, start, -1, "start.json", &error);
  g_assert_no_error (error);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  concord_merge_plan_free (plan);
  test_rename (fixture->workbook, "accounts", test_query_int (fixture->workbook, "SELECT id FROM accounts ORDER BY uuid LIMIT 1"),
               "Brightwater Foods International Holdings and Distribution Services");
  test_rename (other, "accounts", test_query_int (other, "SELECT id FROM accounts ORDER BY uuid LIMIT 1"),
               "Brightwater Foods (EMEA) Procurement and Logistics Subsidiary");
  later = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);
  plan = concord_merge_plan_new_from_data (other, later, -1, "brightwater-foods-international-export.json", &error);
  g_assert_no_error (error);

  gtk_window_set_default_size (GTK_WINDOW (parent), 360, 760);
  gtk_window_present (GTK_WINDOW (parent));
  test_wait_for_frame (parent);
  dialog = GTK_WIDGET (concord_merge_dialog_new (GTK_WINDOW (parent), plan, "brightwater-foods-international-export.json"));
  gtk_window_present (GTK_WINDOW (dialog));
  test_wait_for_frame (dialog);

  gtk_widget_measure (dialog, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (dialog), <=, 360);
  merge = test_find_button (dialog, "_Zusammenführen");
  g_assert_nonnull (merge);
  g_assert_true (gtk_widget_compute_bounds (merge, dialog, &bounds));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (parent));
  test_spin ();
}

int
main (int    argc,
      char **argv)
{
  /* Before anything looks a message up, as main() of the app does. */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_nonnull (g_getenv ("CONCORD_LOCALEDIR"));
  concord_i18n_init ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/i18n/window/german", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_german_window, workbook_fixture_teardown);
  g_test_add ("/i18n/merge-dialog/narrow", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_german_merge_dialog, workbook_fixture_teardown);

  return g_test_run ();
}
