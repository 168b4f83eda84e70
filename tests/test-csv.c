/* test-csv.c: the CSV reader and writer */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "concord-csv.h"
#include "concord-error.h"

/* Every record of @text as "a|b|c" lines, or the error message. */
static char *
read_all (const char *text,
          gsize       length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordCsvReader) reader = concord_csv_reader_new (bytes, &error);
  g_autoptr(GString) out = g_string_new (NULL);
  GPtrArray *cells = NULL;
  guint line;

  if (reader == NULL)
    return g_strdup_printf ("ERROR %s", error->message);

  while (concord_csv_reader_next (reader, &cells, &line, &error))
    {
      g_string_append_printf (out, "%u:", line);
      for (guint i = 0; i < cells->len; i++)
        g_string_append_printf (out, "%s%s", i ? "|" : "", (char *) g_ptr_array_index (cells, i));
      g_string_append_c (out, '\n');
      g_ptr_array_unref (cells);
    }

  if (error != NULL)
    g_string_append_printf (out, "ERROR %s", error->message);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define READ(literal) read_all (literal, sizeof (literal) - 1)

static void
test_quotes_and_newlines (void)
{
  g_autofree char *out = READ ("name,notes\r\n"
                               "\"Calder, Finch\",\"said \"\"hi\"\"\"\r\n"
                               "\"Two\nlines\",x\r\n"
                               "last,\"\"\n");

  g_assert_cmpstr (out, ==,
                   "1:name|notes\n"
                   "2:Calder, Finch|said \"hi\"\n"
                   "3:Two\nlines|x\n"
                   "5:last|\n");
}

static void
test_bom_and_delimiters (void)
{
  g_autofree char *bom = READ ("\xEF\xBB\xBF" "a,b\n1,2\n");
  g_autofree char *semi = READ ("a;b;c\n1,5;2;3\n");
  g_autofree char *tab = READ ("a\tb\n\"x;y\"\t2\n");
  g_autofree char *single = READ ("name\nAcme\n");

  g_assert_cmpstr (bom, ==, "1:a|b\n2:1|2\n");
  g_assert_cmpstr (semi, ==, "1:a|b|c\n2:1,5|2|3\n");
  g_assert_cmpstr (tab, ==, "1:a|b\n2:x;y|2\n");
  g_assert_cmpstr (single, ==, "1:name\n2:Acme\n");
}

static char *
first_cell_of_line_2 (GBytes     *bytes,
                      const char *encoding)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordCsvReader) reader = concord_csv_reader_new_with_encoding (bytes, encoding, &error);
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GPtrArray) cells = NULL;

  g_assert_no_error (error);
  g_assert_true (concord_csv_reader_next (reader, &header, NULL, NULL));
  g_assert_true (concord_csv_reader_next (reader, &cells, NULL, NULL));

  return g_strdup (g_ptr_array_index (cells, 0));
}

/* One stray byte no longer makes the whole file Windows-1252 unasked:
 * the reader names the line and the user chooses. */
