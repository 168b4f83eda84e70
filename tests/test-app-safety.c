/* test-app-safety.c: nothing a user does in the window endangers the workbook */
#include "config.h"

#include <adwaita.h>

#include "concord-accounts-page.h"
#include "concord-people-page.h"
#include "concord-plans-page.h"
#include "concord-query-model.h"
#include "concord-record-drop-down.h"
#include "concord-record.h"
#include "concord-report-dialog.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

static gboolean
is_mapped_tree_view (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_TREE_VIEW (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_shown_label_with (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* A mapped label under @widget that shows @text, or NULL. */
static GtkWidget *
find_shown_label (GtkWidget  *widget,
                  const char *text)
{
  return test_find_widget (widget, is_shown_label_with, text);
}

static gboolean
is_stack_with (GtkWidget     *widget,
               gconstpointer  child_name)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), child_name) != NULL;
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

/* Browses to @folder once the chooser has settled in its first one. */
static void
choose_folder (GtkWindow *chooser,
               GFile     *folder)
{
  GFile *current;

  while ((current = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser))) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (current);

  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  while (!chooser_shows (chooser, folder))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_chooser_keeps_locks (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  const char *names[] = { "Before the chooser", "From CLI", "In the window" };
  GtkWindow *chooser;
  GtkTreeView *files = NULL;
  GtkTreeModel *model = NULL;

  test_add_account (fixture->workbook, names[0]);
  g_assert_cmpuint (test_count_own_locks (shm), >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-copy", NULL));
  chooser = test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);

  /* A copy goes beside the workbook: wait until the chooser has listed
   * (and so sniffed) the workbook, its log and its index. */
  while (!chooser_shows (chooser, folder) ||
         (files = GTK_TREE_VIEW (test_find_widget (GTK_WIDGET (chooser), is_mapped_tree_view, NULL))) == NULL ||
         (model = gtk_tree_view_get_model (files)) == NULL ||
         gtk_tree_model_iter_n_children (model, NULL) < 3)
    {
      static gint64 shown;

      if (shown == 0)
        shown = g_get_monotonic_time ();
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () - shown > 10 * G_USEC_PER_SEC)
        g_error ("the chooser shows %s with %d files",
                 chooser_shows (chooser, folder) ? "the folder" : "another folder",
                 files && (model = gtk_tree_view_get_model (files)) ? gtk_tree_model_iter_n_children (model, NULL) : -1);
    }

  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  test_spin ();
  g_assert_null (test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL));
  g_assert_cmpuint (test_count_own_locks (shm), >, 0);

  test_write_from_other_processes (fixture->dir, fixture->path, names[1]);
  test_add_account (fixture->workbook, names[2]);
  test_destroy_window (window);

  workbook_fixture_close (fixture);
  fixture->workbook = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpint (test_count_accounts_named (fixture->workbook, names[i]), ==, 1);
  check = test_query_string (fixture->workbook, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

static void
assert_pdf (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (g_strstr_len (contents + length - MIN (length, 64), MIN (length, 64), "%%EOF"));
}

static GtkWindow *
open_report_dialog (ConcordWindow *window,
                    const char    *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  test_spin ();

  return test_wait_for_toplevel (CONCORD_TYPE_REPORT_DIALOG, NULL);
}

/* Every button of the report dialog, and Escape, do their job and close it. */
static void
test_report_dialog_responses (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  g_autofree char *printed = g_build_filename (fixture->dir, "printed.pdf", NULL);
  g_autofree char *saved = g_build_filename (fixture->dir, "saved.pdf", NULL);
  g_autofree char *saved_toast = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  const char *actions[] = { "win.report", "win.print" };
  GtkWindow *dialog;
  GtkWindow *chooser;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      dialog = open_report_dialog (window, actions[i]);
      test_click (GTK_WIDGET (dialog), "_Cancel");
      test_spin ();
      g_assert_null (test_find_toplevel (CONCORD_TYPE_REPORT_DIALOG, NULL));

      /* Escape runs the dialog's window.close binding. */
      dialog = open_report_dialog (window, actions[i]);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
      test_spin ();
      g_assert_null (test_find_toplevel (CONCORD_TYPE_REPORT_DIALOG, NULL));
    }

  /* The report is made in a thread: the dialog is gone at once, the
   * pages come when the window says so. */
  dialog = open_report_dialog (window, "win.print");
  g_object_set (dialog, "print-to-file", printed, NULL);
  test_click (GTK_WIDGET (dialog), "_Print…");
  g_assert_null (test_find_toplevel (CONCORD_TYPE_REPORT_DIALOG, NULL));
  test_wait_for_label (GTK_WIDGET (window), "The report was sent to the printer.");
  assert_pdf (printed);

  dialog = open_report_dialog (window, "win.report");
  test_click (GTK_WIDGET (dialog), "_Save…");
  chooser = test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  choose_folder (chooser, folder);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "saved.pdf");
  test_click (GTK_WIDGET (chooser), "_Save");
  /* The chooser checks the folder before it answers. */
  while (test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (test_find_toplevel (CONCORD_TYPE_REPORT_DIALOG, NULL));
  saved_toast = g_strdup_printf ("The report was saved to %s.", saved);
  test_wait_for_label (GTK_WIDGET (window), saved_toast);
  assert_pdf (saved);

  test_destroy_window (window);
}

