/* concord-account-import-dialog.c
 *
 * Choose a CSV file, check what each column fills (HubSpot and Salesforce
 * names are matched already), then import. The import runs a few hundred
 * rows per main loop iteration inside one edit, so the window stays live,
 * the progress bar moves, and Cancel drops everything; when it finishes
 * it is one undo step. Before that, the preview runs the import the same
 * way and undoes it, to say how many rows would be added, updated,
 * skipped or rejected, and whether updates would change filled fields.
 */
#define G_LOG_DOMAIN "concord-account-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-account-import.h"
#include "concord-account-import-dialog.h"

#define ROWS_PER_STEP 400
#define PREVIEW_ROWS  3

/* In the order of concord_csv_encodings (). */
static const char *const encoding_labels[] = {
  N_("UTF-8"),
  N_("Windows-1252 (Western European, older Windows)"),
  N_("ISO-8859-1 (Latin-1)"),
};

struct _ConcordAccountImportDialog
{
  AdwWindow             parent_instance;

  GtkStack             *stack;
  GtkWidget            *import_button;
  GtkWidget            *cancel_button;
  AdwActionRow         *file_row;
  AdwComboRow          *encoding_row;
  GtkWidget            *encoding_problem_list;
  AdwActionRow         *encoding_problem_row;
  AdwComboRow          *kind_row;
  AdwComboRow          *duplicate_row;
  GtkSwitch            *skip_switch;
  AdwActionRow         *preview_row;
  GtkListBox           *columns_list;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkImage             *result_icon;
  GtkLabel             *result_title;
  GtkLabel             *result_summary;
  GtkListBox           *problems_list;

  ConcordWorkbook      *workbook;
  ConcordAccountImport *import;
  char                 *path;
  guint                 step_source;
  guint                 count_source;
  guint                 loading : 1;
};

G_DEFINE_FINAL_TYPE (ConcordAccountImportDialog, concord_account_import_dialog, ADW_TYPE_WINDOW)

/* In the order of the "Already in the workbook" choices. */
static const ConcordDuplicateMode duplicate_modes[] = {
  CONCORD_DUPLICATE_UPDATE, CONCORD_DUPLICATE_FILL, CONCORD_DUPLICATE_SKIP, CONCORD_DUPLICATE_CREATE,
};

static void start_counting (ConcordAccountImportDialog *self);
static void stop_counting  (ConcordAccountImportDialog *self);

static void
update_actions (ConcordAccountImportDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.start",
                                 self->import != NULL && g_strcmp0 (page, "map") == 0);
  gtk_widget_set_visible (self->import_button, g_strcmp0 (page, "result") != 0);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button),
                        g_strcmp0 (page, "result") == 0 ? _("_Close") : _("_Cancel"));
}

static void
show_result (ConcordAccountImportDialog *self,
             gboolean                    ok,
             const char                 *title,
             const char                 *summary)
{
  GtkWidget *child;

  gtk_image_set_from_icon_name (self->result_icon, ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), ok ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), ok ? "success" : "warning");
  gtk_label_set_text (self->result_title, title);
  gtk_label_set_text (self->result_summary, summary);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);

  if (self->import != NULL)
    {
      GPtrArray *lists[] = { concord_account_import_get_problems (self->import),
                             concord_account_import_get_warnings (self->import) };

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint i = 0; i < lists[l]->len; i++)
          {
            ConcordImportProblem *problem = g_ptr_array_index (lists[l], i);
            GtkWidget *row = adw_action_row_new ();
            g_autofree char *line = g_strdup_printf (_("Line %u"), problem->line);

            adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line);
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->reason);
            adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
            adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                       gtk_image_new_from_icon_name (l == 0 ? "dialog-error-symbolic"
                                                                            : "dialog-information-symbolic"));
            gtk_list_box_append (self->problems_list, row);
          }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->problems_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->problems_list)) != NULL);
  gtk_stack_set_visible_child_name (self->stack, "result");
  update_actions (self);
}

