/* concord-role-maps.c
 *
 * Role maps: who is Responsible, Accountable, Consulted or Informed (or
 * Supportive in RASCI; Driver, Approver, Contributor, Informed in DACI)
 * for each activity. A map is small, so it is read whole into a matrix;
 * validation, per-role load and the exports all work on that matrix.
 */
#define G_LOG_DOMAIN "concord-role-maps"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "concord-check.h"
#include "concord-csv.h"
#include "concord-reorder.h"
#include "concord-role-maps.h"
#include "concord-tables.h"
#include "concord-markdown.h"
#include "concord-workbook-private.h"

#define NOW_SQL "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"

static const char map_sql[] =
  "SELECT name, variant FROM role_maps WHERE id = ?1";
static const char roles_sql[] =
  "SELECT r.id, r.name, r.kind, coalesce (r.team_id, p.team_id, 0)"
  "  FROM role_map_roles r LEFT JOIN people p ON p.id = r.person_id"
  " WHERE r.map_id = ?1 ORDER BY r.position, r.id";
static const char activities_sql[] =
  "SELECT a.id, a.name, a.grouping, coalesce (a.stage_id, 0), s.name,"
  "       coalesce (s.owner_team_id, 0), t.name"
  "  FROM role_map_activities a"
  "  LEFT JOIN process_stages s ON s.id = a.stage_id"
  "  LEFT JOIN teams t ON t.id = s.owner_team_id"
  " WHERE a.map_id = ?1 ORDER BY a.position, a.id";
static const char cells_sql[] =
  "SELECT x.activity_id, x.role_id, x.letter"
  "  FROM role_map_assignments x JOIN role_map_activities a ON a.id = x.activity_id"
  " WHERE a.map_id = ?1";
static const char all_maps_sql[] =
  "SELECT id FROM role_maps ORDER BY name COLLATE NOCASE, id";
static const char lookup_sql[] =
  "SELECT id FROM role_maps WHERE name = ?1 ORDER BY id LIMIT 1";
static const char cell_context_sql[] =
  "SELECT a.name, r.name, m.variant"
  "  FROM role_map_activities a JOIN role_map_roles r ON r.map_id = a.map_id"
  "  JOIN role_maps m ON m.id = a.map_id"
  " WHERE a.id = ?1 AND r.id = ?2";
static const char set_cell_sql[] =
  "INSERT INTO role_map_assignments (activity_id, role_id, letter) VALUES (?1, ?2, ?3)"
  " ON CONFLICT (activity_id, role_id) DO UPDATE SET letter = excluded.letter,"
  " updated_at = " NOW_SQL " WHERE letter IS NOT excluded.letter";
static const char clear_cell_sql[] =
  "DELETE FROM role_map_assignments WHERE activity_id = ?1 AND role_id = ?2";
static const char swap_letter_sql[] =
  "UPDATE role_map_assignments SET letter = ?3, updated_at = " NOW_SQL
  " WHERE letter = ?2 AND activity_id IN (SELECT id FROM role_map_activities WHERE map_id = ?1)";

/* Variants ------------------------------------------------------------------ */

static const char *const variant_names[] = { "raci", "rasci", "daci" };

const char *
concord_role_variant_to_string (ConcordRoleVariant variant)
{
  g_return_val_if_fail (variant <= CONCORD_ROLE_VARIANT_DACI, "raci");

  return variant_names[variant];
}

