/* concord-plans-page.c
 *
 * A filtered list of joint plans beside an editor. Every field of the plan
 * and of its KPIs, budget lines and milestones is a "binding": a row that
 * knows its table, record and column, loads itself from the record, and
 * writes through the plans module. Text rows are fields (concord-form.h):
 * they save when focus leaves them, on Enter, and before another plan,
 * page or the window closing takes them away. So one change is one undo
 * step, and a refused value stays on screen, marked, with the reason
 * beside it.
 */
#define G_LOG_DOMAIN "concord-plans-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "concord-accounts.h"
#include "concord-bar-chart.h"
#include "concord-date-row.h"
#include "concord-form.h"
#include "concord-people.h"
#include "concord-plans.h"
#include "concord-plans-page.h"
#include "concord-progress-bar.h"
#include "concord-record-drop-down.h"

typedef enum
{
  FIELD_TEXT,
  FIELD_NUMBER,
  FIELD_MONEY,
  FIELD_CHOICE,
  FIELD_DATE,
  FIELD_PERSON,
  FIELD_TEAM,
  FIELD_DONE,
} FieldKind;

typedef struct
{
  ConcordPlansPage        *page;
  const char              *table;    /* static */
  gint64                   id;
  const char              *column;   /* static */
  FieldKind                kind;
  const ConcordChoice *choices;
  guint                    n_choices;
  GtkLabel                *error_label;
  GtkWidget               *row;
  GtkWidget               *control;  /* drop-down, switch; NULL for entries */
} Binding;

struct _ConcordPlansPage
{
  ConcordPage          parent_instance;

  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  /* the item show_item() brings into view once it is laid out */
  GtkListBox          *shown_list;
  gint64               shown_item_id;
  guint                shown_tick_id;
  guint                shown_frames;
  GtkSearchEntry      *search_entry;
  GtkMenuButton       *filter_button;
  GtkGrid             *filter_grid;
  GtkStack            *list_stack;
  AdwStatusPage       *list_status;
  GtkWidget           *empty_add_button;
  GtkListView         *list_view;
  GtkStack            *editor_stack;
  GtkWidget           *back_button;
  AdwPreferencesGroup *details_group;
  AdwPreferencesGroup *kpi_group;
  AdwPreferencesGroup *budget_group;
  AdwPreferencesGroup *milestone_group;
  AdwPreferencesGroup *accounts_group;

  /* Filters, built in code from the plans module's choices. */
  GtkDropDown         *status_filter;
  GtkDropDown         *kind_filter;
  GtkDropDown         *period_filter;
  GtkDropDown         *sort_filter;
  GtkWidget           *owner_filter;

  GtkLabel            *details_error;
  GtkLabel            *kpi_error;
  GtkLabel            *budget_error;
  GtkLabel            *milestone_error;
  GtkLabel            *accounts_error;
  GPtrArray           *detail_bindings;   /* Binding, owned by their rows */
  GtkListBox          *kpi_list;
  GtkListBox          *budget_list;
  GtkListBox          *milestone_list;
  GtkListBox          *account_list;
  GtkLabel            *budget_total;
  GtkLabel            *budget_warning;
  ConcordBarChart     *budget_chart;
  GtkWidget           *account_picker;

  ConcordQueryModel   *model;
  GtkSingleSelection  *selection;
  ConcordQueryModel   *kpis;
  ConcordQueryModel   *budget_lines;
  ConcordQueryModel   *milestones;
  ConcordQueryModel   *accounts;
  ConcordRecord       *plan;
  gint64               expand_id;          /* a new item to open when it appears */
  guint                loading;
};

G_DEFINE_FINAL_TYPE (ConcordPlansPage, concord_plans_page, CONCORD_TYPE_PAGE)

static void refresh_budget (ConcordPlansPage *self);

static ConcordWorkbook *
page_workbook (ConcordPlansPage *self)
{
  return concord_page_get_workbook (CONCORD_PAGE (self));
}

/* Bindings ------------------------------------------------------------------ */

static void
binding_clear_error (Binding *binding)
{
  if (CONCORD_IS_DATE_ROW (binding->row))
    concord_date_row_set_error (CONCORD_DATE_ROW (binding->row), NULL);
  gtk_widget_remove_css_class (binding->row, "error");
  gtk_widget_set_tooltip_text (binding->row, NULL);

  if (binding->error_label != NULL &&
      g_object_get_data (G_OBJECT (binding->error_label), "binding") == binding)
    {
      gtk_widget_set_visible (GTK_WIDGET (binding->error_label), FALSE);
      g_object_set_data (G_OBJECT (binding->error_label), "binding", NULL);
    }
}

static void
binding_show_error (Binding    *binding,
                    const char *message)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (binding->row));
  g_autofree char *text = g_strdup_printf ("%s: %s", title, message);

  if (CONCORD_IS_DATE_ROW (binding->row))
    concord_date_row_set_error (CONCORD_DATE_ROW (binding->row), message);
  gtk_widget_add_css_class (binding->row, "error");
  gtk_widget_set_tooltip_text (binding->row, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (binding->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);

  if (binding->error_label != NULL)
    {
      gtk_label_set_text (binding->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (binding->error_label), TRUE);
      g_object_set_data (G_OBJECT (binding->error_label), "binding", binding);
    }
}

static void
binding_load (Binding       *binding,
              ConcordRecord *record)
{
  ConcordPlansPage *self = binding->page;
  g_autofree char *text = NULL;

  self->loading++;

  switch (binding->kind)
    {
    case FIELD_TEXT:
      text = g_strdup (concord_record_get_string (record, binding->column));
      break;
    case FIELD_NUMBER:
      text = concord_number_format (concord_record_get_double (record, binding->column));
      break;
    case FIELD_MONEY:
      text = concord_money_format_plain (concord_record_get_int (record, binding->column));
      break;
    case FIELD_CHOICE:
      {
        int index = concord_choice_index (binding->choices, binding->n_choices,
                                          concord_record_get_string (record, binding->column));
        adw_combo_row_set_selected (ADW_COMBO_ROW (binding->row),
                                    index < 0 ? GTK_INVALID_LIST_POSITION : (guint) index);
      }
      break;
    case FIELD_DATE:
      concord_date_row_set_date (CONCORD_DATE_ROW (binding->row),
                                 concord_record_get_string (record, binding->column));
      break;
    case FIELD_PERSON:
    case FIELD_TEAM:
      concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (binding->control),
                                                concord_record_get_int (record, binding->column));
      break;
    case FIELD_DONE:
      gtk_switch_set_active (GTK_SWITCH (binding->control),
                             concord_record_get_boolean (record, binding->column));
      break;
    default:
      g_assert_not_reached ();
    }

  /* Text the user has not committed yet stays on screen. */
  if (text != NULL || binding->kind == FIELD_TEXT)
    concord_field_set_text (binding->row, text);

  self->loading--;
}

