/* test-check.c: the findings engine and `concord-cli check` */
#include "config.h"

#include <json-glib/json-glib.h>

#include "concord-check.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

static const char sample_findings[] =
  "Plan “Predictive maintenance for food plants”, budget line “Paid search and social”: $21,500 spent of $18,000 planned; raise the plan or explain the overspend.\n"
  "Account “Kestrel Paper Mills”: This 1:1 account has no champion in its buying committee.\n"
  "Account “Kestrel Paper Mills”: This 1:1 account has no economic buyer in its buying committee.\n"
  "Account “Tamsin Bottling Co.”: No marketing owner: nobody in marketing is answerable for this account.\n"
  "Account “Quarrystone Aggregates”: Nobody has touched this account yet.\n"
  "Process “Account hand-off to customer success”, stage “Hand-off meeting”: no SLA is agreed; set a response time or a number of attempts.\n"
  "Glossary term “Marketing-sourced pipeline”: not yet agreed by both teams.\n"
  "Glossary term “Target account”: not yet agreed by both teams.\n"
  "Role map “Lead management RACI”, activity “Send unready leads back to nurture”: 2 roles are Accountable (Head of Marketing, Head of Sales); exactly one must be.\n"
  "Role map “Lead management RACI”, activity “Maintain the lead scoring model”: no role is Responsible; at least one must be.\n";

static void
test_sample (WorkbookFixture *fixture,
             gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = concord_check_workbook (fixture->workbook, &error);
  g_autofree char *text = NULL;
  const char *codes[] = {
    "plan/over-budget", "account/no-champion", "account/no-economic-buyer",
    "account/no-marketing-owner", "account/never-touched", "stage/no-sla", "glossary/not-agreed", "glossary/not-agreed",
    "role-map/accountable", "role-map/responsible",
  };

  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < findings->len; i++)
    g_assert_cmpstr (((ConcordFinding *) g_ptr_array_index (findings, i))->code, ==, codes[i]);

  text = concord_check_format_text (findings);
  g_assert_cmpstr (text, ==, sample_findings);
}

static void
test_stage_without_owner (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  ConcordFinding *finding;

  g_assert_true (concord_workbook_exec (fixture->workbook,
                                        "UPDATE process_stages SET owner_team_id = NULL"
                                        " WHERE name = 'SQL'", &error));
  findings = concord_check_workbook (fixture->workbook, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 11);
  finding = g_ptr_array_index (findings, 5);
  g_assert_cmpstr (finding->code, ==, "stage/no-owner");
  g_assert_cmpstr (finding->where, ==, "Process “Lead management”, stage “SQL”");
  g_assert_cmpstr (finding->table, ==, "process_stages");
  g_assert_cmpint (concord_workbook_lookup_uuid (fixture->workbook, "process_stages", finding->uuid),
                   ==, finding->id);
}

static gboolean
has_finding (GPtrArray  *findings,
             const char *code,
             const char *where)
{
  for (guint i = 0; i < findings->len; i++)
    {
      ConcordFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->code, code) && g_strcmp0 (finding->where, where) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The findings on @workbook once @sql has filled it. */
static GPtrArray *
check_after (ConcordWorkbook *workbook,
             const char      *sql)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *findings;

  g_assert_true (concord_workbook_exec (workbook, sql, &error));
  g_assert_no_error (error);
  findings = concord_check_workbook (workbook, &error);
  g_assert_no_error (error);

  return findings;
}

/* Each rule of the plans and accounts areas, on a workbook of our own
 * rather than through the sample. */
static void
test_plans_and_accounts (WorkbookFixture *fixture,
                         gconstpointer    data)
{
  g_autoptr(GPtrArray) findings = check_after (fixture->workbook,
    "INSERT INTO plans (id, title, status) VALUES (1, 'Fair', 'active'), (2, 'Dropped', 'cancelled');"
    "INSERT INTO plan_budget_lines (plan_id, item, planned, actual) VALUES"
    "  (1, 'Stand', 100000, 100001), (1, 'Flights', 50000, 50000), (2, 'Hotel', 100, 900);"
    "INSERT INTO people (id, name) VALUES (1, 'Ada Marlowe');"
    "INSERT INTO accounts (id, name, tier, marketing_owner_id, last_touch_on) VALUES"
    "  (1, 'Strategic One', 'strategic', 1, date ('now', 'localtime')),"
    "  (2, 'Covered', 'many', 1, date ('now', 'localtime')),"
    "  (3, 'Orphan', 'many', NULL, date ('now', 'localtime')),"
    "  (4, 'Quiet', 'many', 1, date ('now', 'localtime', '-31 days')),"
    "  (5, 'Untouched', 'many', 1, NULL);"
    "INSERT INTO accounts (id, name, tier, stage, marketing_owner_id) VALUES (6, 'Lost one', 'strategic', 'lost', NULL);"
    "INSERT INTO contacts (account_id, name, role) VALUES (1, 'Jo Champion', 'champion');");

  g_assert_true (has_finding (findings, "plan/over-budget", "Plan “Fair”, budget line “Stand”"));
  g_assert_false (has_finding (findings, "plan/over-budget", "Plan “Fair”, budget line “Flights”"));
  g_assert_false (has_finding (findings, "plan/over-budget", "Plan “Dropped”, budget line “Hotel”"));
  g_assert_false (has_finding (findings, "account/no-champion", "Account “Strategic One”"));
  g_assert_true (has_finding (findings, "account/no-economic-buyer", "Account “Strategic One”"));
  g_assert_true (has_finding (findings, "account/no-marketing-owner", "Account “Orphan”"));
  g_assert_true (has_finding (findings, "account/no-recent-touch", "Account “Quiet”"));
  g_assert_true (has_finding (findings, "account/never-touched", "Account “Untouched”"));
  /* Lost and paused accounts are not being worked: no noise about them. */
  g_assert_false (has_finding (findings, "account/no-marketing-owner", "Account “Lost one”"));
  g_assert_cmpuint (findings->len, ==, 5);
}

