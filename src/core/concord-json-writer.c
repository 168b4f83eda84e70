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

struct _ConcordJsonName
{
  char  *name;
  char  *text;   /* "name" : , escaped */
  gsize  length;
};

static char *write_escaped (char       *out,
                            const char *text,
                            gsize       length);

/**
 * concord_json_name_new:
 *
 * A member name escaped once, for a name written many times over (the
 * columns of every record of a table).
 */
ConcordJsonName *
concord_json_name_new (const char *name)
{
  ConcordJsonName *self;
  gsize length;
  char *out;

  g_return_val_if_fail (name != NULL, NULL);

  length = strlen (name);
  self = g_new0 (ConcordJsonName, 1);
  self->name = g_strdup (name);
  self->text = g_malloc (length * 6 + 5);
  out = self->text;
  *out++ = '"';
  out = write_escaped (out, name, length);
  memcpy (out, "\" : ", 4);
  self->length = out + 4 - self->text;

  return self;
}

void
concord_json_name_free (ConcordJsonName *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->text);
  g_free (self);
}

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

/* As json-glib escapes: quote and backslash, the control characters
 * below 0x1f and 0x7f; 0x1f itself and everything else as it is. */
static const guint8 escaped[256] = {
  ['\0'] = 1, [0x01 ... 0x1e] = 1, ['"'] = 1, ['\\'] = 1, [0x7f] = 1,
};

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether any of the eight bytes in @word is one to escape (or the end
 * of the text): below 0x1f, a quote, a backslash or 0x7f. Each test is
 * exact for "any", which is all that is asked. */
static inline gboolean
word_needs_care (guint64 word)
{
  guint64 quote = word ^ (ONES * '"');
  guint64 backslash = word ^ (ONES * '\\');
  guint64 del = word ^ (ONES * 0x7f);
  guint64 found = (word - ONES * 0x1f) & ~word;

  found |= (quote - ONES) & ~quote;
  found |= (backslash - ONES) & ~backslash;
  found |= (del - ONES) & ~del;

  return (found & HIGHS) != 0;
}

/* Writes @text, up to @length bytes or its first NUL, escaped, at @out,
 * which has room for six bytes per byte of it; returns the end. */
static char *
write_escaped (char       *out,
               const char *text,
               gsize       length)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;

  while (p < end)
    {
      guint64 word;

      /* Text rarely holds anything to escape: eight bytes at a time. */
      if (end - p >= 8)
        {
          memcpy (&word, p, sizeof word);
          if (!word_needs_care (word))
            {
              memcpy (out, &word, sizeof word);
              out += 8;
              p += 8;
              continue;
            }
        }

      if (!escaped[*p])
        {
          *out++ = (char) *p++;
          continue;
        }

      switch (*p)
        {
        case '\0':
          return out;
        case '\\':
          memcpy (out, "\\\\", 2);
          out += 2;
          break;
        case '"':
          memcpy (out, "\\\"", 2);
          out += 2;
          break;
        case '\b':
          memcpy (out, "\\b", 2);
          out += 2;
          break;
        case '\f':
          memcpy (out, "\\f", 2);
          out += 2;
          break;
        case '\n':
          memcpy (out, "\\n", 2);
          out += 2;
          break;
        case '\r':
          memcpy (out, "\\r", 2);
          out += 2;
          break;
        case '\t':
          memcpy (out, "\\t", 2);
          out += 2;
          break;
        default:
          {
            static const char hex[] = "0123456789abcdef";

            memcpy (out, "\\u00", 4);
            out[4] = hex[*p >> 4];
            out[5] = hex[*p & 0xf];
            out += 6;
          }
          break;
        }
      p++;
    }

  return out;
}

/* Text longer than this is escaped a piece at a time, so the buffer
 * never needs six times a long note. */
#define ESCAPE_PIECE 4096

/* @text in quotes, escaped; @length as strlen() would say, or more (the
 * text ends at its first NUL either way). */
