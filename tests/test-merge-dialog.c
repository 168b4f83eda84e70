/* test-merge-dialog.c: conflicts shown, chosen, merged as one step */
#include "config.h"

#include <adwaita.h>

#include "concord-exchange.h"
#include "concord-merge-dialog.h"
#include "concord-test-util.h"

static void
spin (void)
{
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static void
rename_first_account (ConcordWorkbook *workbook,
                      const char      *name)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_string (fields, "name", name);
  g_assert_true (concord_workbook_update (workbook, "accounts",
                                          test_query_int (workbook, "SELECT id FROM accounts ORDER BY uuid LIMIT 1"),
                                          fields, &error));
}

static void
on_merged (ConcordMergeDialog *dialog,
           gboolean           *merged)
{
  *merged = TRUE;
}

static void
test_conflicts (WorkbookFixture *fixture,
                gconstpointer    data)
{
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.concord", NULL);
  g_autoptr(ConcordWorkbook) other = concord_workbook_open (other_path, CONCORD_OPEN_CREATE, NULL);
  g_autofree char *start = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);
  g_autofree char *later = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  ConcordMergePlan *plan;
  ConcordMergeDialog *dialog;
  gboolean merged = FALSE;

  plan = concord_merge_plan_new_from_data (other, start, -1, "start.json", &error);
  g_assert_no_error (error);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  concord_merge_plan_free (plan);
  g_usleep (3000);

  rename_first_account (fixture->workbook, "Renamed over there");
  rename_first_account (other, "Renamed here");
  later = concord_exchange_export_data (fixture->workbook, NULL, NULL, NULL);
  concord_workbook_clear_history (other);

  plan = concord_merge_plan_new_from_data (other, later, -1, "later.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concord_merge_plan_get_conflicts (plan)->len, ==, 1);

  dialog = concord_merge_dialog_new (NULL, plan, "later.json");
  g_signal_connect (dialog, "merged", G_CALLBACK (on_merged), &merged);
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();

  /* Merge is off until the conflict has a choice. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.apply", NULL) && merged);
  g_assert_false (merged);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.all", "s", "theirs");
  spin ();
  gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.apply", NULL);
  spin ();
  g_assert_true (merged);

  name = test_query_string (other, "SELECT name FROM accounts ORDER BY uuid LIMIT 1");
  g_assert_cmpstr (name, ==, "Renamed over there");
  g_assert_true (concord_workbook_undo (other, &error));
  g_clear_pointer (&name, g_free);
  name = test_query_string (other, "SELECT name FROM accounts ORDER BY uuid LIMIT 1");
  g_assert_cmpstr (name, ==, "Renamed here");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/merge-dialog/conflicts", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_conflicts, workbook_fixture_teardown);

  return g_test_run ();
}
