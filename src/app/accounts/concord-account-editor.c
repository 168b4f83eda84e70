/* concord-account-editor.c
 *
 * One account, its plan, buying committee, touches and coverage gaps.
 * Every field is saved when the user applies it (Enter or the check
 * button) as one undo step; a refused value keeps the user's text and the
 * reason shows under the group it belongs to, with the row marked.
 */
#define G_LOG_DOMAIN "concord-account-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "concord-account-editor.h"
#include "concord-accounts.h"
#include "concord-date-row.h"
#include "concord-form.h"
#include "concord-plans.h"
#include "concord-query-model.h"
#include "concord-record-drop-down.h"
#include "concord-tables.h"

struct _ConcordAccountEditor
{
  AdwBin                 parent_instance;

  AdwPreferencesGroup   *coverage_group;
  GtkListBox            *coverage_list;
  AdwEntryRow           *name_row;
  AdwEntryRow           *domain_row;
  AdwEntryRow           *industry_row;
  AdwEntryRow           *region_row;
  AdwEntryRow           *employees_row;
  AdwEntryRow           *revenue_row;
  GtkLabel              *account_error;
  AdwComboRow           *tier_row;
  AdwComboRow           *stage_row;
  AdwEntryRow           *fit_row;
  AdwEntryRow           *engagement_row;
  AdwEntryRow           *pipeline_row;
  AdwActionRow          *sales_owner_row;
  AdwActionRow          *marketing_owner_row;
  GtkLabel              *abm_error;
  AdwEntryRow           *goals_row;
  AdwEntryRow           *value_proposition_row;
  AdwEntryRow           *whitespace_row;
  AdwEntryRow           *risks_row;
  AdwEntryRow           *next_step_row;
  AdwEntryRow           *notes_row;
  GtkLabel              *plan_error;
  AdwEntryRow           *new_contact_row;
  GtkLabel              *committee_error;
  GtkListBox            *contacts_list;
  AdwExpanderRow        *log_touch_row;
  ConcordDateRow        *touch_date_row;
  AdwComboRow           *touch_channel_row;
  AdwComboRow           *touch_team_row;
  AdwComboRow           *touch_contact_row;
  AdwActionRow          *touch_owner_row;
  AdwEntryRow           *touch_note_row;
  AdwEntryRow           *touch_outcome_row;
  GtkLabel              *touches_error;
  GtkListBox            *touches_list;
  GtkButton             *log_touch_button;
  GtkWidget             *cancel_touch_button;
  GtkListBox            *plans_list;
  AdwActionRow          *plan_link_row;

  GtkWidget             *sales_owner;      /* ConcordRecordDropDown */
  GtkWidget             *marketing_owner;  /* ConcordRecordDropDown */
  GtkWidget             *plan_picker;      /* ConcordRecordDropDown */
  GtkWidget             *touch_owner;      /* ConcordRecordDropDown */
  GtkLabel              *plans_error;

  ConcordWorkbook       *workbook;
  gint64                 account_id;
  gulong                 changed_handler;
  guint                  touch_names_idle;
  ConcordQueryModel     *contacts;
  ConcordQueryModel     *touches;
  ConcordQueryModel     *plans;
  gint64                 editing_touch_id;  /* 0 while the form logs a new touch */
  guint                  loading : 1;
};

G_DEFINE_FINAL_TYPE (ConcordAccountEditor, concord_account_editor, ADW_TYPE_BIN)

/* What each entry row edits; how its text becomes a value follows the
 * column's description (a count, money, text that may be empty). */
typedef struct
{
  gsize       offset;   /* of the AdwEntryRow in the struct */
  gsize       error;    /* of the GtkLabel under its group */
  const char *column;
} EntryField;

#define ROW(name) G_STRUCT_OFFSET (ConcordAccountEditor, name)

static const EntryField entry_fields[] = {
  { ROW (name_row), ROW (account_error), "name" },
  { ROW (domain_row), ROW (account_error), "domain" },
  { ROW (industry_row), ROW (account_error), "industry" },
  { ROW (region_row), ROW (account_error), "region" },
  { ROW (employees_row), ROW (account_error), "employees" },
  { ROW (revenue_row), ROW (account_error), "annual_revenue" },
  { ROW (fit_row), ROW (abm_error), "fit" },
  { ROW (engagement_row), ROW (abm_error), "engagement" },
  { ROW (pipeline_row), ROW (abm_error), "pipeline_value" },
  { ROW (goals_row), ROW (plan_error), "goals" },
  { ROW (value_proposition_row), ROW (plan_error), "value_proposition" },
  { ROW (whitespace_row), ROW (plan_error), "whitespace" },
  { ROW (risks_row), ROW (plan_error), "risks" },
  { ROW (next_step_row), ROW (plan_error), "next_step" },
  { ROW (notes_row), ROW (plan_error), "notes" },
};

static const ConcordColumn *
entry_column (const EntryField *field)
{
  const ConcordColumn *column = concord_table_find_column (concord_table_lookup ("accounts"), field->column);

  g_assert (column != NULL);
  return column;
}

#define MEMBER(self, offset) (*(gpointer *) G_STRUCT_MEMBER_P (self, offset))

/* Errors ----------------------------------------------------------------- */

