/* concord-check.c
 *
 * The findings engine behind `concord-cli check`: every area that has
 * rules contributes a source, and the engine runs them in order in one
 * read transaction, so the report describes one moment of the file.
 */
#define G_LOG_DOMAIN "concord-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "concord-check.h"
#include "concord-info.h"
#include "concord-accounts.h"
#include "concord-plans.h"
#include "concord-processes.h"
#include "concord-role-maps.h"
#include "concord-workbook-private.h"

ConcordFinding *
concord_finding_new (const char *code,
                     const char *table,
                     gint64      id,
                     const char *where,
                     const char *message)
{
  ConcordFinding *finding = g_new0 (ConcordFinding, 1);

  finding->code = g_strdup (code);
  finding->table = g_strdup (table);
  finding->id = id;
  finding->where = g_strdup (where);
  finding->message = g_strdup (message);

  return finding;
}

void
concord_finding_free (ConcordFinding *finding)
{
  if (finding == NULL)
    return;

  g_free (finding->code);
  g_free (finding->table);
  g_free (finding->uuid);
  g_free (finding->where);
  g_free (finding->message);
  g_free (finding);
}

char *
concord_finding_to_string (const ConcordFinding *finding)
{
  g_return_val_if_fail (finding != NULL, NULL);

  /* Translators: where a finding is and what it says, "Account “Kestrel
   * Paper Mills”: Nobody has touched this account yet." */
  return g_strdup_printf (_("%s: %s"), finding->where, finding->message);
}

/* Scripts key on uuids, which survive exchange and merge; row ids do not. */
static void
fill_uuid (ConcordWorkbook *workbook,
           ConcordFinding  *finding)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (finding->uuid != NULL || !concord_workbook_has_column (workbook, finding->table, "uuid"))
    return;

  sql = g_strdup_printf ("SELECT uuid FROM %s WHERE id = ?1", finding->table);
  stmt = concord_workbook_prepare (workbook, sql, NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, finding->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    finding->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
}

GPtrArray *
concord_check_workbook (ConcordWorkbook  *workbook,
                        GError          **error)
{
  g_autoptr(GPtrArray) findings = NULL;
  const ConcordArea *areas;
  guint n_areas;
  gboolean own_read;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  findings = g_ptr_array_new_with_free_func ((GDestroyNotify) concord_finding_free);

  /* Reads that belong together share one transaction. */
  own_read = !concord_workbook_in_edit (workbook) &&
             sqlite3_get_autocommit (concord_workbook_get_db (workbook));
  if (own_read && !concord_workbook_exec (workbook, "BEGIN DEFERRED", error))
    return NULL;

  /* Area by area, each area's rules in order, as the report lists them. */
  areas = concord_areas (&n_areas);
  for (guint i = 0; i < n_areas; i++)
    for (guint c = 0; areas[i].checks != NULL && areas[i].checks[c] != NULL; c++)
      {
        if (!areas[i].checks[c] (workbook, findings, error))
          {
            if (own_read)
              concord_workbook_exec (workbook, "ROLLBACK", NULL);
            return NULL;
          }
      }

  for (guint i = 0; i < findings->len; i++)
    fill_uuid (workbook, g_ptr_array_index (findings, i));

  if (own_read)
    concord_workbook_exec (workbook, "COMMIT", NULL);

  return g_steal_pointer (&findings);
}

char *
concord_check_format_text (GPtrArray *findings)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (findings != NULL, NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      g_autofree char *line = concord_finding_to_string (g_ptr_array_index (findings, i));

      g_string_append_printf (out, "%s\n", line);
    }

  return g_string_free (out, FALSE);
}

JsonNode *
concord_check_to_json (GPtrArray *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (findings != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, findings->len);
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    {
      const ConcordFinding *finding = g_ptr_array_index (findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, finding->code);
      json_builder_set_member_name (builder, "table");
      json_builder_add_string_value (builder, finding->table);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, finding->id);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, finding->uuid);
      json_builder_set_member_name (builder, "where");
      json_builder_add_string_value (builder, finding->where);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, finding->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
