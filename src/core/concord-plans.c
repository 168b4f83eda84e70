/* concord-plans.c
 *
 * The rules of joint plans. Every value is checked here before it reaches
 * the store, so the user reads which field is wrong and why, and the
 * schema's CHECK constraints stay a last line that is never reached.
 */
#define G_LOG_DOMAIN "concord-plans"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concord-check.h"
#include "concord-people.h"
#include "concord-plans.h"
#include "concord-tables.h"
#include "concord-workbook-private.h"


static const char plans_filter_sql[] =
  "SELECT id FROM plans"
  " WHERE (?1 = '%%' OR title LIKE ?1 ESCAPE '!' OR objective LIKE ?1 ESCAPE '!'"
  "        OR notes LIKE ?1 ESCAPE '!')"
  "   AND (?2 = '' OR status = ?2)"
  "   AND (?3 = '' OR kind = ?3)"
  "   AND (?4 = 0"
  "        OR (?4 = 1 AND ifnull (start_on, '0000') <= ?6 AND ifnull (end_on, '9999') >= ?5)"
  "        OR (?4 = 2 AND end_on < ?5))"
  "   AND (?7 = 0 OR sales_lead_id = ?7 OR marketing_lead_id = ?7)"
  " ORDER BY CASE ?8"
  "            WHEN 1 THEN ifnull (start_on, '9999')"
  "            WHEN 2 THEN ifnull (end_on, '9999')"
  "            WHEN 3 THEN CASE status WHEN 'active' THEN 0 WHEN 'planned' THEN 1"
  "                        WHEN 'draft' THEN 2 WHEN 'done' THEN 3 ELSE 4 END"
  "            ELSE 0 END,"
  "          title COLLATE NOCASE, id";
static const char kpis_sql[] =
  "SELECT id FROM plan_kpis WHERE plan_id = ?1 ORDER BY position, id";
static const char budget_lines_sql[] =
  "SELECT id FROM plan_budget_lines WHERE plan_id = ?1 ORDER BY position, id";
static const char milestones_sql[] =
  "SELECT id FROM plan_milestones WHERE plan_id = ?1"
  " ORDER BY done, ifnull (due_on, '9999'), id";
static const char plan_accounts_sql[] =
  "SELECT pa.id FROM plan_accounts pa JOIN accounts a ON a.id = pa.account_id"
  " WHERE pa.plan_id = ?1 ORDER BY a.name COLLATE NOCASE, pa.id";
static const char next_kpi_position_sql[] =
  "SELECT ifnull (max (position), -1) + 1 FROM plan_kpis WHERE plan_id = ?1";
static const char next_budget_position_sql[] =
  "SELECT ifnull (max (position), -1) + 1 FROM plan_budget_lines WHERE plan_id = ?1";
static const char plan_account_find_sql[] =
  "SELECT id FROM plan_accounts WHERE plan_id = ?1 AND account_id = ?2";
static const char budget_sum_plan_sql[] =
  "SELECT funded_by, sum (planned), sum (actual), sum (actual > planned)"
  "  FROM plan_budget_lines WHERE plan_id = ?1 GROUP BY funded_by";
static const char budget_sum_active_sql[] =
  "SELECT b.funded_by, sum (b.planned), sum (b.actual), sum (b.actual > b.planned)"
  "  FROM plan_budget_lines b JOIN plans p ON p.id = b.plan_id"
  " WHERE p.status = 'active' GROUP BY b.funded_by";

/* The choices are described with their tables. */
#define CHOICES(name, table, column) \
  const ConcordChoice *name (guint *n_choices) \
  { \
    guint n; \
    const ConcordChoice *choices = concord_table_choices (table, column, &n); \
    if (n_choices != NULL) \
      *n_choices = n; \
    return choices; \
  }

CHOICES (concord_plan_kinds, "plans", "kind")
CHOICES (concord_plan_statuses, "plans", "status")
CHOICES (concord_kpi_units, "plan_kpis", "unit")
CHOICES (concord_kpi_cadences, "plan_kpis", "cadence")
CHOICES (concord_budget_funders, "plan_budget_lines", "funded_by")

