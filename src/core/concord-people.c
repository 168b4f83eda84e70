/* concord-people.c
 *
 * People own accounts, lead plans, hold roles and milestones. Deleting one
 * must never orphan their work silently, so the deletion rule lives here:
 * every owner column is either handed to someone else or cleared, in the
 * same edit as the deletion, so one Undo brings everything back.
 */
#define G_LOG_DOMAIN "concord-people"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "concord-info.h"
#include "concord-people.h"
#include "concord-workbook-private.h"

/* Every column of the schema that points at a person. The SQL is spelled
 * out so each statement is a static string, prepared once and reused. */
/* The columns that name a person come from concord_areas(); their
 * statements are built from those compiled-in names, once per workbook. */
static char *
owner_count_sql (const ConcordOwnerColumn *owner)
{
  return g_strdup_printf ("SELECT count(*) FROM %s WHERE %s = ?1", owner->table, owner->column);
}

static char *
owner_reassign_sql (const ConcordOwnerColumn *owner)
{
  return g_strdup_printf ("UPDATE %s SET %s = ?2, updated_at = strftime ('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now')"
                          " WHERE %s = ?1", owner->table, owner->column, owner->column);
}

static const char person_label_sql[] =
  "SELECT p.name, t.name FROM people p LEFT JOIN teams t ON t.id = p.team_id WHERE p.id = ?1";
static const char stage_label_sql[] =
  "SELECT s.name, p.name FROM process_stages s JOIN processes p ON p.id = s.process_id WHERE s.id = ?1";
/* Stages are picked within their process: processes by name, stages in
 * their order. */
static const char stage_lookup_sql[] =
  "SELECT s.id FROM process_stages s JOIN processes p ON p.id = s.process_id"
  " ORDER BY p.name COLLATE NOCASE, p.id, s.position, s.id";
static const char team_by_name_sql[] =
  "SELECT id FROM teams WHERE name = ?1 COLLATE NOCASE";
static const char team_next_position_sql[] =
  "SELECT ifnull (max (position), -1) + 1 FROM teams";
static const char people_search_sql[] =
  "SELECT p.id FROM people p LEFT JOIN teams t ON t.id = p.team_id"
  " WHERE ?1 = '%%'"
  "    OR p.name LIKE ?1 ESCAPE '!' OR p.title LIKE ?1 ESCAPE '!'"
  "    OR p.email LIKE ?1 ESCAPE '!' OR t.name LIKE ?1 ESCAPE '!'"
  " ORDER BY p.name COLLATE NOCASE, p.id";

char *
concord_like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '!')
        g_string_append_c (pattern, '!');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

static gboolean
person_exists (ConcordWorkbook  *workbook,
               gint64            person_id,
               GError          **error)
{
  g_autoptr(ConcordRecord) record = NULL;

  record = concord_workbook_get_record (workbook, "people", person_id, NULL);
  if (record == NULL)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   _("There is no person with id %" PRId64 "; they may have been deleted already."),
                   person_id);
      return FALSE;
    }

  return TRUE;
}

gint64
concord_people_count_owned_items (ConcordWorkbook  *workbook,
                                  gint64            person_id,
                                  GError          **error)
{
  const ConcordArea *areas;
  guint n_areas;
  gint64 total = 0;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  areas = concord_areas (&n_areas);
  for (guint i = 0; i < n_areas; i++)
    for (const ConcordOwnerColumn *owner = areas[i].owners; owner != NULL && owner->table != NULL; owner++)
      {
        g_autofree char *sql = NULL;
        sqlite3_stmt *stmt;

        /* A workbook from before a table existed simply owns nothing there. */
        if (!concord_workbook_has_table (workbook, owner->table))
          continue;

        sql = owner_count_sql (owner);
        stmt = concord_workbook_prepare (workbook, sql, error);
        if (stmt == NULL)
          return -1;

        sqlite3_bind_int64 (stmt, 1, person_id);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          total += sqlite3_column_int64 (stmt, 0);
        sqlite3_reset (stmt);
      }

  return total;
}

