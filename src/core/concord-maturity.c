/* concord-maturity.c
 *
 * The maturity diagnostic: scoring assessments onto the four-stage ladder,
 * combining the teams' latest answers, the perception gap between sales
 * and marketing, targets per dimension and the advice on how far to climb.
 */
#define G_LOG_DOMAIN "concord-maturity"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concord-maturity.h"
#include "concord-plans.h"
#include "concord-workbook-private.h"

static const char STATEMENTS_SQL[] =
  "SELECT s.id, s.dimension_id, d.name, s.text"
  "  FROM maturity_statements s JOIN maturity_dimensions d ON d.id = s.dimension_id"
  " ORDER BY d.position, d.id, s.position, s.id";

static const char DIMENSIONS_SQL[] =
  "SELECT id, name FROM maturity_dimensions ORDER BY position, id";

static const char ANSWERS_SQL[] =
  "SELECT statement_id, value FROM assessment_answers WHERE assessment_id = ?1";

static const char ASSESSMENT_SQL[] =
  "SELECT taken_on, team FROM assessments WHERE id = ?1";

/* Each team's newest assessment, when it belongs to the newest round. */
static const char ROUND_SQL[] =
  "SELECT a.id, a.taken_on FROM assessments a"
  " WHERE a.taken_on >= date ((SELECT max (taken_on) FROM assessments), ?1)"
  "   AND NOT EXISTS (SELECT 1 FROM assessments b"
  "                    WHERE b.team = a.team"
  "                      AND (b.taken_on > a.taken_on"
  "                           OR (b.taken_on = a.taken_on AND b.id > a.id)))"
  " ORDER BY a.taken_on DESC, a.id DESC";

static const char HISTORY_SQL[] =
  "SELECT id FROM assessments ORDER BY taken_on, id";

static const char GAP_PAIR_SQL[] =
  "SELECT s.id, m.id FROM assessments s JOIN assessments m"
  "    ON m.team = 'marketing'"
  "   AND abs (julianday (m.taken_on) - julianday (s.taken_on)) <= ?1"
  " WHERE s.team = 'sales'"
  " ORDER BY max (s.taken_on, m.taken_on) DESC, s.taken_on DESC, s.id DESC, m.id DESC"
  " LIMIT 1";

static const char TARGET_SQL[] =
  "SELECT id, target_stage, target_on FROM maturity_targets WHERE dimension_id = ?1";

static const char DIMENSION_EXISTS_SQL[] =
  "SELECT 1 FROM maturity_dimensions WHERE id = ?1";

static const char *const classic_labels[] = {
  N_("Undefined"), N_("Defined"), N_("Aligned"), N_("Integrated"),
};
static const char *const alternate_labels[] = {
  N_("Unclear"), N_("Clear"), N_("Aligned"), N_("United"),
};

static const struct
{
  const char *id;
  const char *label;
  const char *assessment;
} teams[] = {
  /* The whole noun phrase per team: "Sales" pasted before "assessment"
   * cannot become German "Vertriebsbewertung". */
  { "sales", N_("Sales"), N_("Sales assessment") },
  { "marketing", N_("Marketing"), N_("Marketing assessment") },
  { "leadership", N_("Leadership"), N_("Leadership assessment") },
  { "joint", N_("Joint"), N_("Joint assessment") },
};

/* ---- stages and labels ------------------------------------------------ */

int
concord_maturity_stage_for_total (double total,
                                  guint  n_statements)
{
  double steps;

  if (n_statements == 0)
    return 0;

  /* A small epsilon so a combined total such as 59.999… from averaged
   * answers lands where the same whole number would. */
  steps = floor ((total - n_statements) / n_statements + 1e-9);

  return (int) CLAMP (1 + steps, 1, CONCORD_MATURITY_N_STAGES);
}

const char *
concord_maturity_stage_name (const char *vocabulary,
                             int         stage)
{
  const char *const *labels = classic_labels;

  if (stage < 1 || stage > CONCORD_MATURITY_N_STAGES)
    return _("Not assessed");

  if (g_strcmp0 (vocabulary, "alternate") == 0)
    labels = alternate_labels;

  return _(labels[stage - 1]);
}