gboolean
concord_role_variant_from_string (const char         *text,
                                  ConcordRoleVariant *variant)
{
  for (guint i = 0; i < G_N_ELEMENTS (variant_names); i++)
    {
      if (g_strcmp0 (text, variant_names[i]) == 0)
        {
          *variant = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
concord_role_variant_letters (ConcordRoleVariant variant)
{
  switch (variant)
    {
    case CONCORD_ROLE_VARIANT_RASCI:
      return "RASCI";
    case CONCORD_ROLE_VARIANT_DACI:
      return "DACI";
    case CONCORD_ROLE_VARIANT_RACI:
    default:
      return "RACI";
    }
}

char
concord_role_variant_doer (ConcordRoleVariant variant)
{
  return variant == CONCORD_ROLE_VARIANT_DACI ? 'D' : 'R';
}

const char *
concord_role_letter_name (ConcordRoleVariant variant,
                          char               letter)
{
  gboolean daci = variant == CONCORD_ROLE_VARIANT_DACI;

  switch (letter)
    {
    case 'R': return _("Responsible");
    case 'A': return daci ? _("Approver") : _("Accountable");
    case 'S': return _("Supportive");
    case 'C': return daci ? _("Contributor") : _("Consulted");
    case 'I': return _("Informed");
    case 'D': return _("Driver");
    default:  return "";
    }
}

static gboolean
variant_allows (ConcordRoleVariant variant,
                char               letter)
{
  return letter != '\0' && strchr (concord_role_variant_letters (variant), letter) != NULL;
}

/* The matrix ---------------------------------------------------------------- */

static void
role_free (ConcordRoleMapRole *role)
{
  g_free (role->name);
  g_free (role->kind);
  g_free (role);
}

static void
activity_free (ConcordRoleMapActivity *activity)
{
  g_free (activity->name);
  g_free (activity->grouping);
  g_free (activity->stage_name);
  g_free (activity->stage_team);
  g_free (activity);
}

void
concord_role_matrix_free (ConcordRoleMatrix *matrix)
{
  if (matrix == NULL)
    return;

  g_free (matrix->name);
  g_clear_pointer (&matrix->roles, g_ptr_array_unref);
  g_clear_pointer (&matrix->activities, g_ptr_array_unref);
  g_free (matrix->cells);
  g_free (matrix);
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
finish_rows (ConcordWorkbook  *workbook,
             sqlite3_stmt     *stmt,
             int               rc,
             GError          **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  concord_workbook_set_error (workbook, rc, error, "Could not read the role map");
  return FALSE;
}

static int
find_index (GPtrArray *array,
            gint64     id)
{
  /* Roles and activities both start with their id. */
  for (guint i = 0; i < array->len; i++)
    if (*(gint64 *) g_ptr_array_index (array, i) == id)
      return i;

  return -1;
}

ConcordRoleMatrix *
concord_role_matrix_load (ConcordWorkbook  *workbook,
                          gint64            map_id,
                          GError          **error)
{
  g_autoptr(ConcordRoleMatrix) matrix = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = concord_workbook_prepare (workbook, map_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, map_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   _("That role map is no longer in the workbook."));
      return NULL;
    }

  matrix = g_new0 (ConcordRoleMatrix, 1);
  matrix->id = map_id;
  matrix->name = dup_text (stmt, 0);
  if (!concord_role_variant_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                         &matrix->variant))
    matrix->variant = CONCORD_ROLE_VARIANT_RACI;
  sqlite3_reset (stmt);

  matrix->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) role_free);
  matrix->activities = g_ptr_array_new_with_free_func ((GDestroyNotify) activity_free);

  stmt = concord_workbook_prepare (workbook, roles_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, map_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConcordRoleMapRole *role = g_new0 (ConcordRoleMapRole, 1);

      role->id = sqlite3_column_int64 (stmt, 0);
      role->name = dup_text (stmt, 1);
      role->kind = dup_text (stmt, 2);
      role->team_id = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (matrix->roles, role);
    }
  if (!finish_rows (workbook, stmt, rc, error))
    return NULL;

  stmt = concord_workbook_prepare (workbook, activities_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, map_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConcordRoleMapActivity *activity = g_new0 (ConcordRoleMapActivity, 1);

      activity->id = sqlite3_column_int64 (stmt, 0);
      activity->name = dup_text (stmt, 1);
      activity->grouping = dup_text (stmt, 2);
      activity->stage_id = sqlite3_column_int64 (stmt, 3);
      activity->stage_name = dup_text (stmt, 4);
      activity->stage_team_id = sqlite3_column_int64 (stmt, 5);
      activity->stage_team = dup_text (stmt, 6);
      g_ptr_array_add (matrix->activities, activity);
    }
  if (!finish_rows (workbook, stmt, rc, error))
    return NULL;

  matrix->cells = g_malloc0 (MAX (1, matrix->activities->len * matrix->roles->len));

  stmt = concord_workbook_prepare (workbook, cells_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, map_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int a = find_index (matrix->activities, sqlite3_column_int64 (stmt, 0));
      int r = find_index (matrix->roles, sqlite3_column_int64 (stmt, 1));
      const char *letter = (const char *) sqlite3_column_text (stmt, 2);

      if (a >= 0 && r >= 0 && letter != NULL)
        matrix->cells[a * matrix->roles->len + r] = letter[0];
    }
  if (!finish_rows (workbook, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&matrix);
}

char
concord_role_matrix_get (ConcordRoleMatrix *matrix,
                         guint              activity,
                         guint              role)
{
  g_return_val_if_fail (matrix != NULL, '\0');
  g_return_val_if_fail (activity < matrix->activities->len, '\0');
  g_return_val_if_fail (role < matrix->roles->len, '\0');

  return matrix->cells[activity * matrix->roles->len + role];
}

guint
concord_role_matrix_count (ConcordRoleMatrix *matrix,
                           guint              role,
                           char               letter)
{
  guint count = 0;

  g_return_val_if_fail (matrix != NULL, 0);
  g_return_val_if_fail (role < matrix->roles->len, 0);

  for (guint a = 0; a < matrix->activities->len; a++)
    if (concord_role_matrix_get (matrix, a, role) == letter)
      count++;

  return count;
}

/* Validation ---------------------------------------------------------------- */

static void
add_activity_finding (GPtrArray              *findings,
                      ConcordRoleMatrix      *matrix,
                      ConcordRoleMapActivity *activity,
                      const char             *code,
                      const char             *message)
{
  g_autofree char *where = g_strdup_printf (_("Role map “%s”, activity “%s”"),
                                            matrix->name, activity->name);

  g_ptr_array_add (findings, concord_finding_new (code, "role_map_activities", activity->id,
                                                  where, message));
}

static void
validate_activity (ConcordRoleMatrix *matrix,
                   guint              a,
                   GPtrArray         *findings)
{
  ConcordRoleMapActivity *activity = g_ptr_array_index (matrix->activities, a);
  gboolean daci = matrix->variant == CONCORD_ROLE_VARIANT_DACI;
  char doer = concord_role_variant_doer (matrix->variant);
  g_autoptr(GString) approvers = g_string_new (NULL);
  guint n_approvers = 0, n_doers = 0;
  gboolean owner_does = FALSE;

  for (guint r = 0; r < matrix->roles->len; r++)
    {
      ConcordRoleMapRole *role = g_ptr_array_index (matrix->roles, r);
      char letter = concord_role_matrix_get (matrix, a, r);

      if (letter == '\0')
        continue;

      if (!variant_allows (matrix->variant, letter))
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” holds %c, which a %s map does not use; choose one of %s."),
                             role->name, letter, concord_role_variant_letters (matrix->variant),
                             concord_role_variant_letters (matrix->variant));
          add_activity_finding (findings, matrix, activity, "role-map/letter", message);
        }
      else if (letter == 'A')
        {
          g_string_append_printf (approvers, "%s%s", n_approvers ? ", " : "", role->name);
          n_approvers++;
        }
      else if (letter == doer)
        {
          n_doers++;
          if (activity->stage_team_id != 0 && role->team_id == activity->stage_team_id)
            owner_does = TRUE;
        }
    }

  if (n_approvers == 0)
    add_activity_finding (findings, matrix, activity, "role-map/accountable",
                          daci ? _("no role is the Approver; exactly one must be.")
                               : _("no role is Accountable; exactly one must be."));
  else if (n_approvers > 1)
    {
      g_autofree char *message =
        g_strdup_printf (daci ? _("%u roles are Approvers (%s); exactly one must be.")
                              : _("%u roles are Accountable (%s); exactly one must be."),
                         n_approvers, approvers->str);
      add_activity_finding (findings, matrix, activity, "role-map/accountable", message);
    }

  if (n_doers == 0)
    add_activity_finding (findings, matrix, activity, "role-map/responsible",
                          daci ? _("no role is the Driver; at least one must be.")
                               : _("no role is Responsible; at least one must be."));
  else if (activity->stage_team_id != 0 && !owner_does)
    {
      g_autofree char *message =
        g_strdup_printf (daci ? _("it belongs to stage “%s”, owned by %s, but no %s role is a Driver.")
                              : _("it belongs to stage “%s”, owned by %s, but no %s role is Responsible."),
                         activity->stage_name, activity->stage_team, activity->stage_team);
      add_activity_finding (findings, matrix, activity, "role-map/stage-owner", message);
    }
}