/* Mapping ------------------------------------------------------------------ */

static void
on_mapping_selected (AdwComboRow                *row,
                     GParamSpec                 *pspec,
                     ConcordAccountImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint n, selected = adw_combo_row_get_selected (row);
  const ConcordImportField *fields;

  if (self->loading || self->import == NULL)
    return;

  fields = concord_account_import_fields (concord_account_import_get_kind (self->import), &n);
  concord_account_import_set_mapping (self->import, column, selected == 0 || selected > n
                                                              ? NULL : fields[selected - 1].id, NULL);

  /* A field belongs to one column: show where it moved from. */
  self->loading = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      guint other = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "column"));
      const char *field = concord_account_import_get_mapping (self->import, other);
      guint index = 0;

      for (guint i = 0; field != NULL && i < n; i++)
        if (g_str_equal (fields[i].id, field))
          index = i + 1;
      adw_combo_row_set_selected (ADW_COMBO_ROW (child), index);
    }
  self->loading = FALSE;

  start_counting (self);
}

static void
fill_columns (ConcordAccountImportDialog *self)
{
  g_autoptr(GPtrArray) preview = NULL;
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  const ConcordImportField *fields;
  GtkWidget *child;
  guint n_fields;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_list))) != NULL)
    gtk_list_box_remove (self->columns_list, child);

  if (self->import == NULL)
    return;

  fields = concord_account_import_fields (concord_account_import_get_kind (self->import), &n_fields);
  gtk_string_list_append (choices, _("Leave out"));
  for (guint i = 0; i < n_fields; i++)
    gtk_string_list_append (choices, _(fields[i].label));

  preview = concord_account_import_preview (self->import, PREVIEW_ROWS);

  self->loading = TRUE;
  for (guint c = 0; c < concord_account_import_get_n_columns (self->import); c++)
    {
      GtkWidget *row = adw_combo_row_new ();
      g_autoptr(GString) sample = g_string_new (NULL);
      const char *field = concord_account_import_get_mapping (self->import, c);
      guint index = 0;

      for (guint r = 0; r < preview->len; r++)
        {
          GPtrArray *cells = g_ptr_array_index (preview, r);
          const char *cell = c < cells->len ? g_ptr_array_index (cells, c) : "";

          if (*cell != '\0')
            g_string_append_printf (sample, "%s%s", sample->len ? " · " : "", cell);
        }
      for (guint i = 0; field != NULL && i < n_fields; i++)
        if (g_str_equal (fields[i].id, field))
          index = i + 1;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), concord_account_import_get_header (self->import, c));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample->len ? sample->str : _("(empty in the first rows)"));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), index);
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (c));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_mapping_selected), self);
      gtk_list_box_append (self->columns_list, row);
    }
  self->loading = FALSE;
}