/* Validation ---------------------------------------------------------------- */

static gboolean
field_string (ConcordFields  *fields,
              const char     *column,
              const char    **value)
{
  GVariant *variant = concord_fields_lookup (fields, column);

  if (variant == NULL)
    return FALSE;

  *value = g_variant_is_of_type (variant, G_VARIANT_TYPE_STRING)
    ? g_variant_get_string (variant, NULL) : NULL;
  return TRUE;
}

/* The checks below take whole sentences for each field, never a field's
 * name to paste into a sentence: a language with gender or case needs the
 * sentence as one piece.  Each message is marked with N_() by the caller. */
static gboolean
check_reference (ConcordWorkbook  *workbook,
                 ConcordFields    *fields,
                 const char       *column,
                 const char       *table,
                 GError          **error)
{
  GVariant *variant = concord_fields_lookup (fields, column);
  g_autoptr(ConcordRecord) record = NULL;
  gint64 id;

  if (variant == NULL || !g_variant_is_of_type (variant, G_VARIANT_TYPE_INT64))
    return TRUE;

  id = g_variant_get_int64 (variant);
  record = concord_workbook_get_record (workbook, table, id, NULL);
  if (record == NULL)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                           g_str_equal (table, "people")
                           ? _("The chosen person no longer exists; choose another.")
                           : _("The chosen team no longer exists; choose another."));
      return FALSE;
    }

  return TRUE;
}

/* The value a column will have after the edit: the new one, or the stored. */
static const char *
merged_string (ConcordFields *fields,
               ConcordRecord *stored,
               const char    *column)
{
  const char *value;

  if (field_string (fields, column, &value))
    return value;

  return stored ? concord_record_get_string (stored, column) : NULL;
}

static gboolean
validate_plan (ConcordWorkbook  *workbook,
               ConcordRecord    *stored,
               ConcordFields    *fields,
               GError          **error)
{
  const char *start_on, *end_on;

  if (!concord_table_validate_fields ("plans", fields, FALSE, error) ||
      !check_reference (workbook, fields, "sales_lead_id", "people", error) ||
      !check_reference (workbook, fields, "marketing_lead_id", "people", error))
    return FALSE;

  start_on = merged_string (fields, stored, "start_on");
  end_on = merged_string (fields, stored, "end_on");
  if (start_on != NULL && end_on != NULL && strcmp (end_on, start_on) < 0)
    {
      g_autofree char *start_text = concord_date_format (start_on);
      g_autofree char *end_text = concord_date_format (end_on);

      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("The end date %s is before the start date %s."), end_text, start_text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_item (ConcordWorkbook  *workbook,
               const char       *table,
               ConcordFields    *fields,
               GError          **error)
{
  if (g_str_equal (table, "plan_kpis"))
    return concord_table_validate_fields (table, fields, FALSE, error) &&
           check_reference (workbook, fields, "owner_team_id", "teams", error);
  else if (g_str_equal (table, "plan_budget_lines"))
    return concord_table_validate_fields (table, fields, FALSE, error);
  else if (g_str_equal (table, "plan_milestones"))
    return concord_table_validate_fields (table, fields, FALSE, error) &&
           check_reference (workbook, fields, "owner_id", "people", error);

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
               "%s is not a table of plan items", table);
  return FALSE;
}

/* Marking a milestone done records the day, so the dashboard can tell
 * what was finished late; undoing it forgets the day again. */
static void
complete_milestone_fields (ConcordFields *fields)
{
  GVariant *done = concord_fields_lookup (fields, "done");

  if (done == NULL || concord_fields_lookup (fields, "done_on") != NULL)
    return;

  if (g_variant_is_of_type (done, G_VARIANT_TYPE_INT64) && g_variant_get_int64 (done) != 0)
    {
      g_autofree char *today = concord_date_today ();
      concord_fields_set_string (fields, "done_on", today);
    }
  else
    concord_fields_set_null (fields, "done_on");
}

static gint64
query_position (ConcordWorkbook *workbook,
                const char      *sql,
                gint64           plan_id)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, NULL);
  gint64 position = 0;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return position;
}