/* The value of @binding's control, or of @text for an entry, as @fields. */
static gboolean
binding_collect (Binding        *binding,
                 const char     *text,
                 ConcordFields  *fields,
                 GError        **error)
{
  switch (binding->kind)
    {
    case FIELD_TEXT:
      {
        g_autofree char *clean = g_strstrip (g_strdup (text));

        /* Optional text is cleared with NULL; required text is checked. */
        if (*clean == '\0' && !g_str_equal (binding->column, "title") &&
            !g_str_equal (binding->column, "name") && !g_str_equal (binding->column, "item"))
          concord_fields_set_null (fields, binding->column);
        else
          concord_fields_set_string (fields, binding->column, clean);
      }
      break;
    case FIELD_NUMBER:
      {
        double value;

        if (!concord_number_parse (text, &value, error))
          return FALSE;
        concord_fields_set_double (fields, binding->column, value);
      }
      break;
    case FIELD_MONEY:
      {
        gint64 cents;

        if (!concord_money_parse (text, &cents, error))
          return FALSE;
        concord_fields_set_int (fields, binding->column, cents);
      }
      break;
    case FIELD_CHOICE:
      {
        guint index = adw_combo_row_get_selected (ADW_COMBO_ROW (binding->row));

        if (index < binding->n_choices)
          concord_fields_set_string (fields, binding->column, binding->choices[index].id);
      }
      break;
    case FIELD_DATE:
      {
        const char *date = concord_date_row_get_date (CONCORD_DATE_ROW (binding->row));

        if (date != NULL)
          concord_fields_set_string (fields, binding->column, date);
        else
          concord_fields_set_null (fields, binding->column);
      }
      break;
    case FIELD_PERSON:
    case FIELD_TEAM:
      {
        gint64 id = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (binding->control));

        if (id != 0)
          concord_fields_set_id (fields, binding->column, id);
        else
          concord_fields_set_null (fields, binding->column);
      }
      break;
    case FIELD_DONE:
      concord_fields_set_int (fields, binding->column,
                              gtk_switch_get_active (GTK_SWITCH (binding->control)) ? 1 : 0);
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static gboolean
binding_update (Binding        *binding,
                ConcordFields  *fields,
                GError        **error)
{
  ConcordWorkbook *workbook = page_workbook (binding->page);

  if (concord_fields_get_size (fields) == 0)
    return TRUE;
  if (g_str_equal (binding->table, "plans"))
    return concord_plans_update (workbook, binding->id, fields, error);
  return concord_plans_update_item (workbook, binding->table, binding->id, fields, error);
}

/* Saves a text, number or money row (see concord_field_attach()). */
static gboolean
binding_save (GtkWidget   *row,
              const char  *text,
              const char  *step_label,
              gpointer     user_data,
              GError     **error)
{
  Binding *binding = user_data;
  ConcordWorkbook *workbook = page_workbook (binding->page);
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(ConcordEdit) edit = NULL;

  if (binding->page->loading > 0 || workbook == NULL || binding->id == 0)
    return TRUE;

  return binding_collect (binding, text, fields, error) &&
         (edit = concord_workbook_edit (workbook, step_label, error)) != NULL &&
         binding_update (binding, fields, error) &&
         concord_edit_commit (edit, error);
}

/* Saves a choice, date, person or switch the moment it changes. */
static void
binding_write (Binding *binding)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;

  if (binding->page->loading > 0 || page_workbook (binding->page) == NULL || binding->id == 0)
    return;

  if (!binding_collect (binding, NULL, fields, &error) || !binding_update (binding, fields, &error))
    binding_show_error (binding, error->message);
  else
    binding_clear_error (binding);
}

static void
on_binding_changed (GtkWidget *widget)
{
  binding_write (g_object_get_data (G_OBJECT (widget), "binding"));
}

static GtkStringList *
choice_list (const ConcordChoice *choices,
             guint                    n_choices,
             const char              *any_label)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (any_label != NULL)
    gtk_string_list_append (list, any_label);
  for (guint i = 0; i < n_choices; i++)
    gtk_string_list_append (list, g_dgettext (GETTEXT_PACKAGE, choices[i].label));

  return list;
}

/* Builds the row for one column; the binding lives as long as the row. */
static Binding *
binding_new (ConcordPlansPage        *self,
             const char              *table,
             const char              *column,
             FieldKind                kind,
             const char              *title,
             GtkLabel                *error_label,
             const ConcordChoice *choices,
             guint                    n_choices)
{
  Binding *binding = g_new0 (Binding, 1);
  ConcordWorkbook *workbook = page_workbook (self);

  binding->page = self;
  binding->table = table;
  binding->column = column;
  binding->kind = kind;
  binding->error_label = error_label;
  binding->choices = choices;
  binding->n_choices = n_choices;

  switch (kind)
    {
    case FIELD_TEXT:
    case FIELD_NUMBER:
    case FIELD_MONEY:
      binding->row = adw_entry_row_new ();
      if (kind != FIELD_TEXT)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (binding->row), GTK_INPUT_PURPOSE_NUMBER);
      concord_field_attach (binding->row, binding_save, binding);
      if (error_label != NULL)
        concord_field_set_error_label (binding->row, error_label);
      break;
    case FIELD_CHOICE:
      {
        g_autoptr(GtkStringList) list = choice_list (choices, n_choices, NULL);

        binding->row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (binding->row), G_LIST_MODEL (list));
        g_signal_connect (binding->row, "notify::selected", G_CALLBACK (on_binding_changed), NULL);
      }
      break;
    case FIELD_DATE:
      binding->row = concord_date_row_new (title);
      g_signal_connect (binding->row, "notify::date", G_CALLBACK (on_binding_changed), NULL);
      break;
    case FIELD_PERSON:
    case FIELD_TEAM:
      binding->row = adw_action_row_new ();
      binding->control = concord_record_drop_down_new (workbook, kind == FIELD_PERSON ? "people" : "teams",
                                                       "name", TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (binding->row), binding->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (binding->row),
                                             concord_record_drop_down_get_drop_down (CONCORD_RECORD_DROP_DOWN (binding->control)));
      g_object_set_data (G_OBJECT (binding->control), "binding", binding);
      g_signal_connect (binding->control, "notify::selected-id", G_CALLBACK (on_binding_changed), NULL);
      break;
    case FIELD_DONE:
      binding->row = adw_action_row_new ();
      binding->control = gtk_switch_new ();
      gtk_widget_set_valign (binding->control, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (binding->row), binding->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (binding->row), binding->control);
      g_object_set_data (G_OBJECT (binding->control), "binding", binding);
      g_signal_connect (binding->control, "notify::active", G_CALLBACK (on_binding_changed), NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (binding->row), title);
  g_object_set_data_full (G_OBJECT (binding->row), "binding", binding, g_free);

  return binding;
}

static GtkLabel *
error_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_visible (label, FALSE);

  return GTK_LABEL (label);
}

