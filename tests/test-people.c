/* test-people.c: the directory and the rule for deleting a person */
#include "config.h"

#include <string.h>

#include "concord-people.h"
#include "concord-test-util.h"

static gint64
person_id (ConcordWorkbook *workbook,
           const char      *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM people WHERE name = '%s'", name);
  return test_query_int (workbook, sql);
}

static void
test_save_validates (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  gint64 sales = test_query_int (fixture->workbook, "SELECT id FROM teams WHERE name = 'Sales'");
  gint64 id;

  id = concord_people_save (fixture->workbook, 0, "  ", sales, NULL, NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);

  id = concord_people_save (fixture->workbook, 0, "Ana Ruiz", sales, "AE", "ana at example", &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ana at example"));
  g_clear_error (&error);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM people"), ==, 0);

  id = concord_people_save (fixture->workbook, 0, " Ana Ruiz ", sales, "Account executive",
                            "ana@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (test_query_int (fixture->workbook,
                                   "SELECT count(*) FROM people WHERE name = 'Ana Ruiz'"
                                   " AND email = 'ana@example.com'"), ==, 1);
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Add Ana Ruiz");

  {
    g_autofree char *label = concord_people_dup_label (fixture->workbook, id);
    g_assert_cmpstr (label, ==, "Ana Ruiz (Sales)");
  }
}

