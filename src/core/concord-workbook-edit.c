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
                               GBytes          *changeset)
{
  g_autoptr(GPtrArray) tables = changeset_tables (changeset);

  for (guint i = 0; i < tables->len; i++)
    concord_workbook_emit_changed (self, g_ptr_array_index (tables, i));
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

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      self->edit_depth = 1;
      concord_workbook_set_error (self, rc, error, _("Could not save the change"));
      concord_workbook_rollback (self);
      return FALSE;
    }

  if (size == 0)
    {
      g_clear_pointer (&self->edit_label, g_free);
      return TRUE;
    }

  could_undo = concord_workbook_can_undo (self);
  could_redo = concord_workbook_can_redo (self);

  {
    HistoryEntry *entry = g_new0 (HistoryEntry, 1);

    entry->label = g_steal_pointer (&self->edit_label);
    entry->changeset = g_bytes_ref (changeset);
    g_ptr_array_add (self->undo_stack, entry);
    g_ptr_array_set_size (self->redo_stack, 0);
  }

  concord_workbook_notify_history (self, could_undo, could_redo);
  concord_workbook_emit_changes (self, changeset);

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
