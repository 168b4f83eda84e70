/* concord-json-reader.c
 *
 * json-glib's parser needs the whole text in memory and scans it slowly;
 * the guard (concord-json-guard.c) scans it once more before. yajl reads
 * the text in pieces as it arrives, without recursion, and this builds
 * the same tree from its callbacks, keeping the guard's refusals. What
 * the guard would say about a refused document is left to the guard.
 */
#define G_LOG_DOMAIN "concord-json-reader"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "concord-error.h"
#include "concord-json-reader.h"

typedef struct
{
  JsonNode *node;   /* an object or an array */
  char     *key;    /* its name in the object holding it, or NULL */
  gsize     start;  /* offset of its opening bracket */
  int       line;
  int       column;
} Open;

/* Up to this many members, a new name is compared with each before it
 * (a record has a dozen); past them, a table of the names keeps a large
 * object's check linear. */
#define FLAT_SCAN_MEMBERS 16

/* The object at the take depth being read while its members are single
 * values: no tree for it, only its members. */
typedef struct
{
  gboolean      active;
  char         *key;     /* its name in the object holding it, or NULL */
  int           line;
  int           column;
  const char   *name;    /* the member name waiting for its value */
  GArray       *members; /* ConcordJsonMember */
  GHashTable   *names;   /* of the members so far, past FLAT_SCAN_MEMBERS */
  guint32       hashes[FLAT_SCAN_MEMBERS]; /* of the first names */
  GStringChunk *strings; /* their names and texts */
} Flat;

struct _ConcordJsonReader
{
  yajl_handle            parser;
  guint                  max_depth;
  ConcordJsonObjectFunc  on_object;
  gpointer               user_data;
  GArray                *open;       /* Open */
  char                  *key;        /* the member name waiting for its value */
  JsonNode              *root;
  char                  *refusal;    /* why a callback stopped the parse */
  guint                  take_depth;
  ConcordJsonTakeFunc    take;
  gpointer               take_data;
  GError                *take_error; /* why the taker stopped the parse */
  Flat                   flat;

  /* Lines are counted up to @counted as the text goes by. */
  gsize                  chunk_start; /* offset of the piece being parsed */
  const char            *chunk;
  gsize                  counted;
  int                    line;
  gsize                  line_start;
  guint                  escape;      /* 0, or how far into "\ud8" we are */
};

static void
refuse (ConcordJsonReader *self,
        const char        *why)
{
  if (self->refusal == NULL)
    self->refusal = g_strdup (why);
}

/* Lines of the piece being parsed, counted up to offset @upto. */
static void
count_lines (ConcordJsonReader *self,
             gsize              upto)
{
  const char *p = self->chunk + (self->counted - self->chunk_start);
  const char *end = self->chunk + (upto - self->chunk_start);

  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      self->line++;
      p++;
      self->line_start = self->chunk_start + (p - self->chunk);
    }
  self->counted = MAX (self->counted, upto);
}

/* Where the byte just consumed by yajl is: line and column. */
static void
position_of_last_byte (ConcordJsonReader *self,
                       gsize             *offset,
                       int               *line,
                       int               *column)
{
  gsize end = self->chunk_start + yajl_get_bytes_consumed (self->parser);
  gsize at = end > 0 ? end - 1 : 0;

  count_lines (self, at);

  *offset = at;
  *line = self->line;
  *column = (int) (at - self->line_start) + 1;
}

static gboolean
add (ConcordJsonReader *self,
     JsonNode          *node)
{
  Open *parent;

  if (self->open->len == 0)
    {
      self->root = node;
      return TRUE;
    }

  parent = &g_array_index (self->open, Open, self->open->len - 1);
  if (JSON_NODE_HOLDS_ARRAY (parent->node))
    {
      json_array_add_element (json_node_get_array (parent->node), node);
      return TRUE;
    }

  g_assert (self->key != NULL);
  json_object_set_member (json_node_get_object (parent->node), self->key, node);
  g_clear_pointer (&self->key, g_free);

  return TRUE;
}