/**
 * concord_role_matrix_validate:
 *
 * Every activity has exactly one A (Approver in DACI) and at least one R
 * (Driver in DACI); a linked stage's owning team does the work; every
 * letter belongs to the map's variant; every role has some assignment.
 *
 * Returns: (element-type ConcordFinding) (transfer full): the findings
 */
GPtrArray *
concord_role_matrix_validate (ConcordRoleMatrix *matrix)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) concord_finding_free);

  g_return_val_if_fail (matrix != NULL, findings);

  for (guint a = 0; a < matrix->activities->len; a++)
    validate_activity (matrix, a, findings);

  for (guint r = 0; r < matrix->roles->len; r++)
    {
      ConcordRoleMapRole *role = g_ptr_array_index (matrix->roles, r);
      gboolean used = FALSE;

      for (guint a = 0; a < matrix->activities->len && !used; a++)
        used = concord_role_matrix_get (matrix, a, r) != '\0';

      if (!used)
        {
          g_autofree char *where = g_strdup_printf (_("Role map “%s”, role “%s”"),
                                                    matrix->name, role->name);

          g_ptr_array_add (findings,
                           concord_finding_new ("role-map/unused-role", "role_map_roles",
                                                role->id, where,
                                                _("has no assignment in any activity.")));
        }
    }

  return findings;
}

