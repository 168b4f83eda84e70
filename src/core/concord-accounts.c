/* concord-accounts.c
 *
 * Account-based marketing on top of the store: validation with messages
 * that name the field, edits that keep derived rows (stage history,
 * last_touch_on) in the same undo step, coverage warnings, the filtered
 * and sorted account list in SQL, and CSV export.
 */
#define G_LOG_DOMAIN "concord-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "concord-account-search-private.h"
#include "concord-accounts.h"
#include "concord-check.h"
#include "concord-csv.h"
#include "concord-people.h"
#include "concord-tables.h"
#include "concord-workbook-private.h"

#define NOW_SQL "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"

/* Choices -------------------------------------------------------------- */

/* Where each kind of choice is described. */
static const struct { const char *table, *column; } choice_columns[] = {
  [CONCORD_CHOICE_TIER] = { "accounts", "tier" },
  [CONCORD_CHOICE_STAGE] = { "accounts", "stage" },
  [CONCORD_CHOICE_ROLE] = { "contacts", "role" },
  [CONCORD_CHOICE_INFLUENCE] = { "contacts", "influence" },
  [CONCORD_CHOICE_SENTIMENT] = { "contacts", "sentiment" },
  [CONCORD_CHOICE_CHANNEL] = { "touches", "channel" },
  [CONCORD_CHOICE_TEAM] = { "touches", "team" },
};

const ConcordChoice *
concord_accounts_choices (ConcordChoiceKind  kind,
                          guint             *n_choices)
{
g_return_val_if_fail (n_choices != NULL, NULL);

  if ((guint) kind < G_N_ELEMENTS (choice_columns))
    return concord_table_choices (choice_columns[kind].table, choice_columns[kind].column, n_choices);

  *n_choices = 0;
  return NULL;
}

int
concord_accounts_choice_index (ConcordChoiceKind  kind,
                               const char        *id)
{
  guint n;
  const ConcordChoice *choices = concord_accounts_choices (kind, &n);

  return concord_choice_index (choices, n, id);
}

const char *
concord_accounts_choice_label (ConcordChoiceKind  kind,
                               const char        *id)
{
  guint n;
  const ConcordChoice *choices = concord_accounts_choices (kind, &n);

  return concord_choice_label (choices, n, id);
}

/* Validation ----------------------------------------------------------- */

gboolean
concord_accounts_validate (const char     *table,
                           ConcordFields  *fields,
                           GError        **error)
{
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  return concord_table_validate_fields (table, fields, FALSE, error);
}

/* Helpers -------------------------------------------------------------- */


static const char *
fields_get_string (ConcordFields *fields,
                   const char    *column)
{
  GVariant *value = concord_fields_lookup (fields, column);

  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_get_string (value, NULL);

  return NULL;
}

static gboolean
insert_stage_change (ConcordWorkbook  *workbook,
                     gint64            account_id,
                     const char       *old_stage,
                     const char       *new_stage,
                     GError          **error)
{
  static const char sql[] =
    "INSERT INTO account_stage_changes (account_id, from_stage, to_stage, changed_on) "
    "VALUES (?1, ?2, ?3, ?4)";
  g_autofree char *today = concord_date_today ();
  sqlite3_stmt *stmt;

  stmt = concord_workbook_prepare (workbook, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  if (old_stage != NULL)
    sqlite3_bind_text (stmt, 2, old_stage, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, new_stage, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, today, -1, SQLITE_TRANSIENT);

  return concord_workbook_step_done (workbook, stmt, error);
}

gboolean
concord_accounts_record_stage_change (ConcordWorkbook  *workbook,
                                      gint64            account_id,
                                      const char       *new_stage,
                                      GError          **error)
{
  static const char sql[] = "SELECT stage FROM accounts WHERE id = ?1";
  g_autofree char *old_stage = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (new_stage != NULL, FALSE);

  stmt = concord_workbook_prepare (workbook, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    old_stage = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (old_stage == NULL || g_str_equal (old_stage, new_stage))
    return TRUE;

  return insert_stage_change (workbook, account_id, old_stage, new_stage, error);
}

gboolean
concord_accounts_record_initial_stage (ConcordWorkbook  *workbook,
                                       gint64            account_id,
                                       const char       *stage,
                                       GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (stage == NULL || g_str_equal (stage, "target"))
    return TRUE;

  return insert_stage_change (workbook, account_id, NULL, stage, error);
}

/* TRUE when @fields would change nothing in the row, so no empty undo
 * step is recorded for it. */
static gboolean
fields_match_record (ConcordWorkbook *workbook,
                     const char      *table,
                     gint64           id,
                     ConcordFields   *fields)
{
  g_autoptr(ConcordRecord) record = concord_workbook_get_record (workbook, table, id, NULL);

  if (record == NULL)
    return FALSE;

  for (guint i = 0; i < concord_fields_get_size (fields); i++)
    {
      const char *column = concord_fields_get_column (fields, i);
      GVariant *value = concord_fields_get_value (fields, i);

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          if (concord_record_is_null (record, column) ||
              g_strcmp0 (concord_record_get_string (record, column), g_variant_get_string (value, NULL)) != 0)
            return FALSE;
        }
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        {
          if (concord_record_is_null (record, column) ||
              concord_record_get_int (record, column) != g_variant_get_int64 (value))
            return FALSE;
        }
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        {
          if (concord_record_is_null (record, column) ||
              concord_record_get_double (record, column) != g_variant_get_double (value))
            return FALSE;
        }
      else if (!concord_record_is_null (record, column))
        return FALSE;
    }

  return TRUE;
}

/* Edits ---------------------------------------------------------------- */

gint64
concord_accounts_create (ConcordWorkbook  *workbook,
                         ConcordFields    *fields,
                         GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  const char *stage;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);
  g_return_val_if_fail (fields != NULL, 0);

  if (!concord_table_validate_fields ("accounts", fields, TRUE, error))
    return 0;

  edit = concord_workbook_edit (workbook, _("Add Account"), error);
  if (edit == NULL)
    return 0;

  id = concord_workbook_insert (workbook, "accounts", fields, error);
  stage = fields_get_string (fields, "stage");
  /* An account that starts beyond "target" counts from the day it is added. */
  if (id == 0 ||
      (stage != NULL && !g_str_equal (stage, "target") &&
       !concord_accounts_record_initial_stage (workbook, id, stage, error)) ||
      !concord_edit_commit (edit, error))
    return 0;

  return id;
}