static int
add_flat (ConcordJsonReader *self,
          ConcordJsonMember  member)
{
  member.name = self->flat.name;
  g_array_append_val (self->flat.members, member);
  self->flat.name = NULL;

  return 1;
}

static JsonNode *
member_node (const ConcordJsonMember *member)
{
  switch (member->kind)
    {
    case CONCORD_JSON_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), member->boolean);
    case CONCORD_JSON_INT:
      return json_node_init_int (json_node_alloc (), member->integer);
    case CONCORD_JSON_DOUBLE:
      return json_node_init_double (json_node_alloc (), member->number);
    case CONCORD_JSON_STRING:
      return json_node_init_string (json_node_alloc (), member->string);
    case CONCORD_JSON_NULL:
    case CONCORD_JSON_OBJECT:
    case CONCORD_JSON_ARRAY:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/* The flat object becomes a node of the tree, added where it was read. */
static JsonNode *
flat_to_tree (ConcordJsonReader *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  for (guint i = 0; i < self->flat.members->len; i++)
    {
      ConcordJsonMember *member = &g_array_index (self->flat.members, ConcordJsonMember, i);

      json_object_set_member (object, member->name, member_node (member));
    }

  node = json_node_init_object (json_node_alloc (), object);
  g_free (self->key);
  self->key = g_steal_pointer (&self->flat.key);
  add (self, node);
  self->flat.active = FALSE;

  return node;
}

static int
on_null (void *ctx)
{
  ConcordJsonReader *self = ctx;

  if (self->flat.active)
    return add_flat (self, (ConcordJsonMember) { .kind = CONCORD_JSON_NULL });

  return add (ctx, json_node_new (JSON_NODE_NULL));
}

static int
on_boolean (void *ctx,
            int   value)
{
  ConcordJsonReader *self = ctx;

  if (self->flat.active)
    return add_flat (self, (ConcordJsonMember) { .kind = CONCORD_JSON_BOOLEAN, .boolean = value != 0 });

  return add (ctx, json_node_init_boolean (json_node_alloc (), value != 0));
}

/* As json-glib reads numbers: a fraction or exponent makes a double. */
static int
on_number (void       *ctx,
           const char *text,
           size_t      length)
{
  ConcordJsonReader *self = ctx;
  char buffer[64];
  g_autofree char *longer = NULL;
  const char *number = buffer;

  if (length < sizeof buffer)
    {
      memcpy (buffer, text, length);
      buffer[length] = '\0';
    }
  else
    number = longer = g_strndup (text, length);

  if (strpbrk (number, ".eE") == NULL)
    {
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (number, NULL, 10);
      if (errno == ERANGE)
        {
          refuse (self, "a whole number does not fit in 64 bits");
          return 0;
        }
      if (self->flat.active)
        return add_flat (self, (ConcordJsonMember) { .kind = CONCORD_JSON_INT, .integer = value });
      return add (self, json_node_init_int (json_node_alloc (), value));
    }
  else
    {
      double value = g_ascii_strtod (number, NULL);

      if (!isfinite (value))
        {
          refuse (self, "a number is too large to store");
          return 0;
        }
      if (self->flat.active)
        return add_flat (self, (ConcordJsonMember) { .kind = CONCORD_JSON_DOUBLE, .number = value });
      return add (self, json_node_init_double (json_node_alloc (), value));
    }
}

/* Whether @text is UTF-8 with no NUL, as g_utf8_validate() says. Most
 * names and texts are plain ASCII, checked here a byte at a time; the
 * rest from the first other byte on goes to GLib. */
static gboolean
text_is_utf8 (const unsigned char *text,
              size_t               length)
{
  for (size_t i = 0; i < length; i++)
    if (text[i] == 0 || text[i] >= 0x80)
      return g_utf8_validate ((const char *) text + i, (gssize) (length - i), NULL);

  return TRUE;
}

