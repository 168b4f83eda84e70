/* test-team-app.c: the window and a team server, as a user meets them
 *
 * A real, throwaway PostgreSQL (concord-pg-test-util) and a private
 * gnome-keyring-daemon on the test's own D-Bus session (the suite runs it
 * under dbus-run-session). The app never sees PGPASSWORD here: every
 * password it uses comes from the dialog or the keyring.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "concord-fields.h"
#include "concord-merge-dialog.h"
#include "concord-pg-test-util.h"
#include "concord-team-dialog.h"
#include "concord-team-secret.h"
#include "concord-team-status.h"
#include "concord-team.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

#define WAIT_SECONDS 60

typedef struct
{
  TestPgServer   server;
  ConcordWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  test_pg_setup (&fixture->server);
  g_unsetenv ("PGPASSWORD");
}

/* Waiting, for an event and never for a guessed time ------------------- */

static ConcordTeamStatus *
status_of (Fixture *fixture)
{
  GtkWidget *status = test_find_type (GTK_WIDGET (fixture->window), CONCORD_TYPE_TEAM_STATUS);

  g_assert_nonnull (status);
  return CONCORD_TEAM_STATUS (status);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Closes the window as its close button does, and waits until its team
 * status and its workbook are gone: a sync still running in a worker
 * thread ends unseen, and nothing of the window runs after it. */
static void
close_window (Fixture *fixture)
{
  gpointer status = status_of (fixture);
  gpointer workbook = concord_window_get_workbook (fixture->window);

  g_object_add_weak_pointer (status, &status);
  if (workbook != NULL)
    g_object_add_weak_pointer (workbook, &workbook);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  test_wait_until (pointer_cleared, &status, WAIT_SECONDS, "the closed window's team status to go");
  test_wait_until (pointer_cleared, &workbook, WAIT_SECONDS, "the closed window's workbook to close");
  test_spin ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    close_window (fixture);
  test_pg_teardown (&fixture->server);
}

typedef struct
{
  ConcordTeamStatus *status;
  ConcordTeamState   state;
} StateWait;

static gboolean
in_state (gpointer data)
{
  StateWait *wait = data;

  return concord_team_status_get_state (wait->status) == wait->state;
}

static void
wait_for_state (Fixture          *fixture,
                ConcordTeamState  state,
                const char       *what)
{
  StateWait wait = { status_of (fixture), state };

  test_wait_until (in_state, &wait, WAIT_SECONDS, what);
}

typedef struct
{
  ConcordWorkbook *workbook;
  const char      *sql;
} QueryWait;

static gboolean
query_true (gpointer data)
{
  QueryWait *wait = data;

  return test_query_int (wait->workbook, wait->sql) != 0;
}

/* Until the window's own connection reads what a sync wrote. */
static void
wait_for_row (ConcordWorkbook *workbook,
              const char      *sql)
{
  QueryWait wait = { workbook, sql };

  test_wait_until (query_true, &wait, WAIT_SECONDS, sql);
}

typedef struct
{
  TestPgServer *server;
  const char   *sql;
} ServerWait;

static gboolean
server_true (gpointer data)
{
  ServerWait *wait = data;

  return test_pg_count (wait->server, wait->sql) != 0;
}

static gboolean
server_false (gpointer data)
{
  return !server_true (data);
}

/* The server's sessions of Bob's window: the sync's and the listener's. */
#define BOB_SESSIONS "SELECT count(*) FROM pg_stat_activity WHERE usename = 'bob'"

/* Until the server holds what the window sent. Each look is a query of
 * its own; the loop runs the window in between. */
static void
wait_for_server (Fixture    *fixture,
                 const char *sql)
{
  ServerWait wait = { &fixture->server, sql };

  test_wait_until (server_true, &wait, WAIT_SECONDS, sql);
}

static gboolean
dialog_answered (gpointer data)
{
  ConcordTeamDialog *dialog = data;

  return concord_team_dialog_get_error (dialog) != NULL;
}

static gboolean
listening (gpointer data)
{
  return concord_team_status_get_listening (data);
}

static gboolean
no_dialog (gpointer data)
{
  return concord_team_status_get_dialog (data) == NULL;
}

static gboolean
merge_dialog_shown (gpointer data)
{
  GtkWindow *dialog = concord_team_status_get_dialog (data);

  return dialog != NULL && CONCORD_IS_MERGE_DIALOG (dialog);
}

/* Laptops ---------------------------------------------------------------- */

static char *
work_path (Fixture    *fixture,
           const char *name)
{
  return g_build_filename (fixture->server.work, name, NULL);
}

static char *
password_of (const char *user)
{
  return g_strconcat (user, "-secret", NULL);
}

static void
add_person (ConcordWorkbook *workbook,
            const char      *name,
            const char      *title)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  concord_fields_set_string (fields, "name", name);
  concord_fields_set_string (fields, "title", title);
  concord_workbook_insert (workbook, "people", fields, &error);
  g_assert_no_error (error);
}