static void
clear_errors (ConcordAccountEditor *self)
{
  GtkLabel *labels[] = { self->account_error, self->abm_error, self->plan_error,
                         self->committee_error, self->touches_error, self->plans_error };

  /* The entry rows are fields: they keep their own marking. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->touch_date_row), "error");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_widget_set_visible (GTK_WIDGET (labels[i]), FALSE);
}

static void
show_error (ConcordAccountEditor *self,
            GtkLabel             *label,
            GtkWidget            *row,
            const GError         *error)
{
  clear_errors (self);

  /* Store failures are not about a field: the window says those. */
  if (!g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_INVALID))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", error->message);
      return;
    }

  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, error->message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
    }
  gtk_label_set_text (label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

/* Loading ---------------------------------------------------------------- */

static char *
entry_value_text (ConcordRecord   *record,
                  const EntryField *field)
{
  if (concord_record_is_null (record, field->column))
    return g_strdup ("");

  switch (entry_column (field)->kind)
    {
    case CONCORD_COLUMN_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, concord_record_get_int (record, field->column));
    case CONCORD_COLUMN_MONEY:
      return concord_money_format_plain (concord_record_get_int (record, field->column));
    default:
      return g_strdup (concord_record_get_string (record, field->column));
    }
}

static GtkWidget *
coverage_row_new (ConcordCoverageWarning *warning)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, "warning");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warning->message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
load_coverage (ConcordAccountEditor *self)
{
  g_autoptr(GPtrArray) warnings = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->coverage_list))) != NULL)
    gtk_list_box_remove (self->coverage_list, child);

  warnings = concord_accounts_account_warnings (self->workbook, self->account_id, NULL);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    gtk_list_box_append (self->coverage_list, coverage_row_new (g_ptr_array_index (warnings, i)));

  /* The group stays, last in the form, so that a gap closing or opening
   * while the user edits never moves the fields under the pointer. */
  if (warnings == NULL || warnings->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No coverage gaps."));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->coverage_list, row);
    }
}

static void
load (ConcordAccountEditor *self)
{
  g_autoptr(ConcordRecord) record = NULL;

  if (self->workbook == NULL || self->account_id == 0)
    return;

  record = concord_workbook_get_record (self->workbook, "accounts", self->account_id, NULL);
  if (record == NULL)
    return;

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    {
      g_autofree char *text = entry_value_text (record, &entry_fields[i]);
      concord_field_set_text (MEMBER (self, entry_fields[i].offset), text);
    }
  adw_combo_row_set_selected (self->tier_row,
                              MAX (0, concord_accounts_choice_index (CONCORD_CHOICE_TIER,
                                                                     concord_record_get_string (record, "tier"))));
  adw_combo_row_set_selected (self->stage_row,
                              MAX (0, concord_accounts_choice_index (CONCORD_CHOICE_STAGE,
                                                                     concord_record_get_string (record, "stage"))));
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->sales_owner),
                                            concord_record_get_int (record, "sales_owner_id"));
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->marketing_owner),
                                            concord_record_get_int (record, "marketing_owner_id"));
  self->loading = FALSE;

  load_coverage (self);
}

/* Saving ----------------------------------------------------------------- */

static gboolean
save_fields (ConcordAccountEditor *self,
             ConcordFields        *fields,
             GtkLabel             *error_label,
             GtkWidget            *row)
{
  g_autoptr(GError) error = NULL;

  if (self->loading || self->workbook == NULL || self->account_id == 0)
    return FALSE;

  if (!concord_accounts_update (self->workbook, self->account_id, fields, &error))
    {
      show_error (self, error_label, row, error);
      return FALSE;
    }

  clear_errors (self);
  return TRUE;
}

static gboolean
save_entry (GtkWidget   *row,
            const char  *typed,
            const char  *step_label,
            gpointer     user_data,
            GError     **error)
{
  ConcordAccountEditor *self = user_data;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(ConcordEdit) edit = NULL;
  g_autofree char *text = g_strstrip (g_strdup (typed));
  const EntryField *field = NULL;
  const ConcordColumn *column;

  if (self->loading || self->workbook == NULL || self->account_id == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    if (MEMBER (self, entry_fields[i].offset) == (gpointer) row)
      field = &entry_fields[i];
  g_assert (field != NULL);
  column = entry_column (field);

  /* Emptied: no value, or the validator says this one needs one. */
  if (*text == '\0' && !(column->flags & CONCORD_COLUMN_REQUIRED))
    concord_fields_set_null (fields, field->column);
  else if (column->kind == CONCORD_COLUMN_INT)
    {
      gint64 n;

      if (!concord_count_parse (text, &n, error))
        return FALSE;
      concord_fields_set_int (fields, field->column, n);
    }
  else if (column->kind == CONCORD_COLUMN_MONEY)
    {
      gint64 cents;

      if (!concord_money_parse (text, &cents, error))
        return FALSE;
      concord_fields_set_int (fields, field->column, cents);
    }
  else if (column->rule == CONCORD_RULE_DOMAIN)
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);
      concord_fields_set_string (fields, field->column, lower);
    }
  else
    concord_fields_set_string (fields, field->column, text);

  edit = concord_workbook_edit (self->workbook, step_label, error);
  if (edit == NULL ||
      !concord_accounts_update (self->workbook, self->account_id, fields, error) ||
      !concord_edit_commit (edit, error))
    return FALSE;

  clear_errors (self);
  return TRUE;
}

