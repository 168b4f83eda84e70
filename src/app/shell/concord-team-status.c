/* concord-team-status.c
 *
 * The team server, as the header bar shows it (synced, offline, N changes
 * waiting, conflicts) and as it keeps the workbook in step: a sync when a
 * team workbook opens, two seconds after the last edit, when the server
 * announces someone else's push (LISTEN on a connection of its own), and
 * again and again while the server cannot be reached.
 *
 * Every sync runs in a worker thread, on a connection of its own to the
 * workbook file, so the window never waits for the network. The window's
 * connection learns of what a sync wrote as of any outside change, and
 * the user's edits stay in its history, undoable. Fields both sides
 * changed are never settled here: the sync stops, and the conflict
 * dialog of Import and Merge asks. One sync at a time; a request during
 * one runs once it ends.
 */
#define G_LOG_DOMAIN "concord-team-status"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "concord-merge-dialog.h"
#include "concord-team-dialog.h"
#include "concord-team-secret.h"
#include "concord-team-status.h"
#include "concord-team.h"

/* After the last edit, before a sync. */
#define DEBOUNCE_MS 2000
/* While offline: the first retry, doubled each time up to the last. */
#define RETRY_FIRST_SECONDS 10
#define RETRY_MAX_SECONDS   120

struct _ConcordTeamStatus
{
  GtkWidget          parent_instance;

  GtkMenuButton     *button;
  GtkImage          *icon;
  GtkLabel          *summary_label;
  GtkLabel          *title_label;
  GtkLabel          *detail_label;
  GtkWidget         *resolve_button;

  GtkWindow         *window;        /* unowned: it owns us; NULL once it is destroyed */
  GSimpleActionGroup *actions;
  ConcordWorkbook   *workbook;
  char              *address;       /* the workbook's team server, or NULL */
  ConcordWorkbook   *worker;        /* the worker threads' own connection */
  GCancellable      *cancellable;

  ConcordTeamState   state;
  guint              waiting;
  char              *detail;

  gboolean           busy;          /* a sync or a connect runs */
  gboolean           listen_pending; /* a listener is connecting */
  gboolean           again;         /* sync once it ends */
  gboolean           show_conflicts; /* open the dialog over the conflicts the next sync finds */
  guint              debounce_id;
  guint              retry_id;
  guint              retry_seconds;

  ConcordTeamListener *listener;
  guint              listener_id;

  ConcordTeamDialog  *connect_dialog;
  GtkWindow          *merge_dialog;
};

G_DEFINE_FINAL_TYPE (ConcordTeamStatus, concord_team_status, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Jobs ------------------------------------------------------------------- */

typedef enum
{
  JOB_SYNC,
  JOB_CONNECT,
  JOB_LISTEN,
} JobKind;

typedef struct
{
  JobKind              kind;
  char                *path;       /* the workbook's file */
  char                *address;    /* without the password */
  char                *password;   /* typed in the dialog; else from the keyring */
  ConcordWorkbook     *worker;     /* in and out: the thread's connection to path */

  gboolean             ok;
  GError              *error;
  guint                waiting;
  gboolean             pulled;     /* the sync changed records here */
  ConcordMergePlan    *plan;       /* the conflicts the sync stopped at */
  char                *clone_path; /* connect: the new workbook */
  gboolean             kept;       /* connect: the keyring took the password */
  ConcordTeamListener *listener;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->address);
  if (job->password != NULL)
    secret_password_free (job->password);
  g_clear_object (&job->worker);
  g_clear_error (&job->error);
  g_clear_pointer (&job->plan, concord_merge_plan_free);
  g_free (job->clone_path);
  g_clear_pointer (&job->listener, concord_team_listener_free);
  g_free (job);
}

/* The password: typed just now, or kept in the keyring. Without either,
 * libpq looks where it always does (PGPASSWORD, ~/.pgpass). */
