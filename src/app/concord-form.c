/* concord-form.c
 *
 * Helpers the editors share. "New process", "New role map" and the like all need one line of text
 * before anything is written, so the store sees a single, named insert
 * (one undo step) instead of an "Untitled" row renamed afterwards.
 */
#define G_LOG_DOMAIN "concord-form"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-form.h"

typedef struct
{
  GtkWidget           *parent;  /* weak: the dialog is modal to its window */
  GtkWidget           *entry;
  ConcordNameCallback  callback;
  gpointer             user_data;
} Request;

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             Request          *request)
{
  if (g_str_equal (response, "confirm") && request->parent != NULL)
    request->callback (request->parent, gtk_editable_get_text (GTK_EDITABLE (request->entry)),
                       request->user_data);
}

static void
request_free (gpointer  data,
              GClosure *closure)
{
  Request *request = data;

  g_clear_weak_pointer (&request->parent);
  g_free (request);
}

void
concord_form_ask_name (GtkWidget           *parent,
                       const char          *heading,
                       const char          *body,
                       const char          *initial,
                       const char          *confirm_label,
                       ConcordNameCallback  callback,
                       gpointer             user_data)
{
  GtkWidget *dialog;
  Request *request;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (callback != NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), heading, body);
  request = g_new0 (Request, 1);
  g_set_weak_pointer (&request->parent, parent);
  request->entry = gtk_entry_new ();
  request->callback = callback;
  request->user_data = user_data;

  gtk_entry_set_activates_default (GTK_ENTRY (request->entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (request->entry), initial ? initial : "");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), request->entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), request,
                         request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (request->entry);
}

void
concord_form_set_row_error (GtkWidget    *row,
                            const GError *error)
{
  g_return_if_fail (GTK_IS_WIDGET (row));

  if (error != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, error->message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      error->message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

void
concord_form_setup_two_line_row (GtkSignalListItemFactory *factory,
                                 GtkListItem              *item,
                                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_item_set_child (item, box);
}
