/* concord-tables.c
 *
 * The description of every table: what each column holds, its label, its
 * limits and its names in CSV and JSON. Change a table here and in a
 * migration together; tests/test-tables.c compares the two, and
 * build-aux/update-generated.sh rewrites the JSON Schema and
 * docs/schema.md from here.
 */
#define G_LOG_DOMAIN "concord-tables"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "concord-error.h"
#include "concord-tables.h"

/* Choices ---------------------------------------------------------------- */

static const ConcordChoice tiers[] = {
  { "strategic", N_("1:1 strategic") },
  { "few", N_("1:few") },
  { "many", N_("1:many") },
};

static const ConcordChoice stages[] = {
  { "target", N_("Target") },
  { "engaged", N_("Engaged") },
  { "opportunity", N_("Opportunity") },
  { "customer", N_("Customer") },
  { "paused", N_("Paused") },
  { "lost", N_("Lost") },
};

static const ConcordChoice roles[] = {
  { "champion", N_("Champion") },
  { "economic_buyer", N_("Economic buyer") },
  { "decision_maker", N_("Decision maker") },
  { "technical_evaluator", N_("Technical evaluator") },
  { "influencer", N_("Influencer") },
  { "end_user", N_("End user") },
  { "blocker", N_("Blocker") },
  { "coach", N_("Coach") },
  { "executive_sponsor", N_("Executive sponsor") },
  { "legal_compliance", N_("Legal and compliance") },
  { "procurement", N_("Procurement") },
  { "other", N_("Other") },
};

static const ConcordChoice influences[] = {
  { "high", N_("High") },
  { "medium", N_("Medium") },
  { "low", N_("Low") },
};

static const ConcordChoice sentiments[] = {
  { "positive", N_("Positive") },
  { "neutral", N_("Neutral") },
  { "negative", N_("Negative") },
};

static const ConcordChoice channels[] = {
  { "email", N_("Email") },
  { "event", N_("Event") },
  { "call", N_("Call") },
  { "ads", N_("Ads") },
  { "direct_mail", N_("Direct mail") },
  { "content", N_("Content") },
  { "meeting", N_("Meeting") },
};

static const ConcordChoice touch_teams[] = {
  { "sales", N_("Sales") },
  { "marketing", N_("Marketing") },
  { "joint", N_("Joint") },
};

static const ConcordChoice plan_kinds[] = {
  { "campaign", N_("Campaign") },
  { "event", N_("Event") },
  { "abm", N_("ABM programme") },
  { "enablement", N_("Enablement") },
  { "growth", N_("Joint growth project") },
};

static const ConcordChoice plan_statuses[] = {
  { "draft", N_("Draft") },
  { "planned", N_("Planned") },
  { "active", N_("Active") },
  { "done", N_("Done") },
  { "cancelled", N_("Cancelled") },
};

static const ConcordChoice kpi_units[] = {
  { "count", N_("Count") },
  { "currency", N_("Currency") },
  { "percent", N_("Percent") },
};

static const ConcordChoice kpi_cadences[] = {
  { "weekly", N_("Weekly") },
  { "monthly", N_("Monthly") },
  { "quarterly", N_("Quarterly") },
};

/* In ConcordFunder order. */
static const ConcordChoice budget_funders[] = {
  { "sales", N_("Sales") },
  { "marketing", N_("Marketing") },
  { "shared", N_("Shared") },
};

static const ConcordChoice teams_kind[] = {
  { "sales", N_("Sales") },
  { "marketing", N_("Marketing") },
  { "revops", N_("Revenue operations") },
  { "leadership", N_("Leadership") },
  { "success", N_("Customer success") },
  { "other", N_("Other") },
};


static const ConcordChoice role_maps_variant[] = {
  { "raci", N_("RACI") },
  { "rasci", N_("RASCI") },
  { "daci", N_("DACI") },
};

static const ConcordChoice role_map_roles_kind[] = {
  { "team", N_("Team") },
  { "job", N_("Job role") },
  { "person", N_("Person") },
};

static const ConcordChoice role_map_assignments_letter[] = {
  { "R", N_("Responsible") },
  { "A", N_("Accountable") },
  { "S", N_("Supportive") },
  { "C", N_("Consulted") },
  { "I", N_("Informed") },
  { "D", N_("Driver") },
};

static const ConcordChoice assessments_team[] = {
  { "sales", N_("Sales") },
  { "marketing", N_("Marketing") },
  { "leadership", N_("Leadership") },
  { "joint", N_("Joint") },
};

static const ConcordChoice initiatives_status[] = {
  { "proposed", N_("Proposed") },
  { "active", N_("Active") },
  { "done", N_("Done") },
  { "paused", N_("Paused") },
  { "cancelled", N_("Cancelled") },
};

/* Columns ---------------------------------------------------------------- */

#define COLUMN(NAME, LABEL, KIND, ...) \
  { .name = NAME, .label = LABEL, .kind = CONCORD_COLUMN_##KIND, __VA_ARGS__ }
#define CHOICE(NAME, LABEL, CHOICES, ...) \
  { .name = NAME, .label = LABEL, .kind = CONCORD_COLUMN_CHOICE, \
    .choices = CHOICES, .n_choices = G_N_ELEMENTS (CHOICES), __VA_ARGS__ }
/* A reference is exchanged as the UUID of its record, named without "_id". */
#define REF(NAME, JSON, LABEL, PARENT, ...) \
  { .name = NAME, .label = LABEL, .kind = CONCORD_COLUMN_REFERENCE, .json_name = JSON, \
    .parent = PARENT, __VA_ARGS__ }
/* The record it belongs to: deleted with it. */
#define CASCADE_REF(NAME, JSON, LABEL, PARENT, ...) \
  REF (NAME, JSON, LABEL, PARENT, .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_CASCADE, __VA_ARGS__)
/* Headers stay in English so the file imports back into Concord and CRMs. */
#define CSV(POSITION, HEADER) .csv_position = (POSITION), .csv_header = (HEADER)
#define RANGE(MIN, MAX) .min = (MIN), .max = (MAX), .ranged = TRUE
#define DEFAULTED (CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_HAS_DEFAULT)

/* Every record has these: a row id local to the file, the uuid exchange
 * and merge key on, and its times. */
#define RECORD_COLUMNS \
  COLUMN ("id", N_("Row ID"), INT, \
          .flags = DEFAULTED | CONCORD_COLUMN_PRIMARY_KEY | CONCORD_COLUMN_DERIVED), \
  COLUMN ("uuid", N_("UUID"), TEXT, \
          .flags = DEFAULTED | CONCORD_COLUMN_UNIQUE | CONCORD_COLUMN_DERIVED, \
          .note = "stable id for exchange and merge"), \
  COLUMN ("created_at", N_("Created"), TIME, .flags = DEFAULTED | CONCORD_COLUMN_DERIVED), \
  COLUMN ("updated_at", N_("Last changed"), TIME, .flags = DEFAULTED | CONCORD_COLUMN_DERIVED)

static const ConcordColumn meta_columns[] = {
  COLUMN ("key", N_("Key"), TEXT, .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_PRIMARY_KEY),
  COLUMN ("value", N_("Value"), TEXT),
};

static const ConcordColumn teams_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_UNIQUE, .min = 1, .max = 200),
  CHOICE ("kind", N_("Kind"), teams_kind, .flags = DEFAULTED, .default_value = "'other'"),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
};