static const char *
job_password (Job *job)
{
  if (job->password == NULL)
    {
      g_autoptr(GError) error = NULL;

      job->password = concord_team_secret_lookup (job->address, &error);
      if (error != NULL)
        g_debug ("No keyring to ask for the password: %s", error->message);
    }
  return job->password;
}

static gboolean
job_open_worker (Job *job)
{
  if (job->worker == NULL)
    job->worker = concord_workbook_open (job->path, CONCORD_OPEN_DEFAULT, &job->error);
  return job->worker != NULL;
}

static void
job_sync (Job *job)
{
  ConcordTeamSyncResult result = { 0 };

  job->ok = concord_team_sync (job->worker, job_password (job), CONCORD_RESOLVE_UNSET, &result, &job->error);
  job->waiting = result.waiting;
  if (result.plan != NULL)
    {
      job->pulled = concord_merge_plan_get_n_added (result.plan) + concord_merge_plan_get_n_updated (result.plan) +
                    concord_merge_plan_get_n_deleted (result.plan) > 0;
      if (g_error_matches (job->error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_CONFLICTS))
        job->plan = g_steal_pointer (&result.plan);
    }
  concord_team_sync_result_clear (&result);
}

/* A new file beside @path, named after the team's database. */
static char *
clone_path_for (const char *path,
                const char *address)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *database = concord_team_get_option (address, "dbname");
  g_autofree char *base = g_strdup (database && *database && !strchr (database, G_DIR_SEPARATOR)
                                    ? database : "team");

  for (guint i = 1;; i++)
    {
      g_autofree char *name = i == 1 ? g_strconcat (base, CONCORD_FILE_EXTENSION, NULL)
                                     : g_strdup_printf ("%s (%u)%s", base, i, CONCORD_FILE_EXTENSION);
      g_autofree char *candidate = g_build_filename (dir, name, NULL);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
}

/* An empty database gets this workbook; this workbook's own team server
 * syncs; any other team workbook is cloned into a new file. */
static void
job_connect (Job *job)
{
  g_autofree char *kept = NULL;
  gboolean has_team = FALSE;

  if (!concord_team_probe (job->address, job->password, &has_team, &job->error))
    return;

  kept = concord_workbook_dup_meta (job->worker, CONCORD_TEAM_URL_KEY);
  if (!has_team)
    job->ok = concord_team_publish (job->worker, job->address, job->password, &job->error);
  else if (g_strcmp0 (kept, job->address) == 0)
    job_sync (job);
  else
    {
      g_autoptr(ConcordWorkbook) clone = NULL;

      job->clone_path = clone_path_for (job->path, job->address);
      clone = concord_team_clone (job->address, job->password, job->clone_path, &job->error);
      job->ok = clone != NULL;
    }

  /* Conflicts or a viewer's refusal still mean the password was right. */
  if (job->ok || g_error_matches (job->error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_CONFLICTS) ||
      g_error_matches (job->error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_PERMISSION))
    {
      g_autoptr(GError) error = NULL;

      job->kept = job->password == NULL || *job->password == '\0' ||
                  concord_team_secret_store (job->address, job->password, &error);
      if (error != NULL)
        g_debug ("The keyring did not take the password: %s", error->message);
    }
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;

  switch (job->kind)
    {
    case JOB_LISTEN:
      job->listener = concord_team_listen (job->address, job_password (job), &job->error);
      job->ok = job->listener != NULL;
      break;
    case JOB_SYNC:
      if (job_open_worker (job))
        job_sync (job);
      break;
    case JOB_CONNECT:
      if (job_open_worker (job))
        job_connect (job);
      break;
    }

  g_task_return_boolean (task, TRUE);
}

static void start_job (ConcordTeamStatus *self, Job *job);
static void update_actions (ConcordTeamStatus *self);

/* Showing ---------------------------------------------------------------- */

/* The team server as a person reads it: the database, where it is and
 * who signs in, rather than the address's encoded options. */
