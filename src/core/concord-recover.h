/* concord-recover.h: the records of a refused workbook, in a clean one */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean concord_recover (const char  *source,
                          const char  *target,
                          guint       *n_records,
                          gboolean    *complete,
                          GStrv       *dropped,
                          GError     **error);

G_END_DECLS