static ConcordRecord *
get_plan (ConcordWorkbook  *workbook,
          gint64            plan_id,
          GError          **error)
{
  ConcordRecord *plan = concord_workbook_get_record (workbook, "plans", plan_id, NULL);

  if (plan == NULL)
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                 _("The plan was deleted; choose another one."));

  return plan;
}

/* Plans ----------------------------------------------------------------------- */

gint64
concord_plans_create (ConcordWorkbook  *workbook,
                      const char       *title,
                      GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *clean = g_strstrip (g_strdup (title ? title : ""));
  g_autofree char *label = NULL;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  concord_fields_set_string (fields, "title", clean);
  if (!validate_plan (workbook, NULL, fields, error))
    return 0;

  label = g_strdup_printf (_("Add plan “%s”"), clean);
  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return 0;
  id = concord_workbook_insert (workbook, "plans", fields, error);
  if (id == 0 || !concord_edit_commit (edit, error))
    return 0;

  return id;
}

gboolean
concord_plans_update (ConcordWorkbook  *workbook,
                      gint64            plan_id,
                      ConcordFields    *fields,
                      GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordRecord) plan = NULL;
  g_autofree char *label = NULL;
  const char *title;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if ((plan = get_plan (workbook, plan_id, error)) == NULL ||
      !validate_plan (workbook, plan, fields, error))
    return FALSE;

  title = merged_string (fields, plan, "title");
  label = g_strdup_printf (_("Edit plan “%s”"), title);
  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return FALSE;

  return concord_workbook_update (workbook, "plans", plan_id, fields, error) &&
         concord_edit_commit (edit, error);
}

gboolean
concord_plans_delete (ConcordWorkbook  *workbook,
                      gint64            plan_id,
                      GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordRecord) plan = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if ((plan = get_plan (workbook, plan_id, error)) == NULL)
    return FALSE;

  label = g_strdup_printf (_("Delete plan “%s”"), concord_record_get_string (plan, "title"));
  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return FALSE;

  /* KPIs, budget, milestones and links go with it (ON DELETE CASCADE),
   * inside this edit, so Undo restores them all. */
  return concord_workbook_delete (workbook, "plans", plan_id, error) &&
         concord_edit_commit (edit, error);
}

/* What is said about each kind of plan item, as whole sentences (marked
 * with N_(), translated where used): "KPI" pasted into "Add %s to “%s”"
 * could not take the gender and case another language gives it. */
typedef struct
{
  const char *table;
  const char *name_column;
  const char *add;        /* the plan's title */
  const char *edit;       /* the item's name */
  const char *remove;     /* the item's name */
  const char *gone;
} ItemWords;

static const ItemWords item_words[] = {
  { "plan_kpis", "name",
    /* Translators: an undo step, "Add KPI to “Reliability roadshow”" */
    N_("Add KPI to “%s”"),
    /* Translators: an undo step, "Edit KPI “Webinar attendees”" */
    N_("Edit KPI “%s”"),
    N_("Delete KPI “%s”"),
    N_("The KPI was deleted meanwhile.") },
  { "plan_budget_lines", "item",
    N_("Add budget line to “%s”"),
    N_("Edit budget line “%s”"),
    N_("Delete budget line “%s”"),
    N_("The budget line was deleted meanwhile.") },
  { "plan_milestones", "title",
    N_("Add milestone to “%s”"),
    N_("Edit milestone “%s”"),
    N_("Delete milestone “%s”"),
    N_("The milestone was deleted meanwhile.") },
};

static const ItemWords *
item_words_for (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_words); i++)
    if (g_str_equal (item_words[i].table, table))
      return &item_words[i];

  return &item_words[G_N_ELEMENTS (item_words) - 1];
}

static const char *
item_name_column (const char *table)
{
  return item_words_for (table)->name_column;
}