static void
test_windows_1252 (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("name\nJos\xe9 \x96 M\xfcller \x80\n", 21);
  g_autoptr(GBytes) mixed = g_bytes_new_static ("name\nJosé\nZoë\nM\xfcller\n", 23);
  g_autoptr(GBytes) binary = g_bytes_new_static ("name\nA\x81" "B\n", 9);
  g_autoptr(GBytes) bom = g_bytes_new_static ("\xef\xbb\xbfname\nJosé\n", 14);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordCsvReader) reader = NULL;
  g_autofree char *cell = NULL;

  reader = concord_csv_reader_new (bytes, &error);
  g_assert_null (reader);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING);
  g_assert_cmpstr (error->message, ==, "Line 2 is not UTF-8 text (it has the byte 0xE9). The file looks like "
                                       "Windows-1252; choose the encoding it was saved in.");
  g_clear_error (&error);

  /* Valid UTF-8 up to line 4: the line with the stray byte is named. */
  g_assert_null (concord_csv_reader_new_with_encoding (mixed, "UTF-8", &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (error->message, "Line 4 is not UTF-8 text (it has the byte 0xFC)."));
  g_clear_error (&error);

  /* Not plausible as Windows-1252 either: no suggestion. */
  g_assert_null (concord_csv_reader_new (binary, &error));
  g_assert_cmpstr (error->message, ==, "Line 2 is not UTF-8 text (it has the byte 0x81). "
                                       "Choose the encoding it was saved in.");
  g_clear_error (&error);

  reader = concord_csv_reader_new_with_encoding (bytes, "WINDOWS-1252", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (concord_csv_reader_get_encoding (reader), ==, "WINDOWS-1252");
  cell = first_cell_of_line_2 (bytes, "WINDOWS-1252");
  g_assert_cmpstr (cell, ==, "José – Müller €");
  g_clear_pointer (&cell, g_free);

  /* ISO-8859-1 has controls where Windows-1252 has – and €, which the
   * reader refuses as binary; the letters are the same. */
  {
    g_autoptr(GBytes) latin1 = g_bytes_new_static ("name\nJos\xe9 M\xfcller\n", 17);

    cell = first_cell_of_line_2 (latin1, "ISO-8859-1");
    g_assert_cmpstr (cell, ==, "José Müller");
    g_clear_pointer (&cell, g_free);
  }

  /* Any other encoding iconv knows: € is 0xA4 in ISO-8859-15. */
  {
    g_autoptr(GBytes) latin9 = g_bytes_new_static ("name\n\xa4 5\n", 9);

    cell = first_cell_of_line_2 (latin9, "ISO-8859-15");
    g_assert_cmpstr (cell, ==, "€ 5");
    g_clear_pointer (&cell, g_free);
  }

  g_assert_null (concord_csv_reader_new_with_encoding (bytes, "KLINGON-8", &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "KLINGON-8"));
  g_clear_error (&error);

  /* A BOM and valid UTF-8 read as before. */
  cell = first_cell_of_line_2 (bom, NULL);
  g_assert_cmpstr (cell, ==, "José");
}

static void
test_ragged_empty_and_header_only (void)
{
  g_autofree char *ragged = READ ("a,b,c\n1\n1,2,3,4\n");
  g_autofree char *empty = READ ("");
  g_autofree char *header = READ ("a,b\r\n");
  g_autofree char *blank_lines = READ ("a\n\n\nb\n");

  g_assert_cmpstr (ragged, ==, "1:a|b|c\n2:1\n3:1|2|3|4\n");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (header, ==, "1:a|b\n");
  g_assert_cmpstr (blank_lines, ==, "1:a\n4:b\n");
}

static void
test_binary_junk (void)
{
  static const char junk[] = "name,notes\nAcme,ok\nBad,x\x00y\x01z\n";
  g_autofree char *out = read_all (junk, sizeof junk - 1);
  g_autofree char *png = READ ("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");

  g_assert_true (g_str_has_suffix (out, "ERROR Line 3, column 2: the field holds binary data (byte 0x00); is this really a CSV file?"));
  g_assert_true (strstr (png, "ERROR Line") != NULL);
  g_assert_true (strstr (png, "binary data") != NULL);
}

static void
test_oversized_and_open_quote (void)
{
  g_autoptr(GString) big = g_string_new ("name,notes\nAcme,\"");
  g_autofree char *out = NULL;
  g_autofree char *open = READ ("name\n\"never closed\nmore\n");

  for (guint i = 0; i < CONCORD_CSV_MAX_FIELD + 10; i++)
    g_string_append_c (big, 'x');
  g_string_append (big, "\"\n");
  out = read_all (big->str, big->len);
  g_assert_true (g_str_has_suffix (out, "ERROR Line 2, column 2: the field is longer than 100000 characters; is a quote left open?"));
  g_assert_true (g_str_has_suffix (open, "ERROR Line 2, column 1: a quoted field is not closed before the end of the file"));
}

/* @text (ASCII and U+00E9 only) as UTF-16 with a BOM, as Excel's
 * "Unicode Text" saves it. */
static GBytes *
utf16_bytes (const char *text,
             gboolean    little_endian)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 bom_le[] = { 0xFF, 0xFE }, bom_be[] = { 0xFE, 0xFF };

  g_byte_array_append (out, little_endian ? bom_le : bom_be, 2);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint8 unit[2] = { c & 0xFF, c >> 8 };
      guint8 swapped[2] = { c >> 8, c & 0xFF };

      g_byte_array_append (out, little_endian ? unit : swapped, 2);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
test_utf16 (void)
{
  static const char text[] = "Company name\tWebsite\r\nCaf\xC3\xA9 Lumi\xC3\xA8re\t\"cafe.example\"\r\n";

  for (int le = 0; le <= 1; le++)
    {
      g_autoptr(GBytes) bytes = utf16_bytes (text, le);
      g_autoptr(GError) error = NULL;
      g_autoptr(ConcordCsvReader) reader = concord_csv_reader_new (bytes, &error);
      g_autoptr(GPtrArray) header = NULL;
      g_autoptr(GPtrArray) cells = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (concord_csv_reader_get_encoding (reader), ==, le ? "UTF-16LE" : "UTF-16BE");
      g_assert_cmpint (concord_csv_reader_get_delimiter (reader), ==, '\t');
      g_assert_true (concord_csv_reader_next (reader, &header, NULL, NULL));
      g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "Company name");
      g_assert_true (concord_csv_reader_next (reader, &cells, NULL, NULL));
      g_assert_cmpstr (g_ptr_array_index (cells, 0), ==, "Caf\xC3\xA9 Lumi\xC3\xA8re");
      g_assert_cmpstr (g_ptr_array_index (cells, 1), ==, "cafe.example");
    }

  /* An odd byte at the end is not UTF-16, and says so. */
  {
    static const char odd[] = "\xFF\xFEn\0a\0b";
    g_autofree char *out = read_all (odd, sizeof odd - 1);

    g_assert_true (g_str_has_prefix (out, "ERROR Line 1 is not UTF-16LE text"));
  }
}