static void
on_choice_selected (AdwComboRow          *row,
                    GParamSpec           *pspec,
                    ConcordAccountEditor *self)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  ConcordChoiceKind kind = row == self->tier_row ? CONCORD_CHOICE_TIER : CONCORD_CHOICE_STAGE;
  guint n, selected = adw_combo_row_get_selected (row);
  const ConcordChoice *choices = concord_accounts_choices (kind, &n);

  if (self->loading || selected >= n)
    return;

  concord_fields_set_string (fields, kind == CONCORD_CHOICE_TIER ? "tier" : "stage", choices[selected].id);
  save_fields (self, fields, self->abm_error, GTK_WIDGET (row));
}

static void
on_owner_selected (ConcordRecordDropDown *drop_down,
                   GParamSpec            *pspec,
                   ConcordAccountEditor  *self)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  gint64 id = concord_record_drop_down_get_selected_id (drop_down);
  const char *column = (GtkWidget *) drop_down == self->sales_owner ? "sales_owner_id" : "marketing_owner_id";

  if (self->loading)
    return;

  if (id > 0)
    concord_fields_set_id (fields, column, id);
  else
    concord_fields_set_null (fields, column);
  save_fields (self, fields, self->abm_error, gtk_widget_get_parent (GTK_WIDGET (drop_down)));
}

/* Buying committee --------------------------------------------------------- */

static GtkStringList *
choice_list (ConcordChoiceKind  kind,
             const char        *none_label)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  guint n;
  const ConcordChoice *choices = concord_accounts_choices (kind, &n);

  if (none_label != NULL)
    gtk_string_list_append (list, none_label);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, _(choices[i].label));

  return list;
}

static char *
contact_subtitle (ConcordRecord *contact)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (concord_record_get_boolean (contact, "is_primary"))
    g_ptr_array_add (parts, (gpointer) _("Primary"));
  if (!concord_record_is_null (contact, "title"))
    g_ptr_array_add (parts, (gpointer) concord_record_get_string (contact, "title"));
  if (!concord_record_is_null (contact, "role"))
    g_ptr_array_add (parts, (gpointer) concord_accounts_choice_label (CONCORD_CHOICE_ROLE,
                                                                     concord_record_get_string (contact, "role")));
  if (!concord_record_is_null (contact, "influence"))
    g_ptr_array_add (parts, (gpointer) concord_accounts_choice_label (CONCORD_CHOICE_INFLUENCE,
                                                                     concord_record_get_string (contact, "influence")));
  if (!concord_record_is_null (contact, "sentiment"))
    g_ptr_array_add (parts, (gpointer) concord_accounts_choice_label (CONCORD_CHOICE_SENTIMENT,
                                                                     concord_record_get_string (contact, "sentiment")));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
contact_changed (ConcordRecord *contact,
                 GtkWidget     *expander)
{
  g_autofree char *subtitle = contact_subtitle (contact);
  g_autofree char *title = g_markup_escape_text (concord_record_get_string (contact, "name"), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
}

static void
save_contact (ConcordAccountEditor *self,
              GtkWidget            *row,
              ConcordFields        *fields)
{
  g_autoptr(GError) error = NULL;
  gint64 contact_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "contact-id"));

  if (self->loading)
    return;

  if (!concord_accounts_update_contact (self->workbook, contact_id, fields, &error))
    show_error (self, self->committee_error, row, error);
  else
    clear_errors (self);
}

static gboolean
save_contact_entry (GtkWidget   *row,
                    const char  *typed,
                    const char  *step_label,
                    gpointer     user_data,
                    GError     **error)
{
  ConcordAccountEditor *self = user_data;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *text = g_strstrip (g_strdup (typed));
  const char *column = g_object_get_data (G_OBJECT (row), "column");
  gint64 contact_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "contact-id"));
  g_autoptr(ConcordEdit) edit = NULL;

  if (self->loading || self->workbook == NULL)
    return TRUE;

  if (*text == '\0' && !g_str_equal (column, "name"))
    concord_fields_set_null (fields, column);
  else
    concord_fields_set_string (fields, column, text);

  edit = concord_workbook_edit (self->workbook, step_label, error);
  return edit != NULL &&
         concord_accounts_update_contact (self->workbook, contact_id, fields, error) &&
         concord_edit_commit (edit, error);
}

static void
on_contact_choice (AdwComboRow          *row,
                   GParamSpec           *pspec,
                   ConcordAccountEditor *self)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  const char *column = g_object_get_data (G_OBJECT (row), "column");
  ConcordChoiceKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind"));
  guint n, selected = adw_combo_row_get_selected (row);
  const ConcordChoice *choices = concord_accounts_choices (kind, &n);

  /* The first item is "not set". */
  if (selected == 0 || selected > n)
    concord_fields_set_null (fields, column);
  else
    concord_fields_set_string (fields, column, choices[selected - 1].id);
  save_contact (self, GTK_WIDGET (row), fields);
}

static void
on_contact_primary (GtkSwitch            *toggle,
                    GParamSpec           *pspec,
                    ConcordAccountEditor *self)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();

  concord_fields_set_int (fields, "is_primary", gtk_switch_get_active (toggle));
  save_contact (self, GTK_WIDGET (toggle), fields);
}

static void
on_contact_owner (ConcordRecordDropDown *drop_down,
                  GParamSpec            *pspec,
                  ConcordAccountEditor  *self)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  gint64 id = concord_record_drop_down_get_selected_id (drop_down);

  if (id > 0)
    concord_fields_set_id (fields, "owner_id", id);
  else
    concord_fields_set_null (fields, "owner_id");
  save_contact (self, GTK_WIDGET (drop_down), fields);
}

