/* concord-workbook-edit.c: the edit transaction
 *
 * An edit is an IMMEDIATE transaction with a session attached; its
 * changeset, stamped with versions at commit, becomes one undo step.
 */
#define G_LOG_DOMAIN "concord-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "concord-store-private.h"
#include "concord-versions.h"

/* Edits ------------------------------------------------------------------- */

static int
session_table_filter (void       *user_data,
                      const char *table)
{
  return concord_workbook_is_tracked_table (table);
}

gboolean
concord_workbook_in_edit (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return self->edit_depth > 0;
}

gboolean
concord_workbook_refuse_if_read_only (ConcordWorkbook  *self,
                                      GError          **error)
{
  if (!self->read_only)
    return TRUE;

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_READ_ONLY,
               _("“%s” is open read-only; save a copy to make changes."), self->path);
  return FALSE;
}

/**
 * concord_workbook_begin:
 * @label: what the edit does, in words for the Undo menu
 *
 * Starts an edit; edits nest, and only the outermost one commits.
 */
gboolean
concord_workbook_begin (ConcordWorkbook  *self,
                        const char       *label,
                        GError          **error)
{
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  if (!concord_workbook_refuse_if_read_only (self, error))
    return FALSE;

  if (self->edit_depth > 0)
    {
      self->edit_depth++;
      return TRUE;
    }

  if (!concord_workbook_refuse_if_replaced (self, error))
    return FALSE;

  concord_workbook_finish_readers (self);
  self->edit_depth = 1;
  self->edit_serial++;
  self->edit_failure = 0;

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      self->edit_depth = 0;
      concord_workbook_set_error (self, rc, error, _("Could not start the change"));
      return FALSE;
    }

  rc = sqlite3session_create (self->db, "main", &self->session);
  if (rc == SQLITE_OK)
    {
      sqlite3session_table_filter (self->session, session_table_filter, self);
      rc = sqlite3session_attach (self->session, NULL);
    }

  if (rc != SQLITE_OK)
    {
      concord_workbook_set_error (self, rc, error, _("Could not start recording the change"));
      concord_workbook_rollback (self);
      return FALSE;
    }

  g_free (self->edit_label);
  /* Translators: the name in the Undo menu of an edit that has none */
  self->edit_label = g_strdup (label ? label : C_("undo step", "Edit"));

  return TRUE;
}

void
concord_workbook_rollback (ConcordWorkbook *self)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  if (self->edit_depth == 0)
    return;

  self->edit_depth = 0;
  self->edit_failure = 0;
  /* The rollback puts the index triggers back too. */
  self->bulk_depth = 0;
  self->untracked_table = NULL;
  self->untracked_unindexed = FALSE;
  self->untracked_dotted = FALSE;
  g_clear_pointer (&self->untracked, g_array_unref);
  if (self->session != NULL)
    {
      sqlite3session_delete (self->session);
      self->session = NULL;
    }
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_pointer (&self->edit_label, g_free);
}

/* Tables a changeset touches, in the order it touches them. */
static GPtrArray *
changeset_tables (GBytes *changeset)
{
  GPtrArray *tables = g_ptr_array_new ();
  sqlite3_changeset_iter *iter = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (changeset, &size);

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    return tables;

  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      int n_columns, op, indirect;

      if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) != SQLITE_OK)
        break;

      table = g_intern_string (table);
      if (!g_ptr_array_find (tables, table, NULL))
        g_ptr_array_add (tables, (gpointer) table);
    }

  sqlite3changeset_finalize (iter);

  return tables;
}

void
concord_workbook_emit_changes (ConcordWorkbook *self,
                               GBytes          *changeset,
                               GArray          *parts)
{
  g_autoptr(GPtrArray) tables = changeset_tables (changeset);

  for (guint i = 0; parts != NULL && i < parts->len; i++)
    {
      const char *table = g_array_index (parts, UntrackedPart, i).table;

      if (!g_ptr_array_find (tables, table, NULL))
        g_ptr_array_add (tables, (gpointer) table);
    }

  for (guint i = 0; i < tables->len; i++)
    concord_workbook_emit_changed (self, g_ptr_array_index (tables, i));
}

/* Untracked inserts ---------------------------------------------------------- */

