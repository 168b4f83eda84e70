/* test-roles-page.c: a role map edited with the keyboard, checked live */
#include "config.h"

#include <adwaita.h>

#include "concord-process-stage-editor.h"
#include "concord-processes-page.h"
#include "concord-raci-grid.h"
#include "concord-roles-page.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"
#include "concord-window.h"

static char *
cell_letter (ConcordWorkbook *workbook,
             const char      *activity,
             const char      *role)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT ifnull ((SELECT x.letter FROM role_map_assignments x"
                     " JOIN role_map_activities a ON a.id = x.activity_id"
                     " JOIN role_map_roles r ON r.id = x.role_id"
                     " JOIN role_maps m ON m.id = a.map_id"
                     " WHERE m.name = 'Lead management RACI' AND a.name = '%s' AND r.name = '%s'), '-')",
                     activity, role);

  return test_query_string (workbook, sql);
}

#define assert_cell(wb, activity, role, expected) \
  G_STMT_START { \
    g_autofree char *letter_ = cell_letter (wb, activity, role); \
    g_assert_cmpstr (letter_, ==, expected); \
  } G_STMT_END

static void
assert_cursor (ConcordRaciGrid *grid,
               guint            activity,
               guint            role)
{
  guint a, r;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (grid));

  g_assert_true (concord_raci_grid_get_cursor (grid, &a, &r));
  g_assert_cmpuint (a, ==, activity);
  g_assert_cmpuint (r, ==, role);
  /* Focus stays on the cell, even after the grid was rebuilt. */
  g_assert_true (gtk_root_get_focus (root) == concord_raci_grid_get_cell (grid, activity, role));
}

static void
test_keyboard_editing (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  ConcordWindow *window = test_present_window (wb);
  ConcordRolesPage *page;
  ConcordRaciGrid *grid;
  gint64 map_id = test_query_int (wb, "SELECT id FROM role_maps WHERE name = 'Lead management RACI'");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "roles"));
  test_spin ();

  page = CONCORD_ROLES_PAGE (concord_window_get_page (window, "roles"));
  concord_roles_page_select_map (page, map_id);
  test_spin ();
  grid = CONCORD_RACI_GRID (concord_roles_page_get_grid (page));
  g_assert_cmpint (concord_raci_grid_get_map_id (grid), ==, map_id);

  /* The sample's two deliberate problems show at once. */
  g_assert_cmpuint (concord_raci_grid_get_findings (grid)->len, ==, 2);

  concord_raci_grid_set_cursor (grid, 0, 0);
  test_spin ();
  assert_cursor (grid, 0, 0);

  /* Walk to "Send unready leads back to nurture" × "Head of Sales". */
  for (int i = 0; i < 5; i++)
    test_press_key (GTK_WIDGET (grid), GDK_KEY_Down, 0);
  for (int i = 0; i < 4; i++)
    test_press_key (GTK_WIDGET (grid), GDK_KEY_Right, 0);
  assert_cursor (grid, 5, 4);
  assert_cell (wb, "Send unready leads back to nurture", "Head of Sales", "A");

  /* "c" makes Head of Sales Consulted: one A left, so one problem left. */
  test_press_key (GTK_WIDGET (grid), GDK_KEY_c, 0);
  assert_cell (wb, "Send unready leads back to nurture", "Head of Sales", "C");
  g_assert_cmpuint (concord_raci_grid_get_findings (grid)->len, ==, 1);
  assert_cursor (grid, 5, 4);

  /* Delete clears the cell. */
  test_press_key (GTK_WIDGET (grid), GDK_KEY_Delete, 0);
  assert_cell (wb, "Send unready leads back to nurture", "Head of Sales", "-");

  /* S is not a RACI letter: refused, nothing changes. */
  test_press_key (GTK_WIDGET (grid), GDK_KEY_s, 0);
  assert_cell (wb, "Send unready leads back to nurture", "Head of Sales", "-");

  /* Undo, one step per edit. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  test_spin ();
  assert_cell (wb, "Send unready leads back to nurture", "Head of Sales", "C");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  test_spin ();
  assert_cell (wb, "Send unready leads back to nurture", "Head of Sales", "A");
  g_assert_cmpuint (concord_raci_grid_get_findings (grid)->len, ==, 2);

  /* Give "Maintain the lead scoring model" its R: Marketing team. */
  concord_raci_grid_set_cursor (grid, 5, 4);
  test_press_key (GTK_WIDGET (grid), GDK_KEY_Down, 0);
  for (int i = 0; i < 4; i++)
    test_press_key (GTK_WIDGET (grid), GDK_KEY_Left, 0);
  test_press_key (GTK_WIDGET (grid), GDK_KEY_Left, 0);  /* stops at the edge */
  assert_cursor (grid, 6, 0);
  test_press_key (GTK_WIDGET (grid), GDK_KEY_R, GDK_SHIFT_MASK);
  assert_cell (wb, "Maintain the lead scoring model", "Marketing team", "R");
  g_assert_cmpuint (concord_raci_grid_get_findings (grid)->len, ==, 1);

  /* Alt+Down moves the activity below the next one; the cursor follows. */
  test_press_key (GTK_WIDGET (grid), GDK_KEY_Down, GDK_ALT_MASK);
  assert_cursor (grid, 7, 0);
  {
    g_autofree char *last = test_query_string (wb,
                                               "SELECT name FROM role_map_activities WHERE map_id = "
                                               "(SELECT id FROM role_maps WHERE name = 'Lead management RACI')"
                                               " ORDER BY position DESC LIMIT 1");
    g_assert_cmpstr (last, ==, "Maintain the lead scoring model");
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  test_spin ();
  {
    g_autofree char *last = test_query_string (wb,
                                               "SELECT name FROM role_map_activities WHERE map_id = "
                                               "(SELECT id FROM role_maps WHERE name = 'Lead management RACI')"
                                               " ORDER BY position DESC LIMIT 1");
    g_assert_cmpstr (last, ==, "Publish the monthly funnel report");
  }

  test_destroy_window (window);
}

