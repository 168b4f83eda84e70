/* concord-maturity.h: the maturity diagnostic, its stages, gaps and targets */
#pragma once

#include "concord-query-model.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

/* The four rungs of the ladder; 0 means "not assessed". */
#define CONCORD_MATURITY_N_STAGES 4

/* The stage the relationship stands at now: 0 when there is no assessment.
 * Otherwise each team's most recent assessment that belongs to the latest
 * round (taken within CONCORD_MATURITY_ROUND_DAYS of the newest one) is
 * combined: every statement scores the mean of those teams' answers, and
 * the sum of the means is placed on the bands (see
 * concord_maturity_stage_for_total()). */
#define CONCORD_MATURITY_ROUND_DAYS 45

int          concord_maturity_current_stage   (ConcordWorkbook *workbook,
                                               GError         **error);

/* The translated label of stage (1..4) in the workbook's vocabulary
 * (meta 'stage_labels': 'classic' or 'alternate'); "Not assessed" for 0. */
char        *concord_maturity_stage_label     (ConcordWorkbook *workbook,
                                               int              stage);
const char  *concord_maturity_stage_name      (const char      *vocabulary,
                                               int              stage);

/* The published bands (20-39, 40-59, 60-79, 80-100 for 20 statements),
 * scaled to n_statements by the fraction of the 1..5 range the total
 * covers: the stage is 1 + floor ((total - n) / n), at most 4. Returns 0
 * when n_statements is 0. */
int          concord_maturity_stage_for_total (double           total,
                                               guint            n_statements);

/* The score of one dimension in an assessment (or a combined round). */
typedef struct
{
  gint64  dimension_id;
  char   *name;
  double  total;          /* sum of the answers (means when combined) */
  guint   n_statements;   /* statements answered */
  double  percent;        /* placed on 20..100 and rounded, as for the whole score */
  int     stage;          /* 0 when nothing was answered */
} ConcordDimensionScore;

typedef struct
{
  gint64      assessment_id;  /* 0 for a combined round */
  char       *taken_on;       /* YYYY-MM-DD; the newest date of a round */
  char       *team;           /* sales, marketing, leadership, joint; NULL when combined */
  double      total;
  guint       n_statements;
  double      percent;        /* total placed on 20..100 as if there were 20 statements */
  int         stage;
  GPtrArray  *dimensions;     /* ConcordDimensionScore, in dimension order */
  /* A combined round only: each team's own score (ConcordMaturityScore) in
   * team order, and marketing's score minus sales' when both took part. */
  GPtrArray  *teams;
  gboolean    has_gap;
  double      gap;
} ConcordMaturityScore;

void                  concord_maturity_score_free       (ConcordMaturityScore *score);
ConcordMaturityScore *concord_maturity_score_assessment (ConcordWorkbook *workbook,
                                                         gint64           assessment_id,
                                                         GError         **error);
/* The latest round combined, as concord_maturity_current_stage(); NULL
 * without error when there is no assessment. */
ConcordMaturityScore *concord_maturity_score_current    (ConcordWorkbook *workbook,
                                                         GError         **error);
/* One line for a combined round: each team's score and stage, and the
 * perception gap between sales and marketing ("Sales 39 (Undefined) ·
 * Marketing 40 (Defined). Perception gap: …"). Empty for one team. */
char                 *concord_maturity_describe_teams   (ConcordWorkbook            *workbook,
                                                         const ConcordMaturityScore *score);
/* Every assessment scored, oldest first (ConcordMaturityScore). */
GPtrArray            *concord_maturity_history          (ConcordWorkbook *workbook,
                                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordMaturityScore, concord_maturity_score_free)

/* Statements in questionnaire order (dimension position, then statement
 * position), the order answers are given in. */
typedef struct
{
  gint64  id;
  gint64  dimension_id;
  char   *dimension;
  char   *text;
} ConcordStatement;

GPtrArray   *concord_maturity_list_statements (ConcordWorkbook *workbook,
                                               GError         **error);

/* Records one assessment and its answers as one undoable edit. answers
 * follow questionnaire order and there must be one per statement, each
 * 1..5. team is sales, marketing, leadership or joint. */
