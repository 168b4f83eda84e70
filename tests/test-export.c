/* test-export.c: the bytes of a JSON export, against a document an
 * earlier Concord wrote of the same records */
#include "config.h"

#include <string.h>

#include "concord-exchange.h"
#include "concord-test-util.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export/golden", WorkbookFixture, NULL,
              workbook_fixture_setup, test_golden, workbook_fixture_teardown);

  return g_test_run ();
}
