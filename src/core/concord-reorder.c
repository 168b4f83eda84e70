/* concord-reorder.c
 *
 * Any table with a `position` column under a parent (stages of a process,
 * roles of a role map, KPIs of a plan…) reorders the same way: the moved
 * row takes its new index and only the rows whose position changed are
 * rewritten, all in one edit, so one drag is one undo step.
 */
#define G_LOG_DOMAIN "concord-reorder"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "concord-reorder.h"
#include "concord-workbook-private.h"

#define NOW_SQL "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"

static gboolean
check_names (ConcordWorkbook  *workbook,
             const char       *table,
             const char       *parent_column,
             GError          **error)
{
  /* Table and column names end up in SQL text, so they must be the
   * schema's own, never something a user typed. */
  if (concord_workbook_has_column (workbook, table, "position") &&
      (parent_column == NULL ||
       concord_workbook_has_column (workbook, table, parent_column)))
    return TRUE;

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
               "The table “%s” cannot be reordered by “%s”.", table, parent_column);
  return FALSE;
}

/* A list without a parent (all processes, all rules) is the whole table;
 * ?1 stays bound so both shapes take the same parameters. */
static char *
parent_where (const char *parent_column)
{
  return parent_column != NULL ? g_strdup_printf ("%s = ?1", parent_column)
                               : g_strdup ("?1 IS NOT NULL");
}

static GArray *
list_ids (ConcordWorkbook  *workbook,
          const char       *table,
          const char       *parent_column,
          gint64            parent_id,
          GError          **error)
{
  g_autofree char *where = parent_where (parent_column);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s ORDER BY position, id",
                                          table, where);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = concord_workbook_prepare (workbook, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, parent_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the order");
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * concord_reorder_move:
 * @parent_column: (nullable): the column that groups the rows ("process_id",
 *   "map_id"), or %NULL when the whole table is one list
 * @new_index: where @id goes, counted among its siblings; clamped
 *
 * Moves @id to @new_index and renumbers its siblings 0, 1, 2… as one edit
 * labelled @label.
 */
gboolean
concord_reorder_move (ConcordWorkbook  *workbook,
                      const char       *table,
                      const char       *parent_column,
                      gint64            parent_id,
                      gint64            id,
                      guint             new_index,
                      const char       *label,
                      GError          **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autofree char *update_sql = NULL;
  g_autoptr(ConcordEdit) edit = NULL;
  guint old_index = G_MAXUINT;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_names (workbook, table, parent_column, error))
    return FALSE;

  ids = list_ids (workbook, table, parent_column, parent_id, error);
  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      old_index = i;

  if (old_index == G_MAXUINT)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   _("That item is no longer in the list; nothing was moved."));
      return FALSE;
    }

  new_index = MIN (new_index, ids->len - 1);
  g_array_remove_index (ids, old_index);
  g_array_insert_val (ids, new_index, id);

  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return FALSE;

  update_sql = g_strdup_printf ("UPDATE %s SET position = ?1, updated_at = %s"
                                " WHERE id = ?2 AND position IS NOT ?1", table, NOW_SQL);
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_stmt *stmt = concord_workbook_prepare (workbook, update_sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!concord_workbook_step_done (workbook, stmt, error))
        return FALSE;
    }

  return concord_edit_commit (edit, error);
}

/* The position a new row takes to go at the end of its list. */
gint64
concord_reorder_next_position (ConcordWorkbook *workbook,
                               const char      *table,
                               const char      *parent_column,
                               gint64           parent_id)
{
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 next = 0;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  if (!check_names (workbook, table, parent_column, NULL))
    return 0;

  where = parent_where (parent_column);
  sql = g_strdup_printf ("SELECT coalesce (max (position) + 1, 0) FROM %s WHERE %s",
                         table, where);
  stmt = concord_workbook_prepare (workbook, sql, NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, parent_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    next = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return next;
}