/* Another laptop, outside the app: its password given to each call. */
static void
sync_as (ConcordWorkbook *workbook,
         const char      *user)
{
  g_autofree char *secret = password_of (user);
  ConcordTeamSyncResult result = { 0 };
  g_autoptr(GError) error = NULL;

  concord_team_sync (workbook, secret, CONCORD_RESOLVE_UNSET, &result, &error);
  g_assert_no_error (error);
  concord_team_sync_result_clear (&result);
}

static ConcordWorkbook *
publish_alice (Fixture *fixture)
{
  g_autofree char *url = test_pg_url (&fixture->server, "team", "alice");
  g_autofree char *path = work_path (fixture, "alice.concord");
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);

  g_assert_no_error (error);
  add_person (workbook, "Dana Ortiz", "Head of Sales");
  g_assert_true (concord_team_publish (workbook, url, "alice-secret", &error));
  g_assert_no_error (error);
  return workbook;
}

/* @user's laptop: a clone, with the password in the keyring as a
 * connect leaves it. */
static char *
clone_as (Fixture    *fixture,
          const char *user)
{
  g_autofree char *url = test_pg_url (&fixture->server, "team", user);
  g_autofree char *name = g_strconcat (user, ".concord", NULL);
  g_autofree char *secret = password_of (user);
  g_autofree char *address = concord_team_address (url, NULL);
  char *path = work_path (fixture, name);
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *workbook = concord_team_clone (url, secret, path, &error);

  g_assert_no_error (error);
  g_object_unref (workbook);
  g_assert_true (concord_team_secret_store (address, secret, &error));
  g_assert_no_error (error);
  return path;
}

/* The window on @path, before the loop has run once: the sync on open
 * has started and not ended. */
static ConcordWorkbook *
present_window (Fixture    *fixture,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  fixture->window = concord_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1300, 900);
  concord_window_set_workbook (fixture->window, workbook);
  gtk_window_present (GTK_WINDOW (fixture->window));
  return concord_window_get_workbook (fixture->window);
}

static ConcordWorkbook *
open_window (Fixture    *fixture,
             const char *path)
{
  ConcordWorkbook *workbook = present_window (fixture, path);

  test_spin ();
  return workbook;
}

/* Adds a person on the People page, as a user types her name. */
static void
add_person_in_window (Fixture    *fixture,
                      const char *name)
{
  GtkWidget *page;

  g_assert_true (concord_window_show_page (fixture->window, "people"));
  test_spin ();
  page = concord_window_get_page (fixture->window, "people");
  g_assert_true (gtk_widget_activate_action (page, "people.add", NULL));
  test_spin ();
  test_apply_text (page, "Name", name);
}

static void
press (GtkWidget  *root,
       const char *action)
{
  GtkWidget *button = test_find_actionable (root, action);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  test_spin ();
}