/* Item rows (KPIs, budget lines, milestones) ----------------------------------- */

static void
delete_button_add (AdwExpanderRow *expander,
                   const char     *table,
                   gint64          id,
                   const char     *label)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plans.delete-item");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sx)", table, id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_expander_row_add_row (expander, row);
}

static void
update_item_summary (AdwExpanderRow *expander)
{
  ConcordPlansPage *self = g_object_get_data (G_OBJECT (expander), "page");
  ConcordRecord *record = g_object_get_data (G_OBJECT (expander), "record");
  ConcordWorkbook *workbook = page_workbook (self);
  const char *table = concord_record_get_table (record);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;

  if (workbook == NULL)
    return;

  if (g_str_equal (table, "plan_kpis"))
    {
      ConcordProgressBar *bar = g_object_get_data (G_OBJECT (expander), "bar");
      const char *unit = concord_record_get_string (record, "unit");
      g_autofree char *progress = NULL;
      double fraction = 0;
      ConcordKpiStatus status;

      status = concord_kpi_status (concord_record_get_double (record, "baseline"),
                                   concord_record_get_double (record, "target"),
                                   concord_record_get_double (record, "actual"),
                                   self->plan ? concord_record_get_string (self->plan, "start_on") : NULL,
                                   self->plan ? concord_record_get_string (self->plan, "end_on") : NULL,
                                   NULL, &fraction);
      concord_progress_bar_set_fraction (bar, fraction);
      concord_progress_bar_set_status (bar, (ConcordProgressStatus) status);
      progress = concord_kpi_describe (workbook, unit,
                                       concord_record_get_double (record, "baseline"),
                                       concord_record_get_double (record, "target"),
                                       concord_record_get_double (record, "actual"), fraction);
      /* Translators: "184 of 300 · 61 % of the target · At risk" */
      if (concord_record_get_double (record, "target") == concord_record_get_double (record, "baseline"))
        subtitle = g_steal_pointer (&progress);
      else
        subtitle = g_strdup_printf (_("%s · %s"), progress, concord_kpi_status_label (status));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), concord_record_get_string (record, "name"));
    }
  else if (g_str_equal (table, "plan_budget_lines"))
    {
      GtkWidget *flag = g_object_get_data (G_OBJECT (expander), "flag");
      gint64 planned = concord_record_get_int (record, "planned");
      gint64 actual = concord_record_get_int (record, "actual");
      g_autofree char *planned_text = concord_money_format (workbook, planned);
      g_autofree char *actual_text = concord_money_format (workbook, actual);
      guint n;
      const ConcordChoice *funders = concord_budget_funders (&n);

      /* Translators: "Marketing · $18,000 planned · $21,500 spent" */
      subtitle = g_strdup_printf (_("%s · %s planned · %s spent"),
                                  concord_choice_label (funders, n, concord_record_get_string (record, "funded_by")),
                                  planned_text, actual_text);
      gtk_widget_set_visible (flag, actual > planned);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), concord_record_get_string (record, "item"));
    }
  else
    {
      GtkWidget *flag = g_object_get_data (G_OBJECT (expander), "flag");
      const char *due = concord_record_get_string (record, "due_on");
      gboolean done = concord_record_get_boolean (record, "done");
      g_autofree char *today = concord_date_today ();
      g_autofree char *due_text = due ? concord_date_format (due) : NULL;
      gboolean overdue = !done && due != NULL && g_strcmp0 (due, today) < 0;

      if (done)
        subtitle = g_strdup (_("Done"));
      else if (due_text != NULL)
        subtitle = g_strdup_printf (_("Due %s"), due_text);
      else
        subtitle = g_strdup (_("No due date"));
      gtk_widget_set_visible (flag, overdue);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), concord_record_get_string (record, "title"));
    }

  escaped = g_markup_escape_text (subtitle, -1);
  adw_expander_row_set_subtitle (expander, escaped);
}

static void
on_item_record_changed (ConcordRecord  *record,
                        AdwExpanderRow *expander)
{
  GPtrArray *bindings = g_object_get_data (G_OBJECT (expander), "bindings");

  for (guint i = 0; i < bindings->len; i++)
    binding_load (g_ptr_array_index (bindings, i), record);
  update_item_summary (expander);
}

static GtkWidget *
flag_label_new (const char *text)
{
  GtkWidget *flag = gtk_label_new (text);

  gtk_widget_add_css_class (flag, "error");
  gtk_widget_add_css_class (flag, "caption-heading");
  gtk_widget_set_valign (flag, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (flag, FALSE);

  return flag;
}

static GtkWidget *
create_item_row (gpointer item,
                 gpointer user_data)
{
  ConcordPlansPage *self = user_data;
  ConcordRecord *record = item;
  const char *table = concord_record_get_table (record);
  GtkWidget *expander = adw_expander_row_new ();
  GPtrArray *bindings = g_ptr_array_new ();
  GtkLabel *error_label;
  guint n_units, n_cadences, n_funders;
  const ConcordChoice *units = concord_kpi_units (&n_units);
  const ConcordChoice *cadences = concord_kpi_cadences (&n_cadences);
  const ConcordChoice *funders = concord_budget_funders (&n_funders);

  g_object_set_data (G_OBJECT (expander), "page", self);
  g_object_set_data_full (G_OBJECT (expander), "record", g_object_ref (record), g_object_unref);
  g_object_set_data_full (G_OBJECT (expander), "bindings", bindings, (GDestroyNotify) g_ptr_array_unref);

#define ADD(column, kind, title, choices, n_choices) \
  G_STMT_START { \
    Binding *b = binding_new (self, table, column, kind, title, error_label, choices, n_choices); \
    b->id = concord_record_get_id (record); \
    g_ptr_array_add (bindings, b); \
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), b->row); \
  } G_STMT_END

  if (g_str_equal (table, "plan_kpis"))
    {
      GtkWidget *bar = concord_progress_bar_new ();

      error_label = self->kpi_error;
      gtk_widget_set_size_request (bar, 80, -1);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), bar);
      g_object_set_data (G_OBJECT (expander), "bar", bar);
      ADD ("name", FIELD_TEXT, _("Name"), NULL, 0);
      ADD ("unit", FIELD_CHOICE, _("Unit"), units, n_units);
      ADD ("baseline", FIELD_NUMBER, _("Baseline"), NULL, 0);
      ADD ("target", FIELD_NUMBER, _("Target"), NULL, 0);
      ADD ("actual", FIELD_NUMBER, _("Actual"), NULL, 0);
      ADD ("owner_team_id", FIELD_TEAM, _("Owner Team"), NULL, 0);
      ADD ("cadence", FIELD_CHOICE, _("Reported"), cadences, n_cadences);
      delete_button_add (ADW_EXPANDER_ROW (expander), table, concord_record_get_id (record), _("_Delete KPI"));
    }
  else if (g_str_equal (table, "plan_budget_lines"))
    {
      GtkWidget *flag = flag_label_new (_("Over budget"));

      error_label = self->budget_error;
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), flag);
      g_object_set_data (G_OBJECT (expander), "flag", flag);
      ADD ("item", FIELD_TEXT, _("Item"), NULL, 0);
      ADD ("funded_by", FIELD_CHOICE, _("Funded By"), funders, n_funders);
      ADD ("planned", FIELD_MONEY, _("Planned"), NULL, 0);
      ADD ("actual", FIELD_MONEY, _("Actual"), NULL, 0);
      delete_button_add (ADW_EXPANDER_ROW (expander), table, concord_record_get_id (record), _("_Delete Budget Line"));
    }
  else
    {
      GtkWidget *flag = flag_label_new (_("Overdue"));

      error_label = self->milestone_error;
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), flag);
      g_object_set_data (G_OBJECT (expander), "flag", flag);
      ADD ("title", FIELD_TEXT, _("Title"), NULL, 0);
      ADD ("due_on", FIELD_DATE, _("Due"), NULL, 0);
      ADD ("owner_id", FIELD_PERSON, _("Owner"), NULL, 0);
      ADD ("done", FIELD_DONE, _("Done"), NULL, 0);
      delete_button_add (ADW_EXPANDER_ROW (expander), table, concord_record_get_id (record), _("_Delete Milestone"));
    }
