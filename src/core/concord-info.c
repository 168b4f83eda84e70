/* concord-info.c
 *
 * The areas of a workbook, the counts of what each holds, and the sample
 * company a newcomer can load into an empty workbook.
 */
#define G_LOG_DOMAIN "concord-info"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "concord-info.h"
#include "concord-workbook-private.h"

static const char *const people_tables[] = { "teams", "people", NULL };
static const char *const plans_tables[] = {
  "plans", "plan_kpis", "plan_budget_lines", "plan_milestones", "plan_accounts", NULL
};
static const char *const accounts_tables[] = {
  "accounts", "contacts", "touches", "account_stage_changes", NULL
};
static const char *const processes_tables[] = {
  "processes", "process_stages", "glossary_terms", "engagement_rules", NULL
};
static const char *const roles_tables[] = {
  "role_maps", "role_map_roles", "role_map_activities", "role_map_assignments", NULL
};
static const char *const roadmap_tables[] = {
  "maturity_dimensions", "maturity_statements", "assessments", "assessment_answers",
  "maturity_targets", "initiatives", NULL
};

static const ConcordArea areas[] = {
  { "plans", N_("Plans"), plans_tables },
  { "accounts", N_("Accounts"), accounts_tables },
  { "processes", N_("Processes"), processes_tables },
  { "roles", N_("Roles"), roles_tables },
  { "roadmap", N_("Roadmap"), roadmap_tables },
  { "people", N_("People"), people_tables },
};

/* The tables a user's own work lives in; defaults are not "content". */
static const char *const content_tables[] = {
  "people", "accounts", "plans", "processes", "glossary_terms", "engagement_rules",
  "role_maps", "assessments", "initiatives", NULL
};

const ConcordArea *
concord_areas (guint *n_areas)
{
  if (n_areas != NULL)
    *n_areas = G_N_ELEMENTS (areas);

  return areas;
}

JsonNode *
concord_workbook_info (ConcordWorkbook *workbook)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *problems = NULL;
  gboolean intact;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  intact = concord_workbook_check_integrity (workbook, &problems, &error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, concord_workbook_get_path (workbook));
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, concord_workbook_get_schema_version (workbook));
  /* Whether the file can be written, not how this call opened it. */
  json_builder_set_member_name (builder, "writable");
  json_builder_add_boolean_value (builder,
                                  concord_file_is_writable (concord_workbook_get_path (workbook)));
  json_builder_set_member_name (builder, "integrity");
  json_builder_add_string_value (builder, intact ? "ok" : (problems ? problems : error->message));

  json_builder_set_member_name (builder, "areas");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      json_builder_set_member_name (builder, areas[i].name);
      json_builder_begin_object (builder);
      for (guint t = 0; areas[i].tables[t] != NULL; t++)
        {
          json_builder_set_member_name (builder, areas[i].tables[t]);
          json_builder_add_int_value (builder,
                                      concord_workbook_count (workbook, areas[i].tables[t]));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
concord_workbook_info_text (ConcordWorkbook *workbook)
{
  g_autoptr(JsonNode) root = concord_workbook_info (workbook);
  JsonObject *object = json_node_get_object (root);
  JsonObject *by_area = json_object_get_object_member (object, "areas");
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s: %s\n", _("Workbook"),
                          json_object_get_string_member (object, "path"));
  g_string_append_printf (text, "%s: %" G_GINT64_FORMAT "\n", _("Schema version"),
                          json_object_get_int_member (object, "schema_version"));
  g_string_append_printf (text, "%s: %s\n", _("Integrity"),
                          json_object_get_string_member (object, "integrity"));
  if (!json_object_get_boolean_member (object, "writable"))
    g_string_append_printf (text, "%s\n", _("The file is read-only"));

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      JsonObject *counts = json_object_get_object_member (by_area, areas[i].name);

      g_string_append_printf (text, "%s\n", g_dgettext (GETTEXT_PACKAGE, areas[i].title));
      for (guint t = 0; areas[i].tables[t] != NULL; t++)
        g_string_append_printf (text, "  %-24s %8" G_GINT64_FORMAT "\n", areas[i].tables[t],
                                json_object_get_int_member (counts, areas[i].tables[t]));
    }

  return g_string_free (text, FALSE);
}

/* TRUE when the user has entered nothing yet (defaults do not count). */
gboolean
concord_workbook_is_empty (ConcordWorkbook *workbook)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  for (guint i = 0; content_tables[i] != NULL; i++)
    if (concord_workbook_count (workbook, content_tables[i]) > 0)
      return FALSE;

  return TRUE;
}

/**
 * concord_workbook_add_sample:
 *
 * Fills an empty workbook with a fictional company touching every area,
 * as one undoable edit.
 */
gboolean
concord_workbook_add_sample (ConcordWorkbook  *workbook,
                             GError          **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (!concord_workbook_is_empty (workbook))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("The sample company can only be added to an empty workbook."));
      return FALSE;
    }

  bytes = g_resources_lookup_data ("/io/github/concordplan/Concord/core/concord-sample.sql",
                                   0, error);
  if (bytes == NULL)
    return FALSE;

  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if ((edit = concord_workbook_edit (workbook, _("Add sample company"), error)) == NULL ||
      !concord_workbook_exec (workbook, sql, error))
    return FALSE;

  return concord_edit_commit (edit, error);
}