/* Every record @reader reads, going on after each bad one. */
static char *
read_reader_skipping (ConcordCsvReader *reader)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (;;)
    {
      g_autoptr(GPtrArray) cells = NULL;
      g_autoptr(GError) error = NULL;
      guint line = 0;

      if (concord_csv_reader_next (reader, &cells, &line, &error))
        {
          g_string_append_printf (out, "%u:", line);
          for (guint i = 0; i < cells->len; i++)
            g_string_append_printf (out, "%s%s", i ? "|" : "", (char *) g_ptr_array_index (cells, i));
          g_string_append_c (out, '\n');
        }
      else if (error != NULL)
        {
          g_string_append_printf (out, "ERROR %s\n", error->message);
          if (!concord_csv_reader_skip_bad_record (reader))
            break;
        }
      else
        break;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
read_all_skipping (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(ConcordCsvReader) reader = concord_csv_reader_new (bytes, NULL);

  return read_reader_skipping (reader);
}

/* A file read from its path is mapped, and the pages read are given back
 * as the reader goes: what it reads, and reads again after a rewind, is
 * what it reads from the same text in memory, bad records and line
 * numbers included, across many pages given back. */
static void
test_mapped_file (void)
{
  g_autoptr(GString) text = g_string_new ("name,domain,notes\r\n");
  g_autofree char *dir = g_dir_make_tmp ("concord-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "large.csv", NULL);
  g_autofree char *latin_path = g_build_filename (dir, "latin.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordCsvReader) reader = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;

  for (guint i = 0; text->len < 12 * 1024 * 1024; i++)
    {
      if (i % 5000 == 4999)
        g_string_append_printf (text, "Broken %u,\"open.example\ntail\"more,x\n", i);
      else if (i % 3 == 0)
        g_string_append_printf (text, "\"Müller, %u \"\"GmbH\"\"\",mueller%u.example,\"two\nlines\"\r\n", i, i);
      else
        g_string_append_printf (text, "Acme %u,acme%u.example,plain text that runs on for a while\n", i, i);
    }
  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &error));
  g_assert_no_error (error);

  expected = read_all_skipping (text->str);
  reader = concord_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  first = read_reader_skipping (reader);
  concord_csv_reader_rewind (reader);
  again = read_reader_skipping (reader);
  g_assert_true (g_str_equal (first, expected));
  g_assert_true (g_str_equal (again, expected));
  g_assert_nonnull (strstr (expected, "ERROR Line "));
  g_clear_pointer (&reader, concord_csv_reader_free);

  /* A file in another encoding is decoded into the reader's own copy. */
  g_assert_true (g_file_set_contents (latin_path, "name\nM\xfcller\n", -1, &error));
  reader = concord_csv_reader_new_for_path_with_encoding (latin_path, "ISO-8859-1", &error);
  g_assert_no_error (error);
  g_clear_pointer (&first, g_free);
  first = read_reader_skipping (reader);
  g_assert_cmpstr (first, ==, "1:name\n2:Müller\n");
  g_clear_pointer (&reader, concord_csv_reader_free);

  /* A file that is not there says so, with its path. */
  reader = concord_csv_reader_new_for_path (dir, &error);
  g_assert_null (reader);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);
  g_clear_error (&error);

  g_remove (path);
  g_remove (latin_path);
  g_rmdir (dir);
}

/* The peak of the memory this process holds (VmHWM), in kB; -1 where
 * the system does not say. */
static gint64
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen (field), NULL, 10);
}