static void
on_contact_remove (GtkButton            *button,
                   ConcordAccountEditor *self)
{
  g_autoptr(GError) error = NULL;
  gint64 contact_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "contact-id"));

  if (!concord_accounts_delete_contact (self->workbook, contact_id, &error))
    show_error (self, self->committee_error, NULL, error);
}

static GtkWidget *
tag_row (GtkWidget  *row,
         gint64      contact_id,
         const char *column)
{
  g_object_set_data (G_OBJECT (row), "contact-id", GSIZE_TO_POINTER (contact_id));
  g_object_set_data (G_OBJECT (row), "column", (gpointer) column);
  return row;
}

static GtkWidget *
contact_entry_row (ConcordAccountEditor *self,
                   ConcordRecord        *contact,
                   const char           *title,
                   const char           *column)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), concord_record_is_null (contact, column)
                                               ? "" : concord_record_get_string (contact, column));
  tag_row (row, concord_record_get_id (contact), column);
  concord_field_attach (row, save_contact_entry, self);
  concord_field_set_error_label (row, self->committee_error);

  return row;
}

static GtkWidget *
contact_choice_row (ConcordAccountEditor *self,
                    ConcordRecord        *contact,
                    const char           *title,
                    const char           *column,
                    ConcordChoiceKind     kind)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = choice_list (kind, _("None"));
  int index = concord_accounts_choice_index (kind, concord_record_is_null (contact, column)
                                                     ? NULL : concord_record_get_string (contact, column));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), index + 1);
  tag_row (row, concord_record_get_id (contact), column);
  g_object_set_data (G_OBJECT (row), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_contact_choice), self);

  return row;
}

static GtkWidget *
create_contact_row (gpointer item,
                    gpointer user_data)
{
  ConcordAccountEditor *self = user_data;
  ConcordRecord *contact = item;
  gint64 id = concord_record_get_id (contact);
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *row, *toggle, *owner, *remove;

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), contact_entry_row (self, contact, _("Name"), "name"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), contact_entry_row (self, contact, _("Title"), "title"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), contact_entry_row (self, contact, _("Email"), "email"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), contact_entry_row (self, contact, _("Phone"), "phone"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            contact_choice_row (self, contact, _("Role"), "role", CONCORD_CHOICE_ROLE));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            contact_choice_row (self, contact, _("Influence"), "influence", CONCORD_CHOICE_INFLUENCE));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            contact_choice_row (self, contact, _("Sentiment"), "sentiment", CONCORD_CHOICE_SENTIMENT));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Primary contact"));
  toggle = gtk_switch_new ();
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), concord_record_get_boolean (contact, "is_primary"));
  tag_row (toggle, id, "is_primary");
  g_signal_connect (toggle, "notify::active", G_CALLBACK (on_contact_primary), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Relationship owner"));
  owner = concord_record_drop_down_new (self->workbook, "people", "name", TRUE);
  gtk_widget_set_valign (owner, GTK_ALIGN_CENTER);
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (owner),
                                            concord_record_get_int (contact, "owner_id"));
  tag_row (owner, id, "owner_id");
  g_signal_connect (owner, "notify::selected-id", G_CALLBACK (on_contact_owner), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), owner);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  row = adw_action_row_new ();
  remove = gtk_button_new_with_mnemonic (_("_Remove from Committee"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "destructive-action");
  tag_row (remove, id, NULL);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_contact_remove), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  contact_changed (contact, expander);
  g_signal_connect_object (contact, "changed", G_CALLBACK (contact_changed), expander, 0);
  /* The row holds its record so the model keeps it live and updated. */
  g_object_set_data_full (G_OBJECT (expander), "record", g_object_ref (contact), g_object_unref);

  return expander;
}

static void
on_new_contact_apply (AdwEntryRow          *row,
                      ConcordAccountEditor *self)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  concord_fields_set_string (fields, "name", name);
  if (concord_accounts_add_contact (self->workbook, self->account_id, fields, &error) == 0)
    {
      show_error (self, self->committee_error, GTK_WIDGET (row), error);
      return;
    }

  clear_errors (self);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

/* Touches ------------------------------------------------------------------ */

/* The contact picker lists "None" and then the buying committee. */
static char *
contact_choice_name (GObject  *item,
                     gpointer  user_data)
{
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));

  return g_strdup (concord_record_get_string (CONCORD_RECORD (item), "name"));
}

static void
bind_contact_picker (ConcordAccountEditor *self)
{
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkStringList) none = gtk_string_list_new (NULL);
  g_autoptr(GtkFlattenListModel) choices = NULL;

  gtk_string_list_append (none, _("None"));
  g_list_store_append (parts, none);
  if (self->contacts != NULL)
    g_list_store_append (parts, self->contacts);
  choices = gtk_flatten_list_model_new (G_LIST_MODEL (parts));
  adw_combo_row_set_model (self->touch_contact_row, G_LIST_MODEL (choices));
  adw_combo_row_set_selected (self->touch_contact_row, 0);
}

static gint64
picked_contact (ConcordAccountEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->touch_contact_row);
  g_autoptr(GObject) item = NULL;

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 ||
      (item = g_list_model_get_item (adw_combo_row_get_model (self->touch_contact_row), selected)) == NULL ||
      !CONCORD_IS_RECORD (item))
    return 0;

  return concord_record_get_id (CONCORD_RECORD (item));
}