/* Each rule of the processes area, and the buying committee of a 1:1
 * account, on a workbook of our own rather than through the sample. */
static void
test_processes_and_committee (WorkbookFixture *fixture,
                              gconstpointer    data)
{
  g_autoptr(GPtrArray) findings = check_after (fixture->workbook,
    "INSERT INTO processes (id, name) VALUES (1, 'Pipeline');"
    "INSERT INTO process_stages (process_id, position, name, owner_team_id, sla_hours, sla_attempts) VALUES"
    "  (1, 0, 'Agreed', (SELECT min (id) FROM teams), 24, NULL),"
    "  (1, 1, 'Unowned', NULL, NULL, 3),"
    "  (1, 2, 'Unhurried', (SELECT min (id) FROM teams), NULL, NULL);"
    "INSERT INTO glossary_terms (term, agreed, agreed_on) VALUES"
    "  ('MQL', 1, '2026-01-05'), ('SQL', 0, NULL), (' mql', 1, '2026-02-01');"
    "INSERT INTO people (id, name) VALUES (1, 'Ada Marlowe');"
    "INSERT INTO accounts (id, name, tier, marketing_owner_id, last_touch_on) VALUES"
    "  (1, 'Alone', 'strategic', 1, date ('now', 'localtime')),"
    "  (2, 'Committee', 'strategic', 1, date ('now', 'localtime'));"
    "INSERT INTO contacts (account_id, name, role) VALUES"
    "  (2, 'Jo Champion', 'champion'), (2, 'Sam Budget', 'economic_buyer');");

  g_assert_false (has_finding (findings, "stage/no-owner", "Process “Pipeline”, stage “Agreed”"));
  g_assert_false (has_finding (findings, "stage/no-sla", "Process “Pipeline”, stage “Agreed”"));
  g_assert_true (has_finding (findings, "stage/no-owner", "Process “Pipeline”, stage “Unowned”"));
  /* A number of attempts is an SLA too. */
  g_assert_false (has_finding (findings, "stage/no-sla", "Process “Pipeline”, stage “Unowned”"));
  g_assert_true (has_finding (findings, "stage/no-sla", "Process “Pipeline”, stage “Unhurried”"));
  g_assert_true (has_finding (findings, "glossary/not-agreed", "Glossary term “SQL”"));
  g_assert_false (has_finding (findings, "glossary/not-agreed", "Glossary term “MQL”"));
  /* The same word, spaced and cased otherwise. */
  g_assert_true (has_finding (findings, "glossary/duplicate", "Glossary term “ mql”"));
  g_assert_true (has_finding (findings, "account/no-champion", "Account “Alone”"));
  g_assert_true (has_finding (findings, "account/no-economic-buyer", "Account “Alone”"));
  g_assert_false (has_finding (findings, "account/no-champion", "Account “Committee”"));
  g_assert_false (has_finding (findings, "account/no-economic-buyer", "Account “Committee”"));
  g_assert_cmpuint (findings->len, ==, 6);
}

