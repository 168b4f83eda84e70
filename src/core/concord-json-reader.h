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

/* What a member of an object holds. The reader hands over only single
 * values; OBJECT and ARRAY are for callers that describe a tree's
 * members the same way. */
typedef enum
{
  CONCORD_JSON_NULL,
  CONCORD_JSON_BOOLEAN,
  CONCORD_JSON_INT,
  CONCORD_JSON_DOUBLE,
  CONCORD_JSON_STRING,
  CONCORD_JSON_OBJECT,
  CONCORD_JSON_ARRAY,
} ConcordJsonKind;

typedef struct
{
  const char      *name;
  ConcordJsonKind  kind;
  gboolean         boolean;
  gint64           integer;
  double           number;
  const char      *string;
} ConcordJsonMember;

/* Told of each object @depth levels below the root once it is whole,
 * when every member holds a single value (one holding a list or an
 * object stays in the tree), with the member names that lead to it
 * (@path[0] is a member of the root; NULL for a list's element) and its
 * members in the document's order, valid during the call. No tree is
 * built for such an object: setting *@taken keeps it out of the tree,
 * else it is added as json-glib would have. FALSE, with @error set,
 * stops the reading with that error. */
typedef gboolean (*ConcordJsonTakeFunc) (const char * const       *path,
                                         const ConcordJsonMember  *members,
                                         guint                     n_members,
                                         int                       line,
                                         int                       column,
                                         gboolean                 *taken,
                                         gpointer                  user_data,
                                         GError                  **error);

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
void               concord_json_reader_set_take (ConcordJsonReader   *self,
                                               guint                  depth,
                                               ConcordJsonTakeFunc    take,
                                               gpointer               user_data);
gboolean           concord_json_reader_feed   (ConcordJsonReader     *self,
                                               const char            *data,
                                               gsize                  length,
                                               GError               **error);
/* The whole document, or NULL with @error set. */
JsonNode          *concord_json_reader_finish (ConcordJsonReader     *self,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConcordJsonReader, concord_json_reader_free)

G_END_DECLS
