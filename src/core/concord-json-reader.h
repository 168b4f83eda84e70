/* concord-json-reader.h: reading a JSON document in pieces (yajl) */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Told of each object once it is whole, with the line and column of its
 * opening brace (1-based, columns in bytes, as json-glib's parser says). */
typedef void (*ConcordJsonObjectFunc) (JsonObject *object,
                                       int         line,
                                       int         column,
                                       gpointer    user_data);

typedef struct _ConcordJsonReader ConcordJsonReader;

/* Builds the tree json-glib would, from text handed over in pieces, and
 * refuses what concord-json-guard.h refuses (nesting deeper than
 * @max_depth, numbers that are not finite, whole numbers beyond 64 bits,
 * a key twice in one object) and escapes of UTF-16 surrogates. Its
 * messages are short: a caller that must name the problem as the guard
 * does asks the guard, which sees the whole text. */
ConcordJsonReader *concord_json_reader_new    (guint                  max_depth,
                                               ConcordJsonObjectFunc  on_object,
                                               gpointer               user_data);
void               concord_json_reader_free   (ConcordJsonReader     *self);
gboolean           concord_json_reader_feed   (ConcordJsonReader     *self,
                                               const char            *data,
                                               gsize                  length,
                                               GError               **error);
/* The whole document, or NULL with @error set. */
JsonNode          *concord_json_reader_finish (ConcordJsonReader     *self,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordJsonReader, concord_json_reader_free)

G_END_DECLS