static const ConcordColumn people_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 200),
  REF ("team_id", "team", N_("Team"), "teams"),
  COLUMN ("title", N_("Title"), TEXT),
  COLUMN ("email", N_("Email"), TEXT),
  COLUMN ("notes", N_("Notes"), TEXT),
};

static const ConcordColumn accounts_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_SEARCHED, .min = 1, .max = 300, CSV (1, "Account Name")),
  COLUMN ("domain", N_("Domain"), TEXT, .flags = CONCORD_COLUMN_SEARCHED, .min = 0, .max = 253, .rule = CONCORD_RULE_DOMAIN, CSV (2, "Domain")),
  COLUMN ("industry", N_("Industry"), TEXT, .flags = CONCORD_COLUMN_SEARCHED, .min = 0, .max = 200, CSV (3, "Industry")),
  COLUMN ("region", N_("Region"), TEXT, .min = 0, .max = 200, CSV (4, "Region")),
  COLUMN ("employees", N_("Employees"), INT, RANGE (0, G_MAXINT64), .unit = "people", CSV (5, "Employees")),
  COLUMN ("annual_revenue", N_("Annual revenue"), MONEY, RANGE (0, G_MAXINT64), CSV (6, "Annual Revenue")),
  CHOICE ("tier", N_("Tier"), tiers, .flags = DEFAULTED, CSV (7, "Tier"), .default_value = "'many'"),
  CHOICE ("stage", N_("Stage"), stages, .flags = DEFAULTED, CSV (8, "Stage"), .default_value = "'target'"),
  COLUMN ("fit", N_("ICP fit"), INT, RANGE (0, 100), .unit = "points of a 100-point score", CSV (9, "ICP Fit")),
  COLUMN ("engagement", N_("Engagement"), INT, RANGE (0, 100), .unit = "points of a 100-point score", CSV (10, "Engagement")),
  COLUMN ("pipeline_value", N_("Pipeline value"), MONEY, RANGE (0, G_MAXINT64), CSV (11, "Pipeline Value")),
  REF ("sales_owner_id", "sales_owner", N_("Sales owner"), "people", CSV (12, "Sales Owner")),
  REF ("marketing_owner_id", "marketing_owner", N_("Marketing owner"), "people", CSV (13, "Marketing Owner")),
  COLUMN ("goals", N_("Goals"), TEXT, .min = 0, .max = 20000),
  COLUMN ("value_proposition", N_("Value proposition"), TEXT, .min = 0, .max = 20000),
  COLUMN ("whitespace", N_("Whitespace"), TEXT, .min = 0, .max = 20000),
  COLUMN ("risks", N_("Risks"), TEXT, .min = 0, .max = 20000),
  COLUMN ("next_step", N_("Next step"), TEXT, .min = 0, .max = 20000, CSV (15, "Next Step")),
  COLUMN ("notes", N_("Notes"), TEXT, .flags = CONCORD_COLUMN_SEARCHED, .min = 0, .max = 20000, CSV (16, "Notes")),
  COLUMN ("last_touch_on", N_("Last touch"), DATE, .flags = CONCORD_COLUMN_DERIVED, CSV (14, "Last Touch")),
  COLUMN ("source_system", N_("CRM of the record ID"), TEXT, .min = 1, .max = 40, CSV (17, "Source System"), .note = "the CRM it was imported from (`hubspot`, `salesforce`, `pipedrive`, `csv`); schema 3"),
  COLUMN ("source_id", N_("Record ID in the CRM"), TEXT, .min = 1, .max = 200, CSV (18, "Source ID"), .note = "its record id there; a re-import matches on the two first; schema 3"),
};

static const ConcordColumn account_stage_changes_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("account_id", "account", N_("Account"), "accounts"),
  CHOICE ("from_stage", N_("From stage"), stages),
  CHOICE ("to_stage", N_("To stage"), stages, .flags = CONCORD_COLUMN_REQUIRED),
  COLUMN ("changed_on", N_("Changed on"), DATE, .flags = CONCORD_COLUMN_REQUIRED),
};

static const ConcordColumn contacts_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("account_id", "account", N_("Account"), "accounts"),
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_SEARCHED, .min = 1, .max = 200),
  COLUMN ("title", N_("Title"), TEXT, .flags = CONCORD_COLUMN_SEARCHED, .min = 0, .max = 200),
  COLUMN ("email", N_("Email"), TEXT, .min = 0, .max = 320, .rule = CONCORD_RULE_EMAIL),
  COLUMN ("phone", N_("Phone"), TEXT, .min = 0, .max = 60),
  CHOICE ("role", N_("Role"), roles),
  CHOICE ("influence", N_("Influence"), influences),
  CHOICE ("sentiment", N_("Sentiment"), sentiments),
  COLUMN ("is_primary", N_("Primary contact"), BOOL, .flags = DEFAULTED, .default_value = "0"),
  REF ("owner_id", "owner", N_("Relationship owner"), "people"),
  COLUMN ("notes", N_("Notes"), TEXT, .min = 0, .max = 20000),
  COLUMN ("source_system", N_("CRM of the record ID"), TEXT, .min = 1, .max = 40, .note = "as for accounts; schema 3"),
  COLUMN ("source_id", N_("Record ID in the CRM"), TEXT, .min = 1, .max = 200, .note = "as for accounts; schema 3"),
};

static const ConcordColumn touches_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("account_id", "account", N_("Account"), "accounts"),
  REF ("contact_id", "contact", N_("Contact"), "contacts"),
  COLUMN ("touched_on", N_("Date"), DATE, .flags = CONCORD_COLUMN_REQUIRED),
  CHOICE ("channel", N_("Channel"), channels, .flags = CONCORD_COLUMN_REQUIRED),
  CHOICE ("team", N_("Team"), touch_teams, .flags = CONCORD_COLUMN_REQUIRED),
  COLUMN ("note", N_("Note"), TEXT, .min = 0, .max = 5000),
  COLUMN ("outcome", N_("Outcome"), TEXT, .min = 0, .max = 2000),
  REF ("owner_id", "owner", N_("Owner"), "people", .note = "the person who made the touch; schema 4"),
};

static const ConcordColumn plans_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("title", N_("Title"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 300),
  CHOICE ("kind", N_("Plan type"), plan_kinds, .flags = DEFAULTED, .default_value = "'campaign'"),
  COLUMN ("objective", N_("Objective"), TEXT),
  CHOICE ("status", N_("Status"), plan_statuses, .flags = DEFAULTED, .default_value = "'draft'"),
  COLUMN ("start_on", N_("Start date"), DATE),
  COLUMN ("end_on", N_("End date"), DATE),
  REF ("sales_lead_id", "sales_lead", N_("Sales lead"), "people"),
  REF ("marketing_lead_id", "marketing_lead", N_("Marketing lead"), "people"),
  COLUMN ("notes", N_("Notes"), TEXT),
};