/**
 * concord_workbook_begin_untracked_inserts:
 * @table: the table the rows go to
 *
 * Inside an edit, before adding many rows to @table: until
 * concord_workbook_end_untracked_inserts(), nothing the edit writes is
 * held in its session's changeset, so adding a hundred thousand records
 * costs no memory for undo. Between the two calls the edit may only add
 * rows to @table (and versions for them), unless it pauses them
 * (concord_workbook_pause_untracked_inserts()): every row of @table with
 * an id above today's largest is the step's. The step stays one undo step:
 * undo removes those rows (refusing, naming the row, when another
 * program changed one since), redo puts them back. Their versions are
 * stamped as an edit's or a merge's are.
 */
gboolean
concord_workbook_begin_untracked_inserts (ConcordWorkbook  *self,
                                          const char       *table,
                                          GError          **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (self->edit_depth > 0, FALSE);
  g_return_val_if_fail (self->untracked_table == NULL, FALSE);

  if (!concord_workbook_check_table (self, table, error))
    return FALSE;
  g_return_val_if_fail (concord_workbook_has_column (self, table, "uuid"), FALSE);

  sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM main.%s", table);
  stmt = concord_workbook_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      concord_workbook_set_error (self, sqlite3_errcode (self->db), error, _("Could not start the change"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  self->untracked_first = sqlite3_column_int64 (stmt, 0) + 1;
  sqlite3_reset (stmt);

  if (!concord_account_search_hold_inserts (self, table, error))
    return FALSE;

  self->untracked_table = g_intern_string (table);
  sqlite3session_enable (self->session, 0);

  return TRUE;
}

/**
 * concord_workbook_pause_untracked_inserts:
 * @paused: whether the edit's writes go to its session again
 *
 * Between concord_workbook_begin_untracked_inserts() and _end_(), for an
 * edit whose new rows come among other writes (updates, rows of other
 * tables): while paused, the edit records as any edit does. New rows of
 * the table may come while paused too; they are the step's all the same.
 */
void
concord_workbook_pause_untracked_inserts (ConcordWorkbook *self,
                                          gboolean         paused)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));
  g_return_if_fail (self->untracked_table != NULL);

  sqlite3session_enable (self->session, paused ? 1 : 0);
}

/**
 * concord_workbook_set_untracked_dotted:
 *
 * Between concord_workbook_begin_untracked_inserts() and _end_(): every
 * row added has a live dot of its own already (an import that copied
 * each record's dot beside it), so the end stamps none and searches for
 * none. Holds for the open part only.
 */
void
concord_workbook_set_untracked_dotted (ConcordWorkbook *self)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));
  g_return_if_fail (self->untracked_table != NULL);

  self->untracked_dotted = TRUE;
}

/**
 * concord_workbook_end_untracked_inserts:
 *
 * Ends what concord_workbook_begin_untracked_inserts() began: the rows
 * added since get their versions, and the session records again.
 */
gboolean
concord_workbook_end_untracked_inserts (ConcordWorkbook  *self,
                                        GError          **error)
{
  g_autofree char *sql = NULL;
  const char *table;
  sqlite3_stmt *stmt;
  UntrackedPart part = { 0, };
  gboolean dotted;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (self->untracked_table != NULL, FALSE);

  table = self->untracked_table;
  if (!concord_account_search_mark_inserted (self, error))
    return FALSE;
  self->untracked_table = NULL;
  dotted = self->untracked_dotted;
  self->untracked_dotted = FALSE;
  if (self->session != NULL)
    sqlite3session_enable (self->session, 1);

  sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM main.%s", table);
  stmt = concord_workbook_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  part.table = table;
  part.first_id = self->untracked_first;
  part.last_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      concord_workbook_set_error (self, rc, error, _("Could not record the change"));
      return FALSE;
    }

  if (part.last_id < part.first_id)
    return TRUE;

  /* Rows that brought their own dots have none to be given. */
  rc = dotted ? SQLITE_OK : concord_versions_stamp_untracked (self, self->session, table, part.first_id, part.last_id);
  if (rc != SQLITE_OK)
    {
      concord_workbook_set_error (self, rc, error, _("Could not record the change"));
      return FALSE;
    }

  part.serial = ++self->untracked_serial;
  if (self->untracked == NULL)
    self->untracked = g_array_new (FALSE, TRUE, sizeof (UntrackedPart));
  g_array_append_val (self->untracked, part);

  return TRUE;
}