static gboolean
reload (ConcordAccountImportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *subtitle = NULL;
  ConcordImportKind kind = adw_combo_row_get_selected (self->kind_row) == 1
                           ? CONCORD_IMPORT_CONTACTS : CONCORD_IMPORT_ACCOUNTS;
  guint encoding = MIN (adw_combo_row_get_selected (self->encoding_row), G_N_ELEMENTS (encoding_labels) - 1);

  stop_counting (self);
  g_clear_object (&self->import);
  if (self->path == NULL)
    return FALSE;

  basename = g_path_get_basename (self->path);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), basename);

  self->import = concord_account_import_new_for_path_full (self->workbook, kind, self->path,
                                                           concord_csv_encodings ()[encoding], &error);
  if (self->import == NULL && g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING))
    {
      /* Not readable in this encoding: say where in the preview, and
       * let the user choose another; nothing is chosen for them. */
      g_autofree char *title = g_strdup_printf (_("The file is not %s text"), _(encoding_labels[encoding]));

      adw_action_row_set_subtitle (self->file_row, _("Choose the text encoding below"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->encoding_problem_row), title);
      adw_action_row_set_subtitle (self->encoding_problem_row, error->message);
      gtk_widget_set_visible (self->encoding_problem_list, TRUE);
      fill_columns (self);
      gtk_stack_set_visible_child_name (self->stack, "map");
      update_actions (self);
      return TRUE;
    }
  if (self->import == NULL)
    {
      show_result (self, FALSE, _("This File Cannot Be Imported"), error->message);
      return FALSE;
    }

  gtk_widget_set_visible (self->encoding_problem_list, FALSE);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column", "%u columns",
                                           concord_account_import_get_n_columns (self->import)),
                              concord_account_import_get_n_columns (self->import));
  if (encoding == 0 && g_str_has_prefix (concord_account_import_get_encoding (self->import), "UTF-16"))
    {
      /* Excel's "Unicode Text": its BOM says so, nothing to choose. */
      g_autofree char *read_as = g_strdup_printf (_("%s, read as %s"), subtitle,
                                                  concord_account_import_get_encoding (self->import));

      g_free (subtitle);
      subtitle = g_steal_pointer (&read_as);
    }
  else if (encoding != 0)
    {
      g_autofree char *read_as = g_strdup_printf (_("%s, read as %s"), subtitle, _(encoding_labels[encoding]));

      g_free (subtitle);
      subtitle = g_steal_pointer (&read_as);
    }
  adw_action_row_set_subtitle (self->file_row, subtitle);
  fill_columns (self);
  gtk_stack_set_visible_child_name (self->stack, "map");
  update_actions (self);
  start_counting (self);

  return TRUE;
}

static void
on_reading_changed (ConcordAccountImportDialog *self)
{
  if (!self->loading && self->path != NULL)
    reload (self);
}

gboolean
concord_account_import_dialog_load_path (ConcordAccountImportDialog *self,
                                         const char                 *path)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_free (self->path);
  self->path = g_strdup (path);

  /* A file of people is most likely contacts. A new file is read as
   * UTF-8 until the user says otherwise. */
  self->loading = TRUE;
  adw_combo_row_set_selected (self->encoding_row, 0);
  {
    g_autofree char *lower = g_ascii_strdown (path, -1);
    g_autofree char *basename = g_path_get_basename (lower);

    if (strstr (basename, "contact") != NULL || strstr (basename, "people") != NULL)
      adw_combo_row_set_selected (self->kind_row, 1);
  }
  self->loading = FALSE;

  return reload (self);
}

/* Preview counts ----------------------------------------------------------- */

static void
apply_options (ConcordAccountImportDialog *self)
{
  guint mode = MIN (adw_combo_row_get_selected (self->duplicate_row), G_N_ELEMENTS (duplicate_modes) - 1);

  concord_account_import_set_duplicate_mode (self->import, duplicate_modes[mode]);
  concord_account_import_set_skip_rejected (self->import, gtk_switch_get_active (self->skip_switch));
}

static void
stop_counting (ConcordAccountImportDialog *self)
{
  if (self->count_source == 0)
    return;

  g_clear_handle_id (&self->count_source, g_source_remove);
  concord_account_import_cancel (self->import);
}

static void
show_counts (ConcordAccountImportDialog *self)
{
  g_autofree char *summary = concord_account_import_dup_summary (self->import);
  g_autoptr(GString) details = g_string_new (summary);
  guint overwritten = concord_account_import_get_n_overwritten (self->import);
  guint rejected = concord_account_import_get_n_rejected (self->import);
  g_autofree char *conventions = concord_account_import_dup_conventions (self->import);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->preview_row), _("Importing now would give"));

  /* An update never changes a filled field without saying so first. */
  if (overwritten > 0)
    {
      g_string_append_c (details, '\n');
      g_string_append_printf (details,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Updates change %u field that already holds something else; "
                                           "choose “Fill its empty fields only” to keep it.",
                                           "Updates change %u fields that already hold something else; "
                                           "choose “Fill its empty fields only” to keep them.",
                                           overwritten),
                              overwritten);
    }
  if (rejected > 0 && !gtk_switch_get_active (self->skip_switch))
    {
      g_string_append_c (details, '\n');
      g_string_append (details, _("With rejected rows nothing is imported, unless you import the good rows."));
    }
  if (conventions != NULL)
    {
      g_string_append_c (details, '\n');
      g_string_append (details, conventions);
    }

  adw_action_row_set_subtitle (self->preview_row, details->str);
}