static const ConcordColumn plan_kpis_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("plan_id", "plan", N_("Plan"), "plans"),
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 200),
  CHOICE ("unit", N_("Unit"), kpi_units, .flags = DEFAULTED, .default_value = "'count'"),
  COLUMN ("baseline", N_("Baseline"), NUMBER, .flags = DEFAULTED, .unit = "the KPI's `unit`", .default_value = "0"),
  COLUMN ("target", N_("Target"), NUMBER, .flags = DEFAULTED, .unit = "the KPI's `unit`", .default_value = "0"),
  COLUMN ("actual", N_("Actual"), NUMBER, .flags = DEFAULTED, .unit = "the KPI's `unit`", .default_value = "0"),
  REF ("owner_team_id", "owner_team", N_("Owner team"), "teams"),
  CHOICE ("cadence", N_("Cadence"), kpi_cadences, .flags = DEFAULTED, .default_value = "'monthly'"),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
};

static const ConcordColumn plan_budget_lines_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("plan_id", "plan", N_("Plan"), "plans"),
  COLUMN ("item", N_("Item"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 200),
  CHOICE ("funded_by", N_("Funded by"), budget_funders, .flags = DEFAULTED, .default_value = "'shared'"),
  COLUMN ("planned", N_("Planned"), MONEY, .flags = DEFAULTED, RANGE (0, G_MAXINT64), .default_value = "0"),
  COLUMN ("actual", N_("Actual"), MONEY, .flags = DEFAULTED, RANGE (0, G_MAXINT64), .default_value = "0"),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
};

static const ConcordColumn plan_milestones_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("plan_id", "plan", N_("Plan"), "plans"),
  COLUMN ("title", N_("Title"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 300),
  COLUMN ("due_on", N_("Due date"), DATE),
  REF ("owner_id", "owner", N_("Owner"), "people"),
  COLUMN ("done", N_("Done"), BOOL, .flags = DEFAULTED, .default_value = "0"),
  COLUMN ("done_on", N_("Done on"), DATE),
};

static const ConcordColumn plan_accounts_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("plan_id", "plan", N_("Plan"), "plans"),
  CASCADE_REF ("account_id", "account", N_("Account"), "accounts"),
};

static const ConcordColumn processes_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 200),
  COLUMN ("description", N_("Description"), TEXT),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
};

static const ConcordColumn process_stages_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("process_id", "process", N_("Process"), "processes"),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 200),
  COLUMN ("definition", N_("Definition"), TEXT),
  COLUMN ("entry_criteria", N_("Entry criteria"), TEXT),
  COLUMN ("exit_criteria", N_("Exit criteria"), TEXT),
  REF ("owner_team_id", "owner_team", N_("Owning team"), "teams"),
  COLUMN ("handoff", N_("Hand-off"), BOOL, .flags = DEFAULTED, .default_value = "0"),
  COLUMN ("sla_hours", N_("Response time in hours"), INT, RANGE (0, G_MAXINT64), .unit = "hours"),
  COLUMN ("sla_attempts", N_("Number of attempts"), INT, RANGE (0, G_MAXINT64)),
  COLUMN ("conversion_target", N_("Conversion to the next stage"), NUMBER, RANGE (0, 100), .unit = "percent"),
  COLUMN ("recycle_reasons", N_("Recycle reasons"), TEXT),
  COLUMN ("reject_reasons", N_("Reject reasons"), TEXT),
};

static const ConcordColumn glossary_terms_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("term", N_("Term"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 200),
  COLUMN ("definition", N_("Definition"), TEXT),
  REF ("proposed_by_team_id", "proposed_by_team", N_("Proposed by team"), "teams"),
  COLUMN ("agreed", N_("Agreed"), BOOL, .flags = DEFAULTED, .default_value = "0"),
  COLUMN ("agreed_on", N_("Agreed on"), DATE),
};

static const ConcordColumn engagement_rules_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("rule", N_("Rule"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 2000),
  COLUMN ("covers", N_("Covers"), TEXT),
  REF ("owner_team_id", "owner_team", N_("Owner team"), "teams"),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
};

static const ConcordColumn role_maps_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 200),
  CHOICE ("variant", N_("Variant"), role_maps_variant, .flags = DEFAULTED, .default_value = "'raci'"),
  REF ("process_id", "process", N_("Process"), "processes"),
  COLUMN ("description", N_("Description"), TEXT),
};

static const ConcordColumn role_map_roles_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("map_id", "map", N_("Role map"), "role_maps"),
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 200),
  CHOICE ("kind", N_("Kind"), role_map_roles_kind, .flags = DEFAULTED, .default_value = "'job'"),
  REF ("team_id", "team", N_("Team"), "teams"),
  REF ("person_id", "person", N_("Person"), "people"),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
};

static const ConcordColumn role_map_activities_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("map_id", "map", N_("Role map"), "role_maps"),
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 300),
  COLUMN ("grouping", N_("Grouping"), TEXT),
  REF ("stage_id", "stage", N_("Stage"), "process_stages"),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
};

static const ConcordColumn role_map_assignments_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("activity_id", "activity", N_("Activity"), "role_map_activities"),
  CASCADE_REF ("role_id", "role", N_("Role"), "role_map_roles"),
  CHOICE ("letter", N_("Letter"), role_map_assignments_letter, .flags = CONCORD_COLUMN_REQUIRED),
};

static const ConcordColumn maturity_dimensions_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("name", N_("Name"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 200),
  COLUMN ("description", N_("Description"), TEXT),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
};

static const ConcordColumn maturity_statements_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("dimension_id", "dimension", N_("Dimension"), "maturity_dimensions"),
  COLUMN ("text", N_("Text"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 1000),
  COLUMN ("position", N_("Position"), INT, .flags = DEFAULTED, .default_value = "0"),
};

static const ConcordColumn assessments_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("taken_on", N_("Date taken"), DATE, .flags = CONCORD_COLUMN_REQUIRED),
  CHOICE ("team", N_("Team"), assessments_team, .flags = CONCORD_COLUMN_REQUIRED),
  COLUMN ("respondent", N_("Respondent"), TEXT),
  COLUMN ("notes", N_("Notes"), TEXT),
};

static const ConcordColumn assessment_answers_columns[] = {
  RECORD_COLUMNS,
  CASCADE_REF ("assessment_id", "assessment", N_("Assessment"), "assessments"),
  CASCADE_REF ("statement_id", "statement", N_("Statement"), "maturity_statements"),
  COLUMN ("value", N_("Value"), INT, .flags = CONCORD_COLUMN_REQUIRED, RANGE (1, 5)),
};

