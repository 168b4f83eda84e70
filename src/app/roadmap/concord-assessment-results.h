/* concord-assessment-results.h: where the relationship stands, and the gap */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ASSESSMENT_RESULTS (concord_assessment_results_get_type ())

G_DECLARE_FINAL_TYPE (ConcordAssessmentResults, concord_assessment_results, CONCORD, ASSESSMENT_RESULTS, GtkWidget)

void        concord_assessment_results_set_workbook  (ConcordAssessmentResults *self,
                                                      ConcordWorkbook          *workbook);
/* Re-reads scores, gaps and history (the page calls it on changes). */
void        concord_assessment_results_refresh       (ConcordAssessmentResults *self);
/* The stage as shown, e.g. "Aligned" (for tests). */
const char *concord_assessment_results_get_stage_text (ConcordAssessmentResults *self);

G_END_DECLS