#undef ADD

  on_item_record_changed (record, ADW_EXPANDER_ROW (expander));
  g_signal_connect_object (record, "changed", G_CALLBACK (on_item_record_changed), expander, G_CONNECT_DEFAULT);

  if (self->expand_id == -1)
    {
      Binding *first = g_ptr_array_index (bindings, 0);

      self->expand_id = 0;
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      g_object_set_data (G_OBJECT (self), "focus-next", first->row);
    }

  return expander;
}

static void
on_account_link_record_changed (ConcordRecord *record,
                                AdwActionRow  *row)
{
  ConcordPlansPage *self = g_object_get_data (G_OBJECT (row), "page");
  g_autoptr(ConcordRecord) account = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;

  if (page_workbook (self) == NULL)
    return;

  account = concord_workbook_get_record (page_workbook (self), "accounts",
                                         concord_record_get_int (record, "account_id"), NULL);
  if (account == NULL)
    return;

  escaped = g_markup_escape_text (concord_record_get_string (account, "name"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  /* Translators: an account's tier and stage, "1:1 strategic · Opportunity" */
  subtitle = g_strdup_printf (_("%s · %s"),
                              concord_accounts_choice_label (CONCORD_CHOICE_TIER, concord_record_get_string (account, "tier")),
                              concord_accounts_choice_label (CONCORD_CHOICE_STAGE, concord_record_get_string (account, "stage")));
  adw_action_row_set_subtitle (row, subtitle);
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  ConcordRecord *record = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

  g_object_set_data (G_OBJECT (row), "page", user_data);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove From This Plan"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plans.unlink-account");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", concord_record_get_int (record, "account_id"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "account-id", GSIZE_TO_POINTER (concord_record_get_int (record, "account_id")));
  on_account_link_record_changed (record, ADW_ACTION_ROW (row));
  g_signal_connect_object (record, "changed", G_CALLBACK (on_account_link_record_changed), row, G_CONNECT_DEFAULT);

  return row;
}

static void
on_account_row_activated (ConcordPlansPage *self,
                          GtkListBoxRow    *row)
{
  gint64 account_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "account-id"));

  /* The accounts page shows the account and, there, its plans. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "accounts");
  gtk_widget_activate_action (GTK_WIDGET (self), "accounts.select", "x", account_id);
}

static void
on_items_changed (ConcordPlansPage *self)
{
  GtkWidget *focus = g_object_get_data (G_OBJECT (self), "focus-next");

  if (focus != NULL)
    {
      g_object_set_data (G_OBJECT (self), "focus-next", NULL);
      gtk_widget_grab_focus (focus);
    }
}

static GtkListBox *
item_list_new (AdwPreferencesGroup *group,
               const char          *placeholder)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *label = gtk_label_new (placeholder);

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), label);
  adw_preferences_group_add (group, list);

  return GTK_LIST_BOX (list);
}

/* The plan ---------------------------------------------------------------------- */

static void
set_model (GtkListBox         *list,
           ConcordQueryModel **slot,
           ConcordQueryModel  *model,
           GtkListBoxCreateWidgetFunc create,
           ConcordPlansPage   *self)
{
  g_set_object (slot, model);
  gtk_list_box_bind_model (list, model ? G_LIST_MODEL (model) : NULL, create, self, NULL);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
load_plan (ConcordPlansPage *self,
           gint64            plan_id)
{
  ConcordWorkbook *workbook = page_workbook (self);
  gboolean same = self->plan != NULL && concord_record_get_id (self->plan) == plan_id;

  /* Typed values go to the plan they were typed for. */
  if (!same && self->plan != NULL)
    concord_form_leave_record (GTK_WIDGET (self->editor_stack));

  g_clear_object (&self->plan);
  if (workbook != NULL && plan_id != 0)
    self->plan = concord_workbook_get_record (workbook, "plans", plan_id, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plans.delete", self->plan != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plans.add-kpi", self->plan != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plans.add-budget-line", self->plan != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plans.add-milestone", self->plan != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plans.link-account", self->plan != NULL);

  if (self->plan == NULL)
    {
      gtk_stack_set_visible_child_name (self->editor_stack, "none");
      set_model (self->kpi_list, &self->kpis, NULL, create_item_row, self);
      set_model (self->budget_list, &self->budget_lines, NULL, create_item_row, self);
      set_model (self->milestone_list, &self->milestones, NULL, create_item_row, self);
      set_model (self->account_list, &self->accounts, NULL, create_account_row, self);
      return;
    }

  for (guint i = 0; i < self->detail_bindings->len; i++)
    {
      Binding *binding = g_ptr_array_index (self->detail_bindings, i);

      if (!same)
        binding_clear_error (binding);
      binding->id = plan_id;
      binding_load (binding, self->plan);
    }

  if (!same)
    {
      g_autoptr(ConcordQueryModel) kpis = concord_plans_items_model_new (workbook, "plan_kpis", plan_id);
      g_autoptr(ConcordQueryModel) lines = concord_plans_items_model_new (workbook, "plan_budget_lines", plan_id);
      g_autoptr(ConcordQueryModel) milestones = concord_plans_items_model_new (workbook, "plan_milestones", plan_id);
      g_autoptr(ConcordQueryModel) accounts = concord_plans_items_model_new (workbook, "plan_accounts", plan_id);

      set_model (self->kpi_list, &self->kpis, kpis, create_item_row, self);
      set_model (self->budget_list, &self->budget_lines, lines, create_item_row, self);
      set_model (self->milestone_list, &self->milestones, milestones, create_item_row, self);
      set_model (self->account_list, &self->accounts, accounts, create_account_row, self);
    }
  else
    {
      /* The plan's dates judge every KPI: redraw their summaries. */
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->kpi_list));
           row != NULL; row = gtk_widget_get_next_sibling (row))
        if (ADW_IS_EXPANDER_ROW (row))
          update_item_summary (ADW_EXPANDER_ROW (row));
    }

  refresh_budget (self);
  gtk_stack_set_visible_child_name (self->editor_stack, "editor");
}

