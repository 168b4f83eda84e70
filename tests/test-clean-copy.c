/* test-clean-copy.c: what the window offers for a refused or read-only file
 *
 * A workbook refused for what it carries offers Save a Clean Copy, which
 * opens a new workbook with its records; one in a folder that cannot
 * hold its log opens read-only and says why, and Save a Copy opens the
 * copy; one that is not there is offered to be created.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "concord-info.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

/* The chooser learns its folder once it has read it. */
static GFile *
wait_for_folder (GtkWindow *chooser)
{
  GFile *folder;

  while ((folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser))) == NULL)
    g_main_context_iteration (NULL, TRUE);

  return folder;
}

static void
on_notify_quit (GObject    *object,
                GParamSpec *pspec,
                gpointer    user_data)
{
  *(gboolean *) user_data = TRUE;
}

static char *
make_crafted (const char *dir)
{
  char *path = test_make_workbook (dir, "from-a-stranger.concord", TRUE);

  test_raw_exec (path, "CREATE TRIGGER evil AFTER INSERT ON people BEGIN DELETE FROM teams; END");

  return path;
}

static void
open_refused (ConcordWindow *window,
              const char    *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_FOREIGN_SCHEMA);
  concord_window_show_open_error (window, path, error);
}

/* The refusal's Save a Clean Copy…, its file chooser's Save, and the
 * window holds the copy, with the records and without the trigger. */
static void
test_save_clean_copy (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = make_crafted (dir);
  g_autofree char *target = g_build_filename (dir, "clean.concord", NULL);
  g_autofree char *before = test_snapshot_files (path);
  g_autofree char *after = NULL;
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;
  ConcordWindow *window = concord_window_new (NULL);
  ConcordWorkbook *workbook;
  GtkWindow *dialog, *chooser, *report;
  gboolean opened = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  test_spin ();
  open_refused (window, path);

  dialog = test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "clean-copy"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "extra trigger “evil”"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "clean-copy");

  /* Without a portal the native chooser is a GtkFileChooserDialog; it
   * suggests a new name, in a folder that can be written. Its Save only
   * answers after checks on the file system that need a real user, so
   * the test cancels it and takes the path its Save takes. */
  chooser = test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "from-a-stranger (clean).concord");
  folder = wait_for_folder (chooser);
  g_assert_true (g_file_equal (folder, dir_file));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  test_spin ();

  g_signal_connect (window, "notify::workbook", G_CALLBACK (on_notify_quit), &opened);
  concord_window_save_clean_copy (window, path, target);
  while (!opened)
    g_main_context_iteration (NULL, TRUE);

  workbook = concord_window_get_workbook (window);
  g_assert_nonnull (workbook);
  g_assert_cmpstr (concord_workbook_get_path (workbook), ==, target);
  g_assert_cmpint (concord_workbook_count (workbook, "accounts"), >, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM sqlite_schema WHERE name = 'evil'"), ==, 0);

  /* What was left out is said; Close dismisses it. */
  report = test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (report)), "evil"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (report), "close");
  test_spin ();

  after = test_snapshot_files (path);
  g_assert_cmpstr (before, ==, after);

  test_destroy_window (window);
  test_remove_tree (dir);
}

/* Close on the refusal: nothing is written anywhere. */
static void
test_refusal_close (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = make_crafted (dir);
  g_autofree char *before = test_snapshot_files (path);
  g_autofree char *after = NULL;
  g_autoptr(GDir) listing = NULL;
  ConcordWindow *window = concord_window_new (NULL);
  GtkWindow *dialog;
  guint n_files = 0;

  gtk_window_present (GTK_WINDOW (window));
  test_spin ();
  open_refused (window, path);
  dialog = test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  test_spin ();

  g_assert_null (concord_window_get_workbook (window));
  after = test_snapshot_files (path);
  g_assert_cmpstr (before, ==, after);
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  test_destroy_window (window);
  test_remove_tree (dir);
}

/* A folder SQLite cannot keep the log in (here: a folder where the -wal
 * would go, which fails as the open of a read-only folder or mount does,
 * even for root): read-only, the banner says why, and Save a Copy starts
 * in a folder that can be written. */