static char *
describe_address (const char *address)
{
  g_autofree char *database = concord_team_get_option (address, "dbname");
  g_autofree char *host = concord_team_get_option (address, "host");
  g_autofree char *port = concord_team_get_option (address, "port");
  g_autofree char *user = concord_team_get_option (address, "user");
  const char *server = host && *host ? host : "localhost";
  g_autofree char *where = port && *port ? g_strdup_printf ("%s:%s", server, port) : g_strdup (server);

  if (user != NULL && *user != '\0')
    /* TRANSLATORS: under "Synced with the team server"; a database, a host name (or socket folder), a user name */
    return g_strdup_printf (_("Database “%s” on %s, as user “%s”."), database ? database : "", where, user);
  /* TRANSLATORS: under "Synced with the team server"; a database, then a host name (or socket folder) */
  return g_strdup_printf (_("Database “%s” on %s."), database ? database : "", where);
}

/* Conflicts ask for the user's choice, a refusal for a look: the header
 * bar says so in colour, as well as in the icon and the words. */
static void
set_tone (ConcordTeamStatus *self,
          ConcordTeamState   state)
{
  const char *tone = state == CONCORD_TEAM_STATE_CONFLICTS ? "warning"
                   : state == CONCORD_TEAM_STATE_REFUSED ? "error" : NULL;
  GtkWidget *toned[] = { GTK_WIDGET (self->icon), GTK_WIDGET (self->summary_label) };

  for (guint i = 0; i < G_N_ELEMENTS (toned); i++)
    {
      gtk_widget_remove_css_class (toned[i], "warning");
      gtk_widget_remove_css_class (toned[i], "error");
      if (tone != NULL)
        gtk_widget_add_css_class (toned[i], tone);
    }
}

static void
set_state (ConcordTeamStatus *self,
           ConcordTeamState   state,
           const char        *detail)
{
  static const char *const icons[] = {
    [CONCORD_TEAM_STATE_NONE] = "emblem-ok-symbolic",
    [CONCORD_TEAM_STATE_SYNCING] = "emblem-synchronizing-symbolic",
    [CONCORD_TEAM_STATE_SYNCED] = "emblem-ok-symbolic",
    [CONCORD_TEAM_STATE_WAITING] = "document-send-symbolic",
    [CONCORD_TEAM_STATE_OFFLINE] = "network-offline-symbolic",
    [CONCORD_TEAM_STATE_CONFLICTS] = "dialog-warning-symbolic",
    [CONCORD_TEAM_STATE_REFUSED] = "dialog-error-symbolic",
  };
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *text = NULL;

  if (self->waiting > 0)
    waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u changed record waiting", "%u changed records waiting", self->waiting),
                               self->waiting);

  switch (state)
    {
    case CONCORD_TEAM_STATE_NONE:
      break;
    case CONCORD_TEAM_STATE_SYNCING:
      summary = g_strdup (_("Syncing…"));
      title = g_strdup (_("Syncing with the team server…"));
      break;
    case CONCORD_TEAM_STATE_SYNCED:
      summary = g_strdup (_("Synced"));
      title = g_strdup (_("Synced with the team server"));
      break;
    case CONCORD_TEAM_STATE_WAITING:
      summary = g_strdup (waiting ? waiting : _("Synced"));
      title = g_strdup (_("Your changes are not on the team server yet"));
      break;
    case CONCORD_TEAM_STATE_OFFLINE:
      summary = g_strdup (_("Offline"));
      title = g_strdup (_("The team server cannot be reached"));
      break;
    case CONCORD_TEAM_STATE_CONFLICTS:
      summary = g_strdup (_("Conflicts"));
      title = g_strdup (_("You and the team changed the same fields"));
      break;
    case CONCORD_TEAM_STATE_REFUSED:
      summary = g_strdup (waiting ? waiting : _("Not synced"));
      title = g_strdup (_("The team server refused the sync"));
      break;
    }

  if (waiting != NULL && state != CONCORD_TEAM_STATE_SYNCED)
    {
      /* TRANSLATORS: in the team status's popover, under what happened */
      g_autofree char *kept = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u changed record is kept here for the next sync.",
                                                            "%u changed records are kept here for the next sync.",
                                                            self->waiting),
                                               self->waiting);

      text = detail ? g_strconcat (detail, "\n\n", kept, NULL) : g_steal_pointer (&kept);
    }
  else if (detail != NULL)
    text = g_strdup (detail);
  else
    text = self->address ? describe_address (self->address) : g_strdup ("");

  g_free (self->detail);
  self->detail = g_steal_pointer (&text);

  gtk_widget_set_visible (GTK_WIDGET (self), state != CONCORD_TEAM_STATE_NONE);
  gtk_image_set_from_icon_name (self->icon, icons[state]);
  set_tone (self, state);
  gtk_label_set_text (self->summary_label, summary ? summary : "");
  gtk_label_set_text (self->title_label, title ? title : "");
  gtk_label_set_text (self->detail_label, self->detail);
  gtk_widget_set_visible (self->resolve_button, state == CONCORD_TEAM_STATE_CONFLICTS);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), title);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/* Listening -------------------------------------------------------------- */