/**
 * concord_workbook_set_keeps_history:
 * @keeps: %FALSE while the edits to come should leave no undo step
 *
 * For work whose history starts after it (a clone fills a new file): its
 * edits commit as usual, but nothing is kept to undo them, so rows added
 * outside the session are not copied aside either.
 */
void
concord_workbook_set_keeps_history (ConcordWorkbook *self,
                                    gboolean         keeps)
{
  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  self->no_history = !keeps;
}

char *
concord_untracked_copy_name (const UntrackedPart *part,
                             gboolean             versions)
{
  return g_strdup_printf ("concord_undo_%u%s", part->serial, versions ? "_versions" : "");
}

/* What the untracked inserts wrote, set aside in TEMP tables (on disk,
 * not in memory) before the commit: undo compares with it, redo puts it
 * back. */
static gboolean
copy_untracked (ConcordWorkbook  *self,
                GError          **error)
{
  for (guint i = 0; self->untracked != NULL && i < self->untracked->len; i++)
    {
      UntrackedPart *part = &g_array_index (self->untracked, UntrackedPart, i);
      g_autofree char *copy = concord_untracked_copy_name (part, FALSE);
      g_autofree char *versions = concord_untracked_copy_name (part, TRUE);
      /* Names from the schema and the store's own counter. */
      g_autofree char *create = g_strdup_printf (
        "DROP TABLE IF EXISTS temp.%s; DROP TABLE IF EXISTS temp.%s;"
        "CREATE TEMP TABLE %s AS SELECT * FROM main.%s WHERE 0;"
        "CREATE TEMP TABLE %s AS SELECT * FROM main.sync_versions WHERE 0;",
        copy, versions, copy, part->table, versions);
      g_autofree char *fill = g_strdup_printf ("INSERT INTO temp.%s SELECT * FROM main.%s WHERE id BETWEEN ?1 AND ?2",
                                               copy, part->table);
      /* The uuids in order: a million random ones in id order would
       * each land on a page of their own. */
      g_autofree char *fill_versions = g_strdup_printf (
        "INSERT INTO temp.%s SELECT * FROM main.sync_versions WHERE tbl = ?3 AND uuid IN "
        "(SELECT uuid FROM temp.%s ORDER BY uuid)",
        versions, copy);
      const char *statements[] = { fill, fill_versions };

      if (!concord_workbook_exec (self, create, error))
        return FALSE;

      for (guint s = 0; s < G_N_ELEMENTS (statements); s++)
        {
          g_autoptr(sqlite3_stmt) stmt = NULL;
          int rc = sqlite3_prepare_v2 (self->db, statements[s], -1, &stmt, NULL);

          if (rc == SQLITE_OK)
            {
              sqlite3_bind_int64 (stmt, 1, part->first_id);
              sqlite3_bind_int64 (stmt, 2, part->last_id);
              sqlite3_bind_text (stmt, 3, part->table, -1, SQLITE_STATIC);
              rc = sqlite3_step (stmt);
            }
          if (rc != SQLITE_DONE && rc != SQLITE_OK)
            {
              concord_workbook_set_error (self, rc, error, _("Could not record the change"));
              return FALSE;
            }
        }
    }

  return TRUE;
}