static void
pick_contact (ConcordAccountEditor *self,
              gint64                contact_id)
{
  guint position;

  if (contact_id != 0 && self->contacts != NULL &&
      concord_query_model_find (self->contacts, contact_id, &position))
    adw_combo_row_set_selected (self->touch_contact_row, position + 1);
  else
    adw_combo_row_set_selected (self->touch_contact_row, 0);
}

/* Back to logging a new touch, dated today. */
static void
reset_touch_form (ConcordAccountEditor *self)
{
  g_autofree char *today = concord_date_today ();

  self->editing_touch_id = 0;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->log_touch_row), _("Log a Touch"));
  gtk_button_set_label (self->log_touch_button, _("_Log Touch"));
  gtk_widget_set_visible (self->cancel_touch_button, FALSE);
  concord_date_row_set_date (self->touch_date_row, today);
  gtk_editable_set_text (GTK_EDITABLE (self->touch_note_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->touch_outcome_row), "");
  pick_contact (self, 0);
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->touch_owner), 0);
  adw_expander_row_set_expanded (self->log_touch_row, FALSE);
}

static void
on_touch_remove (GtkButton            *button,
                 ConcordAccountEditor *self)
{
  g_autoptr(GError) error = NULL;
  gint64 touch_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "touch-id"));

  if (!concord_accounts_delete_touch (self->workbook, touch_id, &error))
    show_error (self, self->touches_error, NULL, error);
  else if (touch_id == self->editing_touch_id)
    reset_touch_form (self);
}

static GtkWidget *
touch_button (const char *icon,
              const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return button;
}

/* Title and caption of a touch's row; they follow edits and undo. */
static void
show_touch (GtkWidget     *row,
            ConcordRecord *touch)
{
  ConcordAccountEditor *self = g_object_get_data (G_OBJECT (row), "editor");
  g_autofree char *date = concord_date_format (concord_record_get_string (touch, "touched_on"));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(ConcordRecord) contact = NULL;
  const char *note = concord_record_is_null (touch, "note") ? NULL : concord_record_get_string (touch, "note");
  const char *outcome = concord_record_is_null (touch, "outcome") ? NULL : concord_record_get_string (touch, "outcome");
  const char *channel = concord_accounts_choice_label (CONCORD_CHOICE_CHANNEL, concord_record_get_string (touch, "channel"));
  const char *team = concord_accounts_choice_label (CONCORD_CHOICE_TEAM, concord_record_get_string (touch, "team"));
  guint position;

  if (!concord_record_is_null (touch, "contact_id") && self->contacts != NULL &&
      concord_query_model_find (self->contacts, concord_record_get_int (touch, "contact_id"), &position))
    contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), position);

  if (contact != NULL)
    /* Translators: a touch: date, channel, team and contact, e.g. "2 Mar 2025 · Call · Sales · Ada Park" */
    title = g_strdup_printf (_("%s · %s · %s · %s"), date, channel, team, concord_record_get_string (contact, "name"));
  else
    /* Translators: a touch: date, channel and team, e.g. "2 Mar 2025 · Call · Sales" */
    title = g_strdup_printf (_("%s · %s · %s"), date, channel, team);
  if (note != NULL && outcome != NULL)
    subtitle = g_strdup_printf ("%s → %s", note, outcome);
  else
    subtitle = g_strdup (note ? note : outcome ? outcome : "");
  if (!concord_record_is_null (touch, "owner_id") && self->workbook != NULL)
    {
      g_autoptr(ConcordRecord) owner = concord_workbook_get_record (self->workbook, "people",
                                                                    concord_record_get_int (touch, "owner_id"), NULL);

      if (owner != NULL)
        {
          /* Translators: who made a touch, above its note, e.g. "By Hana Sato" */
          g_autofree char *by = g_strdup_printf (_("By %s"), concord_record_get_string (owner, "name"));
          char *both = *subtitle != '\0' ? g_strdup_printf ("%s\n%s", by, subtitle) : g_strdup (by);

          g_free (subtitle);
          subtitle = both;
        }
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

static void
on_touch_changed (ConcordRecord *touch,
                  GtkWidget     *row)
{
  show_touch (row, touch);
}

static GtkWidget *
create_touch_row (gpointer item,
                  gpointer user_data)
{
  ConcordAccountEditor *self = user_data;
  ConcordRecord *touch = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = touch_button ("document-edit-symbolic", _("Edit Touch"));
  GtkWidget *remove = touch_button ("user-trash-symbolic", _("Remove Touch"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  g_object_set_data (G_OBJECT (row), "editor", self);
  g_object_set_data_full (G_OBJECT (row), "touch", g_object_ref (touch), g_object_unref);
  g_signal_connect_object (touch, "changed", G_CALLBACK (on_touch_changed), row, G_CONNECT_DEFAULT);
  show_touch (row, touch);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "account.edit-touch");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "x", concord_record_get_id (touch));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  g_object_set_data (G_OBJECT (remove), "touch-id", GSIZE_TO_POINTER (concord_record_get_id (touch)));
  g_signal_connect (remove, "clicked", G_CALLBACK (on_touch_remove), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

/* account.edit-touch: the form above the list shows the touch to change. */
static void
edit_touch_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ConcordAccountEditor *self = CONCORD_ACCOUNT_EDITOR (widget);
  gint64 touch_id = g_variant_get_int64 (parameter);
  g_autoptr(ConcordRecord) touch = NULL;
  guint position;
  int index;

  if (self->touches == NULL || !concord_query_model_find (self->touches, touch_id, &position))
    return;

  touch = g_list_model_get_item (G_LIST_MODEL (self->touches), position);
  self->editing_touch_id = touch_id;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->log_touch_row), _("Edit Touch"));
  gtk_button_set_label (self->log_touch_button, _("_Save Touch"));
  gtk_widget_set_visible (self->cancel_touch_button, TRUE);
  concord_date_row_set_date (self->touch_date_row, concord_record_get_string (touch, "touched_on"));
  index = concord_accounts_choice_index (CONCORD_CHOICE_CHANNEL, concord_record_get_string (touch, "channel"));
  adw_combo_row_set_selected (self->touch_channel_row, MAX (index, 0));
  index = concord_accounts_choice_index (CONCORD_CHOICE_TEAM, concord_record_get_string (touch, "team"));
  adw_combo_row_set_selected (self->touch_team_row, MAX (index, 0));
  pick_contact (self, concord_record_is_null (touch, "contact_id") ? 0 : concord_record_get_int (touch, "contact_id"));
  concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->touch_owner),
                                            concord_record_is_null (touch, "owner_id")
                                            ? 0 : concord_record_get_int (touch, "owner_id"));
  gtk_editable_set_text (GTK_EDITABLE (self->touch_note_row),
                         concord_record_is_null (touch, "note") ? "" : concord_record_get_string (touch, "note"));
  gtk_editable_set_text (GTK_EDITABLE (self->touch_outcome_row),
                         concord_record_is_null (touch, "outcome") ? "" : concord_record_get_string (touch, "outcome"));
  adw_expander_row_set_expanded (self->log_touch_row, TRUE);
}