static void
test_add_rows (WorkbookFixture *fixture,
               gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  ConcordWindow *window = test_present_window (wb);
  ConcordRolesPage *page;
  ConcordRaciGrid *grid;
  gint64 map_id = test_query_int (wb, "SELECT id FROM role_maps WHERE name = 'Campaign approval'");
  GtkWidget *activity_entry, *role_entry;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "roles");
  page = CONCORD_ROLES_PAGE (concord_window_get_page (window, "roles"));
  concord_roles_page_select_map (page, map_id);
  test_spin ();
  grid = CONCORD_RACI_GRID (concord_roles_page_get_grid (page));

  activity_entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), CONCORD_TYPE_ROLES_PAGE,
                                                              "activity_entry"));
  role_entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), CONCORD_TYPE_ROLES_PAGE,
                                                          "role_entry"));

  /* An empty name is refused on the field, nothing saved. */
  gtk_widget_activate_action (GTK_WIDGET (page), "roles.add-activity", NULL);
  test_spin ();
  g_assert_true (gtk_widget_has_css_class (activity_entry, "error"));
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM role_map_activities"), ==, 11);

  gtk_editable_set_text (GTK_EDITABLE (activity_entry), "Book the venue");
  gtk_widget_activate_action (GTK_WIDGET (page), "roles.add-activity", NULL);
  gtk_editable_set_text (GTK_EDITABLE (role_entry), "Events lead");
  gtk_widget_activate_action (GTK_WIDGET (page), "roles.add-role", NULL);
  test_spin ();
  g_assert_false (gtk_widget_has_css_class (activity_entry, "error"));
  g_assert_cmpuint (concord_raci_grid_get_matrix (grid)->activities->len, ==, 4);
  g_assert_cmpuint (concord_raci_grid_get_matrix (grid)->roles->len, ==, 5);
  /* A new activity has neither Driver nor Approver; a new role is idle. */
  g_assert_cmpuint (concord_raci_grid_get_findings (grid)->len, ==, 3);

  test_destroy_window (window);
}

static char *
stage_order (ConcordWorkbook *workbook)
{
  return test_query_string (workbook,
                            "SELECT group_concat (name, ',') FROM (SELECT s.name FROM process_stages s"
                            " JOIN processes p ON p.id = s.process_id"
                            " WHERE p.name = 'Lead management' ORDER BY s.position, s.id)");
}

static guint
n_rows (GtkWidget *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n) != NULL)
    n++;
  return n;
}