char *
concord_maturity_stage_label (ConcordWorkbook *workbook,
                              int              stage)
{
  g_autofree char *vocabulary = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  vocabulary = concord_workbook_dup_meta (workbook, "stage_labels");

  return g_strdup (concord_maturity_stage_name (vocabulary, stage));
}

gboolean
concord_maturity_team_is_valid (const char *team)
{
  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    if (g_strcmp0 (team, teams[i].id) == 0)
      return TRUE;

  return FALSE;
}

const char *
concord_maturity_team_label (const char *team)
{
  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    if (g_strcmp0 (team, teams[i].id) == 0)
      return _(teams[i].label);

  return team;
}

const char *
concord_maturity_team_assessment_label (const char *team)
{
  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    if (g_strcmp0 (team, teams[i].id) == 0)
      return _(teams[i].assessment);

  return team;
}

/* ---- statements -------------------------------------------------------- */

static void
statement_free (gpointer data)
{
  ConcordStatement *statement = data;

  g_free (statement->dimension);
  g_free (statement->text);
  g_free (statement);
}

GPtrArray *
concord_maturity_list_statements (ConcordWorkbook *workbook,
                                  GError         **error)
{
  g_autoptr(GPtrArray) statements = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  stmt = concord_workbook_prepare (workbook, STATEMENTS_SQL, error);
  if (stmt == NULL)
    return NULL;

  statements = g_ptr_array_new_with_free_func (statement_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConcordStatement *statement = g_new0 (ConcordStatement, 1);

      statement->id = sqlite3_column_int64 (stmt, 0);
      statement->dimension_id = sqlite3_column_int64 (stmt, 1);
      statement->dimension = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      statement->text = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (statements, statement);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the statements");
      return NULL;
    }

  return g_steal_pointer (&statements);
}

/* ---- scores ------------------------------------------------------------ */

static void
dimension_score_free (gpointer data)
{
  ConcordDimensionScore *score = data;

  g_free (score->name);
  g_free (score);
}

void
concord_maturity_score_free (ConcordMaturityScore *score)
{
  if (score == NULL)
    return;

  g_free (score->taken_on);
  g_free (score->team);
  g_clear_pointer (&score->dimensions, g_ptr_array_unref);
  g_clear_pointer (&score->teams, g_ptr_array_unref);
  g_free (score);
}

typedef struct
{
  double sum;
  guint  count;
} Tally;

/* Adds one assessment's answers to tallies keyed by statement id. */
static gboolean
tally_answers (ConcordWorkbook *workbook,
               gint64           assessment_id,
               GHashTable      *tallies,
               GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = concord_workbook_prepare (workbook, ANSWERS_SQL, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, assessment_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 statement_id = sqlite3_column_int64 (stmt, 0);
      Tally *tally = g_hash_table_lookup (tallies, &statement_id);

      if (tally == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = statement_id;
          tally = g_new0 (Tally, 1);
          g_hash_table_insert (tallies, key, tally);
        }

      tally->sum += sqlite3_column_int (stmt, 1);
      tally->count++;
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the answers");
      return FALSE;
    }

  return TRUE;
}

/* One rounding rule for every score shown: the total placed on 20..100,
 * rounded half up to a whole number, and the stage read off that number,
 * so the number a leader sees always lies in the band named beside it. */
static void
place_score (double  total,
             guint   n_statements,
             double *percent,
             int    *stage)
{
  if (n_statements == 0)
    {
      *percent = 0;
      *stage = 0;
      return;
    }

  /* The epsilon keeps 59.4999… from averaged answers at 59.5. */
  *percent = floor (total * 20.0 / n_statements + 0.5 + 1e-9);
  *stage = concord_maturity_stage_for_total (*percent, 20);
}

/* Scores the given assessments together: each statement counts with the
 * mean of the answers it got, so one assessment scores its plain sum. */
