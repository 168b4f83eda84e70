/* concord-long-work.h: the dialog that stands over long work in a thread */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A dialog over @parent titled @heading, saying @body, with a progress
 * bar and Cancel, which cancels the work's cancellable. It shows only
 * when the work takes longer than a moment, and goes with the work. */
typedef struct _ConcordLongWork ConcordLongWork;

ConcordLongWork *concord_long_work_new             (GtkWindow       *parent,
                                                    const char      *heading,
                                                    const char      *body);
GCancellable    *concord_long_work_get_cancellable (ConcordLongWork *work);
/* From any thread: how much of the work is done, 0 to 1; until it is
 * first set the bar pulses. */
void             concord_long_work_set_fraction    (ConcordLongWork *work,
                                                    double           fraction);
void             concord_long_work_free            (ConcordLongWork *work);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordLongWork, concord_long_work_free)

G_END_DECLS
