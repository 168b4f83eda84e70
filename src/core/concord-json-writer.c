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
  GString              *buffer;
  GString              *target;  /* for_string: writes land here */
  JsonBuilder          *builder; /* for_builder: no text at all */
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

ConcordJsonWriter *
concord_json_writer_new (ConcordJsonWriteFunc write,
                         gpointer             user_data)
{
  ConcordJsonWriter *self;

  g_return_val_if_fail (write != NULL, NULL);

  self = writer_new ();
  self->write = write;
  self->user_data = user_data;
  self->buffer = g_string_sized_new (FLUSH_SIZE + 4096);

  return self;
}

ConcordJsonWriter *
concord_json_writer_new_for_string (GString *string)
{
  ConcordJsonWriter *self;

  g_return_val_if_fail (string != NULL, NULL);

  self = writer_new ();
  self->target = string;
  self->buffer = string;

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

void
concord_json_writer_free (ConcordJsonWriter *self)
{
  if (self == NULL)
    return;

  if (self->target == NULL && self->buffer != NULL)
    g_string_free (self->buffer, TRUE);
  g_clear_object (&self->builder);
  g_array_unref (self->open);
  g_clear_error (&self->error);
  g_free (self);
}

static void
flush (ConcordJsonWriter *self)
{
  g_assert (self->write != NULL);

  if (self->error == NULL && self->buffer->len > 0)
    self->write (self->buffer->str, self->buffer->len, self->user_data, &self->error);
  g_string_truncate (self->buffer, 0);
}

static gboolean
stopped (ConcordJsonWriter *self)
{
  return self->error != NULL;
}

static void
indent (ConcordJsonWriter *self,
        guint              level)
{
  for (guint i = 0; i < level * 2; i++)
    g_string_append_c (self->buffer, ' ');
}

/* As json-glib escapes: quote and backslash, the control characters
 * below 0x1f and 0x7f; 0x1f itself and everything else as it is. */
static void
append_escaped (GString    *buffer,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *run = p;

      while (*p != '\0' && *p != '\\' && *p != '"' && !((*p > 0 && *p < 0x1f) || *p == 0x7f))
        p++;
      if (p > run)
        g_string_append_len (buffer, run, p - run);
      if (*p == '\0')
        break;

      switch (*p)
        {
        case '\\':
        case '"':
          g_string_append_c (buffer, '\\');
          g_string_append_c (buffer, *p);
          break;
        case '\b':
          g_string_append (buffer, "\\b");
          break;
        case '\f':
          g_string_append (buffer, "\\f");
          break;
        case '\n':
          g_string_append (buffer, "\\n");
          break;
        case '\r':
          g_string_append (buffer, "\\r");
          break;
        case '\t':
          g_string_append (buffer, "\\t");
          break;
        default:
          g_string_append_printf (buffer, "\\u00%02x", (guint) *p);
          break;
        }
    }
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

      g_string_append (self->buffer, *has_members ? ",\n" : "\n");
      *has_members = TRUE;
      indent (self, depth);
      g_string_append_c (self->buffer, '"');
      append_escaped (self->buffer, name);
      g_string_append (self->buffer, "\" : ");
    }
}

static void
end_value (ConcordJsonWriter *self)
{
  if (self->write != NULL && self->buffer->len >= FLUSH_SIZE)
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
    g_string_append_c (self->buffer, '{');
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
    g_string_append_c (self->buffer, '\n');
  indent (self, self->open->len);
  g_string_append_c (self->buffer, '}');
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

  g_string_append_c (self->buffer, '"');
  append_escaped (self->buffer, value);
  g_string_append_c (self->buffer, '"');
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

  g_string_append_printf (self->buffer, "%" G_GINT64_FORMAT, value);
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

  g_string_append (self->buffer, g_ascii_dtostr (text, sizeof text, value));
  /* A double stays a double when read back. */
  if (strchr (text, '.') == NULL)
    g_string_append (self->buffer, ".0");
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

  g_string_append (self->buffer, value ? "true" : "false");
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

  g_string_append (self->buffer, "null");
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
      g_string_append_c (self->buffer, '\n');
      if (self->write != NULL)
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
