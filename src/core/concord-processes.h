/* concord-processes.h: shared processes, their stages, glossary, rules */
#pragma once

#include "concord-query-model.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

/* What the process strip draws for one stage. */
typedef struct
{
  gint64    id;
  char     *name;
  gint64    owner_team_id;  /* 0 when nobody owns it */
  char     *owner_team;     /* NULL when nobody owns it */
  char     *owner_kind;     /* teams.kind: "sales", "marketing"… */
  gboolean  handoff;        /* flagged, or the owning team changes here */
  gboolean  handoff_flag;   /* what the user ticked */
  gint64    sla_hours;      /* -1 when not set */
  gint64    sla_attempts;   /* -1 when not set */
  double    conversion;     /* -1 when not set */
} ConcordStageSummary;

void       concord_stage_summary_free     (ConcordStageSummary *summary);
GPtrArray *concord_processes_load_stages  (ConcordWorkbook  *workbook,
                                           gint64            process_id,
                                           GError          **error);

/* Models for the views. */
ConcordQueryModel *concord_processes_model_new        (ConcordWorkbook *workbook);
ConcordQueryModel *concord_process_stages_model_new   (ConcordWorkbook *workbook,
                                                       gint64           process_id);
ConcordQueryModel *concord_glossary_model_new         (ConcordWorkbook *workbook,
                                                       const char      *search);
ConcordQueryModel *concord_engagement_rules_model_new (ConcordWorkbook *workbook,
                                                       const char      *search);
gboolean           concord_glossary_model_search      (ConcordQueryModel *model,
                                                       const char        *search,
                                                       GError           **error);
gboolean           concord_engagement_rules_model_search (ConcordQueryModel *model,
                                                          const char        *search,
                                                          GError           **error);

/* Edits; each is one undo step. */
gint64   concord_processes_add            (ConcordWorkbook  *workbook,
                                           const char       *name,
                                           GError          **error);
/* Renames a process or rewords its description ("" clears it); one
 * undoable edit each. */
gboolean concord_processes_rename         (ConcordWorkbook  *workbook,
                                           gint64            process_id,
                                           const char       *name,
                                           GError          **error);
gboolean concord_processes_set_description (ConcordWorkbook *workbook,
                                            gint64           process_id,
                                            const char      *description,
                                            GError         **error);
gboolean concord_processes_delete         (ConcordWorkbook  *workbook,
                                           gint64            process_id,
                                           GError          **error);
gint64   concord_processes_add_stage      (ConcordWorkbook  *workbook,
                                           gint64            process_id,
                                           const char       *name,
                                           GError          **error);
gboolean concord_processes_update_stage   (ConcordWorkbook  *workbook,
                                           gint64            stage_id,
                                           ConcordFields    *fields,
                                           GError          **error);
gboolean concord_processes_delete_stage   (ConcordWorkbook  *workbook,
                                           gint64            stage_id,
                                           GError          **error);
gboolean concord_processes_move_stage     (ConcordWorkbook  *workbook,
                                           gint64            stage_id,
                                           guint             new_index,
                                           GError          **error);
gboolean concord_processes_validate_stage (ConcordFields    *fields,
                                           GError          **error);

gint64   concord_glossary_add             (ConcordWorkbook  *workbook,
                                           const char       *term,
                                           GError          **error);
gboolean concord_glossary_update          (ConcordWorkbook  *workbook,
                                           gint64            term_id,
                                           ConcordFields    *fields,
                                           GError          **error);
gint64   concord_engagement_rules_add     (ConcordWorkbook  *workbook,
                                           const char       *rule,
                                           GError          **error);
gboolean concord_engagement_rules_update  (ConcordWorkbook  *workbook,
                                           gint64            rule_id,
                                           ConcordFields    *fields,
                                           GError          **error);

/* Findings sources (see concord-check.h). */
/* Each one undoable edit. A rule moves @delta places in the order of all
 * rules (negative: up), stopping at either end. */
gboolean concord_glossary_delete          (ConcordWorkbook  *workbook,
                                           gint64            term_id,
                                           GError          **error);
gboolean concord_engagement_rules_delete  (ConcordWorkbook  *workbook,
                                           gint64            rule_id,
                                           GError          **error);
gboolean concord_engagement_rules_move    (ConcordWorkbook  *workbook,
                                           gint64            rule_id,
                                           int               delta,
                                           GError          **error);

/* What `check` finds wrong with one stage, one finding a line, or NULL:
 * the same rules, for the stage list to show beside the stage. */
char    *concord_processes_stage_problems (ConcordWorkbook  *workbook,
                                           gint64            stage_id);
gboolean concord_processes_check          (ConcordWorkbook  *workbook,
                                           GPtrArray        *findings,
                                           GError          **error);
gboolean concord_glossary_check           (ConcordWorkbook  *workbook,
                                           GPtrArray        *findings,
                                           GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordStageSummary, concord_stage_summary_free)

G_END_DECLS
