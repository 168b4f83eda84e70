/* test-export.c: the bytes of a JSON export, against a document an
 * earlier Concord wrote of the same records */
#include "config.h"

#include <string.h>

#include "concord-exchange.h"
#include "concord-json-writer.h"
#include "concord-test-util.h"
#include "concord-workbook-private.h"

/* The sample workbook with text json-glib escapes (quote, backslash,
 * control characters, 0x7f, characters outside ASCII), doubles, field
 * dots apart from their record's and a deletion, as exported before the
 * export streamed straight from its statements. */
static char *
golden_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "exchange", "sample-export.json", NULL);
}

/* The value of the first line starting with @prefix, up to its quote. */
static char *
line_value (const char *text,
            const char *prefix)
{
  const char *at = strstr (text, prefix);
  const char *end;

  g_assert_nonnull (at);
  at += strlen (prefix);
  end = strchr (at, '"');
  g_assert_nonnull (end);

  return g_strndup (at, end - at);
}

/* @text as the workbook @golden came from would have written it: the
 * exporter's own replica is the only thing a copy tells differently. */
static char *
as_sent_by (const char *text,
            const char *golden)
{
  g_autofree char *ours = line_value (text, "\n  \"replica\" : \"");
  g_autofree char *theirs = line_value (golden, "\n  \"replica\" : \"");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *our_line = g_strdup_printf ("  \"replica\" : \"%s\",", ours);
  g_autofree char *our_entry = g_strdup_printf ("    \"%s\" : {", ours);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  gboolean in_entry = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], our_line))
        {
          g_ptr_array_add (kept, g_strdup_printf ("  \"replica\" : \"%s\",", theirs));
          continue;
        }
      if (g_str_equal (lines[i], our_entry))
        {
          in_entry = TRUE;
          continue;
        }
      if (in_entry)
        {
          if (g_str_has_prefix (lines[i], "    }"))
            {
              in_entry = FALSE;
              /* The last entry: the one before it loses its comma. */
              if (g_str_equal (lines[i], "    }") && kept->len > 0)
                {
                  char *previous = g_ptr_array_index (kept, kept->len - 1);

                  if (g_str_has_suffix (previous, ","))
                    previous[strlen (previous) - 1] = '\0';
                }
            }
          continue;
        }
      g_ptr_array_add (kept, g_strdup (lines[i]));
    }
  g_ptr_array_add (kept, NULL);

  return g_strjoinv ("\n", (char **) kept->pdata);
}

/* The document, read into an empty workbook and exported again, each
 * way an export is written: the same bytes. */
static void
test_golden (WorkbookFixture *fixture,
             gconstpointer    data)
{
  g_autofree char *path = golden_path ();
  g_autofree char *golden = NULL;
  g_autofree char *text = NULL;
  g_autofree char *data_text = NULL;
  g_autofree char *file_text = NULL;
  g_autofree char *tree_text = NULL;
  g_autofree char *file = g_build_filename (fixture->dir, "export.json", NULL);
  g_autofree char *tree_file = g_build_filename (fixture->dir, "tree.json", NULL);
  g_autoptr(ConcordMergePlan) plan = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &golden, NULL, &error));
  g_assert_no_error (error);

  plan = concord_merge_plan_new_from_file (fixture->workbook, path, &error);
  g_assert_no_error (error);
  g_assert_true (concord_merge_plan_apply (plan, &error));
  g_assert_no_error (error);

  data_text = concord_exchange_export_data (fixture->workbook, NULL, NULL, &error);
  g_assert_no_error (error);
  text = as_sent_by (data_text, golden);
  assert_same_text (text, golden);

  g_assert_true (concord_exchange_export_file (fixture->workbook, NULL, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file, &file_text, NULL, &error));
  g_clear_pointer (&text, g_free);
  text = as_sent_by (file_text, golden);
  assert_same_text (text, golden);

  tree = concord_exchange_export (fixture->workbook, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (concord_exchange_write_node (tree, tree_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (tree_file, &tree_text, NULL, &error));
  g_clear_pointer (&text, g_free);
  text = as_sent_by (tree_text, golden);
  assert_same_text (text, golden);
}

/* json-glib's text of an object holding @value under @name. */
static char *
json_glib_text (const char *name,
                const char *value)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), json_object_new ());
  g_autofree char *text = NULL;

  json_object_set_string_member (json_node_get_object (root), name, value);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

