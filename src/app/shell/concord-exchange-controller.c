/* concord-exchange-controller.c
 *
 * Long transfers run in a worker thread on a connection of their own
 * (WAL lets it read while the window keeps working), behind a dialog that
 * shows progress and cancels. An export writes the file; an import reads
 * it into a merge plan, then the merge dialog asks about conflicts. A
 * clean copy reads the records of a refused workbook into a new one and
 * hands it over through "opened". What came of each is told through
 * "done" (a toast) and "alert" (a message to read: an error, or what a
 * clean copy left out).
 */
#define G_LOG_DOMAIN "concord-exchange-controller"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-exchange.h"
#include "concord-exchange-controller.h"
#include "concord-long-work.h"
#include "concord-merge-dialog.h"
#include "concord-recover.h"

struct _ConcordExchangeController
{
  GObject          parent_instance;

  GtkWindow       *parent;
  ConcordWorkbook *workbook;
};

G_DEFINE_FINAL_TYPE (ConcordExchangeController, concord_exchange_controller, G_TYPE_OBJECT)

enum { DONE, ALERT, OPENED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
report_done (ConcordExchangeController *self,
             const char                *message)
{
  g_signal_emit (self, signals[DONE], 0, message);
}

static void
report_alert (ConcordExchangeController *self,
              const char                *heading,
              const char                *message)
{
  g_signal_emit (self, signals[ALERT], 0, heading, message);
}

typedef struct
{
  ConcordExchangeController *controller;
  GtkWindow                 *parent;
  ConcordLongWork           *work;
  char                      *workbook_path;
  char                      *file_path;
} Transfer;

static void
transfer_free (Transfer *transfer)
{
  g_clear_pointer (&transfer->work, concord_long_work_free);
  g_clear_object (&transfer->controller);
  g_clear_object (&transfer->parent);
  g_free (transfer->workbook_path);
  g_free (transfer->file_path);
  g_free (transfer);
}

static Transfer *
transfer_new (ConcordExchangeController *self,
              const char                *heading,
              const char                *path)
{
  Transfer *transfer = g_new0 (Transfer, 1);
  g_autofree char *base = g_path_get_basename (path);

  /* The window stays until the transfer is over, as its dialogs do. */
  transfer->controller = g_object_ref (self);
  transfer->parent = g_object_ref (self->parent);
  transfer->workbook_path = g_strdup (concord_workbook_get_path (self->workbook));
  transfer->file_path = g_strdup (path);
  transfer->work = concord_long_work_new (self->parent, heading, base);

  return transfer;
}

static void
transfer_run (Transfer            *transfer,
              GTaskThreadFunc      thread,
              GAsyncReadyCallback  done)
{
  g_autoptr(GTask) task = g_task_new (transfer->controller,
                                      concord_long_work_get_cancellable (transfer->work), done, NULL);

  g_task_set_task_data (task, transfer, (GDestroyNotify) transfer_free);
  g_task_run_in_thread (task, thread);
}

/* Called from the worker thread; the bar reads it on the main thread. */
static void
transfer_progress (double   fraction,
                   gpointer user_data)
{
  concord_long_work_set_fraction (((Transfer *) user_data)->work, fraction);
}

/* Export ------------------------------------------------------------------ */

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Transfer *transfer = task_data;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  GError *error = NULL;

  workbook = concord_workbook_open (transfer->workbook_path, CONCORD_OPEN_READ_ONLY, &error);
  if (workbook != NULL &&
      concord_exchange_export_file_full (workbook, NULL, transfer->file_path,
                                         cancellable, transfer_progress, transfer, &error))
    {
      /* Exporting changes nothing in the workbook. */
      g_task_return_pointer (task, g_strdup (""), g_free);
    }
  else
    g_task_return_error (task, error);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ConcordExchangeController *self = CONCORD_EXCHANGE_CONTROLLER (source);
  Transfer *transfer = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *done = g_task_propagate_pointer (G_TASK (result), &error);

