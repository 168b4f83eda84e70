/* concord-merge-dialog.h: what an import would do, and a choice per conflict */
#pragma once

#include <adwaita.h>

#include "concord-exchange.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_MERGE_DIALOG (concord_merge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ConcordMergeDialog, concord_merge_dialog, CONCORD, MERGE_DIALOG, AdwWindow)

/* Takes @plan; applies it when the user chooses Merge and emits "merged". */
ConcordMergeDialog *concord_merge_dialog_new (GtkWindow        *parent,
                                              ConcordMergePlan *plan,
                                              const char       *source_name);

G_END_DECLS
