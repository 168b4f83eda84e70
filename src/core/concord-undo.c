/* concord-undo.c: undo and redo
 *
 * Undo applies the inverse of an edit's changeset, redo the changeset
 * again. Either refuses, and changes nothing, when another program
 * changed a row the step would overwrite; the message names the row.
 */
#define G_LOG_DOMAIN "concord-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "concord-store-private.h"
#include "concord-versions.h"

/* History ------------------------------------------------------------------ */

gboolean
concord_workbook_can_undo (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return !self->read_only && self->undo_stack->len > 0;
}

gboolean
concord_workbook_can_redo (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return !self->read_only && self->redo_stack->len > 0;
}

static const char *
top_label (GPtrArray *stack)
{
  if (stack->len == 0)
    return NULL;

  return ((HistoryEntry *) g_ptr_array_index (stack, stack->len - 1))->label;
}

const char *
concord_workbook_get_undo_label (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return top_label (self->undo_stack);
}

const char *
concord_workbook_get_redo_label (ConcordWorkbook *self)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), NULL);

  return top_label (self->redo_stack);
}

/* What a step found changed by someone else; the first such row is named. */
typedef enum
{
  OUTSIDE_NONE,
  OUTSIDE_CHANGED,   /* the row differs from what the step left */
  OUTSIDE_DELETED,   /* the row the step changed is gone */
  OUTSIDE_TAKEN,     /* another row holds the place the step restores */
  OUTSIDE_RELATED,   /* a row the step refers to, or a unique value, changed */
} OutsideKind;

typedef struct
{
  ConcordWorkbook *self;
  OutsideKind      kind;
  char            *table;
  char            *name;
} ApplyContext;

/* Whole sentences per table, so that each language can inflect them:
 * a table whose rows have a name gives it to the sentence ("%s"). */
static const struct
{
  const char *table;
  gboolean    named;
  const char *changed;
  const char *deleted;
} outside_messages[] = {
  { "teams", TRUE,
    N_("The team “%s” was changed outside this window."),
    N_("The team “%s” was deleted outside this window.") },
  { "people", TRUE,
    N_("The person “%s” was changed outside this window."),
    N_("The person “%s” was deleted outside this window.") },
  { "accounts", TRUE,
    N_("The account “%s” was changed outside this window."),
    N_("The account “%s” was deleted outside this window.") },
  { "account_stage_changes", FALSE,
    N_("A stage change of an account was changed outside this window."),
    N_("A stage change of an account that this step changed was deleted outside this window.") },
  { "contacts", TRUE,
    N_("The contact “%s” was changed outside this window."),
    N_("The contact “%s” was deleted outside this window.") },
  { "touches", FALSE,
    N_("A touch was changed outside this window."),
    N_("A touch that this step changed was deleted outside this window.") },
  { "plans", TRUE,
    N_("The plan “%s” was changed outside this window."),
    N_("The plan “%s” was deleted outside this window.") },
  { "plan_kpis", TRUE,
    N_("The KPI “%s” was changed outside this window."),
    N_("The KPI “%s” was deleted outside this window.") },
  { "plan_budget_lines", FALSE,
    N_("A budget line was changed outside this window."),
    N_("A budget line that this step changed was deleted outside this window.") },
  { "plan_milestones", TRUE,
    N_("The milestone “%s” was changed outside this window."),
    N_("The milestone “%s” was deleted outside this window.") },
  { "plan_accounts", FALSE,
    N_("An account of a plan was changed outside this window."),
    N_("An account of a plan that this step changed was deleted outside this window.") },
  { "processes", TRUE,
    N_("The process “%s” was changed outside this window."),
    N_("The process “%s” was deleted outside this window.") },
  { "process_stages", TRUE,
    N_("The stage “%s” was changed outside this window."),
    N_("The stage “%s” was deleted outside this window.") },
  { "glossary_terms", TRUE,
    N_("The glossary term “%s” was changed outside this window."),
    N_("The glossary term “%s” was deleted outside this window.") },
  { "engagement_rules", FALSE,
    N_("A rule of engagement was changed outside this window."),
    N_("A rule of engagement that this step changed was deleted outside this window.") },
  { "role_maps", TRUE,
    N_("The role map “%s” was changed outside this window."),
    N_("The role map “%s” was deleted outside this window.") },
  { "role_map_roles", TRUE,
    N_("The role “%s” was changed outside this window."),
    N_("The role “%s” was deleted outside this window.") },
  { "role_map_activities", TRUE,
    N_("The activity “%s” was changed outside this window."),
    N_("The activity “%s” was deleted outside this window.") },
  { "role_map_assignments", FALSE,
    N_("An assignment of a role map was changed outside this window."),
    N_("An assignment of a role map that this step changed was deleted outside this window.") },
  { "maturity_dimensions", TRUE,
    N_("The maturity dimension “%s” was changed outside this window."),
    N_("The maturity dimension “%s” was deleted outside this window.") },
  { "maturity_statements", FALSE,
    N_("A maturity statement was changed outside this window."),
    N_("A maturity statement that this step changed was deleted outside this window.") },
  { "assessments", FALSE,
    N_("An assessment was changed outside this window."),
    N_("An assessment that this step changed was deleted outside this window.") },
  { "assessment_answers", FALSE,
    N_("An answer of an assessment was changed outside this window."),
    N_("An answer of an assessment that this step changed was deleted outside this window.") },
  { "maturity_targets", FALSE,
    N_("A maturity target was changed outside this window."),
    N_("A maturity target that this step changed was deleted outside this window.") },
  { "initiatives", TRUE,
    N_("The initiative “%s” was changed outside this window."),
    N_("The initiative “%s” was deleted outside this window.") },
  { "meta", TRUE,
    N_("The workbook setting “%s” was changed outside this window."),
    N_("The workbook setting “%s” was deleted outside this window.") },
};