gint64
concord_plans_add_item (ConcordWorkbook  *workbook,
                        const char       *table,
                        gint64            plan_id,
                        ConcordFields    *fields,
                        GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordRecord) plan = NULL;
  g_autofree char *label = NULL;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);
  g_return_val_if_fail (table != NULL && fields != NULL, 0);

  if ((plan = get_plan (workbook, plan_id, error)) == NULL)
    return 0;

  /* A new item needs its name even when the caller forgot it. */
  if (concord_fields_lookup (fields, item_name_column (table)) == NULL)
    concord_fields_set_string (fields, item_name_column (table), "");

  if (g_str_equal (table, "plan_milestones"))
    complete_milestone_fields (fields);
  if (!validate_item (workbook, table, fields, error))
    return 0;

  concord_fields_set_id (fields, "plan_id", plan_id);
  if (g_str_equal (table, "plan_kpis") && concord_fields_lookup (fields, "position") == NULL)
    concord_fields_set_int (fields, "position", query_position (workbook, next_kpi_position_sql, plan_id));
  if (g_str_equal (table, "plan_budget_lines") && concord_fields_lookup (fields, "position") == NULL)
    concord_fields_set_int (fields, "position", query_position (workbook, next_budget_position_sql, plan_id));

  label = g_strdup_printf (_(item_words_for (table)->add), concord_record_get_string (plan, "title"));
  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return 0;
  id = concord_workbook_insert (workbook, table, fields, error);
  if (id == 0 || !concord_edit_commit (edit, error))
    return 0;

  return id;
}

gboolean
concord_plans_update_item (ConcordWorkbook  *workbook,
                           const char       *table,
                           gint64            item_id,
                           ConcordFields    *fields,
                           GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordRecord) item = NULL;
  g_autofree char *label = NULL;
  const char *name;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (table != NULL && fields != NULL, FALSE);

  item = concord_workbook_get_record (workbook, table, item_id, NULL);
  if (item == NULL)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND, _(item_words_for (table)->gone));
      return FALSE;
    }

  if (g_str_equal (table, "plan_milestones"))
    complete_milestone_fields (fields);
  if (!validate_item (workbook, table, fields, error))
    return FALSE;

  name = merged_string (fields, item, item_name_column (table));
  label = g_strdup_printf (_(item_words_for (table)->edit), name);
  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return FALSE;

  return concord_workbook_update (workbook, table, item_id, fields, error) &&
         concord_edit_commit (edit, error);
}

gboolean
concord_plans_delete_item (ConcordWorkbook  *workbook,
                           const char       *table,
                           gint64            item_id,
                           GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordRecord) item = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  item = concord_workbook_get_record (workbook, table, item_id, NULL);
  if (item == NULL)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND, _(item_words_for (table)->gone));
      return FALSE;
    }

  label = g_strdup_printf (_(item_words_for (table)->remove),
                           concord_record_get_string (item, item_name_column (table)));
  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return FALSE;

  return concord_workbook_delete (workbook, table, item_id, error) &&
         concord_edit_commit (edit, error);
}

static gint64
find_plan_account (ConcordWorkbook *workbook,
                   gint64           plan_id,
                   gint64           account_id)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, plan_account_find_sql, NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

gboolean
concord_plans_link_account (ConcordWorkbook  *workbook,
                            gint64            plan_id,
                            gint64            account_id,
                            GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordRecord) plan = NULL;
  g_autoptr(ConcordRecord) account = NULL;
  g_autoptr(ConcordFields) fields = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if ((plan = get_plan (workbook, plan_id, error)) == NULL)
    return FALSE;

  account = concord_workbook_get_record (workbook, "accounts", account_id, NULL);
  if (account == NULL)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                           _("Choose an account to link to the plan."));
      return FALSE;
    }

  if (find_plan_account (workbook, plan_id, account_id) != 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("%s is already a target account of this plan."),
                   concord_record_get_string (account, "name"));
      return FALSE;
    }

  fields = concord_fields_new ();
  concord_fields_set_id (fields, "plan_id", plan_id);
  concord_fields_set_id (fields, "account_id", account_id);

  label = g_strdup_printf (_("Link %s to “%s”"), concord_record_get_string (account, "name"),
                           concord_record_get_string (plan, "title"));
  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return FALSE;

  return concord_workbook_insert (workbook, "plan_accounts", fields, error) != 0 &&
         concord_edit_commit (edit, error);
}

