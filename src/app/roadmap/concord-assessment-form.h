/* concord-assessment-form.h: one team's answers to the questionnaire */
#pragma once

#include <adwaita.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ASSESSMENT_FORM (concord_assessment_form_get_type ())

G_DECLARE_FINAL_TYPE (ConcordAssessmentForm, concord_assessment_form, CONCORD, ASSESSMENT_FORM, GtkWidget)

void     concord_assessment_form_set_workbook (ConcordAssessmentForm *self,
                                               ConcordWorkbook       *workbook);
/* Sets the answer to the statement at position (0-based), as a click would. */
gboolean concord_assessment_form_set_answer   (ConcordAssessmentForm *self,
                                               guint                  position,
                                               int                    value);
void     concord_assessment_form_set_team     (ConcordAssessmentForm *self,
                                               const char            *team);
void     concord_assessment_form_set_date     (ConcordAssessmentForm *self,
                                               const char            *date);
const char *concord_assessment_form_get_error (ConcordAssessmentForm *self);
void     concord_assessment_form_focus_first  (ConcordAssessmentForm *self);

G_END_DECLS