static void
refresh_budget (ConcordPlansPage *self)
{
  ConcordWorkbook *workbook = page_workbook (self);
  ConcordBudgetTotals totals;
  g_autofree char *planned = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *text = NULL;
  guint n;
  const ConcordChoice *funders = concord_budget_funders (&n);

  concord_bar_chart_clear (self->budget_chart);

  if (workbook == NULL || self->plan == NULL ||
      !concord_plans_budget_totals (workbook, concord_record_get_id (self->plan), &totals, NULL))
    return;

  planned = concord_money_format (workbook, totals.planned_total);
  actual = concord_money_format (workbook, totals.actual_total);
  /* Translators: "Planned $30,000 · Spent $21,500" */
  text = g_strdup_printf (_("Planned %s · Spent %s"), planned, actual);
  gtk_label_set_text (self->budget_total, text);

  for (guint i = 0; i < CONCORD_N_FUNDERS; i++)
    {
      g_autofree char *p = concord_money_format (workbook, totals.planned[i]);
      g_autofree char *a = concord_money_format (workbook, totals.actual[i]);
      /* Translators: "$21,500 of $18,000" (spent of planned) */
      g_autofree char *value = g_strdup_printf (_("%s of %s"), a, p);

      concord_bar_chart_add_group (self->budget_chart, g_dgettext (GETTEXT_PACKAGE, funders[i].label),
                                   (double) totals.planned[i], (double) totals.actual[i], value);
    }

  /* The warning line and the chart keep their place whatever the amounts,
   * so typing an amount never moves the budget lines under the pointer. */
  if (totals.n_over_budget > 0 || totals.actual_total > totals.planned_total)
    {
      g_autofree char *warning = NULL;

      if (totals.actual_total > totals.planned_total)
        {
          g_autofree char *over = concord_money_format (workbook, totals.actual_total - totals.planned_total);
          warning = g_strdup_printf (_("Over budget by %s."), over);
        }
      else
        warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line is over its planned amount.",
                                                "%u lines are over their planned amounts.", totals.n_over_budget),
                                   totals.n_over_budget);
      gtk_label_set_text (self->budget_warning, warning);
      gtk_widget_remove_css_class (GTK_WIDGET (self->budget_warning), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->budget_warning), "error");
    }
  else
    {
      gtk_label_set_text (self->budget_warning, _("Within the planned amounts."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->budget_warning), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->budget_warning), "dim-label");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->budget_warning), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->budget_chart), TRUE);
}

/* The list ------------------------------------------------------------------------ */

static void
update_list_state (ConcordPlansPage *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;
  gboolean filtered = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' ||
                      gtk_drop_down_get_selected (self->status_filter) > 0 ||
                      gtk_drop_down_get_selected (self->kind_filter) > 0 ||
                      gtk_drop_down_get_selected (self->period_filter) > 0 ||
                      concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->owner_filter)) != 0;

  adw_status_page_set_title (self->list_status, filtered ? _("No Matching Plans") : _("No Plans Yet"));
  adw_status_page_set_description (self->list_status,
                                   filtered ? _("Change the search or the filters to see more plans.")
                                            : _("Plan a joint campaign, event, ABM programme or enablement project with shared targets and budget."));
  gtk_widget_set_visible (self->empty_add_button, !filtered && concord_page_is_editable (CONCORD_PAGE (self)));
  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");

  if (filtered)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");
}

static void
on_filter_changed (ConcordPlansPage *self)
{
  ConcordPlanFilter filter = { 0 };
  g_autoptr(GError) error = NULL;
  guint n_status, n_kinds, status, kind;
  const ConcordChoice *statuses = concord_plan_statuses (&n_status);
  const ConcordChoice *kinds = concord_plan_kinds (&n_kinds);

  if (self->model == NULL)
    return;

  status = gtk_drop_down_get_selected (self->status_filter);
  kind = gtk_drop_down_get_selected (self->kind_filter);
  filter.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter.status = status > 0 && status <= n_status ? statuses[status - 1].id : NULL;
  filter.kind = kind > 0 && kind <= n_kinds ? kinds[kind - 1].id : NULL;
  filter.period = (ConcordPlanPeriod) gtk_drop_down_get_selected (self->period_filter);
  filter.sort = (ConcordPlanSort) gtk_drop_down_get_selected (self->sort_filter);
  filter.owner_id = concord_record_drop_down_get_selected_id (CONCORD_RECORD_DROP_DOWN (self->owner_filter));

  if (!concord_plans_model_set_filter (self->model, &filter, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);

  /* Keep the editor on the plan the user was working on. */
  if (self->plan != NULL)
    {
      guint position;

      if (concord_query_model_find (self->model, concord_record_get_id (self->plan), &position))
        gtk_single_selection_set_selected (self->selection, position);
    }

  update_list_state (self);
}

static void
on_selection_changed (ConcordPlansPage *self)
{
  ConcordRecord *record = gtk_single_selection_get_selected_item (self->selection);

  if (record == NULL || (self->plan != NULL && concord_record_get_id (record) == concord_record_get_id (self->plan)))
    return;

  load_plan (self, concord_record_get_id (record));

  /* In a narrow window the list and the editor take turns. */
  if (adw_leaflet_get_folded (self->leaflet) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor_stack));
}

static void
on_plans_changed (ConcordPlansPage *self)
{
  update_list_state (self);
  load_plan (self, self->plan ? concord_record_get_id (self->plan) : 0);
}

static void
on_budget_changed (ConcordPlansPage *self)
{
  refresh_budget (self);
}

static void
fill_row (ConcordRecord *record,
          GtkListItem   *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (title);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *start = concord_record_get_string (record, "start_on");
  const char *end = concord_record_get_string (record, "end_on");
  guint n_status, n_kinds;
  const ConcordChoice *statuses = concord_plan_statuses (&n_status);
  const ConcordChoice *kinds = concord_plan_kinds (&n_kinds);

  gtk_label_set_text (GTK_LABEL (title), concord_record_get_string (record, "title"));
  g_string_append_printf (text, "%s · %s",
                          concord_choice_label (statuses, n_status, concord_record_get_string (record, "status")),
                          concord_choice_label (kinds, n_kinds, concord_record_get_string (record, "kind")));
  if (start != NULL || end != NULL)
    {
      g_autofree char *s = start ? concord_date_format (start) : g_strdup ("…");
      g_autofree char *e = end ? concord_date_format (end) : g_strdup ("…");
      g_string_append_printf (text, " · %s – %s", s, e);
    }
  gtk_label_set_text (GTK_LABEL (detail), text->str);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  ConcordRecord *record = gtk_list_item_get_item (item);

  g_signal_connect_object (record, "changed", G_CALLBACK (fill_row), item, G_CONNECT_DEFAULT);
  fill_row (record, item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GObject *record = gtk_list_item_get_item (item);

  if (record != NULL)
    g_signal_handlers_disconnect_by_func (record, fill_row, item);
}

static void
on_search_activate (ConcordPlansPage *self)
{
  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
        gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
}

static void
focus_editor (ConcordPlansPage *self)
{
  Binding *first;

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor_stack));
  if (self->plan == NULL || self->detail_bindings->len == 0)
    return;

  first = g_ptr_array_index (self->detail_bindings, 0);
  gtk_widget_grab_focus (first->row);
}