gboolean
concord_plans_unlink_account (ConcordWorkbook  *workbook,
                              gint64            plan_id,
                              gint64            account_id,
                              GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordRecord) account = NULL;
  g_autofree char *label = NULL;
  gint64 link_id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  link_id = find_plan_account (workbook, plan_id, account_id);
  if (link_id == 0)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                           _("The account is not linked to this plan."));
      return FALSE;
    }

  account = concord_workbook_get_record (workbook, "accounts", account_id, NULL);
  label = g_strdup_printf (_("Unlink %s"), account ? concord_record_get_string (account, "name") : "");
  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return FALSE;

  return concord_workbook_delete (workbook, "plan_accounts", link_id, error) &&
         concord_edit_commit (edit, error);
}

/* Models ------------------------------------------------------------------------ */

ConcordQueryModel *
concord_plans_model_new (ConcordWorkbook *workbook)
{
  ConcordQueryModel *model;
  ConcordPlanFilter filter = { 0 };

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = concord_query_model_new (workbook, "plans");
  concord_plans_model_set_filter (model, &filter, NULL);

  return model;
}

static void
quarter_bounds (const GDate *day,
                int          offset,
                char       **start,
                char       **end)
{
  int quarter = (g_date_get_month (day) - 1) / 3 + offset;
  int year = g_date_get_year (day) + quarter / 4;
  GDate first, last;

  quarter %= 4;
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, quarter * 3 + 1, year);
  last = first;
  g_date_add_months (&last, 3);
  g_date_subtract_days (&last, 1);

  *start = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&first),
                            g_date_get_month (&first), g_date_get_day (&first));
  *end = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&last),
                          g_date_get_month (&last), g_date_get_day (&last));
}

gboolean
concord_plans_model_set_filter (ConcordQueryModel        *model,
                                const ConcordPlanFilter  *filter,
                                GError                  **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autofree char *pattern = NULL;
  g_autofree char *today = NULL;
  g_autofree char *range_start = NULL;
  g_autofree char *range_end = NULL;
  g_autofree char *search = NULL;
  int mode = 0;
  GDate day;

  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (model), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  today = filter->today ? g_strdup (filter->today) : concord_date_today ();
  if (!concord_date_parse (today, &day))
    g_date_set_time_t (&day, time (NULL));

  switch (filter->period)
    {
    case CONCORD_PLAN_PERIOD_RUNNING:
      mode = 1;
      range_start = g_strdup (today);
      range_end = g_strdup (today);
      break;
    case CONCORD_PLAN_PERIOD_THIS_QUARTER:
      mode = 1;
      quarter_bounds (&day, 0, &range_start, &range_end);
      break;
    case CONCORD_PLAN_PERIOD_NEXT_QUARTER:
      mode = 1;
      quarter_bounds (&day, 1, &range_start, &range_end);
      break;
    case CONCORD_PLAN_PERIOD_PAST:
      mode = 2;
      range_start = g_strdup (today);
      range_end = g_strdup (today);
      break;
    case CONCORD_PLAN_PERIOD_ANY:
    default:
      range_start = g_strdup (today);
      range_end = g_strdup (today);
      break;
    }

  search = g_strstrip (g_strdup (filter->search ? filter->search : ""));
  pattern = concord_like_pattern (search);
  g_ptr_array_add (params, g_variant_new_string (pattern));
  g_ptr_array_add (params, g_variant_new_string (filter->status ? filter->status : ""));
  g_ptr_array_add (params, g_variant_new_string (filter->kind ? filter->kind : ""));
  g_ptr_array_add (params, g_variant_new_int64 (mode));
  g_ptr_array_add (params, g_variant_new_string (range_start));
  g_ptr_array_add (params, g_variant_new_string (range_end));
  g_ptr_array_add (params, g_variant_new_int64 (filter->owner_id));
  g_ptr_array_add (params, g_variant_new_int64 (filter->sort));

  return concord_query_model_set_query (model, plans_filter_sql, params, error);
}