static gboolean
values_equal (sqlite3_value *a,
              sqlite3_value *b)
{
  int type = sqlite3_value_type (a);

  if (type != sqlite3_value_type (b))
    return FALSE;

  switch (type)
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_INTEGER:
      return sqlite3_value_int64 (a) == sqlite3_value_int64 (b);
    case SQLITE_FLOAT:
      return sqlite3_value_double (a) == sqlite3_value_double (b);
    default:
      return sqlite3_value_bytes (a) == sqlite3_value_bytes (b) &&
             memcmp (sqlite3_value_blob (a), sqlite3_value_blob (b), sqlite3_value_bytes (a)) == 0;
    }
}

/* The row in the file already holds every value the change would write. */
static gboolean
row_has_new_values (sqlite3_changeset_iter *iter,
                    int                     n_columns)
{
  for (int i = 0; i < n_columns; i++)
    {
      sqlite3_value *wanted = NULL;
      sqlite3_value *current = NULL;

      if (sqlite3changeset_new (iter, i, &wanted) != SQLITE_OK ||
          sqlite3changeset_conflict (iter, i, &current) != SQLITE_OK)
        return FALSE;
      if (wanted != NULL && (current == NULL || !values_equal (wanted, current)))
        return FALSE;
    }

  return TRUE;
}

/* Someone wrote the row after the step: a value the step recorded now
 * differs. A value that became NULL is what an ON DELETE SET NULL of the
 * step's own rows leaves, and an edit by any Concord also changes
 * updated_at, so NULLs alone are the step's own cascade. */
static gboolean
row_changed_outside (sqlite3_changeset_iter *iter,
                     int                     n_columns)
{
  for (int i = 0; i < n_columns; i++)
    {
      sqlite3_value *recorded = NULL;
      sqlite3_value *current = NULL;

      if (sqlite3changeset_old (iter, i, &recorded) != SQLITE_OK ||
          sqlite3changeset_conflict (iter, i, &current) != SQLITE_OK)
        return TRUE;
      if (recorded != NULL && current != NULL && !values_equal (recorded, current) &&
          sqlite3_value_type (current) != SQLITE_NULL)
        return TRUE;
    }

  return FALSE;
}