static void
on_list_activate (ConcordPlansPage *self,
                  guint             position)
{
  gtk_single_selection_set_selected (self->selection, position);
  focus_editor (self);
}

gboolean
concord_plans_page_select (ConcordPlansPage *self,
                           gint64            plan_id)
{
  guint position;

  g_return_val_if_fail (CONCORD_IS_PLANS_PAGE (self), FALSE);

  if (self->model == NULL)
    return FALSE;

  if (!concord_query_model_find (self->model, plan_id, &position))
    {
      /* A filter may hide it: clear them rather than fail. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->status_filter, 0);
      gtk_drop_down_set_selected (self->kind_filter, 0);
      gtk_drop_down_set_selected (self->period_filter, 0);
      concord_record_drop_down_set_selected_id (CONCORD_RECORD_DROP_DOWN (self->owner_filter), 0);
      on_filter_changed (self);
      if (!concord_query_model_find (self->model, plan_id, &position))
        return FALSE;
    }

  load_plan (self, plan_id);
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor_stack));

  return TRUE;
}

#define SHOWN_ITEM_MARGIN 12

static gboolean
bring_item_into_view (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);
  GtkWidget *found = NULL;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  graphene_point_t top;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->shown_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      ConcordRecord *record = g_object_get_data (G_OBJECT (row), "record");

      if (ADW_IS_EXPANDER_ROW (row) && record != NULL && concord_record_get_id (record) == self->shown_item_id)
        found = row;
    }

  scrolled = found ? gtk_widget_get_ancestor (found, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  if (scrolled == NULL)
    {
      self->shown_tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (found), TRUE);
  /* Wait for the row's place in the editor. */
  if (gtk_widget_get_height (found) <= 0 ||
      !gtk_widget_compute_point (found, scrolled, &GRAPHENE_POINT_INIT (0, 0), &top))
    return G_SOURCE_CONTINUE;

  /* Rows above may still be settling their height: follow the row until
   * it stays put (or for a second at most). */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (self->shown_frames++ == 0)
    gtk_widget_child_focus (found, GTK_DIR_TAB_FORWARD);
  if (fabs (top.y - SHOWN_ITEM_MARGIN) >= 1 && self->shown_frames < 60)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + top.y - SHOWN_ITEM_MARGIN);
      return G_SOURCE_CONTINUE;
    }

  self->shown_tick_id = 0;

  return G_SOURCE_REMOVE;
}

/**
 * concord_plans_page_show_item:
 * @self: the plans page
 * @table: "plan_kpis", "plan_budget_lines" or "plan_milestones"
 * @item_id: the row of @table
 *
 * Opens the item's plan, unfolds the item's row, gives it the focus and
 * so scrolls the editor to it (the dashboard's KPIs and milestones).
 *
 * Returns: whether the item was found
 */
gboolean
concord_plans_page_show_item (ConcordPlansPage *self,
                              const char       *table,
                              gint64            item_id)
{
  ConcordWorkbook *workbook;
  g_autoptr(ConcordRecord) item = NULL;
  GtkListBox *list;

  g_return_val_if_fail (CONCORD_IS_PLANS_PAGE (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  workbook = page_workbook (self);
  if (g_str_equal (table, "plan_kpis"))
    list = self->kpi_list;
  else if (g_str_equal (table, "plan_budget_lines"))
    list = self->budget_list;
  else if (g_str_equal (table, "plan_milestones"))
    list = self->milestone_list;
  else
    return FALSE;

  if (workbook == NULL ||
      (item = concord_workbook_get_record (workbook, table, item_id, NULL)) == NULL ||
      !concord_plans_page_select (self, concord_record_get_int (item, "plan_id")))
    return FALSE;

  /* The rows are laid out (and the editor's own focus settled) only later. */
  self->shown_list = list;
  self->shown_item_id = item_id;
  self->shown_frames = 0;
  if (self->shown_tick_id == 0)
    self->shown_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), bring_item_into_view, NULL, NULL);

  return TRUE;
}

gint64
concord_plans_page_get_selected_id (ConcordPlansPage *self)
{
  g_return_val_if_fail (CONCORD_IS_PLANS_PAGE (self), 0);

  return self->plan ? concord_record_get_id (self->plan) : 0;
}

/* Actions ------------------------------------------------------------------------- */

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!concord_page_is_editable (CONCORD_PAGE (self)))
    return;

  id = concord_plans_create (page_workbook (self), _("New Plan"), &error);
  if (id == 0)
    {
      concord_page_report_error (CONCORD_PAGE (self), error);
      return;
    }

  concord_plans_page_select (self, id);
  focus_editor (self);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->plan == NULL || !concord_page_is_editable (CONCORD_PAGE (self)))
    return;

  /* No question asked: one Undo brings the plan and all its items back. */
  if (!concord_plans_delete (page_workbook (self), concord_record_get_id (self->plan), &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
  else
    concord_page_toast (CONCORD_PAGE (self), _("Plan deleted. Undo brings it back."));
}

static void
add_item (ConcordPlansPage *self,
          const char       *table,
          const char       *column,
          const char       *name,
          GtkLabel         *error_label)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->plan == NULL || !concord_page_is_editable (CONCORD_PAGE (self)))
    return;

  concord_fields_set_string (fields, column, name);
  self->expand_id = -1;
  id = concord_plans_add_item (page_workbook (self), table, concord_record_get_id (self->plan), fields, &error);
  /* The row was built (and opened) while the store announced it. */
  self->expand_id = 0;
  if (id == 0)
    {
      gtk_label_set_text (error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);
    }
}

/* The store announces the new row while add_item() runs; expand_id = -1
 * tells create_item_row() to open the newest row it builds. */
static void
add_kpi_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);
  add_item (self, "plan_kpis", "name", _("New KPI"), self->kpi_error);
}

static void
add_budget_line_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);
  add_item (self, "plan_budget_lines", "item", _("New budget line"), self->budget_error);
}

static void
add_milestone_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);
  add_item (self, "plan_milestones", "title", _("New milestone"), self->milestone_error);
}

