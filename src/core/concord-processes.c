/* concord-processes.c
 *
 * The rules of the Processes area on top of the store: ordered stages,
 * where ownership changes hands, the glossary and the rules of
 * engagement, and the findings `concord-cli check` reports for them.
 */
#define G_LOG_DOMAIN "concord-processes"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "concord-check.h"
#include "concord-processes.h"
#include "concord-reorder.h"
#include "concord-tables.h"
#include "concord-workbook-private.h"

static const char processes_ids_sql[] =
  "SELECT id FROM processes ORDER BY position, id";
static const char stages_ids_sql[] =
  "SELECT id FROM process_stages WHERE process_id = ?1 ORDER BY position, id";
static const char glossary_ids_sql[] =
  "SELECT id FROM glossary_terms"
  " WHERE ?1 IS NULL OR term LIKE ?1 ESCAPE '\\' OR definition LIKE ?1 ESCAPE '\\'"
  " ORDER BY term COLLATE NOCASE, id";
static const char rules_ids_sql[] =
  "SELECT id FROM engagement_rules"
  " WHERE ?1 IS NULL OR rule LIKE ?1 ESCAPE '\\' OR covers LIKE ?1 ESCAPE '\\'"
  " ORDER BY position, id";

static const char stage_summary_sql[] =
  "SELECT s.id, s.name, s.owner_team_id, t.name, t.kind, s.handoff,"
  "       s.sla_hours, s.sla_attempts, s.conversion_target"
  "  FROM process_stages s LEFT JOIN teams t ON t.id = s.owner_team_id"
  " WHERE s.process_id = ?1 ORDER BY s.position, s.id";
static const char stage_process_sql[] =
  "SELECT process_id FROM process_stages WHERE id = ?1";
static const char stage_findings_sql[] =
  "SELECT s.id, p.name, s.name, s.owner_team_id IS NULL,"
  "       s.sla_hours IS NULL AND s.sla_attempts IS NULL"
  "  FROM process_stages s JOIN processes p ON p.id = s.process_id"
  " ORDER BY p.position, p.id, s.position, s.id";
static const char glossary_terms_sql[] =
  "SELECT id, term FROM glossary_terms ORDER BY id";

static const char glossary_definition_sql[] =
  "SELECT definition, agreed FROM glossary_terms WHERE id = ?1";

static const char glossary_findings_sql[] =
  "SELECT id, term FROM glossary_terms WHERE agreed = 0 ORDER BY term COLLATE NOCASE, id";

void
concord_stage_summary_free (ConcordStageSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->name);
  g_free (summary->owner_team);
  g_free (summary->owner_kind);
  g_free (summary);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gint64
column_or (sqlite3_stmt *stmt,
           int           column,
           gint64        fallback)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL
         ? fallback : sqlite3_column_int64 (stmt, column);
}

/**
 * concord_processes_load_stages:
 *
 * The stages of a process in order, with hand-offs worked out: a stage is
 * a hand-off when the user flagged it, or when its owning team differs
 * from the previous stage's (ownership moved even if nobody said so).
 *
 * Returns: (element-type ConcordStageSummary): the stages
 */
GPtrArray *
concord_processes_load_stages (ConcordWorkbook  *workbook,
                               gint64            process_id,
                               GError          **error)
{
  g_autoptr(GPtrArray) stages = NULL;
  sqlite3_stmt *stmt;
  gint64 previous_team = 0;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  stmt = concord_workbook_prepare (workbook, stage_summary_sql, error);
  if (stmt == NULL)
    return NULL;

  stages = g_ptr_array_new_with_free_func ((GDestroyNotify) concord_stage_summary_free);
  sqlite3_bind_int64 (stmt, 1, process_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConcordStageSummary *stage = g_new0 (ConcordStageSummary, 1);

      stage->id = sqlite3_column_int64 (stmt, 0);
      stage->name = dup_column (stmt, 1);
      stage->owner_team_id = column_or (stmt, 2, 0);
      stage->owner_team = dup_column (stmt, 3);
      stage->owner_kind = dup_column (stmt, 4);
      stage->handoff_flag = sqlite3_column_int (stmt, 5) != 0;
      stage->sla_hours = column_or (stmt, 6, -1);
      stage->sla_attempts = column_or (stmt, 7, -1);
      stage->conversion = sqlite3_column_type (stmt, 8) == SQLITE_NULL
                          ? -1 : sqlite3_column_double (stmt, 8);
      stage->handoff = stage->handoff_flag ||
                       (stages->len > 0 && previous_team != 0 &&
                        stage->owner_team_id != 0 &&
                        stage->owner_team_id != previous_team);
      if (stage->owner_team_id != 0)
        previous_team = stage->owner_team_id;
      g_ptr_array_add (stages, stage);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the stages");
      return NULL;
    }

  return g_steal_pointer (&stages);
}

