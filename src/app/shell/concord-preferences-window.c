/* concord-preferences-window.c
 *
 * The style follows GSettings; the currency and the names of the maturity
 * stages belong to the workbook, so they travel with it and can be undone.
 * The currency row saves when focus leaves it and before the window closes.
 */
#define G_LOG_DOMAIN "concord-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "concord-form.h"
#include "concord-preferences-window.h"

struct _ConcordPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  AdwPreferencesGroup  *workbook_group;
  AdwEntryRow          *currency_row;
  AdwComboRow          *labels_row;

  GSettings            *settings;
  ConcordWorkbook      *workbook;
};

G_DEFINE_FINAL_TYPE (ConcordPreferencesWindow, concord_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static const char *const style_ids[] = { "default", "light", "dark" };
static const char *const label_ids[] = { "classic", "alternate" };

static guint
index_of (const char *const *ids,
          guint              n_ids,
          const char        *id)
{
  for (guint i = 0; i < n_ids; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      return i;

  return 0;
}

static void
on_style_selected (ConcordPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->style_row);

  if (self->settings != NULL && selected < G_N_ELEMENTS (style_ids))
    g_settings_set_string (self->settings, "color-scheme", style_ids[selected]);
}

static void
save_meta (ConcordPreferencesWindow *self,
           const char               *key,
           const char               *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;

  if (self->workbook == NULL || concord_workbook_get_read_only (self->workbook))
    return;

  current = concord_workbook_dup_meta (self->workbook, key);
  if (g_strcmp0 (current, value) == 0)
    return;

  if (!concord_workbook_set_meta (self->workbook, key, value, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
    }
}

static void
on_labels_selected (ConcordPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->labels_row);

  if (selected < G_N_ELEMENTS (label_ids))
    save_meta (self, "stage_labels", label_ids[selected]);
}

/* The currency row is a field (see concord_field_attach()). */
static gboolean
save_currency (GtkWidget   *row,
               const char  *text,
               const char  *step_label,
               gpointer     user_data,
               GError     **error)
{
  ConcordPreferencesWindow *self = user_data;
  g_autofree char *code = g_strstrip (g_ascii_strup (text, -1));
  g_autofree char *current = NULL;
  g_autoptr(ConcordEdit) edit = NULL;

  if (self->workbook == NULL || concord_workbook_get_read_only (self->workbook))
    return TRUE;

  if (strlen (code) != 3 || !g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]) ||
      !g_ascii_isalpha (code[2]))
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("A currency is a three-letter code such as USD, EUR or GBP."));
      return FALSE;
    }

  current = concord_workbook_dup_meta (self->workbook, "currency");
  if (g_strcmp0 (current, code) != 0 &&
      ((edit = concord_workbook_edit (self->workbook, step_label, error)) == NULL ||
       !concord_workbook_set_meta (self->workbook, "currency", code, error) ||
       !concord_edit_commit (edit, error)))
    return FALSE;

  /* Shown as stored: upper case. */
  concord_field_set_text (row, code);
  return TRUE;
}

static void
concord_preferences_window_dispose (GObject *object)
{
  ConcordPreferencesWindow *self = (ConcordPreferencesWindow *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->workbook);

  G_OBJECT_CLASS (concord_preferences_window_parent_class)->dispose (object);
}

static void
concord_preferences_window_class_init (ConcordPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordPreferencesWindow, workbook_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, ConcordPreferencesWindow, labels_row);
}

static void
concord_preferences_window_init (ConcordPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  concord_field_attach (GTK_WIDGET (self->currency_row), save_currency, self);
  /* What is typed goes into the workbook before the window goes. */
  g_signal_connect (self, "close-request", G_CALLBACK (concord_form_close_request), NULL);
}

GtkWindow *
concord_preferences_window_new (GtkWindow       *parent,
                                GSettings       *settings,
                                ConcordWorkbook *workbook)
{
  ConcordPreferencesWindow *self;

  self = g_object_new (CONCORD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);

  if (settings != NULL)
    {
      g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");

      self->settings = g_object_ref (settings);
      adw_combo_row_set_selected (self->style_row,
                                  index_of (style_ids, G_N_ELEMENTS (style_ids), scheme));
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->style_row), FALSE);
    }

  if (workbook != NULL)
    {
      g_autofree char *currency = concord_workbook_dup_meta (workbook, "currency");
      g_autofree char *labels = concord_workbook_dup_meta (workbook, "stage_labels");
      g_autofree char *title = concord_workbook_dup_title (workbook);
      g_autofree char *description = g_strdup_printf (_("Saved in “%s” and shared with everyone who opens it."), title);

      self->workbook = g_object_ref (workbook);
      concord_field_set_text (GTK_WIDGET (self->currency_row), currency ? currency : "USD");
      adw_combo_row_set_selected (self->labels_row,
                                  index_of (label_ids, G_N_ELEMENTS (label_ids), labels));
      adw_preferences_group_set_description (self->workbook_group, description);
      gtk_widget_set_sensitive (GTK_WIDGET (self->workbook_group),
                                !concord_workbook_get_read_only (workbook));
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->workbook_group), FALSE);
    }

  /* Connected last, so filling the rows above saves nothing. */
  g_signal_connect_object (self->style_row, "notify::selected",
                           G_CALLBACK (on_style_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->labels_row, "notify::selected",
                           G_CALLBACK (on_labels_selected), self, G_CONNECT_SWAPPED);

  return GTK_WINDOW (self);
}