static void
delete_item_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const char *table;
  gint64 id;

  g_variant_get (parameter, "(&sx)", &table, &id);
  if (!concord_plans_delete_item (page_workbook (self), table, id, &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
}

static void
link_account_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);
  ConcordRecordDropDown *picker = CONCORD_RECORD_DROP_DOWN (self->account_picker);
  g_autoptr(GError) error = NULL;

  if (self->plan == NULL)
    return;

  if (!concord_plans_link_account (page_workbook (self), concord_record_get_id (self->plan),
                                   concord_record_drop_down_get_selected_id (picker), &error))
    {
      gtk_label_set_text (self->accounts_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->accounts_error), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->accounts_error), FALSE);
  concord_record_drop_down_set_selected_id (picker, 0);
}

static void
unlink_account_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->plan != NULL &&
      !concord_plans_unlink_account (page_workbook (self), concord_record_get_id (self->plan),
                                     g_variant_get_int64 (parameter), &error))
    concord_page_report_error (CONCORD_PAGE (self), error);
}

static void
select_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  /* Opening a plan from anywhere brings its page forward. */
  gtk_widget_activate_action (widget, "win.show-page", "s", "plans");
  concord_plans_page_select (CONCORD_PLANS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
show_item_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *table;
  gint64 item_id;

  g_variant_get (parameter, "(&sx)", &table, &item_id);
  concord_plans_page_show_item (CONCORD_PLANS_PAGE (widget), table, item_id);
}

static void
show_list_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Construction ---------------------------------------------------------------------- */

static GtkDropDown *
filter_add (ConcordPlansPage *self,
            int               row,
            const char       *label,
            GtkWidget        *control)
{
  GtkWidget *title = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (control, TRUE);
  gtk_grid_attach (self->filter_grid, title, 0, row, 1, 1);
  gtk_grid_attach (self->filter_grid, control, 1, row, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);

  if (GTK_IS_DROP_DOWN (control))
    g_signal_connect_object (control, "notify::selected", G_CALLBACK (on_filter_changed),
                             self, G_CONNECT_SWAPPED);

  return GTK_IS_DROP_DOWN (control) ? GTK_DROP_DOWN (control) : NULL;
}

static void
build_filters (ConcordPlansPage *self)
{
  g_autoptr(GtkStringList) statuses = NULL;
  g_autoptr(GtkStringList) kinds = NULL;
  const char *periods[] = { N_("Any time"), N_("Running today"), N_("This quarter"),
                            N_("Next quarter"), N_("Finished"), NULL };
  const char *sorts[] = { N_("Title"), N_("Start date"), N_("End date"), N_("Status"), NULL };
  g_autoptr(GtkStringList) period_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) sort_list = gtk_string_list_new (NULL);
  guint n;

  const ConcordChoice *status_choices = concord_plan_statuses (&n);

  statuses = choice_list (status_choices, n, _("Any status"));
  {
    guint n_kinds;
    const ConcordChoice *kind_choices = concord_plan_kinds (&n_kinds);

    kinds = choice_list (kind_choices, n_kinds, _("Any type"));
  }
  for (guint i = 0; periods[i] != NULL; i++)
    gtk_string_list_append (period_list, _(periods[i]));
  for (guint i = 0; sorts[i] != NULL; i++)
    gtk_string_list_append (sort_list, _(sorts[i]));

  self->status_filter = filter_add (self, 0, _("Status"), gtk_drop_down_new (G_LIST_MODEL (g_object_ref (statuses)), NULL));
  self->kind_filter = filter_add (self, 1, _("Type"), gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL));
  self->period_filter = filter_add (self, 2, _("Period"), gtk_drop_down_new (G_LIST_MODEL (g_object_ref (period_list)), NULL));
  self->owner_filter = g_object_new (CONCORD_TYPE_RECORD_DROP_DOWN, "table", "people",
                                     "label-column", "name", "allow-none", TRUE, NULL);
  concord_record_drop_down_set_none_label (CONCORD_RECORD_DROP_DOWN (self->owner_filter), _("Anyone"));
  filter_add (self, 3, _("Lead"), self->owner_filter);
  g_signal_connect_object (self->owner_filter, "notify::selected-id", G_CALLBACK (on_filter_changed),
                           self, G_CONNECT_SWAPPED);
  self->sort_filter = filter_add (self, 4, _("Sort by"), gtk_drop_down_new (G_LIST_MODEL (g_object_ref (sort_list)), NULL));
}