static const ConcordColumn maturity_targets_columns[] = {
  RECORD_COLUMNS,
  REF ("dimension_id", "dimension", N_("Dimension"), "maturity_dimensions",
       .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_CASCADE | CONCORD_COLUMN_UNIQUE),
  COLUMN ("target_stage", N_("Target stage"), INT, .flags = CONCORD_COLUMN_REQUIRED, RANGE (1, 4)),
  COLUMN ("target_on", N_("Target date"), DATE),
};

static const ConcordColumn initiatives_columns[] = {
  RECORD_COLUMNS,
  COLUMN ("title", N_("Title"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .min = 1, .max = 300),
  COLUMN ("description", N_("Description"), TEXT),
  REF ("dimension_id", "dimension", N_("Dimension"), "maturity_dimensions"),
  COLUMN ("from_stage", N_("From stage"), INT, RANGE (1, 4)),
  COLUMN ("to_stage", N_("To stage"), INT, RANGE (1, 4)),
  REF ("owner_id", "owner", N_("Owner"), "people"),
  COLUMN ("start_on", N_("Start date"), DATE),
  COLUMN ("due_on", N_("Due date"), DATE),
  CHOICE ("status", N_("Status"), initiatives_status, .flags = DEFAULTED, .default_value = "'proposed'"),
  COLUMN ("progress", N_("Progress"), INT, .flags = DEFAULTED, RANGE (0, 100), .unit = "percent", .default_value = "0"),
  REF ("plan_id", "plan", N_("Plan"), "plans"),
  REF ("process_id", "process", N_("Process"), "processes"),
};

static const ConcordColumn sync_versions_columns[] = {
  COLUMN ("tbl", N_("Table"), TEXT, .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_PRIMARY_KEY, .note = "the record's table, or `meta` for a workbook setting"),
  COLUMN ("uuid", N_("UUID"), TEXT, .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_PRIMARY_KEY, .note = "the record's uuid (the setting's key for `meta`)"),
  COLUMN ("field", N_("Field"), TEXT, .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_PRIMARY_KEY, .note = "a column; `''` is the record itself (`value` for a setting)"),
  COLUMN ("replica", N_("Replica"), TEXT, .flags = CONCORD_COLUMN_REQUIRED, .note = "the replica that made the edit"),
  COLUMN ("counter", N_("Counter"), INT, .flags = CONCORD_COLUMN_REQUIRED, RANGE (1, G_MAXINT64), .note = "its number among that replica's edits, from 1"),
  COLUMN ("deleted", N_("Deleted"), BOOL, .flags = DEFAULTED, .note = "1 on the record's row when it was deleted (a tombstone)", .default_value = "0"),
};

static const ConcordColumn sync_replicas_columns[] = {
  COLUMN ("id", N_("Row ID"), TEXT, .flags = CONCORD_COLUMN_REQUIRED | CONCORD_COLUMN_PRIMARY_KEY | CONCORD_COLUMN_DERIVED, .note = "primary key, the replica's uuid"),
  COLUMN ("counter", N_("Counter"), INT, .flags = DEFAULTED, RANGE (0, G_MAXINT64), .note = "required, the last of its edits seen here", .default_value = "0"),
  COLUMN ("name", N_("Name"), TEXT, .note = "display name of whoever works in it"),
};

static const ConcordTable tables[] = {
  { "meta", N_("Workbook setting"), 0, meta_columns, G_N_ELEMENTS (meta_columns),
    "Workbook settings as key/value pairs: `currency` (ISO code), `stage_labels` (`classic` or `alternate`), `company_size`, `sales_cycle`, `market`.",
    NULL },
  { "teams", N_("Team"), CONCORD_TABLE_EXCHANGED, teams_columns, G_N_ELEMENTS (teams_columns),
    "The teams owners belong to. Every new workbook starts with Sales, Marketing, Revenue Operations, Leadership and Customer Success; users add more.",
    NULL },
  { "people", N_("Person"), CONCORD_TABLE_EXCHANGED, people_columns, G_N_ELEMENTS (people_columns),
    "The directory every owner field points to.",
    NULL },
  { "accounts", N_("Account"), CONCORD_TABLE_EXCHANGED, accounts_columns, G_N_ELEMENTS (accounts_columns),
    "Target accounts pursued by both teams (ABM), with scores, owners and the account plan. `last_touch_on` is kept by the store when touches change.",
    NULL },
  { "account_stage_changes", N_("Account stage change"), CONCORD_TABLE_EXCHANGED, account_stage_changes_columns, G_N_ELEMENTS (account_stage_changes_columns),
    "One row per stage change of an account, written in the same edit as the change, so reports can list the wins of a week.",
    NULL },
  { "contacts", N_("Contact"), CONCORD_TABLE_EXCHANGED, contacts_columns, G_N_ELEMENTS (contacts_columns),
    "The buying committee of an account.",
    NULL },
  { "touches", N_("Touch"), CONCORD_TABLE_EXCHANGED, touches_columns, G_N_ELEMENTS (touches_columns),
    "Contacts made with an account: date, channel, team, the contact met, the person who made it, note, outcome.",
    NULL },
  { "plans", N_("Plan"), CONCORD_TABLE_EXCHANGED, plans_columns, G_N_ELEMENTS (plans_columns),
    "Joint plans: campaigns, events, ABM programmes, enablement, joint growth projects.",
    "CHECK (start_on IS NULL OR end_on IS NULL OR end_on >= start_on)" },
  { "plan_kpis", N_("Plan KPI"), CONCORD_TABLE_EXCHANGED, plan_kpis_columns, G_N_ELEMENTS (plan_kpis_columns),
    "Shared KPIs of a plan: baseline, target and actual, in the plan's unit.",
    NULL },
  { "plan_budget_lines", N_("Budget line"), CONCORD_TABLE_EXCHANGED, plan_budget_lines_columns, G_N_ELEMENTS (plan_budget_lines_columns),
    "Budget lines of a plan, funded by sales, marketing or both; planned and actual in cents.",
    NULL },
  { "plan_milestones", N_("Milestone"), CONCORD_TABLE_EXCHANGED, plan_milestones_columns, G_N_ELEMENTS (plan_milestones_columns),
    "Milestones of a plan with due date, owner and completion.",
    NULL },
  { "plan_accounts", N_("Plan account"), CONCORD_TABLE_EXCHANGED, plan_accounts_columns, G_N_ELEMENTS (plan_accounts_columns),
    "Which target accounts a plan covers (many to many).",
    "UNIQUE (plan_id, account_id)" },
  { "processes", N_("Process"), CONCORD_TABLE_EXCHANGED, processes_columns, G_N_ELEMENTS (processes_columns),
    "Shared processes such as lead management.",
    NULL },
  { "process_stages", N_("Process stage"), CONCORD_TABLE_EXCHANGED, process_stages_columns, G_N_ELEMENTS (process_stages_columns),
    "Ordered stages of a process (by `position`) with definition, criteria, owning team, hand-off flag, SLA and conversion target.",
    NULL },
  { "glossary_terms", N_("Glossary term"), CONCORD_TABLE_EXCHANGED, glossary_terms_columns, G_N_ELEMENTS (glossary_terms_columns),
    "Agreed definitions of the words both teams use.",
    NULL },
  { "engagement_rules", N_("Rule of engagement"), CONCORD_TABLE_EXCHANGED, engagement_rules_columns, G_N_ELEMENTS (engagement_rules_columns),
    "Written rules of engagement between the teams.",
    NULL },
  { "role_maps", N_("Role map"), CONCORD_TABLE_EXCHANGED, role_maps_columns, G_N_ELEMENTS (role_maps_columns),
    "Responsibility matrices (RACI, RASCI or DACI).",
    NULL },
  { "role_map_roles", N_("Role"), CONCORD_TABLE_EXCHANGED, role_map_roles_columns, G_N_ELEMENTS (role_map_roles_columns),
    "Columns of a role map: a team, a job role or a person.",
    NULL },
  { "role_map_activities", N_("Activity"), CONCORD_TABLE_EXCHANGED, role_map_activities_columns, G_N_ELEMENTS (role_map_activities_columns),
    "Rows of a role map, optionally grouped and linked to a process stage.",
    NULL },
  { "role_map_assignments", N_("Role assignment"), CONCORD_TABLE_EXCHANGED, role_map_assignments_columns, G_N_ELEMENTS (role_map_assignments_columns),
    "One letter per activity and role (R, A, S, C, I; D for DACI's Driver).",
    "UNIQUE (activity_id, role_id)" },
  { "maturity_dimensions", N_("Maturity dimension"), CONCORD_TABLE_EXCHANGED, maturity_dimensions_columns, G_N_ELEMENTS (maturity_dimensions_columns),
    "Dimensions of the maturity diagnostic; a new workbook has eight.",
    NULL },
  { "maturity_statements", N_("Maturity statement"), CONCORD_TABLE_EXCHANGED, maturity_statements_columns, G_N_ELEMENTS (maturity_statements_columns),
    "Statements rated 1 to 5, twenty in a new workbook.",
    NULL },
  { "assessments", N_("Assessment"), CONCORD_TABLE_EXCHANGED, assessments_columns, G_N_ELEMENTS (assessments_columns),
    "One team's ratings on one date.",
    NULL },
  { "assessment_answers", N_("Assessment answer"), CONCORD_TABLE_EXCHANGED, assessment_answers_columns, G_N_ELEMENTS (assessment_answers_columns),
    "One rating per statement of an assessment.",
    "UNIQUE (assessment_id, statement_id)" },
  { "maturity_targets", N_("Maturity target"), CONCORD_TABLE_EXCHANGED, maturity_targets_columns, G_N_ELEMENTS (maturity_targets_columns),
    "Target stage (1-4) and date per dimension.",
    NULL },
  { "initiatives", N_("Initiative"), CONCORD_TABLE_EXCHANGED, initiatives_columns, G_N_ELEMENTS (initiatives_columns),
    "Work that moves a dimension up a stage, with owner, dates, status and progress.",
    "CHECK (start_on IS NULL OR due_on IS NULL OR due_on >= start_on)" },
  { "sync_versions", N_("Version"), CONCORD_TABLE_BOOKKEEPING, sync_versions_columns, G_N_ELEMENTS (sync_versions_columns),
    "The dot of the edit that last set each field of each record. Written by the store at commit from the edit's own changes, in the same undo step.",
    "PRIMARY KEY (tbl, uuid, field)" },
  { "sync_replicas", N_("Replica"), CONCORD_TABLE_BOOKKEEPING, sync_replicas_columns, G_N_ELEMENTS (sync_replicas_columns),
    "The version vector: per replica, the highest counter this workbook has seen, and who works in it (the user's real name where known).",
    NULL },
};

/* Lookups ------------------------------------------------------------------ */

const ConcordTable *
concord_tables (guint *n_tables)
{
  g_return_val_if_fail (n_tables != NULL, NULL);

  *n_tables = G_N_ELEMENTS (tables);
  return tables;
}

const ConcordTable *
concord_table_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].name, name))
      return &tables[i];

  return NULL;
}