static gboolean
model_has_name (GListModel *model,
                const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (model, i);

      if (g_strcmp0 (concord_record_get_string (record, "name"), name) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_changes)
{
  (*n_changes)++;
}

/* A write by the command line shows in the open list by itself. */
static void
test_outside_write_refreshes (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *page;
  GListModel *model;
  guint n_changes = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "accounts"));
  test_spin ();
  page = concord_window_get_page (window, "accounts");
  model = concord_accounts_page_get_model (CONCORD_ACCOUNTS_PAGE (page));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &n_changes);
  g_assert_false (model_has_name (model, "From the command line"));

  while (!gtk_window_is_active (GTK_WINDOW (window)))
    g_main_context_iteration (NULL, TRUE);

  test_write_from_other_processes (fixture->dir, fixture->path, "From the command line");
  while (n_changes == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (model_has_name (model, "From the command line"));

  g_signal_handlers_disconnect_by_data (model, &n_changes);
  test_destroy_window (window);
}

/* Undo after someone else changed the row says so and keeps their value. */
static void
test_undo_refused_in_window (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  g_autoptr(ConcordWorkbook) other = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  gint64 id;

  test_add_account (fixture->workbook, "Acme");
  id = test_query_int (fixture->workbook, "SELECT max (id) FROM accounts");
  test_rename (fixture->workbook, "accounts", id, "Acme Ltd");

  other = concord_workbook_open (fixture->path, CONCORD_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  test_rename (other, "accounts", id, "Acme Group");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  dialog = test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "The account “Acme Group” was changed outside this window."));
  test_click (GTK_WIDGET (dialog), "_Close");
  test_spin ();
  g_assert_null (test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_cmpint (test_count_accounts_named (fixture->workbook, "Acme Group"), ==, 1);
  g_assert_true (concord_workbook_can_undo (fixture->workbook));

  test_destroy_window (window);
}

static gboolean
model_has_id (GListModel *model,
              gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (CONCORD_IS_RECORD (item) && concord_record_get_id (CONCORD_RECORD (item)) == id)
        return TRUE;
    }

  return FALSE;
}

static gint64
owned_items (ConcordWorkbook *workbook,
             gint64           person_id)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT (SELECT count(*) FROM accounts WHERE sales_owner_id = %1$" G_GINT64_FORMAT
    "          OR marketing_owner_id = %1$" G_GINT64_FORMAT ")"
    "     + (SELECT count(*) FROM plans WHERE sales_lead_id = %1$" G_GINT64_FORMAT
    "          OR marketing_lead_id = %1$" G_GINT64_FORMAT ")"
    "     + (SELECT count(*) FROM plan_milestones WHERE owner_id = %1$" G_GINT64_FORMAT ")"
    "     + (SELECT count(*) FROM contacts WHERE owner_id = %1$" G_GINT64_FORMAT ")"
    "     + (SELECT count(*) FROM initiatives WHERE owner_id = %1$" G_GINT64_FORMAT ")",
    person_id);

  return test_query_int (workbook, sql);
}

