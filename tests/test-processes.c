/* test-processes.c: stages in order, moved as one undo step, hand-offs */
#include "config.h"

#include "concord-check.h"
#include "concord-people.h"
#include "concord-processes.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

static GPtrArray *
load (WorkbookFixture *fixture,
      gint64           process_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *stages = concord_processes_load_stages (fixture->workbook, process_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stages);

  return stages;
}

static char *
stage_names (WorkbookFixture *fixture,
             gint64           process_id)
{
  g_autoptr(GPtrArray) stages = load (fixture, process_id);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < stages->len; i++)
    {
      ConcordStageSummary *stage = g_ptr_array_index (stages, i);
      g_string_append_printf (names, "%s%s", i ? "," : "", stage->name);
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gint64
make_process (WorkbookFixture *fixture,
              gint64          *stage_ids)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Inquiry", "MQL", "SQL", "Won" };
  gint64 process_id = concord_processes_add (fixture->workbook, "  Lead management  ", &error);

  g_assert_no_error (error);
  g_assert_cmpint (process_id, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      stage_ids[i] = concord_processes_add_stage (fixture->workbook, process_id, names[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (stage_ids[i], >, 0);
    }

  return process_id;
}

static void
test_stage_order (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  gint64 ids[4];
  gint64 process_id = make_process (fixture, ids);
  g_autofree char *names = stage_names (fixture, process_id);
  g_autofree char *stored = test_query_string (fixture->workbook,
                                               "SELECT group_concat (position, ',') FROM "
                                               "(SELECT position FROM process_stages ORDER BY id)");
  g_autofree char *process_name = test_query_string (fixture->workbook, "SELECT name FROM processes");

  g_assert_cmpstr (names, ==, "Inquiry,MQL,SQL,Won");
  g_assert_cmpstr (stored, ==, "0,1,2,3");
  g_assert_cmpstr (process_name, ==, "Lead management");
}

static void
test_stage_move (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  gint64 ids[4];
  gint64 process_id = make_process (fixture, ids);
  char *names;

  concord_workbook_clear_history (fixture->workbook);

  /* Drag "Won" to the front. */
  g_assert_true (concord_processes_move_stage (fixture->workbook, ids[3], 0, &error));
  g_assert_no_error (error);
  names = stage_names (fixture, process_id);
  g_assert_cmpstr (names, ==, "Won,Inquiry,MQL,SQL");
  g_free (names);
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Move Stage");

  /* Keyboard: move "MQL" one place down; an index past the end clamps. */
  g_assert_true (concord_processes_move_stage (fixture->workbook, ids[1], 3, &error));
  g_assert_true (concord_processes_move_stage (fixture->workbook, ids[0], 99, &error));
  g_assert_no_error (error);
  names = stage_names (fixture, process_id);
  g_assert_cmpstr (names, ==, "Won,SQL,MQL,Inquiry");
  g_free (names);

  /* Each move is one undo step. */
  g_assert_true (concord_workbook_undo (fixture->workbook, &error));
  g_assert_true (concord_workbook_undo (fixture->workbook, &error));
  names = stage_names (fixture, process_id);
  g_assert_cmpstr (names, ==, "Won,Inquiry,MQL,SQL");
  g_free (names);
  g_assert_true (concord_workbook_undo (fixture->workbook, &error));
  g_assert_no_error (error);
  g_assert_false (concord_workbook_can_undo (fixture->workbook));
  names = stage_names (fixture, process_id);
  g_assert_cmpstr (names, ==, "Inquiry,MQL,SQL,Won");
  g_free (names);

  /* A stage that is gone is refused, by name. */
  g_assert_true (concord_processes_delete_stage (fixture->workbook, ids[2], &error));
  g_assert_false (concord_processes_move_stage (fixture->workbook, ids[2], 0, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND);
}

static void
test_handoff (WorkbookFixture *fixture,
              gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  gint64 lead = test_query_int (fixture->workbook,
                                "SELECT id FROM processes WHERE name = 'Lead management'");
  gint64 sales = test_query_int (fixture->workbook, "SELECT id FROM teams WHERE name = 'Sales'");
  gint64 mql = test_query_int (fixture->workbook,
                               "SELECT id FROM process_stages WHERE name = 'MQL'");

  /* The sample: ownership passes from Marketing to Sales at SAL. */
  stages = load (fixture, lead);
  g_assert_cmpuint (stages->len, ==, 6);
  for (guint i = 0; i < stages->len; i++)
    {
      ConcordStageSummary *stage = g_ptr_array_index (stages, i);
      g_assert_cmpint (stage->handoff, ==, g_str_equal (stage->name, "SAL"));
    }
  g_assert_cmpstr (((ConcordStageSummary *) g_ptr_array_index (stages, 0))->owner_kind, ==,
                   "marketing");
  g_clear_pointer (&stages, g_ptr_array_unref);

  /* Give MQL to Sales without ticking hand-off: the change of owner is
   * detected at MQL, SAL keeps its flag. */
  concord_fields_set_id (fields, "owner_team_id", sales);
  g_assert_true (concord_processes_update_stage (fixture->workbook, mql, fields, &error));
  g_assert_no_error (error);
  stages = load (fixture, lead);
  g_assert_true (((ConcordStageSummary *) g_ptr_array_index (stages, 1))->handoff);
  g_assert_false (((ConcordStageSummary *) g_ptr_array_index (stages, 1))->handoff_flag);
  g_assert_true (((ConcordStageSummary *) g_ptr_array_index (stages, 2))->handoff);
  g_assert_false (((ConcordStageSummary *) g_ptr_array_index (stages, 3))->handoff);
}

static void
test_stage_validation (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  gint64 ids[4];
  g_autofree char *after = NULL;
  struct { const char *column; double value; const char *message; } bad[] = {
    { "sla_hours", -4, "Response time in hours: must be 0 or more." },
    { "sla_attempts", -1, "Number of attempts: must be 0 or more." },
    { "conversion_target", 150, "Conversion to the next stage: must be between 0 and 100." },
  };

  make_process (fixture, ids);
  concord_workbook_clear_history (fixture->workbook);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ConcordFields) fields = concord_fields_new ();

      if (g_str_equal (bad[i].column, "conversion_target"))
        concord_fields_set_double (fields, bad[i].column, bad[i].value);
      else
        concord_fields_set_int (fields, bad[i].column, (gint64) bad[i].value);
      g_assert_false (concord_processes_update_stage (fixture->workbook, ids[0], fields, &error));
      g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, bad[i].message);
      g_clear_error (&error);
    }

  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    concord_fields_set_string (fields, "name", "   ");
    g_assert_false (concord_processes_update_stage (fixture->workbook, ids[0], fields, &error));
    g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "Name: a value is required.");
    g_clear_error (&error);
  }

  g_assert_cmpint (concord_processes_add_stage (fixture->workbook, 1, "", &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);

  /* Nothing was saved and nothing went into the history. */
  after = test_query_string (fixture->workbook,
                             "SELECT ifnull (sla_hours, 'null') || ',' || name"
                             "  FROM process_stages WHERE name = 'Inquiry'");
  g_assert_cmpstr (after, ==, "null,Inquiry");
  g_assert_false (concord_workbook_can_undo (fixture->workbook));
}

