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

/* The same for a text that may be left empty (a description). */
void concord_form_ask_text      (GtkWidget           *parent,
                                 const char          *heading,
                                 const char          *body,
                                 const char          *initial,
                                 const char          *confirm_label,
                                 ConcordNameCallback  callback,
                                 gpointer             user_data);

/* A list row of a title over a dimmed caption: connect as a factory's
 * "setup"; the two labels are the box's first and second children. */
void concord_form_setup_two_line_row (GtkSignalListItemFactory *factory,
                                      GtkListItem              *item,
                                      gpointer                  user_data);
/* Shows @error on the field it is about (style, tooltip and accessible
 * description), or clears it when @error is NULL. */
void concord_form_set_row_error (GtkWidget           *row,
                                 const GError        *error);

/* Fields that save themselves.
 *
 * A field is a GtkEditable (an AdwEntryRow, a GtkEntry, a GtkSpinButton) or
 * a GtkTextView whose text is a stored value. It commits when focus leaves
 * it, on Enter or its apply button, and whenever its form commits (another
 * record, another page, the window closing). A commit of unchanged text
 * writes nothing. @save receives the text and the name of the undo step
 * ("Change “Actual”") and writes it as one edit named so:
 *   g_autoptr(ConcordEdit) edit = concord_workbook_edit (wb, step_label, error);
 *   return edit != NULL && write (wb, …, error) && concord_edit_commit (edit, error);
 * When it fails the text stays on screen, marked with the reason. */
typedef gboolean (*ConcordFieldSaveFunc) (GtkWidget   *field,
                                          const char  *text,
                                          const char  *step_label,
                                          gpointer     user_data,
                                          GError     **error);

void       concord_field_attach          (GtkWidget            *field,
                                          ConcordFieldSaveFunc  save,
                                          gpointer              user_data);
void       concord_field_set_error_label (GtkWidget            *field,
                                          GtkLabel             *label);
void       concord_field_set_text        (GtkWidget            *field,
                                          const char           *text);
gboolean   concord_field_is_pending      (GtkWidget            *field);
gboolean   concord_field_commit          (GtkWidget            *field);

/* Every field under @root (a form, a page, a window). */
gboolean   concord_form_commit           (GtkWidget            *root);
GtkWidget *concord_form_find_invalid     (GtkWidget            *root);
void       concord_form_discard          (GtkWidget            *root);
void       concord_form_leave_record     (GtkWidget            *root);
void       concord_form_reveal           (GtkWidget            *field);

/* For a window's close-request: commits every field in @window and
 * returns FALSE (close) when all were saved. When one was refused it asks
 * whether to discard it or keep editing, and returns TRUE (stay); Discard
 * then closes the window. */
gboolean   concord_form_close_request    (GtkWindow            *window);

G_END_DECLS