static void
build_editor (ConcordPlansPage *self)
{
  GtkWidget *summary, *link_row, *link_button;
  guint n_kinds, n_statuses;
  const ConcordChoice *kinds = concord_plan_kinds (&n_kinds);
  const ConcordChoice *statuses = concord_plan_statuses (&n_statuses);

#define DETAIL(column, kind, title, choices, n_choices) \
  G_STMT_START { \
    Binding *b = binding_new (self, "plans", column, kind, title, self->details_error, choices, n_choices); \
    g_ptr_array_add (self->detail_bindings, b); \
    adw_preferences_group_add (self->details_group, b->row); \
  } G_STMT_END

  self->details_error = error_label_new ();
  DETAIL ("title", FIELD_TEXT, _("Title"), NULL, 0);
  DETAIL ("kind", FIELD_CHOICE, _("Type"), kinds, n_kinds);
  DETAIL ("status", FIELD_CHOICE, _("Status"), statuses, n_statuses);
  DETAIL ("objective", FIELD_TEXT, _("Objective"), NULL, 0);
  DETAIL ("start_on", FIELD_DATE, _("Start"), NULL, 0);
  DETAIL ("end_on", FIELD_DATE, _("End"), NULL, 0);
  DETAIL ("sales_lead_id", FIELD_PERSON, _("Sales Lead"), NULL, 0);
  DETAIL ("marketing_lead_id", FIELD_PERSON, _("Marketing Lead"), NULL, 0);
  DETAIL ("notes", FIELD_TEXT, _("Notes"), NULL, 0);
#undef DETAIL
  adw_preferences_group_add (self->details_group, GTK_WIDGET (self->details_error));

  self->kpi_error = error_label_new ();
  self->kpi_list = item_list_new (self->kpi_group, _("No shared KPIs yet. Add one with Ctrl+Shift+K."));
  adw_preferences_group_add (self->kpi_group, GTK_WIDGET (self->kpi_error));

  summary = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (summary, "card");
  gtk_widget_add_css_class (summary, "concord-dashboard-card");
  gtk_widget_set_margin_bottom (summary, 12);
  self->budget_total = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->budget_total, 0);
  gtk_label_set_wrap (self->budget_total, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->budget_total), "heading");
  self->budget_chart = CONCORD_BAR_CHART (concord_bar_chart_new ());
  self->budget_warning = error_label_new ();
  /* One line, always shown: its height never changes (see refresh_budget). */
  gtk_label_set_wrap (self->budget_warning, FALSE);
  gtk_label_set_ellipsize (self->budget_warning, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (summary), GTK_WIDGET (self->budget_total));
  gtk_box_append (GTK_BOX (summary), GTK_WIDGET (self->budget_chart));
  gtk_box_append (GTK_BOX (summary), GTK_WIDGET (self->budget_warning));
  adw_preferences_group_add (self->budget_group, summary);
  self->budget_error = error_label_new ();
  self->budget_list = item_list_new (self->budget_group, _("No budget lines yet. Add one with Ctrl+Shift+B."));
  adw_preferences_group_add (self->budget_group, GTK_WIDGET (self->budget_error));

  self->milestone_error = error_label_new ();
  self->milestone_list = item_list_new (self->milestone_group, _("No milestones yet. Add one with Ctrl+Shift+M."));
  adw_preferences_group_add (self->milestone_group, GTK_WIDGET (self->milestone_error));

  self->accounts_error = error_label_new ();
  self->account_list = item_list_new (self->accounts_group, _("No target accounts linked to this plan."));
  gtk_list_box_set_selection_mode (self->account_list, GTK_SELECTION_NONE);
  g_signal_connect_object (self->account_list, "row-activated", G_CALLBACK (on_account_row_activated),
                           self, G_CONNECT_SWAPPED);

  link_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (link_row), _("Add Account"));
  self->account_picker = g_object_new (CONCORD_TYPE_RECORD_DROP_DOWN, "table", "accounts",
                                       "label-column", "name", "allow-none", TRUE, NULL);
  concord_record_drop_down_set_none_label (CONCORD_RECORD_DROP_DOWN (self->account_picker), _("Choose…"));
  /* Every account, perhaps a million: read when the list first opens, not
   * with the page. It always starts at "Choose…". */
  concord_record_drop_down_set_lazy (CONCORD_RECORD_DROP_DOWN (self->account_picker), TRUE);
  link_button = gtk_button_new_with_mnemonic (_("_Link"));
  gtk_widget_set_valign (link_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (link_button), "plans.link-account");
  adw_action_row_add_suffix (ADW_ACTION_ROW (link_row), self->account_picker);
  adw_action_row_add_suffix (ADW_ACTION_ROW (link_row), link_button);
  gtk_widget_set_margin_top (link_row, 12);
  {
    GtkWidget *list = gtk_list_box_new ();

    gtk_widget_add_css_class (list, "boxed-list");
    gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
    gtk_list_box_append (GTK_LIST_BOX (list), link_row);
    gtk_widget_set_margin_top (list, 12);
    adw_preferences_group_add (self->accounts_group, list);
  }
  adw_preferences_group_add (self->accounts_group, GTK_WIDGET (self->accounts_error));
}

static void
concord_plans_page_workbook_changed (ConcordPage *page)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (page);
  ConcordWorkbook *workbook = concord_page_get_workbook (page);
  gboolean editable = concord_page_is_editable (page);

  load_plan (self, 0);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  for (guint i = 0; i < self->detail_bindings->len; i++)
    {
      Binding *binding = g_ptr_array_index (self->detail_bindings, i);

      if (binding->control != NULL && CONCORD_IS_RECORD_DROP_DOWN (binding->control))
        concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (binding->control), workbook);
    }
  concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->owner_filter), workbook);
  concord_record_drop_down_set_workbook (CONCORD_RECORD_DROP_DOWN (self->account_picker), workbook);

  if (workbook != NULL)
    {
      self->model = concord_plans_model_new (workbook);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      g_signal_connect_object (self->selection, "notify::selected",
                               G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workbook, "changed::plans", G_CALLBACK (on_plans_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workbook, "changed::plan_budget_lines", G_CALLBACK (on_budget_changed),
                               self, G_CONNECT_SWAPPED);
      on_filter_changed (self);
    }

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* Side by side, an empty editor is wasted space: open the first plan. */
  if (self->model != NULL && !adw_leaflet_get_folded (self->leaflet) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plans.add", editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor_stack), editable || workbook == NULL);
  update_list_state (self);
}

static gboolean
concord_plans_page_start_search (ConcordPage *page)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (page);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_folded_changed (ConcordPlansPage *self)
{
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
}

static void
concord_plans_page_dispose (GObject *object)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (object);

  if (self->shown_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->shown_tick_id);
      self->shown_tick_id = 0;
    }
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  if (self->kpi_list != NULL)
    {
      gtk_list_box_bind_model (self->kpi_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->budget_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->milestone_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->account_list, NULL, NULL, NULL, NULL);
    }
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->kpis);
  g_clear_object (&self->budget_lines);
  g_clear_object (&self->milestones);
  g_clear_object (&self->accounts);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (concord_plans_page_parent_class)->dispose (object);
}

static void
concord_plans_page_finalize (GObject *object)
{
  ConcordPlansPage *self = CONCORD_PLANS_PAGE (object);

  g_ptr_array_unref (self->detail_bindings);

  G_OBJECT_CLASS (concord_plans_page_parent_class)->finalize (object);
}

static void
concord_plans_page_class_init (ConcordPlansPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ConcordPageClass *page_class = CONCORD_PAGE_CLASS (klass);

  object_class->dispose = concord_plans_page_dispose;
  object_class->finalize = concord_plans_page_finalize;
  page_class->workbook_changed = concord_plans_page_workbook_changed;
  page_class->start_search = concord_plans_page_start_search;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/concordplan/Concord/ui/concord-plans-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, filter_grid);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, list_status);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, kpi_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, budget_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, milestone_group);
  gtk_widget_class_bind_template_child (widget_class, ConcordPlansPage, accounts_group);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_action (widget_class, "plans.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "plans.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "plans.select", "x", select_activated);
  gtk_widget_class_install_action (widget_class, "plans.show-item", "(sx)", show_item_activated);
  gtk_widget_class_install_action (widget_class, "plans.show-list", NULL, show_list_activated);
  gtk_widget_class_install_action (widget_class, "plans.add-kpi", NULL, add_kpi_activated);
  gtk_widget_class_install_action (widget_class, "plans.add-budget-line", NULL, add_budget_line_activated);
  gtk_widget_class_install_action (widget_class, "plans.add-milestone", NULL, add_milestone_activated);
  gtk_widget_class_install_action (widget_class, "plans.delete-item", "(sx)", delete_item_activated);
  gtk_widget_class_install_action (widget_class, "plans.link-account", NULL, link_account_activated);
  gtk_widget_class_install_action (widget_class, "plans.unlink-account", "x", unlink_account_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "plans.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK, "plans.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "plans.show-list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_K, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plans.add-kpi", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_B, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plans.add-budget-line", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plans.add-milestone", NULL);
}

static void
concord_plans_page_init (ConcordPlansPage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *shortcuts;

  self->detail_bindings = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  build_filters (self);
  build_editor (self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (concord_form_setup_two_line_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("plans.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);

  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed),
                           self, G_CONNECT_SWAPPED);
  on_folded_changed (self);
  load_plan (self, 0);
}
