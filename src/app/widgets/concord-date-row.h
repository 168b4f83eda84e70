/* concord-date-row.h: a preferences row for an optional date (YYYY-MM-DD).
 * Used by the plans, accounts, processes and roadmap editors. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CONCORD_TYPE_DATE_ROW (concord_date_row_get_type ())

G_DECLARE_FINAL_TYPE (ConcordDateRow, concord_date_row, CONCORD, DATE_ROW, AdwActionRow)

/* The row shows the date localised ("12 Mar 2027") or "None"; the user
 * picks it in a calendar popover, types YYYY-MM-DD there, or clears it.
 * "date" notifies only when the user (or set_date) changes it; a typed
 * text that is not a date shows an error on the row and changes nothing. */
GtkWidget  *concord_date_row_new       (const char     *title);
const char *concord_date_row_get_date  (ConcordDateRow *self);
void        concord_date_row_set_date  (ConcordDateRow *self,
                                        const char     *date);
/* Marks the row as wrong and says why (in the subtitle and tooltip), or
 * clears that state when @message is NULL. */
void        concord_date_row_set_error (ConcordDateRow *self,
                                        const char     *message);

G_END_DECLS