const ConcordColumn *
concord_table_find_column (const ConcordTable *table,
                           const char         *column)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (column != NULL, NULL);

  for (guint i = 0; i < table->n_columns; i++)
    if (g_str_equal (table->columns[i].name, column))
      return &table->columns[i];

  return NULL;
}

const char *
concord_column_json_name (const ConcordColumn *column)
{
  g_return_val_if_fail (column != NULL, NULL);

  if ((column->flags & CONCORD_COLUMN_PRIMARY_KEY) || g_str_equal (column->name, "uuid"))
    return NULL;

  return column->json_name != NULL ? column->json_name : column->name;
}

const ConcordColumn *
concord_table_find_member (const ConcordTable *table,
                           const char         *json_name)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (json_name != NULL, NULL);

  for (guint i = 0; i < table->n_columns; i++)
    if (g_strcmp0 (concord_column_json_name (&table->columns[i]), json_name) == 0)
      return &table->columns[i];

  return NULL;
}

const ConcordChoice *
concord_table_choices (const char *table,
                       const char *column,
                       guint      *n_choices)
{
  const ConcordTable *t = concord_table_lookup (table);
  const ConcordColumn *c = t != NULL ? concord_table_find_column (t, column) : NULL;

  g_return_val_if_fail (n_choices != NULL, NULL);
  g_return_val_if_fail (c != NULL && c->kind == CONCORD_COLUMN_CHOICE, (*n_choices = 0, NULL));

  *n_choices = c->n_choices;
  return c->choices;
}

const char *
concord_table_column_label (const char *table,
                            const char *column)
{
  const ConcordTable *t = concord_table_lookup (table);
  const ConcordColumn *c = t != NULL ? concord_table_find_column (t, column) : NULL;

  return c != NULL ? _(c->label) : column;
}

/* Validation --------------------------------------------------------------- */

static gboolean
is_date (const char *text)
{
  int y, m, d;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;

  return g_date_valid_dmy (d, m, y);
}

static gboolean
is_time (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (!g_str_has_suffix (text, "Z"))
    return FALSE;

  parsed = g_date_time_new_from_iso8601 (text, NULL);
  return parsed != NULL;
}

static gboolean
invalid (GError              **error,
         const ConcordColumn  *column,
         const char           *reason)
{
  /* The label heads the message, as a form's row heads its value; the
   * reason is a sentence of its own. */
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
               /* Translators: a field's label, then what is wrong with its
                * value: "ICP fit: must be between 0 and 100." */
               _("%s: %s"), _(column->label), reason);
  return FALSE;
}

static gboolean
invalid_range (GError              **error,
               const ConcordColumn  *column)
{
  g_autofree char *reason = NULL;

  if (column->max == G_MAXINT64)
    reason = g_strdup_printf (_("must be %" PRId64 " or more."), column->min);
  else
    reason = g_strdup_printf (_("must be between %" PRId64 " and %" PRId64 "."),
                              column->min, column->max);

  return invalid (error, column, reason);
}

