/* concord-account-search.c: the accounts search index during bulk edits
 */
#define G_LOG_DOMAIN "concord-workbook"

#include "config.h"

#include <string.h>

#include "concord-store-private.h"
#include "concord-tables.h"

/* Bulk edits ------------------------------------------------------------ */

/* FTS5 flushes its index at the end of every statement, so a trigger
 * that indexes one row per INSERT writes a segment per row. During a bulk
 * edit the index triggers are swapped for temporary ones that only note
 * which accounts changed; resuming indexes exactly those in one
 * statement. All of it is DDL inside the edit's transaction, so a
 * rollback or a crash puts the triggers back. */
/* The dirty trigger of accounts' inserts, apart: untracked inserts take
 * it off while they run (see concord_account_search_hold_inserts()). */
#define DIRTY_INSERT_TRIGGER \
  "CREATE TEMP TRIGGER concord_dirty_ai AFTER INSERT ON main.accounts BEGIN" \
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.id); END;"
/* And the one of contacts' inserts, which marks their account. */
#define DIRTY_CONTACT_INSERT_TRIGGER \
  "CREATE TEMP TRIGGER concord_dirty_ci AFTER INSERT ON main.contacts BEGIN" \
  "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.account_id); END;"

typedef struct
{
  char *dirty_sql;
  char *reindex_sql;
} SearchSql;

/* The columns of @table the index holds (marked searched in its
 * description), each after @prefix. */
static void
append_searched (GString    *sql,
                 const char *table,
                 const char *prefix,
                 const char *separator,
                 gboolean    ifnull)
{
  const ConcordTable *t = concord_table_lookup (table);
  gboolean first = TRUE;

  for (guint i = 0; i < t->n_columns; i++)
    {
      const ConcordColumn *column = &t->columns[i];

      if (!(column->flags & CONCORD_COLUMN_SEARCHED))
        continue;
      g_string_append (sql, first ? "" : separator);
      if (ifnull && !(column->flags & CONCORD_COLUMN_REQUIRED))
        g_string_append_printf (sql, "ifnull (%s%s, '')", prefix, column->name);
      else
        g_string_append_printf (sql, "%s%s", prefix, column->name);
      first = FALSE;
    }
}

/* The same text concord-search-triggers.sql indexes; tests/test-tables.c
 * checks that the triggers name the same columns. */
static const SearchSql *
search_sql (void)
{
  static gsize once = 0;
  static SearchSql sql;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GString) dirty = g_string_new (NULL);
      g_autoptr(GString) reindex = g_string_new (NULL);

      g_string_append (dirty,
        "CREATE TEMP TABLE IF NOT EXISTS concord_fts_dirty (id INTEGER PRIMARY KEY);"
        DIRTY_INSERT_TRIGGER
        "CREATE TEMP TRIGGER concord_dirty_au AFTER UPDATE OF ");
      append_searched (dirty, "accounts", "", ", ", FALSE);
      g_string_append (dirty,
        " ON main.accounts BEGIN"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.id); END;"
        "CREATE TEMP TRIGGER concord_dirty_ad AFTER DELETE ON main.accounts BEGIN"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (OLD.id); END;"
        DIRTY_CONTACT_INSERT_TRIGGER
        "CREATE TEMP TRIGGER concord_dirty_cu AFTER UPDATE OF ");
      append_searched (dirty, "contacts", "", ", ", FALSE);
      g_string_append (dirty,
        ", account_id ON main.contacts BEGIN"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (OLD.account_id);"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (NEW.account_id); END;"
        "CREATE TEMP TRIGGER concord_dirty_cd AFTER DELETE ON main.contacts BEGIN"
        "  INSERT OR IGNORE INTO concord_fts_dirty VALUES (OLD.account_id); END;");

      g_string_append (reindex,
        "DELETE FROM accounts_fts WHERE rowid IN (SELECT id FROM temp.concord_fts_dirty);"
        "INSERT INTO accounts_fts (rowid, ");
      append_searched (reindex, "accounts", "", ", ", FALSE);
      g_string_append (reindex, ", contacts) SELECT a.id, ");
      append_searched (reindex, "accounts", "a.", ", ", FALSE);
      g_string_append (reindex, ", (SELECT group_concat (");
      append_searched (reindex, "contacts", "c.", " || ' ' || ", TRUE);
      g_string_append (reindex,
        ", ' ') FROM contacts c WHERE c.account_id = a.id)"
        "    FROM accounts a WHERE a.id IN (SELECT id FROM temp.concord_fts_dirty);"
        "DROP TRIGGER temp.concord_dirty_ai; DROP TRIGGER temp.concord_dirty_au;"
        "DROP TRIGGER temp.concord_dirty_ad; DROP TRIGGER temp.concord_dirty_ci;"
        "DROP TRIGGER temp.concord_dirty_cu; DROP TRIGGER temp.concord_dirty_cd;"
        "DELETE FROM temp.concord_fts_dirty;");

      sql.dirty_sql = g_string_free (g_steal_pointer (&dirty), FALSE);
      sql.reindex_sql = g_string_free (g_steal_pointer (&reindex), FALSE);
      g_once_init_leave (&once, 1);
    }

  return &sql;
}

