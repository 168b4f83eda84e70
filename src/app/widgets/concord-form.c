/* concord-form.c
 *
 * Helpers the editors share. "New process", "New role map" and the like all need one line of text
 * before anything is written, so the store sees a single, named insert
 * (one undo step) instead of an "Untitled" row renamed afterwards.
 *
 * Fields: every editor's text and number rows save through one mechanism,
 * so an edit the user sees on screen is in the file. A field remembers
 * the text the store holds; whatever differs from it is pending and is
 * written when focus leaves, on Enter, and when the form around it commits
 * (another record, another page, the window closing).
 */
#define G_LOG_DOMAIN "concord-form"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-error.h"
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

static void
update_confirm (GtkEditable      *entry,
                AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "confirm", *name != '\0');
}

static void ask_text (GtkWidget           *parent,
                      const char          *heading,
                      const char          *body,
                      const char          *initial,
                      const char          *confirm_label,
                      gboolean             need_text,
                      ConcordNameCallback  callback,
                      gpointer             user_data);

void
concord_form_ask_name (GtkWidget           *parent,
                       const char          *heading,
                       const char          *body,
                       const char          *initial,
                       const char          *confirm_label,
                       ConcordNameCallback  callback,
                       gpointer             user_data)
{
  ask_text (parent, heading, body, initial, confirm_label, TRUE, callback, user_data);
}

void
concord_form_ask_text (GtkWidget           *parent,
                       const char          *heading,
                       const char          *body,
                       const char          *initial,
                       const char          *confirm_label,
                       ConcordNameCallback  callback,
                       gpointer             user_data)
{
  ask_text (parent, heading, body, initial, confirm_label, FALSE, callback, user_data);
}

static void
ask_text (GtkWidget           *parent,
          const char          *heading,
          const char          *body,
          const char          *initial,
          const char          *confirm_label,
          gboolean             need_text,
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
  /* A name is needed: Create (and Enter) wait for one, so the dialog
   * never closes on an empty name only to open an error. */
  if (need_text)
    {
      g_signal_connect_object (request->entry, "changed", G_CALLBACK (update_confirm), dialog, 0);
      update_confirm (GTK_EDITABLE (request->entry), ADW_MESSAGE_DIALOG (dialog));
    }
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

/* Fields ------------------------------------------------------------------ */

#define FIELD_KEY "concord-field"
#define LABEL_OWNER_KEY "concord-field-error-of"

typedef struct
{
  ConcordFieldSaveFunc  save;
  gpointer              user_data;
  char                 *saved;        /* the text the store holds */
  GtkLabel             *error_label;  /* weak */
  GtkRoot              *root;         /* weak: whose focus we follow */
  guint                 has_focus : 1;
  guint                 committing : 1;
  guint                 reloaded : 1;
  guint                 invalid : 1;
} Field;

static void
field_free (gpointer data)
{
  Field *field = data;

  g_clear_weak_pointer (&field->error_label);
  g_clear_weak_pointer (&field->root);
  g_free (field->saved);
  g_free (field);
}

static Field *
field_get (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), FIELD_KEY);
}

static char *
field_dup_text (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }

  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
}

static void
field_show_text (GtkWidget  *widget,
                 const char *text)
{
  g_autofree char *current = field_dup_text (widget);

  if (g_strcmp0 (current, text) == 0)
    return;

  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

/* The row that carries the field's title and its error marking. */
static GtkWidget *
field_row (GtkWidget *widget)
{
  GtkWidget *row = ADW_IS_PREFERENCES_ROW (widget)
                   ? widget : gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  return row != NULL ? row : widget;
}

/* The title of the field's row, without its mnemonic. */
static char *
field_title (GtkWidget *widget)
{
  GtkWidget *row = field_row (widget);
  const char *title;
  GString *clean;

  if (!ADW_IS_PREFERENCES_ROW (row))
    return g_strdup (_("Field"));

  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  if (!adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)))
    return g_strdup (title);

  clean = g_string_new (NULL);
  for (const char *p = title; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          /* "__" is an underscore; a single one marks the mnemonic. */
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (clean, *p);
    }
  return g_string_free (clean, FALSE);
}

