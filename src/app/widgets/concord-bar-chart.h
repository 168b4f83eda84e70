/* concord-bar-chart.h: grouped horizontal bars, planned against actual.
 * Used by the dashboard (budget by team) and the plan editor. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONCORD_TYPE_BAR_CHART (concord_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (ConcordBarChart, concord_bar_chart, CONCORD, BAR_CHART, GtkWidget)

GtkWidget *concord_bar_chart_new       (void);
void       concord_bar_chart_clear     (ConcordBarChart *self);
/* One group: a label, a planned and an actual value, and the text shown
 * beside the bars ("$21,500 of $30,000"). Actual above planned is drawn
 * in the error colour. */
void       concord_bar_chart_add_group (ConcordBarChart *self,
                                        const char      *label,
                                        double           planned,
                                        double           actual,
                                        const char      *value_text);
guint      concord_bar_chart_get_n_groups (ConcordBarChart *self);

G_END_DECLS
