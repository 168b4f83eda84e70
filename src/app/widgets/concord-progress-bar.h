/* concord-progress-bar.h: a thin bar of a fraction in a status colour.
 * Used by the plans editor and dashboard (KPIs) and the roadmap
 * (initiative progress). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  CONCORD_PROGRESS_NEUTRAL,    /* @accent_color */
  CONCORD_PROGRESS_ON_TRACK,   /* @success_color */
  CONCORD_PROGRESS_AT_RISK,    /* @warning_color */
  CONCORD_PROGRESS_OFF_TRACK,  /* @error_color */
} ConcordProgressStatus;

#define CONCORD_TYPE_PROGRESS_STATUS (concord_progress_status_get_type ())
GType concord_progress_status_get_type (void);

#define CONCORD_TYPE_PROGRESS_BAR (concord_progress_bar_get_type ())

G_DECLARE_FINAL_TYPE (ConcordProgressBar, concord_progress_bar, CONCORD, PROGRESS_BAR, GtkWidget)

GtkWidget             *concord_progress_bar_new          (void);
double                 concord_progress_bar_get_fraction (ConcordProgressBar    *self);
void                   concord_progress_bar_set_fraction (ConcordProgressBar    *self,
                                                          double                 fraction);
ConcordProgressStatus  concord_progress_bar_get_status   (ConcordProgressBar    *self);
void                   concord_progress_bar_set_status   (ConcordProgressBar    *self,
                                                          ConcordProgressStatus  status);
/* A tick where the bar should be by now (0..1), or < 0 for none. */
void                   concord_progress_bar_set_marker   (ConcordProgressBar    *self,
                                                          double                 marker);

G_END_DECLS
