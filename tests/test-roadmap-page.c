/* test-roadmap-page.c: assess in the app, see the stage, plan initiatives */
#include "config.h"

#include <adwaita.h>

#include "concord-assessment-form.h"
#include "concord-assessment-questionnaire.h"
#include "concord-assessment-results.h"
#include "concord-initiative-editor.h"
#include "concord-initiatives.h"
#include "concord-maturity.h"
#include "concord-roadmap-page.h"
#include "concord-roadmap-timeline.h"
#include "concord-test-util.h"
#include "concord-ui-test-util.h"

static void
test_assess_and_see_stage (WorkbookFixture *fixture,
                           gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordRoadmapPage *page = CONCORD_ROADMAP_PAGE (test_present_page (CONCORD_TYPE_ROADMAP_PAGE, fixture->workbook,
                                                                      1000, 800, &window));
  ConcordAssessmentForm *form;
  ConcordAssessmentResults *results;

  form = CONCORD_ASSESSMENT_FORM (test_find_type (GTK_WIDGET (page), CONCORD_TYPE_ASSESSMENT_FORM));
  results = CONCORD_ASSESSMENT_RESULTS (test_find_type (GTK_WIDGET (page), CONCORD_TYPE_ASSESSMENT_RESULTS));
  g_assert_nonnull (form);
  g_assert_nonnull (results);

  /* Nothing assessed: the overview offers to start. */
  g_assert_cmpstr (concord_assessment_results_get_stage_text (results), ==, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "roadmap.show-view", "s", "assess"));
  test_spin ();
  g_assert_cmpstr (concord_roadmap_page_get_view (page), ==, "assess");

  concord_assessment_form_set_date (form, "2026-03-02");
  concord_assessment_form_set_team (form, "marketing");

  /* Half answered: saving names what is missing and keeps nothing. */
  for (guint i = 0; i < 10; i++)
    g_assert_true (concord_assessment_form_set_answer (form, i, 4));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "assessment.save", NULL));
  test_spin ();
  g_assert_nonnull (concord_assessment_form_get_error (form));
  g_assert_nonnull (strstr (concord_assessment_form_get_error (form), "statement 11"));
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "assessments"), ==, 0);

  /* 4 everywhere: 80 of 100, Integrated. */
  for (guint i = 10; i < 20; i++)
    g_assert_true (concord_assessment_form_set_answer (form, i, 4));
  g_assert_false (concord_assessment_form_set_answer (form, 20, 4));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "assessment.save", NULL));
  test_spin ();

  g_assert_null (concord_assessment_form_get_error (form));
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "assessments"), ==, 1);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT sum(value) FROM assessment_answers"), ==, 80);
  {
    g_autofree char *team = test_query_string (fixture->workbook, "SELECT team FROM assessments");
    g_assert_cmpstr (team, ==, "marketing");
  }
  g_assert_cmpstr (concord_roadmap_page_get_view (page), ==, "overview");
  g_assert_cmpstr (concord_assessment_results_get_stage_text (results), ==, "Integrated");

  /* The workbook's vocabulary is followed. */
  g_assert_true (concord_workbook_set_meta (fixture->workbook, "stage_labels", "alternate", NULL));
  test_spin ();
  g_assert_cmpstr (concord_assessment_results_get_stage_text (results), ==, "United");

  /* One undo takes the label back, the next the whole assessment. */
  g_assert_true (concord_workbook_undo (fixture->workbook, NULL));
  test_spin ();
  g_assert_true (concord_workbook_undo (fixture->workbook, NULL));
  test_spin ();
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "assessments"), ==, 0);
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "assessment_answers"), ==, 0);
  g_assert_cmpstr (concord_assessment_results_get_stage_text (results), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin ();
}