static gboolean
check_text (const ConcordColumn  *column,
            const char           *text,
            GError              **error)
{
  glong len;

  if (text == NULL)
    return invalid (error, column, _("expected text."));

  len = g_utf8_strlen (text, -1);
  if (column->flags & CONCORD_COLUMN_REQUIRED)
    {
      const char *p = text;

      /* What g_strstrip() would leave: nothing but spaces is empty. */
      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        return invalid (error, column, _("a value is required."));
    }
  if (len < column->min)
    return invalid (error, column, _("a value is required."));
  if (column->max > 0 && len > column->max)
    {
      g_autofree char *reason = g_strdup_printf (_("at most %" PRId64 " characters, not %ld."),
                                                 column->max, len);
      return invalid (error, column, reason);
    }
  if (column->rule == CONCORD_RULE_EMAIL && *text != '\0' &&
      (strchr (text, '@') == NULL || strchr (text, ' ') != NULL))
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” is not an email address."), text);
      return invalid (error, column, reason);
    }
  if (column->rule == CONCORD_RULE_DOMAIN && *text != '\0' &&
      (strpbrk (text, " /@,;") != NULL || strchr (text, '.') == NULL))
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” is not a web domain such as example.com."), text);
      return invalid (error, column, reason);
    }

  return TRUE;
}

gboolean
concord_table_validate_value (const ConcordColumn  *column,
                              GVariant             *value,
                              GError              **error)
{
  ConcordScalar scalar = { CONCORD_SCALAR_NULL, NULL, 0, 0.0 };

  g_return_val_if_fail (column != NULL, FALSE);

  /* concord_fields_set_null() stores a maybe ("ms"). */
  if (value == NULL || g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE))
    scalar.kind = CONCORD_SCALAR_NULL;
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      scalar.kind = CONCORD_SCALAR_TEXT;
      scalar.text = g_variant_get_string (value, NULL);
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    {
      scalar.kind = CONCORD_SCALAR_INT;
      scalar.integer = g_variant_get_int64 (value);
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    {
      scalar.kind = CONCORD_SCALAR_DOUBLE;
      scalar.number = g_variant_get_double (value);
    }
  else
    scalar.kind = CONCORD_SCALAR_OTHER;

  return concord_table_validate_scalar (column, &scalar, error);
}

/**
 * concord_table_validate_scalar:
 *
 * concord_table_validate_value() for a value that is not a #GVariant
 * (an import's, read from a document): the same rules, the same words.
 */
gboolean
concord_table_validate_scalar (const ConcordColumn  *column,
                               const ConcordScalar  *value,
                               GError              **error)
{
  gboolean is_null;
  const char *text = NULL;

  g_return_val_if_fail (column != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  is_null = value->kind == CONCORD_SCALAR_NULL;
  if (value->kind == CONCORD_SCALAR_TEXT)
    text = value->text;

  if (is_null || (text != NULL && *text == '\0' && column->kind != CONCORD_COLUMN_TEXT))
    {
      if (column->flags & CONCORD_COLUMN_REQUIRED)
        return invalid (error, column, _("a value is required."));
      return TRUE;
    }

  switch (column->kind)
    {
    case CONCORD_COLUMN_TEXT:
      return check_text (column, text, error);

    case CONCORD_COLUMN_INT:
    case CONCORD_COLUMN_MONEY:
    case CONCORD_COLUMN_BOOL:
    case CONCORD_COLUMN_REFERENCE:
      {
        gint64 n;

        if (value->kind != CONCORD_SCALAR_INT)
          return invalid (error, column, _("expected a whole number."));
        n = value->integer;
        if (column->kind == CONCORD_COLUMN_BOOL && n != 0 && n != 1)
          return invalid (error, column, _("expected yes or no."));
        if (column->kind == CONCORD_COLUMN_REFERENCE && n <= 0)
          return invalid (error, column, _("choose one from the list."));
        if (column->ranged && (n < column->min || n > column->max))
          return invalid_range (error, column);
        return TRUE;
      }

    case CONCORD_COLUMN_NUMBER:
      {
        double d;

        if (value->kind == CONCORD_SCALAR_DOUBLE)
          d = value->number;
        else if (value->kind == CONCORD_SCALAR_INT)
          d = (double) value->integer;
        else
          return invalid (error, column, _("expected a number."));
        if (!isfinite (d))
          return invalid (error, column, _("expected a number."));
        if (column->ranged && (d < (double) column->min || d > (double) column->max))
          return invalid_range (error, column);
        return TRUE;
      }

    case CONCORD_COLUMN_CHOICE:
      if (text == NULL || concord_choice_index (column->choices, column->n_choices, text) < 0)
        {
          g_autoptr(GString) allowed = g_string_new (NULL);
          g_autofree char *reason = NULL;

          for (guint i = 0; i < column->n_choices; i++)
            g_string_append_printf (allowed, "%s%s", i ? ", " : "", _(column->choices[i].label));
          reason = g_strdup_printf (_("“%s” is not one of %s."), text ? text : "?", allowed->str);
          return invalid (error, column, reason);
        }
      return TRUE;

    case CONCORD_COLUMN_DATE:
      if (text == NULL || !is_date (text))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a date (YYYY-MM-DD)."), text ? text : "?");
          return invalid (error, column, reason);
        }
      return TRUE;

    case CONCORD_COLUMN_TIME:
      if (text == NULL || !is_time (text))
        {
          g_autofree char *reason = g_strdup_printf (_("“%s” is not a UTC time such as 2026-11-23T09:15:00.000Z."),
                                                     text ? text : "?");
          return invalid (error, column, reason);
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

gboolean
concord_table_validate_fields (const char     *table,
                               ConcordFields  *fields,
                               gboolean        insert,
                               GError        **error)
{
  const ConcordTable *t;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  t = concord_table_lookup (table);
  g_return_val_if_fail (t != NULL, FALSE);

  for (guint i = 0; i < t->n_columns; i++)
    {
      const ConcordColumn *column = &t->columns[i];
      GVariant *value = concord_fields_lookup (fields, column->name);

      if (value == NULL)
        {
          if (insert && (column->flags & CONCORD_COLUMN_REQUIRED) &&
              !(column->flags & CONCORD_COLUMN_HAS_DEFAULT))
            return invalid (error, column, _("a value is required."));
          continue;
        }

      if (!concord_table_validate_value (column, value, error))
        return FALSE;
    }

  return TRUE;
}

char *
concord_table_check_text (const char  *table,
                          const char  *column,
                          const char  *text,
                          GError     **error)
{
  const ConcordTable *t = concord_table_lookup (table);
  const ConcordColumn *described = t != NULL ? concord_table_find_column (t, column) : NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GVariant) value = NULL;

  g_return_val_if_fail (described != NULL, NULL);

  value = g_variant_ref_sink (g_variant_new_string (stripped));
  if (!concord_table_validate_value (described, value, error))
    return NULL;

  return g_steal_pointer (&stripped);
}

/* JSON Schema -------------------------------------------------------------- */

#define UUID_PATTERN "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
#define TIME_PATTERN "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$"
#define DATE_PATTERN "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#define DOT_PATTERN "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[1-9][0-9]*$"
/* The longest text an exchange document may carry in one value. */
#define MAX_TEXT 1048576

static void
add_member_string (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_member_int (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* A default as JSON: 'many' is text, 0 a number. */
static void
add_default (JsonBuilder *builder,
             const char  *sql)
{
  json_builder_set_member_name (builder, "default");
  if (sql[0] == '\'')
    {
      g_autofree char *text = g_strndup (sql + 1, strlen (sql) - 2);
      json_builder_add_string_value (builder, text);
    }
  else if (strchr (sql, '.') != NULL)
    json_builder_add_double_value (builder, g_ascii_strtod (sql, NULL));
  else
    json_builder_add_int_value (builder, g_ascii_strtoll (sql, NULL, 10));
}

static void
add_column_type (JsonBuilder         *builder,
                 const ConcordColumn *column)
{
  json_builder_begin_object (builder);
  switch (column->kind)
    {
    case CONCORD_COLUMN_REFERENCE:
      {
        g_autofree char *what = g_strdup_printf ("UUID of a record in %s", column->parent);

        add_member_string (builder, "type", "string");
        add_member_string (builder, "pattern", UUID_PATTERN);
        add_member_string (builder, "description", what);
      }
      break;

    case CONCORD_COLUMN_INT:
    case CONCORD_COLUMN_MONEY:
    case CONCORD_COLUMN_NUMBER:
      add_member_string (builder, "type", column->kind == CONCORD_COLUMN_NUMBER ? "number" : "integer");
      if (column->ranged && column->min != G_MININT64)
        add_member_int (builder, "minimum", column->min);
      if (column->ranged && column->max != G_MAXINT64)
        add_member_int (builder, "maximum", column->max);
      if (column->kind == CONCORD_COLUMN_MONEY)
        add_member_string (builder, "description", "Minor units (cents) of the workbook's currency");
      else if (column->unit != NULL)
        {
          g_autofree char *unit = g_strdup_printf ("In %s", column->unit);
          add_member_string (builder, "description", unit);
        }
      break;

    case CONCORD_COLUMN_BOOL:
      add_member_string (builder, "type", "integer");
      json_builder_set_member_name (builder, "enum");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, 0);
      json_builder_add_int_value (builder, 1);
      json_builder_end_array (builder);
      break;

    case CONCORD_COLUMN_CHOICE:
      add_member_string (builder, "type", "string");
      json_builder_set_member_name (builder, "enum");
      json_builder_begin_array (builder);
      for (guint i = 0; i < column->n_choices; i++)
        json_builder_add_string_value (builder, column->choices[i].id);
      json_builder_end_array (builder);
      break;

    case CONCORD_COLUMN_DATE:
      add_member_string (builder, "type", "string");
      add_member_string (builder, "pattern", DATE_PATTERN);
      break;

    case CONCORD_COLUMN_TIME:
      add_member_string (builder, "type", "string");
      add_member_string (builder, "pattern", TIME_PATTERN);
      break;

    case CONCORD_COLUMN_TEXT:
    default:
      add_member_string (builder, "type", "string");
      if (column->min > 0)
        add_member_int (builder, "minLength", column->min);
      add_member_int (builder, "maxLength", column->max > 0 ? column->max : MAX_TEXT);
      break;
    }
  json_builder_end_object (builder);
}

static gboolean
column_is_required (const ConcordColumn *column)
{
  return (column->flags & CONCORD_COLUMN_REQUIRED) && !(column->flags & CONCORD_COLUMN_HAS_DEFAULT);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The member names of a table's records, sorted. */
static GPtrArray *
sorted_members (const ConcordTable *table,
                gboolean            required_only)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < table->n_columns; i++)
    {
      const ConcordColumn *column = &table->columns[i];
      const char *name = concord_column_json_name (column);

      /* The merge compares the times: they have defaults, but are needed. */
      if (name != NULL && (!required_only || column_is_required (column) ||
                           column->kind == CONCORD_COLUMN_TIME))
        g_ptr_array_add (names, (gpointer) name);
    }
  g_ptr_array_sort (names, compare_strings);

  return names;
}

static void
add_uuid_names (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "propertyNames");
  json_builder_begin_object (builder);
  add_member_string (builder, "pattern", UUID_PATTERN);
  json_builder_end_object (builder);
}

static void
add_dot (JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "string");
  add_member_string (builder, "pattern", DOT_PATTERN);
  add_member_string (builder, "description", "REPLICA-UUID:COUNTER, the edit that last set a value");
  json_builder_end_object (builder);
}

