/* concord-json-guard.h: refusing hostile JSON before a parser sees it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An exchange document nests four deep (document, tables, table, record);
 * this leaves room for the format to grow and stays far below what a
 * recursive parser's stack can take, in a worker thread too. */
#define CONCORD_JSON_MAX_DEPTH 16

gboolean concord_json_guard_check (const char  *data,
                                   gsize        length,
                                   const char  *source,
                                   guint        max_depth,
                                   GError     **error);

G_END_DECLS
