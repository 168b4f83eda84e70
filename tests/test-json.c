/* test-json.c: the streaming writer and reader against json-glib */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "concord-error.h"

#include "concord-json-guard.h"
#include "concord-json-reader.h"
#include "concord-json-writer.h"

typedef struct
{
  GString *text;
  gsize    largest;
  guint    pieces;
  guint    fail_after; /* 0: never */
} Sink;

static gboolean
sink_write (const char  *data,
            gsize        length,
            gpointer     user_data,
            GError     **error)
{
  Sink *sink = user_data;

  if (sink->fail_after != 0 && sink->pieces == sink->fail_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
      return FALSE;
    }

  g_string_append_len (sink->text, data, length);
  sink->largest = MAX (sink->largest, length);
  sink->pieces++;

  return TRUE;
}

/* Text made of every kind of byte json-glib treats apart. */
static char *
random_text (GRand *rand)
{
  static const char *const pieces[] = {
    "a", "Z", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1e", "\x1f",
    "\x7f", "\xc3\xa9", "\xe6\x97\xa5", "\xf0\x9f\x98\x80", "</", "0", "{", "}", ":", ",",
  };
  GString *text = g_string_new (NULL);
  guint length = g_rand_int_range (rand, 0, 12);

  for (guint i = 0; i < length; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (text, FALSE);
}

/* json-glib writes 1e21 as "1e+21.0", which is not JSON; the writer
 * does the same, but what the reader reads must be JSON. */
static gboolean only_json;

static double random_double_any (GRand *rand);

static double
random_double (GRand *rand)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  do
    value = random_double_any (rand);
  while (only_json && strchr (g_ascii_dtostr (text, sizeof text, value), '.') == NULL &&
         strchr (text, 'e') != NULL);

  return value;
}

static double
random_double_any (GRand *rand)
{
  static const double fixed[] = { 0.0, -0.0, 1.0, -2.5, 0.1, 1e21, 1e-7, 123456789012345678.0, 5e-324, 1.7976931348623157e308 };

  if (g_rand_boolean (rand))
    return fixed[g_rand_int_range (rand, 0, G_N_ELEMENTS (fixed))];

  return (g_rand_double (rand) - 0.5) * pow (10, g_rand_int_range (rand, -20, 20));
}

/* One random object, told to both writers at once. */
static void
random_object (GRand              *rand,
               ConcordJsonWriter **writers,
               guint               n_writers,
               const char         *name,
               guint               depth)
{
  guint members = g_rand_int_range (rand, 0, depth < 4 ? 6 : 3);

  for (guint w = 0; w < n_writers; w++)
    concord_json_writer_begin_object (writers[w], name);

  for (guint m = 0; m < members; m++)
    {
      /* Names unique within the object, as a tree keeps them. */
      g_autofree char *text = random_text (rand);
      g_autofree char *member = g_strdup_printf ("%u%s", m, text);
      guint kind = g_rand_int_range (rand, 0, depth < 4 ? 7 : 6);
      g_autofree char *value = random_text (rand);
      gint64 number = (gint64) g_rand_int (rand) * (g_rand_boolean (rand) ? G_MAXINT32 : -1);
      double real = random_double (rand);
      gboolean truth = g_rand_boolean (rand);

      if (kind == 6)
        {
          random_object (rand, writers, n_writers, member, depth + 1);
          continue;
        }

      for (guint w = 0; w < n_writers; w++)
        switch (kind)
          {
          case 0:
            concord_json_writer_add_string (writers[w], member, value);
            break;
          case 1:
            concord_json_writer_add_int (writers[w], member, number);
            break;
          case 2:
            concord_json_writer_add_double (writers[w], member, real);
            break;
          case 3:
            concord_json_writer_add_boolean (writers[w], member, truth);
            break;
          case 4:
            concord_json_writer_add_null (writers[w], member);
            break;
          default:
            concord_json_writer_add_string (writers[w], member, NULL);
            break;
          }
    }

  for (guint w = 0; w < n_writers; w++)
    concord_json_writer_end_object (writers[w]);
}

