/* concord-json-writer.c
 *
 * An export of a large workbook is hundreds of megabytes of text; built
 * as a tree first it took gigabytes. This writes each member as it comes,
 * in the exact layout of json_generator_to_data() with pretty printing
 * and an indent of two spaces (json-glib 1.6), so documents stay the
 * same bytes: a member starts on its own line at two spaces per level,
 * "name" : value, members are separated by a comma at the end of the
 * line, and an empty object is "{", the closing indent and "}".
 */
#define G_LOG_DOMAIN "concord-json-writer"

#include "config.h"

#include <string.h>

#include "concord-json-writer.h"

#define FLUSH_SIZE (64 * 1024)

struct _ConcordJsonWriter
{
  ConcordJsonWriteFunc  write;
  gpointer              user_data;
  GString              *target;  /* for_string: writes land here */
  JsonBuilder          *builder; /* for_builder: no text at all */
  /* The text not handed over yet. Appending to a GString costs a call
   * and a length check per piece; an export has tens of millions. */
  char                 *buffer;
  gsize                 length;
  gsize                 size;
  GArray               *open;    /* gboolean per open object: has members */
  GError               *error;
};

static ConcordJsonWriter *
writer_new (void)
{
  ConcordJsonWriter *self = g_new0 (ConcordJsonWriter, 1);

  self->open = g_array_new (FALSE, FALSE, sizeof (gboolean));

  return self;
}

static void
allocate_buffer (ConcordJsonWriter *self)
{
  self->size = FLUSH_SIZE + 4096;
  self->buffer = g_malloc (self->size);
}

ConcordJsonWriter *
concord_json_writer_new (ConcordJsonWriteFunc write,
                         gpointer             user_data)
{
  ConcordJsonWriter *self;

  g_return_val_if_fail (write != NULL, NULL);

  self = writer_new ();
  self->write = write;
  self->user_data = user_data;
  allocate_buffer (self);

  return self;
}

ConcordJsonWriter *
concord_json_writer_new_for_string (GString *string)
{
  ConcordJsonWriter *self;

  g_return_val_if_fail (string != NULL, NULL);

  self = writer_new ();
  self->target = string;
  allocate_buffer (self);

  return self;
}

ConcordJsonWriter *
concord_json_writer_new_for_builder (JsonBuilder *builder)
{
  ConcordJsonWriter *self;

  g_return_val_if_fail (JSON_IS_BUILDER (builder), NULL);

  self = writer_new ();
  self->builder = g_object_ref (builder);

  return self;
}

static void
flush (ConcordJsonWriter *self)
{
  if (self->length == 0)
    return;

  if (self->target != NULL)
    g_string_append_len (self->target, self->buffer, self->length);
  else if (self->error == NULL)
    self->write (self->buffer, self->length, self->user_data, &self->error);
  self->length = 0;
}

void
concord_json_writer_free (ConcordJsonWriter *self)
{
  if (self == NULL)
    return;

  /* What a string writer was told stays told, finished or not. */
  if (self->target != NULL)
    flush (self);
  g_free (self->buffer);
  g_clear_object (&self->builder);
  g_array_unref (self->open);
  g_clear_error (&self->error);
  g_free (self);
}

static gboolean
stopped (ConcordJsonWriter *self)
{
  return self->error != NULL;
}

/* Room for @more bytes at the end of the buffer. */
static inline char *
reserve (ConcordJsonWriter *self,
         gsize              more)
{
  if (G_UNLIKELY (self->length + more > self->size))
    {
      self->size = MAX (self->size * 2, self->length + more);
      self->buffer = g_realloc (self->buffer, self->size);
    }

  return self->buffer + self->length;
}

static inline void
append (ConcordJsonWriter *self,
        const char        *text,
        gsize              length)
{
  memcpy (reserve (self, length), text, length);
  self->length += length;
}

#define append_literal(self, text) append ((self), (text), sizeof (text) - 1)

static inline void
append_c (ConcordJsonWriter *self,
          char               c)
{
  *reserve (self, 1) = c;
  self->length++;
}

static void
indent (ConcordJsonWriter *self,
        guint              level)
{
  static const char spaces[] = "                                                                ";
  gsize wanted = (gsize) level * 2;

  while (wanted > 0)
    {
      gsize piece = MIN (wanted, sizeof spaces - 1);

      append (self, spaces, piece);
      wanted -= piece;
    }
}

/* As json-glib escapes: quote and backslash, the control characters
 * below 0x1f and 0x7f; 0x1f itself and everything else as it is. */
static const guint8 escaped[256] = {
  ['\0'] = 1, [0x01 ... 0x1e] = 1, ['"'] = 1, ['\\'] = 1, [0x7f] = 1,
};