static void
add_table_schema (JsonBuilder        *builder,
                  const ConcordTable *table)
{
  g_autoptr(GPtrArray) required = sorted_members (table, TRUE);

  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  add_uuid_names (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; i < table->n_columns; i++)
    {
      const ConcordColumn *column = &table->columns[i];
      const char *name = concord_column_json_name (column);

      if (name == NULL)
        continue;

      json_builder_set_member_name (builder, name);
      json_builder_begin_object (builder);
      add_member_string (builder, "title", column->label);
      if (column->default_value != NULL)
        add_default (builder, column->default_value);
      if (column_is_required (column))
        {
          json_builder_set_member_name (builder, "allOf");
          json_builder_begin_array (builder);
          add_column_type (builder, column);
          json_builder_end_array (builder);
        }
      else
        {
          json_builder_set_member_name (builder, "anyOf");
          json_builder_begin_array (builder);
          add_column_type (builder, column);
          json_builder_begin_object (builder);
          add_member_string (builder, "type", "null");
          json_builder_end_object (builder);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  for (guint i = 0; i < required->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (required, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_versions_schema (JsonBuilder        *builder,
                     const ConcordTable *table)
{
  g_autoptr(GPtrArray) members = sorted_members (table, FALSE);

  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  add_uuid_names (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  json_builder_set_member_name (builder, "propertyNames");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enum");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "");
  for (guint i = 0; i < members->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (members, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  add_dot (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_nullable (JsonBuilder *builder,
              const char  *name,
              const char  *pattern,
              const char  *description)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "anyOf");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "string");
  add_member_string (builder, "pattern", pattern);
  json_builder_end_object (builder);
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "null");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_member_string (builder, "description", description);
  json_builder_end_object (builder);
}

char *
concord_tables_json_schema (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  add_member_string (builder, "$schema", "https://json-schema.org/draft/2020-12/schema");
  add_member_string (builder, "$id", "https://github.com/concordplan/concord/data/concord-workbook.schema.json");
  add_member_string (builder, "title", "Concord workbook document");
  add_member_string (builder, "description",
                     "A whole Concord workbook, or a self-contained part of one, as written by "
                     "concord-cli export-json and the app's Export. Records are keyed by UUID; "
                     "references between records are UUIDs. Written by concord-cli describe "
                     "--json-schema from the description of the tables.");
  add_member_string (builder, "type", "object");
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "format");
  json_builder_add_string_value (builder, "version");
  json_builder_add_string_value (builder, "tables");
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "format");
  json_builder_begin_object (builder);
  add_member_string (builder, "const", "concord-workbook");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "version");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "enum");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, 1);
  json_builder_add_int_value (builder, 2);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "schema_version");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "integer");
  add_member_int (builder, "minimum", 1);
  json_builder_end_object (builder);

  add_nullable (builder, "as_of", TIME_PATTERN, "The newest change in the document");

  json_builder_set_member_name (builder, "partial");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "boolean");
  add_member_string (builder, "description", "A part of a workbook: it says nothing of the records left out");
  json_builder_end_object (builder);

  add_nullable (builder, "replica", UUID_PATTERN, "The workbook copy that wrote the document");

  json_builder_set_member_name (builder, "replicas");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  add_uuid_names (builder);
  add_member_string (builder, "description", "The writer's version vector: per copy, the last of its edits seen");
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  json_builder_set_member_name (builder, "required");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "counter");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "counter");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "integer");
  add_member_int (builder, "minimum", 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "string");
  add_member_int (builder, "maxLength", 1000);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "string");
  json_builder_add_string_value (builder, "null");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "tables");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (tables[i].flags & CONCORD_TABLE_EXCHANGED)
      {
        json_builder_set_member_name (builder, tables[i].name);
        add_table_schema (builder, &tables[i]);
      }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "versions");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (tables[i].flags & CONCORD_TABLE_EXCHANGED)
      {
        json_builder_set_member_name (builder, tables[i].name);
        add_versions_schema (builder, &tables[i]);
      }
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  json_builder_set_member_name (builder, "additionalProperties");
  add_dot (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  add_member_string (builder, "description",
                     "Per record, the edit of the record (\"\") and of each field set since");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "deleted");
  json_builder_begin_object (builder);
  add_member_string (builder, "type", "object");
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  add_member_string (builder, "description", "Deleted records: the edit that deleted each");
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (tables[i].flags & CONCORD_TABLE_EXCHANGED)
      {
        json_builder_set_member_name (builder, tables[i].name);
        json_builder_begin_object (builder);
        add_member_string (builder, "type", "object");
        add_uuid_names (builder);
        json_builder_set_member_name (builder, "additionalProperties");
        add_dot (builder);
        json_builder_end_object (builder);
      }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder); /* properties */
  json_builder_set_member_name (builder, "additionalProperties");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