static void
test_glossary_search (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordQueryModel) terms = concord_glossary_model_new (fixture->workbook, NULL);
  g_autoptr(ConcordQueryModel) rules = concord_engagement_rules_model_new (fixture->workbook, "");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (terms)), ==, 9);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rules)), ==, 6);

  /* Terms match on the term or its definition, case-insensitively. */
  g_assert_true (concord_glossary_model_search (terms, "nurture", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (terms)), ==, 1);
  g_assert_true (concord_glossary_model_search (terms, "100%", &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (terms)), ==, 0);

  g_assert_true (concord_engagement_rules_model_search (rules, "customer contact", &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rules)), ==, 1);

  /* A new term shows up in a live search that matches it. */
  g_assert_true (concord_glossary_model_search (terms, "qualified", &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (terms)), ==, 2);
  g_assert_cmpint (concord_glossary_add (fixture->workbook, "Qualified meeting", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (terms)), ==, 3);
}

static void
test_glossary_same_word (WorkbookFixture *fixture,
                         gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) concord_finding_free);
  gint64 mql, other;

  mql = concord_glossary_add (workbook, "MQL", &error);
  g_assert_no_error (error);

  /* The same word in another case, or with spaces, is refused. */
  g_assert_cmpint (concord_glossary_add (workbook, " mql ", &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“MQL”"));
  g_clear_error (&error);

  other = concord_glossary_add (workbook, "SQL", &error);
  g_assert_no_error (error);
  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    concord_fields_set_string (fields, "term", "Mql");
    g_assert_false (concord_glossary_update (workbook, other, fields, &error));
    g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    /* Renaming a term to a new case of itself is fine. */
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    concord_fields_set_string (fields, "term", "Mql");
    g_assert_true (concord_glossary_update (workbook, mql, fields, &error));
    g_assert_no_error (error);
  }

  /* One that came in another way is flagged by the check. */
  g_assert_true (concord_workbook_exec (workbook, "INSERT INTO glossary_terms (term) VALUES ('MQL')", &error));
  g_assert_true (concord_glossary_check (workbook, findings, &error));
  g_assert_no_error (error);
  {
    gboolean flagged = FALSE;

    for (guint i = 0; i < findings->len; i++)
      flagged |= g_str_equal (((ConcordFinding *) g_ptr_array_index (findings, i))->code, "glossary/duplicate");
    g_assert_true (flagged);
  }
}