static void
field_show_error (GtkWidget    *widget,
                  Field        *field,
                  const GError *error)
{
  GtkLabel *label = field->error_label;

  field->invalid = error != NULL;
  concord_form_set_row_error (field_row (widget), error);

  if (error != NULL && !g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_INVALID))
    gtk_widget_activate_action (widget, "win.show-error", "s", error->message);

  if (label == NULL)
    return;

  if (error != NULL)
    {
      g_autofree char *title = field_title (widget);
      g_autofree char *text = g_strdup_printf (_("%s: %s"), title, error->message);

      gtk_label_set_text (label, text);
      gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
      g_object_set_data (G_OBJECT (label), LABEL_OWNER_KEY, widget);
    }
  else if (g_object_get_data (G_OBJECT (label), LABEL_OWNER_KEY) == widget)
    {
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      g_object_set_data (G_OBJECT (label), LABEL_OWNER_KEY, NULL);
    }
}

static void
on_field_leave (GtkEventControllerFocus *controller,
                GtkWidget               *widget)
{
  /* A form being torn down has nowhere to show a refusal. */
  if (!gtk_widget_in_destruction (widget) && gtk_widget_get_root (widget) != NULL)
    concord_field_commit (widget);
}

/* The focus controller hears nothing while the window is inactive; the
 * window's focus widget still moves (a click during a drag, a page shown
 * by a shortcut, a test), so follow that too. */
static void
on_root_focus (GtkRoot    *root,
               GParamSpec *pspec,
               GtkWidget  *widget)
{
  Field *field = field_get (widget);
  GtkWidget *focus = gtk_root_get_focus (root);
  gboolean inside = focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
  gboolean had;

  if (field == NULL)
    return;

  had = field->has_focus;
  field->has_focus = inside;
  if (had && !inside)
    on_field_leave (NULL, widget);
}

static void
on_field_map (GtkWidget *widget)
{
  Field *field = field_get (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (field == NULL || root == field->root)
    return;

  if (field->root != NULL)
    g_signal_handlers_disconnect_by_func (field->root, on_root_focus, widget);
  g_set_weak_pointer (&field->root, root);
  if (root != NULL)
    g_signal_connect_object (root, "notify::focus-widget", G_CALLBACK (on_root_focus), widget,
                             G_CONNECT_DEFAULT);
}

static void
on_field_activate (GtkWidget *widget)
{
  concord_field_commit (widget);
}

/**
 * concord_field_attach:
 * @field: an editable or a text view
 *
 * Makes @field save itself through @save; its current text counts as
 * stored.
 */
void
concord_field_attach (GtkWidget            *widget,
                      ConcordFieldSaveFunc  save,
                      gpointer              user_data)
{
  GtkEventController *focus;
  Field *field;

  g_return_if_fail (GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget));
  g_return_if_fail (save != NULL);
  g_return_if_fail (field_get (widget) == NULL);

  field = g_new0 (Field, 1);
  field->save = save;
  field->user_data = user_data;
  field->saved = field_dup_text (widget);
  g_object_set_data_full (G_OBJECT (widget), FIELD_KEY, field, field_free);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_field_leave), widget, G_CONNECT_DEFAULT);
  gtk_widget_add_controller (widget, focus);
  g_signal_connect (widget, "map", G_CALLBACK (on_field_map), NULL);
  if (gtk_widget_get_mapped (widget))
    on_field_map (widget);

  /* Saving needs no button; a ✓ in the row would also keep Tab inside
   * it, so leaving the field by Tab would not leave the row. */
  if (ADW_IS_ENTRY_ROW (widget))
    {
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (widget), FALSE);
      g_signal_connect (widget, "apply", G_CALLBACK (on_field_activate), NULL);
      g_signal_connect (widget, "entry-activated", G_CALLBACK (on_field_activate), NULL);
    }
  else if (GTK_IS_ENTRY (widget))
    g_signal_connect (widget, "activate", G_CALLBACK (on_field_activate), NULL);
}

