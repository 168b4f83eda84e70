/* test-json-writer.c: the streaming writer against json-glib's generator */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

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

static double
random_double (GRand *rand)
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-writer/same-as-json-glib", test_same_as_json_glib);
  g_test_add_func ("/json-writer/pieces", test_pieces);

  return g_test_run ();
}