static int
on_string (void                *ctx,
           const unsigned char *text,
           size_t               length)
{
  ConcordJsonReader *self = ctx;
  JsonNode *node;
  g_autofree char *value = NULL;

  /* yajl lets some byte sequences through that are not UTF-8. */
  if (!text_is_utf8 (text, length))
    {
      refuse (ctx, "a text is not UTF-8");
      return 0;
    }

  if (self->flat.active)
    return add_flat (self, (ConcordJsonMember) {
                       .kind = CONCORD_JSON_STRING,
                       .string = g_string_chunk_insert_len (self->flat.strings, (const char *) text, length) });

  value = g_strndup ((const char *) text, length);
  node = json_node_init_string (json_node_alloc (), value);

  return add (ctx, node);
}

/* A list or an object inside the flat object: from here on it is read
 * into the tree, as any other. */
static void
leave_flat (ConcordJsonReader *self)
{
  Open open = { NULL, NULL, 0, self->flat.line, self->flat.column };

  open.key = g_strdup (self->flat.key);
  open.node = flat_to_tree (self);
  g_array_append_val (self->open, open);
  g_free (self->key);
  self->key = g_strdup (self->flat.name);
  self->flat.name = NULL;
}

static int
open_container (ConcordJsonReader *self,
                JsonNode          *node)
{
  Open open = { node, NULL, 0, 0, 0 };

  if (self->flat.active)
    leave_flat (self);

  if (self->open->len + 1 > self->max_depth)
    {
      json_node_unref (node);
      refuse (self, "the document nests too deep");
      return 0;
    }

  position_of_last_byte (self, &open.start, &open.line, &open.column);
  open.key = g_strdup (self->key);
  /* The parent takes the node now; the array keeps what is added later. */
  if (!add (self, node))
    return 0;
  g_array_append_val (self->open, open);

  return 1;
}

/* An object at the take depth is read flat until it proves not to be. */
static int
open_flat (ConcordJsonReader *self)
{
  gsize start;

  if (self->open->len + 1 > self->max_depth)
    {
      refuse (self, "the document nests too deep");
      return 0;
    }

  position_of_last_byte (self, &start, &self->flat.line, &self->flat.column);
  self->flat.active = TRUE;
  self->flat.key = g_steal_pointer (&self->key);
  self->flat.name = NULL;
  g_array_set_size (self->flat.members, 0);
  g_hash_table_remove_all (self->flat.names);
  g_string_chunk_clear (self->flat.strings);

  return 1;
}

/* The node holds its own reference to what it contains. */
static int
on_start_map (void *ctx)
{
  ConcordJsonReader *self = ctx;
  g_autoptr(JsonObject) object = NULL;

  if (self->take != NULL && !self->flat.active && self->open->len + 1 == self->take_depth)
    return open_flat (self);

  object = json_object_new ();

  return open_container (ctx, json_node_init_object (json_node_alloc (), object));
}

static int
on_start_array (void *ctx)
{
  g_autoptr(JsonArray) array = json_array_new ();

  return open_container (ctx, json_node_init_array (json_node_alloc (), array));
}

/* FNV-1a: names are compared by it first, and by their text only when
 * it is the same. */
static guint32
name_hash (const unsigned char *text,
           size_t               length)
{
  guint32 hash = 2166136261u;

  for (size_t i = 0; i < length; i++)
    hash = (hash ^ text[i]) * 16777619u;

  return hash;
}

static gboolean
flat_name_is_new (ConcordJsonReader *self,
                  const char        *name,
                  guint32            hash)
{
  GArray *members = self->flat.members;

  if (members->len < FLAT_SCAN_MEMBERS)
    {
      for (guint i = 0; i < members->len; i++)
        if (self->flat.hashes[i] == hash &&
            strcmp (g_array_index (members, ConcordJsonMember, i).name, name) == 0)
          return FALSE;
      /* The member this name waits for goes in at this place. */
      self->flat.hashes[members->len] = hash;
      return TRUE;
    }

  if (g_hash_table_size (self->flat.names) == 0)
    for (guint i = 0; i < members->len; i++)
      g_hash_table_add (self->flat.names, (gpointer) g_array_index (members, ConcordJsonMember, i).name);

  return g_hash_table_add (self->flat.names, (gpointer) name);
}

