/* concord-long-work.c
 *
 * The dialog every long piece of work (export, import, report) runs
 * behind: a progress bar, Cancel, and nothing shown for work that ends
 * before a user would notice it.
 */
#define G_LOG_DOMAIN "concord-long-work"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-long-work.h"

/* Work done sooner than this shows no dialog at all. */
#define PRESENT_DELAY_MS 300
#define PULSE_MS         100

struct _ConcordLongWork
{
  GtkWidget    *dialog;
  GtkWidget    *bar;
  GCancellable *cancellable;
  int           permille;   /* written by the worker, read here; -1 until set */
  guint         present_id;
  guint         pulse_id;
};

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             ConcordLongWork  *work)
{
  /* Any answer (Cancel, Escape) closes the dialog and stops the work. */
  g_cancellable_cancel (work->cancellable);
  work->dialog = NULL;
}

static gboolean
present_dialog (gpointer user_data)
{
  ConcordLongWork *work = user_data;

  work->present_id = 0;
  if (work->dialog != NULL)
    gtk_window_present (GTK_WINDOW (work->dialog));

  return G_SOURCE_REMOVE;
}

static gboolean
pulse (gpointer user_data)
{
  ConcordLongWork *work = user_data;
  int permille = g_atomic_int_get (&work->permille);

  if (work->dialog == NULL)
    {
      work->pulse_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (permille >= 0)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (work->bar), permille / 1000.0);
  else
    gtk_progress_bar_pulse (GTK_PROGRESS_BAR (work->bar));

  return G_SOURCE_CONTINUE;
}

ConcordLongWork *
concord_long_work_new (GtkWindow  *parent,
                       const char *heading,
                       const char *body)
{
  ConcordLongWork *work = g_new0 (ConcordLongWork, 1);

  work->cancellable = g_cancellable_new ();
  work->permille = -1;
  work->bar = gtk_progress_bar_new ();
  work->dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (work->dialog), work->bar);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (work->dialog), "cancel", _("_Cancel"));
  g_signal_connect (work->dialog, "response", G_CALLBACK (on_response), work);

  work->present_id = g_timeout_add (PRESENT_DELAY_MS, present_dialog, work);
  work->pulse_id = g_timeout_add (PULSE_MS, pulse, work);

  return work;
}

GCancellable *
concord_long_work_get_cancellable (ConcordLongWork *work)
{
  return work->cancellable;
}

void
concord_long_work_set_fraction (ConcordLongWork *work,
                                double           fraction)
{
  g_atomic_int_set (&work->permille, (int) (CLAMP (fraction, 0.0, 1.0) * 1000));
}

void
concord_long_work_free (ConcordLongWork *work)
{
  if (work == NULL)
    return;

  /* Nothing of the dialog outlives the work, so nothing of it can
   * outlive the window it stands over. */
  g_clear_handle_id (&work->present_id, g_source_remove);
  g_clear_handle_id (&work->pulse_id, g_source_remove);
  if (work->dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (work->dialog, work);
      gtk_window_destroy (GTK_WINDOW (work->dialog));
    }
  g_clear_object (&work->cancellable);
  g_free (work);
}
