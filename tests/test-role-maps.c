/* test-role-maps.c: cells, undo, validation in each variant, exports */
#include "config.h"

#include "concord-check.h"
#include "concord-role-maps.h"
#include "concord-test-util.h"

typedef struct
{
  gint64 map;
  gint64 roles[3];       /* Marketing ops (Marketing team), SDR (Sales), Finance */
  gint64 activities[2];  /* Qualify lead (stage owned by Sales), Report */
} SmallMap;

static void
make_map (WorkbookFixture    *fixture,
          ConcordRoleVariant  variant,
          SmallMap           *map)
{
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *wb = fixture->workbook;
  gint64 marketing = test_query_int (wb, "SELECT id FROM teams WHERE name = 'Marketing'");
  gint64 sales = test_query_int (wb, "SELECT id FROM teams WHERE name = 'Sales'");
  gint64 process = concord_workbook_count (wb, "processes");
  g_autoptr(ConcordFields) stage = concord_fields_new ();
  gint64 stage_id;

  g_assert_cmpint (process, ==, 0);
  {
    g_autoptr(ConcordFields) fields = concord_fields_new ();
    concord_fields_set_string (fields, "name", "Leads");
    process = concord_workbook_insert (wb, "processes", fields, &error);
    g_assert_no_error (error);
  }
  concord_fields_set_id (stage, "process_id", process);
  concord_fields_set_string (stage, "name", "SAL");
  concord_fields_set_id (stage, "owner_team_id", sales);
  stage_id = concord_workbook_insert (wb, "process_stages", stage, &error);
  g_assert_no_error (error);

  map->map = concord_role_maps_add (wb, "Leads", variant, &error);
  g_assert_no_error (error);
  map->roles[0] = concord_role_maps_add_role (wb, map->map, "Marketing ops", "team", marketing, 0, &error);
  map->roles[1] = concord_role_maps_add_role (wb, map->map, "SDR", "job", sales, 0, &error);
  map->roles[2] = concord_role_maps_add_role (wb, map->map, "Finance", "job", 0, 0, &error);
  map->activities[0] = concord_role_maps_add_activity (wb, map->map, "Qualify lead", "Hand-off", stage_id, &error);
  map->activities[1] = concord_role_maps_add_activity (wb, map->map, "Report", NULL, 0, &error);
  g_assert_no_error (error);
  concord_workbook_clear_history (wb);
}

static void
set (WorkbookFixture *fixture,
     SmallMap        *map,
     guint            activity,
     guint            role,
     char             letter)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (concord_role_maps_set_cell (fixture->workbook, map->activities[activity],
                                             map->roles[role], letter, &error));
  g_assert_no_error (error);
}