static ConcordQueryModel *
model_new (ConcordWorkbook *workbook,
           const char      *table,
           const char      *sql,
           GVariant        *param)
{
  g_autoptr(ConcordQueryModel) model = concord_query_model_new (workbook, table);
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (param != NULL)
    g_ptr_array_add (params, param);
  if (!concord_query_model_set_query (model, sql, params, &error))
    g_warning ("Could not list %s: %s", table, error->message);

  return g_steal_pointer (&model);
}

ConcordQueryModel *
concord_processes_model_new (ConcordWorkbook *workbook)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  return model_new (workbook, "processes", processes_ids_sql, NULL);
}

ConcordQueryModel *
concord_process_stages_model_new (ConcordWorkbook *workbook,
                                  gint64           process_id)
{
  ConcordQueryModel *model;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = model_new (workbook, "process_stages", stages_ids_sql,
                     g_variant_new_int64 (process_id));
  /* The rows show owning teams by name. */
  concord_query_model_watch (model, "teams");

  return model;
}

/* A LIKE pattern that matches @search anywhere, or a NULL value that
 * matches everything. */
static GVariant *
like_param (const char *search)
{
  g_autoptr(GString) pattern = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (search ? search : ""));

  if (*stripped == '\0')
    return g_variant_new_maybe (G_VARIANT_TYPE_STRING, NULL);

  pattern = g_string_new ("%");
  for (const char *p = stripped; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_variant_new_string (pattern->str);
}

static gboolean
model_search (ConcordQueryModel  *model,
              const char         *sql,
              const char         *search,
              GError            **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();

  g_ptr_array_add (params, like_param (search));

  return concord_query_model_set_query (model, sql, params, error);
}

ConcordQueryModel *
concord_glossary_model_new (ConcordWorkbook *workbook,
                            const char      *search)
{
  ConcordQueryModel *model;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = model_new (workbook, "glossary_terms", glossary_ids_sql, like_param (search));
  concord_query_model_watch (model, "teams");

  return model;
}

ConcordQueryModel *
concord_engagement_rules_model_new (ConcordWorkbook *workbook,
                                    const char      *search)
{
  ConcordQueryModel *model;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = model_new (workbook, "engagement_rules", rules_ids_sql, like_param (search));
  concord_query_model_watch (model, "teams");

  return model;
}

gboolean
concord_glossary_model_search (ConcordQueryModel  *model,
                               const char         *search,
                               GError            **error)
{
  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (model), FALSE);

  return model_search (model, glossary_ids_sql, search, error);
}

gboolean
concord_engagement_rules_model_search (ConcordQueryModel  *model,
                                       const char         *search,
                                       GError            **error)
{
  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (model), FALSE);

  return model_search (model, rules_ids_sql, search, error);
}

/* Validation ---------------------------------------------------------------- */

static gboolean
validate_name (const char  *table,
               const char  *column,
               const char  *value,
               GError     **error)
{
  g_autofree char *checked = concord_table_check_text (table, column, value, error);

  return checked != NULL;
}

/**
 * concord_processes_validate_stage:
 *
 * Checks the values an editor is about to save for a stage, naming the
 * field at fault, before the schema's CHECKs ever see them.
 */
gboolean
concord_processes_validate_stage (ConcordFields  *fields,
                                  GError        **error)
{
  g_return_val_if_fail (fields != NULL, FALSE);

  return concord_table_validate_fields ("process_stages", fields, FALSE, error);
}

/* Edits --------------------------------------------------------------------- */

gint64
concord_processes_add (ConcordWorkbook  *workbook,
                       const char       *name,
                       GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *stripped = NULL;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  if (!validate_name ("processes", "name", name, error))
    return 0;

  stripped = g_strstrip (g_strdup (name));
  concord_fields_set_string (fields, "name", stripped);
  concord_fields_set_int (fields, "position",
                          concord_reorder_next_position (workbook, "processes", NULL, 0));

  id = concord_workbook_insert_as (workbook, _("Add Process"), "processes", fields, error);
  if (id == 0)
    return 0;

  return id;
}