static void
append_quoted (ConcordJsonWriter *self,
               const char        *text,
               gsize              length)
{
  char *out = reserve (self, MIN (length, ESCAPE_PIECE) * 6 + 2);

  *out++ = '"';
  while (length > ESCAPE_PIECE)
    {
      const char *nul = memchr (text, '\0', ESCAPE_PIECE);

      if (nul != NULL)
        {
          length = nul - text;
          break;
        }
      out = write_escaped (out, text, ESCAPE_PIECE);
      self->length = out - self->buffer;
      text += ESCAPE_PIECE;
      length -= ESCAPE_PIECE;
      out = reserve (self, MIN (length, ESCAPE_PIECE) * 6 + 2);
    }
  out = write_escaped (out, text, length);
  *out++ = '"';
  self->length = out - self->buffer;
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
 * the indent and the name, written in one reservation: an export writes
 * tens of millions of them. */
static void
begin_value (ConcordJsonWriter     *self,
             const char            *name,
             const ConcordJsonName *rendered)
{
  guint depth = self->open->len;

  if (rendered != NULL)
    name = rendered->name;

  if (self->builder != NULL)
    {
      if (name != NULL)
        json_builder_set_member_name (self->builder, name);
      return;
    }

  g_assert (rendered != NULL || (name != NULL) == (depth > 0));

  if (rendered != NULL)
    {
      gboolean *has_members = &g_array_index (self->open, gboolean, depth - 1);
      char *out = reserve (self, 2 + (gsize) depth * 2 + rendered->length);

      if (*has_members)
        *out++ = ',';
      *out++ = '\n';
      *has_members = TRUE;
      memset (out, ' ', (gsize) depth * 2);
      out += (gsize) depth * 2;
      memcpy (out, rendered->text, rendered->length);
      self->length = out + rendered->length - self->buffer;
    }
  else if (depth > 0)
    {
      gboolean *has_members = &g_array_index (self->open, gboolean, depth - 1);
      gsize name_length = strlen (name);
      char *out;

      /* A name longer than any column's, table's or uuid's goes in
       * pieces, as a long value does. */
      if (G_UNLIKELY (name_length > ESCAPE_PIECE))
        {
          out = reserve (self, 2 + (gsize) depth * 2);
          if (*has_members)
            *out++ = ',';
          *out++ = '\n';
          *has_members = TRUE;
          memset (out, ' ', (gsize) depth * 2);
          self->length = out + (gsize) depth * 2 - self->buffer;
          append_quoted (self, name, name_length);
          append_literal (self, " : ");
          return;
        }

      /* ",\n", the indent, the quoted name at six bytes a byte, " : ". */
      out = reserve (self, 2 + (gsize) depth * 2 + 2 + name_length * 6 + 3);
      if (*has_members)
        *out++ = ',';
      *out++ = '\n';
      *has_members = TRUE;
      memset (out, ' ', (gsize) depth * 2);
      out += (gsize) depth * 2;
      *out++ = '"';
      out = write_escaped (out, name, name_length);
      memcpy (out, "\" : ", 4);
      out += 4;
      self->length = out - self->buffer;
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

  begin_value (self, name, NULL);
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
  char *out;

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

  out = reserve (self, 2 + (gsize) self->open->len * 2);
  if (has_members)
    *out++ = '\n';
  memset (out, ' ', (gsize) self->open->len * 2);
  out += (gsize) self->open->len * 2;
  *out++ = '}';
  self->length = out - self->buffer;
  end_value (self);
}

static void add_null (ConcordJsonWriter     *self,
                      const char            *name,
                      const ConcordJsonName *rendered);

static void
add_string (ConcordJsonWriter     *self,
            const char            *name,
            const ConcordJsonName *rendered,
            const char            *value,
            gsize                  length)
{
  g_return_if_fail (self != NULL);

  if (value == NULL)
    {
      add_null (self, name, rendered);
      return;
    }

  if (stopped (self))
    return;

  begin_value (self, name, rendered);
  if (self->builder != NULL)
    {
      json_builder_add_string_value (self->builder, value);
      return;
    }

  append_quoted (self, value, length);
  end_value (self);
}

static void
add_int (ConcordJsonWriter     *self,
         const char            *name,
         const ConcordJsonName *rendered,
         gint64                 value)
{
  g_return_if_fail (self != NULL);

  if (stopped (self))
    return;

  begin_value (self, name, rendered);
  if (self->builder != NULL)
    {
      json_builder_add_int_value (self->builder, value);
      return;
    }

  append_int (self, value);
  end_value (self);
}

static void
add_double (ConcordJsonWriter     *self,
            const char            *name,
            const ConcordJsonName *rendered,
            double                 value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (self != NULL);

  if (stopped (self))
    return;

  begin_value (self, name, rendered);
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

  begin_value (self, name, NULL);
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

static void
add_null (ConcordJsonWriter     *self,
          const char            *name,
          const ConcordJsonName *rendered)
{
  g_return_if_fail (self != NULL);

  if (stopped (self))
    return;

  begin_value (self, name, rendered);
  if (self->builder != NULL)
    {
      json_builder_add_null_value (self->builder);
      return;
    }

  append_literal (self, "null");
  end_value (self);
}

void
concord_json_writer_add_string (ConcordJsonWriter *self,
                                const char        *name,
                                const char        *value)
{
  add_string (self, name, NULL, value, value != NULL ? strlen (value) : 0);
}

void
concord_json_writer_add_string_len (ConcordJsonWriter *self,
                                    const char        *name,
                                    const char        *value,
                                    gsize              length)
{
  add_string (self, name, NULL, value, length);
}

void
concord_json_writer_add_int (ConcordJsonWriter *self,
                             const char        *name,
                             gint64             value)
{
  add_int (self, name, NULL, value);
}

void
concord_json_writer_add_double (ConcordJsonWriter *self,
                                const char        *name,
                                double             value)
{
  add_double (self, name, NULL, value);
}

void
concord_json_writer_add_null (ConcordJsonWriter *self,
                              const char        *name)
{
  add_null (self, name, NULL);
}

void
concord_json_writer_add_named_string (ConcordJsonWriter     *self,
                                      const ConcordJsonName *name,
                                      const char            *value,
                                      gsize                  length)
{
  g_return_if_fail (name != NULL);

  add_string (self, NULL, name, value, length);
}

void
concord_json_writer_add_named_int (ConcordJsonWriter     *self,
                                   const ConcordJsonName *name,
                                   gint64                 value)
{
  g_return_if_fail (name != NULL);

  add_int (self, NULL, name, value);
}

void
concord_json_writer_add_named_double (ConcordJsonWriter     *self,
                                      const ConcordJsonName *name,
                                      double                 value)
{
  g_return_if_fail (name != NULL);

  add_double (self, NULL, name, value);
}

void
concord_json_writer_add_named_null (ConcordJsonWriter     *self,
                                    const ConcordJsonName *name)
{
  g_return_if_fail (name != NULL);

  add_null (self, NULL, name);
}

/* Whether the writer writes text (a tree needs its members told). */
gboolean
concord_json_writer_writes_text (ConcordJsonWriter *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->builder == NULL;
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