/* Where the reason shows besides the field's own marking (a label under
 * its group, say). */
void
concord_field_set_error_label (GtkWidget *widget,
                               GtkLabel  *label)
{
  Field *field;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (label == NULL || GTK_IS_LABEL (label));

  field = field_get (widget);
  g_return_if_fail (field != NULL);
  g_set_weak_pointer (&field->error_label, label);
}

/**
 * concord_field_set_text:
 *
 * Shows what the store holds. Text the user typed and has not committed
 * (still focused, or refused) stays on screen.
 */
void
concord_field_set_text (GtkWidget  *widget,
                        const char *text)
{
  Field *field;
  g_autofree char *current = NULL;

  g_return_if_fail (GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget));

  text = text != NULL ? text : "";
  field = field_get (widget);
  if (field == NULL)
    {
      field_show_text (widget, text);
      return;
    }

  current = field_dup_text (widget);
  if (field->committing)
    {
      /* The value just written, as the store spells it. */
      field->reloaded = TRUE;
      field_show_text (widget, text);
    }
  else if (g_strcmp0 (current, field->saved) == 0)
    {
      field_show_text (widget, text);
      field_show_error (widget, field, NULL);
    }

  g_free (field->saved);
  field->saved = g_strdup (text);
}

gboolean
concord_field_is_pending (GtkWidget *widget)
{
  Field *field;
  g_autofree char *text = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  field = field_get (widget);
  if (field == NULL)
    return FALSE;

  text = field_dup_text (widget);
  return g_strcmp0 (text, field->saved) != 0;
}

/**
 * concord_field_commit:
 *
 * Saves @field's text if it differs from what is stored.
 *
 * Returns: FALSE when the text was refused; it stays on screen, marked.
 */
gboolean
concord_field_commit (GtkWidget *widget)
{
  Field *field;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), TRUE);

  field = field_get (widget);
  g_return_val_if_fail (field != NULL, TRUE);

  if (field->committing)
    return TRUE;

  text = field_dup_text (widget);
  if (g_strcmp0 (text, field->saved) == 0)
    {
      if (field->invalid)
        field_show_error (widget, field, NULL);
      return TRUE;
    }

  title = field_title (widget);
  /* Translators: an undo step, named after the field, e.g. Change “Actual” */
  label = g_strdup_printf (_("Change “%s”"), title);

  g_object_ref (widget);
  field->committing = TRUE;
  field->reloaded = FALSE;
  ok = field->save (widget, text, label, field->user_data, &error);
  g_assert (ok || error != NULL);
  field->committing = FALSE;

  /* The write may have rebuilt the list this row was in. */
  if (gtk_widget_get_root (widget) == NULL)
    ;
  else if (ok)
    {
      if (!field->reloaded)
        {
          g_free (field->saved);
          field->saved = g_steal_pointer (&text);
        }
      field_show_error (widget, field, NULL);
    }
  else
    field_show_error (widget, field, error);
  g_object_unref (widget);

  return ok;
}

static void
collect_fields (GtkWidget *widget,
                GPtrArray *fields)
{
  if (field_get (widget) != NULL)
    g_ptr_array_add (fields, g_object_ref (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_fields (child, fields);
}

static GPtrArray *
form_fields (GtkWidget *root)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_object_unref);

  collect_fields (root, fields);
  return fields;
}

/**
 * concord_form_commit:
 *
 * Commits every pending field under @root.
 *
 * Returns: FALSE when one was refused.
 */
gboolean
concord_form_commit (GtkWidget *root)
{
  g_autoptr(GPtrArray) fields = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (GTK_IS_WIDGET (root), TRUE);

  fields = form_fields (root);
  for (guint i = 0; i < fields->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (fields, i);

      /* A commit may have rebuilt the rows of a list. */
      if (gtk_widget_in_destruction (widget) || !gtk_widget_is_ancestor (widget, root))
        continue;
      if (!concord_field_commit (widget))
        ok = FALSE;
    }

  return ok;
}