static ConcordMaturityScore *
score_assessments (ConcordWorkbook *workbook,
                   const gint64    *ids,
                   guint            n_ids,
                   GError         **error)
{
  g_autoptr(ConcordMaturityScore) score = g_new0 (ConcordMaturityScore, 1);
  g_autoptr(GHashTable) tallies = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  sqlite3_stmt *stmt;
  int rc;

  tallies = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < n_ids; i++)
    if (!tally_answers (workbook, ids[i], tallies, error))
      return NULL;

  statements = concord_maturity_list_statements (workbook, error);
  if (statements == NULL)
    return NULL;

  score->dimensions = g_ptr_array_new_with_free_func (dimension_score_free);

  /* Every dimension gets a row, even one without statements or answers. */
  stmt = concord_workbook_prepare (workbook, DIMENSIONS_SQL, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConcordDimensionScore *dimension = g_new0 (ConcordDimensionScore, 1);

      dimension->dimension_id = sqlite3_column_int64 (stmt, 0);
      dimension->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g_ptr_array_add (score->dimensions, dimension);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the dimensions");
      return NULL;
    }

  for (guint i = 0; i < statements->len; i++)
    {
      ConcordStatement *statement = g_ptr_array_index (statements, i);
      Tally *tally = g_hash_table_lookup (tallies, &statement->id);
      double mean;

      if (tally == NULL || tally->count == 0)
        continue;

      mean = tally->sum / tally->count;
      score->total += mean;
      score->n_statements++;

      for (guint j = 0; j < score->dimensions->len; j++)
        {
          ConcordDimensionScore *dimension = g_ptr_array_index (score->dimensions, j);

          if (dimension->dimension_id == statement->dimension_id)
            {
              dimension->total += mean;
              dimension->n_statements++;
              break;
            }
        }
    }

  for (guint j = 0; j < score->dimensions->len; j++)
    {
      ConcordDimensionScore *dimension = g_ptr_array_index (score->dimensions, j);

      place_score (dimension->total, dimension->n_statements,
                   &dimension->percent, &dimension->stage);
    }

  place_score (score->total, score->n_statements, &score->percent, &score->stage);

  return g_steal_pointer (&score);
}

ConcordMaturityScore *
concord_maturity_score_assessment (ConcordWorkbook *workbook,
                                   gint64           assessment_id,
                                   GError         **error)
{
  g_autoptr(ConcordMaturityScore) score = NULL;
  g_autofree char *taken_on = NULL;
  g_autofree char *team = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = concord_workbook_prepare (workbook, ASSESSMENT_SQL, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, assessment_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   _("There is no assessment with id %" PRId64 "."),
                   assessment_id);
      return NULL;
    }

  taken_on = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  team = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);

  score = score_assessments (workbook, &assessment_id, 1, error);
  if (score == NULL)
    return NULL;

  score->assessment_id = assessment_id;
  score->taken_on = g_steal_pointer (&taken_on);
  score->team = g_steal_pointer (&team);

  return g_steal_pointer (&score);
}

static int
team_order (const char *team)
{
  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    if (g_strcmp0 (team, teams[i].id) == 0)
      return (int) i;

  return G_N_ELEMENTS (teams);
}

static int
compare_team_order (gconstpointer a,
                    gconstpointer b)
{
  const ConcordMaturityScore *x = *(ConcordMaturityScore *const *) a;
  const ConcordMaturityScore *y = *(ConcordMaturityScore *const *) b;

  return team_order (x->team) - team_order (y->team);
}

static ConcordMaturityScore *
find_team (GPtrArray  *scores,
           const char *team)
{
  for (guint i = 0; i < scores->len; i++)
    {
      ConcordMaturityScore *score = g_ptr_array_index (scores, i);

      if (g_strcmp0 (score->team, team) == 0)
        return score;
    }

  return NULL;
}

