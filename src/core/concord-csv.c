/* concord-csv.c
 *
 * CSV as real exports write it: RFC 4180 quoting with commas, quotes and
 * line breaks inside fields, an optional UTF-8 BOM, a comma, semicolon or
 * tab delimiter (Excel in many European locales writes semicolons),
 * Windows-1252 from older tools and UTF-16 with a BOM from Excel's
 * "Unicode Text". The reader works over the decoded text
 * in memory, one record at a time, so a caller can step through a large
 * file and report progress. A UTF-8 file read from a path is not copied:
 * the reader reads the file's own pages, mapped, and gives back those it
 * has read, so a large file costs the process little memory.
 */
#define G_LOG_DOMAIN "concord-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "concord-csv.h"
#include "concord-error.h"

struct _ConcordCsvReader
{
  const char *text;      /* UTF-8, BOM stripped: in @bytes or @decoded */
  gsize       length;
  GBytes     *bytes;     /* the file as given, when it is the text */
  char       *decoded;   /* the text, when the file was in another encoding */
  GMappedFile *mapping;  /* the file @bytes maps, if it was read from a path */
  int         fd;        /* the mapped file, to notice it shrink; -1 without */
  gboolean    cut_short; /* it did: every read says so from then on */
  gsize       dropped;   /* the text before this was given back to the kernel */
  gsize       pos;
  guint       line;      /* line of text at pos, 1-based */
  char        delimiter;
  const char *encoding;
  gboolean    failed;
  gsize       resume_pos;  /* where reading goes on after a bad record */
  guint       resume_line;
  char       *bad_reason;  /* "column 2: …", for a caller that lists rows */
};

/* Writer --------------------------------------------------------------- */

/* OWASP's CSV injection leads: =, +, - and @ start a formula, and so does
 * a TAB or a CR; spreadsheets skip white space before a lead, and some
 * read the full-width forms as the ASCII ones. */
static gboolean
is_formula (const char *cell)
{
  const char *p = cell;

  if (*cell == '\t' || *cell == '\r')
    return TRUE;

  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')
    p++;
  if (*p != '\0' && strchr ("=+-@", *p) != NULL)
    return TRUE;

  /* U+FF1D, U+FF0B, U+FF0D, U+FF20 (＝＋－＠) in UTF-8. */
  return (guchar) p[0] == 0xEF && (guchar) p[1] == 0xBC && p[2] != '\0' &&
         strchr ("\x9D\x8B\x8D\xA0", p[2]) != NULL;
}

static gboolean
needs_quotes (const char *cell)
{
  return strpbrk (cell, ",;\t\"\r\n") != NULL ||
         cell[0] == ' ' || (cell[0] != '\0' && cell[strlen (cell) - 1] == ' ');
}

void
concord_csv_append_row (GString           *out,
                        const char *const *cells,
                        gsize              n_cells,
                        gboolean           neutralise_formulas)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (cells != NULL || n_cells == 0);

  for (gsize i = 0; i < n_cells; i++)
    {
      const char *cell = cells[i] ? cells[i] : "";
      gboolean formula = neutralise_formulas && is_formula (cell);

      if (i > 0)
        g_string_append_c (out, ',');

      if (!formula && !needs_quotes (cell))
        {
          g_string_append (out, cell);
          continue;
        }

      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = cell; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }

  g_string_append (out, "\r\n");
}

/* Decoding ------------------------------------------------------------- */

/* Windows-1252 bytes 0x80-0x9F; the five unassigned ones map to the C1
 * controls as Windows itself does, and are then refused as binary. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Windows-1252 (with @high) or ISO-8859-1 (without): one byte, one
 * character. */
static char *
decode_8bit (const guchar    *data,
             gsize            size,
             const gunichar  *high,
             gsize           *length)
{
  GString *out = g_string_sized_new (size + size / 8);

  for (gsize i = 0; i < size; i++)
    {
      guchar c = data[i];

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if (c < 0xA0 && high != NULL)
        g_string_append_unichar (out, high[c - 0x80]);
      else
        g_string_append_unichar (out, c);
    }

  *length = out->len;
  return g_string_free (out, FALSE);
}

/* The delimiter that splits the first record into the most fields. */
static char
detect_delimiter (const char *text,
                  gsize       length)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  char best = ',';
  guint best_count = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        break;
      else if (!quoted)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (c == candidates[k])
            counts[k]++;
    }

  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > best_count)
      {
        best = candidates[k];
        best_count = counts[k];
      }

  return best;
}

static const char *const offered_encodings[] = { "UTF-8", "WINDOWS-1252", "ISO-8859-1", NULL };