static void
cancel_touch_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  clear_errors (CONCORD_ACCOUNT_EDITOR (widget));
  reset_touch_form (CONCORD_ACCOUNT_EDITOR (widget));
}

/* account.log-touch logs a new touch, or saves the one being edited. */
static void
log_touch_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConcordAccountEditor *self = CONCORD_ACCOUNT_EDITOR (widget);
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *today = concord_date_today ();
  const char *date = concord_date_row_get_date (self->touch_date_row);
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->touch_note_row));
  const char *outcome = gtk_editable_get_text (GTK_EDITABLE (self->touch_outcome_row));
  gint64 contact_id = picked_contact (self);
  gint64 owner_id = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->touch_owner));
  gboolean editing = self->editing_touch_id != 0;
  guint n_channels, n_teams;
  const ConcordChoice *channels = concord_accounts_choices (CONCORD_CHOICE_CHANNEL, &n_channels);
  const ConcordChoice *teams = concord_accounts_choices (CONCORD_CHOICE_TEAM, &n_teams);
  gboolean saved;

  concord_fields_set_string (fields, "touched_on", date != NULL && *date != '\0' ? date : today);
  concord_fields_set_string (fields, "channel",
                             channels[MIN (adw_combo_row_get_selected (self->touch_channel_row), n_channels - 1)].id);
  concord_fields_set_string (fields, "team",
                             teams[MIN (adw_combo_row_get_selected (self->touch_team_row), n_teams - 1)].id);
  /* An edit clears what was emptied; a new touch leaves it unset. */
  if (contact_id != 0)
    concord_fields_set_id (fields, "contact_id", contact_id);
  else if (editing)
    concord_fields_set_null (fields, "contact_id");
  if (owner_id != 0)
    concord_fields_set_id (fields, "owner_id", owner_id);
  else if (editing)
    concord_fields_set_null (fields, "owner_id");
  if (*note != '\0')
    concord_fields_set_string (fields, "note", note);
  else if (editing)
    concord_fields_set_null (fields, "note");
  if (*outcome != '\0')
    concord_fields_set_string (fields, "outcome", outcome);
  else if (editing)
    concord_fields_set_null (fields, "outcome");

  if (editing)
    saved = concord_accounts_update_touch (self->workbook, self->editing_touch_id, fields, &error);
  else
    saved = concord_accounts_add_touch (self->workbook, self->account_id, fields, &error) != 0;
  if (!saved)
    {
      show_error (self, self->touches_error, GTK_WIDGET (self->touch_date_row), error);
      return;
    }

  clear_errors (self);
  reset_touch_form (self);
}

/* Linked plans ------------------------------------------------------------- */

static GtkWidget *
create_plan_row (gpointer item,
                 gpointer user_data)
{
  ConcordRecord *plan = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *unlink = touch_button ("list-remove-symbolic", _("Remove From This Plan"));
  guint n_statuses;
  const ConcordChoice *statuses = concord_plan_statuses (&n_statuses);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), concord_record_get_string (plan, "title"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               concord_choice_label (statuses, n_statuses, concord_record_get_string (plan, "status")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (unlink), "account.unlink-plan");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (unlink), "x", concord_record_get_id (plan));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unlink);

  return row;
}

/* account.link-plan: the plan picked beside the button targets this
 * account, one undo step, as linking from the plan does. */