ConcordMaturityScore *
concord_maturity_score_current (ConcordWorkbook *workbook,
                                GError         **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *newest = NULL;
  g_autofree char *window = NULL;
  ConcordMaturityScore *score;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  stmt = concord_workbook_prepare (workbook, ROUND_SQL, error);
  if (stmt == NULL)
    return NULL;

  window = g_strdup_printf ("-%d days", CONCORD_MATURITY_ROUND_DAYS);
  sqlite3_bind_text (stmt, 1, window, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (newest == NULL)
        newest = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g_array_append_val (ids, id);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the assessments");
      return NULL;
    }

  if (ids->len == 0)
    return NULL;

  score = score_assessments (workbook, (const gint64 *) ids->data, ids->len, error);
  if (score == NULL)
    return NULL;

  score->taken_on = g_steal_pointer (&newest);

  /* An average hides disagreement: keep each team's own score beside it. */
  score->teams = g_ptr_array_new_with_free_func ((GDestroyNotify) concord_maturity_score_free);
  for (guint i = 0; i < ids->len; i++)
    {
      ConcordMaturityScore *team = concord_maturity_score_assessment (workbook,
                                                                      g_array_index (ids, gint64, i),
                                                                      error);
      if (team == NULL)
        {
          concord_maturity_score_free (score);
          return NULL;
        }
      g_ptr_array_add (score->teams, team);
    }
  g_ptr_array_sort (score->teams, compare_team_order);

  {
    ConcordMaturityScore *sales = find_team (score->teams, "sales");
    ConcordMaturityScore *marketing = find_team (score->teams, "marketing");

    score->has_gap = sales != NULL && marketing != NULL;
    if (score->has_gap)
      score->gap = marketing->percent - sales->percent;
  }

  return score;
}

char *
concord_maturity_describe_teams (ConcordWorkbook            *workbook,
                                 const ConcordMaturityScore *score)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);
  g_return_val_if_fail (score != NULL, NULL);

  for (guint i = 0; score->teams != NULL && i < score->teams->len; i++)
    {
      ConcordMaturityScore *team = g_ptr_array_index (score->teams, i);
      g_autofree char *stage = concord_maturity_stage_label (workbook, team->stage);

      if (text->len > 0)
        g_string_append (text, " · ");
      /* TRANSLATORS: "Sales 39 (Undefined)": a team's own score and stage */
      g_string_append_printf (text, _("%s %.0f (%s)"),
                              concord_maturity_team_label (team->team), team->percent, stage);
    }

  if (score->has_gap)
    {
      int points = (int) fabs (score->gap);

      g_string_append (text, text->len > 0 ? ". " : "");
      if (points == 0)
        g_string_append (text, _("Sales and marketing rate the relationship the same."));
      else
        g_string_append_printf (text,
                                score->gap > 0
                                ? g_dngettext (GETTEXT_PACKAGE,
                                               "Perception gap: marketing rates it %d point higher than sales.",
                                               "Perception gap: marketing rates it %d points higher than sales.",
                                               points)
                                : g_dngettext (GETTEXT_PACKAGE,
                                               "Perception gap: sales rates it %d point higher than marketing.",
                                               "Perception gap: sales rates it %d points higher than marketing.",
                                               points),
                                points);
    }
  else if (text->len > 0)
    g_string_append (text, ".");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

int
concord_maturity_current_stage (ConcordWorkbook *workbook,
                                GError         **error)
{
  g_autoptr(ConcordMaturityScore) score = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  score = concord_maturity_score_current (workbook, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return 0;
    }

  return score != NULL ? score->stage : 0;
}

GPtrArray *
concord_maturity_history (ConcordWorkbook *workbook,
                          GError         **error)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  /* Collect the ids first: scoring reuses other cached statements. */
  stmt = concord_workbook_prepare (workbook, HISTORY_SQL, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      concord_workbook_set_error (workbook, rc, error, "Could not read the assessments");
      return NULL;
    }

  history = g_ptr_array_new_with_free_func ((GDestroyNotify) concord_maturity_score_free);

  for (guint i = 0; i < ids->len; i++)
    {
      ConcordMaturityScore *score;

      score = concord_maturity_score_assessment (workbook, g_array_index (ids, gint64, i), error);
      if (score == NULL)
        return NULL;
      g_ptr_array_add (history, score);
    }

  return g_steal_pointer (&history);
}

/* ---- recording --------------------------------------------------------- */

gboolean
concord_maturity_parse_answers (const char  *text,
                                GArray     **answers,
                                GError     **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (answers != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("No answers given: list one number from 1 to 5 per statement, separated by commas."));
      return FALSE;
    }

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      gint64 value;

      if (!g_ascii_string_to_signed (part, 10, G_MININT, G_MAXINT, &value, NULL))
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                       _("Answer %u (“%s”) is not a number; answers run from 1 to 5."),
                       i + 1, part);
          return FALSE;
        }

      g_array_append_vals (values, &(int) { (int) value }, 1);
    }

  *answers = g_steal_pointer (&values);

  return TRUE;
}

