/* concord-workbook-write.c: generic insert, update, delete and meta
 *
 * Each write opens its own edit unless one is open, so one call is one
 * undo step. Table and column names come from the schema, never from
 * input; every value is bound.
 */
#define G_LOG_DOMAIN "concord-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "concord-store-private.h"

#define NOW_SQL "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"

/* A write opens its own edit unless one is open: then it is part of
 * that edit, and a failure is for the edit's owner to handle. */
static gboolean
begin_own_edit (ConcordWorkbook  *self,
                const char       *label,
                ConcordEdit     **edit,
                GError          **error)
{
  if (concord_workbook_in_edit (self))
    return TRUE;

  *edit = concord_workbook_edit (self, label, error);

  return *edit != NULL;
}

/* Finish a single write that may have opened its own edit; an own edit
 * that failed rolls back when its guard goes. */
static gboolean
finish_own_edit (ConcordEdit  *edit,
                 gboolean      ok,
                 GError      **error)
{
  if (!ok)
    return FALSE;

  return edit == NULL || concord_edit_commit (edit, error);
}

gboolean
concord_workbook_check_table (ConcordWorkbook  *self,
                              const char       *table,
                              GError          **error)
{
  if (concord_workbook_has_table (self, table))
    return TRUE;

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
               _("The workbook has no table “%s”."), table);
  return FALSE;
}

static gboolean
check_fields (ConcordWorkbook  *self,
              const char       *table,
              ConcordFields    *fields,
              GError          **error)
{
  for (guint i = 0; i < concord_fields_get_size (fields); i++)
    {
      const char *column = concord_fields_get_column (fields, i);

      if (!concord_workbook_has_column (self, table, column) ||
          g_str_equal (column, "id"))
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                       _("The table “%s” has no field “%s” that can be set."), table, column);
          return FALSE;
        }
    }

  return TRUE;
}

static void
bind_variant (sqlite3_stmt *stmt,
              int           index,
              GVariant     *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    sqlite3_bind_double (stmt, index, g_variant_get_double (value));
  else
    sqlite3_bind_null (stmt, index);
}

gint64
concord_workbook_insert (ConcordWorkbook  *self,
                         const char       *table,
                         ConcordFields    *fields,
                         GError          **error)
{
  return concord_workbook_insert_as (self, C_("undo step", "Add"), table, fields, error);
}

/**
 * concord_workbook_insert_as:
 * @label: names the undo step when this insert is an edit of its own
 *
 * Column names below come from the schema whitelist, never from input.
 */
gint64
concord_workbook_insert_as (ConcordWorkbook  *self,
                            const char       *label,
                            const char       *table,
                            ConcordFields    *fields,
                            GError          **error)
{
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) values = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(ConcordEdit) edit = NULL;
  gboolean ok = FALSE;
  gint64 id = 0;
  guint n;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), 0);
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (fields != NULL, 0);

  if (!concord_workbook_check_table (self, table, error) || !check_fields (self, table, fields, error))
    return 0;

  if (!begin_own_edit (self, label, &edit, error))
    return 0;

  n = concord_fields_get_size (fields);
  sql = g_string_new (NULL);
  values = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT INTO %s (", table);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (sql, "%s%s", i ? ", " : "", concord_fields_get_column (fields, i));
      g_string_append_printf (values, "%s?%u", i ? ", " : "", i + 1);
    }
  if (n == 0)
    g_string_printf (sql, "INSERT INTO %s DEFAULT VALUES", table);
  else
    g_string_append_printf (sql, ") VALUES (%s)", values->str);

  stmt = concord_workbook_prepare (self, sql->str, error);
  if (stmt != NULL)
    {
      for (guint i = 0; i < n; i++)
        bind_variant (stmt, i + 1, concord_fields_get_value (fields, i));

      ok = concord_workbook_step_done (self, stmt, error);
      if (ok)
        id = sqlite3_last_insert_rowid (self->db);
    }

  if (!finish_own_edit (edit, ok, error))
    return 0;

  return id;
}

gboolean
concord_workbook_update (ConcordWorkbook  *self,
                         const char       *table,
                         gint64            id,
                         ConcordFields    *fields,
                         GError          **error)
{
  return concord_workbook_update_as (self, C_("undo step", "Edit"), table, id, fields, error);
}

gboolean
concord_workbook_update_as (ConcordWorkbook  *self,
                            const char       *label,
                            const char       *table,
                            gint64            id,
                            ConcordFields    *fields,
                            GError          **error)
{
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(ConcordEdit) edit = NULL;
  gboolean ok = FALSE;
  guint n;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!concord_workbook_check_table (self, table, error) || !check_fields (self, table, fields, error))
    return FALSE;

  n = concord_fields_get_size (fields);
  if (n == 0)
    return TRUE;

  if (!begin_own_edit (self, label, &edit, error))
    return FALSE;

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "UPDATE %s SET ", table);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s = ?%u, ", concord_fields_get_column (fields, i), i + 1);
  if (concord_workbook_has_column (self, table, "updated_at") &&
      concord_fields_lookup (fields, "updated_at") == NULL)
    g_string_append (sql, "updated_at = " NOW_SQL ", ");
  g_string_truncate (sql, sql->len - 2);
  g_string_append_printf (sql, " WHERE id = ?%u", n + 1);

  stmt = concord_workbook_prepare (self, sql->str, error);
  if (stmt != NULL)
    {
      for (guint i = 0; i < n; i++)
        bind_variant (stmt, i + 1, concord_fields_get_value (fields, i));
      sqlite3_bind_int64 (stmt, n + 1, id);

      ok = concord_workbook_step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0)
        {
          concord_workbook_set_not_found (error, table, id);
          ok = FALSE;
        }
    }

  return finish_own_edit (edit, ok, error);
}

gboolean
concord_workbook_delete (ConcordWorkbook  *self,
                         const char       *table,
                         gint64            id,
                         GError          **error)
{
  return concord_workbook_delete_as (self, C_("undo step", "Delete"), table, id, error);
}

gboolean
concord_workbook_delete_as (ConcordWorkbook  *self,
                            const char       *label,
                            const char       *table,
                            gint64            id,
                            GError          **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  g_autoptr(ConcordEdit) edit = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  if (!concord_workbook_check_table (self, table, error))
    return FALSE;

  if (!begin_own_edit (self, label, &edit, error))
    return FALSE;

  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table);
  stmt = concord_workbook_prepare (self, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = concord_workbook_step_done (self, stmt, error);
    }

  return finish_own_edit (edit, ok, error);
}

gboolean
concord_workbook_set_meta (ConcordWorkbook  *self,
                           const char       *key,
                           const char       *value,
                           GError          **error)
{
  static const char sql[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  sqlite3_stmt *stmt;
  g_autoptr(ConcordEdit) edit = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!begin_own_edit (self, C_("undo step", "Change Workbook Setting"), &edit, error))
    return FALSE;

  stmt = concord_workbook_prepare (self, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
      ok = concord_workbook_step_done (self, stmt, error);
    }

  return finish_own_edit (edit, ok, error);
}

char *
concord_workbook_dup_meta (ConcordWorkbook *self,
                           const char      *key)
{
  static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = concord_workbook_prepare (self, sql, NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}
