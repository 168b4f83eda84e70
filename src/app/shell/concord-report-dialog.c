/* concord-report-dialog.c
 *
 * Which report (the weekly update or the monthly dashboard), for which
 * day, in which format; then Save writes the file and Print hands the
 * same pages Cairo draws for PDF to GtkPrintOperation. The report is made
 * in a worker thread behind a dialog that shows progress and cancels;
 * what came of it is told in a toast on the window, or an error dialog.
 */
#define G_LOG_DOMAIN "concord-report-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-date-row.h"
#include "concord-long-work.h"
#include "concord-plans.h"
#include "concord-report-cairo.h"
#include "concord-report-dialog.h"
#include "concord-report.h"

struct _ConcordReportDialog
{
  AdwMessageDialog  parent_instance;

  ConcordWorkbook  *workbook;
  AdwComboRow      *kind_row;
  ConcordDateRow   *date_row;
  AdwComboRow      *format_row;
  char             *print_to_file;
};

G_DEFINE_FINAL_TYPE (ConcordReportDialog, concord_report_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum
{
  PROP_0,
  PROP_PRINT_TO_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const format_ids[] = { "pdf", "html", "md" };

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toast (GtkWindow  *parent,
       const char *message)
{
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", message);
}

/* One report being made: what was asked, read from the dialog before it
 * closed, and what came of it. The report is built, and for Save
 * written, in a worker thread on a connection of its own, so the window
 * keeps working; Print draws its pages here, as GtkPrintOperation asks. */
typedef struct
{
  GtkWindow         *parent;
  char              *workbook_path;
  ConcordReportKind  kind;
  char              *date;
  char              *format;        /* NULL to print */
  char              *output;        /* the file Save writes */
  char              *print_to_file;
  ConcordLongWork   *work;
  ConcordReport     *report;        /* built, for Print */
  gboolean           built;         /* what failed: making or saving */
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_clear_pointer (&job->work, concord_long_work_free);
  g_clear_pointer (&job->report, concord_report_free);
  g_clear_object (&job->parent);
  g_free (job->workbook_path);
  g_free (job->date);
  g_free (job->format);
  g_free (job->output);
  g_free (job->print_to_file);
  g_free (job);
}

static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportJob *job = task_data;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordReport) report = NULL;
  GError *error = NULL;

  workbook = concord_workbook_open (job->workbook_path, CONCORD_OPEN_READ_ONLY, &error);
  if (workbook != NULL)
    report = concord_report_build (workbook, job->kind, job->date, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->built = TRUE;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (job->format != NULL && !concord_report_write_file (report, job->format, job->output, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job->report = g_steal_pointer (&report);
  g_task_return_boolean (task, TRUE);
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                ConcordReport     *report)
{
  int n_pages = concord_report_count_pages (report, gtk_print_context_get_cairo_context (context),
                                            gtk_print_context_get_width (context),
                                            gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, MAX (n_pages, 1));
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              ConcordReport     *report)
{
  concord_report_draw (report, gtk_print_context_get_cairo_context (context),
                       gtk_print_context_get_width (context),
                       gtk_print_context_get_height (context), page);
}

static void
print_report (ReportJob *job)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  ConcordReport *report = g_steal_pointer (&job->report);
  GtkPrintOperationAction action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  gtk_print_operation_set_job_name (operation, report->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), report);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), report);
  g_object_set_data_full (G_OBJECT (operation), "report", report, (GDestroyNotify) concord_report_free);

  if (job->print_to_file != NULL)
    {
      gtk_print_operation_set_export_filename (operation, job->print_to_file);
      action = GTK_PRINT_OPERATION_ACTION_EXPORT;
    }

  result = gtk_print_operation_run (operation, action, job->parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (job->parent, _("Could Not Print"), error->message);
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    toast (job->parent, _("The report was sent to the printer."));
}

static void
on_report_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ReportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* The progress dialog goes before any other takes its place. */
  g_clear_pointer (&job->work, concord_long_work_free);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (job->parent, job->built ? _("Could Not Save the Report") : _("Could Not Make the Report"),
                  error->message);
    }
  else if (job->format == NULL)
    print_report (job);
  else
    {
      g_autofree char *message = g_strdup_printf (_("The report was saved to %s."), job->output);

      toast (job->parent, message);
    }
}

/* Takes @job. */
static void
run_report (ReportJob *job)
{
  g_autoptr(GTask) task = NULL;

  job->work = concord_long_work_new (job->parent, _("Making the Report…"), NULL);
  task = g_task_new (NULL, concord_long_work_get_cancellable (job->work), on_report_done, NULL);
  g_task_set_source_tag (task, run_report);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  g_task_run_in_thread (task, report_thread);
}

static void
on_save_chosen (GtkNativeDialog *chooser,
                int              response,
                ReportJob       *job)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL && (job->output = g_file_get_path (file)) != NULL)
    run_report (job);
  else
    {
      if (file != NULL)
        show_error (job->parent, _("Could Not Save the Report"), _("Choose a file on this computer."));
      report_job_free (job);
    }
}

