/* test-i18n-window.c: the window speaks German when the user asks for it
 *
 * Runs with LANGUAGE=de and the catalogues meson builds from po/
 * (CONCORD_LOCALEDIR); without them the labels stay English and it fails.
 */
#include "config.h"

#include <adwaita.h>

#include "concord-i18n.h"
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

  return g_test_run ();
}