/* The names of the triggers SEARCH_TRIGGERS_RESOURCE creates, read from
 * that compiled-in text: each of its statements starts with
 * "CREATE TRIGGER name". */
static GStrv
search_trigger_names (const char *sql)
{
  static const char prefix[] = "CREATE TRIGGER ";
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) lines = g_strsplit (sql, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        const char *start = lines[i] + strlen (prefix);
        g_autofree char *name = g_strndup (start, strcspn (start, " "));

        g_strv_builder_add (names, name);
      }

  return g_strv_builder_end (names);
}

/* Needs an open transaction. Only SQL compiled into Concord runs here:
 * a trigger's text stored in the file is never read back. */
gboolean
concord_account_search_suspend (ConcordWorkbook  *self,
                                GError          **error)
{
  g_autofree char *triggers = NULL;
  g_auto(GStrv) names = NULL;

  if (self->bulk_depth++ > 0)
    return TRUE;

  if ((triggers = concord_migrations_resource_sql (SEARCH_TRIGGERS_RESOURCE, error)) == NULL ||
      !concord_workbook_exec (self, search_sql ()->dirty_sql, error))
    goto fail;

  names = search_trigger_names (triggers);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER main.\"%s\"", names[i]);

      if (!concord_workbook_exec (self, drop, error))
        goto fail;
    }

  return TRUE;

fail:
  self->bulk_depth = 0;
  return FALSE;
}

gboolean
concord_account_search_resume (ConcordWorkbook  *self,
                               GError          **error)
{
  if (self->bulk_depth == 0 || --self->bulk_depth > 0)
    return TRUE;

  return concord_account_search_mark_inserted (self, error) &&
         concord_workbook_exec (self, search_sql ()->reindex_sql, error) &&
         concord_migrations_exec_resource (self, SEARCH_TRIGGERS_RESOURCE, error);
}

/* Untracked inserts into accounts or contacts during a bulk edit: a
 * trigger per row only to note ids (the new accounts, or the accounts of
 * the new contacts) of rows known to be the range after the largest (and
 * whose INSERT it makes keep a statement journal). The trigger is off
 * until concord_account_search_mark_inserted() notes the range in one
 * statement. */
gboolean
concord_account_search_hold_inserts (ConcordWorkbook  *self,
                                     const char       *table,
                                     GError          **error)
{
  const char *drop;

  if (self->bulk_depth == 0)
    return TRUE;
  if (g_str_equal (table, "accounts"))
    drop = "DROP TRIGGER temp.concord_dirty_ai";
  else if (g_str_equal (table, "contacts"))
    drop = "DROP TRIGGER temp.concord_dirty_ci";
  else
    return TRUE;

  if (!concord_workbook_exec (self, drop, error))
    return FALSE;
  self->untracked_unindexed = TRUE;

  return TRUE;
}

/* Only while untracked inserts run (their table is set). */
gboolean
concord_account_search_mark_inserted (ConcordWorkbook  *self,
                                      GError          **error)
{
  static const char accounts_sql[] =
    "INSERT OR IGNORE INTO temp.concord_fts_dirty SELECT id FROM main.accounts WHERE id >= ?1";
  static const char contacts_sql[] =
    "INSERT OR IGNORE INTO temp.concord_fts_dirty SELECT account_id FROM main.contacts WHERE id >= ?1";
  gboolean contacts;
  sqlite3_stmt *stmt;

  if (!self->untracked_unindexed)
    return TRUE;
  self->untracked_unindexed = FALSE;

  g_assert (self->untracked_table != NULL);
  contacts = g_str_equal (self->untracked_table, "contacts");
  stmt = concord_workbook_prepare (self, contacts ? contacts_sql : accounts_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->untracked_first);

  return concord_workbook_step_done (self, stmt, error) &&
         concord_workbook_exec (self, contacts ? DIRTY_CONTACT_INSERT_TRIGGER : DIRTY_INSERT_TRIGGER, error);
}

/**
 * concord_workbook_begin_bulk:
 *
 * Inside an edit that writes many accounts or contacts: the search index
 * is brought up to date once, at concord_workbook_end_bulk() (or at the
 * commit), instead of row by row. Pairs nest; a rollback undoes it with
 * the rest.
 */
gboolean
concord_workbook_begin_bulk (ConcordWorkbook  *self,
                             GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (self->edit_depth > 0, FALSE);

  return concord_account_search_suspend (self, error);
}

gboolean
concord_workbook_end_bulk (ConcordWorkbook  *self,
                           GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return concord_account_search_resume (self, error);
}

guint
concord_account_search_count_rows (GBytes *changeset)
{
  sqlite3_changeset_iter *iter = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (changeset, &size);
  guint n = 0;

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    return 0;

  while (n < CONCORD_BULK_REPLAY_ROWS && sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_columns, op, indirect;

      if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) == SQLITE_OK &&
          (g_str_equal (table, "accounts") || g_str_equal (table, "contacts")))
        n++;
    }
  sqlite3changeset_finalize (iter);

  return n;
}