static void sync_soon (ConcordTeamStatus *self);

static void
stop_listening (ConcordTeamStatus *self)
{
  g_clear_handle_id (&self->listener_id, g_source_remove);
  g_clear_pointer (&self->listener, concord_team_listener_free);
}

static gboolean
on_listener_readable (int          fd,
                      GIOCondition condition,
                      gpointer     user_data)
{
  ConcordTeamStatus *self = user_data;
  gboolean announced = FALSE;

  if (!concord_team_listener_read (self->listener, self->workbook, &announced))
    {
      /* The server went away: the sync says so, and retries. */
      self->listener_id = 0;
      g_clear_pointer (&self->listener, concord_team_listener_free);
      sync_soon (self);
      return G_SOURCE_REMOVE;
    }
  if (announced)
    sync_soon (self);
  return G_SOURCE_CONTINUE;
}

static void
listen_to (ConcordTeamStatus   *self,
           ConcordTeamListener *listener)
{
  stop_listening (self);
  self->listener = listener;
  self->listener_id = g_unix_fd_add (concord_team_listener_get_fd (listener),
                                     G_IO_IN | G_IO_HUP | G_IO_ERR, on_listener_readable, self);
}

/* Syncing ---------------------------------------------------------------- */

static Job *
job_new (ConcordTeamStatus *self,
         JobKind            kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->path = g_strdup (concord_workbook_get_path (self->workbook));
  job->address = g_strdup (self->address);
  return job;
}

static void
sync_now (ConcordTeamStatus *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  if (self->workbook == NULL || self->address == NULL)
    return;
  /* While the user chooses in a dialog, the next sync waits for the choice. */
  if (self->busy || self->merge_dialog != NULL || self->connect_dialog != NULL)
    {
      self->again = TRUE;
      return;
    }
  start_job (self, job_new (self, JOB_SYNC));
}

static gboolean
sync_timeout (gpointer user_data)
{
  ConcordTeamStatus *self = user_data;

  self->debounce_id = 0;
  self->retry_id = 0;
  sync_now (self);
  return G_SOURCE_REMOVE;
}

static void
sync_soon (ConcordTeamStatus *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_idle_add (sync_timeout, self);
}

static void
on_workbook_changed (ConcordTeamStatus *self)
{
  if (self->address == NULL)
    return;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, sync_timeout, self);
}

static void
retry_later (ConcordTeamStatus *self)
{
  self->retry_seconds = self->retry_seconds == 0 ? RETRY_FIRST_SECONDS
                                                 : MIN (self->retry_seconds * 2, RETRY_MAX_SECONDS);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add_seconds (self->retry_seconds, sync_timeout, self);
}

static void
on_merge_failed (ConcordMergeDialog *dialog,
                 const char         *message,
                 ConcordTeamStatus  *self)
{
  set_state (self, CONCORD_TEAM_STATE_CONFLICTS, message);
}

