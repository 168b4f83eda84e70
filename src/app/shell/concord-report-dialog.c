/* concord-report-dialog.c
 *
 * Which report (the weekly update or the monthly dashboard), for which
 * day, in which format; then Save writes the file and Print hands the
 * same pages Cairo draws for PDF to GtkPrintOperation.
 */
#define G_LOG_DOMAIN "concord-report-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-date-row.h"
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

static ConcordReport *
build_report (ConcordReportDialog  *self,
              GError              **error)
{
  ConcordReportKind kind = adw_combo_row_get_selected (self->kind_row) == 0
                           ? CONCORD_REPORT_WEEKLY : CONCORD_REPORT_MONTHLY;

  return concord_report_build (self->workbook, kind, concord_date_row_get_date (self->date_row), error);
}

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  ConcordReport *report;
  char          *format;
  GtkWindow     *parent;
} SaveData;

static void
save_data_free (SaveData *data)
{
  concord_report_free (data->report);
  g_free (data->format);
  g_clear_object (&data->parent);
  g_free (data);
}

static void
on_save_chosen (GtkNativeDialog *chooser,
                int              response,
                SaveData        *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL || !concord_report_write_file (data->report, data->format, path, &error))
        show_error (data->parent, _("Could Not Save the Report"),
                    error ? error->message : _("Choose a file on this computer."));
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  save_data_free (data);
}

static void
save_report (ConcordReportDialog *self,
             ConcordReport       *report)
{
  guint selected = adw_combo_row_get_selected (self->format_row);
  const char *format = format_ids[MIN (selected, G_N_ELEMENTS (format_ids) - 1)];
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkFileChooserNative *chooser;
  SaveData *data = g_new0 (SaveData, 1);
  g_autofree char *name = NULL;

  data->report = report;
  data->format = g_strdup (format);
  data->parent = parent ? g_object_ref (parent) : NULL;

  chooser = gtk_file_chooser_native_new (_("Save Report"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s-%s.%s", report->kind == CONCORD_REPORT_WEEKLY ? "weekly-update" : "monthly-dashboard",
                          report->date, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_chosen), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
print_report (ConcordReportDialog *self,
              ConcordReport       *report)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkPrintOperationAction action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  gtk_print_operation_set_job_name (operation, report->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), report);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), report);
  g_object_set_data_full (G_OBJECT (operation), "report", report, (GDestroyNotify) concord_report_free);

  if (self->print_to_file != NULL)
    {
      gtk_print_operation_set_export_filename (operation, self->print_to_file);
      action = GTK_PRINT_OPERATION_ACTION_EXPORT;
    }

  result = gtk_print_operation_run (operation, action, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (parent, _("Could Not Print"), error->message);
}

static void
concord_report_dialog_response (AdwMessageDialog *dialog,
                                const char       *response)
{
  ConcordReportDialog *self = CONCORD_REPORT_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  ConcordReport *report;

  if (g_str_equal (response, "save") || g_str_equal (response, "print"))
    {
      report = build_report (self, &error);
      if (report == NULL)
        show_error (gtk_window_get_transient_for (GTK_WINDOW (self)),
                    _("Could Not Make the Report"), error->message);
      else if (g_str_equal (response, "save"))
        save_report (self, report);
      else
        print_report (self, report);
    }

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