/* The row's name as a user knows it, from whichever values @iter has. */
static char *
conflict_row_name (ConcordWorkbook        *self,
                   sqlite3_changeset_iter *iter,
                   const char             *table,
                   int                     conflict)
{
  const char * const *columns = g_hash_table_lookup (self->columns, table);
  const char *candidates[] = { "name", "title", "term", "key" };

  for (guint c = 0; columns != NULL && c < G_N_ELEMENTS (candidates); c++)
    for (int i = 0; columns[i] != NULL; i++)
      {
        sqlite3_value *value = NULL;

        if (!g_str_equal (columns[i], candidates[c]))
          continue;

        if ((conflict == SQLITE_CHANGESET_DATA || conflict == SQLITE_CHANGESET_CONFLICT) &&
            sqlite3changeset_conflict (iter, i, &value) == SQLITE_OK && value != NULL &&
            sqlite3_value_type (value) == SQLITE_TEXT)
          return g_strdup ((const char *) sqlite3_value_text (value));
        if (sqlite3changeset_old (iter, i, &value) == SQLITE_OK && value != NULL &&
            sqlite3_value_type (value) == SQLITE_TEXT)
          return g_strdup ((const char *) sqlite3_value_text (value));
        if (sqlite3changeset_new (iter, i, &value) == SQLITE_OK && value != NULL &&
            sqlite3_value_type (value) == SQLITE_TEXT)
          return g_strdup ((const char *) sqlite3_value_text (value));
      }

  return NULL;
}

static int
refuse_conflict (ApplyContext           *context,
                 OutsideKind             kind,
                 sqlite3_changeset_iter *iter,
                 const char             *table,
                 int                     conflict)
{
  if (context->kind == OUTSIDE_NONE)
    {
      context->kind = kind;
      context->table = g_strdup (table);
      context->name = iter != NULL ? conflict_row_name (context->self, iter, table, conflict) : NULL;
    }

  return SQLITE_CHANGESET_ABORT;
}

static int
apply_conflict (void                   *user_data,
                int                     conflict,
                sqlite3_changeset_iter *iter)
{
  ApplyContext *context = user_data;
  const char *table = NULL;
  int n_columns = 0;
  int op = 0;
  int indirect = 0;

  /* A foreign key check runs after the last change, on no row. */
  if (conflict == SQLITE_CHANGESET_FOREIGN_KEY)
    return refuse_conflict (context, OUTSIDE_RELATED, NULL, "", conflict);

  if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) != SQLITE_OK)
    return SQLITE_CHANGESET_ABORT;

  switch (conflict)
    {
    case SQLITE_CHANGESET_NOTFOUND:
      /* A row to delete is already gone (for example by a cascade the step
       * itself set off): nothing is lost. A row to update is gone. */
      if (op == SQLITE_DELETE)
        return SQLITE_CHANGESET_OMIT;
      return refuse_conflict (context, OUTSIDE_DELETED, iter, table, conflict);

    case SQLITE_CHANGESET_DATA:
      if (op == SQLITE_UPDATE && row_has_new_values (iter, n_columns))
        return SQLITE_CHANGESET_OMIT;
      /* Only the step's own cascade wrote the row: the step's value wins. */
      if (!row_changed_outside (iter, n_columns))
        return SQLITE_CHANGESET_REPLACE;
      return refuse_conflict (context, OUTSIDE_CHANGED, iter, table, conflict);

    case SQLITE_CHANGESET_CONFLICT:
      if (row_has_new_values (iter, n_columns))
        return SQLITE_CHANGESET_OMIT;
      return refuse_conflict (context, OUTSIDE_TAKEN, iter, table, conflict);

    default:
      return refuse_conflict (context, OUTSIDE_RELATED, iter, table, conflict);
    }
}

/* The sentence for a row of @table that changed or went, naming it
 * when its table's rows have names and this one has. */