static void
test_processes_page (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  ConcordWindow *window = test_present_window (wb);
  GtkWidget *page, *stage_list, *editor, *hours, *new_stage, *search, *glossary;
  gint64 lead = test_query_int (wb, "SELECT id FROM processes WHERE name = 'Lead management'");
  char *order;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "processes");
  page = concord_window_get_page (window, "processes");
  concord_processes_page_select_process (CONCORD_PROCESSES_PAGE (page), lead);
  test_spin ();

  stage_list = test_template_child (page, CONCORD_TYPE_PROCESSES_PAGE, "stage_list");
  editor = test_template_child (page, CONCORD_TYPE_PROCESSES_PAGE, "editor");
  g_assert_cmpuint (n_rows (stage_list), ==, 6);

  /* Alt+Down moves the selected stage one place down, as one undo step. */
  gtk_list_box_select_row (GTK_LIST_BOX (stage_list),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (stage_list), 0));
  test_spin ();
  test_press_key (page, GDK_KEY_Down, GDK_ALT_MASK);
  order = stage_order (wb);
  g_assert_cmpstr (order, ==, "MQL,Inquiry,SAL,SQL,Opportunity,Customer");
  g_free (order);
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Move Stage");
  /* The moved stage stays selected, so pressing again keeps moving it. */
  test_press_key (page, GDK_KEY_Down, GDK_ALT_MASK);
  order = stage_order (wb);
  g_assert_cmpstr (order, ==, "MQL,SAL,Inquiry,SQL,Opportunity,Customer");
  g_free (order);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  test_spin ();
  order = stage_order (wb);
  g_assert_cmpstr (order, ==, "Inquiry,MQL,SAL,SQL,Opportunity,Customer");
  g_free (order);

  /* The editor refuses a bad number on its field and saves nothing. */
  gtk_list_box_select_row (GTK_LIST_BOX (stage_list),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (stage_list), 2));
  test_spin ();
  g_assert_cmpint (concord_process_stage_editor_get_stage_id (CONCORD_PROCESS_STAGE_EDITOR (editor)), ==,
                   test_query_int (wb, "SELECT id FROM process_stages WHERE name = 'SAL'"));
  hours = test_template_child (editor, CONCORD_TYPE_PROCESS_STAGE_EDITOR, "sla_hours_row");
  gtk_editable_set_text (GTK_EDITABLE (hours), "two days");
  g_assert_false (concord_process_stage_editor_save (CONCORD_PROCESS_STAGE_EDITOR (editor)));
  g_assert_true (gtk_widget_has_css_class (hours, "error"));
  g_assert_cmpint (test_query_int (wb, "SELECT sla_hours FROM process_stages WHERE name = 'SAL'"), ==, 48);

  gtk_editable_set_text (GTK_EDITABLE (hours), "24");
  gtk_widget_activate_action (editor, "stage.save", NULL);
  test_spin ();
  g_assert_false (gtk_widget_has_css_class (hours, "error"));
  g_assert_cmpint (test_query_int (wb, "SELECT sla_hours FROM process_stages WHERE name = 'SAL'"), ==, 24);
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Change “Respond within (hours)”");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  test_spin ();
  /* Undo shows in the form too. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hours)), ==, "48");

  /* A new stage goes at the end and is selected for editing. */
  new_stage = test_template_child (page, CONCORD_TYPE_PROCESSES_PAGE, "new_stage_row");
  gtk_editable_set_text (GTK_EDITABLE (new_stage), "Expansion");
  gtk_widget_activate_action (page, "processes.add-stage", NULL);
  test_spin ();
  g_assert_cmpuint (n_rows (stage_list), ==, 7);
  order = stage_order (wb);
  g_assert_cmpstr (order, ==, "Inquiry,MQL,SAL,SQL,Opportunity,Customer,Expansion");
  g_free (order);

  /* The glossary is searchable. */
  search = test_template_child (page, CONCORD_TYPE_PROCESSES_PAGE, "glossary_search");
  glossary = test_template_child (page, CONCORD_TYPE_PROCESSES_PAGE, "glossary_list");
  g_assert_cmpuint (n_rows (glossary), ==, 9);
  gtk_editable_set_text (GTK_EDITABLE (search), "nurture");
  g_signal_emit_by_name (search, "search-changed");
  test_spin ();
  g_assert_cmpuint (n_rows (glossary), ==, 1);

  /* Agreeing a term stamps the day; undo takes both back. */
  gtk_editable_set_text (GTK_EDITABLE (search), "target account");
  g_signal_emit_by_name (search, "search-changed");
  test_spin ();
  g_assert_cmpuint (n_rows (glossary), ==, 1);
  gtk_switch_set_active (GTK_SWITCH (test_find_shown_type (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (glossary), 0)),
                                                           GTK_TYPE_SWITCH)), TRUE);
  test_spin ();
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM glossary_terms"
                                       " WHERE term = 'Target account' AND agreed = 1 AND agreed_on IS NOT NULL"), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  test_spin ();
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM glossary_terms"
                                       " WHERE term = 'Target account' AND agreed = 0 AND agreed_on IS NULL"), ==, 1);

  test_destroy_window (window);
}

/* F2 renames the activity of the focused row, Shift+F2 the role of the
 * focused column, the menu the map; each is one undo step and keeps the
 * cells. */