gboolean
concord_people_delete (ConcordWorkbook  *workbook,
                       gint64            person_id,
                       gint64            reassign_to_id,
                       GError          **error)
{
  g_autoptr(ConcordRecord) person = NULL;
  g_autoptr(ConcordEdit) edit = NULL;
  g_autofree char *label = NULL;
  const ConcordArea *areas;
  guint n_areas;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!person_exists (workbook, person_id, error))
    return FALSE;

  if (reassign_to_id == person_id)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("Choose someone else to take over the items of the person you delete."));
      return FALSE;
    }

  if (reassign_to_id != 0 && !person_exists (workbook, reassign_to_id, error))
    return FALSE;

  person = concord_workbook_get_record (workbook, "people", person_id, NULL);
  label = g_strdup_printf (_("Delete %s"), concord_record_get_string (person, "name"));

  edit = concord_workbook_edit (workbook, label, error);
  if (edit == NULL)
    return FALSE;

  areas = concord_areas (&n_areas);
  for (guint i = 0; i < n_areas; i++)
    for (const ConcordOwnerColumn *owner = areas[i].owners; owner != NULL && owner->table != NULL; owner++)
      {
        g_autofree char *sql = NULL;
        sqlite3_stmt *stmt;

        if (!concord_workbook_has_table (workbook, owner->table))
          continue;

        sql = owner_reassign_sql (owner);
        stmt = concord_workbook_prepare (workbook, sql, error);
        if (stmt == NULL)
          return FALSE;

        sqlite3_bind_int64 (stmt, 1, person_id);
        if (reassign_to_id != 0)
          sqlite3_bind_int64 (stmt, 2, reassign_to_id);
        else
          sqlite3_bind_null (stmt, 2);

        if (!concord_workbook_step_done (workbook, stmt, error))
          return FALSE;
      }

  if (!concord_workbook_delete (workbook, "people", person_id, error))
    return FALSE;

  return concord_edit_commit (edit, error);
}

gboolean
concord_people_check_email (const char  *email,
                            GError     **error)
{
  const char *at;

  if (email == NULL || *email == '\0')
    return TRUE;

  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL ||
      strchr (at + 1, '.') == NULL || strpbrk (email, " \t\n,;<>") != NULL ||
      g_str_has_suffix (email, "."))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("“%s” is not an email address; write it as name@example.com."), email);
      return FALSE;
    }

  return TRUE;
}

static void
set_text_or_null (ConcordFields *fields,
                  const char    *column,
                  const char    *value)
{
  if (value != NULL && *value != '\0')
    concord_fields_set_string (fields, column, value);
  else
    concord_fields_set_null (fields, column);
}

gint64
concord_people_save (ConcordWorkbook  *workbook,
                     gint64            person_id,
                     const char       *name,
                     gint64            team_id,
                     const char       *title,
                     const char       *email,
                     GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *clean_name = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *clean_email = g_strstrip (g_strdup (email ? email : ""));
  g_autofree char *clean_title = g_strstrip (g_strdup (title ? title : ""));

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (*clean_name == '\0')
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("A person needs a name."));
      return 0;
    }
  if (g_utf8_strlen (clean_name, -1) > 200)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("The name is longer than 200 characters."));
      return 0;
    }
  if (!concord_people_check_email (clean_email, error))
    return 0;

  concord_fields_set_string (fields, "name", clean_name);
  if (team_id > 0)
    concord_fields_set_id (fields, "team_id", team_id);
  else
    concord_fields_set_null (fields, "team_id");
  set_text_or_null (fields, "title", clean_title);
  set_text_or_null (fields, "email", clean_email);

  if (person_id == 0)
    {
      g_autofree char *label = g_strdup_printf (_("Add %s"), clean_name);
      g_autoptr(ConcordEdit) edit = concord_workbook_edit (workbook, label, error);
      gint64 id;

      if (edit == NULL)
        return 0;
      id = concord_workbook_insert (workbook, "people", fields, error);
      if (id == 0 || !concord_edit_commit (edit, error))
        return 0;
      return id;
    }
  else
    {
      g_autofree char *label = g_strdup_printf (_("Edit %s"), clean_name);

      g_autoptr(ConcordEdit) edit = NULL;

      if (!person_exists (workbook, person_id, error))
        return 0;
      if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
        return 0;
      if (!concord_workbook_update (workbook, "people", person_id, fields, error) ||
          !concord_edit_commit (edit, error))
        return 0;
      return person_id;
    }
}