gboolean
concord_processes_rename (ConcordWorkbook  *workbook,
                          gint64            process_id,
                          const char       *name,
                          GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (!validate_name ("processes", "name", name, error))
    return FALSE;

  stripped = g_strstrip (g_strdup (name));
  concord_fields_set_string (fields, "name", stripped);

  return concord_workbook_update_as (workbook, _("Rename Process"), "processes", process_id, fields, error);
}

gboolean
concord_processes_set_description (ConcordWorkbook  *workbook,
                                   gint64            process_id,
                                   const char       *description,
                                   GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *stripped = g_strstrip (g_strdup (description ? description : ""));

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (g_utf8_strlen (stripped, -1) > 2000)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("The description is longer than 2000 characters; shorten it."));
      return FALSE;
    }

  if (*stripped == '\0')
    concord_fields_set_null (fields, "description");
  else
    concord_fields_set_string (fields, "description", stripped);

  return concord_workbook_update_as (workbook, _("Edit Process Description"), "processes", process_id,
                                     fields, error);
}

gboolean
concord_processes_delete (ConcordWorkbook  *workbook,
                          gint64            process_id,
                          GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_workbook_delete_as (workbook, _("Delete Process"), "processes", process_id, error);
}

gint64
concord_processes_add_stage (ConcordWorkbook  *workbook,
                             gint64            process_id,
                             const char       *name,
                             GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *stripped = NULL;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  if (!validate_name ("process_stages", "name", name, error))
    return 0;

  stripped = g_strstrip (g_strdup (name));
  concord_fields_set_id (fields, "process_id", process_id);
  concord_fields_set_string (fields, "name", stripped);
  concord_fields_set_int (fields, "position",
                          concord_reorder_next_position (workbook, "process_stages",
                                                         "process_id", process_id));

  id = concord_workbook_insert_as (workbook, _("Add Stage"), "process_stages", fields, error);
  if (id == 0)
    return 0;

  return id;
}

gboolean
concord_processes_update_stage (ConcordWorkbook  *workbook,
                                gint64            stage_id,
                                ConcordFields    *fields,
                                GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!concord_processes_validate_stage (fields, error))
    return FALSE;

  return concord_workbook_update_as (workbook, _("Edit Stage"), "process_stages", stage_id, fields, error);
}

gboolean
concord_processes_delete_stage (ConcordWorkbook  *workbook,
                                gint64            stage_id,
                                GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_workbook_delete_as (workbook, _("Delete Stage"), "process_stages", stage_id, error);
}

static gint64
stage_process (ConcordWorkbook *workbook,
               gint64           stage_id)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, stage_process_sql, NULL);
  gint64 process_id = 0;

  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, stage_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    process_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return process_id;
}

gboolean
concord_processes_move_stage (ConcordWorkbook  *workbook,
                              gint64            stage_id,
                              guint             new_index,
                              GError          **error)
{
  gint64 process_id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  process_id = stage_process (workbook, stage_id);
  if (process_id == 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   _("That stage is no longer in the workbook; nothing was moved."));
      return FALSE;
    }

  return concord_reorder_move (workbook, "process_stages", "process_id", process_id,
                               stage_id, new_index, _("Move Stage"), error);
}

/* Terms are the same word when they differ only in case or in the spaces
 * around them ("mql" and "MQL "): a glossary holds each word once. */
static char *
term_key (const char *term)
{
  g_autofree char *stripped = g_strstrip (g_strdup (term ? term : ""));
  g_autofree char *normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal ? normal : stripped, -1);
}

/* The id of another term that is the same word as @term, or 0. */
static gint64
same_term (ConcordWorkbook *workbook,
           const char      *term,
           gint64           except_id,
           char           **existing)
{
  g_autofree char *key = term_key (term);
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, glossary_terms_sql, NULL);
  gint64 found = 0;

  if (stmt == NULL)
    return 0;

  while (found == 0 && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *other = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *other_key = term_key (other);

      if (id != except_id && g_str_equal (key, other_key))
        {
          found = id;
          if (existing != NULL)
            *existing = g_strdup (other);
        }
    }
  sqlite3_reset (stmt);

  return found;
}

