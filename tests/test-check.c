/* test-check.c: the findings engine and `concord-cli check` */
#include "config.h"

#include <json-glib/json-glib.h>

#include "concord-check.h"
#include "concord-test-util.h"

static const char sample_findings[] =
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
    "stage/no-sla", "glossary/not-agreed", "glossary/not-agreed",
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
  g_assert_cmpuint (findings->len, ==, 6);
  finding = g_ptr_array_index (findings, 0);
  g_assert_cmpstr (finding->code, ==, "stage/no-owner");
  g_assert_cmpstr (finding->where, ==, "Process “Lead management”, stage “SQL”");
  g_assert_cmpstr (finding->table, ==, "process_stages");
  g_assert_cmpint (concord_workbook_lookup_uuid (fixture->workbook, "process_stages", finding->uuid),
                   ==, finding->id);
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
    g_assert_cmpint (json_object_get_int_member (root, "count"), ==, 5);
    g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (json_object_get_array_member (root, "findings"), 3),
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
  g_test_add ("/check/cli", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_cli, workbook_fixture_teardown);
  g_test_add ("/check/cli-clean", WorkbookFixture, NULL,
              workbook_fixture_setup, test_cli_clean_and_usage, workbook_fixture_teardown);

  return g_test_run ();
}