/* One undo brings a deleted person back with everything they owned or
 * led, whichever way the delete dialog was answered, and redo stays. */
static void
test_undo_person_delete (WorkbookFixture *fixture,
                         gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  const char *responses[] = { "_Leave Without Owner", "_Reassign and Delete" };
  guint n_with_plan = 0;
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "people"));
  test_spin ();
  page = concord_window_get_page (window, "people");

  for (guint i = 0; i < G_N_ELEMENTS (responses); i++)
    {
      gint64 person_id = test_query_int (fixture->workbook,
                                         "SELECT sales_owner_id FROM accounts WHERE sales_owner_id IS NOT NULL "
                                         "ORDER BY id LIMIT 1");
      gint64 n_people = concord_workbook_count (fixture->workbook, "people");
      gint64 n_owned = owned_items (fixture->workbook, person_id);
      g_autofree char *name = NULL;
      g_autofree char *sql = g_strdup_printf ("SELECT name FROM people WHERE id = %" G_GINT64_FORMAT, person_id);
      g_autofree char *label = NULL;
      ConcordRecordDropDown *heir;
      GtkDropDown *inner;
      GtkWindow *dialog;
      gint64 heir_id;

      name = test_query_string (fixture->workbook, sql);
      label = g_strdup_printf ("Delete %s", name);
      g_assert_cmpint (n_owned, >, 0);

      /* A plan they lead is open in its editor, as a user would have it. */
      g_free (sql);
      sql = g_strdup_printf ("SELECT min (id) FROM plans WHERE sales_lead_id = %1$" G_GINT64_FORMAT
                             " OR marketing_lead_id = %1$" G_GINT64_FORMAT, person_id);
      if (test_query_int (fixture->workbook, sql) > 0)
        {
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "plans"));
          g_assert_true (concord_plans_page_select (CONCORD_PLANS_PAGE (concord_window_get_page (window, "plans")),
                                                    test_query_int (fixture->workbook, sql)));
          test_spin ();
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "people"));
          test_spin ();
          n_with_plan++;
        }

      g_assert_true (concord_people_page_select (CONCORD_PEOPLE_PAGE (page), person_id));
      test_spin ();
      g_assert_true (gtk_widget_activate_action (page, "people.delete", NULL));
      dialog = test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL);
      heir = CONCORD_RECORD_DROP_DOWN (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
      inner = GTK_DROP_DOWN (concord_record_drop_down_get_drop_down (heir));
      g_assert_false (model_has_id (gtk_drop_down_get_model (inner), person_id));
      g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (inner)), ==, n_people - 1);
      gtk_drop_down_set_selected (inner, 1);
      heir_id = concord_record_drop_down_get_selected_id (heir);
      g_assert_cmpint (heir_id, !=, 0);
      g_assert_cmpint (heir_id, !=, person_id);
      test_click (GTK_WIDGET (dialog), responses[i]);
      test_spin ();

      g_assert_cmpint (concord_workbook_count (fixture->workbook, "people"), ==, n_people - 1);
      g_assert_cmpint (owned_items (fixture->workbook, person_id), ==, 0);
      if (i == 1)
        g_assert_cmpint (owned_items (fixture->workbook, heir_id), >=, n_owned);
      g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, label);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
      test_spin ();
      g_assert_cmpint (concord_workbook_count (fixture->workbook, "people"), ==, n_people);
      g_assert_cmpint (owned_items (fixture->workbook, person_id), ==, n_owned);
      g_assert_true (concord_workbook_can_redo (fixture->workbook));
      g_assert_cmpstr (concord_workbook_get_redo_label (fixture->workbook), ==, label);
    }
  g_assert_cmpuint (n_with_plan, >, 0);

  test_destroy_window (window);
}