gboolean
concord_workbook_commit (ConcordWorkbook  *self,
                         GError          **error)
{
  g_autoptr(GBytes) changeset = NULL;
  gboolean could_undo, could_redo;
  void *data = NULL;
  int size = 0;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);
  g_return_val_if_fail (self->edit_depth > 0, FALSE);

  if (self->edit_failure != 0)
    {
      concord_workbook_refuse_if_edit_failed (self, error);
      if (--self->edit_depth == 0)
        {
          self->edit_depth = 1;
          concord_workbook_rollback (self);
        }
      return FALSE;
    }

  if (--self->edit_depth > 0)
    return TRUE;

  /* A bulk section left open is closed here, so the index is never stale. */
  if (self->bulk_depth > 0)
    {
      self->bulk_depth = 1;
      if (!concord_account_search_resume (self, error))
        {
          self->edit_depth = 1;
          concord_workbook_rollback (self);
          return FALSE;
        }
    }

  if (self->untracked_table != NULL && !concord_workbook_end_untracked_inserts (self, error))
    {
      self->edit_depth = 1;
      concord_workbook_rollback (self);
      return FALSE;
    }

  /* Who changed what, recorded by the session too, so undo restores it. */
  rc = concord_versions_stamp_edit (self, self->session);
  if (rc == SQLITE_OK)
    rc = sqlite3session_changeset (self->session, &size, &data);
  if (rc != SQLITE_OK)
    {
      self->edit_depth = 1;
      concord_workbook_set_error (self, rc, error, _("Could not record the change"));
      concord_workbook_rollback (self);
      return FALSE;
    }
  changeset = g_bytes_new_with_free_func (data, size, sqlite3_free, data);

  sqlite3session_delete (self->session);
  self->session = NULL;

  if (!self->no_history && !copy_untracked (self, error))
    {
      self->edit_depth = 1;
      concord_workbook_rollback (self);
      return FALSE;
    }

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      self->edit_depth = 1;
      concord_workbook_set_error (self, rc, error, _("Could not save the change"));
      concord_workbook_rollback (self);
      return FALSE;
    }

  if (size == 0 && self->untracked == NULL)
    {
      g_clear_pointer (&self->edit_label, g_free);
      return TRUE;
    }

  if (self->no_history)
    {
      g_clear_pointer (&self->edit_label, g_free);
      concord_workbook_emit_changes (self, changeset, self->untracked);
      g_clear_pointer (&self->untracked, g_array_unref);
      return TRUE;
    }

  could_undo = concord_workbook_can_undo (self);
  could_redo = concord_workbook_can_redo (self);

  {
    HistoryEntry *entry = g_new0 (HistoryEntry, 1);

    entry->label = g_steal_pointer (&self->edit_label);
    entry->changeset = g_bytes_ref (changeset);
    entry->parts = g_steal_pointer (&self->untracked);
    entry->db = entry->parts != NULL ? self->db : NULL;
    g_ptr_array_add (self->undo_stack, entry);
    g_ptr_array_set_size (self->redo_stack, 0);
  }

  concord_workbook_notify_history (self, could_undo, could_redo);
  concord_workbook_emit_changes (self, changeset,
                                 ((HistoryEntry *) g_ptr_array_index (self->undo_stack,
                                                                      self->undo_stack->len - 1))->parts);

  return TRUE;
}

/* The edit guard ---------------------------------------------------------- */

struct _ConcordEdit
{
  ConcordWorkbook *workbook;
  guint64          serial;
  gboolean         done;
};

/* The edit this guard began is still the open one: nothing rolled it
 * back, and no later edit took its place. */
static gboolean
edit_is_open (ConcordEdit *edit)
{
  return edit->workbook->edit_depth > 0 && edit->workbook->edit_serial == edit->serial;
}

/**
 * concord_workbook_edit:
 * @label: what the edit does, in words for the Undo menu
 *
 * Begins an edit (see concord_workbook_begin()) and returns a guard for
 * it: concord_edit_commit() saves it, and freeing the guard without
 * committing rolls it back, so nothing is saved and the history stays
 * as it was.
 *
 * Returns: (transfer full) (nullable): the guard, or %NULL when the edit
 *   could not begin
 */
ConcordEdit *
concord_workbook_edit (ConcordWorkbook  *self,
                       const char       *label,
                       GError          **error)
{
  ConcordEdit *edit;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!concord_workbook_begin (self, label, error))
    return NULL;

  edit = g_new0 (ConcordEdit, 1);
  edit->workbook = g_object_ref (self);
  edit->serial = self->edit_serial;

  return edit;
}

/**
 * concord_edit_commit:
 *
 * Commits the edit (an inner guard only closes its part). Whether it
 * succeeds or not, the guard is finished: freeing it does nothing more.
 */
gboolean
concord_edit_commit (ConcordEdit  *edit,
                     GError      **error)
{
  g_return_val_if_fail (edit != NULL, FALSE);
  g_return_val_if_fail (!edit->done, FALSE);

  edit->done = TRUE;

  /* An inner guard dropped uncommitted rolled the whole edit back. */
  if (!edit_is_open (edit))
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                           _("The change was cancelled before it was saved; nothing was changed."));
      return FALSE;
    }

  return concord_workbook_commit (edit->workbook, error);
}

/* Rolls back an edit that was not committed. */
void
concord_edit_free (ConcordEdit *edit)
{
  if (edit == NULL)
    return;

  if (!edit->done && edit_is_open (edit))
    concord_workbook_rollback (edit->workbook);

  g_object_unref (edit->workbook);
  g_free (edit);
}