gboolean
concord_role_maps_check (ConcordWorkbook  *workbook,
                         GPtrArray        *findings,
                         GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = concord_workbook_prepare (workbook, all_maps_sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (!finish_rows (workbook, stmt, rc, error))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(ConcordRoleMatrix) matrix = NULL;
      g_autoptr(GPtrArray) map_findings = NULL;

      matrix = concord_role_matrix_load (workbook, g_array_index (ids, gint64, i), error);
      if (matrix == NULL)
        return FALSE;

      map_findings = concord_role_matrix_validate (matrix);
      for (guint f = 0; f < map_findings->len; f++)
        g_ptr_array_add (findings, g_ptr_array_steal_index (map_findings, f--));
    }

  return TRUE;
}

/* Exports ------------------------------------------------------------------- */

static void
export_csv (ConcordRoleMatrix *matrix,
            GString           *out)
{
  g_autoptr(GPtrArray) header = g_ptr_array_new ();

  g_ptr_array_add (header, (gpointer) _("Group"));
  g_ptr_array_add (header, (gpointer) _("Activity"));
  for (guint r = 0; r < matrix->roles->len; r++)
    g_ptr_array_add (header, ((ConcordRoleMapRole *) g_ptr_array_index (matrix->roles, r))->name);
  concord_csv_append_row (out, (const char *const *) header->pdata, header->len, TRUE);

  for (guint a = 0; a < matrix->activities->len; a++)
    {
      ConcordRoleMapActivity *activity = g_ptr_array_index (matrix->activities, a);
      g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (row, g_strdup (activity->grouping ? activity->grouping : ""));
      g_ptr_array_add (row, g_strdup (activity->name));
      for (guint r = 0; r < matrix->roles->len; r++)
        {
          char letter = concord_role_matrix_get (matrix, a, r);

          g_ptr_array_add (row, g_strndup (&letter, letter != '\0' ? 1 : 0));
        }
      concord_csv_append_row (out, (const char *const *) row->pdata, row->len, TRUE);
    }
}

