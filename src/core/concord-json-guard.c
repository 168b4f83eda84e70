/* concord-json-guard.c
 *
 * json-glib builds its tree by recursion, so a small document of many
 * nested lists overflows the stack; it also turns 1e999 into infinity and
 * 2^64 into -1, and lets the last of two equal keys win without a word.
 * This scanner walks the text once, without recursion, and refuses all of
 * those (and anything that is not strict JSON) with the file, line,
 * column and JSON path of the value, before the parser is given the
 * bytes.
 */
#define G_LOG_DOMAIN "concord-json-guard"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "concord-error.h"
#include "concord-json-guard.h"

typedef struct
{
  gboolean    is_object;
  guint       index;   /* the list item being read */
  char       *key;     /* the object member being read, or NULL */
  GHashTable *keys;    /* the members seen so far */
} Frame;

typedef enum
{
  EXPECT_VALUE,        /* a value, at the top or after ':' or ',' in a list */
  EXPECT_FIRST_VALUE,  /* a value or ']' just after '[' */
  EXPECT_KEY,          /* a member name after ',' in an object */
  EXPECT_FIRST_KEY,    /* a member name or '}' just after '{' */
  EXPECT_COLON,
  EXPECT_NEXT,         /* ',' or the closing bracket */
  EXPECT_END,          /* only white space after the document */
} Expect;

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  guint       line;
  gsize       line_start;
  const char *source;
  GArray     *stack;   /* Frame */
} Guard;

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_free (frame->key);
  g_clear_pointer (&frame->keys, g_hash_table_unref);
}

static gboolean
is_identifier (const char *key)
{
  if (!g_ascii_isalpha (key[0]) && key[0] != '_')
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* "$.tables.accounts["…"].name", the path of the value being read. */
static char *
current_path (Guard *self)
{
  GString *path = g_string_new ("$");

  for (guint i = 0; i < self->stack->len; i++)
    {
      Frame *frame = &g_array_index (self->stack, Frame, i);

      if (!frame->is_object)
        g_string_append_printf (path, "[%u]", frame->index);
      else if (frame->key == NULL)
        ;
      else if (is_identifier (frame->key))
        g_string_append_printf (path, ".%s", frame->key);
      else
        {
          g_string_append (path, "[\"");
          for (const char *p = frame->key; *p != '\0'; p++)
            {
              if (*p == '"' || *p == '\\')
                g_string_append_c (path, '\\');
              if ((guchar) *p < 0x20)
                g_string_append_printf (path, "\\u%04x", (guchar) *p);
              else
                g_string_append_c (path, *p);
            }
          g_string_append (path, "\"]");
        }
    }

  return g_string_free (path, FALSE);
}

/* Columns count characters, as an editor shows them. */
static guint
column_at (Guard *self,
           gsize  pos)
{
  guint column = 1;

  for (gsize i = self->line_start; i < pos && i < self->length; i++)
    if (((guchar) self->data[i] & 0xC0) != 0x80)
      column++;

  return column;
}

G_GNUC_PRINTF (4, 5)
static gboolean
refuse (Guard       *self,
        gsize        pos,
        GError     **error,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  g_autofree char *path = current_path (self);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE, "%s:%u:%u: %s (at %s)",
               self->source, self->line, column_at (self, pos), message, path);

  return FALSE;
}