static void
test_new_initiative (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordRoadmapPage *page = CONCORD_ROADMAP_PAGE (test_present_page (CONCORD_TYPE_ROADMAP_PAGE, fixture->workbook,
                                                                      1000, 800, &window));
  gint64 before = concord_workbook_count (fixture->workbook, "initiatives");
  GtkWidget *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "roadmap.new-initiative", NULL));
  test_spin ();
  g_assert_cmpstr (concord_roadmap_page_get_view (page), ==, "roadmap");
  editor = concord_roadmap_page_get_editor (page);
  g_assert_true (CONCORD_IS_INITIATIVE_EDITOR (editor));

  /* No title: the message sits by the title and nothing is saved. */
  g_assert_true (gtk_widget_activate_action (editor, "initiative.save", NULL));
  test_spin ();
  g_assert_nonnull (concord_initiative_editor_get_error (CONCORD_INITIATIVE_EDITOR (editor), "title"));
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "initiatives"), ==, before);

  concord_initiative_editor_set_title_text (CONCORD_INITIATIVE_EDITOR (editor), "Shared win-loss reviews");
  g_assert_true (gtk_widget_activate_action (editor, "initiative.save", NULL));
  test_spin ();
  g_assert_null (concord_roadmap_page_get_editor (page));
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "initiatives"), ==, before + 1);
  g_assert_cmpint (test_query_int (fixture->workbook,
                   "SELECT count(*) FROM initiatives WHERE title = 'Shared win-loss reviews'"
                   " AND status = 'proposed' AND start_on IS NOT NULL AND due_on > start_on"), ==, 1);
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Add Initiative");

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin ();
}

static void
test_open_and_delete_from_list (WorkbookFixture *fixture,
                                gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordRoadmapPage *page = CONCORD_ROADMAP_PAGE (test_present_page (CONCORD_TYPE_ROADMAP_PAGE, fixture->workbook,
                                                                      1000, 800, &window));
  gint64 before = concord_workbook_count (fixture->workbook, "initiatives");
  GtkWidget *views, *list, *editor;
  gint64 id;

  concord_roadmap_page_show_view (page, "roadmap");
  test_spin ();
  /* Only the roadmap view: combo rows elsewhere hold list views too. */
  views = test_find_type (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK);
  list = test_find_type (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (views), "roadmap"),
                         GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);

  /* Enter on the first row opens its editor. */
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 0));
  test_spin ();
  editor = concord_roadmap_page_get_editor (page);
  g_assert_true (CONCORD_IS_INITIATIVE_EDITOR (editor));
  id = concord_initiative_editor_get_id (CONCORD_INITIATIVE_EDITOR (editor));
  g_assert_cmpint (id, ==, test_query_int (fixture->workbook,
                   "SELECT i.id FROM initiatives i JOIN maturity_dimensions d ON d.id = i.dimension_id"
                   " ORDER BY d.position, i.start_on LIMIT 1"));

  /* Deleting is one undo step with its own label. */
  g_assert_true (gtk_widget_activate_action (editor, "initiative.delete", NULL));
  test_spin ();
  g_assert_null (concord_roadmap_page_get_editor (page));
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "initiatives"), ==, before - 1);
  g_assert_cmpstr (concord_workbook_get_undo_label (fixture->workbook), ==, "Delete Initiative");
  g_assert_true (concord_workbook_undo (fixture->workbook, NULL));
  test_spin ();
  g_assert_cmpint (concord_workbook_count (fixture->workbook, "initiatives"), ==, before);

  gtk_window_destroy (window);
  test_spin ();
}