static char *
edit_label (ConcordFields *fields,
            guint          n_accounts)
{
  const char *what;

  if (concord_fields_get_size (fields) != 1)
    {
      if (n_accounts == 1)
        return g_strdup (_("Edit Account"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Edit %u Account", "Edit %u Accounts", n_accounts),
                              n_accounts);
    }

  what = concord_table_column_label ("accounts", concord_fields_get_column (fields, 0));
  if (n_accounts == 1)
    return g_strdup_printf (_("Change %s"), what);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Change %s of %u Account",
                                       "Change %s of %u Accounts", n_accounts),
                          what, n_accounts);
}

gboolean
concord_accounts_update_many (ConcordWorkbook  *workbook,
                              const gint64     *ids,
                              guint             n_ids,
                              ConcordFields    *fields,
                              GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autofree char *label = NULL;
  const char *stage;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!concord_accounts_validate ("accounts", fields, error))
    return FALSE;

  if (n_ids == 0 || concord_fields_get_size (fields) == 0)
    return TRUE;

  label = edit_label (fields, n_ids);
  edit = concord_workbook_edit (workbook, label, error);
  if (edit == NULL || (n_ids > 1 && !concord_workbook_begin_bulk (workbook, error)))
    return FALSE;

  stage = fields_get_string (fields, "stage");
  for (guint i = 0; i < n_ids; i++)
    {
      if (fields_match_record (workbook, "accounts", ids[i], fields))
        continue;
      /* Record before the update, while the old stage is still there. */
      if ((stage != NULL && !concord_accounts_record_stage_change (workbook, ids[i], stage, error)) ||
          !concord_workbook_update (workbook, "accounts", ids[i], fields, error))
        return FALSE;
    }

  return concord_edit_commit (edit, error);
}

gboolean
concord_accounts_update (ConcordWorkbook  *workbook,
                         gint64            account_id,
                         ConcordFields    *fields,
                         GError          **error)
{
  return concord_accounts_update_many (workbook, &account_id, 1, fields, error);
}

gboolean
concord_accounts_delete_many (ConcordWorkbook  *workbook,
                              const gint64     *ids,
                              guint             n_ids,
                              GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (n_ids == 0)
    return TRUE;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Account",
                                        "Delete %u Accounts", n_ids), n_ids);
  edit = concord_workbook_edit (workbook, label, error);
  if (edit == NULL || (n_ids > 1 && !concord_workbook_begin_bulk (workbook, error)))
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    if (!concord_workbook_delete (workbook, "accounts", ids[i], error))
      return FALSE;

  return concord_edit_commit (edit, error);
}

/* Buying committee ----------------------------------------------------- */

gint64
concord_accounts_add_contact (ConcordWorkbook  *workbook,
                              gint64            account_id,
                              ConcordFields    *fields,
                              GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  concord_fields_set_id (fields, "account_id", account_id);
  if (!concord_table_validate_fields ("contacts", fields, TRUE, error))
    return 0;

  edit = concord_workbook_edit (workbook, _("Add Contact"), error);
  if (edit == NULL)
    return 0;

  id = concord_workbook_insert (workbook, "contacts", fields, error);
  if (id == 0 || !concord_edit_commit (edit, error))
    return 0;

  return id;
}

gboolean
concord_accounts_update_contact (ConcordWorkbook  *workbook,
                                 gint64            contact_id,
                                 ConcordFields    *fields,
                                 GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (!concord_accounts_validate ("contacts", fields, error))
    return FALSE;

  edit = concord_workbook_edit (workbook, _("Edit Contact"), error);

  return edit != NULL &&
         concord_workbook_update (workbook, "contacts", contact_id, fields, error) &&
         concord_edit_commit (edit, error);
}

gboolean
concord_accounts_delete_contact (ConcordWorkbook  *workbook,
                                 gint64            contact_id,
                                 GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  edit = concord_workbook_edit (workbook, _("Remove Contact"), error);

  return edit != NULL &&
         concord_workbook_delete (workbook, "contacts", contact_id, error) &&
         concord_edit_commit (edit, error);
}

/* Touches -------------------------------------------------------------- */