static int
on_map_key (void                *ctx,
            const unsigned char *text,
            size_t               length)
{
  ConcordJsonReader *self = ctx;
  Open *open = &g_array_index (self->open, Open, self->open->len - 1);

  if (!text_is_utf8 (text, length))
    {
      refuse (self, "a member name is not UTF-8");
      return 0;
    }

  if (self->flat.active)
    {
      self->flat.name = g_string_chunk_insert_len (self->flat.strings, (const char *) text, length);
      if (!flat_name_is_new (self, self->flat.name, name_hash (text, length)))
        {
          refuse (self, "a member appears twice in one object");
          return 0;
        }
      return 1;
    }

  g_free (self->key);
  self->key = g_strndup ((const char *) text, length);
  if (json_object_has_member (json_node_get_object (open->node), self->key))
    {
      refuse (self, "a member appears twice in one object");
      return 0;
    }

  return 1;
}

/* Hands the flat object just closed to the taker; FALSE stops the
 * parse. What it leaves goes into the tree. */
static gboolean
offer (ConcordJsonReader *self)
{
  guint depth = self->open->len;
  g_autofree const char **path = g_new0 (const char *, depth + 1);
  gboolean taken = FALSE;
  JsonNode *node;

  for (guint i = 1; i < depth; i++)
    path[i - 1] = g_array_index (self->open, Open, i).key;
  path[depth - 1] = self->flat.key;

  if (!self->take (path, (const ConcordJsonMember *) (gpointer) self->flat.members->data, self->flat.members->len,
                   self->flat.line, self->flat.column, &taken, self->take_data, &self->take_error))
    return FALSE;
  if (taken)
    {
      g_clear_pointer (&self->flat.key, g_free);
      self->flat.active = FALSE;
      return TRUE;
    }

  node = flat_to_tree (self);
  if (self->on_object != NULL)
    self->on_object (json_node_get_object (node), self->flat.line, self->flat.column, self->user_data);

  return TRUE;
}

static int
close_container (void *ctx)
{
  ConcordJsonReader *self = ctx;
  Open open;

  if (self->flat.active)
    return offer (self);

  open = g_array_index (self->open, Open, self->open->len - 1);
  g_array_set_size (self->open, self->open->len - 1);
  if (self->on_object != NULL && JSON_NODE_HOLDS_OBJECT (open.node))
    self->on_object (json_node_get_object (open.node), open.line, open.column, self->user_data);
  g_free (open.key);

  return 1;
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = close_container,
  .yajl_start_array = on_start_array,
  .yajl_end_array = close_container,
};

ConcordJsonReader *
concord_json_reader_new (guint                 max_depth,
                         ConcordJsonObjectFunc on_object,
                         gpointer              user_data)
{
  ConcordJsonReader *self = g_new0 (ConcordJsonReader, 1);

  self->max_depth = max_depth;
  self->on_object = on_object;
  self->user_data = user_data;
  self->open = g_array_new (FALSE, FALSE, sizeof (Open));
  self->line = 1;
  self->flat.members = g_array_new (FALSE, FALSE, sizeof (ConcordJsonMember));
  self->flat.names = g_hash_table_new (g_str_hash, g_str_equal);
  self->flat.strings = g_string_chunk_new (4096);
  self->parser = yajl_alloc (&callbacks, NULL, self);

  return self;
}

/**
 * concord_json_reader_set_take:
 * @depth: of the objects to offer, 2 or more
 *
 * Lets a caller take objects out of the tree as they are read, so a
 * long document is never whole in memory; see #ConcordJsonTakeFunc.
 */