const char *const *
concord_csv_encodings (void)
{
  return offered_encodings;
}

/* Text in any encoding has no C0 controls but TAB and line ends. */
static gboolean
has_controls (const guchar *data,
              gsize         size)
{
  for (gsize i = 0; i < size; i++)
    if (data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r')
      return TRUE;

  return FALSE;
}

/* Windows-1252 leaves five bytes unassigned: text without them and
 * without controls reads plausibly as Windows-1252. */
static gboolean
looks_like_cp1252 (const guchar *data,
                   gsize         size)
{
  for (gsize i = 0; i < size; i++)
    if (data[i] == 0x81 || data[i] == 0x8D || data[i] == 0x8F || data[i] == 0x90 || data[i] == 0x9D)
      return FALSE;

  return !has_controls (data, size);
}

/* How much text the reader reads between two give_back(). */
#define GIVE_BACK_EVERY (4 * 1024 * 1024)

/* Lets the kernel take back the pages wholly inside @from..@to of a
 * mapped file, which stay in the page cache and come back if read
 * again. */
static void
drop_pages (const char *from,
            const char *to)
{
#ifdef MADV_DONTNEED
  guintptr page = 4096;
  guintptr start = (guintptr) from & ~(page - 1);
  guintptr end = (guintptr) to & ~(page - 1);

  if (end > start)
    madvise ((void *) start, end - start, MADV_DONTNEED);
#else
  (void) from;
  (void) to;
#endif
}

/* UTF-8 apart from NUL bytes, which the reader refuses as binary data
 * with the line and column: a better message than "not UTF-8". A mapped
 * file is checked a few megabytes at a time, each given back once
 * checked, so that a large file is never all in memory at once. */
static gboolean
validate_utf8 (const char  *data,
               gsize        size,
               gboolean     mapped,
               const char **end)
{
  const char *stop;

  /* An empty file is valid, and has no pointer to offset. */
  if (size == 0)
    {
      *end = data;
      return TRUE;
    }

  stop = data + size;
  while (data < stop)
    {
      const char *chunk_end = stop;
      gboolean valid;

      if (mapped && (gsize) (stop - data) > GIVE_BACK_EVERY)
        {
          chunk_end = data + GIVE_BACK_EVERY;
          /* A character is never cut in two: the next piece starts at
           * its first byte. */
          for (guint i = 0; i < 3 && ((guchar) *chunk_end & 0xC0) == 0x80; i++)
            chunk_end--;
        }

      valid = g_utf8_validate_len (data, chunk_end - data, end);
      if (mapped)
        drop_pages (data, valid ? chunk_end : *end);
      if (valid)
        {
          data = chunk_end;
          continue;
        }
      if (**end != '\0')
        return FALSE;
      data = *end + 1;
    }

  *end = stop;
  return TRUE;
}

static void
set_not_utf8_error (const guchar  *data,
                    gsize          size,
                    const char    *end,
                    GError       **error)
{
  gsize offset = (const guchar *) end - data;
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;

  if (has_controls (data, size))
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE,
                 _("Line %u holds binary data (the byte 0x%02X is not text); is this really a CSV file?"),
                 line, data[offset]);
  else if (looks_like_cp1252 (data, size))
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING,
                 _("Line %u is not UTF-8 text (it has the byte 0x%02X). The file looks like "
                   "Windows-1252; choose the encoding it was saved in."),
                 line, data[offset]);
  else
    g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING,
                 _("Line %u is not UTF-8 text (it has the byte 0x%02X). Choose the encoding it was saved in."),
                 line, data[offset]);
}

/* UTF-16 after its BOM, as Excel's "Unicode Text" writes it. */
static gboolean
decode_utf16 (ConcordCsvReader  *self,
              const guchar      *data,
              gsize              size,
              gboolean           little_endian,
              GError           **error)
{
  const char *name = little_endian ? "UTF-16LE" : "UTF-16BE";
  g_autoptr(GError) local_error = NULL;
  gsize n_read = 0;

  self->decoded = g_convert ((const char *) data, size, "UTF-8", name, &n_read, &self->length, &local_error);
  if (self->decoded != NULL && n_read < size)
    {
      /* g_convert() leaves an odd byte at the end unread, silently. */
      g_clear_pointer (&self->decoded, g_free);
      g_set_error_literal (&local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT,
                           _("it ends in the middle of a character"));
    }
  if (self->decoded == NULL)
    {
      guint line = 1;

      /* Count the line ends in the part that was read, two bytes each. */
      for (gsize i = 0; i + 1 < n_read && i + 1 < size; i += 2)
        if (data[little_endian ? i : i + 1] == '\n' && data[little_endian ? i + 1 : i] == 0)
          line++;
      g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING,
                   _("Line %u is not %s text even though the file begins like it: %s. "
                     "Export it again from the spreadsheet."),
                   line, name, local_error->message);
      return FALSE;
    }

  self->text = self->decoded;
  self->encoding = name;
  return TRUE;
}