static char *
generate (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

/* Streamed text, a string and json-glib's generator over the tree built
 * from the same calls agree byte for byte. */
static void
test_same_as_json_glib (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);

  for (guint round = 0; round < 500; round++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr(GString) string = g_string_new (NULL);
      g_autoptr(GString) streamed = g_string_new (NULL);
      Sink sink = { streamed, 0, 0, 0 };
      ConcordJsonWriter *writers[3] = {
        concord_json_writer_new_for_builder (builder),
        concord_json_writer_new_for_string (string),
        concord_json_writer_new (sink_write, &sink),
      };
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GError) error = NULL;

      random_object (rand, writers, G_N_ELEMENTS (writers), NULL, 0);
      for (guint w = 0; w < G_N_ELEMENTS (writers); w++)
        {
          g_assert_true (concord_json_writer_finish (writers[w], &error));
          g_assert_no_error (error);
          concord_json_writer_free (writers[w]);
        }

      root = json_builder_get_root (builder);
      expected = generate (root);
      g_assert_cmpstr (string->str, ==, expected);
      g_assert_cmpstr (streamed->str, ==, expected);
    }
}

/* A large document reaches the sink in pieces, never as a whole; a
 * failed piece stops the writer and the error comes back at the end. */
static void
test_pieces (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  Sink sink = { text, 0, 0, 0 };
  g_autoptr(ConcordJsonWriter) writer = concord_json_writer_new (sink_write, &sink);
  g_autoptr(GString) failed_text = g_string_new (NULL);
  Sink failing = { failed_text, 0, 0, 3 };
  g_autoptr(ConcordJsonWriter) failed = concord_json_writer_new (sink_write, &failing);
  g_autoptr(GError) error = NULL;

  concord_json_writer_begin_object (writer, NULL);
  concord_json_writer_begin_object (failed, NULL);
  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *name = g_strdup_printf ("record-%06u", i);

      concord_json_writer_add_string (writer, name, "Some text of about forty bytes or so");
      concord_json_writer_add_string (failed, name, "Some text of about forty bytes or so");
    }
  concord_json_writer_end_object (writer);
  concord_json_writer_end_object (failed);

  g_assert_true (concord_json_writer_finish (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (text->len, >, 5 * 1024 * 1024);
  g_assert_cmpuint (sink.pieces, >, 50);
  g_assert_cmpuint (sink.largest, <=, 80 * 1024);
  g_assert_true (g_str_has_suffix (text->str, "\"Some text of about forty bytes or so\"\n}\n"));

  g_assert_false (concord_json_writer_finish (failed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpuint (failing.pieces, ==, 3);
}

/* Reader ------------------------------------------------------------------ */

typedef struct
{
  GArray *starts; /* "line:column" of every object, as guint pairs */
} Positions;

static void
on_json_glib_object (JsonParser *parser,
                     GArray     *starts)
{
  guint at[2] = { json_parser_get_current_line (parser), json_parser_get_current_pos (parser) };

  g_array_append_vals (starts, at, 2);
}

static void
on_reader_object (JsonObject *object,
                  int         line,
                  int         column,
                  gpointer    user_data)
{
  guint at[2] = { line, column };

  g_array_append_vals (user_data, at, 2);
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  const guint *x = a, *y = b;

  return x[0] != y[0] ? (x[0] > y[0]) - (x[0] < y[0]) : (x[1] > y[1]) - (x[1] < y[1]);
}

static void
sort_positions (GArray *starts)
{
  qsort (starts->data, starts->len / 2, 2 * sizeof (guint), compare_positions);
}

/* @text read by the reader in pieces of @piece bytes. */
static JsonNode *
read_in_pieces (const char  *text,
                gsize        piece,
                GArray      *starts,
                GError     **error)
{
  g_autoptr(ConcordJsonReader) reader = concord_json_reader_new (CONCORD_JSON_MAX_DEPTH, on_reader_object, starts);
  gsize length = strlen (text);

  for (gsize at = 0; at < length; at += piece)
    if (!concord_json_reader_feed (reader, text + at, MIN (piece, length - at), error))
      return NULL;

  return concord_json_reader_finish (reader, error);
}

/* Pieces of any size give json-glib's tree, and the place of each object
 * json-glib's parser tells (line, byte column of its brace). */
static void
test_reader_same_as_json_glib (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);

  only_json = TRUE;

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(ConcordJsonWriter) writer = concord_json_writer_new_for_string (text);
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GArray) expected_starts = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *read = NULL;

      random_object (rand, &writer, 1, NULL, 0);
      g_assert_true (concord_json_writer_finish (writer, NULL));
      /* A raw U+001F is not JSON (json-glib writes it so); keep to JSON. */
      g_strdelimit (text->str, "\x1f", ' ');
      /* Compact text too: several objects on one line. */
      if (round % 3 == 0)
        {
          g_autoptr(JsonNode) tree = json_from_string (text->str, NULL);
          g_autofree char *compact = json_to_string (tree, FALSE);

          g_string_assign (text, compact);
        }

      g_signal_connect (parser, "object-start", G_CALLBACK (on_json_glib_object), expected_starts);
      g_assert_true (json_parser_load_from_data (parser, text->str, -1, NULL));
      expected = generate (json_parser_get_root (parser));

      root = read_in_pieces (text->str, g_rand_int_range (rand, 1, 200), starts, &error);
      g_assert_no_error (error);
      g_assert_nonnull (root);
      read = generate (root);
      g_assert_cmpstr (read, ==, expected);

      sort_positions (expected_starts);
      sort_positions (starts);
      g_assert_cmpuint (starts->len, ==, expected_starts->len);
      g_assert_cmpmem (starts->data, starts->len * sizeof (guint),
                       expected_starts->data, expected_starts->len * sizeof (guint));
    }
}