/* A drop-down of people or accounts shows the new name after a rename,
 * and a person's label follows a renamed team. */
static void
test_drop_down_follows_rename (WorkbookFixture *fixture,
                               gconstpointer    data)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *person = concord_record_drop_down_new (fixture->workbook, "people", "name", FALSE);
  GtkWidget *account = concord_record_drop_down_new (fixture->workbook, "accounts", "name", TRUE);
  gint64 person_id = test_query_int (fixture->workbook, "SELECT min (id) FROM people WHERE team_id IS NOT NULL");
  gint64 team_id = test_query_int (fixture->workbook, "SELECT team_id FROM people WHERE id = (SELECT min (id) FROM people WHERE team_id IS NOT NULL)");
  gint64 account_id = test_query_int (fixture->workbook, "SELECT min (id) FROM accounts");
  g_autoptr(ConcordRecord) person_record = concord_workbook_get_record (fixture->workbook, "people", person_id, NULL);
  g_autoptr(ConcordRecord) account_record = concord_workbook_get_record (fixture->workbook, "accounts", account_id, NULL);
  g_autoptr(ConcordRecord) team_record = concord_workbook_get_record (fixture->workbook, "teams", team_id, NULL);
  g_autofree char *person_name = NULL;
  g_autofree char *account_name = NULL;
  g_autofree char *team_name = NULL;

  gtk_box_append (GTK_BOX (box), person);
  gtk_box_append (GTK_BOX (box), account);
  gtk_window_set_child (window, box);
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (person), person_id);
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (account), account_id);
  gtk_window_present (window);
  test_spin ();

  /* A suffix keeps each row where it is in the name order. */
  person_name = g_strdup_printf ("%s Jr", concord_record_get_string (person_record, "name"));
  account_name = g_strdup_printf ("%s Holding", concord_record_get_string (account_record, "name"));
  test_rename (fixture->workbook, "people", person_id, person_name);
  test_rename (fixture->workbook, "accounts", account_id, account_name);
  test_spin ();
  g_assert_nonnull (find_shown_label (person, person_name));
  g_assert_nonnull (find_shown_label (account, account_name));
  g_assert_cmpint (concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (person)), ==, person_id);
  g_assert_cmpint (concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (account)), ==, account_id);

  team_name = g_strdup_printf ("%s Europe", concord_record_get_string (team_record, "name"));
  test_rename (fixture->workbook, "teams", team_id, team_name);
  test_spin ();
  g_assert_nonnull (find_shown_label (person, team_name));

  gtk_window_destroy (window);
  test_spin ();
}

/* -1 when the known pipeline values of the list rise, 1 when they fall. */
static int
pipeline_order (GListModel *model)
{
  gboolean rises = TRUE, falls = TRUE;
  double previous = 0;
  gboolean have_previous = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (model, i);
      double value;

      if (concord_record_is_null (record, "pipeline_value"))
        continue;
      value = concord_record_get_double (record, "pipeline_value");
      if (have_previous)
        {
          rises = rises && value >= previous;
          falls = falls && value <= previous;
        }
      previous = value;
      have_previous = TRUE;
    }

  g_assert_true (rises != falls);

  return rises ? -1 : 1;
}

static void
test_accounts_header_sorts (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkColumnViewColumn *column = NULL;
  GtkColumnView *view;
  GListModel *columns;
  GtkWidget *page;
  GListModel *model;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "accounts"));
  test_spin ();
  page = concord_window_get_page (window, "accounts");
  model = concord_accounts_page_get_model (CONCORD_ACCOUNTS_PAGE (page));
  view = GTK_COLUMN_VIEW (test_find_type (page, GTK_TYPE_COLUMN_VIEW));
  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; i < g_list_model_get_n_items (columns) && column == NULL; i++)
    {
      g_autoptr(GtkColumnViewColumn) candidate = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (candidate), "Pipeline") == 0)
        column = candidate;
    }
  g_assert_nonnull (column);

  /* What the header's click and a second click set on the view's sorter. */
  gtk_column_view_sort_by_column (view, column, GTK_SORT_ASCENDING);
  test_spin ();
  g_assert_cmpint (pipeline_order (model), ==, -1);
  gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
  test_spin ();
  g_assert_cmpint (pipeline_order (model), ==, 1);

  test_destroy_window (window);
}