ConcordCsvReader *
concord_csv_reader_new (GBytes  *bytes,
                        GError **error)
{
  return concord_csv_reader_new_with_encoding (bytes, NULL, error);
}

/* @mapped: @bytes are a file's mapped pages, to give back once read */
static ConcordCsvReader *
reader_new (GBytes      *bytes,
            const char  *encoding,
            gboolean     mapped,
            GError     **error)
{
  g_autoptr(ConcordCsvReader) self = NULL;
  const guchar *data;
  const char *end;
  gsize size;

  g_assert (bytes != NULL);

  if (encoding == NULL)
    encoding = "UTF-8";

  data = g_bytes_get_data (bytes, &size);
  self = g_new0 (ConcordCsvReader, 1);
  self->fd = -1;

  if (g_ascii_strcasecmp (encoding, "UTF-8") == 0 || g_ascii_strcasecmp (encoding, "UTF8") == 0)
    {
      if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
        {
          data += 3;
          size -= 3;
        }

      if (size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
        {
          /* A BOM says which UTF-16 it is: nothing is guessed. */
          if (!decode_utf16 (self, data + 2, size - 2, data[0] == 0xFF, error))
            return NULL;
        }
      else if (!validate_utf8 ((const char *) data, size, mapped, &end))
        {
          set_not_utf8_error (data, size, end, error);
          return NULL;
        }
      else
        {
          /* The text is the file's own bytes: nothing is copied. */
          self->bytes = g_bytes_ref (bytes);
          self->text = (const char *) data;
          self->length = size;
          self->encoding = "UTF-8";
        }
    }
  else if (g_ascii_strcasecmp (encoding, "WINDOWS-1252") == 0 || g_ascii_strcasecmp (encoding, "CP1252") == 0)
    {
      self->text = self->decoded = decode_8bit (data, size, cp1252_high, &self->length);
      self->encoding = "WINDOWS-1252";
    }
  else if (g_ascii_strcasecmp (encoding, "ISO-8859-1") == 0 || g_ascii_strcasecmp (encoding, "LATIN1") == 0)
    {
      self->text = self->decoded = decode_8bit (data, size, NULL, &self->length);
      self->encoding = "ISO-8859-1";
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      gsize n_read = 0;

      self->text = self->decoded = g_convert ((const char *) data, size, "UTF-8", encoding, &n_read, &self->length,
                                              &local_error);
      if (self->decoded == NULL)
        {
          if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
            g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID,
                         _("Concord does not know the encoding “%s”; try UTF-8, WINDOWS-1252 or ISO-8859-1."),
                         encoding);
          else
            {
              guint line = 1;

              for (gsize i = 0; i < n_read && i < size; i++)
                if (data[i] == '\n')
                  line++;
              g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING,
                           _("Line %u is not %s text: %s. Choose the encoding it was saved in."),
                           line, encoding, local_error->message);
            }
          return NULL;
        }
      self->encoding = g_intern_string (encoding);
    }

  self->delimiter = detect_delimiter (self->text, self->length);
  self->line = 1;

  return g_steal_pointer (&self);
}

ConcordCsvReader *
concord_csv_reader_new_with_encoding (GBytes      *bytes,
                                      const char  *encoding,
                                      GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);

  return reader_new (bytes, encoding, FALSE, error);
}

/* A page-aligned span of the mapped file that the reader has read and
 * will not read again until it rewinds: the kernel may take its pages back
 * (they stay in the page cache, and come back if read again). */
static void
give_back (ConcordCsvReader *self,
           gsize             upto)
{
  if (self->mapping == NULL || upto <= self->dropped)
    return;

  drop_pages (self->text + self->dropped, self->text + upto);
  self->dropped = upto;
}