static gboolean
refresh_last_touch (ConcordWorkbook  *workbook,
                    gint64            account_id,
                    GError          **error)
{
  static const char sql[] =
    "UPDATE accounts SET last_touch_on = (SELECT max (touched_on) FROM touches WHERE account_id = ?1), "
    "       updated_at = " NOW_SQL
    " WHERE id = ?1 AND last_touch_on IS NOT (SELECT max (touched_on) FROM touches WHERE account_id = ?1)";
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  return concord_workbook_step_done (workbook, stmt, error);
}

static gint64
touch_account (ConcordWorkbook *workbook,
               gint64           touch_id)
{
  static const char sql[] = "SELECT account_id FROM touches WHERE id = ?1";
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, sql, NULL);
  gint64 account_id = 0;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, touch_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    account_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return account_id;
}

gint64
concord_accounts_add_touch (ConcordWorkbook  *workbook,
                            gint64            account_id,
                            ConcordFields    *fields,
                            GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  concord_fields_set_id (fields, "account_id", account_id);
  if (!concord_table_validate_fields ("touches", fields, TRUE, error))
    return 0;

  edit = concord_workbook_edit (workbook, _("Log Touch"), error);
  if (edit == NULL)
    return 0;

  id = concord_workbook_insert (workbook, "touches", fields, error);
  if (id == 0 || !refresh_last_touch (workbook, account_id, error) ||
      !concord_edit_commit (edit, error))
    return 0;

  return id;
}

gboolean
concord_accounts_update_touch (ConcordWorkbook  *workbook,
                               gint64            touch_id,
                               ConcordFields    *fields,
                               GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  gint64 account_id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (!concord_accounts_validate ("touches", fields, error))
    return FALSE;

  account_id = touch_account (workbook, touch_id);
  edit = concord_workbook_edit (workbook, _("Edit Touch"), error);

  return edit != NULL &&
         concord_workbook_update (workbook, "touches", touch_id, fields, error) &&
         refresh_last_touch (workbook, account_id, error) &&
         concord_edit_commit (edit, error);
}

gboolean
concord_accounts_delete_touch (ConcordWorkbook  *workbook,
                               gint64            touch_id,
                               GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  gint64 account_id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  account_id = touch_account (workbook, touch_id);
  edit = concord_workbook_edit (workbook, _("Remove Touch"), error);

  return edit != NULL &&
         concord_workbook_delete (workbook, "touches", touch_id, error) &&
         refresh_last_touch (workbook, account_id, error) &&
         concord_edit_commit (edit, error);
}

/* Coverage ------------------------------------------------------------- */

void
concord_coverage_warning_free (ConcordCoverageWarning *w)
{
  if (w == NULL)
    return;

  g_free (w->account_name);
  g_free (w->message);
  g_free (w);
}

/* Paused and lost accounts are not being worked, so gaps there are noise. */
#define COVERAGE_SQL(WHERE) \
  "WITH a AS (SELECT id, name, tier, marketing_owner_id, last_touch_on FROM accounts " \
  "            WHERE stage NOT IN ('paused', 'lost')" WHERE ") " \
  "SELECT * FROM (SELECT id, name, 1 AS kind, tier FROM a WHERE tier = 'strategic' AND NOT EXISTS " \
  "  (SELECT 1 FROM contacts c WHERE c.account_id = a.id AND c.role = 'champion') " \
  "UNION ALL SELECT id, name, 2, tier FROM a WHERE tier = 'strategic' AND NOT EXISTS " \
  "  (SELECT 1 FROM contacts c WHERE c.account_id = a.id AND c.role = 'economic_buyer') " \
  "UNION ALL SELECT id, name, 3, tier FROM a WHERE marketing_owner_id IS NULL " \
  "UNION ALL SELECT id, name, 4, tier FROM a WHERE last_touch_on IS NULL " \
  "UNION ALL SELECT id, name, 5, tier FROM a WHERE last_touch_on < date ('now', 'localtime', '-30 days')) " \
  "ORDER BY CASE tier WHEN 'strategic' THEN 0 WHEN 'few' THEN 1 ELSE 2 END, " \
  "         name COLLATE NOCASE, id, kind"

static GPtrArray *
read_warnings (ConcordWorkbook  *workbook,
               sqlite3_stmt     *stmt,
               GError          **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) concord_coverage_warning_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConcordCoverageWarning *w = g_new0 (ConcordCoverageWarning, 1);

      w->account_id = sqlite3_column_int64 (stmt, 0);
      w->account_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      switch (sqlite3_column_int (stmt, 2))
        {
        case 1:
          w->code = "account/no-champion";
          w->message = g_strdup (_("This 1:1 account has no champion in its buying committee."));
          break;
        case 2:
          w->code = "account/no-economic-buyer";
          w->message = g_strdup (_("This 1:1 account has no economic buyer in its buying committee."));
          break;
        case 3:
          w->code = "account/no-marketing-owner";
          w->message = g_strdup (_("No marketing owner: nobody in marketing is answerable for this account."));
          break;
        case 4:
          w->code = "account/never-touched";
          w->message = g_strdup (_("Nobody has touched this account yet."));
          break;
        default:
          w->code = "account/no-recent-touch";
          w->message = g_strdup (_("No touch in the last 30 days."));
          break;
        }
      g_ptr_array_add (warnings, w);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the coverage warnings");
      return NULL;
    }

  return g_steal_pointer (&warnings);
}