/* Enter in the accounts search opens the first match, typed just before. */
static void
test_accounts_search_enter (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  g_autofree char *name = NULL;
  g_autofree char *word = NULL;
  GtkWidget *page;
  GtkWidget *entry;
  GtkStack *stack;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "accounts"));
  test_spin ();
  page = concord_window_get_page (window, "accounts");
  entry = test_find_type (page, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);

  /* The last account by name, so the unfiltered first row is another. */
  name = test_query_string (fixture->workbook, "SELECT name FROM accounts ORDER BY name COLLATE NOCASE DESC LIMIT 1");
  word = g_strndup (name, strcspn (name, " "));

  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), word);
  g_signal_emit_by_name (entry, "activate");
  test_spin ();

  stack = GTK_STACK (test_find_widget (page, is_stack_with, "editor"));
  g_assert_nonnull (stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "editor");
  g_assert_nonnull (find_shown_label (gtk_stack_get_visible_child (stack), name));

  test_destroy_window (window);
}

/* Ctrl+Shift+I opens Import and Merge even where GTK's inspector binding is on. */
static void
test_import_shortcut (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  g_autoptr(GSettings) debug = g_settings_new ("org.gtk.gtk4.Settings.Debug");
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWindow *chooser;

  /* As Debian ships it; no warning dialog in front of the inspector. */
  g_settings_set_boolean (debug, "enable-inspector-keybinding", TRUE);
  g_settings_set_boolean (debug, "inspector-warning", FALSE);
  g_assert_true (test_press_shortcut (GTK_WIDGET (window), GDK_KEY_I, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  test_spin ();
  chooser = test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Import and Merge");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  test_spin ();
  g_assert_null (test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL));

  test_destroy_window (window);
}

/* Presses @keys (xdotool's names, "ctrl+n") on the X server, as a user's
 * keyboard would, and lets the window handle them. */
static void
press_keys (const char *keys)
{
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *argv[] = { "xdotool", "key", "--clearmodifiers", keys, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  gdk_display_sync (gdk_display_get_default ());
  test_spin ();
}

static gboolean
is_sidebar_row (GtkWidget     *widget,
                gconstpointer  page)
{
  return GTK_IS_LIST_BOX_ROW (widget) && !gtk_widget_is_ancestor (widget, GTK_WIDGET (page)) &&
         gtk_widget_get_mapped (widget);
}

static void
focus_sidebar (ConcordWindow *window)
{
  GtkWidget *page = concord_window_get_page (window, "accounts");
  GtkWidget *row = test_find_widget (GTK_WIDGET (window), is_sidebar_row, page);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (row));
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), page));
}

static gboolean
is_bulk_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_ACTION_BAR) != NULL;
}

static void
select_first_rows (GtkWidget *page,
                   guint      n)
{
  GtkSelectionModel *selection = concord_accounts_page_get_selection (CONCORD_ACCOUNTS_PAGE (page));

  g_assert_true (gtk_selection_model_select_range (selection, 0, n, TRUE));
  test_spin ();
}

/* Ctrl+N, Delete and Ctrl+Z, pressed on the keyboard, work while the
 * sidebar has the focus and right after a bulk change. */