  if (done != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Exported to %s"), transfer->file_path);

      report_done (self, message);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_alert (self, _("Could Not Export"), error->message);
}

/**
 * concord_exchange_controller_export:
 * @path: the JSON file to write
 *
 * Exports the workbook to @path in a worker thread.
 */
void
concord_exchange_controller_export (ConcordExchangeController *self,
                                    const char                *path)
{
  g_return_if_fail (CONCORD_IS_EXCHANGE_CONTROLLER (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->workbook != NULL);

  transfer_run (transfer_new (self, _("Exporting…"), path), export_thread, on_export_done);
}

/* Import and merge ----------------------------------------------------------- */

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Transfer *transfer = task_data;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  ConcordMergePlan *plan = NULL;
  GError *error = NULL;

  workbook = concord_workbook_open (transfer->workbook_path, CONCORD_OPEN_READ_ONLY, &error);
  if (workbook != NULL)
    plan = concord_merge_plan_new_from_file_full (workbook, transfer->file_path, cancellable,
                                                  transfer_progress, transfer, &error);
  if (plan != NULL && g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_clear_pointer (&plan, concord_merge_plan_free);

  if (plan != NULL)
    g_task_return_pointer (task, plan, (GDestroyNotify) concord_merge_plan_free);
  else
    g_task_return_error (task, error);
}

static void
on_merge_failed (ConcordMergeDialog        *dialog,
                 const char                *message,
                 ConcordExchangeController *self)
{
  report_alert (self, _("Could Not Merge"), message);
}

static void
on_merged (ConcordMergeDialog        *dialog,
           ConcordExchangeController *self)
{
  report_done (self, _("Merged. Undo takes the whole merge back."));
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ConcordExchangeController *self = CONCORD_EXCHANGE_CONTROLLER (source);
  Transfer *transfer = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  ConcordMergePlan *plan = g_task_propagate_pointer (G_TASK (result), &error);
  ConcordMergeDialog *dialog;

  if (plan == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report_alert (self, _("Could Not Import"), error->message);
      return;
    }

  /* Into the workbook open now, which may not be the one read. */
  if (self->workbook == NULL || !concord_merge_plan_rebind (plan, self->workbook, &error))
    {
      concord_merge_plan_free (plan);
      report_alert (self, _("Could Not Import"), error ? error->message : _("No workbook is open."));
      return;
    }

  dialog = concord_merge_dialog_new (transfer->parent, plan, transfer->file_path);
  g_signal_connect_object (dialog, "merged", G_CALLBACK (on_merged), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (dialog, "failed", G_CALLBACK (on_merge_failed), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * concord_exchange_controller_import:
 * @path: the JSON file to read
 *
 * Reads @path into a merge plan in a worker thread, then shows the
 * merge dialog over the parent window.
 */
void
concord_exchange_controller_import (ConcordExchangeController *self,
                                    const char                *path)
{
  g_return_if_fail (CONCORD_IS_EXCHANGE_CONTROLLER (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->workbook != NULL);

  transfer_run (transfer_new (self, _("Reading…"), path), import_thread, on_import_done);
}

/* Clean copies ------------------------------------------------------------- */

/* A workbook refused for what it carries (a schema or a log Concord did
 * not write) still holds the user's records: they are read into a new
 * workbook, in a worker thread, which is then opened. */
typedef struct
{
  char  *source;
  char  *target;
  guint  n_records;
  GStrv  dropped;
} CleanCopy;

static void
clean_copy_free (gpointer data)
{
  CleanCopy *copy = data;

  g_free (copy->source);
  g_free (copy->target);
  g_strfreev (copy->dropped);
  g_free (copy);
}

static void
clean_copy_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CleanCopy *copy = task_data;
  GError *error = NULL;

  if (concord_recover (copy->source, copy->target, &copy->n_records, NULL, &copy->dropped, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_clean_copy_done (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ConcordExchangeController *self = CONCORD_EXCHANGE_CONTROLLER (source_object);
  CleanCopy *copy = g_task_get_task_data (G_TASK (result));
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      (workbook = concord_workbook_open (copy->target, CONCORD_OPEN_DEFAULT, &error)) == NULL)
    {
      report_alert (self, _("Could Not Save a Clean Copy"), error->message);
      return;
    }

  g_signal_emit (self, signals[OPENED], 0, workbook);
  if (copy->dropped[0] == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Opened the clean copy %s"), copy->target);

      report_done (self, message);
    }
  else
    {
      g_autofree char *list = g_strjoinv ("\n", copy->dropped);
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u record was copied into %s, which is now open. Left out:\n%s",
                                      "%u records were copied into %s, which is now open. Left out:\n%s",
                                      copy->n_records),
                         copy->n_records, copy->target, list);

      report_alert (self, _("Clean Copy Saved"), message);
    }
}

/**
 * concord_exchange_controller_save_clean_copy:
 * @source: a workbook that was refused
 * @target: the new workbook to create
 *
 * Reads the records of @source into @target in a worker thread, then
 * hands the opened @target over through "opened" and says what was left
 * out.
 */
void
concord_exchange_controller_save_clean_copy (ConcordExchangeController *self,
                                             const char                *source,
                                             const char                *target)
{
  g_autoptr(GTask) task = NULL;
  CleanCopy *copy;

  g_return_if_fail (CONCORD_IS_EXCHANGE_CONTROLLER (self));
  g_return_if_fail (source != NULL && target != NULL);

  copy = g_new0 (CleanCopy, 1);
  copy->source = g_strdup (source);
  copy->target = g_strdup (target);
  task = g_task_new (self, NULL, on_clean_copy_done, NULL);
  g_task_set_source_tag (task, concord_exchange_controller_save_clean_copy);
  g_task_set_task_data (task, copy, clean_copy_free);
  g_task_run_in_thread (task, clean_copy_thread);
}

/* GObject ------------------------------------------------------------------- */

static void
concord_exchange_controller_dispose (GObject *object)
{
  ConcordExchangeController *self = CONCORD_EXCHANGE_CONTROLLER (object);

  g_clear_object (&self->workbook);

  G_OBJECT_CLASS (concord_exchange_controller_parent_class)->dispose (object);
}

static void
concord_exchange_controller_class_init (ConcordExchangeControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = concord_exchange_controller_dispose;

  /**
   * ConcordExchangeController::done:
   * @message: what was done, for a toast
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * ConcordExchangeController::alert:
   * @heading: what could not be done, or what needs reading
   * @message: why, or what
   */
  signals[ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * ConcordExchangeController::opened:
   * @workbook: the clean copy, open
   */
  signals[OPENED] = g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, CONCORD_TYPE_WORKBOOK);
}

static void
concord_exchange_controller_init (ConcordExchangeController *self)
{
}

ConcordExchangeController *
concord_exchange_controller_new (GtkWindow *parent)
{
  ConcordExchangeController *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CONCORD_TYPE_EXCHANGE_CONTROLLER, NULL);
  self->parent = parent;

  return self;
}

void
concord_exchange_controller_set_workbook (ConcordExchangeController *self,
                                          ConcordWorkbook           *workbook)
{
  g_return_if_fail (CONCORD_IS_EXCHANGE_CONTROLLER (self));
  g_return_if_fail (workbook == NULL || CONCORD_IS_WORKBOOK (workbook));

  g_set_object (&self->workbook, workbook);
}