GPtrArray *
concord_accounts_coverage_warnings (ConcordWorkbook  *workbook,
                                    GError          **error)
{
  static const char sql[] = COVERAGE_SQL ("");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  stmt = concord_workbook_prepare (workbook, sql, error);
  if (stmt == NULL)
    return NULL;

  return read_warnings (workbook, stmt, error);
}

gboolean
concord_accounts_check (ConcordWorkbook  *workbook,
                        GPtrArray        *findings,
                        GError          **error)
{
  g_autoptr(GPtrArray) warnings = concord_accounts_coverage_warnings (workbook, error);

  if (warnings == NULL)
    return FALSE;

  for (guint i = 0; i < warnings->len; i++)
    {
      ConcordCoverageWarning *w = g_ptr_array_index (warnings, i);
      g_autofree char *where = g_strdup_printf (_("Account “%s”"), w->account_name);

      g_ptr_array_add (findings, concord_finding_new (w->code, "accounts", w->account_id, where, w->message));
    }

  return TRUE;
}

GPtrArray *
concord_accounts_account_warnings (ConcordWorkbook  *workbook,
                                   gint64            account_id,
                                   GError          **error)
{
  static const char sql[] = COVERAGE_SQL (" AND id = ?1");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  stmt = concord_workbook_prepare (workbook, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, account_id);
  return read_warnings (workbook, stmt, error);
}

/* The list ------------------------------------------------------------- */

char *
concord_accounts_fts_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  /* Only letters and digits reach FTS5, each quoted, so nothing a user
   * types can be read as query syntax. */
  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      gboolean end = *p == '\0' || c == (gunichar) -1 || c == (gunichar) -2;

      if (!end && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          g_string_append_printf (query, "%s\"%s\"*", query->len ? " " : "", word->str);
          g_string_truncate (word, 0);
        }

      if (end)
        break;
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* Each ORDER BY with an index of its own: the tier and stage orders are
 * the expressions of accounts_tier_order and accounts_stage_order in
 * concord-schema-v5.sql, word for word. */
static const char *const sort_sql[CONCORD_ACCOUNT_N_SORTS] = {
  [CONCORD_ACCOUNT_SORT_NAME] = "a.name COLLATE NOCASE",
  [CONCORD_ACCOUNT_SORT_DOMAIN] = "a.domain COLLATE NOCASE",
  [CONCORD_ACCOUNT_SORT_TIER] = "CASE a.tier WHEN 'strategic' THEN 0 WHEN 'few' THEN 1 ELSE 2 END",
  [CONCORD_ACCOUNT_SORT_STAGE] = "CASE a.stage WHEN 'target' THEN 0 WHEN 'engaged' THEN 1 "
                                 "WHEN 'opportunity' THEN 2 WHEN 'customer' THEN 3 "
                                 "WHEN 'paused' THEN 4 ELSE 5 END",
  [CONCORD_ACCOUNT_SORT_FIT] = "a.fit",
  [CONCORD_ACCOUNT_SORT_ENGAGEMENT] = "a.engagement",
  [CONCORD_ACCOUNT_SORT_PIPELINE] = "a.pipeline_value",
  /* The owner sorts: append_owner_sort(). */
  [CONCORD_ACCOUNT_SORT_LAST_TOUCH] = "a.last_touch_on",
};

/* The index each sort's order walks; the owner sorts walk people_name
 * and the owner's index (append_owner_sort()). */
static const char *const sort_index[CONCORD_ACCOUNT_N_SORTS] = {
  [CONCORD_ACCOUNT_SORT_NAME] = "accounts_name",
  [CONCORD_ACCOUNT_SORT_DOMAIN] = "accounts_domain",
  [CONCORD_ACCOUNT_SORT_TIER] = "accounts_tier_order",
  [CONCORD_ACCOUNT_SORT_STAGE] = "accounts_stage_order",
  [CONCORD_ACCOUNT_SORT_FIT] = "accounts_fit",
  [CONCORD_ACCOUNT_SORT_ENGAGEMENT] = "accounts_engagement",
  [CONCORD_ACCOUNT_SORT_PIPELINE] = "accounts_pipeline",
  [CONCORD_ACCOUNT_SORT_LAST_TOUCH] = "accounts_last_touch",
};

