/* concord-account-editor.h: every detail of one target account */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ACCOUNT_EDITOR (concord_account_editor_get_type ())

G_DECLARE_FINAL_TYPE (ConcordAccountEditor, concord_account_editor, CONCORD, ACCOUNT_EDITOR, AdwBin)

GtkWidget *concord_account_editor_new            (void);
void       concord_account_editor_set_account    (ConcordAccountEditor *self,
                                                  ConcordWorkbook      *workbook,
                                                  gint64                account_id);
gint64     concord_account_editor_get_account_id (ConcordAccountEditor *self);
/* Moves the focus to the name, for a new account. */
void       concord_account_editor_focus_name     (ConcordAccountEditor *self);

G_END_DECLS