static ConcordTeamDialog *
open_connect (Fixture *fixture)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "team.connect", NULL));
  test_spin ();
  dialog = concord_team_status_get_dialog (status_of (fixture));
  g_assert_true (CONCORD_IS_TEAM_DIALOG (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  return CONCORD_TEAM_DIALOG (dialog);
}

static void
fill (ConcordTeamDialog *dialog,
      const char        *address,
      const char        *user,
      const char        *password)
{
  gtk_editable_set_text (GTK_EDITABLE (test_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Server Address")),
                         address);
  gtk_editable_set_text (GTK_EDITABLE (test_find_row (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "User")), user);
  gtk_editable_set_text (GTK_EDITABLE (test_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW,
                                                      "Password")), password);
}

/* Whether the workbook's bytes, or its write-ahead log's, hold @text. */
static gboolean
file_holds (const char *path,
            const char *text)
{
  gsize n = strlen (text);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strconcat (path, i ? "-wal" : "", NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;

      if (!g_file_get_contents (name, &bytes, &length, NULL))
        continue;
      for (gsize at = 0; at + n <= length; at++)
        if (memcmp (bytes + at, text, n) == 0)
          return TRUE;
    }
  return FALSE;
}

/* Tests ------------------------------------------------------------------ */

/* Cancel, a wrong password, then the right one: the workbook goes to the
 * empty database, the password to the keyring, and an edit in the
 * window reaches the server. */
static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = work_path (fixture, "mine.concord");
  g_autofree char *url = g_strdup_printf ("postgresql:///team?host=%s", fixture->server.dir);
  g_autofree char *kept = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;
  ConcordTeamDialog *dialog;
  ConcordWorkbook *workbook;
  const char *message;
  char *secret;

  {
    g_autoptr(ConcordWorkbook) start = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);

    g_assert_no_error (error);
    add_person (start, "Dana Ortiz", "Head of Sales");
  }
  workbook = open_window (fixture, path);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (status_of (fixture))));

  /* Cancel: nothing happens, here or there. */
  dialog = open_connect (fixture);
  fill (dialog, url, "alice", "alice-secret");
  press (GTK_WIDGET (dialog), "window.close");
  g_assert_null (concord_team_status_get_dialog (status_of (fixture)));
  g_assert_cmpint (concord_team_status_get_state (status_of (fixture)), ==, CONCORD_TEAM_STATE_NONE);
  g_assert_cmpint (test_pg_count (&fixture->server, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'concord%'"),
                   ==, 0);

  /* A wrong password: the dialog stays and says which server refused whom. */
  dialog = open_connect (fixture);
  fill (dialog, url, "alice", "not-the-password");
  press (GTK_WIDGET (dialog), "team-dialog.connect");
  test_wait_until (dialog_answered, dialog, WAIT_SECONDS, "the refusal");
  message = concord_team_dialog_get_error (dialog);
  g_assert_nonnull (strstr (message, fixture->server.dir));
  g_assert_nonnull (strstr (message, "“alice”"));
  g_assert_nonnull (strstr (message, "refused the password"));
  g_assert_null (strstr (message, "FATAL"));
  g_assert_null (strstr (message, "PGPASSWORD"));
  g_assert_true (concord_team_status_get_dialog (status_of (fixture)) == GTK_WINDOW (dialog));
  kept = concord_workbook_dup_meta (workbook, CONCORD_TEAM_URL_KEY);
  g_assert_null (kept);

  /* The right one, with Enter in the password row: published, synced. */
  fill (dialog, url, "alice", "alice-secret");
  g_signal_emit_by_name (test_find_row (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Password"), "entry-activated");
  test_wait_until (no_dialog, status_of (fixture), WAIT_SECONDS, "the dialog to close");
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the first sync");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status_of (fixture))));
  g_assert_cmpstr (concord_team_status_get_summary (status_of (fixture)), ==, "Synced");
  g_assert_cmpint (test_pg_count (&fixture->server, "SELECT count(*) FROM concord_records WHERE body LIKE '%Dana Ortiz%'"),
                   ==, 1);
  /* The popover names the server in words, not as an encoded address. */
  {
    g_autofree char *where = g_strdup_printf ("Database “team” on %s, as user “alice”.", fixture->server.dir);

    g_assert_cmpstr (concord_team_status_get_detail (status_of (fixture)), ==, where);
  }

  /* The keyring has the password; the workbook has the address only. */
  kept = concord_workbook_dup_meta (workbook, CONCORD_TEAM_URL_KEY);
  address = concord_team_address (url, "alice");
  g_assert_cmpstr (kept, ==, address);
  secret = concord_team_secret_lookup (address, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "alice-secret");
  secret_password_free (secret);
  g_assert_false (file_holds (path, "alice-secret"));

  /* An edit in the window goes to the server by itself. */
  add_person_in_window (fixture, "Lee Park");
  wait_for_server (fixture, "SELECT count(*) FROM concord_records WHERE body LIKE '%Lee Park%'");
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the sync after the edit");
  g_assert_true (concord_workbook_can_undo (workbook));
}

/* Bob's window hears Alice's push and brings it in. */
static void
test_notify (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autofree char *path = clone_as (fixture, "bob");
  ConcordWorkbook *bob = open_window (fixture, path);

  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the sync on open");
  test_wait_until (listening, status_of (fixture), WAIT_SECONDS, "the window to listen");

  add_person (alice, "Sam Reyes", "Field marketing");
  sync_as (alice, "alice");
  wait_for_row (bob, "SELECT count(*) FROM people WHERE name = 'Sam Reyes'");
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the sync after the news");
}

/* The server goes away: "Offline", the edit stays here and undoable,
 * and Sync Now sends it once the server is back. */
static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autofree char *path = clone_as (fixture, "bob");
  ConcordWorkbook *bob = open_window (fixture, path);
  ConcordTeamStatus *status;
  GtkWidget *button;

  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the sync on open");
  status = status_of (fixture);
  test_wait_until (listening, status, WAIT_SECONDS, "the window to listen");

  test_pg_kill (&fixture->server);
  wait_for_state (fixture, CONCORD_TEAM_STATE_OFFLINE, "the lost server");
  g_assert_cmpstr (concord_team_status_get_summary (status), ==, "Offline");
  g_assert_nonnull (strstr (concord_team_status_get_detail (status), "No team server answers at"));

  add_person_in_window (fixture, "Ravi Menon");
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCING, "the sync after the edit");
  wait_for_state (fixture, CONCORD_TEAM_STATE_OFFLINE, "the sync to give up");
  g_assert_cmpuint (concord_team_status_get_waiting (status), ==, 1);
  g_assert_nonnull (strstr (concord_team_status_get_detail (status), "\n\n1 changed record is kept here for the next sync."));
  g_assert_cmpint (test_query_int (bob, "SELECT count(*) FROM people WHERE name = 'Ravi Menon'"), ==, 1);
  g_assert_true (concord_workbook_can_undo (bob));

  test_pg_start (&fixture->server);
  button = test_find_actionable (GTK_WIDGET (status), "team.sync");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the sync once the server is back");
  g_assert_cmpint (test_pg_count (&fixture->server, "SELECT count(*) FROM concord_records WHERE body LIKE '%Ravi Menon%'"),
                   ==, 1);
  g_assert_cmpuint (concord_team_status_get_waiting (status), ==, 0);
}

