/* concord-roadmap-timeline.h: initiatives by dimension on a calendar */
#pragma once

#include <gtk/gtk.h>

#include "concord-workbook.h"

G_BEGIN_DECLS

#define CONCORD_TYPE_ROADMAP_TIMELINE (concord_roadmap_timeline_get_type ())

G_DECLARE_FINAL_TYPE (ConcordRoadmapTimeline, concord_roadmap_timeline, CONCORD, ROADMAP_TIMELINE, GtkWidget)

GtkWidget       *concord_roadmap_timeline_new          (void);
ConcordWorkbook *concord_roadmap_timeline_get_workbook (ConcordRoadmapTimeline *self);
void             concord_roadmap_timeline_set_workbook (ConcordRoadmapTimeline *self,
                                                        ConcordWorkbook        *workbook);
gboolean         concord_roadmap_timeline_get_months   (ConcordRoadmapTimeline *self);
/* TRUE zooms in to months, FALSE shows quarters. */
void             concord_roadmap_timeline_set_months   (ConcordRoadmapTimeline *self,
                                                        gboolean                months);
/* The initiative drawn at (x, y) in widget coordinates, or 0. */
gint64           concord_roadmap_timeline_hit          (ConcordRoadmapTimeline *self,
                                                        double                  x,
                                                        double                  y);

/* Where today's line is drawn (-1 when off the range), and the width of
 * the lane heads, so a scroller can bring today into view. */
double           concord_roadmap_timeline_get_today_x  (ConcordRoadmapTimeline *self);
double           concord_roadmap_timeline_get_head_width (ConcordRoadmapTimeline *self);

G_END_DECLS
