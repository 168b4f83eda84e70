/* concord-bench-team.h: the team server half of concord-bench */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int concord_bench_measure_team (const char *path);

G_END_DECLS