static void
bind_filter_params (sqlite3_stmt *stmt,
                    GPtrArray    *params)
{
  for (guint i = 0; i < params->len; i++)
    {
      GVariant *value = g_ptr_array_index (params, i);

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        sqlite3_bind_int64 (stmt, i + 1, g_variant_get_int64 (value));
      else
        sqlite3_bind_text (stmt, i + 1, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
    }
}

/* The last search counted narrow on a workbook, and its count. */
#define NARROW_SEARCH_KEY "concord-accounts-narrow-search"

typedef struct
{
  char   *fts;
  gint64  count;
} NarrowSearch;

static void
narrow_search_free (gpointer data)
{
  NarrowSearch *narrow = data;

  g_free (narrow->fts);
  g_free (narrow);
}

/* Whether every match of @fts matches @narrower: the same words with
 * the last one typed further, or more words after it. Both come from
 * concord_accounts_fts_query(), so @fts ends in a quote and a star. */
static gboolean
search_refines (const char *narrower,
                const char *fts)
{
  gsize stem = strlen (fts) - 2;

  return strncmp (narrower, fts, stem) == 0;
}

/* The number of accounts, estimated from the largest id. */
static gint64
accounts_size (ConcordWorkbook *workbook)
{
  static const char size_sql[] = "SELECT coalesce (max (id), 0) FROM accounts";
  sqlite3_stmt *stmt;
  gint64 size = 0;

  if ((stmt = concord_workbook_prepare (workbook, size_sql, NULL)) == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    size = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return size;
}

/* Whether a filter keeps so many accounts that walking the sort's index
 * and keeping the matches finds a first page sooner than sorting every
 * match. Walking costs about a tenth of sorting per row, and
 * the walk to the first window passes about N / matches rows per match
 * it keeps: it wins from about the square root of 200 N matches (4,500
 * of 100,000; 14,000 of 1,000,000). Counting stops there. The search
 * (@fts) and the other filters (@where over @params) are counted apart,
 * each off its own index; @narrow_search says the search alone keeps
 * few, at most @matches (else at least @matches). */
static gboolean
filter_is_broad (ConcordWorkbook *workbook,
                 const char      *fts,
                 const char      *where,
                 GPtrArray       *params,
                 gboolean        *narrow_search,
                 gint64          *matches)
{
  static const char count_sql[] =
    "SELECT count(*) FROM (SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH ?1 LIMIT ?2)";
  g_autofree char *where_sql = NULL;
  sqlite3_stmt *stmt;
  gint64 size = accounts_size (workbook), broad = 1000, count = 0;

  while (broad * broad < 200 * size)
    broad += broad / 4 + 1;
  /* Matches of a word many names start with lie side by side in the
   * name order, not spread over it: a walk to the first window can pass
   * most of the index. Below a twentieth of the accounts, sorting the
   * matches costs less than that walk. */
  broad = MAX (broad, size / 20);

  if (fts != NULL)
    {
      NarrowSearch *narrow = g_object_get_data (G_OBJECT (workbook), NARROW_SEARCH_KEY);

      /* Typing on in a narrow search keeps it narrow: counting again
       * would read every match once more (a one-letter word after
       * another, "harbor l", merges every indexed word starting with
       * that letter). The count only picks the plan; both plans give
       * the same rows in the same order. */
      if (narrow != NULL && search_refines (fts, narrow->fts) && narrow->count < broad)
        {
          *narrow_search = TRUE;
          *matches = narrow->count;
          return FALSE;
        }

      if ((stmt = concord_workbook_prepare (workbook, count_sql, NULL)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, broad);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (count < broad)
        {
          narrow = g_new0 (NarrowSearch, 1);
          narrow->fts = g_strdup (fts);
          narrow->count = count;
          g_object_set_data_full (G_OBJECT (workbook), NARROW_SEARCH_KEY, narrow, narrow_search_free);
          *narrow_search = TRUE;
          *matches = count;
          return FALSE;
        }
      *matches = count;
    }

  if (*where == '\0')
    return TRUE;

  /* The text varies only with which filters are on. */
  where_sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE 1%s LIMIT ?%u)",
                               where, params->len + 1);
  if ((stmt = concord_workbook_prepare (workbook, where_sql, NULL)) == NULL)
    return FALSE;
  bind_filter_params (stmt, params);
  sqlite3_bind_int64 (stmt, params->len + 1, broad);
  count = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  return count >= broad;
}

/* An owner sort walks people by name (people_name) and each person's
 * accounts by id (the owner's index); accounts without an owner follow in
 * id order, merged by SQLite, as do accounts whose owner is not in the
 * directory (a file written by another program), found among the
 * distinct owners. The third column keeps SQLite from sorting: an owner
 * no one else shares a name with gives their id, so "name, that id,
 * account id" is the walk's own order and each owner's accounts come
 * straight off the index; only the accounts of owners who share a name
 * (NOCASE) are sorted, by id within that name, with NULL there. With
 * @walk, the walk is kept even when a filter would let SQLite read the
 * matches first and sort them (a broad search). */
static void
append_owner_sort (GString    *sql,
                   const char *column,
                   const char *index,
                   const char *where,
                   const char *dir,
                   gboolean    walk)
{
  static const char shared[] =
    "EXISTS (SELECT 1 FROM people q WHERE q.name = p.name COLLATE NOCASE AND q.id <> p.id)";

  for (int with_namesake = 0; with_namesake <= 1; with_namesake++)
    g_string_append_printf (sql,
                            "SELECT a.id, p.name, %s FROM people p %s accounts a%s%s ON a.%s = p.id "
                            "WHERE %s%s%s UNION ALL ",
                            with_namesake ? "NULL" : "p.id",
                            walk ? "CROSS JOIN" : "JOIN", walk ? " INDEXED BY " : "", walk ? index : "",
                            column, with_namesake ? "" : "NOT ", shared, where);
  g_string_append_printf (sql,
                          "SELECT a.id, a.%s, a.%s FROM accounts a%s%s WHERE a.%s IS NULL%s ",
                          column, column, walk ? " INDEXED BY " : "", walk ? index : "", column, where);
  g_string_append_printf (sql,
                          "UNION ALL SELECT a.id, NULL, NULL FROM accounts a INDEXED BY %s WHERE a.%s IN ("
                          "WITH RECURSIVE o (v) AS (SELECT min (%s) FROM accounts UNION ALL "
                          "SELECT (SELECT min (%s) FROM accounts WHERE %s > o.v) FROM o WHERE o.v IS NOT NULL) "
                          "SELECT v FROM o WHERE v IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people WHERE id = v))%s ",
                          index, column, column, column, column, where);
  g_string_append_printf (sql, "ORDER BY 2 COLLATE NOCASE%s NULLS LAST, 3%s, 1%s", dir, dir, dir);
}

/* Whether a word of @fts before @end has one character: FTS5 merges for
 * it anyway, so checking the last one saves nothing. */
static gboolean
has_short_word (const char *fts,
                const char *end)
{
  for (const char *p = fts; p < end; p = strchr (p, ' ') + 1)
    {
      /* '"w"*' */
      const char *word = p + 1;
      const char *close = strchr (word, '"');

      if (g_utf8_strlen (word, close - word) == 1)
        return TRUE;
      if (strchr (p, ' ') == NULL)
        break;
    }

  return FALSE;
}

/* A search of several words whose last has one character: the index
 * keeps the prefixes of two and three characters of its words, so FTS5
 * would merge the entries of every word starting with that one (most of
 * the index at 1,000,000 accounts). Returns the index's token for it,
 * with @others set to the query of the other words; NULL when the index's
 * tokenizer does not read it as one token, or another word is as short. */
static char *
split_short_word (ConcordWorkbook  *workbook,
                  const char       *fts,
                  char            **others)
{
  const char *last = strrchr (fts, ' ');
  g_autofree char *word = NULL;
  char *token;

  /* ' "w"*': the words come from concord_accounts_fts_query(). */
  if (last == NULL || strlen (last) < 5)
    return NULL;
  word = g_strndup (last + 2, strlen (last) - 4);
  if (g_utf8_strlen (word, -1) != 1 || has_short_word (fts, last))
    return NULL;
  if ((token = concord_account_search_prefix_token (workbook, word)) == NULL)
    return NULL;

  *others = g_strndup (fts, last - fts);
  return token;
}

/* Whether checking the matches of the other words (@others, at most or
 * about @matches of them) for a word starting with @token costs less than
 * letting FTS5 merge every indexed word starting with it. Checking costs
 * about 40 times what the merge spends per account it indexes (2.7 us
 * against 0.065 us at 1,000,000 accounts, for a letter most accounts
 * have a word starting with), so it pays when few of the matches would
 * be dropped or the merge is large: a sample of the first matches tells
 * which share keeps the letter. */
static gboolean
short_word_check_pays (ConcordWorkbook *workbook,
                       const char      *others,
                       const char      *token,
                       gint64           matches)
{
  static gsize once = 0;
  static char *sample_sql;
  sqlite3_stmt *stmt;
  gint64 sampled = 0, kept = 0;

  if (g_once_init_enter (&once))
    {
      g_autofree char *check = concord_account_search_word_check ("?2");

      sample_sql = g_strdup_printf ("SELECT count(*), coalesce (sum (kept), 0) FROM (SELECT %s AS kept "
                                    "FROM accounts_fts f CROSS JOIN accounts a ON a.id = f.rowid "
                                    "WHERE f.accounts_fts MATCH ?1 LIMIT 200)", check);
      g_once_init_leave (&once, 1);
    }

  if ((stmt = concord_workbook_prepare (workbook, sample_sql, NULL)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, others, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, token, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sampled = sqlite3_column_int64 (stmt, 0);
      kept = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  /* Dropped matches cost a check each; the merge grows with the share
   * of all accounts that have such a word (the kept share of the sample
   * stands for it). */
  return sampled > 0 && (sampled - kept) * MIN (matches, G_MAXINT64 / 1024) * 40 < kept * accounts_size (workbook);
}

/* The SQL text varies only with which filters are on and the sort, so
 * the workbook's statement cache holds a bounded set of statements.
 * Every sort's first page is an index walk (schema 5), so the list shows
 * it before SQLite has read the other ids. With @workbook, a filter that
 * keeps many accounts walks the sort's index too. */
static char *
build_filter_sql (const ConcordAccountFilter *filter,
                  GPtrArray                  *params,
                  ConcordWorkbook            *workbook)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *fts = NULL;
  g_autofree char *others = NULL;
  g_autofree char *short_token = NULL;
  ConcordAccountSort sort = CONCORD_ACCOUNT_SORT_NAME;
  const char *dir = "";
  const char *from = "accounts a";
  const char *counted;
  gboolean walk = FALSE, narrow_search = FALSE;
  gint64 matches = G_MAXINT64;

  if (filter != NULL)
    {
      fts = concord_accounts_fts_query (filter->search);
      if (filter->tier != NULL && *filter->tier != '\0')
        {
          g_ptr_array_add (params, g_variant_new_string (filter->tier));
          g_string_append_printf (where, " AND a.tier = ?%u", params->len);
        }
      if (filter->stage != NULL && *filter->stage != '\0')
        {
          g_ptr_array_add (params, g_variant_new_string (filter->stage));
          g_string_append_printf (where, " AND a.stage = ?%u", params->len);
        }
      if (filter->owner_id > 0)
        {
          g_ptr_array_add (params, g_variant_new_int64 (filter->owner_id));
          g_string_append_printf (where, " AND (a.sales_owner_id = ?%u OR a.marketing_owner_id = ?%u)",
                                  params->len, params->len);
        }
      if (fts != NULL && g_utf8_strlen (fts, -1) == 4)
        {
          /* One letter typed ("s"*): most accounts have a word starting
           * with it, and reading and sorting them all would stall the
           * first keystroke. Names starting with it come straight off the
           * name index; full-text search takes over from the second. */
          g_autofree char *prefix = g_strdup_printf ("%.*s%%", (int) (g_utf8_next_char (fts + 1) - (fts + 1)), fts + 1);

          g_ptr_array_add (params, g_variant_new_string (prefix));
          g_string_append_printf (where, " AND a.name LIKE ?%u", params->len);
        }
      else if (workbook != NULL && fts != NULL)
        short_token = split_short_word (workbook, fts, &others);

      /* A filter that keeps many accounts walks the sort's index too.
       * With a short last word, what the other words keep is counted. */
      counted = short_token != NULL ? others : fts != NULL && g_utf8_strlen (fts, -1) > 4 ? fts : NULL;
      walk = workbook != NULL && (where->len > 0 || counted != NULL) &&
             filter_is_broad (workbook, counted, where->str, params, &narrow_search, &matches);
      if (short_token != NULL && !short_word_check_pays (workbook, others, short_token, matches))
        g_clear_pointer (&short_token, g_free);
      if ((guint) filter->sort < CONCORD_ACCOUNT_N_SORTS)
        sort = filter->sort;

      if (short_token != NULL)
        {
          g_autofree char *token_param = NULL;
          g_autofree char *check = NULL;

          g_ptr_array_add (params, g_variant_new_string (others));
          g_ptr_array_add (params, g_variant_new_string (short_token));
          token_param = g_strdup_printf ("?%u", params->len);
          check = concord_account_search_word_check (token_param);
          if (narrow_search && sort != CONCORD_ACCOUNT_SORT_SALES_OWNER &&
              sort != CONCORD_ACCOUNT_SORT_MARKETING_OWNER)
            {
              /* The other words' few matches, off the index in rowid
               * order, each checked for a word starting with the short
               * one. */
              g_string_append_printf (where, " AND f.accounts_fts MATCH ?%u AND %s", params->len - 1, check);
              from = "accounts_fts f CROSS JOIN accounts a ON a.id = f.rowid";
            }
          else
            {
              /* The other words' matches are the set to look in; only
               * the accounts in it are checked, one by one as reached. */
              g_string_append_printf (where, " AND %sa.id IN (SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH ?%u) AND %s",
                                      walk ? "+" : "", params->len - 1, check);
            }
        }
      else if (narrow_search && sort != CONCORD_ACCOUNT_SORT_SALES_OWNER &&
               sort != CONCORD_ACCOUNT_SORT_MARKETING_OWNER)
        {
          /* Few matches, to be sorted: read them off the index in rowid
           * order, each account once, rather than gathered into a set
           * first and looked up from there. */
          g_ptr_array_add (params, g_variant_new_string (fts));
          g_string_append_printf (where, " AND f.accounts_fts MATCH ?%u", params->len);
          from = "accounts_fts f CROSS JOIN accounts a ON a.id = f.rowid";
        }
      else if (fts != NULL && g_utf8_strlen (fts, -1) > 4)
        {
          /* Walking, the matches are a set to look in ("+": never a
           * list of rows to read one by one in each owner's accounts). */
          g_ptr_array_add (params, g_variant_new_string (fts));
          g_string_append_printf (where, " AND %sa.id IN (SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH ?%u)",
                                  walk ? "+" : "", params->len);
        }
      if (filter->descending)
        dir = " DESC";
    }

  if (sort == CONCORD_ACCOUNT_SORT_SALES_OWNER)
    append_owner_sort (sql, "sales_owner_id", "accounts_sales_owner", where->str, dir, walk);
  else if (sort == CONCORD_ACCOUNT_SORT_MARKETING_OWNER)
    append_owner_sort (sql, "marketing_owner_id", "accounts_marketing_owner", where->str, dir, walk);
  else
    g_string_append_printf (sql, "SELECT a.id FROM %s%s%s WHERE 1%s ORDER BY %s%s%s, a.id%s",
                            from, walk ? " INDEXED BY " : "", walk ? sort_index[sort] : "", where->str,
                            sort_sql[sort], dir, sort == CONCORD_ACCOUNT_SORT_NAME ? "" : " NULLS LAST", dir);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

ConcordQueryModel *
concord_accounts_model_new (ConcordWorkbook *workbook)
{
  ConcordQueryModel *model;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = concord_query_model_new (workbook, "accounts");
  /* Search covers contacts; the owner columns sort by people's names. */
  concord_query_model_watch (model, "contacts");
  concord_query_model_watch (model, "people");
  concord_accounts_apply_filter (model, NULL, NULL);

  return model;
}

static ConcordQueryModel *
account_child_model_new (ConcordWorkbook *workbook,
                         const char      *table,
                         const char      *sql,
                         const char      *also_watch,
                         gint64           account_id)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  ConcordQueryModel *model = concord_query_model_new (workbook, table);

  if (also_watch != NULL)
    concord_query_model_watch (model, also_watch);
  g_ptr_array_add (params, g_variant_new_int64 (account_id));
  concord_query_model_set_query (model, sql, params, NULL);

  return model;
}

ConcordQueryModel *
concord_accounts_contacts_model_new (ConcordWorkbook *workbook,
                                     gint64           account_id)
{
  static const char sql[] =
    "SELECT id FROM contacts WHERE account_id = ?1 ORDER BY is_primary DESC, name COLLATE NOCASE, id";

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  return account_child_model_new (workbook, "contacts", sql, NULL, account_id);
}

ConcordQueryModel *
concord_accounts_touches_model_new (ConcordWorkbook *workbook,
                                    gint64           account_id)
{
  static const char sql[] =
    "SELECT id FROM touches WHERE account_id = ?1 ORDER BY touched_on DESC, id DESC";

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  return account_child_model_new (workbook, "touches", sql, NULL, account_id);
}

ConcordQueryModel *
concord_accounts_plans_model_new (ConcordWorkbook *workbook,
                                  gint64           account_id)
{
  static const char sql[] =
    "SELECT p.id FROM plans p JOIN plan_accounts pa ON pa.plan_id = p.id "
    " WHERE pa.account_id = ?1 ORDER BY p.title COLLATE NOCASE, p.id";

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  return account_child_model_new (workbook, "plans", sql, "plan_accounts", account_id);
}

gboolean
concord_accounts_apply_filter (ConcordQueryModel           *model,
                               const ConcordAccountFilter  *filter,
                               GError                     **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (model), FALSE);

  sql = build_filter_sql (filter, params, concord_query_model_get_workbook (model));
  return concord_query_model_set_query (model, sql, params, error);
}

GArray *
concord_accounts_filter_ids (ConcordWorkbook             *workbook,
                             const ConcordAccountFilter  *filter,
                             GError                     **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  sql = build_filter_sql (filter, params, NULL);
  stmt = concord_workbook_prepare (workbook, sql, error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < params->len; i++)
    g_variant_ref_sink (g_ptr_array_index (params, i));
  bind_filter_params (stmt, params);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the accounts");
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* Export --------------------------------------------------------------- */

/* The accounts columns with a CSV header, in their order there, and the
 * statement that reads them: a reference as the name of its record. */
typedef struct
{
  const ConcordColumn *columns[32];
  guint                n_columns;
  char                *sql;
} CsvExport;

static const CsvExport *
csv_export (void)
{
  static gsize once = 0;
  static CsvExport export;

  if (g_once_init_enter (&once))
    {
      const ConcordTable *table = concord_table_lookup ("accounts");
      g_autoptr(GString) sql = g_string_new ("SELECT ");

      for (guint i = 0; i < table->n_columns; i++)
        {
          const ConcordColumn *column = &table->columns[i];

          if (column->csv_position == 0)
            continue;
          g_assert (column->csv_position <= G_N_ELEMENTS (export.columns));
          export.columns[column->csv_position - 1] = column;
          export.n_columns = MAX (export.n_columns, column->csv_position);
        }

      for (guint i = 0; i < export.n_columns; i++)
        {
          const ConcordColumn *column = export.columns[i];

          g_assert (column != NULL);
          if (column->kind == CONCORD_COLUMN_REFERENCE)
            g_string_append_printf (sql, "%s(SELECT name FROM %s WHERE id = a.%s)",
                                    i ? ", " : "", column->parent, column->name);
          else
            g_string_append_printf (sql, "%sa.%s", i ? ", " : "", column->name);
        }
      g_string_append (sql, " FROM accounts a WHERE a.id = ?1");
      export.sql = g_string_free (g_steal_pointer (&sql), FALSE);

      g_once_init_leave (&once, 1);
    }

  return &export;
}

GBytes *
concord_accounts_export_csv (ConcordWorkbook             *workbook,
                             const ConcordAccountFilter  *filter,
                             GError                     **error)
{
  const CsvExport *export = csv_export ();
  const char *header[G_N_ELEMENTS (export->columns)];
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) out = NULL;
  guint n = export->n_columns;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  ids = concord_accounts_filter_ids (workbook, filter, error);
  if (ids == NULL)
    return NULL;

  stmt = concord_workbook_prepare (workbook, export->sql, error);
  if (stmt == NULL)
    return NULL;

  for (guint c = 0; c < n; c++)
    header[c] = export->columns[c]->csv_header;

  out = g_string_new ("\xEF\xBB\xBF"); /* so Excel reads UTF-8 */
  concord_csv_append_row (out, header, n, TRUE);

  for (guint i = 0; i < ids->len; i++)
    {
      char *cells[G_N_ELEMENTS (export->columns)] = { NULL };

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;

      for (guint c = 0; c < n; c++)
        {
          if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
            cells[c] = g_strdup ("");
          else if (export->columns[c]->kind == CONCORD_COLUMN_MONEY)
            {
              gint64 cents = sqlite3_column_int64 (stmt, c);
              cells[c] = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
            }
          else
            cells[c] = g_strdup ((const char *) sqlite3_column_text (stmt, c));
        }

      concord_csv_append_row (out, (const char *const *) cells, n, TRUE);
      for (guint c = 0; c < n; c++)
        g_free (cells[c]);
    }
  sqlite3_reset (stmt);

  return g_string_free_to_bytes (g_steal_pointer (&out));
}