/* Bob's laptop, where he renamed Northwind while Alice renamed it
 * otherwise on the server: his next sync stops at the conflict. */
static char *
clone_in_conflict (Fixture         *fixture,
                   ConcordWorkbook *alice)
{
  char *path;

  test_add_account (alice, "Northwind");
  sync_as (alice, "alice");
  path = clone_as (fixture, "bob");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ConcordWorkbook) offline = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    test_rename (offline, "accounts", test_query_int (offline, "SELECT id FROM accounts WHERE name = 'Northwind'"),
                 "Northwind Traders");
  }
  test_rename (alice, "accounts", test_query_int (alice, "SELECT id FROM accounts WHERE name = 'Northwind'"),
               "Northwind Foods");
  sync_as (alice, "alice");
  return path;
}

/* Both renamed the same account: the window opens the merge dialog, and
 * the choice made there goes to the server. */
static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autofree char *path = clone_in_conflict (fixture, alice);
  GtkWindow *dialog;

  open_window (fixture, path);
  test_wait_until (merge_dialog_shown, status_of (fixture), WAIT_SECONDS, "the merge dialog");
  g_assert_cmpint (concord_team_status_get_state (status_of (fixture)), ==, CONCORD_TEAM_STATE_CONFLICTS);
  g_assert_cmpstr (concord_team_status_get_summary (status_of (fixture)), ==, "Conflicts");
  /* They wait for a choice: the header bar says so in colour too. */
  g_assert_true (gtk_widget_has_css_class (test_find_type (GTK_WIDGET (status_of (fixture)), GTK_TYPE_IMAGE), "warning"));
  g_assert_cmpint (test_pg_count (&fixture->server,
                                  "SELECT count(*) FROM concord_records WHERE body LIKE '%Northwind Traders%'"), ==, 0);

  /* Cancel leaves the conflicts waiting; Resolve Conflicts asks again. */
  dialog = concord_team_status_get_dialog (status_of (fixture));
  press (GTK_WIDGET (dialog), "window.close");
  g_assert_null (concord_team_status_get_dialog (status_of (fixture)));
  g_assert_cmpint (concord_team_status_get_state (status_of (fixture)), ==, CONCORD_TEAM_STATE_CONFLICTS);
  press (GTK_WIDGET (status_of (fixture)), "team.resolve");
  test_wait_until (merge_dialog_shown, status_of (fixture), WAIT_SECONDS, "the merge dialog again");

  dialog = concord_team_status_get_dialog (status_of (fixture));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.all", "s", "mine"));
  test_spin ();
  press (GTK_WIDGET (dialog), "merge.apply");
  wait_for_server (fixture, "SELECT count(*) FROM concord_records WHERE body LIKE '%Northwind Traders%'");
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the sync after the choice");
  g_assert_false (gtk_widget_has_css_class (test_find_type (GTK_WIDGET (status_of (fixture)), GTK_TYPE_IMAGE), "warning"));
}