static void
test_shortcuts_from_sidebar (WorkbookFixture *fixture,
                             gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  gint64 n = concord_workbook_count (fixture->workbook, "accounts");
  GtkWidget *page = concord_window_get_page (window, "accounts");
  GtkStack *stack = GTK_STACK (test_find_widget (page, is_stack_with, "editor"));
  GtkWidget *bulk_button;

  while (!gtk_window_is_active (GTK_WINDOW (window)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "accounts"));
  test_spin ();

  focus_sidebar (window);
  press_keys ("ctrl+n");
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), ==, n + 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "editor");

  focus_sidebar (window);
  press_keys ("ctrl+z");
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), ==, n);

  g_assert_true (gtk_widget_activate_action (page, "accounts.show-list", NULL));
  test_spin ();
  select_first_rows (page, 2);
  focus_sidebar (window);
  press_keys ("Delete");
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), ==, n - 2);
  focus_sidebar (window);
  press_keys ("ctrl+z");
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), ==, n);

  /* A bulk change from the bar's menu: the bar, and the focus in it, go away. */
  select_first_rows (page, 3);
  while ((bulk_button = test_find_widget (page, is_bulk_button, NULL)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_grab_focus (bulk_button);
  g_assert_true (gtk_widget_activate_action (bulk_button, "accounts.set-tier", "s", "strategic"));
  test_spin ();
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM accounts WHERE tier = 'strategic'"),
                   >=, 3);
  press_keys ("ctrl+z");
  g_assert_cmpstr (concord_workbook_get_redo_label (fixture->workbook), !=, NULL);
  press_keys ("ctrl+n");
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "accounts"), ==, n + 1);

  test_destroy_window (window);
}

static gboolean
is_row_leading_to (GtkWidget     *widget,
                   gconstpointer  action)
{
  return GTK_IS_LIST_BOX_ROW (widget) &&
         g_strcmp0 (g_object_get_data (G_OBJECT (widget), "target-action"), action) == 0;
}

/* A dashboard row that opens an item of @table on the plans page. */
static gboolean
is_link_to_item_of (GtkWidget     *widget,
                    gconstpointer  table)
{
  GVariant *parameter;
  const char *target;
  gint64 id;

  if (!is_row_leading_to (widget, "plans.show-item"))
    return FALSE;
  parameter = g_object_get_data (G_OBJECT (widget), "target-parameter");
  g_variant_get (parameter, "(&sx)", &target, &id);

  return g_str_equal (target, table);
}

typedef struct
{
  const char *table;
  gint64      id;
} ItemKey;

static gboolean
is_item_row (GtkWidget     *widget,
             gconstpointer  data)
{
  const ItemKey *key = data;
  ConcordRecord *record = ADW_IS_EXPANDER_ROW (widget) ? g_object_get_data (G_OBJECT (widget), "record") : NULL;

  return record != NULL && concord_record_get_id (record) == key->id &&
         g_str_equal (concord_record_get_table (record), key->table);
}

static gboolean
in_view (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t top, bottom;

  return scrolled != NULL && gtk_widget_get_height (widget) > 0 &&
         gtk_widget_compute_point (widget, scrolled, &GRAPHENE_POINT_INIT (0, 0), &top) &&
         gtk_widget_compute_point (widget, scrolled, &GRAPHENE_POINT_INIT (0, MIN (gtk_widget_get_height (widget), 40)),
                                   &bottom) &&
         top.y >= 0 && bottom.y <= gtk_widget_get_height (scrolled);
}

/* A dashboard KPI or milestone opens its plan scrolled to that item. */
static void
test_dashboard_links (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  const char *tables[] = { "plan_kpis", "plan_milestones" };
  GtkWidget *dashboard = concord_window_get_page (window, "dashboard");
  GtkWidget *plans = concord_window_get_page (window, "plans");

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      GtkWidget *link, *row;
      GVariant *parameter;
      const char *table;
      gint64 item_id;
      g_autofree char *sql = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "dashboard"));
      test_spin ();
      /* The last shown row of the card, so that the plan must scroll. */
      link = test_find_widget (dashboard, is_link_to_item_of, tables[i]);
      for (GtkWidget *next = link; next != NULL; next = gtk_widget_get_next_sibling (next))
        if (is_link_to_item_of (next, tables[i]))
          link = next;
      g_assert_nonnull (link);
      parameter = g_object_get_data (G_OBJECT (link), "target-parameter");
      g_variant_get (parameter, "(&sx)", &table, &item_id);

      g_signal_emit_by_name (link, "activate");
      test_spin ();
      g_assert_cmpstr (concord_window_get_page_name (window), ==, "plans");
      sql = g_strdup_printf ("SELECT plan_id FROM %s WHERE id = %" G_GINT64_FORMAT, table, item_id);
      g_assert_cmpint (concord_plans_page_get_selected_id (CONCORD_PLANS_PAGE (plans)), ==,
                       test_query_int (fixture->workbook, sql));

      row = test_find_widget (plans, is_item_row, &(ItemKey) { table, item_id });
      g_assert_nonnull (row);
      /* Laid out, scrolled and focused at the next frames. */
      while (!in_view (row) || !gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), row))
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
    }

  test_destroy_window (window);
}