static void
on_merged (ConcordMergeDialog *dialog,
           ConcordTeamStatus  *self)
{
  /* The choices made are edits of their own: they go to the server now. */
  self->again = TRUE;
}

static void
on_merge_dialog_destroyed (ConcordTeamStatus *self)
{
  self->merge_dialog = NULL;
  if (self->again)
    {
      self->again = FALSE;
      sync_now (self);
    }
}

static void
show_conflicts (ConcordTeamStatus *self,
                ConcordMergePlan  *plan)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *where = concord_team_get_option (self->address, "dbname");
  ConcordMergeDialog *dialog;

  if (!concord_merge_plan_rebind (plan, self->workbook, &error))
    {
      concord_merge_plan_free (plan);
      set_state (self, CONCORD_TEAM_STATE_CONFLICTS, error->message);
      return;
    }

  dialog = concord_merge_dialog_new (self->window, plan, where ? where : self->address);
  self->merge_dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "merged", G_CALLBACK (on_merged), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (dialog, "failed", G_CALLBACK (on_merge_failed), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_merge_dialog_destroyed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
listen_soon (ConcordTeamStatus *self)
{
  if (self->listener != NULL || self->listen_pending)
    return;
  self->listen_pending = TRUE;
  start_job (self, job_new (self, JOB_LISTEN));
}

/* What a finished sync means for the header bar. */
static void
show_sync (ConcordTeamStatus *self,
           Job               *job)
{
  self->waiting = job->waiting;

  if (job->pulled)
    concord_workbook_notice_outside_changes (self->workbook);

  if (job->ok)
    {
      self->retry_seconds = 0;
      set_state (self, self->waiting > 0 ? CONCORD_TEAM_STATE_WAITING : CONCORD_TEAM_STATE_SYNCED, NULL);
      listen_soon (self);
      return;
    }

  if (g_error_matches (job->error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_CONFLICTS))
    {
      set_state (self, CONCORD_TEAM_STATE_CONFLICTS,
                 _("Nothing was synced: choose whose version to keep, then the sync goes on."));
      if (self->show_conflicts && job->plan != NULL)
        {
          self->show_conflicts = FALSE;
          show_conflicts (self, g_steal_pointer (&job->plan));
        }
      return;
    }

  if (g_error_matches (job->error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_UNREACHABLE) ||
      g_error_matches (job->error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_LOST))
    {
      stop_listening (self);
      set_state (self, CONCORD_TEAM_STATE_OFFLINE, job->error->message);
      retry_later (self);
      return;
    }

  if (g_error_matches (job->error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_PERMISSION))
    {
      /* A viewer: the pull went through; the changes here wait. */
      set_state (self, CONCORD_TEAM_STATE_WAITING, job->error->message);
      listen_soon (self);
      return;
    }

  set_state (self, CONCORD_TEAM_STATE_REFUSED, job->error->message);
}

static void
on_connect_dialog_destroyed (ConcordTeamStatus *self)
{
  self->connect_dialog = NULL;
  if (self->again)
    {
      self->again = FALSE;
      sync_now (self);
    }
}

static void
show_connect (ConcordTeamStatus *self,
              Job               *job)
{
  ConcordTeamDialog *dialog = self->connect_dialog;

  if (!job->ok && !g_error_matches (job->error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_CONFLICTS) &&
      !g_error_matches (job->error, CONCORD_TEAM_ERROR, CONCORD_TEAM_ERROR_PERMISSION))
    {
      /* The dialog stays, with the reason, for another try. */
      if (dialog != NULL)
        concord_team_dialog_show_error (dialog, job->error->message);
      return;
    }

  if (!job->kept)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "win.toast", "s",
                                _("Connected, but the keyring did not keep the password: it is asked again next time."));

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));

  if (job->clone_path != NULL)
    {
      /* The team's workbook opens in this window; this one stays as it was. */
      g_autoptr(GError) error = NULL;
      g_autoptr(ConcordWorkbook) clone = concord_workbook_open (job->clone_path, CONCORD_OPEN_DEFAULT, &error);

      if (clone == NULL)
        set_state (self, CONCORD_TEAM_STATE_REFUSED, error->message);
      else
        g_object_set (self->window, "workbook", clone, NULL);
      return;
    }

  if (g_strcmp0 (self->address, job->address) != 0)
    {
      stop_listening (self);
      g_free (self->address);
      self->address = g_strdup (job->address);
    }
  update_actions (self);
  self->show_conflicts = TRUE;
  show_sync (self, job);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  /* Ours to drop here, in the main thread (see start_job). */
  g_autoptr(ConcordTeamStatus) self = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));

  if (job->kind == JOB_LISTEN)
    self->listen_pending = FALSE;
  else
    self->busy = FALSE;

  /* Cancelled, or the window shows another workbook by now, or none. */
  if (g_task_had_error (G_TASK (result)) || self->workbook == NULL ||
      g_strcmp0 (job->path, concord_workbook_get_path (self->workbook)) != 0 ||
      (g_strcmp0 (job->address, self->address) != 0 && job->kind != JOB_CONNECT))
    return;

  if (job->kind != JOB_LISTEN && self->worker == NULL)
    self->worker = g_steal_pointer (&job->worker);

  switch (job->kind)
    {
    case JOB_LISTEN:
      if (job->ok && self->listener == NULL)
        listen_to (self, g_steal_pointer (&job->listener));
      return; /* a sync will notice whatever broke */
    case JOB_SYNC:
      show_sync (self, job);
      break;
    case JOB_CONNECT:
      show_connect (self, job);
      break;
    }

  if (self->again && !self->busy)
    {
      self->again = FALSE;
      sync_now (self);
    }
}