ConcordCsvReader *
concord_csv_reader_new_for_path_with_encoding (const char  *path,
                                               const char  *encoding,
                                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) mapping = NULL;
  g_autoptr(GBytes) bytes = NULL;
  ConcordCsvReader *self;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* A pipe or a special file cannot be mapped: it is read instead. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
    mapping = g_mapped_file_new_from_fd (fd, FALSE, NULL);
  if (mapping == NULL && fd >= 0)
    {
      close (fd);
      fd = -1;
    }
  if (mapping != NULL)
    bytes = g_mapped_file_get_bytes (mapping);
  else
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, &local_error))
        {
          g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
                       _("Could not read “%s”: %s"), path, local_error->message);
          return NULL;
        }
      bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
    }

  self = reader_new (bytes, encoding, mapping != NULL, error);
  if (self == NULL)
    {
      if (fd >= 0)
        close (fd);
      return NULL;
    }

  /* Only pages of the text itself are given back; a decoded copy is
   * the reader's own memory. Checking the encoding gave back what it
   * read as it went. */
  if (mapping != NULL && self->bytes != NULL)
    {
      self->mapping = g_steal_pointer (&mapping);
      self->fd = fd;
    }
  else if (fd >= 0)
    close (fd);

  return self;
}

ConcordCsvReader *
concord_csv_reader_new_for_path (const char  *path,
                                 GError     **error)
{
  return concord_csv_reader_new_for_path_with_encoding (path, NULL, error);
}

void
concord_csv_reader_free (ConcordCsvReader *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->mapping, g_mapped_file_unref);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->decoded);
  g_free (self->bad_reason);
  g_free (self);
}

char
concord_csv_reader_get_delimiter (ConcordCsvReader *self)
{
  g_return_val_if_fail (self != NULL, ',');

  return self->delimiter;
}

const char *
concord_csv_reader_get_encoding (ConcordCsvReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->encoding;
}

double
concord_csv_reader_get_fraction (ConcordCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->length ? (double) self->pos / (double) self->length : 1.0;
}

void
concord_csv_reader_rewind (ConcordCsvReader *self)
{
  g_return_if_fail (self != NULL);

  self->pos = 0;
  self->line = 1;
  self->failed = FALSE;
  self->dropped = 0;
}

const char *
concord_csv_reader_get_bad_record_reason (ConcordCsvReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->failed ? self->bad_reason : NULL;
}

gboolean
concord_csv_reader_skip_bad_record (ConcordCsvReader *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->failed)
    return FALSE;

  self->failed = FALSE;
  self->pos = self->resume_pos;
  self->line = self->resume_line;

  return self->pos < self->length;
}

/* Parsing -------------------------------------------------------------- */

/* A bad record ends at the end of the line it starts on: the next line
 * is where the reader can go on, if the caller asks it to. */
static gboolean
fail (ConcordCsvReader  *self,
      GError           **error,
      gsize              start_pos,
      guint              start_line,
      guint              line,
      guint              column,
      const char        *reason)
{
  const char *end = memchr (self->text + start_pos, '\n', self->length - start_pos);

  self->failed = TRUE;
  self->resume_pos = end != NULL ? (gsize) (end - self->text) + 1 : self->length;
  self->resume_line = start_line + 1;
  g_free (self->bad_reason);
  self->bad_reason = g_strdup_printf (_("column %u: %s"), column, reason);
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE,
               _("Line %u, column %u: %s"), line, column, reason);
  return FALSE;
}

/* A mapped file that another program cut short cannot be read past its
 * new end (the process would be killed): the reader stops, for good,
 * with an error instead. It looks before every record, one fstat(),
 * little beside the row's insert; only a cut in the microseconds while
 * one record is read escapes it. */
static gboolean
check_not_shrunk (ConcordCsvReader  *self,
                  GError           **error)
{
  struct stat st;

  if (!self->cut_short && fstat (self->fd, &st) == 0 &&
      (guint64) st.st_size >= g_mapped_file_get_length (self->mapping))
    return TRUE;

  self->cut_short = TRUE;
  self->failed = TRUE;
  self->resume_pos = self->length;
  g_free (self->bad_reason);
  self->bad_reason = g_strdup (_("the file was changed on disk while it was being read; import it again"));
  g_set_error (error, CONCORD_ERROR, CONCORD_ERROR_IO,
               _("The file was changed on disk while it was being read; import it again."));
  return FALSE;
}

/* A byte that only ever goes into the field as it is: not a quote, a
 * delimiter, a line end, a control or the lead byte of a C1 control. */
static inline gboolean
is_plain (ConcordCsvReader *self,
          char              c,
          gboolean          quoted)
{
  return (guchar) c >= 0x20 && c != '"' && (guchar) c != 0xC2 && (quoted || c != self->delimiter);
}