/* A tier row of the dashboard lists exactly the accounts of that tier. */
static void
test_dashboard_tier_link (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *dashboard = concord_window_get_page (window, "dashboard");
  GtkWidget *accounts = concord_window_get_page (window, "accounts");
  GtkWidget *link = test_find_widget (dashboard, is_row_leading_to, "accounts.show-tier");
  GListModel *model = concord_accounts_page_get_model (CONCORD_ACCOUNTS_PAGE (accounts));
  const char *tier;
  g_autofree char *sql = NULL;

  g_assert_nonnull (link);
  /* The second tier row, so the first row of the whole list is not enough. */
  link = gtk_widget_get_next_sibling (link);
  tier = g_variant_get_string (g_object_get_data (G_OBJECT (link), "target-parameter"), NULL);
  g_signal_emit_by_name (link, "activate");
  test_spin ();

  g_assert_cmpstr (concord_window_get_page_name (window), ==, "accounts");
  sql = g_strdup_printf ("SELECT count(*) FROM accounts WHERE tier = '%s'", tier);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, test_query_int (fixture->workbook, sql));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (model, i);

      g_assert_cmpstr (concord_record_get_string (record, "tier"), ==, tier);
    }

  test_destroy_window (window);
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  guint *n = user_data;

  (*n)++;

  return G_SOURCE_CONTINUE;
}

/* Lets @widget's window lay out and draw @n frames. */
static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  guint seen = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame, &seen, NULL);

  while (seen < n)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, id);
}

static double
y_in (GtkWidget *widget,
      GtkWidget *ancestor)
{
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, ancestor, &GRAPHENE_POINT_INIT (0, 0), &point));

  return point.y;
}

static gboolean
is_expander_of_table (GtkWidget     *widget,
                      gconstpointer  table)
{
  ConcordRecord *record = ADW_IS_EXPANDER_ROW (widget) ? g_object_get_data (G_OBJECT (widget), "record") : NULL;

  return record != NULL && g_str_equal (concord_record_get_table (record), table);
}

/* Going over budget, or back, does not move the budget lines. */
static void
test_budget_keeps_height (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *plans = concord_window_get_page (window, "plans");
  gint64 line_id = test_query_int (fixture->workbook, "SELECT min (id) FROM plan_budget_lines");
  gint64 planned;
  g_autofree char *sql = g_strdup_printf ("SELECT plan_id FROM plan_budget_lines WHERE id = %" G_GINT64_FORMAT, line_id);
  g_autofree char *planned_sql = g_strdup_printf ("SELECT planned FROM plan_budget_lines WHERE id = %" G_GINT64_FORMAT, line_id);
  double before;
  GtkWidget *row;

  planned = test_query_int (fixture->workbook, planned_sql);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "plans"));
  g_assert_true (concord_plans_page_select (CONCORD_PLANS_PAGE (plans), test_query_int (fixture->workbook, sql)));
  wait_frames (plans, 3);
  row = test_find_widget (plans, is_expander_of_table, "plan_budget_lines");
  g_assert_nonnull (row);
  before = y_in (row, plans);

  for (int round = 0; round < 2; round++)
    {
      g_autoptr(ConcordFields) fields = concord_fields_new ();
      g_autoptr(GError) error = NULL;

      /* Far over the plan's budget, then back within it. */
      concord_fields_set_int (fields, "actual", round == 0 ? planned * 100 + 100000 : 0);
      g_assert_true (concord_workbook_update (fixture->workbook, "plan_budget_lines", line_id, fields, &error));
      g_assert_no_error (error);
      wait_frames (plans, 3);
      row = test_find_widget (plans, is_expander_of_table, "plan_budget_lines");
      g_assert_cmpfloat (y_in (row, plans), ==, before);
    }

  test_destroy_window (window);
}