static void
start_job (ConcordTeamStatus *self,
           Job               *job)
{
  /* Not the task's source object: the task drops that in whichever
   * thread lets go of it last, often the worker, and a widget must never
   * be disposed there. The callback, always in the main thread, drops
   * this reference instead. */
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, on_job_done, g_object_ref (self));

  /* Listening needs no workbook and may run beside a sync. */
  if (job->kind != JOB_LISTEN)
    {
      self->busy = TRUE;
      self->again = FALSE;
      job->worker = g_steal_pointer (&self->worker);
      if (job->kind == JOB_SYNC)
        set_state (self, CONCORD_TEAM_STATE_SYNCING, NULL);
    }
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

/* Actions ---------------------------------------------------------------- */

static void
on_connect (ConcordTeamDialog *dialog,
            const char        *address,
            const char        *user,
            const char        *password,
            ConcordTeamStatus *self)
{
  g_autofree char *kept = concord_team_address (address, *user ? user : NULL);
  Job *job;

  if (kept == NULL)
    {
      concord_team_dialog_show_error (dialog, _("This is not a PostgreSQL address: give one such as postgresql://db.example.com/team."));
      return;
    }
  if (self->busy)
    {
      concord_team_dialog_show_error (dialog, _("A sync is running; connect again in a moment."));
      return;
    }

  concord_team_dialog_set_busy (dialog, TRUE);
  job = job_new (self, JOB_CONNECT);
  g_free (job->address);
  job->address = g_steal_pointer (&kept);
  job->password = g_strdup (password);
  start_job (self, job);
}

static void
connect_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  ConcordTeamStatus *self = user_data;
  g_autofree char *user = NULL;
  g_autofree char *address = NULL;

  if (self->workbook == NULL)
    return;
  if (self->connect_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->connect_dialog));
      return;
    }

  if (self->address != NULL)
    {
      /* The address as kept, without the user the row beside it shows. */
      user = concord_team_get_option (self->address, "user");
      address = concord_team_address (self->address, NULL);
    }
  self->connect_dialog = concord_team_dialog_new (self->window, address, user);
  g_signal_connect_object (self->connect_dialog, "connect", G_CALLBACK (on_connect), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->connect_dialog, "destroy", G_CALLBACK (on_connect_dialog_destroyed),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->connect_dialog));
}