/* Vera may only read: connecting clones the team's workbook into a new
 * file and opens it; her edit stays here, with the server's reason. */
static void
test_viewer (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autofree char *path = work_path (fixture, "vera-start.concord");
  g_autofree char *clone = work_path (fixture, "team.concord");
  g_autofree char *url = g_strdup_printf ("postgresql:///team?host=%s", fixture->server.dir);
  gint64 logged = test_pg_count (&fixture->server, "SELECT count(*) FROM concord_log");
  ConcordTeamDialog *dialog;
  ConcordWorkbook *vera;
  ConcordTeamStatus *status;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ConcordWorkbook) start = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);

    g_assert_no_error (error);
  }
  open_window (fixture, path);
  dialog = open_connect (fixture);
  fill (dialog, url, "vera", "vera-secret");
  press (GTK_WIDGET (dialog), "team-dialog.connect");
  test_wait_until (no_dialog, status_of (fixture), WAIT_SECONDS, "the dialog to close");

  vera = concord_window_get_workbook (fixture->window);
  g_assert_cmpstr (concord_workbook_get_path (vera), ==, clone);
  g_assert_cmpint (test_query_int (vera, "SELECT count(*) FROM people WHERE name = 'Dana Ortiz'"), ==, 1);
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the sync on open");
  status = status_of (fixture);

  add_person_in_window (fixture, "Nina Brandt");
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCING, "the sync after the edit");
  wait_for_state (fixture, CONCORD_TEAM_STATE_WAITING, "the refusal");
  g_assert_cmpstr (concord_team_status_get_summary (status), ==, "1 changed record waiting");
  g_assert_nonnull (strstr (concord_team_status_get_detail (status), "may only read"));
  g_assert_null (strstr (concord_team_status_get_detail (status), "ERROR"));
  g_assert_cmpint (test_query_int (vera, "SELECT count(*) FROM people WHERE name = 'Nina Brandt'"), ==, 1);
  g_assert_cmpint (test_pg_count (&fixture->server, "SELECT count(*) FROM concord_log"), ==, logged);
}

/* Bob closes his window while its sync on open runs, a sync that will
 * stop at a conflict: nothing opens for the closed window, and it leaves
 * no workbook open and no session on the server. */