static gint64
peak_kb (void)
{
  return status_kb ("VmHWM:");
}

/* "5" starts the peak again from what the process holds now. */
static gboolean
reset_peak (void)
{
  int fd = g_open ("/proc/self/clear_refs", O_WRONLY, 0);
  gboolean ok = fd >= 0 && write (fd, "5", 1) == 1;

  if (fd >= 0)
    close (fd);
  return ok;
}

/* Opening a large file checks all of its text, but never holds all of
 * it in memory at once: the pages checked are given back as the check
 * goes, as reading gives them back. Characters of two, three and four
 * bytes fall across every piece it checks in, and a bad byte after many
 * pieces is still found on its line. */
static void
test_mapped_file_memory (void)
{
  g_autofree char *dir = g_dir_make_tmp ("concord-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "large.csv", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordCsvReader) reader = NULL;
  GString *text = g_string_new ("name,notes\n");
  GPtrArray *cells = NULL;
  gint64 before, peak, file_before, file_peak = 0;
  guint n_lines = 1, n_rows = 0;

  while (text->len < 48 * 1024 * 1024)
    {
      g_string_append_printf (text, "Müller %u,€ 😀 ü\n", n_lines);
      n_lines++;
    }
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &error));
  g_assert_no_error (error);
  g_string_append (text, "Bad,\xff\n");
  g_assert_true (g_file_set_contents (bad_path, text->str, (gssize) text->len, &error));
  g_assert_no_error (error);
  g_string_free (text, TRUE);

  if (!reset_peak () || (before = peak_kb ()) < 0)
    {
      g_test_skip ("the system does not tell a process its peak memory");
      g_remove (path);
      g_remove (bad_path);
      g_rmdir (dir);
      return;
    }

  reader = concord_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  peak = peak_kb ();
  g_assert_cmpint (peak - before, <, 16 * 1024);

  /* While reading, the file's pages held (not the heap, which a
   * sanitizer's quarantine keeps growing however little is kept). */
  file_before = status_kb ("RssFile:");
  g_assert_cmpint (file_before, >=, 0);
  while (concord_csv_reader_next (reader, &cells, NULL, &error))
    {
      g_assert_cmpuint (cells->len, ==, 2);
      g_assert_cmpstr (g_ptr_array_index (cells, 1), ==, n_rows == 0 ? "notes" : "€ 😀 ü");
      g_ptr_array_unref (cells);
      if (++n_rows % 4096 == 0)
        file_peak = MAX (file_peak, status_kb ("RssFile:"));
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, n_lines);
  g_assert_cmpint (file_peak - file_before, <, 16 * 1024);
  g_clear_pointer (&reader, concord_csv_reader_free);

  reader = concord_csv_reader_new_for_path (bad_path, &error);
  g_assert_null (reader);
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING);
  {
    g_autofree char *expected = g_strdup_printf ("Line %u is not UTF-8 text (it has the byte 0xFF).", n_lines + 1);

    g_assert_true (g_str_has_prefix (error->message, expected));
  }

  g_remove (path);
  g_remove (bad_path);
  g_rmdir (dir);
}

/* A mapped file another program cuts short is not read past its new end:
 * the reader stops with an error at the next record, for good, instead
 * of the process being killed. */
static void
test_mapped_file_cut_short (void)
{
  g_autoptr(GString) text = g_string_new ("name,domain\n");
  g_autofree char *dir = g_dir_make_tmp ("concord-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "short.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordCsvReader) reader = NULL;
  GPtrArray *cells = NULL;
  guint n = 0;

  while (text->len < 1024 * 1024)
    g_string_append_printf (text, "Acme %u,acme%u.example\n", (guint) text->len, (guint) text->len);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &error));
  reader = concord_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_true (concord_csv_reader_next (reader, &cells, NULL, &error));
  g_ptr_array_unref (cells);

  g_assert_cmpint (truncate (path, 100), ==, 0);
  while (concord_csv_reader_next (reader, &cells, NULL, &error))
    {
      g_ptr_array_unref (cells);
      n++;
    }
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "The file was changed on disk while it was being read; import it again.");
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (concord_csv_reader_skip_bad_record (reader));
  g_clear_error (&error);

  /* Nor after a rewind. */
  concord_csv_reader_rewind (reader);
  g_assert_false (concord_csv_reader_next (reader, &cells, NULL, &error));
  g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_IO);

  g_remove (path);
  g_rmdir (dir);
}