typedef struct
{
  GString *seen;
  GArray  *starts;
} Taker;

/* Takes the records whose name starts with "t", writing down what it is
 * told of every record offered. */
static gboolean
take_some (const char * const       *path,
           const ConcordJsonMember  *members,
           guint                     n_members,
           int                       line,
           int                       column,
           gboolean                 *taken,
           gpointer                  user_data,
           GError                  **error)
{
  Taker *taker = user_data;

  g_string_append_printf (taker->seen, "%s.%s %d:%d", path[0], path[1] ? path[1] : "[]", line, column);
  for (guint i = 0; i < n_members; i++)
    switch (members[i].kind)
      {
      case CONCORD_JSON_NULL:
        g_string_append_printf (taker->seen, " %s=null", members[i].name);
        break;
      case CONCORD_JSON_BOOLEAN:
        g_string_append_printf (taker->seen, " %s=%s", members[i].name, members[i].boolean ? "true" : "false");
        break;
      case CONCORD_JSON_INT:
        g_string_append_printf (taker->seen, " %s=%" G_GINT64_FORMAT, members[i].name, members[i].integer);
        break;
      case CONCORD_JSON_DOUBLE:
        g_string_append_printf (taker->seen, " %s=%g", members[i].name, members[i].number);
        break;
      case CONCORD_JSON_STRING:
        g_string_append_printf (taker->seen, " %s=\"%s\"", members[i].name, members[i].string);
        break;
      case CONCORD_JSON_OBJECT:
      case CONCORD_JSON_ARRAY:
      default:
        g_assert_not_reached ();
      }
  g_string_append_c (taker->seen, '\n');
  *taken = path[1] != NULL && path[1][0] == 't';
  if (*taken)
    {
      guint at[2] = { line, column };

      g_array_append_vals (taker->starts, at, 2);
    }

  return TRUE;
}

/* Objects at the take depth whose members are single values are handed
 * over as members, with no tree: taken, they leave no trace; left, they
 * are in the tree as json-glib reads them. One holding a list or an
 * object is never offered, and is read whole. */
