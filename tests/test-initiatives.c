/* test-initiatives.c: validation and the undoable writes of initiatives */
#include "config.h"

#include "concord-initiatives.h"
#include "concord-test-util.h"

static ConcordFields *
valid_fields (ConcordWorkbook *workbook)
{
  ConcordFields *fields = concord_fields_new ();

  concord_fields_set_string (fields, "title", "Shared lead scoring");
  concord_fields_set_id (fields, "dimension_id",
                         test_query_int (workbook, "SELECT id FROM maturity_dimensions ORDER BY position LIMIT 1"));
  concord_fields_set_int (fields, "from_stage", 2);
  concord_fields_set_int (fields, "to_stage", 3);
  concord_fields_set_string (fields, "start_on", "2026-01-10");
  concord_fields_set_string (fields, "due_on", "2026-03-31");
  concord_fields_set_string (fields, "status", "active");
  concord_fields_set_int (fields, "progress", 20);

  return fields;
}

static void
assert_refused (ConcordWorkbook *workbook,
                ConcordFields   *fields,
                const char      *column)
{
  g_autoptr(GError) error = NULL;
  const char *bad = NULL;

  g_assert_cmpint (concord_initiative_create (workbook, fields, &bad, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (bad, ==, column);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM initiatives"), ==, 0);
}

static void
test_validation (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  struct
  {
    const char *column;
    const char *text;
    gint64      number;
  } cases[] = {
    { "title", "   ", 0 },
    { "to_stage", NULL, 2 },        /* not above from_stage */
    { "to_stage", NULL, 7 },
    { "from_stage", NULL, 0 },
    { "start_on", "2026-13-01", 0 },
    { "due_on", "2025-12-31", 0 },  /* before the start */
    { "status", "finished", 0 },
    { "progress", NULL, 101 },
    { "owner_id", NULL, 9999 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ConcordFields) fields = valid_fields (workbook);

      if (cases[i].text != NULL)
        concord_fields_set_string (fields, cases[i].column, cases[i].text);
      else
        concord_fields_set_int (fields, cases[i].column, cases[i].number);

      assert_refused (workbook, fields, cases[i].column);
    }
}

static void
test_create_update (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(ConcordFields) fields = valid_fields (workbook);
  g_autoptr(ConcordFields) change = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  const char *bad = NULL;
  gint64 id;

  id = concord_initiative_create (workbook, fields, &bad, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Add Initiative");

  /* An update checks against the stored values it does not change. */
  concord_fields_set_string (change, "due_on", "2026-01-01");
  g_assert_false (concord_initiative_update (workbook, id, change, &bad, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_cmpstr (bad, ==, "due_on");
  g_clear_error (&error);

  concord_fields_set_string (change, "due_on", "2026-06-30");
  g_assert_true (concord_initiative_update (workbook, id, change, &bad, &error));
  g_assert_no_error (error);
  due = test_query_string (workbook, "SELECT due_on FROM initiatives");
  g_assert_cmpstr (due, ==, "2026-06-30");
}

static void
test_reschedule_undo (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *due = NULL;
  gint64 id = test_query_int (workbook, "SELECT id FROM initiatives ORDER BY id LIMIT 1");
  g_autofree char *old_start = test_query_string (workbook, "SELECT start_on FROM initiatives ORDER BY id LIMIT 1");

  g_assert_true (concord_initiative_reschedule (workbook, id, "2030-01-01", "2030-02-01", &error));
  g_assert_no_error (error);
  start = test_query_string (workbook, "SELECT start_on FROM initiatives ORDER BY id LIMIT 1");
  g_assert_cmpstr (start, ==, "2030-01-01");
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Reschedule Initiative");

  /* Both dates come back with one undo. */
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_clear_pointer (&start, g_free);
  start = test_query_string (workbook, "SELECT start_on FROM initiatives ORDER BY id LIMIT 1");
  g_assert_cmpstr (start, ==, old_start);

  g_assert_false (concord_initiative_reschedule (workbook, id, "2030-03-01", "2030-02-01", &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
}

static void
test_model (WorkbookFixture *fixture,
            gconstpointer    data)
{
  g_autoptr(ConcordQueryModel) all = concord_initiative_model_new (fixture->workbook, NULL);
  g_autoptr(ConcordQueryModel) found = concord_initiative_model_new (fixture->workbook, "BONUS");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (found)), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/initiatives/validation", WorkbookFixture, NULL,
              workbook_fixture_setup, test_validation, workbook_fixture_teardown);
  g_test_add ("/initiatives/create-update", WorkbookFixture, NULL,
              workbook_fixture_setup, test_create_update, workbook_fixture_teardown);
  g_test_add ("/initiatives/reschedule-undo", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_reschedule_undo, workbook_fixture_teardown);
  g_test_add ("/initiatives/model", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_model, workbook_fixture_teardown);

  return g_test_run ();
}