ConcordQueryModel *
concord_plans_items_model_new (ConcordWorkbook *workbook,
                               const char      *table,
                               gint64           plan_id)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  ConcordQueryModel *model;
  const char *sql;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  if (g_strcmp0 (table, "plan_kpis") == 0)
    sql = kpis_sql;
  else if (g_strcmp0 (table, "plan_budget_lines") == 0)
    sql = budget_lines_sql;
  else if (g_strcmp0 (table, "plan_milestones") == 0)
    sql = milestones_sql;
  else if (g_strcmp0 (table, "plan_accounts") == 0)
    sql = plan_accounts_sql;
  else
    g_return_val_if_reached (NULL);

  model = concord_query_model_new (workbook, table);
  if (g_str_equal (table, "plan_accounts"))
    concord_query_model_watch (model, "accounts");

  g_ptr_array_add (params, g_variant_new_int64 (plan_id));
  concord_query_model_set_query (model, sql, params, NULL);

  return model;
}

/* Budget ------------------------------------------------------------------------ */

gboolean
concord_plans_budget_totals (ConcordWorkbook      *workbook,
                             gint64                plan_id,
                             ConcordBudgetTotals  *totals,
                             GError              **error)
{
  const ConcordChoice *funders;
  guint n_funders;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (totals != NULL, FALSE);

  memset (totals, 0, sizeof *totals);

  stmt = concord_workbook_prepare (workbook, plan_id != 0 ? budget_sum_plan_sql
                                                          : budget_sum_active_sql, error);
  if (stmt == NULL)
    return FALSE;

  if (plan_id != 0)
    sqlite3_bind_int64 (stmt, 1, plan_id);

  funders = concord_budget_funders (&n_funders);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int funder = concord_choice_index (funders, n_funders, (const char *) sqlite3_column_text (stmt, 0));

      if (funder < 0)
        continue;

      totals->planned[funder] += sqlite3_column_int64 (stmt, 1);
      totals->actual[funder] += sqlite3_column_int64 (stmt, 2);
      totals->planned_total += sqlite3_column_int64 (stmt, 1);
      totals->actual_total += sqlite3_column_int64 (stmt, 2);
      totals->n_over_budget += (guint) sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not add up the budget");
      return FALSE;
    }

  return TRUE;
}

/* KPIs --------------------------------------------------------------------------- */

ConcordKpiStatus
concord_kpi_status (double      baseline,
                    double      target,
                    double      actual,
                    const char *start_on,
                    const char *end_on,
                    const char *today,
                    double     *fraction)
{
  GDate start, end, now;
  double progress, expected;
  g_autofree char *real_today = NULL;

  /* A target no different from the baseline is no target yet: nothing
   * to be on track for (a new KPI reads 0 of 0). */
  if (target == baseline)
    {
      if (fraction != NULL)
        *fraction = 0;
      return CONCORD_KPI_NEUTRAL;
    }

  /* Targets below the baseline (fewer churned customers) work the same
   * way: progress is the share of the distance covered. */
  progress = (actual - baseline) / (target - baseline);
  progress = CLAMP (progress, 0.0, 1.0);

  if (fraction != NULL)
    *fraction = progress;

  if (progress >= 1.0)
    return CONCORD_KPI_ON_TRACK;

  if (today == NULL)
    today = real_today = concord_date_today ();

  if (!concord_date_parse (start_on, &start) || !concord_date_parse (end_on, &end) ||
      !concord_date_parse (today, &now))
    return CONCORD_KPI_NEUTRAL;

  if (g_date_compare (&now, &start) <= 0)
    return CONCORD_KPI_ON_TRACK;
  if (g_date_compare (&now, &end) >= 0)
    expected = 1.0;
  else
    expected = (double) g_date_days_between (&start, &now) /
               MAX (1, g_date_days_between (&start, &end));

  if (progress >= expected * 0.9)
    return CONCORD_KPI_ON_TRACK;
  if (progress >= expected * 0.7)
    return CONCORD_KPI_AT_RISK;
  return CONCORD_KPI_OFF_TRACK;
}