/* The writer's text of the same, the value given with @length. */
static char *
writer_text (const char *name,
             const char *value,
             gsize       length)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(ConcordJsonWriter) writer = concord_json_writer_new_for_string (text);
  g_autoptr(GError) error = NULL;

  concord_json_writer_begin_object (writer, NULL);
  concord_json_writer_add_string_len (writer, name, value, length);
  concord_json_writer_end_object (writer);
  g_assert_true (concord_json_writer_finish (writer, &error));
  g_assert_no_error (error);

  return g_strdup (text->str);
}

static void
assert_escapes_as_json_glib (const char *name,
                             const char *value)
{
  g_autofree char *expected = json_glib_text (name, value);
  g_autofree char *by_length = writer_text (name, value, strlen (value));
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(ConcordJsonWriter) writer = concord_json_writer_new_for_string (plain);

  g_autoptr(GString) named = g_string_new (NULL);
  g_autoptr(ConcordJsonWriter) named_writer = concord_json_writer_new_for_string (named);
  g_autoptr(ConcordJsonName) escaped_name = concord_json_name_new (name);

  g_assert_cmpstr (by_length, ==, expected);
  concord_json_writer_begin_object (writer, NULL);
  concord_json_writer_add_string (writer, name, value);
  concord_json_writer_end_object (writer);
  g_assert_true (concord_json_writer_finish (writer, NULL));
  g_assert_cmpstr (plain->str, ==, expected);

  /* A name escaped once says the same, after another member too. */
  concord_json_writer_begin_object (named_writer, NULL);
  concord_json_writer_add_named_string (named_writer, escaped_name, value, strlen (value));
  concord_json_writer_end_object (named_writer);
  g_assert_true (concord_json_writer_finish (named_writer, NULL));
  g_assert_cmpstr (named->str, ==, expected);
}

/* Each kind of value under a name escaped once, in text and in a tree,
 * as under the name itself. */
static void
test_named (void)
{
  g_autoptr(ConcordJsonName) name = concord_json_name_new ("na\"me\t");
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonBuilder) plain_builder = json_builder_new_immutable ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) plain_text = g_string_new (NULL);
  ConcordJsonWriter *writers[4] = {
    concord_json_writer_new_for_string (text),
    concord_json_writer_new_for_builder (builder),
    concord_json_writer_new_for_string (plain_text),
    concord_json_writer_new_for_builder (plain_builder),
  };
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) tree = NULL, plain_tree = NULL;
  g_autofree char *tree_text = NULL, *plain_tree_text = NULL;

  for (guint w = 0; w < G_N_ELEMENTS (writers); w++)
    {
      ConcordJsonWriter *writer = writers[w];

      concord_json_writer_begin_object (writer, NULL);
      concord_json_writer_begin_object (writer, "record");
      if (w < 2)
        {
          concord_json_writer_add_named_string (writer, name, "text", 4);
          concord_json_writer_add_named_string (writer, name, NULL, 0);
          concord_json_writer_add_named_int (writer, name, -42);
          concord_json_writer_add_named_double (writer, name, 2.5);
          concord_json_writer_add_named_null (writer, name);
        }
      else
        {
          concord_json_writer_add_string (writer, "na\"me\t", "text");
          concord_json_writer_add_string (writer, "na\"me\t", NULL);
          concord_json_writer_add_int (writer, "na\"me\t", -42);
          concord_json_writer_add_double (writer, "na\"me\t", 2.5);
          concord_json_writer_add_null (writer, "na\"me\t");
        }
      concord_json_writer_end_object (writer);
      concord_json_writer_end_object (writer);
      g_assert_true (concord_json_writer_finish (writer, NULL));
      concord_json_writer_free (writer);
    }

  g_assert_cmpstr (text->str, ==, plain_text->str);
  g_assert_nonnull (strstr (text->str, "\n    \"na\\\"me\\t\" : -42,\n"));
  tree = json_builder_get_root (builder);
  plain_tree = json_builder_get_root (plain_builder);
  json_generator_set_root (generator, tree);
  tree_text = json_generator_to_data (generator, NULL);
  json_generator_set_root (generator, plain_tree);
  plain_tree_text = json_generator_to_data (generator, NULL);
  g_assert_cmpstr (tree_text, ==, plain_tree_text);
}

