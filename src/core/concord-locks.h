/* concord-locks.h: SQLite's file locks that no close() elsewhere drops */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void concord_locks_install (void);

G_END_DECLS