static void
test_skip_bad_record (void)
{
  /* An unclosed quote in an export that quotes every value: the next
   * line's first quote "closes" it and text follows. */
  g_autofree char *quoted = read_all_skipping ("\"name\",\"domain\"\n"
                                               "\"Acme\",\"acme.example\n"
                                               "\"Beta\",\"beta.example\"\n"
                                               "\"Gamma\",\"gamma.example\"\n");
  /* One at the end swallows the rest of the file. */
  g_autofree char *last = read_all_skipping ("name,domain\nAcme,\"acme.example\nBeta,beta.example\n");

  g_assert_cmpstr (quoted, ==,
                   "1:name|domain\n"
                   "ERROR Line 2, column 2: a quoted field is not closed on the line it starts on "
                   "(the quote that ends it on line 3 is followed by text)\n"
                   "3:Beta|beta.example\n"
                   "4:Gamma|gamma.example\n");
  g_assert_cmpstr (last, ==,
                   "1:name|domain\n"
                   "ERROR Line 2, column 2: a quoted field is not closed before the end of the file\n"
                   "3:Beta|beta.example\n");
}

static void
test_writer (void)
{
  static const char *const cells[] = { "Acme", "a,b", "say \"hi\"", "two\nlines", "=SUM(A1)", "+1", "-2", "@x", "", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autofree char *back = NULL;

  concord_csv_append_row (out, cells, 10, TRUE);
  g_assert_cmpstr (out->str, ==,
                   "Acme,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=SUM(A1)\",\"'+1\",\"'-2\",\"'@x\",,\r\n");

  concord_csv_append_row (plain, cells, 5, FALSE);
  g_assert_cmpstr (plain->str, ==, "Acme,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",=SUM(A1)\r\n");

  /* What the writer writes, the reader reads back. */
  back = read_all (plain->str, plain->len);
  g_assert_cmpstr (back, ==, "1:Acme|a,b|say \"hi\"|two\nlines|=SUM(A1)\n");
}

/* Every lead on OWASP's CSV injection list, alone and after white space,
 * byte for byte; text that merely contains one stays as it was. */
static void
test_writer_formula_leads (void)
{
  static const struct { const char *cell; const char *written; } cases[] = {
    { "=1+2", "\"'=1+2\"" },
    { "+1", "\"'+1\"" },
    { "-1", "\"'-1\"" },
    { "@SUM(A1)", "\"'@SUM(A1)\"" },
    { "\t=1+2", "\"'\t=1+2\"" },
    { "\r=1+2", "\"'\r=1+2\"" },
    { "\tplain", "\"'\tplain\"" },
    { "\rplain", "\"'\rplain\"" },
    { " =1+2", "\"' =1+2\"" },
    { "  @x", "\"'  @x\"" },
    { "\n-1", "\"'\n-1\"" },
    { " \t+cmd|' /C calc'!A0", "\"' \t+cmd|' /C calc'!A0\"" },
    { "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"" },
    { "\xef\xbc\x9d" "1+2", "\"'\xef\xbc\x9d" "1+2\"" },
    { "\xef\xbc\xa0" "x", "\"'\xef\xbc\xa0" "x\"" },
    { "a=1", "a=1" },
    { "x-y@z", "x-y@z" },
    { " lead", "\" lead\"" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *cells[] = { cases[i].cell, "next" };
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *expected = g_strconcat (cases[i].written, ",next\r\n", NULL);

      concord_csv_append_row (out, cells, 2, TRUE);
      g_assert_cmpmem (out->str, out->len, expected, strlen (expected));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/read/quotes-and-newlines", test_quotes_and_newlines);
  g_test_add_func ("/csv/read/bom-and-delimiters", test_bom_and_delimiters);
  g_test_add_func ("/csv/read/windows-1252", test_windows_1252);
  g_test_add_func ("/csv/read/ragged-empty-header-only", test_ragged_empty_and_header_only);
  g_test_add_func ("/csv/read/binary-junk", test_binary_junk);
  g_test_add_func ("/csv/read/oversized", test_oversized_and_open_quote);
  g_test_add_func ("/csv/read/utf16", test_utf16);
  g_test_add_func ("/csv/read/skip-bad-record", test_skip_bad_record);
  g_test_add_func ("/csv/read/mapped-file", test_mapped_file);
  g_test_add_func ("/csv/read/mapped-file-cut-short", test_mapped_file_cut_short);
  g_test_add_func ("/csv/read/mapped-file-memory", test_mapped_file_memory);
  g_test_add_func ("/csv/write", test_writer);
  g_test_add_func ("/csv/write/formula-leads", test_writer_formula_leads);

  return g_test_run ();
}