static char *
outside_sentence (const char *table,
                  const char *name,
                  gboolean    deleted)
{
  for (guint i = 0; table != NULL && i < G_N_ELEMENTS (outside_messages); i++)
    {
      const char *message;

      if (!g_str_equal (outside_messages[i].table, table))
        continue;

      message = _(deleted ? outside_messages[i].deleted : outside_messages[i].changed);
      if (!outside_messages[i].named)
        return g_strdup (message);
      if (name != NULL)
        return g_strdup_printf (message, name);
      break;
    }

  if (name != NULL)
    return deleted
      ? g_strdup_printf (_("The record “%s” was deleted outside this window."), name)
      : g_strdup_printf (_("The record “%s” was changed outside this window."), name);

  return g_strdup (deleted
                   ? _("A record that this step changed was deleted outside this window.")
                   : _("A record was changed outside this window."));
}

static void
set_outside_error (ApplyContext  *context,
                   gboolean       undo,
                   GError       **error)
{
  const char *advice = undo
    ? _("Undoing it would overwrite that change, so nothing was undone; the step stays in the history.")
    : _("Redoing it would overwrite that change, so nothing was redone; the step stays in the history.");
  g_autofree char *what = NULL;

  switch (context->kind)
    {
    case OUTSIDE_CHANGED:
      what = outside_sentence (context->table, context->name, FALSE);
      break;

    case OUTSIDE_DELETED:
      what = outside_sentence (context->table, context->name, TRUE);
      break;

    case OUTSIDE_TAKEN:
      what = context->name != NULL
        ? g_strdup_printf (_("“%s” was added outside this window where this step puts a record back."),
                           context->name)
        : g_strdup (_("A record was added outside this window where this step puts one back."));
      break;

    default:
      what = g_strdup (_("Records this step refers to were changed or deleted outside this window."));
      break;
    }

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_CHANGED_OUTSIDE, _("%s %s"), what, advice);
}

/* The changeset's filter and conflict handler share one context. */
static int
replay_filter (void       *data,
               const char *table)
{
  ApplyContext *context = data;

  return concord_versions_replay_filter (context->self, table);
}

/* Rows written outside the session ------------------------------------------ */

/* The name of row @id of @table, in @from (main.TABLE or a TEMP copy). */
static char *
part_row_name (ConcordWorkbook *self,
               const char      *table,
               const char      *from,
               gint64           id)
{
  const char * const *columns = g_hash_table_lookup (self->columns, table);
  const char *candidates[] = { "name", "title", "term", "key" };

  for (guint c = 0; columns != NULL && c < G_N_ELEMENTS (candidates); c++)
    for (int i = 0; columns[i] != NULL; i++)
      if (g_str_equal (columns[i], candidates[c]))
        {
          g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", columns[i], from);
          g_autoptr(sqlite3_stmt) stmt = NULL;

          if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
            return NULL;
          sqlite3_bind_int64 (stmt, 1, id);
          if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
            return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          return NULL;
        }

  return NULL;
}

/* The first id @sql finds, 0 for none, -1 on failure. */
static gint64
part_query_id (ConcordWorkbook     *self,
               const char          *sql,
               const UntrackedPart *part)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64 (stmt, 1, part->first_id);
  sqlite3_bind_int64 (stmt, 2, part->last_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);

  return rc == SQLITE_DONE ? 0 : -1;
}

static int
part_exec (ConcordWorkbook     *self,
           const char          *sql,
           const UntrackedPart *part)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, part->first_id);
  sqlite3_bind_int64 (stmt, 2, part->last_id);
  rc = sqlite3_step (stmt);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
refuse_part (ApplyContext        *context,
             OutsideKind          kind,
             const UntrackedPart *part,
             const char          *from,
             gint64               id)
{
  if (context->kind == OUTSIDE_NONE)
    {
      context->kind = kind;
      context->table = g_strdup (part->table);
      context->name = part_row_name (context->self, part->table, from, id);
    }

  return SQLITE_ABORT;
}

/* Undo takes away the rows the step wrote outside its session, children
 * first, unless another writer changed one since: each must still be as
 * the step left it (a row already deleted is not missed). Redo puts
 * them back, unless another row took an id or a uuid of theirs. */