static void
test_close_during_sync (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autofree char *path = clone_in_conflict (fixture, alice);

  present_window (fixture, path);
  g_assert_cmpint (concord_team_status_get_state (status_of (fixture)), ==, CONCORD_TEAM_STATE_SYNCING);
  close_window (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, 0);
  test_wait_until (server_false, &(ServerWait) { &fixture->server, BOB_SESSIONS }, WAIT_SECONDS,
                   "Bob's sessions to end");

  /* The conflict waits in the file for the next window. */
  open_window (fixture, path);
  test_wait_until (merge_dialog_shown, status_of (fixture), WAIT_SECONDS, "the merge dialog");
}

/* Bob closes his window while his edit waits for the sync after the
 * last one: the edit is in the file, the window leaves nothing running,
 * and the next window sends it. */
static void
test_close_during_debounce (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(ConcordWorkbook) alice = publish_alice (fixture);
  g_autofree char *path = clone_as (fixture, "bob");

  open_window (fixture, path);
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the sync on open");
  test_wait_until (listening, status_of (fixture), WAIT_SECONDS, "the window to listen");

  add_person_in_window (fixture, "Ravi Menon");
  /* Not syncing yet: the sync waits for two seconds without edits. */
  g_assert_cmpint (concord_team_status_get_state (status_of (fixture)), ==, CONCORD_TEAM_STATE_SYNCED);
  close_window (fixture);
  test_wait_until (server_false, &(ServerWait) { &fixture->server, BOB_SESSIONS }, WAIT_SECONDS,
                   "Bob's sessions to end");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ConcordWorkbook) file = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_cmpint (test_query_int (file, "SELECT count(*) FROM people WHERE name = 'Ravi Menon'"), ==, 1);
  }

  open_window (fixture, path);
  wait_for_server (fixture, "SELECT count(*) FROM concord_records WHERE body LIKE '%Ravi Menon%'");
  wait_for_state (fixture, CONCORD_TEAM_STATE_SYNCED, "the sync on open");
}

/* The keyring: a gnome-keyring-daemon of our own, on our own session bus. */

static GPid keyring_pid;

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
start_keyring (const char *home)
{
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--components=secrets", "--unlock", NULL };
  g_autoptr(GError) error = NULL;
  gboolean appeared = FALSE;
  int input = -1;
  guint watch;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    g_error ("No session bus: run this test under dbus-run-session, as meson test does");

  /* Its keyrings go in a home of its own. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &keyring_pid, &input, NULL, NULL, &error);
  g_assert_no_error (error);
  /* --unlock reads the login keyring's password from its input. */
  g_assert_cmpint (write (input, "test", 4), ==, 4);
  close (input);

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.secrets", G_BUS_NAME_WATCHER_FLAGS_NONE,
                            on_name_appeared, NULL, &appeared, NULL);
  test_wait_until (flag_set, &appeared, WAIT_SECONDS, "the keyring daemon");
  g_bus_unwatch_name (watch);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* One keyring for all the tests, as one user's session has. */
  home = test_make_tmpdir ();
  start_keyring (home);

  g_test_add ("/team-app/connect", Fixture, NULL, fixture_setup, test_connect, fixture_teardown);
  g_test_add ("/team-app/notify", Fixture, NULL, fixture_setup, test_notify, fixture_teardown);
  g_test_add ("/team-app/offline", Fixture, NULL, fixture_setup, test_offline, fixture_teardown);
  g_test_add ("/team-app/conflict", Fixture, NULL, fixture_setup, test_conflict, fixture_teardown);
  g_test_add ("/team-app/viewer", Fixture, NULL, fixture_setup, test_viewer, fixture_teardown);
  g_test_add ("/team-app/close-during-sync", Fixture, NULL, fixture_setup, test_close_during_sync,
              fixture_teardown);
  g_test_add ("/team-app/close-during-debounce", Fixture, NULL, fixture_setup, test_close_during_debounce,
              fixture_teardown);

  status = g_test_run ();

  kill (keyring_pid, SIGTERM);
  g_spawn_close_pid (keyring_pid);
  test_remove_tree (home);
  return status;
}