gint64
concord_maturity_record_assessment (ConcordWorkbook *workbook,
                                    const char      *taken_on,
                                    const char      *team,
                                    const char      *respondent,
                                    const int       *answers,
                                    guint            n_answers,
                                    GError         **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(ConcordFields) fields = NULL;
  GDate date;
  gint64 id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);
  g_return_val_if_fail (answers != NULL || n_answers == 0, 0);

  if (!concord_date_parse (taken_on, &date))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("The date “%s” is not a date; write it as YYYY-MM-DD."),
                   taken_on ? taken_on : "");
      return 0;
    }

  if (!concord_maturity_team_is_valid (team))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("The team “%s” is not one of sales, marketing, leadership or joint."),
                   team ? team : "");
      return 0;
    }

  statements = concord_maturity_list_statements (workbook, error);
  if (statements == NULL)
    return 0;

  if (statements->len == 0)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("The questionnaire has no statements; add some before assessing."));
      return 0;
    }

  if (n_answers != statements->len)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("%u answers given, but the questionnaire has %u statements: give one answer per statement."),
                   n_answers, statements->len);
      return 0;
    }

  for (guint i = 0; i < n_answers; i++)
    {
      if (answers[i] < 1 || answers[i] > 5)
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                       _("Answer %u is %d; answers run from 1 (strongly disagree) to 5 (strongly agree)."),
                       i + 1, answers[i]);
          return 0;
        }
    }

  if ((edit = concord_workbook_edit (workbook, _("Record Assessment"), error)) == NULL)
    return 0;

  fields = concord_fields_new ();
  concord_fields_set_string (fields, "taken_on", taken_on);
  concord_fields_set_string (fields, "team", team);
  if (respondent != NULL && *respondent != '\0')
    concord_fields_set_string (fields, "respondent", respondent);

  id = concord_workbook_insert (workbook, "assessments", fields, error);

  for (guint i = 0; id > 0 && i < n_answers; i++)
    {
      ConcordStatement *statement = g_ptr_array_index (statements, i);
      g_autoptr(ConcordFields) answer = concord_fields_new ();

      concord_fields_set_id (answer, "assessment_id", id);
      concord_fields_set_id (answer, "statement_id", statement->id);
      concord_fields_set_int (answer, "value", answers[i]);
      if (concord_workbook_insert (workbook, "assessment_answers", answer, error) <= 0)
        id = 0;
    }

  if (id <= 0 || !concord_edit_commit (edit, error))
    return 0;

  return id;
}

/* ---- editing the questionnaire ---------------------------------------- */

static const char NEXT_POSITION_SQL[] =
  "SELECT coalesce (max (position) + 1, 0) FROM maturity_statements WHERE dimension_id = ?1";

static gboolean
check_statement_text (const char  *text,
                      GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("Write the statement: it cannot be empty."));
      return FALSE;
    }

  if (g_utf8_strlen (trimmed, -1) > 1000)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("The statement is longer than 1000 characters; say it more briefly."));
      return FALSE;
    }

  return TRUE;
}

gint64
concord_maturity_add_statement (ConcordWorkbook *workbook,
                                gint64           dimension_id,
                                const char      *text,
                                GError         **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordFields) fields = NULL;
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;
  gint64 position = 0, id;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  if (!check_statement_text (text, error))
    return 0;

  stmt = concord_workbook_prepare (workbook, DIMENSION_EXISTS_SQL, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, dimension_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   _("There is no dimension with id %" PRId64 "."), dimension_id);
      return 0;
    }
  sqlite3_reset (stmt);

  stmt = concord_workbook_prepare (workbook, NEXT_POSITION_SQL, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, dimension_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  trimmed = g_strstrip (g_strdup (text));
  fields = concord_fields_new ();
  concord_fields_set_id (fields, "dimension_id", dimension_id);
  concord_fields_set_string (fields, "text", trimmed);
  concord_fields_set_int (fields, "position", position);

  if ((edit = concord_workbook_edit (workbook, _("Add Statement"), error)) == NULL)
    return 0;
  id = concord_workbook_insert (workbook, "maturity_statements", fields, error);
  if (id <= 0)
    return 0;

  return concord_edit_commit (edit, error) ? id : 0;
}