static void
choose_file (ReportJob *job)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Save Report"), job->parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s-%s.%s", job->kind == CONCORD_REPORT_WEEKLY ? "weekly-update" : "monthly-dashboard",
                          job->date, job->format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_chosen), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
concord_report_dialog_response (AdwMessageDialog *dialog,
                                const char       *response)
{
  ConcordReportDialog *self = CONCORD_REPORT_DIALOG (dialog);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  ReportJob *job;

  if (!g_str_equal (response, "save") && !g_str_equal (response, "print"))
    return;

  job = g_new0 (ReportJob, 1);
  job->parent = parent ? g_object_ref (parent) : NULL;
  job->workbook_path = g_strdup (concord_workbook_get_path (self->workbook));
  job->kind = adw_combo_row_get_selected (self->kind_row) == 0 ? CONCORD_REPORT_WEEKLY : CONCORD_REPORT_MONTHLY;
  job->date = g_strdup (concord_date_row_get_date (self->date_row));
  job->print_to_file = g_strdup (self->print_to_file);

  if (g_str_equal (response, "save"))
    {
      guint selected = adw_combo_row_get_selected (self->format_row);

      job->format = g_strdup (format_ids[MIN (selected, G_N_ELEMENTS (format_ids) - 1)]);
      choose_file (job);
    }
  else
    run_report (job);

  /* AdwMessageDialog has no handler of its own to chain up to: the
   * button or Escape that sent the response closes the dialog. */
}

static void
concord_report_dialog_dispose (GObject *object)
{
  ConcordReportDialog *self = (ConcordReportDialog *) object;

  g_clear_object (&self->workbook);

  G_OBJECT_CLASS (concord_report_dialog_parent_class)->dispose (object);
}

static void
concord_report_dialog_finalize (GObject *object)
{
  ConcordReportDialog *self = (ConcordReportDialog *) object;

  g_free (self->print_to_file);

  G_OBJECT_CLASS (concord_report_dialog_parent_class)->finalize (object);
}

static void
concord_report_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ConcordReportDialog *self = CONCORD_REPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PRINT_TO_FILE:
      g_value_set_string (value, self->print_to_file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_report_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ConcordReportDialog *self = CONCORD_REPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PRINT_TO_FILE:
      if (g_strcmp0 (self->print_to_file, g_value_get_string (value)) != 0)
        {
          g_free (self->print_to_file);
          self->print_to_file = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
concord_report_dialog_class_init (ConcordReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = concord_report_dialog_dispose;
  object_class->finalize = concord_report_dialog_finalize;
  object_class->get_property = concord_report_dialog_get_property;
  object_class->set_property = concord_report_dialog_set_property;
  dialog_class->response = concord_report_dialog_response;

  /**
   * ConcordReportDialog:print-to-file:
   *
   * When set, Print renders the pages to this PDF file instead of asking
   * for a printer (for scripted runs and tests).
   */
  properties[PROP_PRINT_TO_FILE] =
    g_param_spec_string ("print-to-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
concord_report_dialog_init (ConcordReportDialog *self)
{
}

static AdwComboRow *
combo_row (const char         *title,
           const char * const *items)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));

  return row;
}

ConcordReportDialog *
concord_report_dialog_new (GtkWindow       *parent,
                           ConcordWorkbook *workbook,
                           gboolean         for_print)
{
  ConcordReportDialog *self;
  GtkWidget *group = gtk_list_box_new ();
  g_autofree char *today = concord_date_today ();
  const char *kinds[] = { _("Weekly update"), _("Monthly dashboard"), NULL };
  const char *formats[] = { _("PDF"), _("Web page (HTML)"), _("Markdown"), NULL };

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  self = g_object_new (CONCORD_TYPE_REPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", for_print ? _("Print a Report") : _("Make a Report"),
                       "body", _("The weekly update lists the week’s wins, KPI progress, milestones and "
                                 "coverage warnings; the monthly dashboard adds budget by team, the "
                                 "maturity stage and roadmap progress."),
                       NULL);
  self->workbook = g_object_ref (workbook);

  self->kind_row = combo_row (_("_Report"), kinds);
  self->date_row = CONCORD_DATE_ROW (concord_date_row_new (_("_For the day")));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->date_row), TRUE);
  concord_date_row_set_date (self->date_row, today);
  self->format_row = combo_row (_("_Format"), formats);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (group), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (group, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (group), GTK_WIDGET (self->kind_row));
  gtk_list_box_append (GTK_LIST_BOX (group), GTK_WIDGET (self->date_row));
  gtk_list_box_append (GTK_LIST_BOX (group), GTK_WIDGET (self->format_row));
  gtk_widget_set_visible (GTK_WIDGET (self->format_row), !for_print);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), group);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "print", _("_Print…"),
                                    "save", _("_Save…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self),
                                              for_print ? "print" : "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), for_print ? "print" : "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  return self;
}