static int
replay_part (ConcordWorkbook     *self,
             const UntrackedPart *part,
             gboolean             undo,
             ApplyContext        *context)
{
  g_autofree char *copy = concord_untracked_copy_name (part, FALSE);
  g_autofree char *versions = concord_untracked_copy_name (part, TRUE);
  g_autofree char *main_table = g_strdup_printf ("main.%s", part->table);
  int rc;

  /* Names from the schema and the store's own TEMP tables only. */
  if (undo)
    {
      g_autofree char *changed = g_strdup_printf (
        "SELECT id FROM (SELECT * FROM main.%s WHERE id BETWEEN ?1 AND ?2 EXCEPT SELECT * FROM temp.%s) LIMIT 1",
        part->table, copy);
      g_autofree char *remove = g_strdup_printf ("DELETE FROM main.%s WHERE id BETWEEN ?1 AND ?2", part->table);
      gint64 id = part_query_id (self, changed, part);

      if (id < 0)
        return SQLITE_ERROR;
      if (id > 0)
        return refuse_part (context, OUTSIDE_CHANGED, part, main_table, id);

      rc = concord_versions_replay_untracked (self, part->table, copy, versions, TRUE);
      if (rc == SQLITE_OK)
        rc = part_exec (self, remove, part);
      return rc;
    }
  else
    {
      g_autofree char *put_back = g_strdup_printf ("INSERT INTO main.%s SELECT * FROM temp.%s",
                                                   part->table, copy);
      g_autofree char *taken = g_strdup_printf (
        "SELECT m.id FROM main.%s m WHERE m.id IN (SELECT id FROM temp.%s) "
        "OR m.uuid IN (SELECT uuid FROM temp.%s) LIMIT 1",
        part->table, copy, copy);

      rc = part_exec (self, put_back, part);
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        {
          gint64 id = part_query_id (self, taken, part);

          return refuse_part (context, id > 0 ? OUTSIDE_TAKEN : OUTSIDE_RELATED, part, main_table, id);
        }
      if (rc == SQLITE_OK)
        rc = concord_versions_replay_untracked (self, part->table, copy, versions, FALSE);
      return rc;
    }
}

static guint
count_search_rows (GBytes *changeset,
                   GArray *parts)
{
  guint n = concord_account_search_count_rows (changeset);

  for (guint i = 0; parts != NULL && i < parts->len; i++)
    {
      UntrackedPart *part = &g_array_index (parts, UntrackedPart, i);

      if (g_str_equal (part->table, "accounts") || g_str_equal (part->table, "contacts"))
        n += (guint) MIN (part->last_id - part->first_id + 1, CONCORD_BULK_REPLAY_ROWS);
    }

  return n;
}

static gboolean
apply_changeset (ConcordWorkbook  *self,
                 GBytes           *changeset,
                 GArray           *parts,
                 gboolean          undo,
                 GError          **error)
{
  ApplyContext context = { self, OUTSIDE_NONE, NULL, NULL };
  gsize size;
  gconstpointer data = g_bytes_get_data (changeset, &size);
  gboolean bulk;
  int rc;

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      concord_workbook_set_error (self, rc, error, _("Could not start undoing"));
      return FALSE;
    }

  bulk = count_search_rows (changeset, parts) >= CONCORD_BULK_REPLAY_ROWS;
  if (bulk && !concord_account_search_suspend (self, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  /* Versions: an edit's replay gets new dots, a merge's is exact. */
  concord_versions_replay_begin (self, changeset);
  rc = SQLITE_OK;
  if (parts != NULL)
    {
      /* The step's own rows refer to one another both ways across the
       * two halves; the keys are checked once both are done. */
      rc = sqlite3_exec (self->db, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL);
      for (guint i = 0; rc == SQLITE_OK && i < parts->len; i++)
        rc = replay_part (self, &g_array_index (parts, UntrackedPart, undo ? parts->len - 1 - i : i),
                          undo, &context);
    }
  if (rc == SQLITE_OK && size > 0)
    rc = sqlite3changeset_apply (self->db, (int) size, (void *) data,
                                 replay_filter, apply_conflict, &context);
  if (rc == SQLITE_OK)
    rc = concord_versions_replay_end (self, changeset);
  if (rc == SQLITE_OK && bulk && !concord_account_search_resume (self, NULL))
    rc = SQLITE_ERROR;
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      if (context.kind != OUTSIDE_NONE || (rc & 0xff) == SQLITE_ABORT || (rc & 0xff) == SQLITE_CONSTRAINT)
        set_outside_error (&context, undo, error);
      else
        concord_workbook_set_error (self, rc, error, _("Could not replay the change"));
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->bulk_depth = 0;
    }

  g_free (context.table);
  g_free (context.name);

  return rc == SQLITE_OK;
}