gboolean
concord_maturity_set_statement_text (ConcordWorkbook *workbook,
                                     gint64           statement_id,
                                     const char      *text,
                                     GError         **error)
{
  g_autoptr(ConcordFields) fields = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (!check_statement_text (text, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));
  fields = concord_fields_new ();
  concord_fields_set_string (fields, "text", trimmed);

  return concord_workbook_update_as (workbook, _("Edit Statement"), "maturity_statements", statement_id, fields, error);
}

gboolean
concord_maturity_rename_dimension (ConcordWorkbook *workbook,
                                   gint64           dimension_id,
                                   const char      *name,
                                   GError         **error)
{
  g_autoptr(ConcordFields) fields = concord_fields_new ();
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("A dimension needs a name."));
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > 200)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                           _("The dimension name is longer than 200 characters; shorten it."));
      return FALSE;
    }

  concord_fields_set_string (fields, "name", trimmed);

  return concord_workbook_update_as (workbook, _("Rename Dimension"), "maturity_dimensions", dimension_id,
                                     fields, error);
}

gboolean
concord_maturity_delete_statement (ConcordWorkbook *workbook,
                                   gint64           statement_id,
                                   GError         **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_workbook_delete_as (workbook, _("Delete Statement"), "maturity_statements", statement_id, error);
}

gboolean
concord_maturity_delete_assessment (ConcordWorkbook *workbook,
                                    gint64           assessment_id,
                                    GError         **error)
{
  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  return concord_workbook_delete_as (workbook, _("Delete Assessment"), "assessments", assessment_id, error);
}

/* ---- the perception gap ------------------------------------------------ */

static void
gap_item_free (gpointer data)
{
  ConcordGapItem *item = data;

  g_free (item->dimension);
  g_free (item->text);
  g_free (item);
}

static int
compare_gap (gconstpointer a,
             gconstpointer b)
{
  const ConcordGapItem *x = *(ConcordGapItem * const *) a;
  const ConcordGapItem *y = *(ConcordGapItem * const *) b;
  double dx = fabs (x->gap), dy = fabs (y->gap);

  /* Widest first; ties keep questionnaire order (the sort is stable). */
  if (dx > dy + 1e-9)
    return -1;
  if (dy > dx + 1e-9)
    return 1;
  return 0;
}

gboolean
concord_maturity_find_gap_pair (ConcordWorkbook *workbook,
                                gint64          *sales_id,
                                gint64          *marketing_id,
                                GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  stmt = concord_workbook_prepare (workbook, GAP_PAIR_SQL, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, CONCORD_MATURITY_ROUND_DAYS);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      if (sales_id)
        *sales_id = sqlite3_column_int64 (stmt, 0);
      if (marketing_id)
        *marketing_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  return found;
}

gboolean
concord_maturity_gap (ConcordWorkbook *workbook,
                      gint64           sales_id,
                      gint64           marketing_id,
                      GPtrArray      **statements_out,
                      GPtrArray      **dimensions_out,
                      GError         **error)
{
  g_autoptr(GHashTable) sales = NULL;
  g_autoptr(GHashTable) marketing = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) dimensions = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  sales = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  marketing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  if (!tally_answers (workbook, sales_id, sales, error) ||
      !tally_answers (workbook, marketing_id, marketing, error))
    return FALSE;

  statements = concord_maturity_list_statements (workbook, error);
  if (statements == NULL)
    return FALSE;

  items = g_ptr_array_new_with_free_func (gap_item_free);
  dimensions = g_ptr_array_new_with_free_func (gap_item_free);

  for (guint i = 0; i < statements->len; i++)
    {
      ConcordStatement *statement = g_ptr_array_index (statements, i);
      Tally *s = g_hash_table_lookup (sales, &statement->id);
      Tally *m = g_hash_table_lookup (marketing, &statement->id);
      ConcordGapItem *item, *dimension = NULL;

      if (s == NULL || m == NULL)
        continue;

      item = g_new0 (ConcordGapItem, 1);
      item->statement_id = statement->id;
      item->dimension_id = statement->dimension_id;
      item->dimension = g_strdup (statement->dimension);
      item->text = g_strdup (statement->text);
      item->sales = s->sum / s->count;
      item->marketing = m->sum / m->count;
      item->gap = item->marketing - item->sales;
      g_ptr_array_add (items, item);

      /* Statements come grouped by dimension, so the last row is ours. */
      if (dimensions->len > 0)
        dimension = g_ptr_array_index (dimensions, dimensions->len - 1);
      if (dimension == NULL || dimension->dimension_id != statement->dimension_id)
        {
          dimension = g_new0 (ConcordGapItem, 1);
          dimension->dimension_id = statement->dimension_id;
          dimension->dimension = g_strdup (statement->dimension);
          g_ptr_array_add (dimensions, dimension);
        }

      /* Accumulate sums in gap for now; divided into means below. */
      dimension->sales += item->sales;
      dimension->marketing += item->marketing;
      dimension->gap += 1;
    }

  for (guint i = 0; i < dimensions->len; i++)
    {
      ConcordGapItem *dimension = g_ptr_array_index (dimensions, i);
      double n = dimension->gap;

      dimension->sales /= n;
      dimension->marketing /= n;
      dimension->gap = dimension->marketing - dimension->sales;
    }

  g_ptr_array_sort (items, compare_gap);
  g_ptr_array_sort (dimensions, compare_gap);

  if (statements_out)
    *statements_out = g_steal_pointer (&items);
  if (dimensions_out)
    *dimensions_out = g_steal_pointer (&dimensions);

  return TRUE;
}