/* Each rule of the role maps, through the check, on a map of our own. */
static void
test_role_maps (WorkbookFixture *fixture,
                gconstpointer    data)
{
  g_autoptr(GPtrArray) findings = check_after (fixture->workbook,
    "INSERT INTO processes (id, name) VALUES (1, 'Pipeline');"
    "INSERT INTO process_stages (id, process_id, name, owner_team_id, sla_hours) VALUES"
    "  (1, 1, 'Qualified', (SELECT min (id) FROM teams), 24);"
    "INSERT INTO role_maps (id, name, variant) VALUES (1, 'Hand-offs', 'raci');"
    "INSERT INTO role_map_roles (id, map_id, name, kind, team_id, position) VALUES"
    "  (1, 1, 'SDR', 'job', (SELECT min (id) FROM teams), 0),"
    "  (2, 1, 'AE', 'job', (SELECT max (id) FROM teams), 1),"
    "  (3, 1, 'Ops', 'job', NULL, 2), (4, 1, 'Marketer', 'job', NULL, 3);"
    "INSERT INTO role_map_activities (id, map_id, name, stage_id, position) VALUES"
    "  (1, 1, 'Qualify', 1, 0), (2, 1, 'Book meeting', NULL, 1), (3, 1, 'Forecast', NULL, 2),"
    "  (4, 1, 'Approve discount', NULL, 3), (5, 1, 'Accept lead', 1, 4);"
    "INSERT INTO role_map_assignments (activity_id, role_id, letter) VALUES"
    "  (1, 1, 'R'), (1, 2, 'A'),"
    "  (2, 1, 'R'),"
    "  (3, 2, 'A'),"
    "  (4, 1, 'S'), (4, 2, 'A'), (4, 4, 'R'),"
    "  (5, 2, 'R'), (5, 1, 'A');");

  g_assert_false (has_finding (findings, "role-map/accountable", "Role map “Hand-offs”, activity “Qualify”"));
  g_assert_false (has_finding (findings, "role-map/responsible", "Role map “Hand-offs”, activity “Qualify”"));
  g_assert_false (has_finding (findings, "role-map/stage-owner", "Role map “Hand-offs”, activity “Qualify”"));
  g_assert_true (has_finding (findings, "role-map/accountable", "Role map “Hand-offs”, activity “Book meeting”"));
  g_assert_true (has_finding (findings, "role-map/responsible", "Role map “Hand-offs”, activity “Forecast”"));
  /* S is RASCI's, not RACI's. */
  g_assert_true (has_finding (findings, "role-map/letter", "Role map “Hand-offs”, activity “Approve discount”"));
  /* The stage's owning team does not do the work. */
  g_assert_true (has_finding (findings, "role-map/stage-owner", "Role map “Hand-offs”, activity “Accept lead”"));
  g_assert_true (has_finding (findings, "role-map/unused-role", "Role map “Hand-offs”, role “Ops”"));
  g_assert_false (has_finding (findings, "role-map/unused-role", "Role map “Hand-offs”, role “Marketer”"));
  g_assert_cmpuint (findings->len, ==, 5);
}

static void
test_cli (WorkbookFixture *fixture,
          gconstpointer    data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *root;
  int status;

  {
    const char *argv[] = { "check", fixture->path, NULL };

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_cmpstr (out, ==, sample_findings);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  {
    const char *argv[] = { "check", "--json", fixture->path, NULL };

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (root, "count"), ==, 10);
    g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (json_object_get_array_member (root, "findings"), 8),
                       "code"), ==, "role-map/accountable");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  {
    const char *argv[] = { "export-role-map", fixture->path, "Lead management RACI",
                           "--format", "md", NULL };
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "role-maps",
                                                   "lead-management-raci.md", NULL);
    g_autofree char *expected = NULL;

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_get_contents (path, &expected, NULL, NULL));
    g_assert_cmpstr (out, ==, expected);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
}

static void
test_cli_clean_and_usage (WorkbookFixture *fixture,
                          gconstpointer    data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.concord", NULL);
  int status;

  /* A new workbook has nothing to report. */
  {
    const char *argv[] = { "check", fixture->path, NULL };

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_cmpstr (out, ==, "");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  {
    const char *argv[] = { "check", "--json", fixture->path, NULL };

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"count\" : 0"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Usage errors exit 2; a file that is not there is bad input, 1. */
  {
    const char *argv[] = { "check", NULL };

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "check", "--bogus", fixture->path, NULL };

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "check", missing, NULL };

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "export-role-map", fixture->path, "Nope", NULL };

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "no role map named “Nope”"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "export-role-map", fixture->path, "Nope", "--format", "pdf", NULL };

    test_run_cli (argv, &status, &out, &err);
    g_assert_cmpint (status, ==, 2);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/check/sample", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_sample, workbook_fixture_teardown);
  g_test_add ("/check/stage-owner", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_stage_without_owner, workbook_fixture_teardown);
  g_test_add ("/check/plans-and-accounts", WorkbookFixture, NULL,
              workbook_fixture_setup, test_plans_and_accounts, workbook_fixture_teardown);
  g_test_add ("/check/processes-and-committee", WorkbookFixture, NULL,
              workbook_fixture_setup, test_processes_and_committee, workbook_fixture_teardown);
  g_test_add ("/check/role-maps", WorkbookFixture, NULL,
              workbook_fixture_setup, test_role_maps, workbook_fixture_teardown);
  g_test_add ("/check/cli", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_cli, workbook_fixture_teardown);
  g_test_add ("/check/cli-clean", WorkbookFixture, NULL,
              workbook_fixture_setup, test_cli_clean_and_usage, workbook_fixture_teardown);

  return g_test_run ();
}
