/* concord-assessment-targets.h: target stages and whether climbing pays */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ASSESSMENT_TARGETS (concord_assessment_targets_get_type ())

G_DECLARE_FINAL_TYPE (ConcordAssessmentTargets, concord_assessment_targets, CONCORD, ASSESSMENT_TARGETS, GtkWidget)

void concord_assessment_targets_set_workbook (ConcordAssessmentTargets *self,
                                              ConcordWorkbook          *workbook);
void concord_assessment_targets_refresh      (ConcordAssessmentTargets *self);

G_END_DECLS