static void
append_markdown_cell (GString    *out,
                      const char *text)
{
  g_string_append (out, " ");
  concord_markdown_append (out, text, CONCORD_MARKDOWN_CELL);
  g_string_append (out, " |");
}

static void
append_legend (ConcordRoleMatrix *matrix,
               GString           *out,
               gboolean           html)
{
  const char *letters = concord_role_variant_letters (matrix->variant);

  for (const char *l = letters; *l != '\0'; l++)
    {
      const char *name = concord_role_letter_name (matrix->variant, *l);

      if (html)
        g_string_append_printf (out, "<li><b>%c</b> %s</li>\n", *l, name);
      else
        g_string_append_printf (out, "%s**%c** %s", l == letters ? "" : " · ", *l, name);
    }
  if (!html)
    g_string_append (out, "\n");
}

static void
export_markdown (ConcordRoleMatrix *matrix,
                 GString           *out)
{
  g_string_append (out, "# ");
  concord_markdown_append (out, matrix->name, CONCORD_MARKDOWN_LINE);
  g_string_append (out, "\n\n|");
  append_markdown_cell (out, _("Group"));
  append_markdown_cell (out, _("Activity"));
  for (guint r = 0; r < matrix->roles->len; r++)
    append_markdown_cell (out, ((ConcordRoleMapRole *) g_ptr_array_index (matrix->roles, r))->name);
  g_string_append (out, "\n| --- | --- |");
  for (guint r = 0; r < matrix->roles->len; r++)
    g_string_append (out, " :-: |");
  g_string_append (out, "\n");

  for (guint a = 0; a < matrix->activities->len; a++)
    {
      ConcordRoleMapActivity *activity = g_ptr_array_index (matrix->activities, a);

      g_string_append (out, "|");
      append_markdown_cell (out, activity->grouping);
      append_markdown_cell (out, activity->name);
      for (guint r = 0; r < matrix->roles->len; r++)
        {
          char letter[2] = { concord_role_matrix_get (matrix, a, r), '\0' };
          append_markdown_cell (out, letter);
        }
      g_string_append (out, "\n");
    }

  g_string_append (out, "\n");
  append_legend (matrix, out, FALSE);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static void
export_html (ConcordRoleMatrix *matrix,
             GString           *out)
{
  /* Self-contained: one file to mail or open on a projector, no links. */
  g_string_append (out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>");
  append_escaped (out, matrix->name);
  g_string_append (out,
                   "</title>\n<style>\n"
                   "body { font-family: sans-serif; margin: 2em; color: #222; background: #fff; }\n"
                   "table { border-collapse: collapse; }\n"
                   "th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; }\n"
                   "th { background: #f2f2f2; text-align: left; }\n"
                   "td.letter { text-align: center; font-weight: bold; }\n"
                   "@media (prefers-color-scheme: dark) {\n"
                   "  body { color: #eee; background: #1e1e1e; }\n"
                   "  th { background: #333; }\n"
                   "  th, td { border-color: #555; }\n"
                   "}\n"
                   "</style>\n</head>\n<body>\n<h1>");
  append_escaped (out, matrix->name);
  g_string_append (out, "</h1>\n<table>\n<thead>\n<tr><th>");
  append_escaped (out, _("Group"));
  g_string_append (out, "</th><th>");
  append_escaped (out, _("Activity"));
  g_string_append (out, "</th>");
  for (guint r = 0; r < matrix->roles->len; r++)
    {
      g_string_append (out, "<th>");
      append_escaped (out, ((ConcordRoleMapRole *) g_ptr_array_index (matrix->roles, r))->name);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr>\n</thead>\n<tbody>\n");

  for (guint a = 0; a < matrix->activities->len; a++)
    {
      ConcordRoleMapActivity *activity = g_ptr_array_index (matrix->activities, a);

      g_string_append (out, "<tr><td>");
      append_escaped (out, activity->grouping);
      g_string_append (out, "</td><td>");
      append_escaped (out, activity->name);
      g_string_append (out, "</td>");
      for (guint r = 0; r < matrix->roles->len; r++)
        {
          char letter = concord_role_matrix_get (matrix, a, r);

          if (letter != '\0')
            g_string_append_printf (out, "<td class=\"letter\">%c</td>", letter);
          else
            g_string_append (out, "<td class=\"letter\"></td>");
        }
      g_string_append (out, "</tr>\n");
    }

  g_string_append (out, "</tbody>\n</table>\n<ul>\n");
  append_legend (matrix, out, TRUE);
  g_string_append (out, "</ul>\n</body>\n</html>\n");
}

char *
concord_role_matrix_export (ConcordRoleMatrix       *matrix,
                            ConcordRoleExportFormat  format)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (matrix != NULL, NULL);

  switch (format)
    {
    case CONCORD_ROLE_EXPORT_CSV:
      export_csv (matrix, out);
      break;
    case CONCORD_ROLE_EXPORT_MARKDOWN:
      export_markdown (matrix, out);
      break;
    case CONCORD_ROLE_EXPORT_HTML:
    default:
      export_html (matrix, out);
      break;
    }

  return g_string_free (out, FALSE);
}

/* Reads for the views ------------------------------------------------------- */

gint64
concord_role_maps_lookup (ConcordWorkbook *workbook,
                          const char      *name)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  stmt = concord_workbook_prepare (workbook, lookup_sql, NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

/* The map a view shows when none is chosen: the first by name, or 0. */
gint64
concord_role_maps_first (ConcordWorkbook *workbook)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  stmt = concord_workbook_prepare (workbook, all_maps_sql, NULL);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

ConcordQueryModel *
concord_role_maps_model_new (ConcordWorkbook *workbook)
{
  g_autoptr(ConcordQueryModel) model = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = concord_query_model_new (workbook, "role_maps");
  if (!concord_query_model_set_query (model, all_maps_sql, NULL, &error))
    g_warning ("Could not list role maps: %s", error->message);

  return g_steal_pointer (&model);
}

/* Edits --------------------------------------------------------------------- */

static gboolean
rename_record (ConcordWorkbook  *workbook,
               const char       *undo_label,
               const char       *table,
               gint64            id,
               const char       *name,
               GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *checked = concord_table_check_text (table, "name", name, error);

  if (checked == NULL)
    return FALSE;

  concord_fields_set_string (fields, "name", checked);

  return concord_workbook_update_as (workbook, undo_label, table, id, fields, error);
}

gboolean
concord_role_maps_rename (ConcordWorkbook  *workbook,
                          gint64            map_id,
                          const char       *name,
                          GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return rename_record (workbook, _("Rename Role Map"), "role_maps", map_id, name, error);
}

gboolean
concord_role_maps_rename_role (ConcordWorkbook  *workbook,
                               gint64            role_id,
                               const char       *name,
                               GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return rename_record (workbook, _("Rename Role"), "role_map_roles", role_id, name, error);
}

gboolean
concord_role_maps_rename_activity (ConcordWorkbook  *workbook,
                                   gint64            activity_id,
                                   const char       *name,
                                   GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return rename_record (workbook, _("Rename Activity"), "role_map_activities", activity_id, name, error);
}

gint64
concord_role_maps_add (ConcordWorkbook     *workbook,
                       const char          *name,
                       ConcordRoleVariant   variant,
                       GError             **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *checked = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  checked = concord_table_check_text ("role_maps", "name", name, error);
  if (checked == NULL)
    return 0;

  concord_fields_set_string (fields, "name", checked);
  concord_fields_set_string (fields, "variant", concord_role_variant_to_string (variant));

  return concord_workbook_insert_as (workbook, _("Add Role Map"), "role_maps", fields, error);
}

gboolean
concord_role_maps_delete (ConcordWorkbook  *workbook,
                          gint64            map_id,
                          GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_workbook_delete_as (workbook, _("Delete Role Map"), "role_maps", map_id, error);
}

/**
 * concord_role_maps_set_variant:
 *
 * Switches between RACI, RASCI and DACI. The doer's letter follows (R
 * becomes D for DACI and back), in the same undo step; a letter the new
 * variant lacks (S outside RASCI) stays and is reported, never dropped.
 */
gboolean
concord_role_maps_set_variant (ConcordWorkbook     *workbook,
                               gint64               map_id,
                               ConcordRoleVariant   variant,
                               GError             **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordRoleMatrix) matrix = NULL;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  char old_doer, new_doer;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  matrix = concord_role_matrix_load (workbook, map_id, error);
  if (matrix == NULL)
    return FALSE;
  if (matrix->variant == variant)
    return TRUE;

  old_doer = concord_role_variant_doer (matrix->variant);
  new_doer = concord_role_variant_doer (variant);
  concord_fields_set_string (fields, "variant", concord_role_variant_to_string (variant));

  if ((edit = concord_workbook_edit (workbook, _("Change Role Map Kind"), error)) == NULL)
    return FALSE;
  if (!concord_workbook_update (workbook, "role_maps", map_id, fields, error))
    return FALSE;

  if (old_doer != new_doer)
    {
      sqlite3_stmt *stmt = concord_workbook_prepare (workbook, swap_letter_sql, error);
      char from[2] = { old_doer, '\0' }, to[2] = { new_doer, '\0' };

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, map_id);
      sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
      if (!concord_workbook_step_done (workbook, stmt, error))
        return FALSE;
    }

  return concord_edit_commit (edit, error);
}

/**
 * concord_role_maps_set_cell:
 * @letter: the letter, or '\0' to clear the cell
 *
 * Sets one cell of a map, refusing a letter the map's variant does not
 * use or a role from another map.
 */
gboolean
concord_role_maps_set_cell (ConcordWorkbook  *workbook,
                            gint64            activity_id,
                            gint64            role_id,
                            char              letter,
                            GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autofree char *activity = NULL;
  g_autofree char *role = NULL;
  g_autofree char *label = NULL;
  ConcordRoleVariant variant = CONCORD_ROLE_VARIANT_RACI;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  stmt = concord_workbook_prepare (workbook, cell_context_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, activity_id);
  sqlite3_bind_int64 (stmt, 2, role_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      activity = dup_text (stmt, 0);
      role = dup_text (stmt, 1);
      concord_role_variant_from_string ((const char *) sqlite3_column_text (stmt, 2), &variant);
    }
  sqlite3_reset (stmt);

  if (activity == NULL)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   _("That activity or role is no longer in this role map; nothing was changed."));
      return FALSE;
    }

  letter = g_ascii_toupper (letter);
  if (letter != '\0' && !variant_allows (variant, letter))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("%c is not a letter of a %s map; use one of %s."),
                   g_ascii_isprint (letter) ? letter : '?',
                   concord_role_variant_letters (variant),
                   concord_role_variant_letters (variant));
      return FALSE;
    }

  label = letter != '\0'
    ? g_strdup_printf (_("Set %s for “%s” to %c"), role, activity, letter)
    : g_strdup_printf (_("Clear %s for “%s”"), role, activity);

  if ((edit = concord_workbook_edit (workbook, label, error)) == NULL)
    return FALSE;

  stmt = concord_workbook_prepare (workbook, letter != '\0' ? set_cell_sql : clear_cell_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, activity_id);
  sqlite3_bind_int64 (stmt, 2, role_id);
  if (letter != '\0')
    {
      char text[2] = { letter, '\0' };
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
    }
  if (!concord_workbook_step_done (workbook, stmt, error))
    return FALSE;

  return concord_edit_commit (edit, error);
}