static void
test_reader_takes_flat (void)
{
  static const char text[] =
    "{\"a\": {\"t1\": {\"s\": \"x\\u00e9\", \"i\": -3, \"d\": 2.5, \"b\": true, \"n\": null},\n"
    "        \"k1\": {\"s\": \"kept\", \"i\": 1},\n"
    "        \"t2\": {\"s\": \"nested\", \"o\": {\"x\": [1, {\"y\": 2}]}, \"after\": 4},\n"
    "        \"t3\": {},\n"
    "        \"k2\": {\"l\": [], \"i\": 2}},\n"
    " \"b\": [{\"i\": 5}]}";
  static const char expected_tree[] =
    "{\"a\":{\"k1\":{\"s\":\"kept\",\"i\":1},\"t2\":{\"s\":\"nested\",\"o\":{\"x\":[1,{\"y\":2}]},\"after\":4},"
    "\"k2\":{\"l\":[],\"i\":2}},\"b\":[{\"i\":5}]}";
  static const char expected_seen[] =
    "a.t1 1:14 s=\"x\u00e9\" i=-3 d=2.5 b=true n=null\n"
    "a.k1 2:15 s=\"kept\" i=1\n"
    "a.t3 4:15\n"
    "b.[] 6:8 i=5\n";
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) expected_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  Taker taker = { seen, starts };
  gsize length = strlen (text);

  for (gsize piece = 1; piece <= length; piece += piece < 8 ? 1 : 17)
    {
      g_autoptr(ConcordJsonReader) reader = concord_json_reader_new (CONCORD_JSON_MAX_DEPTH, on_reader_object, starts);
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *tree = NULL;

      g_string_truncate (seen, 0);
      g_array_set_size (starts, 0);
      concord_json_reader_set_take (reader, 3, take_some, &taker);
      for (gsize at = 0; at < length; at += piece)
        {
          g_assert_true (concord_json_reader_feed (reader, text + at, MIN (piece, length - at), &error));
          g_assert_no_error (error);
        }
      root = concord_json_reader_finish (reader, &error);
      g_assert_no_error (error);
      tree = json_to_string (root, FALSE);
      g_assert_cmpstr (tree, ==, expected_tree);
      g_assert_cmpstr (seen->str, ==, expected_seen);

      /* Those left and those taken are where json-glib finds them. */
      if (expected_starts->len == 0)
        {
          g_signal_connect (parser, "object-start", G_CALLBACK (on_json_glib_object), expected_starts);
          g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
          sort_positions (expected_starts);
        }
      sort_positions (starts);
      g_assert_cmpuint (starts->len, ==, 2 * 10);
      g_assert_cmpmem (starts->data, starts->len * sizeof (guint),
                       expected_starts->data, expected_starts->len * sizeof (guint));
    }
}

/* The members a line of take_some() names. */
static guint
count_members (const char *line)
{
  guint n = 0;

  for (const char *p = line; (p = strchr (p, '=')) != NULL; p++)
    n++;

  return n;
}

/* A record offered as members is refused when a name comes twice,
 * wherever the two are among few members or many; so many different
 * names are all offered. */