void
concord_json_reader_set_take (ConcordJsonReader   *self,
                              guint                depth,
                              ConcordJsonTakeFunc  take,
                              gpointer             user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (depth > 1);

  self->take_depth = depth;
  self->take = take;
  self->take_data = user_data;
}

void
concord_json_reader_free (ConcordJsonReader *self)
{
  if (self == NULL)
    return;

  yajl_free (self->parser);
  for (guint i = 0; i < self->open->len; i++)
    g_free (g_array_index (self->open, Open, i).key);
  g_array_unref (self->open);
  g_clear_error (&self->take_error);
  g_free (self->key);
  g_free (self->flat.key);
  g_array_unref (self->flat.members);
  g_hash_table_unref (self->flat.names);
  g_string_chunk_free (self->flat.strings);
  g_free (self->refusal);
  /* The first container holds everything opened after it. */
  g_clear_pointer (&self->root, json_node_unref);
  g_free (self);
}

static gboolean
parse_failed (ConcordJsonReader  *self,
              yajl_status         status,
              const char         *data,
              gsize               length,
              GError            **error)
{
  g_autofree char *message = NULL;

  if (status == yajl_status_ok)
    return FALSE;

  if (self->take_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->take_error));
      return TRUE;
    }

  if (self->refusal == NULL)
    {
      unsigned char *text = yajl_get_error (self->parser, 0, (const unsigned char *) data, length);

      message = g_strchomp (g_strdup ((const char *) text));
      yajl_free_error (self->parser, text);
    }

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE, "%s",
               self->refusal != NULL ? self->refusal : message);

  return TRUE;
}

/* "\uD800" to "\uDFFF" are halves of a character, which the guard checks
 * in pairs; yajl would let a lone half through. Refused here, checked
 * there. */
static gboolean
has_surrogate_escape (ConcordJsonReader *self,
                      const char        *data,
                      gsize              length)
{
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      if (self->escape == 0)
        {
          p = memchr (p, '\\', end - p);
          if (p == NULL)
            return FALSE;
          self->escape = 1;
          p++;
          continue;
        }

      switch (self->escape)
        {
        case 1:
          self->escape = *p == 'u' ? 2 : 0;
          break;
        case 2:
          self->escape = (*p == 'd' || *p == 'D') ? 3 : 0;
          break;
        default:
          if (strchr ("89abcdefABCDEF", *p) != NULL && *p != '\0')
            return TRUE;
          self->escape = 0;
          break;
        }
      p++;
    }

  return FALSE;
}

gboolean
concord_json_reader_feed (ConcordJsonReader  *self,
                          const char         *data,
                          gsize               length,
                          GError            **error)
{
  yajl_status status;

  g_return_val_if_fail (self != NULL, FALSE);

  if (has_surrogate_escape (self, data, length))
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_PARSE, "a text escapes half of a character");
      return FALSE;
    }

  self->chunk = data;
  status = yajl_parse (self->parser, (const unsigned char *) data, length);
  if (parse_failed (self, status, data, length, error))
    return FALSE;

  /* Count this piece's lines now; the next one starts after it. */
  count_lines (self, self->chunk_start + length);
  self->chunk_start += length;
  self->counted = self->chunk_start;
  self->chunk = NULL;

  return TRUE;
}

JsonNode *
concord_json_reader_finish (ConcordJsonReader  *self,
                            GError            **error)
{
  yajl_status status;

  g_return_val_if_fail (self != NULL, NULL);

  status = yajl_complete_parse (self->parser);
  if (parse_failed (self, status, NULL, 0, error))
    return NULL;
  if (self->root == NULL || self->open->len > 0 || self->flat.active)
    {
      g_set_error_literal (error, CONCORD_ERROR, CONCORD_ERROR_PARSE, "the document is empty");
      return NULL;
    }

  return g_steal_pointer (&self->root);
}