static gboolean
revealer_closed (gpointer revealer)
{
  return !gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static void
test_read_only_folder_banner (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_path = NULL;
  ConcordWindow *window;
  GtkWindow *chooser;
  GtkWidget *banner;

  workbook_fixture_close (fixture);
  g_assert_cmpint (g_mkdir (wal, 0700), ==, 0);
  workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (concord_workbook_get_read_only (workbook));

  window = test_present_window (workbook);

  banner = test_find_label (GTK_WIDGET (window), concord_workbook_get_read_only_reason (workbook));
  g_assert_nonnull (banner);
  g_assert_true (gtk_widget_is_drawable (banner));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (banner)), "folder"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-copy", NULL));
  chooser = test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  folder = wait_for_folder (chooser);
  folder_path = g_file_get_path (folder);
  g_assert_cmpint (g_access (folder_path, W_OK), ==, 0);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  test_spin ();

  /* What the chooser's Save does: the copy is written and opened, so the
   * banner's way out leads to a workbook that can be edited. */
  {
    g_autofree char *copy = g_build_filename (fixture->dir, "editable.concord", NULL);
    ConcordWorkbook *shown;
    GtkWidget *revealer;

    concord_window_save_copy (window, copy);
    test_spin ();
    shown = concord_window_get_workbook (window);
    g_assert_cmpstr (concord_workbook_get_path (shown), ==, copy);
    g_assert_false (concord_workbook_get_read_only (shown));
    /* The banner slides away; it is gone once its revealer has closed. */
    revealer = gtk_widget_get_ancestor (banner, GTK_TYPE_REVEALER);
    g_assert_nonnull (revealer);
    g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
    test_wait_until (revealer_closed, revealer, 30, "the read-only banner to close");
    g_assert_false (gtk_widget_is_drawable (banner));
  }

  test_destroy_window (window);
}

/* A workbook asked for that is not there: Create makes it where it was
 * asked for and opens it; Cancel writes nothing; a folder that cannot be
 * written says so and writes nothing. */
static void
test_missing_offers_create (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "plans 2027.concord", NULL);
  g_autofree char *file = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *inside_file = g_build_filename (file, "new.concord", NULL);
  g_autoptr(GError) error = NULL;
  ConcordWindow *window = concord_window_new (NULL);
  AdwMessageDialog *dialog;

  gtk_window_present (GTK_WINDOW (window));
  test_spin ();

  g_assert_null (concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error));
  concord_window_show_open_error (window, path, error);
  test_spin ();
  dialog = test_find_message_dialog ("Create the Workbook?");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), path));
  test_answer_dialog ("Create the Workbook?", NULL, "cancel");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (concord_window_get_workbook (window));

  concord_window_show_open_error (window, path, error);
  test_answer_dialog ("Create the Workbook?", NULL, "create");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (concord_workbook_get_path (concord_window_get_workbook (window)), ==, path);
  g_assert_false (concord_workbook_get_read_only (concord_window_get_workbook (window)));

  /* A "folder" that is a file cannot take the workbook, even for root. */
  g_assert_true (g_file_set_contents (file, "not a folder", -1, NULL));
  g_clear_error (&error);
  g_assert_null (concord_workbook_open (inside_file, CONCORD_OPEN_DEFAULT, &error));
  concord_window_show_open_error (window, inside_file, error);
  test_answer_dialog ("Create the Workbook?", NULL, "create");
  dialog = test_find_message_dialog ("Could Not Create the Workbook");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "is not a folder you can write to"));
  test_answer_dialog ("Could Not Create the Workbook", NULL, "close");
  g_assert_false (g_file_test (inside_file, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (concord_workbook_get_path (concord_window_get_workbook (window)), ==, path);

  test_destroy_window (window);
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *state = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  state = test_make_tmpdir ();
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  g_test_add_func ("/clean-copy/save", test_save_clean_copy);
  g_test_add_func ("/clean-copy/close", test_refusal_close);
  g_test_add_func ("/clean-copy/missing-offers-create", test_missing_offers_create);
  g_test_add ("/clean-copy/read-only-folder-banner", WorkbookFixture, NULL,
              workbook_fixture_setup, test_read_only_folder_banner, workbook_fixture_teardown);

  status = g_test_run ();
  test_remove_tree (state);

  return status;
}
