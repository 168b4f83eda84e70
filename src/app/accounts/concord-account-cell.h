/* concord-account-cell.h: one value of the accounts table, in one line */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONCORD_TYPE_ACCOUNT_CELL (concord_account_cell_get_type ())

G_DECLARE_FINAL_TYPE (ConcordAccountCell, concord_account_cell, CONCORD, ACCOUNT_CELL, GtkWidget)

GtkWidget *concord_account_cell_new       (gboolean            sizes_row);
GtkLabel  *concord_account_cell_get_label (ConcordAccountCell *self);
/* How many times cells have had their text measured, for tests. */
guint      concord_account_cell_get_n_measured (void);
/* How many cells have been built, for tests. */
guint      concord_account_cell_get_n_created  (void);

G_END_DECLS