/* ---- targets ----------------------------------------------------------- */

int
concord_maturity_get_target (ConcordWorkbook *workbook,
                             gint64           dimension_id,
                             char           **target_on)
{
  sqlite3_stmt *stmt;
  int stage = 0;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  if (target_on)
    *target_on = NULL;

  stmt = concord_workbook_prepare (workbook, TARGET_SQL, NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, dimension_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      stage = sqlite3_column_int (stmt, 1);
      if (target_on && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        *target_on = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);

  return stage;
}

gboolean
concord_maturity_set_target (ConcordWorkbook *workbook,
                             gint64           dimension_id,
                             int              stage,
                             const char      *target_on,
                             GError         **error)
{
  g_autoptr(ConcordEdit) edit = NULL;
  g_autoptr(ConcordFields) fields = NULL;
  sqlite3_stmt *stmt;
  gint64 target_id = 0;
  g_autofree char *stored_on = NULL;
  gboolean exists, ok;
  GDate date;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), FALSE);

  if (stage < 0 || stage > CONCORD_MATURITY_N_STAGES)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("The target stage %d is not a stage; choose one from 1 to 4."), stage);
      return FALSE;
    }

  if (target_on != NULL && *target_on != '\0' &&
      !concord_date_parse (target_on, &date))
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                   _("The target date “%s” is not a date; write it as YYYY-MM-DD."), target_on);
      return FALSE;
    }

  stmt = concord_workbook_prepare (workbook, DIMENSION_EXISTS_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dimension_id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  if (!exists)
    {
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_NOT_FOUND,
                   _("There is no dimension with id %" PRId64 "."), dimension_id);
      return FALSE;
    }

  stmt = concord_workbook_prepare (workbook, TARGET_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dimension_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      target_id = sqlite3_column_int64 (stmt, 0);
      stored_on = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);

  /* A target is somewhere to get to: a new date that has already passed
   * is a slip of the keyboard. A date set earlier may stay as it is. */
  if (target_on != NULL && *target_on != '\0' && g_strcmp0 (target_on, stored_on) != 0)
    {
      g_autofree char *today = concord_date_today ();

      if (strcmp (target_on, today) < 0)
        {
          g_autofree char *shown = concord_date_format (target_on);

          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                       _("The target date %s has already passed; choose today or a later date."), shown);
          return FALSE;
        }
    }

  if (stage == 0 && target_id == 0)
    return TRUE;

  edit = concord_workbook_edit (workbook, stage == 0 ? _("Remove Target") : _("Set Target"), error);
  if (edit == NULL)
    return FALSE;

  if (stage == 0)
    ok = concord_workbook_delete (workbook, "maturity_targets", target_id, error);
  else
    {
      fields = concord_fields_new ();
      concord_fields_set_int (fields, "target_stage", stage);
      if (target_on != NULL && *target_on != '\0')
        concord_fields_set_string (fields, "target_on", target_on);
      else
        concord_fields_set_null (fields, "target_on");

      if (target_id != 0)
        ok = concord_workbook_update (workbook, "maturity_targets", target_id, fields, error);
      else
        {
          concord_fields_set_id (fields, "dimension_id", dimension_id);
          ok = concord_workbook_insert (workbook, "maturity_targets", fields, error) > 0;
        }
    }

  if (!ok)
    return FALSE;

  return concord_edit_commit (edit, error);
}