gboolean
concord_csv_reader_next (ConcordCsvReader  *self,
                         GPtrArray        **cells,
                         guint             *line,
                         GError           **error)
{
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GString) field = NULL;
  guint start_line;
  gsize start_pos;
  gboolean quoted = FALSE;     /* inside a quoted field */
  gboolean closed = FALSE;     /* just after the quote that closed a field */
  gboolean spanned = FALSE;    /* the quoted field holds a line break */
  gboolean was_quoted = FALSE; /* the current field began with a quote */

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (cells != NULL, FALSE);

  *cells = NULL;
  if (self->mapping != NULL && !check_not_shrunk (self, error))
    return FALSE;
  if (self->failed)
    return FALSE;

  /* Blank lines between records carry no data. */
  while (self->pos < self->length &&
         (self->text[self->pos] == '\n' || self->text[self->pos] == '\r'))
    {
      if (self->text[self->pos] == '\n')
        self->line++;
      self->pos++;
    }

  if (self->pos >= self->length)
    return FALSE;

  start_line = self->line;
  start_pos = self->pos;
  if (line != NULL)
    *line = start_line;

  row = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);

  while (self->pos < self->length)
    {
      char c = self->text[self->pos];

      /* A run of plain text, one append: what the cases below would
       * append byte by byte. */
      if (is_plain (self, c, quoted) && !(closed && spanned && !quoted))
        {
          gsize end = self->pos + 1;

          while (end < self->length && is_plain (self, self->text[end], quoted))
            end++;
          g_string_append_len (field, self->text + self->pos, (gssize) (end - self->pos));
          self->pos = end;
          if (field->len > CONCORD_CSV_MAX_FIELD)
            {
              g_autofree char *reason =
                g_strdup_printf (_("the field is longer than %u characters; is a quote left open?"),
                                 (guint) CONCORD_CSV_MAX_FIELD);
              return fail (self, error, start_pos, start_line, start_line, row->len + 1, reason);
            }
          continue;
        }

      if (quoted)
        {
          if (c == '"')
            {
              if (self->pos + 1 < self->length && self->text[self->pos + 1] == '"')
                {
                  g_string_append_c (field, '"');
                  self->pos += 2;
                  continue;
                }
              quoted = FALSE;
              closed = TRUE;
              self->pos++;
              continue;
            }
          if (c == '\n')
            {
              self->line++;
              spanned = TRUE;
            }
        }
      else if (closed && spanned && c != self->delimiter && c != '\r' && c != '\n')
        {
          /* Text right after a quote that closed several lines later: the
           * quote was left open and swallowed the lines in between. */
          g_autofree char *reason =
            g_strdup_printf (_("a quoted field is not closed on the line it starts on "
                               "(the quote that ends it on line %u is followed by text)"), self->line);
          return fail (self, error, start_pos, start_line, start_line, row->len + 1, reason);
        }
      else if (c == self->delimiter)
        {
          g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
          was_quoted = closed = spanned = FALSE;
          self->pos++;
          continue;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && self->pos + 1 < self->length && self->text[self->pos + 1] == '\n')
            self->pos++;
          self->pos++;
          self->line++;
          break;
        }
      else if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          self->pos++;
          continue;
        }

      if ((guchar) c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        {
          g_autofree char *reason =
            g_strdup_printf (_("the field holds binary data (byte 0x%02X); is this really a CSV file?"),
                             (guint) (guchar) c);
          return fail (self, error, start_pos, start_line, self->line, row->len + 1, reason);
        }

      /* The C1 controls only appear when bytes were not text at all. */
      if ((guchar) c == 0xC2 && self->pos + 1 < self->length &&
          (guchar) self->text[self->pos + 1] >= 0x80 && (guchar) self->text[self->pos + 1] < 0xA0)
        return fail (self, error, start_pos, start_line, self->line, row->len + 1,
                     _("the field holds binary data (control characters); is this really a CSV file?"));

      g_string_append_c (field, c);
      self->pos++;

      if (field->len > CONCORD_CSV_MAX_FIELD)
        {
          g_autofree char *reason =
            g_strdup_printf (_("the field is longer than %u characters; is a quote left open?"),
                             (guint) CONCORD_CSV_MAX_FIELD);
          return fail (self, error, start_pos, start_line, start_line, row->len + 1, reason);
        }
    }

  if (quoted)
    return fail (self, error, start_pos, start_line, start_line, row->len + 1,
                 _("a quoted field is not closed before the end of the file"));

  g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
  *cells = g_steal_pointer (&row);

  if (self->mapping != NULL && self->pos - self->dropped >= GIVE_BACK_EVERY)
    give_back (self, self->pos);

  return TRUE;
}