static void
link_plan_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConcordAccountEditor *self = CONCORD_ACCOUNT_EDITOR (widget);
  ConcordRecordDropDown *picker = CONCORD_RECORD_DROP_DOWN (self->plan_picker);
  gint64 plan_id = concord_record_drop_down_get_selected_id (picker);
  g_autoptr(GError) error = NULL;

  if (self->workbook == NULL || self->account_id == 0)
    return;

  if (plan_id == 0)
    g_set_error_literal (&error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                         _("Choose a plan to link to this account."));
  else if (concord_plans_link_account (self->workbook, plan_id, self->account_id, &error))
    {
      clear_errors (self);
      concord_record_drop_down_set_selected_id (picker, 0);
      return;
    }

  show_error (self, self->plans_error, NULL, error);
}

static void
unlink_plan_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ConcordAccountEditor *self = CONCORD_ACCOUNT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->workbook != NULL && self->account_id != 0 &&
      !concord_plans_unlink_account (self->workbook, g_variant_get_int64 (parameter), self->account_id, &error))
    show_error (self, self->plans_error, NULL, error);
}

/* Life cycle --------------------------------------------------------------- */

/* A touch's row names its contact and who made it: renaming either
 * changes no touch, so the rows are shown again once the contacts model
 * and the records have heard of the change. */
static gboolean
show_touch_names (gpointer user_data)
{
  ConcordAccountEditor *self = user_data;

  self->touch_names_idle = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->touches_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      ConcordRecord *touch = g_object_get_data (G_OBJECT (row), "touch");

      if (touch != NULL)
        show_touch (row, touch);
    }

  return G_SOURCE_REMOVE;
}

static void
on_workbook_changed (ConcordWorkbook      *workbook,
                     const char           *table,
                     ConcordAccountEditor *self)
{
  if (g_str_equal (table, "accounts") || g_str_equal (table, "contacts") || g_str_equal (table, "touches"))
    load (self);
  if ((g_str_equal (table, "contacts") || g_str_equal (table, "people")) && self->touch_names_idle == 0)
    self->touch_names_idle = g_idle_add (show_touch_names, self);
}

static void
disconnect_workbook (ConcordAccountEditor *self)
{
  if (self->workbook != NULL && self->changed_handler != 0)
    g_signal_handler_disconnect (self->workbook, self->changed_handler);
  self->changed_handler = 0;
  g_clear_object (&self->workbook);
}

static void
bind_empty_placeholder (GtkListBox *list,
                        const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_set_placeholder (list, label);
}

void
concord_account_editor_set_account (ConcordAccountEditor *self,
                                    ConcordWorkbook      *workbook,
                                    gint64                account_id)
{
  g_return_if_fail (CONCORD_IS_ACCOUNT_EDITOR (self));

  /* Typed values go to the account they were typed for. */
  if (self->account_id != account_id || workbook != self->workbook)
    concord_form_leave_record (GTK_WIDGET (self));

  if (workbook != self->workbook)
    {
      disconnect_workbook (self);
      if (workbook != NULL)
        {
          self->workbook = g_object_ref (workbook);
          self->changed_handler = g_signal_connect (workbook, "changed",
                                                    G_CALLBACK (on_workbook_changed), self);
        }
      concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->sales_owner), workbook);
      concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->marketing_owner), workbook);
      concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->plan_picker), workbook);
      concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->touch_owner), workbook);
    }

  self->account_id = account_id;
  clear_errors (self);

  g_clear_object (&self->contacts);
  g_clear_object (&self->touches);
  g_clear_object (&self->plans);
  if (workbook != NULL && account_id != 0)
    {
      self->contacts = concord_accounts_contacts_model_new (workbook, account_id);
      self->touches = concord_accounts_touches_model_new (workbook, account_id);
      self->plans = concord_accounts_plans_model_new (workbook, account_id);
    }
  gtk_list_box_bind_model (self->contacts_list, G_LIST_MODEL (self->contacts), create_contact_row, self, NULL);
  gtk_list_box_bind_model (self->touches_list, G_LIST_MODEL (self->touches), create_touch_row, self, NULL);
  gtk_list_box_bind_model (self->plans_list, G_LIST_MODEL (self->plans), create_plan_row, self, NULL);

  bind_contact_picker (self);
  reset_touch_form (self);
  load (self);
}

gint64
concord_account_editor_get_account_id (ConcordAccountEditor *self)
{
  g_return_val_if_fail (CONCORD_IS_ACCOUNT_EDITOR (self), 0);

  return self->account_id;
}

