/* test-maturity.c: scoring, bands, gaps, labels, targets and the CLI */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "concord-maturity.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

/* Answers whose sum is @total over @n statements, as even as possible. */
static GArray *
answers_for_total (guint n,
                   guint total)
{
  GArray *answers = g_array_new (FALSE, FALSE, sizeof (int));

  g_assert_cmpuint (total, >=, n);
  g_assert_cmpuint (total, <=, 5 * n);
  for (guint i = 0; i < n; i++)
    {
      int value = total / n + (i < total % n ? 1 : 0);

      g_array_append_val (answers, value);
    }

  return answers;
}

static gint64
record (ConcordWorkbook *workbook,
        const char      *date,
        const char      *team,
        GArray          *answers)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = concord_maturity_record_assessment (workbook, date, team, NULL,
                                           (const int *) answers->data, answers->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
test_band_edges (void)
{
  static const struct { guint total; int stage; } edges[] = {
    { 20, 1 }, { 39, 1 }, { 40, 2 }, { 59, 2 }, { 60, 3 }, { 79, 3 }, { 80, 4 }, { 100, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    g_assert_cmpint (concord_maturity_stage_for_total (edges[i].total, 20), ==, edges[i].stage);

  /* Scaled: 8 statements run 8..40; a quarter of the range per stage. */
  g_assert_cmpint (concord_maturity_stage_for_total (8, 8), ==, 1);
  g_assert_cmpint (concord_maturity_stage_for_total (15, 8), ==, 1);
  g_assert_cmpint (concord_maturity_stage_for_total (16, 8), ==, 2);
  g_assert_cmpint (concord_maturity_stage_for_total (24, 8), ==, 3);
  g_assert_cmpint (concord_maturity_stage_for_total (31, 8), ==, 3);
  g_assert_cmpint (concord_maturity_stage_for_total (32, 8), ==, 4);
  g_assert_cmpint (concord_maturity_stage_for_total (40, 8), ==, 4);
  /* A dimension of 2 statements: 2..10. */
  g_assert_cmpint (concord_maturity_stage_for_total (3, 2), ==, 1);
  g_assert_cmpint (concord_maturity_stage_for_total (4, 2), ==, 2);
  g_assert_cmpint (concord_maturity_stage_for_total (7, 2), ==, 3);
  g_assert_cmpint (concord_maturity_stage_for_total (8, 2), ==, 4);
  /* Nothing answered is not a stage. */
  g_assert_cmpint (concord_maturity_stage_for_total (0, 0), ==, 0);
}

static void
test_scoring_edges (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  static const struct { guint total; int stage; } edges[] = {
    { 20, 1 }, { 39, 1 }, { 40, 2 }, { 59, 2 }, { 60, 3 }, { 79, 3 }, { 80, 4 }, { 100, 4 },
  };
  ConcordWorkbook *workbook = fixture->workbook;

  g_assert_cmpint (concord_maturity_current_stage (workbook, NULL), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      g_autoptr(GArray) answers = answers_for_total (20, edges[i].total);
      g_autoptr(ConcordMaturityScore) score = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *date = g_strdup_printf ("2026-0%u-01", i + 1);
      gint64 id = record (workbook, date, "joint", answers);

      score = concord_maturity_score_assessment (workbook, id, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (score->total, ==, edges[i].total);
      g_assert_cmpuint (score->n_statements, ==, 20);
      g_assert_cmpint (score->stage, ==, edges[i].stage);
      /* The newest assessment is the round. */
      g_assert_cmpint (concord_maturity_current_stage (workbook, NULL), ==, edges[i].stage);
    }

  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM assessments"), ==, 8);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM assessment_answers"), ==, 160);
}

static void
test_per_dimension (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GPtrArray) statements = concord_maturity_list_statements (workbook, NULL);
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(ConcordMaturityScore) score = NULL;
  ConcordDimensionScore *first, *last;
  gint64 first_dimension;

  g_assert_cmpuint (statements->len, ==, 20);
  first_dimension = ((ConcordStatement *) g_ptr_array_index (statements, 0))->dimension_id;

  /* The first dimension agrees strongly, everything else disagrees. */
  for (guint i = 0; i < statements->len; i++)
    {
      ConcordStatement *statement = g_ptr_array_index (statements, i);
      int value = statement->dimension_id == first_dimension ? 5 : 1;

      g_array_append_val (answers, value);
    }

  score = concord_maturity_score_assessment (workbook, record (workbook, "2026-03-01", "sales", answers), NULL);
  g_assert_cmpuint (score->dimensions->len, ==, 8);
  first = g_ptr_array_index (score->dimensions, 0);
  last = g_ptr_array_index (score->dimensions, 7);
  g_assert_cmpstr (first->name, ==, "Communication");
  g_assert_cmpuint (first->n_statements, ==, 3);
  g_assert_cmpfloat (first->total, ==, 15);
  g_assert_cmpint (first->stage, ==, 4);
  g_assert_cmpuint (last->n_statements, ==, 2);
  g_assert_cmpint (last->stage, ==, 1);
  /* 15 + 17 = 32 of 100: Undefined overall. */
  g_assert_cmpfloat (score->total, ==, 32);
  g_assert_cmpint (score->stage, ==, 1);
}

static void
test_scaled_statements (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) answers = NULL;
  g_autoptr(ConcordMaturityScore) score = NULL;

  /* A workbook that trimmed its questionnaire to 10 statements. */
  g_assert_true (concord_workbook_exec (workbook,
                 "DELETE FROM maturity_statements WHERE position >= 10", &error));
  g_assert_no_error (error);

  answers = answers_for_total (10, 20); /* 20 of 10..50: exactly Defined */
  score = concord_maturity_score_assessment (workbook, record (workbook, "2026-04-01", "joint", answers), NULL);
  g_assert_cmpuint (score->n_statements, ==, 10);
  g_assert_cmpint (score->stage, ==, 2);
  g_assert_cmpfloat (score->percent, ==, 40);
  g_clear_pointer (&score, concord_maturity_score_free);
  g_clear_pointer (&answers, g_array_unref);

  answers = answers_for_total (10, 19); /* just below */
  score = concord_maturity_score_assessment (workbook, record (workbook, "2026-04-02", "joint", answers), NULL);
  g_assert_cmpint (score->stage, ==, 1);
}