static void
test_rename_rows (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  ConcordWindow *window = test_present_window (wb);
  ConcordRolesPage *page;
  ConcordRaciGrid *grid;
  AdwMessageDialog *dialog;
  gint64 map_id = test_query_int (wb, "SELECT id FROM role_maps WHERE name = 'Lead management RACI'");

  g_assert_true (concord_window_show_page (window, "roles"));
  test_spin ();
  page = CONCORD_ROLES_PAGE (concord_window_get_page (window, "roles"));
  concord_roles_page_select_map (page, map_id);
  test_spin ();
  grid = CONCORD_RACI_GRID (concord_roles_page_get_grid (page));
  concord_raci_grid_set_cursor (grid, 5, 4);
  test_spin ();
  assert_cell (wb, "Send unready leads back to nurture", "Head of Sales", "A");

  test_press_key (GTK_WIDGET (page), GDK_KEY_F2, 0);
  dialog = test_find_message_dialog ("Rename Activity");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog))), ==,
                   "Send unready leads back to nurture");
  /* An empty name cannot be confirmed. */
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "  ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  test_answer_dialog ("Rename Activity", "Recycle unready leads", "confirm");
  assert_cell (wb, "Recycle unready leads", "Head of Sales", "A");
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Rename Activity");

  test_press_key (GTK_WIDGET (page), GDK_KEY_F2, GDK_SHIFT_MASK);
  test_answer_dialog ("Rename Role", "Sales Director", "confirm");
  assert_cell (wb, "Recycle unready leads", "Sales Director", "A");
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Rename Role");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "roles.rename-map", NULL));
  test_answer_dialog ("Rename Role Map", "Lead handling RACI", "confirm");
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM role_maps WHERE name = 'Lead handling RACI'"), ==, 1);
  g_assert_cmpint (concord_raci_grid_get_map_id (grid), ==, map_id);

  /* Undo takes the three back, one at a time. */
  for (int i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  test_spin ();
  assert_cell (wb, "Send unready leads back to nurture", "Head of Sales", "A");

  test_destroy_window (window);
}

/* The grid does no work for edits made while another page is on screen:
 * it is not even read again until the roles page is shown, and then it
 * shows them at once, before anything is drawn. */
static void
test_stale_when_hidden (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  ConcordWindow *window = test_present_window (wb);
  gint64 map_id = test_query_int (wb, "SELECT id FROM role_maps WHERE name = 'Lead management RACI'");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  ConcordRolesPage *page;
  ConcordRaciGrid *grid;
  ConcordRoleMatrix *matrix;
  ConcordRoleMapActivity *activity;
  ConcordRoleMapRole *role;
  GtkWidget *label;
  char letter;

  g_assert_true (concord_window_show_page (window, "roles"));
  page = CONCORD_ROLES_PAGE (concord_window_get_page (window, "roles"));
  concord_roles_page_select_map (page, map_id);
  test_wait_for_frame (GTK_WIDGET (window));
  grid = CONCORD_RACI_GRID (concord_roles_page_get_grid (page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (grid)));
  matrix = concord_raci_grid_get_matrix (grid);
  activity = g_ptr_array_index (matrix->activities, 0);
  role = g_ptr_array_index (matrix->roles, 0);
  label = gtk_button_get_child (GTK_BUTTON (concord_raci_grid_get_cell (grid, 0, 0)));
  before = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  letter = g_str_equal (before, "C") ? 'I' : 'C';

  /* An edit from elsewhere leaves the hidden grid alone. */
  g_assert_true (concord_window_show_page (window, "plans"));
  test_spin ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (grid)));
  g_assert_true (concord_role_maps_set_cell (wb, activity->id, role->id, letter, &error));
  g_assert_no_error (error);
  test_spin ();
  g_assert_true (concord_raci_grid_get_matrix (grid) == matrix);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, before);

  /* Going back reads the map once and shows the letter at once. */
  g_assert_true (concord_window_show_page (window, "roles"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (grid)));
  g_assert_true (concord_raci_grid_get_matrix (grid) != matrix);
  label = gtk_button_get_child (GTK_BUTTON (concord_raci_grid_get_cell (grid, 0, 0)));
  g_assert_cmpint (gtk_label_get_text (GTK_LABEL (label))[0], ==, letter);

  /* On screen, it follows an edit straight away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  test_spin ();
  label = gtk_button_get_child (GTK_BUTTON (concord_raci_grid_get_cell (grid, 0, 0)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, before);

  test_destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/roles-page/keyboard", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_keyboard_editing, workbook_fixture_teardown);
  g_test_add ("/roles-page/rename", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_rename_rows, workbook_fixture_teardown);
  g_test_add ("/roles-page/add-rows", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_add_rows, workbook_fixture_teardown);
  g_test_add ("/roles-page/stale-when-hidden", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_stale_when_hidden, workbook_fixture_teardown);

  g_test_add ("/processes-page/stages", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_processes_page, workbook_fixture_teardown);

  return g_test_run ();
}