const char *
concord_kpi_status_label (ConcordKpiStatus status)
{
  switch (status)
    {
    case CONCORD_KPI_ON_TRACK:
      return _("On track");
    case CONCORD_KPI_AT_RISK:
      return _("At risk");
    case CONCORD_KPI_OFF_TRACK:
      return _("Off track");
    case CONCORD_KPI_NEUTRAL:
    default:
      return _("No dates to judge by");
    }
}

char *
concord_kpi_describe (ConcordWorkbook *workbook,
                      const char      *unit,
                      double           baseline,
                      double           target,
                      double           actual,
                      double           fraction)
{
  g_autofree char *actual_text = concord_kpi_format_value (workbook, unit, actual);
  g_autofree char *target_text = concord_kpi_format_value (workbook, unit, target);
  double percent = round (fraction * 100);

  if (target == baseline)
    /* TRANSLATORS: a KPI whose target is not set yet: "0 · no target yet" */
    return g_strdup_printf (_("%s · no target yet"), actual_text);
  else if (baseline == 0)
    /* TRANSLATORS: "184 of 300 · 61 % of the target" */
    return g_strdup_printf (_("%s of %s · %.0f %% of the target"), actual_text, target_text, percent);
  else
    {
      g_autofree char *baseline_text = concord_kpi_format_value (workbook, unit, baseline);

      /* TRANSLATORS: "33 % of 40 % · 65 % of the way from 20 %": progress
       * from the KPI's baseline to its target */
      return g_strdup_printf (_("%s of %s · %.0f %% of the way from %s"),
                              actual_text, target_text, percent, baseline_text);
    }
}

char *
concord_kpi_format_value (ConcordWorkbook *workbook,
                          const char      *unit,
                          double           value)
{
  if (g_strcmp0 (unit, "currency") == 0)
    return concord_money_format (workbook, (gint64) llround (value * 100));
  if (g_strcmp0 (unit, "percent") == 0)
    {
      g_autofree char *number = concord_number_format (value);
      return g_strdup_printf ("%s %%", number);
    }

  return concord_number_format (value);
}

/* Findings ------------------------------------------------------------------ */

static const char over_budget_sql[] =
  "SELECT b.id, p.title, b.item, b.planned, b.actual"
  "  FROM plan_budget_lines b JOIN plans p ON p.id = b.plan_id"
  " WHERE b.actual > b.planned AND p.status NOT IN ('cancelled')"
  " ORDER BY p.title COLLATE NOCASE, p.id, b.position, b.id";

gboolean
concord_plans_check (ConcordWorkbook  *workbook,
                     GPtrArray        *findings,
                     GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  stmt = concord_workbook_prepare (workbook, over_budget_sql, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *where =
        g_strdup_printf (_("Plan “%s”, budget line “%s”"),
                         (const char *) sqlite3_column_text (stmt, 1),
                         (const char *) sqlite3_column_text (stmt, 2));
      g_autofree char *planned = concord_money_format (workbook, sqlite3_column_int64 (stmt, 3));
      g_autofree char *actual = concord_money_format (workbook, sqlite3_column_int64 (stmt, 4));
      g_autofree char *message =
        g_strdup_printf (_("%s spent of %s planned; raise the plan or explain the overspend."),
                         actual, planned);

      g_ptr_array_add (findings, concord_finding_new ("plan/over-budget", "plan_budget_lines",
                                                      sqlite3_column_int64 (stmt, 0), where, message));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the budget lines");
      return FALSE;
    }

  return TRUE;
}