static void
test_reader_flat_duplicates (void)
{
  static const struct
  {
    guint    n_members;
    int      again; /* the member whose name the last one repeats, or -1 */
  } cases[] = {
    { 3, 0 }, { 3, 1 }, { 16, 0 }, { 16, 14 }, { 17, 0 }, { 17, 15 }, { 40, 2 }, { 40, 30 },
    { 3, -1 }, { 16, -1 }, { 17, -1 }, { 40, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new ("{\"a\": {\"t1\": {");
      g_autoptr(GString) seen = g_string_new (NULL);
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(ConcordJsonReader) reader = concord_json_reader_new (CONCORD_JSON_MAX_DEPTH, on_reader_object, starts);
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;
      Taker taker = { seen, starts };
      gboolean fed;

      for (guint m = 0; m < cases[i].n_members; m++)
        {
          guint name = m + 1 == cases[i].n_members && cases[i].again >= 0 ? (guint) cases[i].again : m;

          g_string_append_printf (text, "%s\"m%u\": %u", m > 0 ? ", " : "", name, m);
        }
      g_string_append (text, "}}}");
      g_test_message ("case %u: %s", i, text->str);

      concord_json_reader_set_take (reader, 3, take_some, &taker);
      fed = concord_json_reader_feed (reader, text->str, text->len, &error);
      if (fed)
        root = concord_json_reader_finish (reader, &error);
      if (cases[i].again >= 0)
        {
          g_assert_null (root);
          g_assert_nonnull (error);
          g_assert_cmpuint (seen->len, ==, 0);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_nonnull (root);
          g_assert_nonnull (strstr (seen->str, "a.t1 1:14 m0=0 "));
          g_assert_cmpuint (count_members (seen->str), ==, cases[i].n_members);
        }
    }
}

/* Whatever an import refused before json-glib saw it (bytes that are not
 * UTF-8, what the guard refuses), the reader refuses too, and its caller
 * asks the guard for the words; what they let through, it reads, but for
 * escaped halves of characters, which it leaves to the guard. */
static void
test_reader_refuses (void)
{
  static const struct
  {
    const char *text;
    gboolean    refused;
  } cases[] = {
    { "", TRUE },
    { "   ", TRUE },
    { "{", TRUE },
    { "{\"a\": 1,}", TRUE },
    { "{\"a\": 1} {}", TRUE },
    { "{\"a\": 1, \"a\": 2}", TRUE },
    { "{\"a\": {\"b\": 1, \"b\": {}}}", TRUE },
    { "{\"a\": 1e999}", TRUE },
    { "{\"a\": -1e999}", TRUE },
    { "{\"a\": 18446744073709551616}", TRUE },
    { "{\"a\": -9223372036854775809}", TRUE },
    { "{\"a\": 01}", TRUE },
    { "{\"a\": 1.}", TRUE },
    { "{\"a\": NaN}", TRUE },
    { "{\"a\": \"\\x\"}", TRUE },
    { "{\"a\": \"line\nbreak\"}", TRUE },
    { "{\"a\": \"\\ud800\"}", TRUE },
    { "{\"a\": \"\\udc00x\"}", TRUE },
    { "{\"a\": \"\xc0\x80\"}", TRUE },
    { "{\"a\": \"\xed\xa0\x80\"}", TRUE },
    { "{\"\xff\": 1}", TRUE },
    { "{\"abc\xff\": 1}", TRUE },
    { "{\"a\": \"abc\xc0\x80\"}", TRUE },
    { "{\"a\": \"abc\xed\xa0\x80" "def\"}", TRUE },
    { "{\"abc\xc3\xa9\": \"abc\xc3\xa9\"}", FALSE },
    { "{\"a\": 1} // note", TRUE },
    { "[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]", TRUE },
    { "{\"a\": \"\\ud83d\\ude00\"}", FALSE },
    { "[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]", FALSE },
    { "{\"a\": 9223372036854775807, \"b\": -9223372036854775808, \"c\": 1e-400}", FALSE },
    { "{\"a\": [], \"b\": {}, \"c\": [null, true, false, \"\\u00e9\\n\"]}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) guard_error = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(JsonNode) root = NULL;
      gboolean surrogates = strstr (cases[i].text, "\\ud") != NULL;
      g_autofree char *shown = g_strescape (cases[i].text, NULL);

      g_test_message ("case %u: %s", i, shown);
      g_assert_cmpint (!g_utf8_validate (cases[i].text, -1, NULL) ||
                       !concord_json_guard_check (cases[i].text, strlen (cases[i].text), "doc.json",
                                                  CONCORD_JSON_MAX_DEPTH, &guard_error),
                       ==, cases[i].refused);

      root = read_in_pieces (cases[i].text, 3, starts, &error);
      if (cases[i].refused || surrogates)
        {
          g_assert_null (root);
          g_assert_error (error, CONCORD_ERROR, CONCORD_ERROR_PARSE);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_nonnull (root);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-writer/same-as-json-glib", test_same_as_json_glib);
  g_test_add_func ("/json-writer/pieces", test_pieces);
  g_test_add_func ("/json-reader/same-as-json-glib", test_reader_same_as_json_glib);
  g_test_add_func ("/json-reader/refuses", test_reader_refuses);
  g_test_add_func ("/json-reader/takes-flat", test_reader_takes_flat);
  g_test_add_func ("/json-reader/flat-duplicates", test_reader_flat_duplicates);

  return g_test_run ();
}