static void
test_add_team (WorkbookFixture *fixture,
               gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  gint64 before = test_query_int (fixture->workbook, "SELECT count(*) FROM teams");
  gint64 id = concord_people_add_team (fixture->workbook, "Partner Alliances", &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM teams"), ==, before + 1);
  /* The same name again finds the team instead of failing. */
  g_assert_cmpint (concord_people_add_team (fixture->workbook, "partner alliances", &error), ==, id);
}

static void
test_count_owned (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 hana = person_id (wb, "Hana Sato");
  gint64 expected = test_query_int (wb,
    "SELECT (SELECT count(*) FROM accounts WHERE sales_owner_id = p.id)"
    " + (SELECT count(*) FROM accounts WHERE marketing_owner_id = p.id)"
    " + (SELECT count(*) FROM plans WHERE sales_lead_id = p.id)"
    " + (SELECT count(*) FROM plans WHERE marketing_lead_id = p.id)"
    " + (SELECT count(*) FROM plan_milestones WHERE owner_id = p.id)"
    " + (SELECT count(*) FROM contacts WHERE owner_id = p.id)"
    " + (SELECT count(*) FROM touches WHERE owner_id = p.id)"
    " + (SELECT count(*) FROM role_map_roles WHERE person_id = p.id)"
    " + (SELECT count(*) FROM initiatives WHERE owner_id = p.id)"
    " FROM people p WHERE p.name = 'Hana Sato'");

  g_assert_cmpint (expected, >, 3);
  g_assert_cmpint (concord_people_count_owned_items (wb, hana, &error), ==, expected);
  g_assert_no_error (error);
}

static void
test_delete_reassigns (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 hana = person_id (wb, "Hana Sato");
  gint64 lukas = person_id (wb, "Lukas Brenner");
  gint64 hana_items = concord_people_count_owned_items (wb, hana, NULL);
  gint64 lukas_items = concord_people_count_owned_items (wb, lukas, NULL);
  gint64 people = test_query_int (wb, "SELECT count(*) FROM people");

  g_assert_true (concord_people_delete (wb, hana, lukas, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM people"), ==, people - 1);
  g_assert_cmpint (concord_people_count_owned_items (wb, lukas, NULL), ==, hana_items + lukas_items);

  /* One undo step brings the person and every ownership back. */
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Delete Hana Sato");
  g_assert_true (concord_workbook_undo (wb, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM people"), ==, people);
  g_assert_cmpint (concord_people_count_owned_items (wb, hana, NULL), ==, hana_items);
  g_assert_cmpint (concord_people_count_owned_items (wb, lukas, NULL), ==, lukas_items);
}

static void
test_delete_leaves_unowned (WorkbookFixture *fixture,
                            gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 daniel = person_id (wb, "Daniel Kuehn");
  gint64 unowned_before = test_query_int (wb, "SELECT count(*) FROM accounts WHERE sales_owner_id IS NULL");
  gint64 daniel_accounts = test_query_int (wb, "SELECT count(*) FROM accounts WHERE sales_owner_id ="
                                               " (SELECT id FROM people WHERE name = 'Daniel Kuehn')");

  g_assert_cmpint (daniel_accounts, >, 0);
  g_assert_true (concord_people_delete (wb, daniel, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (wb, "SELECT count(*) FROM accounts WHERE sales_owner_id IS NULL"),
                   ==, unowned_before + daniel_accounts);
  g_assert_cmpint (concord_people_count_owned_items (wb, daniel, NULL), ==, 0);
}

static void
test_delete_refuses (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 hana = person_id (wb, "Hana Sato");

  g_assert_false (concord_people_delete (wb, hana, hana, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (concord_people_delete (wb, hana, 999999, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (person_id (wb, "Hana Sato"), ==, hana);
  g_assert_false (concord_workbook_can_undo (wb));
}

static void
test_search_model (WorkbookFixture *fixture,
                   gconstpointer    data)
{
  g_autoptr(ConcordQueryModel) model = concord_people_model_new (fixture->workbook);
  g_autoptr(GError) error = NULL;
  guint all = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_assert_cmpint (all, ==, test_query_int (fixture->workbook, "SELECT count(*) FROM people"));
  g_assert_true (concord_people_model_set_search (model, "marketing", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                   test_query_int (fixture->workbook,
                                   "SELECT count(*) FROM people p JOIN teams t ON t.id = p.team_id"
                                   " WHERE t.name LIKE '%marketing%' OR p.title LIKE '%marketing%'"
                                   " OR p.name LIKE '%marketing%' OR p.email LIKE '%marketing%'"));
  g_assert_true (concord_people_model_set_search (model, "100%_!", &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

static void
test_lookup_model (WorkbookFixture *fixture,
                   gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordQueryModel) model = concord_lookup_model_new (fixture->workbook, "teams", "name", &error);
  g_autoptr(ConcordRecord) first = NULL;
  g_autoptr(ConcordQueryModel) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (concord_record_get_string (first, "name"), ==, "Customer Success");

  bad = concord_lookup_model_new (fixture->workbook, "teams", "name; DROP TABLE teams", &error);
  g_assert_null (bad);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/people/save", WorkbookFixture, NULL, workbook_fixture_setup,
              test_save_validates, workbook_fixture_teardown);
  g_test_add ("/people/add-team", WorkbookFixture, NULL, workbook_fixture_setup,
              test_add_team, workbook_fixture_teardown);
  g_test_add ("/people/count-owned", WorkbookFixture, NULL, workbook_fixture_setup_sample,
              test_count_owned, workbook_fixture_teardown);
  g_test_add ("/people/delete/reassign", WorkbookFixture, NULL, workbook_fixture_setup_sample,
              test_delete_reassigns, workbook_fixture_teardown);
  g_test_add ("/people/delete/unowned", WorkbookFixture, NULL, workbook_fixture_setup_sample,
              test_delete_leaves_unowned, workbook_fixture_teardown);
  g_test_add ("/people/delete/refuses", WorkbookFixture, NULL, workbook_fixture_setup_sample,
              test_delete_refuses, workbook_fixture_teardown);
  g_test_add ("/people/search", WorkbookFixture, NULL, workbook_fixture_setup_sample,
              test_search_model, workbook_fixture_teardown);
  g_test_add ("/people/lookup-model", WorkbookFixture, NULL, workbook_fixture_setup,
              test_lookup_model, workbook_fixture_teardown);

  return g_test_run ();
}