void
concord_account_editor_focus_name (ConcordAccountEditor *self)
{
  g_return_if_fail (CONCORD_IS_ACCOUNT_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
concord_account_editor_dispose (GObject *object)
{
  ConcordAccountEditor *self = (ConcordAccountEditor *) object;

  g_clear_handle_id (&self->touch_names_idle, g_source_remove);
  disconnect_workbook (self);
  if (self->contacts_list != NULL)
    {
      gtk_list_box_bind_model (self->contacts_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->touches_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->plans_list, NULL, NULL, NULL, NULL);
    }
  g_clear_object (&self->contacts);
  g_clear_object (&self->touches);
  g_clear_object (&self->plans);

  gtk_widget_dispose_template (GTK_WIDGET (self), CONCORD_TYPE_ACCOUNT_EDITOR);

  G_OBJECT_CLASS (concord_account_editor_parent_class)->dispose (object);
}

static void
concord_account_editor_class_init (ConcordAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = concord_account_editor_dispose;

  g_type_ensure (CONCORD_TYPE_DATE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/concordplan/Concord/ui/concord-account-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ConcordAccountEditor, name)
  BIND (coverage_group);
  BIND (coverage_list);
  BIND (name_row);
  BIND (domain_row);
  BIND (industry_row);
  BIND (region_row);
  BIND (employees_row);
  BIND (revenue_row);
  BIND (account_error);
  BIND (tier_row);
  BIND (stage_row);
  BIND (fit_row);
  BIND (engagement_row);
  BIND (pipeline_row);
  BIND (sales_owner_row);
  BIND (marketing_owner_row);
  BIND (abm_error);
  BIND (goals_row);
  BIND (value_proposition_row);
  BIND (whitespace_row);
  BIND (risks_row);
  BIND (next_step_row);
  BIND (notes_row);
  BIND (plan_error);
  BIND (new_contact_row);
  BIND (committee_error);
  BIND (contacts_list);
  BIND (log_touch_row);
  BIND (touch_date_row);
  BIND (touch_channel_row);
  BIND (touch_team_row);
  BIND (touch_contact_row);
  BIND (touch_owner_row);
  BIND (touch_note_row);
  BIND (touch_outcome_row);
  BIND (touches_error);
  BIND (touches_list);
  BIND (log_touch_button);
  BIND (cancel_touch_button);
  BIND (plans_list);
  BIND (plans_error);
  BIND (plan_link_row);
#undef BIND

  gtk_widget_class_install_action (widget_class, "account.log-touch", NULL, log_touch_activated);
  gtk_widget_class_bind_template_callback (widget_class, contact_choice_name);
  gtk_widget_class_install_action (widget_class, "account.link-plan", NULL, link_plan_activated);
  gtk_widget_class_install_action (widget_class, "account.unlink-plan", "x", unlink_plan_activated);
  gtk_widget_class_install_action (widget_class, "account.edit-touch", "x", edit_touch_activated);
  gtk_widget_class_install_action (widget_class, "account.cancel-touch", NULL, cancel_touch_activated);
}

static void
concord_account_editor_init (ConcordAccountEditor *self)
{
  g_autoptr(GtkStringList) tiers = choice_list (CONCORD_CHOICE_TIER, NULL);
  g_autoptr(GtkStringList) stages = choice_list (CONCORD_CHOICE_STAGE, NULL);
  g_autoptr(GtkStringList) channels = choice_list (CONCORD_CHOICE_CHANNEL, NULL);
  g_autoptr(GtkStringList) teams = choice_list (CONCORD_CHOICE_TEAM, NULL);
  g_autofree char *today = concord_date_today ();

  gtk_widget_init_template (GTK_WIDGET (self));

  bind_contact_picker (self);
  adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (tiers));
  adw_combo_row_set_model (self->stage_row, G_LIST_MODEL (stages));
  adw_combo_row_set_model (self->touch_channel_row, G_LIST_MODEL (channels));
  adw_combo_row_set_model (self->touch_team_row, G_LIST_MODEL (teams));
  concord_date_row_set_date (self->touch_date_row, today);

  self->sales_owner = concord_record_drop_down_new (NULL, "people", "name", TRUE);
  self->marketing_owner = concord_record_drop_down_new (NULL, "people", "name", TRUE);
  gtk_widget_set_valign (self->sales_owner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->marketing_owner, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->sales_owner_row, self->sales_owner);
  adw_action_row_add_suffix (self->marketing_owner_row, self->marketing_owner);
  g_signal_connect (self->sales_owner, "notify::selected-id", G_CALLBACK (on_owner_selected), self);
  g_signal_connect (self->marketing_owner, "notify::selected-id", G_CALLBACK (on_owner_selected), self);

  self->touch_owner = concord_record_drop_down_new (NULL, "people", "name", TRUE);
  gtk_widget_set_valign (self->touch_owner, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->touch_owner_row, self->touch_owner);
  adw_action_row_set_activatable_widget (self->touch_owner_row,
                                         concord_record_drop_down_get_drop_down (CONCORD_RECORD_DROP_DOWN (self->touch_owner)));

  /* This picker only feeds the Link button, so it asks rather than says None. */
  self->plan_picker = concord_record_drop_down_new (NULL, "plans", "title", TRUE);
  concord_record_drop_down_set_none_label (CONCORD_RECORD_DROP_DOWN (self->plan_picker), _("Choose…"));
  gtk_widget_set_valign (self->plan_picker, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->plan_link_row, self->plan_picker);
  {
    GtkWidget *link = gtk_button_new_with_mnemonic (_("_Link"));

    gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (link), "account.link-plan");
    adw_action_row_add_suffix (self->plan_link_row, link);
  }

  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    {
      concord_field_attach (MEMBER (self, entry_fields[i].offset), save_entry, self);
      concord_field_set_error_label (MEMBER (self, entry_fields[i].offset), MEMBER (self, entry_fields[i].error));
    }
  g_signal_connect (self->tier_row, "notify::selected", G_CALLBACK (on_choice_selected), self);
  g_signal_connect (self->stage_row, "notify::selected", G_CALLBACK (on_choice_selected), self);
  g_signal_connect (self->new_contact_row, "apply", G_CALLBACK (on_new_contact_apply), self);

  bind_empty_placeholder (self->contacts_list, _("Nobody in the buying committee yet."));
  bind_empty_placeholder (self->touches_list, _("No touches logged yet."));
  bind_empty_placeholder (self->plans_list, _("Not part of any plan yet."));
}

GtkWidget *
concord_account_editor_new (void)
{
  return g_object_new (CONCORD_TYPE_ACCOUNT_EDITOR, NULL);
}