static void
append_escaped (ConcordJsonWriter *self,
                const char        *text)
{
  const guchar *p = (const guchar *) text;

  for (;;)
    {
      const guchar *run = p;

      while (!escaped[*p])
        p++;
      if (p > run)
        append (self, (const char *) run, p - run);
      if (*p == '\0')
        break;

      switch (*p)
        {
        case '\\':
          append_literal (self, "\\\\");
          break;
        case '"':
          append_literal (self, "\\\"");
          break;
        case '\b':
          append_literal (self, "\\b");
          break;
        case '\f':
          append_literal (self, "\\f");
          break;
        case '\n':
          append_literal (self, "\\n");
          break;
        case '\r':
          append_literal (self, "\\r");
          break;
        case '\t':
          append_literal (self, "\\t");
          break;
        default:
          {
            static const char hex[] = "0123456789abcdef";
            char *out = reserve (self, 6);

            memcpy (out, "\\u00", 4);
            out[4] = hex[*p >> 4];
            out[5] = hex[*p & 0xf];
            self->length += 6;
          }
          break;
        }
      p++;
    }
}

/* In decimal, as printf would. */
static void
append_int (ConcordJsonWriter *self,
            gint64             value)
{
  char digits[24];
  char *end = digits + sizeof digits, *p = end;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      *--p = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    *--p = '-';

  append (self, p, end - p);
}

/* Everything before a value: the separator after the previous member,
 * the indent and the name. */
static void
begin_value (ConcordJsonWriter *self,
             const char        *name)
{
  guint depth = self->open->len;

  if (self->builder != NULL)
    {
      if (name != NULL)
        json_builder_set_member_name (self->builder, name);
      return;
    }

  g_assert ((name != NULL) == (depth > 0));

  if (depth > 0)
    {
      gboolean *has_members = &g_array_index (self->open, gboolean, depth - 1);

      if (*has_members)
        append_literal (self, ",\n");
      else
        append_c (self, '\n');
      *has_members = TRUE;
      indent (self, depth);
      append_c (self, '"');
      append_escaped (self, name);
      append_literal (self, "\" : ");
    }
}

static void
end_value (ConcordJsonWriter *self)
{
  if (self->length >= FLUSH_SIZE)
    flush (self);
}

void
concord_json_writer_begin_object (ConcordJsonWriter *self,
                                  const char        *name)
{
  gboolean has_members = FALSE;

  g_return_if_fail (self != NULL);

  if (stopped (self))
    return;

  begin_value (self, name);
  if (self->builder != NULL)
    json_builder_begin_object (self->builder);
  else
    append_c (self, '{');
  g_array_append_val (self->open, has_members);
}

void
concord_json_writer_end_object (ConcordJsonWriter *self)
{
  gboolean has_members;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->open->len > 0);

  if (stopped (self))
    return;

  has_members = g_array_index (self->open, gboolean, self->open->len - 1);
  g_array_set_size (self->open, self->open->len - 1);

  if (self->builder != NULL)
    {
      json_builder_end_object (self->builder);
      return;
    }

  if (has_members)
    append_c (self, '\n');
  indent (self, self->open->len);
  append_c (self, '}');
  end_value (self);
}

void
concord_json_writer_add_string (ConcordJsonWriter *self,
                                const char        *name,
                                const char        *value)
{
  g_return_if_fail (self != NULL);

  if (value == NULL)
    {
      concord_json_writer_add_null (self, name);
      return;
    }

  if (stopped (self))
    return;

  begin_value (self, name);
  if (self->builder != NULL)
    {
      json_builder_add_string_value (self->builder, value);
      return;
    }

  append_c (self, '"');
  append_escaped (self, value);
  append_c (self, '"');
  end_value (self);
}

void
concord_json_writer_add_int (ConcordJsonWriter *self,
                             const char        *name,
                             gint64             value)
{
  g_return_if_fail (self != NULL);

  if (stopped (self))
    return;

  begin_value (self, name);
  if (self->builder != NULL)
    {
      json_builder_add_int_value (self->builder, value);
      return;
    }

  append_int (self, value);
  end_value (self);
}

void
concord_json_writer_add_double (ConcordJsonWriter *self,
                                const char        *name,
                                double             value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (self != NULL);

  if (stopped (self))
    return;

  begin_value (self, name);
  if (self->builder != NULL)
    {
      json_builder_add_double_value (self->builder, value);
      return;
    }

  g_ascii_dtostr (text, sizeof text, value);
  append (self, text, strlen (text));
  /* A double stays a double when read back. */
  if (strchr (text, '.') == NULL)
    append_literal (self, ".0");
  end_value (self);
}

void
concord_json_writer_add_boolean (ConcordJsonWriter *self,
                                 const char        *name,
                                 gboolean           value)
{
  g_return_if_fail (self != NULL);

  if (stopped (self))
    return;

  begin_value (self, name);
  if (self->builder != NULL)
    {
      json_builder_add_boolean_value (self->builder, value);
      return;
    }

  if (value)
    append_literal (self, "true");
  else
    append_literal (self, "false");
  end_value (self);
}

void
concord_json_writer_add_null (ConcordJsonWriter *self,
                              const char        *name)
{
  g_return_if_fail (self != NULL);

  if (stopped (self))
    return;

  begin_value (self, name);
  if (self->builder != NULL)
    {
      json_builder_add_null_value (self->builder);
      return;
    }

  append_literal (self, "null");
  end_value (self);
}

gboolean
concord_json_writer_finish (ConcordJsonWriter  *self,
                            GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->open->len == 0 || self->error != NULL, FALSE);

  if (self->builder == NULL && self->error == NULL)
    {
      append_c (self, '\n');
      flush (self);
    }

  if (self->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return FALSE;
    }

  return TRUE;
}