static gboolean
count_cb (gpointer data)
{
  ConcordAccountImportDialog *self = data;
  g_autoptr(GError) error = NULL;

  if (concord_account_import_step (self->import, ROWS_PER_STEP, &error))
    return G_SOURCE_CONTINUE;

  self->count_source = 0;
  concord_account_import_end_count (self->import);

  if (error != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->preview_row), _("This file cannot be imported as it is"));
      adw_action_row_set_subtitle (self->preview_row, error->message);
      return G_SOURCE_REMOVE;
    }

  show_counts (self);
  return G_SOURCE_REMOVE;
}

/* Runs the import in steps and undoes it: the counts are what importing
 * would do with the current columns and choices. */
static void
start_counting (ConcordAccountImportDialog *self)
{
  g_autoptr(GError) error = NULL;

  stop_counting (self);
  if (self->import == NULL || self->step_source != 0)
    return;

  apply_options (self);
  if (!concord_account_import_begin (self->import, &error))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->preview_row), _("Nothing can be imported yet"));
      adw_action_row_set_subtitle (self->preview_row, error->message);
      return;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->preview_row), _("Counting the rows…"));
  adw_action_row_set_subtitle (self->preview_row, "");
  self->count_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, count_cb, self, NULL);
}

static void
on_option_changed (ConcordAccountImportDialog *self)
{
  if (!self->loading)
    start_counting (self);
}

/* Importing ---------------------------------------------------------------- */

static void
stop_stepping (ConcordAccountImportDialog *self)
{
  g_clear_handle_id (&self->step_source, g_source_remove);
}

static gboolean
step_cb (gpointer data)
{
  ConcordAccountImportDialog *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (concord_account_import_step (self->import, ROWS_PER_STEP, &error))
    {
      text = g_strdup_printf (_("%u rows read"), concord_account_import_get_n_rows (self->import));
      gtk_progress_bar_set_fraction (self->progress_bar, concord_account_import_get_fraction (self->import));
      gtk_progress_bar_set_text (self->progress_bar, text);
      return G_SOURCE_CONTINUE;
    }

  self->step_source = 0;

  if (error != NULL)
    {
      concord_account_import_cancel (self->import);
      show_result (self, FALSE, _("Nothing Was Imported"), error->message);
      return G_SOURCE_REMOVE;
    }

  if (!concord_account_import_commit (self->import, &error))
    {
      show_result (self, FALSE, _("Nothing Was Imported"), error->message);
      return G_SOURCE_REMOVE;
    }

  text = concord_account_import_dup_summary (self->import);
  show_result (self, TRUE, _("Import Complete"), text);

  return G_SOURCE_REMOVE;
}

