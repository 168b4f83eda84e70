/* concord-maturity-chart.h: scores over time, one line per team */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONCORD_TYPE_MATURITY_CHART (concord_maturity_chart_get_type ())

G_DECLARE_FINAL_TYPE (ConcordMaturityChart, concord_maturity_chart, CONCORD, MATURITY_CHART, GtkWidget)

GtkWidget *concord_maturity_chart_new            (void);
/* history: ConcordMaturityScore, oldest first (see concord_maturity_history()). */
void       concord_maturity_chart_set_history    (ConcordMaturityChart *self,
                                                  GPtrArray            *history);
/* 0 plots the overall score; a dimension id plots that dimension. */
void       concord_maturity_chart_set_dimension  (ConcordMaturityChart *self,
                                                  gint64                dimension_id);
/* The stage names for the bands, lowest first (four of them). */
void       concord_maturity_chart_set_stage_names (ConcordMaturityChart *self,
                                                   const char * const   *names);

G_END_DECLS