gint64
concord_people_add_team (ConcordWorkbook  *workbook,
                         const char       *name,
                         GError          **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(ConcordFields) fields = NULL;
  g_autofree char *label = NULL;
  sqlite3_stmt *stmt;
  gint64 position = 0;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  if (*clean == '\0' || g_utf8_strlen (clean, -1) > 200)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("A team needs a name of 1 to 200 characters."));
      return 0;
    }

  stmt = concord_workbook_prepare (workbook, team_by_name_sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, clean, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return id;
    }
  sqlite3_reset (stmt);

  stmt = concord_workbook_prepare (workbook, team_next_position_sql, error);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  fields = concord_fields_new ();
  concord_fields_set_string (fields, "name", clean);
  concord_fields_set_string (fields, "kind", "other");
  concord_fields_set_int (fields, "position", position);

  label = g_strdup_printf (_("Add team %s"), clean);
  id = concord_workbook_insert_as (workbook, label, "teams", fields, error);
  if (id == 0)
    return 0;

  return id;
}

ConcordQueryModel *
concord_people_model_new (ConcordWorkbook *workbook)
{
  ConcordQueryModel *model;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = concord_query_model_new (workbook, "people");
  concord_query_model_watch (model, "teams");
  concord_people_model_set_search (model, NULL, NULL);

  return model;
}

gboolean
concord_people_model_set_search (ConcordQueryModel  *model,
                                 const char         *search,
                                 GError            **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autofree char *pattern = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (search ? search : ""));

  g_return_val_if_fail (CONCORD_IS_QUERY_MODEL (model), FALSE);

  pattern = concord_like_pattern (clean);
  g_ptr_array_add (params, g_variant_new_string (pattern));

  return concord_query_model_set_query (model, people_search_sql, params, error);
}

char *
concord_people_dup_label (ConcordWorkbook *workbook,
                          gint64           person_id)
{
  sqlite3_stmt *stmt;
  char *label = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  stmt = concord_workbook_prepare (workbook, person_label_sql, NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, person_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *team = (const char *) sqlite3_column_text (stmt, 1);

      /* Translators: a person and their team, "Hana Sato (Marketing)" */
      label = team ? g_strdup_printf (_("%s (%s)"), name, team) : g_strdup (name);
    }
  sqlite3_reset (stmt);

  return label;
}

char *
concord_lookup_dup_label (ConcordWorkbook *workbook,
                          const char      *table,
                          gint64           id)
{
  sqlite3_stmt *stmt;
  char *label = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (g_str_equal (table, "people"))
    return concord_people_dup_label (workbook, id);
  if (!g_str_equal (table, "process_stages"))
    return NULL;

  stmt = concord_workbook_prepare (workbook, stage_label_sql, NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    /* Translators: a stage within its process, "Lead management — MQL" */
    label = g_strdup_printf (_("%s — %s"), (const char *) sqlite3_column_text (stmt, 1),
                             (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return label;
}

ConcordQueryModel *
concord_lookup_model_new (ConcordWorkbook  *workbook,
                          const char       *table,
                          const char       *label_column,
                          GError          **error)
{
  g_autoptr(ConcordQueryModel) model = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (table != NULL && label_column != NULL, NULL);

  /* Names are checked against the schema, so only real identifiers reach
   * the SQL text; there are no values here to bind. */
  if (!concord_workbook_has_table (workbook, table) ||
      !concord_workbook_has_column (workbook, table, label_column))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   "The workbook has no column %s.%s", table, label_column);
      return NULL;
    }

  model = concord_query_model_new (workbook, table);
  sql = g_str_equal (table, "process_stages")
        ? g_strdup (stage_lookup_sql)
        : g_strdup_printf ("SELECT id FROM \"%s\" ORDER BY \"%s\" COLLATE NOCASE, id",
                           table, label_column);
  if (!concord_query_model_set_query (model, sql, NULL, error))
    return NULL;

  /* A person's label names their team, a stage's its process. */
  if (g_str_equal (table, "people"))
    concord_query_model_watch (model, "teams");
  if (g_str_equal (table, "process_stages"))
    concord_query_model_watch (model, "processes");

  return g_steal_pointer (&model);
}