static void
sync_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  ConcordTeamStatus *self = user_data;

  self->retry_seconds = 0;
  sync_now (self);
}

static void
resolve_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  ConcordTeamStatus *self = user_data;

  if (self->merge_dialog != NULL)
    {
      gtk_window_present (self->merge_dialog);
      return;
    }
  self->show_conflicts = TRUE;
  sync_now (self);
}

static const GActionEntry team_actions[] = {
  { "connect", connect_activated, NULL, NULL, NULL, { 0 } },
  { "sync", sync_activated, NULL, NULL, NULL, { 0 } },
  { "resolve", resolve_activated, NULL, NULL, NULL, { 0 } },
};

static void
update_actions (ConcordTeamStatus *self)
{
  gboolean writable = self->workbook != NULL && !concord_workbook_get_read_only (self->workbook);
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "connect");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), writable);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "sync");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), writable && self->address != NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "resolve");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), writable && self->address != NULL);
}

/* The object ------------------------------------------------------------- */

static void
forget_workbook (ConcordTeamStatus *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  stop_listening (self);
  if (self->workbook != NULL)
    g_signal_handlers_disconnect_by_data (self->workbook, self);
  g_clear_object (&self->workbook);
  g_clear_object (&self->worker);
  g_clear_pointer (&self->address, g_free);
  self->again = FALSE;
  self->show_conflicts = FALSE;
  self->retry_seconds = 0;
  self->waiting = 0;
}

void
concord_team_status_set_workbook (ConcordTeamStatus *self,
                                  ConcordWorkbook   *workbook)
{
  g_return_if_fail (CONCORD_IS_TEAM_STATUS (self));
  g_return_if_fail (workbook == NULL || CONCORD_IS_WORKBOOK (workbook));
  /* Once its window is destroyed, nothing syncs for it. */
  g_return_if_fail (self->window != NULL || workbook == NULL);

  if (self->workbook == workbook)
    return;

  forget_workbook (self);
  if (workbook != NULL)
    {
      self->workbook = g_object_ref (workbook);
      self->address = concord_workbook_dup_meta (workbook, CONCORD_TEAM_URL_KEY);
      g_signal_connect_object (workbook, "changed", G_CALLBACK (on_workbook_changed), self, G_CONNECT_SWAPPED);
    }
  update_actions (self);
  set_state (self, self->address ? CONCORD_TEAM_STATE_SYNCING : CONCORD_TEAM_STATE_NONE, NULL);

  /* A team workbook syncs as it opens; conflicts found then are shown. */
  if (self->address != NULL && !concord_workbook_get_read_only (workbook))
    {
      self->show_conflicts = TRUE;
      sync_now (self);
    }
}

/* A narrow window keeps the icon only: the title needs the room, and the
 * tooltip and the popover still say it all. */
#define NARROW_WIDTH 600

static void
on_window_width (ConcordTeamStatus *self)
{
  int width = 0, height = 0;

  gtk_window_get_default_size (self->window, &width, &height);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), width <= 0 || width >= NARROW_WIDTH);
}

static void
on_window_workbook (ConcordTeamStatus *self)
{
  ConcordWorkbook *workbook = NULL;

  g_object_get (self->window, "workbook", &workbook, NULL);
  concord_team_status_set_workbook (self, workbook);
  g_clear_object (&workbook);
}

/* The window is going: nothing more happens for it. A sync or a listener
 * that a worker thread runs now ends unseen (the task keeps this object
 * until then, but its answer finds no workbook); the edits it did not
 * send wait in the file for the next window. The dialogs go with the
 * window they stood for. */