static gboolean
is_entry_row_titled (GtkWidget     *widget,
                     gconstpointer  title)
{
  return ADW_IS_ENTRY_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* A coverage gap opening or closing does not move the account's fields. */
static void
test_coverage_keeps_fields_in_place (WorkbookFixture *fixture,
                                     gconstpointer    data)
{
  ConcordWindow *window = test_present_window (fixture->workbook);
  GtkWidget *accounts = concord_window_get_page (window, "accounts");
  gint64 account_id = test_query_int (fixture->workbook,
                                      "SELECT min (id) FROM accounts WHERE marketing_owner_id IS NOT NULL");
  gint64 owner_id = test_query_int (fixture->workbook, "SELECT min (id) FROM people");
  GtkWidget *name_row;
  double before;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "accounts"));
  g_assert_true (gtk_widget_activate_action (accounts, "accounts.select", "x", account_id));
  wait_frames (accounts, 3);
  name_row = test_find_widget (accounts, is_entry_row_titled, "Name");
  g_assert_nonnull (name_row);
  before = y_in (name_row, accounts);

  for (int round = 0; round < 2; round++)
    {
      g_autoptr(ConcordFields) fields = concord_fields_new ();
      g_autoptr(GError) error = NULL;

      if (round == 0)
        concord_fields_set_null (fields, "marketing_owner_id");
      else
        concord_fields_set_id (fields, "marketing_owner_id", owner_id);
      g_assert_true (concord_workbook_update (fixture->workbook, "accounts", account_id, fields, &error));
      g_assert_no_error (error);
      wait_frames (accounts, 3);
      g_assert_cmpfloat (y_in (name_row, accounts), ==, before);
    }

  test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app-safety/chooser-keeps-locks", WorkbookFixture, NULL,
              workbook_fixture_setup, test_chooser_keeps_locks, workbook_fixture_teardown);
  g_test_add ("/app-safety/report-dialog-responses", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_report_dialog_responses, workbook_fixture_teardown);
  g_test_add ("/app-safety/outside-write-refreshes", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_outside_write_refreshes, workbook_fixture_teardown);
  g_test_add ("/app-safety/undo-refused", WorkbookFixture, NULL,
              workbook_fixture_setup, test_undo_refused_in_window, workbook_fixture_teardown);
  g_test_add ("/app-safety/undo-person-delete", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_undo_person_delete, workbook_fixture_teardown);
  g_test_add ("/app-safety/drop-down-follows-rename", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_drop_down_follows_rename, workbook_fixture_teardown);
  g_test_add ("/app-safety/accounts-header-sorts", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_accounts_header_sorts, workbook_fixture_teardown);
  g_test_add ("/app-safety/accounts-search-enter", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_accounts_search_enter, workbook_fixture_teardown);
  g_test_add ("/app-safety/import-shortcut", WorkbookFixture, NULL,
              workbook_fixture_setup, test_import_shortcut, workbook_fixture_teardown);
  g_test_add ("/app-safety/shortcuts-from-sidebar", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_shortcuts_from_sidebar, workbook_fixture_teardown);
  g_test_add ("/app-safety/dashboard-links", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_dashboard_links, workbook_fixture_teardown);
  g_test_add ("/app-safety/dashboard-tier-link", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_dashboard_tier_link, workbook_fixture_teardown);
  g_test_add ("/app-safety/budget-keeps-height", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_budget_keeps_height, workbook_fixture_teardown);
  g_test_add ("/app-safety/coverage-keeps-fields", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_coverage_keeps_fields_in_place, workbook_fixture_teardown);

  return g_test_run ();
}