static gboolean
step_history (ConcordWorkbook  *self,
              GPtrArray        *from,
              GPtrArray        *to,
              gboolean          invert,
              GError          **error)
{
  g_autoptr(GBytes) changeset = NULL;
  HistoryEntry *entry;
  gboolean could_undo, could_redo;

  if (!concord_workbook_refuse_if_read_only (self, error))
    return FALSE;

  if (self->edit_depth > 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                   _("Finish the current change before undoing or redoing."));
      return FALSE;
    }

  if (!concord_workbook_refuse_if_replaced (self, error))
    return FALSE;

  if (from->len == 0)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_FAILED,
                   invert ? _("There is nothing to undo.") : _("There is nothing to redo."));
      return FALSE;
    }

  entry = g_ptr_array_index (from, from->len - 1);

  if (invert)
    {
      void *data = NULL;
      int size = 0;
      gsize in_size;
      gconstpointer in_data = g_bytes_get_data (entry->changeset, &in_size);
      int rc = in_size > 0 ? sqlite3changeset_invert ((int) in_size, in_data, &size, &data) : SQLITE_OK;

      if (rc != SQLITE_OK)
        {
          concord_workbook_set_error (self, rc, error, _("Could not undo"));
          return FALSE;
        }
      changeset = g_bytes_new_with_free_func (data, size, sqlite3_free, data);
    }
  else
    {
      changeset = g_bytes_ref (entry->changeset);
    }

  if (!apply_changeset (self, changeset, entry->parts, invert, error))
    return FALSE;

  could_undo = concord_workbook_can_undo (self);
  could_redo = concord_workbook_can_redo (self);

  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));

  concord_workbook_notify_history (self, could_undo, could_redo);
  concord_workbook_emit_changes (self, changeset, entry->parts);

  return TRUE;
}

gboolean
concord_workbook_undo (ConcordWorkbook  *self,
                       GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return step_history (self, self->undo_stack, self->redo_stack, TRUE, error);
}

gboolean
concord_workbook_redo (ConcordWorkbook  *self,
                       GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  return step_history (self, self->redo_stack, self->undo_stack, FALSE, error);
}

/**
 * concord_workbook_notice_outside_changes:
 * @self: a workbook
 *
 * Looks whether another program or connection has written the file since
 * the last call (SQLite's data_version). When it has, emits ::changed for
 * every table, so that lists, editors and the dashboard read again. The
 * first call only takes note. Cheap enough for a timer.
 *
 * Returns: whether someone else wrote the workbook
 */
gboolean
concord_workbook_notice_outside_changes (ConcordWorkbook *self)
{
  sqlite3_stmt *stmt;
  gint64 version;
  gboolean changed;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (self), FALSE);

  if (self->db == NULL || self->edit_depth > 0)
    return FALSE;

  stmt = concord_workbook_prepare (self, "PRAGMA data_version", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  changed = self->data_version != 0 && version != self->data_version;
  self->data_version = version;

  for (guint i = 0; changed && self->tables != NULL && self->tables[i] != NULL; i++)
    concord_workbook_emit_changed (self, self->tables[i]);

  return changed;
}

void
concord_workbook_clear_history (ConcordWorkbook *self)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (CONCORD_IS_WORKBOOK (self));

  could_undo = concord_workbook_can_undo (self);
  could_redo = concord_workbook_can_redo (self);
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  concord_workbook_notify_history (self, could_undo, could_redo);
}