static void
stop (ConcordTeamStatus *self)
{
  GtkWindow *connect_dialog = GTK_WINDOW (g_steal_pointer (&self->connect_dialog));
  GtkWindow *merge_dialog = g_steal_pointer (&self->merge_dialog);

  g_cancellable_cancel (self->cancellable);
  forget_workbook (self);
  if (connect_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (connect_dialog, self);
      gtk_window_destroy (connect_dialog);
    }
  if (merge_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (merge_dialog, self);
      gtk_window_destroy (merge_dialog);
    }
  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->window, self);
      self->window = NULL;
    }
}

static void
concord_team_status_dispose (GObject *object)
{
  ConcordTeamStatus *self = (ConcordTeamStatus *) object;

  stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_TEAM_STATUS);

  G_OBJECT_CLASS (concord_team_status_parent_class)->dispose (object);
}

static void
concord_team_status_finalize (GObject *object)
{
  ConcordTeamStatus *self = (ConcordTeamStatus *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  g_free (self->detail);

  G_OBJECT_CLASS (concord_team_status_parent_class)->finalize (object);
}

static void
concord_team_status_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConcordTeamStatus *self = CONCORD_TEAM_STATUS (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_team_status_class_init (ConcordTeamStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_team_status_dispose;
  object_class->finalize = concord_team_status_finalize;
  object_class->get_property = concord_team_status_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, CONCORD_TEAM_STATE_NONE, CONCORD_TEAM_STATE_REFUSED,
                      CONCORD_TEAM_STATE_NONE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-team-status.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamStatus, button);
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamStatus, icon);
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamStatus, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamStatus, title_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamStatus, detail_label);
  gtk_widget_class_bind_template_child (widget_class, ConcordTeamStatus, resolve_button);
}

static void
concord_team_status_init (ConcordTeamStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), team_actions, G_N_ELEMENTS (team_actions), self);
  update_actions (self);
}

ConcordTeamStatus *
concord_team_status_new (GtkWindow *window)
{
  ConcordTeamStatus *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  self = g_object_new (CONCORD_TYPE_TEAM_STATUS, NULL);
  self->window = window;
  /* On the window, so that its main menu reaches Connect too. */
  gtk_widget_insert_action_group (GTK_WIDGET (window), "team", G_ACTION_GROUP (self->actions));
  g_signal_connect_object (window, "notify::workbook", G_CALLBACK (on_window_workbook), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "notify::default-width", G_CALLBACK (on_window_width), self, G_CONNECT_SWAPPED);
  /* A running job holds this widget past its window: it stops with it. */
  g_signal_connect_object (window, "destroy", G_CALLBACK (stop), self, G_CONNECT_SWAPPED);
  on_window_width (self);

  return self;
}

ConcordTeamState
concord_team_status_get_state (ConcordTeamStatus *self)
{
  g_return_val_if_fail (CONCORD_IS_TEAM_STATUS (self), CONCORD_TEAM_STATE_NONE);

  return self->state;
}

guint
concord_team_status_get_waiting (ConcordTeamStatus *self)
{
  g_return_val_if_fail (CONCORD_IS_TEAM_STATUS (self), 0);

  return self->waiting;
}

gboolean
concord_team_status_get_listening (ConcordTeamStatus *self)
{
  g_return_val_if_fail (CONCORD_IS_TEAM_STATUS (self), FALSE);

  return self->listener != NULL;
}

const char *
concord_team_status_get_summary (ConcordTeamStatus *self)
{
  g_return_val_if_fail (CONCORD_IS_TEAM_STATUS (self), NULL);

  return gtk_label_get_text (self->summary_label);
}

const char *
concord_team_status_get_detail (ConcordTeamStatus *self)
{
  g_return_val_if_fail (CONCORD_IS_TEAM_STATUS (self), NULL);

  return gtk_label_get_text (self->detail_label);
}

GtkWindow *
concord_team_status_get_dialog (ConcordTeamStatus *self)
{
  g_return_val_if_fail (CONCORD_IS_TEAM_STATUS (self), NULL);

  return self->connect_dialog ? GTK_WINDOW (self->connect_dialog) : self->merge_dialog;
}