static void
test_timeline (WorkbookFixture *fixture,
               gconstpointer    data)
{
  GtkWindow *window = NULL;
  ConcordRoadmapPage *page = CONCORD_ROADMAP_PAGE (test_present_page (CONCORD_TYPE_ROADMAP_PAGE, fixture->workbook,
                                                                      1000, 800, &window));
  ConcordRoadmapTimeline *timeline;
  cairo_surface_t *surface;
  cairo_t *cr;
  int quarters_width, months_width;
  guint inked = 0;

  concord_roadmap_page_show_view (page, "roadmap");
  test_spin ();
  timeline = CONCORD_ROADMAP_TIMELINE (test_find_type (GTK_WIDGET (page), CONCORD_TYPE_ROADMAP_TIMELINE));
  g_assert_nonnull (timeline);

  /* Zooming in to months makes the timeline wider. */
  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_HORIZONTAL, -1, &quarters_width, NULL, NULL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "roadmap.zoom-in", NULL));
  test_spin ();
  g_assert_true (concord_roadmap_timeline_get_months (timeline));
  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_HORIZONTAL, -1, &months_width, NULL, NULL, NULL);
  g_assert_cmpint (months_width, >, quarters_width * 2);

  /* The timeline draws its lanes in the style's colours: rendered onto a
   * page painted in a colour no style uses, most of it is covered. */
  {
    g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (timeline));
    g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
    g_autoptr(GskRenderNode) node = NULL;
    int width, height;
    g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
    guint covered = 0, total = 0;

    test_wait_for_frame (GTK_WIDGET (timeline));
    width = gtk_widget_get_width (GTK_WIDGET (timeline));
    height = gtk_widget_get_height (GTK_WIDGET (timeline));
    g_assert_cmpint (width, >, 100);
    g_assert_cmpint (height, >, 100);
    gdk_paintable_snapshot (paintable, snapshot, width, height);
    node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    g_assert_nonnull (node);

    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
    cr = cairo_create (surface);
    cairo_set_source_rgb (cr, 1, 0, 1);
    cairo_paint (cr);
    gsk_render_node_draw (node, cr);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    for (int y = 0; y < height; y += 4)
      for (int x = 0; x < width; x += 4)
        {
          guint32 pixel = *(guint32 *) (cairo_image_surface_get_data (surface) +
                                        y * cairo_image_surface_get_stride (surface) + x * 4);

          total++;
          if ((pixel & 0xffffff) == 0xff00ff)
            continue;
          covered++;
          g_hash_table_add (colours, GUINT_TO_POINTER (pixel & 0xffffff));
        }
    cairo_surface_destroy (surface);
    /* The page is painted over, and lanes, bars and text add colours. */
    g_assert_cmpuint (covered, >, total * 9 / 10);
    inked = g_hash_table_size (colours);
    g_assert_cmpuint (inked, >, 8);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin ();
}

/* The questionnaire renames a dimension in place: one undo step, the
 * statements and targets stay with it, and an empty name is refused on
 * its row. */
static void
test_rename_dimension (WorkbookFixture *fixture,
                       gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  GtkWidget *window = concord_assessment_questionnaire_new (NULL, wb);
  gint64 id = test_query_int (wb, "SELECT id FROM maturity_dimensions ORDER BY position LIMIT 1");
  g_autofree char *old_name = test_query_string (wb, "SELECT name FROM maturity_dimensions ORDER BY position LIMIT 1");
  gint64 statements = test_query_int (wb, "SELECT count (*) FROM maturity_statements WHERE dimension_id = "
                                          "(SELECT id FROM maturity_dimensions ORDER BY position LIMIT 1)");
  GtkWidget *row, *error_label;

  gtk_window_present (GTK_WINDOW (window));
  test_spin ();
  row = test_find_row (window, ADW_TYPE_ENTRY_ROW, "Dimension name");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, old_name);

  gtk_editable_set_text (GTK_EDITABLE (row), " ");
  g_signal_emit_by_name (row, "entry-activated");
  test_spin ();
  error_label = test_find_row (window, ADW_TYPE_ACTION_ROW, "A dimension needs a name.");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM maturity_dimensions WHERE name = ''"), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (row), "Shared language");
  g_signal_emit_by_name (row, "entry-activated");
  test_spin ();
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM maturity_dimensions WHERE name = 'Shared language'"), ==, 1);
  g_assert_cmpint (test_query_int (wb, "SELECT count (*) FROM maturity_statements WHERE dimension_id = "
                                       "(SELECT id FROM maturity_dimensions WHERE name = 'Shared language')"),
                   ==, statements);
  g_assert_cmpint (test_query_int (wb, "SELECT id FROM maturity_dimensions WHERE name = 'Shared language'"), ==, id);
  g_assert_cmpstr (concord_workbook_get_undo_label (wb), ==, "Rename Dimension");
  /* The rebuilt questionnaire shows the new name and no error. */
  row = test_find_row (window, ADW_TYPE_ENTRY_ROW, "Dimension name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Shared language");
  g_assert_null (test_find_row (window, ADW_TYPE_ACTION_ROW, "A dimension needs a name."));

  g_assert_true (concord_workbook_undo (wb, NULL));
  test_spin ();
  row = test_find_row (window, ADW_TYPE_ENTRY_ROW, "Dimension name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, old_name);

  test_destroy_window (window);
}