/* The first field under @root whose text was refused, or NULL. */
GtkWidget *
concord_form_find_invalid (GtkWidget *root)
{
  g_autoptr(GPtrArray) fields = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  fields = form_fields (root);
  for (guint i = 0; i < fields->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (fields, i);

      if (field_get (widget)->invalid && concord_field_is_pending (widget))
        return widget;
    }

  return NULL;
}

/* Puts back what the store holds in every field under @root. */
void
concord_form_discard (GtkWidget *root)
{
  g_autoptr(GPtrArray) fields = NULL;

  g_return_if_fail (GTK_IS_WIDGET (root));

  fields = form_fields (root);
  for (guint i = 0; i < fields->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (fields, i);
      Field *field = field_get (widget);

      field_show_text (widget, field->saved);
      field_show_error (widget, field, NULL);
    }
}

/**
 * concord_form_leave_record:
 *
 * Called by an editor before it shows another record (or none): commits
 * its pending fields. A refused value cannot stay on screen over another
 * record, so the window says what was not saved and why.
 */
void
concord_form_leave_record (GtkWidget *root)
{
  GtkWidget *invalid;

  g_return_if_fail (GTK_IS_WIDGET (root));

  if (concord_form_commit (root))
    return;

  while ((invalid = concord_form_find_invalid (root)) != NULL)
    {
      const char *reason = gtk_widget_get_tooltip_text (field_row (invalid));
      g_autofree char *title = field_title (invalid);
      /* Translators: a field that could not be saved, and why */
      g_autofree char *message = g_strdup_printf (_("“%s” was not saved: %s"), title, reason ? reason : "");

      gtk_widget_activate_action (root, "win.toast", "s", message);
      field_show_text (invalid, field_get (invalid)->saved);
      field_show_error (invalid, field_get (invalid), NULL);
    }
}

/* Brings @field into view: its page, its expander, its pane. */
void
concord_form_reveal (GtkWidget *widget)
{
  GtkWidget *parent;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (GtkWidget *child = widget; (parent = gtk_widget_get_parent (child)) != NULL; child = parent)
    {
      if (GTK_IS_STACK (parent))
        gtk_stack_set_visible_child (GTK_STACK (parent), child);
      else if (ADW_IS_LEAFLET (parent))
        adw_leaflet_set_visible_child (ADW_LEAFLET (parent), child);
      else if (ADW_IS_EXPANDER_ROW (parent))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (parent), TRUE);
    }
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   GtkWindow        *window)
{
  GtkWidget *invalid;

  if (g_str_equal (response, "discard"))
    {
      concord_form_discard (GTK_WIDGET (window));
      gtk_window_close (window);
      return;
    }

  if ((invalid = concord_form_find_invalid (GTK_WIDGET (window))) != NULL)
    {
      concord_form_reveal (invalid);
      gtk_widget_grab_focus (invalid);
    }
}

static void
unref_window (gpointer  data,
              GClosure *closure)
{
  g_object_unref (data);
}

gboolean
concord_form_close_request (GtkWindow *window)
{
  GtkWidget *invalid;
  GtkWidget *dialog;
  const char *reason;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);

  if (concord_form_commit (GTK_WIDGET (window)) ||
      (invalid = concord_form_find_invalid (GTK_WIDGET (window))) == NULL)
    return FALSE;

  reason = gtk_widget_get_tooltip_text (field_row (invalid));
  /* Translators: the name of a field and why its value cannot be saved */
  title = field_title (invalid);
  body = g_strdup_printf (_("“%s” cannot be saved: %s"), title, reason ? reason : "");
  dialog = adw_message_dialog_new (window, _("Discard the Unsaved Value?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_close_response),
                         g_object_ref (window), unref_window, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}
