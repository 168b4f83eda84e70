/* concord-account-import-dialog.h: CSV import with column mapping and progress */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ACCOUNT_IMPORT_DIALOG (concord_account_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ConcordAccountImportDialog, concord_account_import_dialog, CONCORD, ACCOUNT_IMPORT_DIALOG, AdwWindow)

GtkWidget *concord_account_import_dialog_new       (ConcordWorkbook            *workbook);
/* Reads @path and shows its columns; FALSE (and the reason shown) when the
 * file cannot be imported. */
gboolean   concord_account_import_dialog_load_path (ConcordAccountImportDialog *self,
                                                    const char                 *path);

G_END_DECLS