static void
test_glossary_reworded (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 id = concord_glossary_add (workbook, "SAL", &error);

  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    concord_fields_set_string (fields, "definition", "Sales accepted the lead within a day.");
    concord_fields_set_int (fields, "agreed", 1);
    concord_fields_set_string (fields, "agreed_on", "2026-11-02");
    g_assert_true (concord_glossary_update (workbook, id, fields, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (test_query_int (workbook, "SELECT agreed FROM glossary_terms WHERE term = 'SAL'"), ==, 1);

  /* The same words again keep the agreement. */
  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    concord_fields_set_string (fields, "definition", "Sales accepted the lead within a day.");
    g_assert_true (concord_glossary_update (workbook, id, fields, &error));
  }
  g_assert_cmpint (test_query_int (workbook, "SELECT agreed FROM glossary_terms WHERE term = 'SAL'"), ==, 1);

  /* New words need a new agreement; undo brings the old one back. */
  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();

    concord_fields_set_string (fields, "definition", "Sales accepted the lead within a week.");
    g_assert_true (concord_glossary_update (workbook, id, fields, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (test_query_int (workbook, "SELECT agreed FROM glossary_terms WHERE term = 'SAL'"), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT agreed_on IS NULL FROM glossary_terms WHERE term = 'SAL'"), ==, 1);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT agreed FROM glossary_terms WHERE term = 'SAL'"), ==, 1);
}

/* Where a stage is picked (a role map's activity), it is named with its
 * process and listed within it, so two processes' "MQL" are told apart. */
static void
test_stage_lookup (WorkbookFixture *fixture,
                   gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordQueryModel) stages = NULL;
  gint64 partner = concord_processes_add (workbook, "Partner leads", &error);
  gint64 lead = concord_processes_add (workbook, "Lead management", &error);
  gint64 partner_mql, lead_mql;
  const char *expected[] = { "Lead management — Inquiry", "Lead management — MQL",
                             "Partner leads — MQL", "Partner leads — Deal registered" };

  partner_mql = concord_processes_add_stage (workbook, partner, "MQL", &error);
  concord_processes_add_stage (workbook, partner, "Deal registered", &error);
  concord_processes_add_stage (workbook, lead, "Inquiry", &error);
  lead_mql = concord_processes_add_stage (workbook, lead, "MQL", &error);
  g_assert_no_error (error);

  stages = concord_lookup_model_new (workbook, "process_stages", "name", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stages)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (stages), i);
      g_autofree char *label = concord_lookup_dup_label (workbook, "process_stages",
                                                         concord_record_get_id (record));

      g_assert_cmpstr (label, ==, expected[i]);
    }
  g_assert_cmpint (partner_mql, !=, lead_mql);
  g_assert_null (concord_lookup_dup_label (workbook, "processes", lead));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/processes/stages/order", WorkbookFixture, NULL,
              workbook_fixture_setup, test_stage_order, workbook_fixture_teardown);
  g_test_add ("/processes/stages/move", WorkbookFixture, NULL,
              workbook_fixture_setup, test_stage_move, workbook_fixture_teardown);
  g_test_add ("/processes/stages/validation", WorkbookFixture, NULL,
              workbook_fixture_setup, test_stage_validation, workbook_fixture_teardown);
  g_test_add ("/processes/handoff", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_handoff, workbook_fixture_teardown);
  g_test_add ("/processes/stages/lookup", WorkbookFixture, NULL,
              workbook_fixture_setup, test_stage_lookup, workbook_fixture_teardown);
  g_test_add ("/processes/glossary/same-word", WorkbookFixture, NULL,
              workbook_fixture_setup, test_glossary_same_word, workbook_fixture_teardown);
  g_test_add ("/processes/glossary/reworded", WorkbookFixture, NULL,
              workbook_fixture_setup, test_glossary_reworded, workbook_fixture_teardown);
  g_test_add ("/processes/glossary/search", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_glossary_search, workbook_fixture_teardown);

  return g_test_run ();
}