gint64
concord_role_maps_add_role (ConcordWorkbook  *workbook,
                            gint64            map_id,
                            const char       *name,
                            const char       *kind,
                            gint64            team_id,
                            gint64            person_id,
                            GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *checked = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  checked = concord_table_check_text ("role_map_roles", "name", name, error);
  if (checked == NULL)
    return 0;

  if (kind != NULL && !g_str_equal (kind, "team") && !g_str_equal (kind, "job") &&
      !g_str_equal (kind, "person"))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("A role is a team, a job or a person, not “%s”."), kind);
      return 0;
    }

  concord_fields_set_id (fields, "map_id", map_id);
  concord_fields_set_string (fields, "name", checked);
  concord_fields_set_string (fields, "kind", kind ? kind : "job");
  if (team_id > 0)
    concord_fields_set_id (fields, "team_id", team_id);
  if (person_id > 0)
    concord_fields_set_id (fields, "person_id", person_id);
  concord_fields_set_int (fields, "position",
                          concord_reorder_next_position (workbook, "role_map_roles",
                                                         "map_id", map_id));

  return concord_workbook_insert_as (workbook, _("Add Role"), "role_map_roles", fields, error);
}

gint64
concord_role_maps_add_activity (ConcordWorkbook  *workbook,
                                gint64            map_id,
                                const char       *name,
                                const char       *grouping,
                                gint64            stage_id,
                                GError          **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *checked = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  checked = concord_table_check_text ("role_map_activities", "name", name, error);
  if (checked == NULL)
    return 0;

  concord_fields_set_id (fields, "map_id", map_id);
  concord_fields_set_string (fields, "name", checked);
  if (grouping != NULL && *grouping != '\0')
    concord_fields_set_string (fields, "grouping", grouping);
  if (stage_id > 0)
    concord_fields_set_id (fields, "stage_id", stage_id);
  concord_fields_set_int (fields, "position",
                          concord_reorder_next_position (workbook, "role_map_activities",
                                                         "map_id", map_id));

  return concord_workbook_insert_as (workbook, _("Add Activity"), "role_map_activities", fields, error);
}

gboolean
concord_role_maps_delete_role (ConcordWorkbook  *workbook,
                               gint64            role_id,
                               GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_workbook_delete_as (workbook, _("Delete Role"), "role_map_roles", role_id, error);
}

gboolean
concord_role_maps_delete_activity (ConcordWorkbook  *workbook,
                                   gint64            activity_id,
                                   GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_workbook_delete_as (workbook, _("Delete Activity"), "role_map_activities", activity_id, error);
}

gboolean
concord_role_maps_move_role (ConcordWorkbook  *workbook,
                             gint64            map_id,
                             gint64            role_id,
                             guint             new_index,
                             GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_reorder_move (workbook, "role_map_roles", "map_id", map_id, role_id,
                               new_index, _("Move Role"), error);
}

gboolean
concord_role_maps_move_activity (ConcordWorkbook  *workbook,
                                 gint64            map_id,
                                 gint64            activity_id,
                                 guint             new_index,
                                 GError          **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_reorder_move (workbook, "role_map_activities", "map_id", map_id, activity_id,
                               new_index, _("Move Activity"), error);
}