/* The findings of the map as "code@name" lines, sorted for comparison. */
static char *
findings_of (WorkbookFixture *fixture,
             SmallMap        *map)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordRoleMatrix) matrix = concord_role_matrix_load (fixture->workbook, map->map, &error);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  findings = concord_role_matrix_validate (matrix);
  for (guint i = 0; i < findings->len; i++)
    {
      ConcordFinding *finding = g_ptr_array_index (findings, i);
      const char *name = g_strrstr (finding->where, "“");

      g_string_append_printf (out, "%s%s %s", i ? "; " : "", finding->code, name);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_findings(fixture, map, expected) \
  G_STMT_START { \
    g_autofree char *found_ = findings_of (fixture, map); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

static void
test_validate_raci (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  SmallMap map;

  make_map (fixture, CONCORD_ROLE_VARIANT_RACI, &map);

  /* Empty: no A, no R on both activities, every role unused. */
  assert_findings (fixture, &map,
                   "role-map/accountable “Qualify lead”; role-map/responsible “Qualify lead”; "
                   "role-map/accountable “Report”; role-map/responsible “Report”; "
                   "role-map/unused-role “Marketing ops”; role-map/unused-role “SDR”; "
                   "role-map/unused-role “Finance”");

  set (fixture, &map, 0, 0, 'R');
  set (fixture, &map, 0, 1, 'A');
  set (fixture, &map, 1, 2, 'R');
  set (fixture, &map, 1, 1, 'A');
  /* Marketing is Responsible for a stage Sales owns. */
  assert_findings (fixture, &map, "role-map/stage-owner “Qualify lead”");

  set (fixture, &map, 0, 1, 'R');
  set (fixture, &map, 0, 0, 'A');
  assert_findings (fixture, &map, "");

  /* Two A's. */
  set (fixture, &map, 1, 0, 'A');
  assert_findings (fixture, &map, "role-map/accountable “Report”");
  set (fixture, &map, 1, 0, 'C');
  assert_findings (fixture, &map, "");

  /* No R. */
  set (fixture, &map, 1, 2, 'I');
  assert_findings (fixture, &map, "role-map/responsible “Report”");
}

static void
test_validate_rasci (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  SmallMap map;

  make_map (fixture, CONCORD_ROLE_VARIANT_RASCI, &map);
  set (fixture, &map, 0, 1, 'R');
  set (fixture, &map, 0, 0, 'A');
  set (fixture, &map, 0, 2, 'S');
  set (fixture, &map, 1, 2, 'R');
  set (fixture, &map, 1, 1, 'A');
  assert_findings (fixture, &map, "");

  /* S only counts as support: an activity with S but no R still lacks R. */
  set (fixture, &map, 1, 2, 'S');
  assert_findings (fixture, &map, "role-map/responsible “Report”");
  set (fixture, &map, 1, 2, 'R');

  /* Back to RACI: the S stays, reported, not silently dropped. */
  g_assert_true (concord_role_maps_set_variant (fixture->workbook, map.map,
                                                CONCORD_ROLE_VARIANT_RACI, &error));
  g_assert_no_error (error);
  assert_findings (fixture, &map, "role-map/letter “Qualify lead”");

  /* And RACI refuses a new S. */
  g_assert_false (concord_role_maps_set_cell (fixture->workbook, map.activities[1], map.roles[0],
                                              'S', &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
}

static void
test_validate_daci (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordRoleMatrix) matrix = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  SmallMap map;

  make_map (fixture, CONCORD_ROLE_VARIANT_DACI, &map);
  set (fixture, &map, 0, 1, 'D');
  set (fixture, &map, 1, 2, 'D');
  set (fixture, &map, 1, 1, 'A');
  set (fixture, &map, 0, 0, 'C');
  /* No Approver on "Qualify lead". */
  assert_findings (fixture, &map, "role-map/accountable “Qualify lead”");

  matrix = concord_role_matrix_load (fixture->workbook, map.map, &error);
  findings = concord_role_matrix_validate (matrix);
  g_assert_cmpstr (((ConcordFinding *) g_ptr_array_index (findings, 0))->message, ==,
                   "no role is the Approver; exactly one must be.");

  set (fixture, &map, 0, 2, 'A');
  set (fixture, &map, 0, 1, 'I');
  /* No Driver, so no Driver from the owning team either. */
  assert_findings (fixture, &map, "role-map/responsible “Qualify lead”");
  set (fixture, &map, 0, 0, 'D');
  assert_findings (fixture, &map, "role-map/stage-owner “Qualify lead”");

  /* R is not a DACI letter. */
  g_assert_false (concord_role_maps_set_cell (fixture->workbook, map.activities[0], map.roles[0],
                                              'R', &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
}

static void
test_cells_undo (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *wb = fixture->workbook;
  SmallMap map;
  const char *cell_sql = "SELECT ifnull ((SELECT letter FROM role_map_assignments), '-')";

  make_map (fixture, CONCORD_ROLE_VARIANT_RACI, &map);

  set (fixture, &map, 0, 0, 'r');
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Set Marketing ops for “Qualify lead” to R");
  set (fixture, &map, 0, 0, 'A');
  set (fixture, &map, 0, 0, 'A');  /* no change, no step */
  set (fixture, &map, 0, 0, '\0');
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Clear Marketing ops for “Qualify lead”");
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM role_map_assignments"), ==, 0);

  g_assert_true (concord_workbook_undo (wb, &error));
  {
    g_autofree char *letter = test_query_string (wb, cell_sql);
    g_assert_cmpstr (letter, ==, "A");
  }
  g_assert_true (concord_workbook_undo (wb, &error));
  {
    g_autofree char *letter = test_query_string (wb, cell_sql);
    g_assert_cmpstr (letter, ==, "R");
  }
  g_assert_true (concord_workbook_undo (wb, &error));
  g_assert_no_error (error);
  g_assert_false (concord_workbook_can_undo (wb));
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM role_map_assignments"), ==, 0);
  g_assert_true (concord_workbook_redo (wb, &error));
  {
    g_autofree char *letter = test_query_string (wb, cell_sql);
    g_assert_cmpstr (letter, ==, "R");
  }

  /* A role from another map is refused. */
  {
    gint64 other = concord_role_maps_add (wb, "Other", CONCORD_ROLE_VARIANT_RACI, &error);
    gint64 role = concord_role_maps_add_role (wb, other, "Stranger", "job", 0, 0, &error);

    g_assert_false (concord_role_maps_set_cell (wb, map.activities[0], role, 'R', &error));
    g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND);
  }
}

static void
test_variant_switch (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  ConcordWorkbook *wb = fixture->workbook;
  SmallMap map;

  make_map (fixture, CONCORD_ROLE_VARIANT_RACI, &map);
  set (fixture, &map, 0, 1, 'R');
  set (fixture, &map, 0, 0, 'A');

  g_assert_true (concord_role_maps_set_variant (wb, map.map, CONCORD_ROLE_VARIANT_DACI, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM role_map_assignments WHERE letter = 'D'"), ==, 1);
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM role_map_assignments WHERE letter = 'R'"), ==, 0);

  g_assert_true (concord_workbook_undo (wb, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM role_map_assignments WHERE letter = 'R'"), ==, 1);
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM role_maps WHERE variant = 'raci'"), ==, 1);
}

static void
test_reorder (WorkbookFixture *fixture,
              gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordRoleMatrix) matrix = NULL;
  ConcordWorkbook *wb = fixture->workbook;
  SmallMap map;

  make_map (fixture, CONCORD_ROLE_VARIANT_RACI, &map);
  set (fixture, &map, 1, 2, 'R');

  g_assert_true (concord_role_maps_move_role (wb, map.map, map.roles[2], 0, &error));
  g_assert_true (concord_role_maps_move_activity (wb, map.map, map.activities[1], 0, &error));
  g_assert_no_error (error);

  matrix = concord_role_matrix_load (wb, map.map, &error);
  g_assert_cmpstr (((ConcordRoleMapRole *) g_ptr_array_index (matrix->roles, 0))->name, ==, "Finance");
  g_assert_cmpstr (((ConcordRoleMapActivity *) g_ptr_array_index (matrix->activities, 0))->name, ==, "Report");
  /* The letter moves with its row and column. */
  g_assert_cmpint (concord_role_matrix_get (matrix, 0, 0), ==, 'R');
  g_assert_cmpuint (concord_role_matrix_count (matrix, 0, 'R'), ==, 1);
  g_assert_cmpuint (concord_role_matrix_count (matrix, 1, 'R'), ==, 0);
  g_clear_pointer (&matrix, concord_role_matrix_free);

  g_assert_true (concord_workbook_undo (wb, &error));
  g_assert_true (concord_workbook_undo (wb, &error));
  matrix = concord_role_matrix_load (wb, map.map, &error);
  g_assert_cmpstr (((ConcordRoleMapRole *) g_ptr_array_index (matrix->roles, 0))->name, ==, "Marketing ops");
  g_assert_cmpstr (((ConcordRoleMapActivity *) g_ptr_array_index (matrix->activities, 0))->name, ==, "Qualify lead");
}

static void
test_sample_load (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = concord_role_maps_lookup (fixture->workbook, "Lead management RACI");
  g_autoptr(ConcordRoleMatrix) matrix = concord_role_matrix_load (fixture->workbook, id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (matrix->roles->len, ==, 6);
  g_assert_cmpuint (matrix->activities->len, ==, 8);
  /* Head of Sales (column 4): A on four activities, C on one, I on one. */
  g_assert_cmpuint (concord_role_matrix_count (matrix, 4, 'A'), ==, 4);
  g_assert_cmpuint (concord_role_matrix_count (matrix, 4, 'C'), ==, 1);
  g_assert_cmpuint (concord_role_matrix_count (matrix, 4, 'I'), ==, 1);
}

static void
assert_export (ConcordRoleMatrix       *matrix,
               ConcordRoleExportFormat  format,
               const char              *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "role-maps", file, NULL);
  g_autofree char *expected = NULL;
  g_autofree char *actual = concord_role_matrix_export (matrix, format);

  if (g_getenv ("CONCORD_UPDATE_EXPECTED") != NULL)
    g_file_set_contents (path, actual, -1, NULL);

  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_export_sample (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = concord_role_maps_lookup (fixture->workbook, "Lead management RACI");
  g_autoptr(ConcordRoleMatrix) matrix = concord_role_matrix_load (fixture->workbook, id, &error);

  g_assert_no_error (error);
  assert_export (matrix, CONCORD_ROLE_EXPORT_CSV, "lead-management-raci.csv");
  assert_export (matrix, CONCORD_ROLE_EXPORT_MARKDOWN, "lead-management-raci.md");
  assert_export (matrix, CONCORD_ROLE_EXPORT_HTML, "lead-management-raci.html");
}

static void
test_export_escaping (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordRoleMatrix) matrix = NULL;
  ConcordWorkbook *wb = fixture->workbook;
  gint64 map = concord_role_maps_add (wb, "Ops <&> \"Finance\"", CONCORD_ROLE_VARIANT_DACI, &error);
  gint64 role1 = concord_role_maps_add_role (wb, map, "=HYPERLINK(\"x\")", "job", 0, 0, &error);
  gint64 role2 = concord_role_maps_add_role (wb, map, "Ops | Finance", "job", 0, 0, &error);
  gint64 activity = concord_role_maps_add_activity (wb, map, "Say \"yes\", then <b>ship</b>",
                                                    "A|B", 0, &error);

  g_assert_no_error (error);
  g_assert_true (concord_role_maps_set_cell (wb, activity, role1, 'D', &error));
  g_assert_true (concord_role_maps_set_cell (wb, activity, role2, 'A', &error));
  matrix = concord_role_matrix_load (wb, map, &error);
  g_assert_no_error (error);

  assert_export (matrix, CONCORD_ROLE_EXPORT_CSV, "escaping.csv");
  assert_export (matrix, CONCORD_ROLE_EXPORT_MARKDOWN, "escaping.md");
  assert_export (matrix, CONCORD_ROLE_EXPORT_HTML, "escaping.html");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/role-maps/validate/raci", WorkbookFixture, NULL,
              workbook_fixture_setup, test_validate_raci, workbook_fixture_teardown);
  g_test_add ("/role-maps/validate/rasci", WorkbookFixture, NULL,
              workbook_fixture_setup, test_validate_rasci, workbook_fixture_teardown);
  g_test_add ("/role-maps/validate/daci", WorkbookFixture, NULL,
              workbook_fixture_setup, test_validate_daci, workbook_fixture_teardown);
  g_test_add ("/role-maps/cells/undo", WorkbookFixture, NULL,
              workbook_fixture_setup, test_cells_undo, workbook_fixture_teardown);
  g_test_add ("/role-maps/variant", WorkbookFixture, NULL,
              workbook_fixture_setup, test_variant_switch, workbook_fixture_teardown);
  g_test_add ("/role-maps/reorder", WorkbookFixture, NULL,
              workbook_fixture_setup, test_reorder, workbook_fixture_teardown);
  g_test_add ("/role-maps/sample", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_sample_load, workbook_fixture_teardown);
  g_test_add ("/role-maps/export/sample", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_export_sample, workbook_fixture_teardown);
  g_test_add ("/role-maps/export/escaping", WorkbookFixture, NULL,
              workbook_fixture_setup, test_export_escaping, workbook_fixture_teardown);

  return g_test_run ();
}