/* Text is escaped eight bytes at a time and long text in pieces: every
 * byte json-glib treats apart, at every place in a word and around the
 * pieces' edges, in values and names, comes out as json-glib writes it;
 * a text ends at its first NUL whatever length it is given. */
static void
test_escaping (void)
{
  static const char *const specials[] = {
    "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1e", "\x1f", "\x20",
    "\x7e", "\x7f", "\xc3\xa9", "\xe6\x97\xa5", "\xf0\x9f\x98\x80", "\x21", "\x5b", "\x5d",
  };

  for (guint c = 1; c < 0x80; c++)
    for (guint at = 0; at < 17; at++)
      {
        g_autoptr(GString) value = g_string_new (NULL);

        for (guint i = 0; i < at; i++)
          g_string_append_c (value, 'a' + i % 26);
        g_string_append_c (value, (char) c);
        g_string_append (value, "tail of the text");
        assert_escapes_as_json_glib ("name", value->str);
        assert_escapes_as_json_glib (value->str, "value");
      }

  for (guint s = 0; s < G_N_ELEMENTS (specials); s++)
    for (gsize at = 4080; at < 4104; at += 3)
      {
        g_autoptr(GString) value = g_string_new (NULL);

        for (gsize i = 0; i < 3 * 4096; i++)
          g_string_append_c (value, i == at || i == at + 4096 ? specials[s][0] : 'x');
        if (strlen (specials[s]) > 1)
          {
            g_string_insert (value, at + 4096, specials[s]);
            g_string_insert (value, at, specials[s]);
          }
        assert_escapes_as_json_glib ("note", value->str);
        assert_escapes_as_json_glib (value->str, "note");
      }

  {
    g_autofree char *expected = json_glib_text ("name", "before");
    g_autofree char *cut = writer_text ("name", "before\0after", 12);
    g_autofree char *long_text = g_strnfill (3 * 4096, 'y');
    g_autofree char *long_cut = NULL;
    g_autofree char *long_expected = NULL;

    g_assert_cmpstr (cut, ==, expected);
    long_text[5000] = '\0';
    long_cut = writer_text ("name", long_text, 3 * 4096);
    long_expected = json_glib_text ("name", long_text);
    g_assert_cmpstr (long_cut, ==, long_expected);
  }
}

/* A workbook opened for one thread (the command line's export) has a
 * connection without SQLite's lock per call, and exports the same. */
static void
test_one_thread (WorkbookFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(ConcordWorkbook) alone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shared_text = NULL;
  g_autofree char *alone_text = NULL;

  g_assert_nonnull (sqlite3_db_mutex (concord_workbook_get_db (fixture->workbook)));
  shared_text = concord_exchange_export_data (fixture->workbook, NULL, NULL, &error);
  g_assert_no_error (error);
  workbook_fixture_close (fixture);

  alone = concord_workbook_open (fixture->path, CONCORD_OPEN_ONE_THREAD, &error);
  g_assert_no_error (error);
  g_assert_null (sqlite3_db_mutex (concord_workbook_get_db (alone)));
  alone_text = concord_exchange_export_data (alone, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (alone_text, ==, shared_text);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/escaping", test_escaping);
  g_test_add_func ("/export/named", test_named);
  g_test_add ("/export/golden", WorkbookFixture, NULL,
              workbook_fixture_setup, test_golden, workbook_fixture_teardown);
  g_test_add ("/export/one-thread", WorkbookFixture, NULL,
              workbook_fixture_setup_sample, test_one_thread, workbook_fixture_teardown);

  return g_test_run ();
}