static gboolean
refuse_same_term (ConcordWorkbook  *workbook,
                  const char       *term,
                  gint64            except_id,
                  GError          **error)
{
  g_autofree char *existing = NULL;

  if (same_term (workbook, term, except_id, &existing) == 0)
    return TRUE;

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
               _("The glossary already defines “%s”; edit that term instead of adding it twice."),
               existing);
  return FALSE;
}

gint64
concord_glossary_add (ConcordWorkbook  *workbook,
                      const char       *term,
                      GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *stripped = NULL;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  if (!validate_name ("glossary_terms", "term", term, error) ||
      !refuse_same_term (workbook, term, 0, error))
    return 0;

  stripped = g_strstrip (g_strdup (term));
  concord_fields_set_string (fields, "term", stripped);
  id = concord_workbook_insert_as (workbook, _("Add Glossary Term"), "glossary_terms", fields, error);
  if (id == 0)
    return 0;

  return id;
}

gboolean
concord_glossary_update (ConcordWorkbook  *workbook,
                         gint64            term_id,
                         ConcordFields    *fields,
                         GError          **error)
{
  g_autoptr(ConcordFields) changed = NULL;
  GVariant *value;
  GVariant *definition;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  value = concord_fields_lookup (fields, "term");
  if (value != NULL)
    {
      const char *term = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
                         ? g_variant_get_string (value, NULL) : NULL;

      if (!validate_name ("glossary_terms", "term", term, error) ||
          !refuse_same_term (workbook, term, term_id, error))
        return FALSE;
    }

  /* Both teams agreed on the words that were there. Rewording them asks
   * for their agreement again, unless this same edit records it. */
  definition = concord_fields_lookup (fields, "definition");
  if (definition != NULL && concord_fields_lookup (fields, "agreed") == NULL)
    {
      sqlite3_stmt *stmt = concord_workbook_prepare (workbook, glossary_definition_sql, error);
      g_autofree char *before = NULL;
      gboolean agreed = FALSE;
      const char *after = g_variant_is_of_type (definition, G_VARIANT_TYPE_STRING)
                          ? g_variant_get_string (definition, NULL) : NULL;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, term_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          before = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          agreed = sqlite3_column_int (stmt, 1) != 0;
        }
      sqlite3_reset (stmt);

      if (agreed && g_strcmp0 (before ? before : "", after ? after : "") != 0)
        {
          changed = concord_fields_copy (fields);
          concord_fields_set_int (changed, "agreed", 0);
          concord_fields_set_null (changed, "agreed_on");
          fields = changed;
        }
    }

  return concord_workbook_update_as (workbook, _("Edit Glossary Term"), "glossary_terms", term_id, fields, error);
}

gint64
concord_engagement_rules_add (ConcordWorkbook  *workbook,
                              const char       *rule,
                              GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *stripped = NULL;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  if (!validate_name ("engagement_rules", "rule", rule, error))
    return 0;

  stripped = g_strstrip (g_strdup (rule));
  concord_fields_set_string (fields, "rule", stripped);
  concord_fields_set_int (fields, "position",
                          concord_reorder_next_position (workbook, "engagement_rules", NULL, 0));
  id = concord_workbook_insert_as (workbook, _("Add Rule of Engagement"), "engagement_rules", fields, error);
  if (id == 0)
    return 0;

  return id;
}

gboolean
concord_engagement_rules_update (ConcordWorkbook  *workbook,
                                 gint64            rule_id,
                                 ConcordFields    *fields,
                                 GError          **error)
{
  GVariant *value;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  value = concord_fields_lookup (fields, "rule");
  if (value != NULL &&
      !validate_name ("engagement_rules", "rule", g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
                      ? g_variant_get_string (value, NULL) : NULL, error))
    return FALSE;

  return concord_workbook_update_as (workbook, _("Edit Rule of Engagement"), "engagement_rules", rule_id, fields, error);
}

gboolean
concord_glossary_delete (ConcordWorkbook  *workbook,
                         gint64            term_id,
                         GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_workbook_delete_as (workbook, _("Delete Glossary Term"), "glossary_terms", term_id, error);
}

