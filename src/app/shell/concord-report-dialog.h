/* concord-report-dialog.h: choose a report, then save or print it */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_REPORT_DIALOG (concord_report_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ConcordReportDialog, concord_report_dialog, CONCORD, REPORT_DIALOG, AdwMessageDialog)

ConcordReportDialog *concord_report_dialog_new (GtkWindow       *parent,
                                                ConcordWorkbook *workbook,
                                                gboolean         for_print);

G_END_DECLS