static gboolean
read_hex4 (Guard    *self,
           gunichar *out)
{
  gunichar value = 0;

  if (self->length - self->pos < 4)
    return FALSE;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (self->data[self->pos + i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }

  self->pos += 4;
  *out = value;
  return TRUE;
}

/* Reads a string from the opening quote; decodes it into @decoded when
 * given (member names, to compare them as the parser will). */
static gboolean
read_string (Guard    *self,
             GString  *decoded,
             GError  **error)
{
  gsize start = self->pos;

  self->pos++;
  while (self->pos < self->length)
    {
      guchar c = (guchar) self->data[self->pos];

      if (c == '"')
        {
          self->pos++;
          return TRUE;
        }

      if (c < 0x20)
        return refuse (self, self->pos, error, _("a line break or control character inside text must be escaped"));

      if (c != '\\')
        {
          if (decoded != NULL)
            g_string_append_c (decoded, (char) c);
          self->pos++;
          continue;
        }

      self->pos++;
      if (self->pos >= self->length)
        break;

      c = (guchar) self->data[self->pos++];
      switch (c)
        {
        case '"': case '\\': case '/':
          break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u':
          {
            gunichar unit, low;

            if (!read_hex4 (self, &unit))
              return refuse (self, self->pos, error, _("“\\u” must be followed by four hexadecimal digits"));

            if (unit >= 0xD800 && unit < 0xDC00)
              {
                if (self->length - self->pos < 2 || self->data[self->pos] != '\\' || self->data[self->pos + 1] != 'u')
                  return refuse (self, self->pos, error, _("a “\\u” escape names half of a character"));
                self->pos += 2;
                if (!read_hex4 (self, &low) || low < 0xDC00 || low >= 0xE000)
                  return refuse (self, self->pos, error, _("a “\\u” escape names half of a character"));
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (unit >= 0xDC00 && unit < 0xE000)
              return refuse (self, self->pos, error, _("a “\\u” escape names half of a character"));

            if (decoded != NULL)
              g_string_append_unichar (decoded, unit);
            continue;
          }
        default:
          return refuse (self, self->pos - 1, error, _("“\\%c” is not an escape JSON knows"), c);
        }

      if (decoded != NULL)
        g_string_append_c (decoded, (char) c);
    }

  return refuse (self, start, error, _("the text has no closing quote"));
}

static gboolean
read_number (Guard   *self,
             GError **error)
{
  gsize start = self->pos;
  gboolean whole = TRUE;
  g_autofree char *text = NULL;
  const char *p = self->data + self->pos;
  const char *end = self->data + self->length;

  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0')
    p++;
  else if (p < end && *p >= '1' && *p <= '9')
    while (p < end && g_ascii_isdigit (*p))
      p++;
  else
    return refuse (self, start, error, _("this is not a JSON value"));

  if (p < end && *p == '.')
    {
      whole = FALSE;
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return refuse (self, start, error, _("a number needs digits after its decimal point"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      whole = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return refuse (self, start, error, _("a number needs digits in its exponent"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  self->pos = p - self->data;
  text = g_strndup (self->data + start, self->pos - start);

  errno = 0;
  if (whole)
    {
      g_ascii_strtoll (text, NULL, 10);
      if (errno == ERANGE)
        return refuse (self, start, error,
                       _("the whole number %s does not fit in 64 bits"), text);
    }
  else if (!isfinite (g_ascii_strtod (text, NULL)))
    return refuse (self, start, error, _("the number %s is too large to store"), text);

  return TRUE;
}

static gboolean
read_literal (Guard   *self,
              GError **error)
{
  static const char *const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if (self->length - self->pos >= n && memcmp (self->data + self->pos, literals[i], n) == 0)
        {
          self->pos += n;
          return TRUE;
        }
    }

  return refuse (self, self->pos, error, _("this is not a JSON value"));
}

static Frame *
top (Guard *self)
{
  return self->stack->len > 0 ? &g_array_index (self->stack, Frame, self->stack->len - 1) : NULL;
}

static Expect
after_value (Guard *self)
{
  return self->stack->len > 0 ? EXPECT_NEXT : EXPECT_END;
}

gboolean
concord_json_guard_check (const char  *data,
                          gsize        length,
                          const char  *source,
                          guint        max_depth,
                          GError     **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  Guard guard = { data, length, 0, 1, 0, source ? source : "document", stack };
  Guard *self = &guard;
  Expect expect = EXPECT_VALUE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  g_array_set_clear_func (stack, frame_clear);

  while (TRUE)
    {
      gsize start;
      char c;

      while (self->pos < length && strchr (" \t\r\n", data[self->pos]) != NULL && data[self->pos] != '\0')
        {
          if (data[self->pos] == '\n')
            {
              self->line++;
              self->line_start = self->pos + 1;
            }
          self->pos++;
        }

      if (self->pos >= length)
        break;

      start = self->pos;
      c = data[start];

      switch (expect)
        {
        case EXPECT_END:
          return refuse (self, start, error, _("there is more after the end of the document"));

        case EXPECT_COLON:
          if (c != ':')
            return refuse (self, start, error, _("a “:” should follow the member name"));
          self->pos++;
          expect = EXPECT_VALUE;
          continue;

        case EXPECT_NEXT:
          {
            Frame *frame = top (self);

            if (c == ',')
              {
                self->pos++;
                if (frame->is_object)
                  {
                    g_clear_pointer (&frame->key, g_free);
                    expect = EXPECT_KEY;
                  }
                else
                  {
                    frame->index++;
                    expect = EXPECT_VALUE;
                  }
                continue;
              }
            if (c == (frame->is_object ? '}' : ']'))
              {
                self->pos++;
                g_array_set_size (stack, stack->len - 1);
                expect = after_value (self);
                continue;
              }
            return refuse (self, start, error, frame->is_object ? _("a “,” or “}” should follow the value")
                                                                : _("a “,” or “]” should follow the value"));
          }

        case EXPECT_FIRST_KEY:
        case EXPECT_KEY:
          {
            Frame *frame = top (self);
            g_autoptr(GString) key = NULL;

            if (c == '}' && expect == EXPECT_FIRST_KEY)
              {
                self->pos++;
                g_array_set_size (stack, stack->len - 1);
                expect = after_value (self);
                continue;
              }
            if (c != '"')
              return refuse (self, start, error, _("a member name in quotes should come here"));

            key = g_string_new (NULL);
            if (!read_string (self, key, error))
              return FALSE;

            frame->key = g_strdup (key->str);
            if (frame->keys == NULL)
              frame->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
            if (!g_hash_table_add (frame->keys, g_string_free (g_steal_pointer (&key), FALSE)))
              return refuse (self, start, error, _("the member “%s” appears twice in one object"), frame->key);
            expect = EXPECT_COLON;
            continue;
          }

        case EXPECT_FIRST_VALUE:
          if (c == ']')
            {
              self->pos++;
              g_array_set_size (stack, stack->len - 1);
              expect = after_value (self);
              continue;
            }
          G_GNUC_FALLTHROUGH;

        case EXPECT_VALUE:
          if (c == '{' || c == '[')
            {
              Frame frame = { c == '{', 0, NULL, NULL };

              if (stack->len >= max_depth)
                return refuse (self, start, error,
                               _("the document nests deeper than %u levels; a Concord document needs four"),
                               max_depth);
              g_array_append_val (stack, frame);
              self->pos++;
              expect = c == '{' ? EXPECT_FIRST_KEY : EXPECT_FIRST_VALUE;
              continue;
            }

          if (c == '"')
            {
              if (!read_string (self, NULL, error))
                return FALSE;
            }
          else if (c == '-' || g_ascii_isdigit (c))
            {
              if (!read_number (self, error))
                return FALSE;
            }
          else if (!read_literal (self, error))
            return FALSE;

          expect = after_value (self);
          continue;
        }
    }

  if (expect != EXPECT_END)
    return refuse (self, length, error, stack->len == 0 && expect == EXPECT_VALUE
                                          ? _("the document is empty")
                                          : _("the document ends before its last value is closed"));

  return TRUE;
}