gboolean
concord_engagement_rules_delete (ConcordWorkbook  *workbook,
                                 gint64            rule_id,
                                 GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_workbook_delete_as (workbook, _("Delete Rule of Engagement"), "engagement_rules", rule_id, error);
}

static const char rule_order_sql[] =
  "SELECT id FROM engagement_rules ORDER BY position, id";

gboolean
concord_engagement_rules_move (ConcordWorkbook  *workbook,
                               gint64            rule_id,
                               int               delta,
                               GError          **error)
{
  sqlite3_stmt *stmt;
  int index = -1, n = 0;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  stmt = concord_workbook_prepare (workbook, rule_order_sql, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (sqlite3_column_int64 (stmt, 0) == rule_id)
        index = n;
      n++;
    }
  sqlite3_reset (stmt);

  if (index < 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   _("That rule is no longer in the workbook; nothing was moved."));
      return FALSE;
    }

  /* Already first or last: nothing to do, and no empty undo step. */
  if (CLAMP (index + delta, 0, n - 1) == index)
    return TRUE;

  return concord_reorder_move (workbook, "engagement_rules", NULL, 0, rule_id,
                               (guint) CLAMP (index + delta, 0, n - 1), _("Move Rule"), error);
}

/* Findings ------------------------------------------------------------------ */

gboolean
concord_processes_check (ConcordWorkbook  *workbook,
                         GPtrArray        *findings,
                         GError          **error)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, stage_findings_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *where =
        g_strdup_printf (_("Process “%s”, stage “%s”"),
                         (const char *) sqlite3_column_text (stmt, 1),
                         (const char *) sqlite3_column_text (stmt, 2));

      if (sqlite3_column_int (stmt, 3))
        g_ptr_array_add (findings,
                         concord_finding_new ("stage/no-owner", "process_stages", id, where,
                                              _("no team owns this stage; choose an owning team.")));
      if (sqlite3_column_int (stmt, 4))
        g_ptr_array_add (findings,
                         concord_finding_new ("stage/no-sla", "process_stages", id, where,
                                              _("no SLA is agreed; set a response time or a number of attempts.")));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the stages");
      return FALSE;
    }

  return TRUE;
}

char *
concord_processes_stage_problems (ConcordWorkbook *workbook,
                                  gint64           stage_id)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) concord_finding_free);
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  if (!concord_processes_check (workbook, findings, NULL))
    return NULL;

  for (guint i = 0; i < findings->len; i++)
    {
      ConcordFinding *finding = g_ptr_array_index (findings, i);

      if (finding->id == stage_id)
        g_string_append_printf (text, "%s%s", text->len ? "\n" : "", finding->message);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

gboolean
concord_glossary_check (ConcordWorkbook  *workbook,
                        GPtrArray        *findings,
                        GError          **error)
{
  sqlite3_stmt *stmt = concord_workbook_prepare (workbook, glossary_findings_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *where =
        g_strdup_printf (_("Glossary term “%s”"), (const char *) sqlite3_column_text (stmt, 1));

      g_ptr_array_add (findings,
                       concord_finding_new ("glossary/not-agreed", "glossary_terms",
                                            sqlite3_column_int64 (stmt, 0), where,
                                            _("not yet agreed by both teams.")));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the glossary");
      return FALSE;
    }

  /* The same word twice (an import or a merge can bring one in). */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

    stmt = concord_workbook_prepare (workbook, glossary_terms_sql, error);
    if (stmt == NULL)
      return FALSE;

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *term = (const char *) sqlite3_column_text (stmt, 1);
        char *key = term_key (term);
        const char *first = g_hash_table_lookup (seen, key);

        if (first != NULL)
          {
            g_autofree char *where = g_strdup_printf (_("Glossary term “%s”"), term);
            g_autofree char *message =
              g_strdup_printf (_("the same word as “%s”; merge the two definitions into one term."), first);

            g_ptr_array_add (findings,
                             concord_finding_new ("glossary/duplicate", "glossary_terms",
                                                  sqlite3_column_int64 (stmt, 0), where, message));
            g_free (key);
          }
        else
          g_hash_table_insert (seen, key, g_strdup (term));
      }
    sqlite3_reset (stmt);

    if (rc != SQLITE_DONE)
      {
        concord_workbook_set_error (workbook, rc, error, "Could not read the glossary");
        return FALSE;
      }
  }

  return TRUE;
}
