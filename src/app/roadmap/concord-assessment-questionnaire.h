/* concord-assessment-questionnaire.h: the workbook's own statements */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ASSESSMENT_QUESTIONNAIRE (concord_assessment_questionnaire_get_type ())

G_DECLARE_FINAL_TYPE (ConcordAssessmentQuestionnaire, concord_assessment_questionnaire, CONCORD, ASSESSMENT_QUESTIONNAIRE, AdwWindow)

GtkWidget *concord_assessment_questionnaire_new (GtkWindow       *parent,
                                                 ConcordWorkbook *workbook);

G_END_DECLS