static void
test_combined_round (WorkbookFixture *fixture,
                     gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GArray) low = answers_for_total (20, 40);
  g_autoptr(GArray) high = answers_for_total (20, 80);
  g_autoptr(GArray) old = answers_for_total (20, 100);
  g_autoptr(ConcordMaturityScore) score = NULL;

  /* An old marketing round out of the window does not count. */
  record (workbook, "2025-01-01", "marketing", old);
  record (workbook, "2026-05-01", "sales", low);
  g_assert_cmpint (concord_maturity_current_stage (workbook, NULL), ==, 2);

  /* Sales 40 and marketing 80 in the same round: the mean, 60, Aligned. */
  record (workbook, "2026-05-20", "marketing", high);
  score = concord_maturity_score_current (workbook, NULL);
  g_assert_cmpfloat (score->total, ==, 60);
  g_assert_cmpint (score->stage, ==, 3);
  g_assert_cmpstr (score->taken_on, ==, "2026-05-20");
}

static void
test_gap (WorkbookFixture *fixture,
          gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) dimensions = NULL;
  g_autoptr(GError) error = NULL;
  ConcordGapItem *widest, *dimension;
  gint64 sales = 0, marketing = 0;

  /* The sample: marketing rates itself higher on statements 4, 5 and 9. */
  g_assert_true (concord_maturity_find_gap_pair (workbook, &sales, &marketing, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sales, ==, test_query_int (workbook,
                   "SELECT id FROM assessments WHERE team = 'sales' ORDER BY taken_on DESC LIMIT 1"));
  g_assert_cmpint (marketing, ==, test_query_int (workbook,
                   "SELECT id FROM assessments WHERE team = 'marketing' ORDER BY taken_on DESC LIMIT 1"));

  g_assert_true (concord_maturity_gap (workbook, sales, marketing, &statements, &dimensions, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (statements->len, ==, 20);
  widest = g_ptr_array_index (statements, 0);
  /* Statement 5 (the hand-off): sales 2, marketing 5. */
  g_assert_cmpfloat (widest->sales, ==, 2);
  g_assert_cmpfloat (widest->marketing, ==, 5);
  g_assert_cmpfloat (widest->gap, ==, 3);
  g_assert_cmpstr (widest->dimension, ==, "Shared definitions and process");
  widest = g_ptr_array_index (statements, 1);
  g_assert_cmpfloat (widest->gap, ==, 2);
  widest = g_ptr_array_index (statements, 19);
  g_assert_cmpfloat (widest->gap, ==, 0);

  dimension = g_ptr_array_index (dimensions, 0);
  g_assert_cmpstr (dimension->dimension, ==, "Shared definitions and process");
  /* Sales 3,2,4 and marketing 5,5,4: means 3 and 4.67. */
  g_assert_cmpfloat_with_epsilon (dimension->gap, 5.0 / 3.0, 1e-9);
}

static void
test_no_gap_pair (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  g_autoptr(GArray) answers = answers_for_total (20, 50);

  record (fixture->workbook, "2026-01-01", "sales", answers);
  record (fixture->workbook, "2026-06-01", "marketing", answers);
  /* Five months apart: not the same period. */
  g_assert_false (concord_maturity_find_gap_pair (fixture->workbook, NULL, NULL, NULL));
}

static void
test_labels (WorkbookFixture *fixture,
             gconstpointer    data)
{
  static const char *const classic[] = { "Not assessed", "Undefined", "Defined", "Aligned", "Integrated" };
  static const char *const alternate[] = { "Not assessed", "Unclear", "Clear", "Aligned", "United" };
  ConcordWorkbook *workbook = fixture->workbook;

  for (int stage = 0; stage <= 4; stage++)
    {
      g_autofree char *label = concord_maturity_stage_label (workbook, stage);

      g_assert_cmpstr (label, ==, classic[stage]);
    }

  g_assert_true (concord_workbook_set_meta (workbook, "stage_labels", "alternate", NULL));
  for (int stage = 0; stage <= 4; stage++)
    {
      g_autofree char *label = concord_maturity_stage_label (workbook, stage);

      g_assert_cmpstr (label, ==, alternate[stage]);
    }
}

static void
test_record_errors (WorkbookFixture *fixture,
                    gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GArray) good = answers_for_total (20, 60);
  g_autoptr(GArray) short_list = answers_for_total (19, 60);
  g_autoptr(GError) error = NULL;
  int *values = (int *) good->data;

  g_assert_cmpint (concord_maturity_record_assessment (workbook, "2026-01-01", "sales", NULL,
                   (int *) short_list->data, short_list->len, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "19 answers"));
  g_clear_error (&error);

  values[6] = 6;
  g_assert_cmpint (concord_maturity_record_assessment (workbook, "2026-01-01", "sales", NULL,
                   values, good->len, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Answer 7 is 6"));
  g_clear_error (&error);
  values[6] = 3;

  g_assert_cmpint (concord_maturity_record_assessment (workbook, "2026-02-30", "sales", NULL,
                   values, good->len, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (concord_maturity_record_assessment (workbook, "2026-02-03", "finance", NULL,
                   values, good->len, &error), ==, 0);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "finance"));
  g_clear_error (&error);

  /* Nothing was written by any of them. */
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM assessments"), ==, 0);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM assessment_answers"), ==, 0);

  /* A good one is one undo step. */
  g_assert_cmpint (concord_maturity_record_assessment (workbook, "2026-02-03", "sales", "Ann",
                   values, good->len, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Record Assessment");
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM assessment_answers"), ==, 0);
}

static void
test_targets (WorkbookFixture *fixture,
              gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autofree char *on = NULL;
  gint64 dimension = test_query_int (workbook, "SELECT id FROM maturity_dimensions ORDER BY position LIMIT 1");

  g_assert_true (concord_maturity_set_target (workbook, dimension, 3, "2099-06-30", &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_maturity_get_target (workbook, dimension, &on), ==, 3);
  g_assert_cmpstr (on, ==, "2099-06-30");
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Set Target");
  g_clear_pointer (&on, g_free);

  /* Setting again updates the one row. */
  g_assert_true (concord_maturity_set_target (workbook, dimension, 4, NULL, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM maturity_targets"), ==, 1);
  g_assert_cmpint (concord_maturity_get_target (workbook, dimension, &on), ==, 4);
  g_assert_null (on);

  g_assert_false (concord_maturity_set_target (workbook, dimension, 5, NULL, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (concord_maturity_set_target (workbook, dimension, 2, "next year", &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);

  /* A new date that has passed is refused, saying so; one already there
   * (set when it was ahead) may stay while the stage changes. */
  g_assert_false (concord_maturity_set_target (workbook, dimension, 3, "2000-01-01", &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1 Jan 2000 has already passed"));
  g_clear_error (&error);
  g_assert_cmpint (concord_maturity_get_target (workbook, dimension, NULL), ==, 4);
  g_assert_true (concord_workbook_exec (workbook, "UPDATE maturity_targets SET target_on = '2001-02-03'", &error));
  g_assert_true (concord_maturity_set_target (workbook, dimension, 2, "2001-02-03", &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_maturity_get_target (workbook, dimension, NULL), ==, 2);

  g_assert_true (concord_maturity_set_target (workbook, dimension, 0, NULL, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM maturity_targets"), ==, 0);
}

static void
test_recommend (void)
{
  g_autofree char *advice = NULL;

  g_assert_cmpint (concord_maturity_recommend ("", "", "", NULL), ==, 0);
  g_assert_cmpint (concord_maturity_recommend ("small", "short", "simple", &advice), ==, 2);
  g_assert_nonnull (strstr (advice, "small"));
  g_assert_cmpint (concord_maturity_recommend ("mid", "short", "simple", NULL), ==, 3);
  g_assert_cmpint (concord_maturity_recommend ("small", "short", "complex", NULL), ==, 4);
  g_assert_cmpint (concord_maturity_recommend ("large", "long", "simple", NULL), ==, 4);
  g_assert_cmpint (concord_maturity_recommend ("mid", "long", "", NULL), ==, 3);
}

static void
test_edit_questionnaire (WorkbookFixture *fixture,
                         gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 dimension = test_query_int (workbook, "SELECT id FROM maturity_dimensions ORDER BY position LIMIT 1");
  gint64 statement = test_query_int (workbook, "SELECT id FROM maturity_statements ORDER BY position LIMIT 1");
  gint64 answers = test_query_int (workbook, "SELECT count(*) FROM assessment_answers");
  gint64 added;

  g_assert_false (concord_maturity_set_statement_text (workbook, statement, "   ", &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (concord_maturity_set_statement_text (workbook, statement, " We meet weekly. ", &error));
  g_assert_no_error (error);
  text = test_query_string (workbook, "SELECT text FROM maturity_statements ORDER BY position LIMIT 1");
  g_assert_cmpstr (text, ==, "We meet weekly.");

  added = concord_maturity_add_statement (workbook, dimension, "Both teams share one calendar.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (added, >, 0);
  g_assert_cmpint (concord_workbook_count (workbook, "maturity_statements"), ==, 21);
  /* The new statement comes last in its dimension. */
  {
    g_autoptr(GPtrArray) statements = concord_maturity_list_statements (workbook, NULL);
    g_assert_cmpint (((ConcordStatement *) g_ptr_array_index (statements, 3))->id, ==, added);
  }

  /* Deleting takes the answers with it, and one undo brings both back. */
  g_assert_true (concord_maturity_delete_statement (workbook, statement, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM assessment_answers"), ==, answers - 4);
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM assessment_answers"), ==, answers);
}

static void
test_delete_assessment (WorkbookFixture *fixture,
                        gconstpointer    data)
{
  ConcordWorkbook *workbook = fixture->workbook;
  g_autoptr(GError) error = NULL;
  gint64 latest = test_query_int (workbook, "SELECT id FROM assessments ORDER BY taken_on DESC LIMIT 1");

  g_assert_true (concord_maturity_delete_assessment (workbook, latest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (concord_workbook_count (workbook, "assessments"), ==, 3);
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM assessment_answers"), ==, 60);
  g_assert_cmpstr (concord_workbook_get_undo_label (workbook), ==, "Delete Assessment");
  g_assert_true (concord_workbook_undo (workbook, &error));
  g_assert_cmpint (test_query_int (workbook, "SELECT count(*) FROM assessment_answers"), ==, 80);
}

static void
test_cli (WorkbookFixture *fixture,
          gconstpointer    data)
{
  const char *path = fixture->path;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  /* Let the CLI have the file to itself. */
  g_clear_object (&fixture->workbook);

  {
    const char *argv[] = { "assess", path, "--team", "sales", "--date", "2026-03-01",
                           "--answers", "4,3,5,4,3,4,3,4,3,4,3,4,3,4,3,4,3,4,3,4", NULL };
    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "Aligned"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "assess", path, "--team", "sales", "--date", "2026-03-01",
                           "--answers", "4,3,5", NULL };
    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "3 answers given"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "assess", path, "--team", "sales", "--date", "2026-03-01",
                           "--answers", "4,3,5,4,3,4,3,4,3,4,3,4,3,4,3,4,3,4,3,0", NULL };
    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "Answer 20 is 0"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "assess", path, "--team", "sales", "--date", "2026-03-01",
                           "--answers", "4,x", NULL };
    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "not a number"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "assess", path, "--team", "sales", NULL };
    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "roadmap", path, "--json", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root;

    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (root, "stage"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (root, "stage_label"), ==, "Aligned");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "dimensions")), ==, 8);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "roadmap", NULL };
    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 2);
  }

  /* Only the good assessment was kept. */
  fixture->workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, NULL);
  g_assert_cmpint (test_query_int (fixture->workbook, "SELECT count(*) FROM assessments"), ==, 1);
}

/* The number shown always lies in the band named beside it, and the
 * teams' own scores and their gap stand beside the average. */
static void
test_half_points (WorkbookFixture *fixture,
                  gconstpointer    data)
{
  static const struct
  {
    guint sales, marketing;
    double percent;
    int stage;
  } rounds[] = {
    { 39, 40, 40, 2 }, { 59, 60, 60, 3 }, { 79, 80, 80, 4 }, { 20, 100, 60, 3 }, { 40, 39, 40, 2 },
  };
  ConcordWorkbook *workbook = fixture->workbook;

  for (guint i = 0; i < G_N_ELEMENTS (rounds); i++)
    {
      g_autoptr(GArray) sales = answers_for_total (20, rounds[i].sales);
      g_autoptr(GArray) marketing = answers_for_total (20, rounds[i].marketing);
      g_autoptr(ConcordMaturityScore) score = NULL;
      g_autofree char *date = g_strdup_printf ("2026-0%u-01", i + 1);
      g_autofree char *teams = NULL;
      g_autofree char *expected = NULL;
      ConcordMaturityScore *first, *second;

      record (workbook, date, "sales", sales);
      record (workbook, date, "marketing", marketing);
      score = concord_maturity_score_current (workbook, NULL);
      g_assert_nonnull (score);
      g_assert_cmpfloat (score->percent, ==, rounds[i].percent);
      g_assert_cmpint (score->stage, ==, rounds[i].stage);
      g_assert_cmpint (concord_maturity_stage_for_total (score->percent, 20), ==, score->stage);

      g_assert_cmpuint (score->teams->len, ==, 2);
      first = g_ptr_array_index (score->teams, 0);
      second = g_ptr_array_index (score->teams, 1);
      g_assert_cmpstr (first->team, ==, "sales");
      g_assert_cmpfloat (first->percent, ==, rounds[i].sales);
      g_assert_cmpstr (second->team, ==, "marketing");
      g_assert_cmpfloat (second->percent, ==, rounds[i].marketing);
      g_assert_true (score->has_gap);
      g_assert_cmpfloat (score->gap, ==, (double) rounds[i].marketing - rounds[i].sales);

      teams = concord_maturity_describe_teams (workbook, score);
      expected = g_strdup_printf ("Sales %u (", rounds[i].sales);
      g_assert_true (g_str_has_prefix (teams, expected));
      g_clear_pointer (&expected, g_free);
      expected = g_strdup_printf ("Marketing %u (", rounds[i].marketing);
      g_assert_nonnull (strstr (teams, expected));
    }

  /* The widest case, as a leader reads it. */
  {
    g_autoptr(ConcordMaturityScore) score = NULL;
    g_autofree char *teams = NULL;
    g_autoptr(GArray) sales = answers_for_total (20, 20);
    g_autoptr(GArray) marketing = answers_for_total (20, 100);

    record (workbook, "2026-09-01", "sales", sales);
    record (workbook, "2026-09-01", "marketing", marketing);
    score = concord_maturity_score_current (workbook, NULL);
    teams = concord_maturity_describe_teams (workbook, score);
    g_assert_cmpstr (teams, ==, "Sales 20 (Undefined) · Marketing 100 (Integrated). "
                                "Perception gap: marketing rates it 80 points higher than sales.");
  }
}

static void
test_half_points_cli (WorkbookFixture *fixture,
                      gconstpointer    data)
{
  g_autoptr(GArray) sales = answers_for_total (20, 39);
  g_autoptr(GArray) marketing = answers_for_total (20, 40);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = g_strdup (concord_workbook_get_path (fixture->workbook));
  int status = -1;

  record (fixture->workbook, "2026-06-01", "sales", sales);
  record (fixture->workbook, "2026-06-02", "marketing", marketing);
  g_clear_object (&fixture->workbook);

  {
    const char *argv[] = { "roadmap", path, NULL };

    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "Overall: Defined (40 of 100, round of 2026-06-02)"));
    g_assert_nonnull (strstr (out, "Sales 39 (Undefined) · Marketing 40 (Defined). "
                                   "Perception gap: marketing rates it 1 point higher than sales."));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "roadmap", path, "--json", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root, *team;
    JsonArray *teams;

    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpfloat (json_object_get_double_member (root, "score"), ==, 40);
    g_assert_cmpint (json_object_get_int_member (root, "stage"), ==, 2);
    teams = json_object_get_array_member (root, "teams");
    g_assert_cmpuint (json_array_get_length (teams), ==, 2);
    team = json_array_get_object_element (teams, 0);
    g_assert_cmpstr (json_object_get_string_member (team, "team"), ==, "sales");
    g_assert_cmpfloat (json_object_get_double_member (team, "score"), ==, 39);
    g_assert_cmpint (json_object_get_int_member (team, "stage"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (team, "assessed_on"), ==, "2026-06-01");
    g_assert_cmpfloat (json_object_get_double_member (root, "perception_gap"), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *md = g_build_filename (dir, "monthly.md", NULL);
    const char *argv[] = { "report", "monthly", path, "--date", "2026-06-15",
                           "--format", "md", "-o", md, NULL };
    g_autofree char *text = NULL;

    g_assert_true (test_run_cli (argv, &status, &out, &err));
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_get_contents (md, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "Defined: 40 of 100 in the latest assessment"));
    g_assert_nonnull (strstr (text, "Sales 39 (Undefined) · Marketing 40 (Defined)"));
    g_remove (md);
  }

  fixture->workbook = concord_workbook_open (path, CONCORD_OPEN_DEFAULT, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/maturity/bands", test_band_edges);
  g_test_add_func ("/maturity/recommend", test_recommend);
  g_test_add ("/maturity/scoring-edges", WorkbookFixture, NULL,
              workbook_fixture_setup, test_scoring_edges, workbook_fixture_teardown);
  g_test_add ("/maturity/per-dimension", WorkbookFixture, NULL,
              workbook_fixture_setup, test_per_dimension, workbook_fixture_teardown);
  g_test_add ("/maturity/scaled", WorkbookFixture, NULL,
              workbook_fixture_setup, test_scaled_statements, workbook_fixture_teardown);
  g_test_add ("/maturity/combined-round", WorkbookFixture, NULL,
              workbook_fixture_setup, test_combined_round, workbook_fixture_teardown);
  g_test_add ("/maturity/gap", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_gap, workbook_fixture_teardown);
  g_test_add ("/maturity/no-gap-pair", WorkbookFixture, NULL,
              workbook_fixture_setup, test_no_gap_pair, workbook_fixture_teardown);
  g_test_add ("/maturity/labels", WorkbookFixture, NULL,
              workbook_fixture_setup, test_labels, workbook_fixture_teardown);
  g_test_add ("/maturity/record-errors", WorkbookFixture, NULL,
              workbook_fixture_setup, test_record_errors, workbook_fixture_teardown);
  g_test_add ("/maturity/targets", WorkbookFixture, NULL,
              workbook_fixture_setup, test_targets, workbook_fixture_teardown);
  g_test_add ("/maturity/edit-questionnaire", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_edit_questionnaire, workbook_fixture_teardown);
  g_test_add ("/maturity/delete-assessment", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_delete_assessment, workbook_fixture_teardown);
  g_test_add ("/maturity/half-points", WorkbookFixture, NULL,
              workbook_fixture_setup, test_half_points, workbook_fixture_teardown);
  g_test_add ("/maturity/half-points-cli", WorkbookFixture, NULL,
              workbook_fixture_setup, test_half_points_cli, workbook_fixture_teardown);
  g_test_add ("/maturity/cli", WorkbookFixture, NULL,
              workbook_fixture_setup, test_cli, workbook_fixture_teardown);

  return g_test_run ();
}