/* ---- how far to climb -------------------------------------------------- */

int
concord_maturity_recommend (const char  *company_size,
                            const char  *sales_cycle,
                            const char  *market,
                            char       **advice)
{
  gboolean small = g_strcmp0 (company_size, "small") == 0;
  gboolean large = g_strcmp0 (company_size, "large") == 0;
  gboolean short_cycle = g_strcmp0 (sales_cycle, "short") == 0;
  gboolean long_cycle = g_strcmp0 (sales_cycle, "long") == 0;
  gboolean complex = g_strcmp0 (market, "complex") == 0;
  gboolean simple = g_strcmp0 (market, "simple") == 0;
  const char *text;
  int stage;

  if (!small && !large && g_strcmp0 (company_size, "mid") != 0 &&
      !short_cycle && !long_cycle && !complex && !simple)
    {
      text = _("Describe the company (its size, its sales cycle and its market) to see how far up the ladder it is worth climbing.");
      stage = 0;
    }
  else if (complex)
    {
      text = _("Your market is complex or changes quickly. Firms like this gain the most from Integrated: shared processes, data, budgets and rewards let both teams react as one when buyers or competitors move.");
      stage = 4;
    }
  else if (small && !long_cycle)
    {
      text = _("A small company whose teams already get on well informally may not need more structure. Clear rules and hand-offs (Defined) are often enough; climb further only if the two teams keep running into each other.");
      stage = 2;
    }
  else if (short_cycle)
    {
      text = _("With a short, simple sales cycle, Aligned serves you well: plan together, agree the big accounts, and keep each team’s own processes. Integration costs more than it returns here.");
      stage = 3;
    }
  else if (large && long_cycle)
    {
      text = _("A large company with long sales cycles has many hand-offs over many months. Integrated pays off: one process, shared data and joint targets keep long deals from falling between the teams.");
      stage = 4;
    }
  else
    {
      text = _("Aligned is the sensible goal: joint planning, shared accounts and regular feedback. Go further only if the market grows more complex.");
      stage = 3;
    }

  if (advice)
    *advice = g_strdup (text);

  return stage;
}

int
concord_maturity_recommended_stage (ConcordWorkbook  *workbook,
                                    char            **advice)
{
  g_autofree char *size = NULL;
  g_autofree char *cycle = NULL;
  g_autofree char *market = NULL;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), 0);

  size = concord_workbook_dup_meta (workbook, "company_size");
  cycle = concord_workbook_dup_meta (workbook, "sales_cycle");
  market = concord_workbook_dup_meta (workbook, "market");

  return concord_maturity_recommend (size, cycle, market, advice);
}

static const char DIMENSION_MODEL_SQL[] =
  "SELECT id FROM maturity_dimensions ORDER BY position, id";

ConcordQueryModel *
concord_maturity_dimension_model_new (ConcordWorkbook *workbook)
{
  ConcordQueryModel *model;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = concord_query_model_new (workbook, "maturity_dimensions");
  concord_query_model_set_query (model, DIMENSION_MODEL_SQL, NULL, NULL);

  return model;
}

static const char STATEMENT_MODEL_SQL[] =
  "SELECT s.id FROM maturity_statements s JOIN maturity_dimensions d ON d.id = s.dimension_id"
  " ORDER BY d.position, d.id, s.position, s.id";

ConcordQueryModel *
concord_maturity_statement_model_new (ConcordWorkbook *workbook)
{
  ConcordQueryModel *model;

  g_return_val_if_fail (CONCORD_IS_WORKBOOK (workbook), NULL);

  model = concord_query_model_new (workbook, "maturity_statements");
  concord_query_model_watch (model, "maturity_dimensions");
  concord_query_model_set_query (model, STATEMENT_MODEL_SQL, NULL, NULL);

  return model;
}