gint64       concord_maturity_record_assessment (ConcordWorkbook *workbook,
                                                 const char      *taken_on,
                                                 const char      *team,
                                                 const char      *respondent,
                                                 const int       *answers,
                                                 guint            n_answers,
                                                 GError         **error);
/* Deletes an assessment with its answers, as one undoable edit. */
gboolean     concord_maturity_delete_assessment (ConcordWorkbook *workbook,
                                                 gint64           assessment_id,
                                                 GError         **error);
gboolean     concord_maturity_parse_answers   (const char      *text,
                                               GArray         **answers,
                                               GError         **error);
gboolean     concord_maturity_team_is_valid   (const char      *team);
const char  *concord_maturity_team_label      (const char      *team);
/* "Sales assessment": a whole phrase, never built from the team's label. */
const char  *concord_maturity_team_assessment_label (const char *team);

/* Editing the questionnaire: each call is one undoable edit. Text must
 * hold something other than spaces and at most 1000 characters. Deleting
 * a statement also deletes the answers given to it. */
gint64       concord_maturity_add_statement   (ConcordWorkbook *workbook,
                                               gint64           dimension_id,
                                               const char      *text,
                                               GError         **error);
gboolean     concord_maturity_set_statement_text (ConcordWorkbook *workbook,
                                                  gint64           statement_id,
                                                  const char      *text,
                                                  GError         **error);
/* The name the questionnaire, results and reports show; scores keep it. */
gboolean     concord_maturity_rename_dimension (ConcordWorkbook *workbook,
                                                gint64           dimension_id,
                                                const char      *name,
                                                GError         **error);
gboolean     concord_maturity_delete_statement (ConcordWorkbook *workbook,
                                                gint64           statement_id,
                                                GError         **error);

/* The perception gap between a sales and a marketing assessment. */
typedef struct
{
  gint64  statement_id;     /* 0 for a dimension row */
  gint64  dimension_id;
  char   *dimension;
  char   *text;             /* the statement, or NULL for a dimension */
  double  sales;            /* answer, or mean answer for a dimension */
  double  marketing;
  double  gap;              /* marketing - sales */
} ConcordGapItem;

/* Finds the latest sales and marketing assessments taken within
 * CONCORD_MATURITY_ROUND_DAYS of each other. FALSE when there is no pair. */
gboolean     concord_maturity_find_gap_pair   (ConcordWorkbook *workbook,
                                               gint64          *sales_id,
                                               gint64          *marketing_id,
                                               GError         **error);
/* Statements and dimensions (separately), widest gap first. */
gboolean     concord_maturity_gap             (ConcordWorkbook *workbook,
                                               gint64           sales_id,
                                               gint64           marketing_id,
                                               GPtrArray      **statements,
                                               GPtrArray      **dimensions,
                                               GError         **error);

/* Targets: one per dimension. stage 0 removes the target. */
gboolean     concord_maturity_set_target      (ConcordWorkbook *workbook,
                                               gint64           dimension_id,
                                               int              stage,
                                               const char      *target_on,
                                               GError         **error);
int          concord_maturity_get_target      (ConcordWorkbook *workbook,
                                               gint64           dimension_id,
                                               char           **target_on);

/* Whether moving up pays, from the company profile in meta (company_size
 * small/mid/large, sales_cycle short/long, market simple/complex). Returns
 * the stage worth aiming for (0 when the profile is empty) and a plain
 * explanation in *advice. */
int          concord_maturity_recommended_stage (ConcordWorkbook *workbook,
                                                 char           **advice);
int          concord_maturity_recommend       (const char      *company_size,
                                               const char      *sales_cycle,
                                               const char      *market,
                                               char           **advice);

/* The dimensions in questionnaire order, for lists and pickers. */
ConcordQueryModel *concord_maturity_dimension_model_new (ConcordWorkbook *workbook);
/* The statements in questionnaire order. */
ConcordQueryModel *concord_maturity_statement_model_new (ConcordWorkbook *workbook);

G_END_DECLS
