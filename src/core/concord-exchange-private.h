/* concord-exchange-private.h: what tests see of the export's sorting and the import's checks */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For tests: the most a table's records take in memory before they go
 * to a temporary file in sorted runs (0 for the default); returns the
 * previous. */
gsize   concord_exchange_set_run_bytes       (gsize bytes);
/* For tests: the bytes exports in this process have set aside in runs. */
guint64 concord_exchange_get_bytes_set_aside (void);
/* For tests: the keys (uuids, row ids) exports in this process have
 * compared to sort. */
guint64 concord_exchange_get_keys_compared   (void);

/* Whether @text is a uuid as g_uuid_string_is_valid() says; the import's
 * own check, for every record and reference. */
gboolean concord_exchange_uuid_is_valid     (const char *text);

G_END_DECLS