/* Markdown ----------------------------------------------------------------- */

static const char *
sql_type (const ConcordColumn *column)
{
  switch (column->kind)
    {
    case CONCORD_COLUMN_INT:
    case CONCORD_COLUMN_MONEY:
    case CONCORD_COLUMN_BOOL:
    case CONCORD_COLUMN_REFERENCE:
      return "INTEGER";
    case CONCORD_COLUMN_NUMBER:
      return "REAL";
    case CONCORD_COLUMN_TEXT:
    case CONCORD_COLUMN_DATE:
    case CONCORD_COLUMN_TIME:
    case CONCORD_COLUMN_CHOICE:
    default:
      return "TEXT";
    }
}

static char *
column_notes (const ConcordColumn *column)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);

  if (column->flags & CONCORD_COLUMN_PRIMARY_KEY)
    g_ptr_array_add (notes, g_strdup ("primary key"));
  else if (column->flags & CONCORD_COLUMN_REQUIRED)
    g_ptr_array_add (notes, g_strdup ("required"));
  if ((column->flags & CONCORD_COLUMN_UNIQUE) && !g_str_equal (column->name, "uuid"))
    g_ptr_array_add (notes, g_strdup ("unique"));

  switch (column->kind)
    {
    case CONCORD_COLUMN_REFERENCE:
      g_ptr_array_add (notes, g_strdup_printf ("→ `%s` (%s)", column->parent,
                                               (column->flags & CONCORD_COLUMN_CASCADE) ? "cascade" : "set null"));
      break;
    case CONCORD_COLUMN_CHOICE:
      {
        g_autoptr(GString) list = g_string_new ("one of ");

        for (guint i = 0; i < column->n_choices; i++)
          g_string_append_printf (list, "%s`%s`", i ? ", " : "", column->choices[i].id);
        g_ptr_array_add (notes, g_string_free (g_steal_pointer (&list), FALSE));
      }
      break;
    case CONCORD_COLUMN_BOOL:
      g_ptr_array_add (notes, g_strdup ("0 or 1"));
      break;
    case CONCORD_COLUMN_DATE:
      g_ptr_array_add (notes, g_strdup ("date, `YYYY-MM-DD`"));
      break;
    case CONCORD_COLUMN_TIME:
      g_ptr_array_add (notes, g_strdup ("UTC time"));
      break;
    case CONCORD_COLUMN_MONEY:
      g_ptr_array_add (notes, g_strdup ("money, in cents"));
      G_GNUC_FALLTHROUGH;
    case CONCORD_COLUMN_INT:
    case CONCORD_COLUMN_NUMBER:
      if (column->ranged && column->max == G_MAXINT64)
        g_ptr_array_add (notes, g_strdup_printf ("%" G_GINT64_FORMAT " or more", column->min));
      else if (column->ranged)
        g_ptr_array_add (notes, g_strdup_printf ("%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                                                 column->min, column->max));
      break;
    case CONCORD_COLUMN_TEXT:
    default:
      if (column->max > 0)
        g_ptr_array_add (notes, g_strdup_printf ("up to %" G_GINT64_FORMAT " characters", column->max));
      break;
    }

  if (column->default_value != NULL)
    g_ptr_array_add (notes, g_strdup_printf ("default `%s`", column->default_value));
  if (column->rule == CONCORD_RULE_EMAIL)
    g_ptr_array_add (notes, g_strdup ("an email address"));
  else if (column->rule == CONCORD_RULE_DOMAIN)
    g_ptr_array_add (notes, g_strdup ("a web domain such as `example.com`"));
  if (column->flags & CONCORD_COLUMN_SEARCHED)
    g_ptr_array_add (notes, g_strdup ("in the search index"));
  if (column->unit != NULL)
    g_ptr_array_add (notes, g_strdup_printf ("in %s", column->unit));
  if (column->note != NULL)
    g_ptr_array_add (notes, g_strdup (column->note));
  g_ptr_array_add (notes, NULL);

  return g_strjoinv (", ", (char **) notes->pdata);
}

char *
concord_tables_markdown (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      const ConcordTable *table = &tables[i];

      if (table->flags & CONCORD_TABLE_BOOKKEEPING)
        continue;

      g_string_append_printf (out, "### `%s`\n\n%s\n\n", table->name, table->description);
      g_string_append (out, "| column | type | label | notes |\n|---|---|---|---|\n");
      for (guint c = 0; c < table->n_columns; c++)
        {
          const ConcordColumn *column = &table->columns[c];
          g_autofree char *notes = column_notes (column);

          g_string_append_printf (out, "| `%s` | %s | %s | %s |\n", column->name, sql_type (column),
                                  column->label, notes);
        }
      if (table->constraints != NULL)
        g_string_append_printf (out, "\nConstraints: `%s`.\n", table->constraints);
      g_string_append (out, "\n");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
