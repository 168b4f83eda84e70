/* concord-info.c
 *
 * The areas of a workbook, the counts of what each holds, and the sample
 * company a newcomer can load into an empty workbook.
 */
#define G_LOG_DOMAIN "concord-info"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "concord-accounts.h"
#include "concord-info.h"
#include "concord-plans.h"
#include "concord-processes.h"
#include "concord-role-maps.h"
#include "concord-workbook-private.h"

static const char *const people_tables[] = { "teams", "people", NULL };
static const char *const people_content[] = { "people", NULL };

static const char *const plans_tables[] = {
  "plans", "plan_kpis", "plan_budget_lines", "plan_milestones", "plan_accounts", NULL
};
static const char *const plans_content[] = { "plans", NULL };
static const ConcordCheckSource plans_checks[] = { concord_plans_check, NULL };
static const ConcordOwnerColumn plans_owners[] = {
  { "plans", "sales_lead_id" },
  { "plans", "marketing_lead_id" },
  { "plan_milestones", "owner_id" },
  { NULL, NULL }
};

static const char *const accounts_tables[] = {
  "accounts", "contacts", "touches", "account_stage_changes", NULL
};
static const char *const accounts_content[] = { "accounts", NULL };
static const ConcordCheckSource accounts_checks[] = { concord_accounts_check, NULL };
static const ConcordOwnerColumn accounts_owners[] = {
  { "accounts", "sales_owner_id" },
  { "accounts", "marketing_owner_id" },
  { "contacts", "owner_id" },
  { "touches", "owner_id" },
  { NULL, NULL }
};

static const char *const processes_tables[] = {
  "processes", "process_stages", "glossary_terms", "engagement_rules", NULL
};
static const char *const processes_content[] = {
  "processes", "glossary_terms", "engagement_rules", NULL
};
static const ConcordCheckSource processes_checks[] = {
  concord_processes_check, concord_glossary_check, NULL
};

static const char *const roles_tables[] = {
  "role_maps", "role_map_roles", "role_map_activities", "role_map_assignments", NULL
};
static const char *const roles_content[] = { "role_maps", NULL };
static const ConcordCheckSource roles_checks[] = { concord_role_maps_check, NULL };
static const ConcordOwnerColumn roles_owners[] = {
  { "role_map_roles", "person_id" },
  { NULL, NULL }
};

static const char *const roadmap_tables[] = {
  "maturity_dimensions", "maturity_statements", "assessments", "assessment_answers",
  "maturity_targets", "initiatives", NULL
};
static const char *const roadmap_content[] = { "assessments", "initiatives", NULL };
static const ConcordOwnerColumn roadmap_owners[] = {
  { "initiatives", "owner_id" },
  { NULL, NULL }
};

/* In the sidebar's order; Alt+1 … Alt+7 follow it. The dashboard keeps
 * no tables of its own. */
static const ConcordArea areas[] = {
  { "dashboard", N_("Dashboard"), "view-grid-symbolic",
    N_("Collective targets, budget by team, the milestones coming up and where the relationship stands, on one page."),
    NULL, NULL, NULL, NULL },
  { "plans", N_("Plans"), "x-office-calendar-symbolic",
    N_("Joint campaigns, events, ABM programmes and enablement work that sales and marketing run together, with shared KPIs, budgets and milestones."),
    plans_tables, plans_content, plans_checks, plans_owners },
  { "accounts", N_("Accounts"), "starred-symbolic",
    N_("The strategic accounts both teams pursue together, with their buying committees, touches and account plans."),
    accounts_tables, accounts_content, accounts_checks, accounts_owners },
  { "processes", N_("Processes"), "view-list-ordered-symbolic",
    N_("What every funnel stage means, who owns it, where leads change hands and what each team promises the other."),
    processes_tables, processes_content, processes_checks, NULL },
  { "roles", N_("Roles"), "x-office-spreadsheet-symbolic",
    N_("Who does what at each step: responsibility matrices of activities and roles, checked as you edit."),
    roles_tables, roles_content, roles_checks, roles_owners },
  { "roadmap", N_("Roadmap"), "x-office-presentation-symbolic",
    N_("Where the relationship stands on the four-stage ladder, where it should go, and the initiatives that move it."),
    roadmap_tables, roadmap_content, NULL, roadmap_owners },
  { "people", N_("People"), "system-users-symbolic",
    N_("Everyone who owns a plan, an account or a step, with their team and title."),
    people_tables, people_content, NULL, NULL },
};

const ConcordArea *
concord_areas (guint *n_areas)
{
  if (n_areas != NULL)
    *n_areas = G_N_ELEMENTS (areas);

  return areas;
}

/* Returns: (nullable): the area named @name */
const ConcordArea *
concord_area_lookup (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (areas); i++)
    if (g_str_equal (areas[i].name, name))
      return &areas[i];

  return NULL;
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
      if (areas[i].tables == NULL)
        continue;
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
      JsonObject *counts;

      if (areas[i].tables == NULL)
        continue;
      counts = json_object_get_object_member (by_area, areas[i].name);

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

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    for (guint t = 0; areas[i].content_tables != NULL && areas[i].content_tables[t] != NULL; t++)
      if (concord_workbook_count (workbook, areas[i].content_tables[t]) > 0)
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