static void
start_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ConcordAccountImportDialog *self = CONCORD_ACCOUNT_IMPORT_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->import == NULL || self->step_source != 0)
    return;

  stop_counting (self);
  apply_options (self);

  if (!concord_account_import_begin (self->import, &error))
    {
      show_result (self, FALSE, _("Nothing Was Imported"), error->message);
      return;
    }

  gtk_label_set_text (self->progress_label, _("Importing…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  update_actions (self);
  self->step_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, step_cb, self, NULL);
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordAccountImportDialog *self = CONCORD_ACCOUNT_IMPORT_DIALOG (widget);

  if (self->step_source != 0)
    {
      stop_stepping (self);
      concord_account_import_cancel (self->import);
      show_result (self, FALSE, _("Import Cancelled"), _("Nothing was imported."));
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_choose_response (GtkNativeDialog            *chooser,
                    int                         response,
                    ConcordAccountImportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        concord_account_import_dialog_load_path (self, path);
    }
}

static void
choose_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordAccountImportDialog *self = CONCORD_ACCOUNT_IMPORT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a CSV File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_choose_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Life cycle --------------------------------------------------------------- */

static gboolean
concord_account_import_dialog_close_request (GtkWindow *window)
{
  ConcordAccountImportDialog *self = CONCORD_ACCOUNT_IMPORT_DIALOG (window);

  /* Closing mid-import is a cancel: nothing half-imported. */
  if (self->step_source != 0)
    {
      stop_stepping (self);
      concord_account_import_cancel (self->import);
    }
  stop_counting (self);

  return GTK_WINDOW_CLASS (concord_account_import_dialog_parent_class)->close_request (window);
}

static void
concord_account_import_dialog_dispose (GObject *object)
{
  ConcordAccountImportDialog *self = (ConcordAccountImportDialog *) object;

  stop_stepping (self);
  if (self->import != NULL)
    stop_counting (self);
  g_clear_object (&self->import);
  g_clear_object (&self->workbook);
  g_clear_pointer (&self->path, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_ACCOUNT_IMPORT_DIALOG);

  G_OBJECT_CLASS (concord_account_import_dialog_parent_class)->dispose (object);
}

static void
concord_account_import_dialog_class_init (ConcordAccountImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = concord_account_import_dialog_dispose;
  window_class->close_request = concord_account_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-account-import-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ConcordAccountImportDialog, name)
  BIND (stack);
  BIND (import_button);
  BIND (cancel_button);
  BIND (file_row);
  BIND (encoding_row);
  BIND (encoding_problem_list);
  BIND (encoding_problem_row);
  BIND (kind_row);
  BIND (duplicate_row);
  BIND (skip_switch);
  BIND (preview_row);
  BIND (columns_list);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (result_icon);
  BIND (result_title);
  BIND (result_summary);
  BIND (problems_list);
#undef BIND

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_activated);
  gtk_widget_class_install_action (widget_class, "import.start", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "import.start", NULL);
}

static void
concord_account_import_dialog_init (ConcordAccountImportDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) modes = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) encodings = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_assert (g_strv_length ((char **) concord_csv_encodings ()) == G_N_ELEMENTS (encoding_labels));
  for (guint i = 0; i < G_N_ELEMENTS (encoding_labels); i++)
    gtk_string_list_append (encodings, _(encoding_labels[i]));
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (encodings));
  g_signal_connect_swapped (self->encoding_row, "notify::selected", G_CALLBACK (on_reading_changed), self);

  gtk_string_list_append (kinds, _("Accounts"));
  gtk_string_list_append (kinds, _("Contacts"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  gtk_string_list_append (modes, _("Update it from the file"));
  gtk_string_list_append (modes, _("Fill its empty fields only"));
  gtk_string_list_append (modes, _("Skip the row"));
  gtk_string_list_append (modes, _("Add a second record"));
  adw_combo_row_set_model (self->duplicate_row, G_LIST_MODEL (modes));
  g_assert (g_list_model_get_n_items (G_LIST_MODEL (modes)) == G_N_ELEMENTS (duplicate_modes));
  g_signal_connect_swapped (self->duplicate_row, "notify::selected", G_CALLBACK (on_option_changed), self);
  g_signal_connect_swapped (self->skip_switch, "notify::active", G_CALLBACK (on_option_changed), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_reading_changed), self);

  update_actions (self);
}

GtkWidget *
concord_account_import_dialog_new (ConcordWorkbook *workbook)
{
  ConcordAccountImportDialog *self;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  self = g_object_new (CONCORD_TYPE_ACCOUNT_IMPORT_DIALOG, NULL);
  self->workbook = g_object_ref (workbook);

  return GTK_WIDGET (self);
}
