/* concord-form.h: small helpers every editor form shares */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Called with the text the user confirmed; never called on Cancel. */
typedef void (*ConcordNameCallback) (GtkWidget  *parent,
                                     const char *name,
                                     gpointer    user_data);

/* Asks for the name of a new thing (a process, a role map…). */
void concord_form_ask_name      (GtkWidget           *parent,
                                 const char          *heading,
                                 const char          *body,
                                 const char          *initial,
                                 const char          *confirm_label,
                                 ConcordNameCallback  callback,
                                 gpointer             user_data);

/* Shows @error on the field it is about (style, tooltip and accessible
 * description), or clears it when @error is NULL. */
/* A list row of a title over a dimmed caption: connect as a factory's
 * "setup"; the two labels are the box's first and second children. */
void concord_form_setup_two_line_row (GtkSignalListItemFactory *factory,
                                      GtkListItem              *item,
                                      gpointer                  user_data);
void concord_form_set_row_error (GtkWidget           *row,
                                 const GError        *error);

G_END_DECLS