static int
natural_height (ConcordRoadmapTimeline *timeline)
{
  int height;

  gtk_widget_measure (GTK_WIDGET (timeline), GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);

  return height;
}

/* A view off screen does no work for edits: the timeline keeps its
 * lanes while the overview is shown, the overview its stage while the
 * roadmap is; each catches up at once when it is shown, before anything
 * is drawn, and follows edits while it stays on screen. */
static void
test_stale_when_hidden (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *wb = fixture->workbook;
  GtkWindow *window = NULL;
  ConcordRoadmapPage *page = CONCORD_ROADMAP_PAGE (test_present_page (CONCORD_TYPE_ROADMAP_PAGE, wb,
                                                                      1000, 800, &window));
  ConcordAssessmentResults *results;
  ConcordRoadmapTimeline *timeline;
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stage = NULL;
  int lanes_height;

  results = CONCORD_ASSESSMENT_RESULTS (test_find_type (GTK_WIDGET (page), CONCORD_TYPE_ASSESSMENT_RESULTS));
  timeline = CONCORD_ROADMAP_TIMELINE (test_find_type (GTK_WIDGET (page), CONCORD_TYPE_ROADMAP_TIMELINE));
  concord_roadmap_page_show_view (page, "roadmap");
  test_spin ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (timeline)));
  lanes_height = natural_height (timeline);

  concord_roadmap_page_show_view (page, "overview");
  test_spin ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (timeline)));
  stage = g_strdup (concord_assessment_results_get_stage_text (results));
  g_assert_cmpstr (stage, !=, "");

  /* The hidden timeline waits: no lane yet for a loose initiative. */
  concord_fields_set_string (fields, "title", "Loose end");
  concord_fields_set_string (fields, "status", "proposed");
  concord_fields_set_string (fields, "start_on", "2026-03-02");
  concord_fields_set_string (fields, "due_on", "2026-04-01");
  g_assert_cmpint (concord_initiative_create (wb, fields, NULL, &error), >, 0);
  g_assert_no_error (error);
  test_spin ();
  g_assert_cmpint (natural_height (timeline), ==, lanes_height);

  /* Shown, it has the new lane at once, and then follows an undo. */
  concord_roadmap_page_show_view (page, "roadmap");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (timeline)));
  g_assert_cmpint (natural_height (timeline), >, lanes_height);
  g_assert_true (concord_workbook_undo (wb, &error));
  g_assert_no_error (error);
  test_spin ();
  g_assert_cmpint (natural_height (timeline), ==, lanes_height);

  /* Now the overview is hidden: it keeps its stage while every
   * assessment goes, and shows none the moment it is shown. */
  while (concord_workbook_count (wb, "assessments") > 0)
    {
      g_assert_true (concord_maturity_delete_assessment (wb, test_query_int (wb, "SELECT min (id) FROM assessments"),
                                                         &error));
      g_assert_no_error (error);
    }
  test_spin ();
  g_assert_cmpstr (concord_assessment_results_get_stage_text (results), ==, stage);
  concord_roadmap_page_show_view (page, "overview");
  g_assert_cmpstr (concord_assessment_results_get_stage_text (results), ==, "");

  /* On screen, it follows the undo. */
  g_assert_true (concord_workbook_undo (wb, &error));
  g_assert_no_error (error);
  test_spin ();
  g_assert_cmpstr (concord_assessment_results_get_stage_text (results), !=, "");

  gtk_window_destroy (window);
  test_spin ();
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/roadmap-page/assess-and-see-stage", WorkbookFixture, NULL,
              workbook_fixture_setup, test_assess_and_see_stage, workbook_fixture_teardown);
  g_test_add ("/roadmap-page/new-initiative", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_new_initiative, workbook_fixture_teardown);
  g_test_add ("/roadmap-page/open-and-delete", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_open_and_delete_from_list, workbook_fixture_teardown);
  g_test_add ("/roadmap-page/rename-dimension", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_rename_dimension, workbook_fixture_teardown);
  g_test_add ("/roadmap-page/timeline", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_timeline, workbook_fixture_teardown);
  g_test_add ("/roadmap-page/stale-when-hidden", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_stale_when_hidden, workbook_fixture_teardown);

  return g_test_run ();
}
