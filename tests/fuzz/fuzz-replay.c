/* fuzz-replay.c: runs a fuzz target over files, without libFuzzer
 *
 *   replay-TARGET FILE-OR-FOLDER...
 *
 * Each file is one input; a folder stands for every file in it. A crash
 * or a sanitizer report fails the run, naming the input.
 */
#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"

static guint n_inputs;

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
replay_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("%s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      /* A stable order, so a failure repeats. */
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        replay_path (g_ptr_array_index (names, i));
      return;
    }

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);

  fprintf (stderr, "replaying %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  n_inputs++;
}

int
main (int   argc,
      char *argv[])
{
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    if (g_file_test (argv[i], G_FILE_TEST_EXISTS))
      replay_path (argv[i]);

  if (n_inputs == 0)
    {
      fprintf (stderr, "no inputs to replay\n");
      return 1;
    }

  printf ("replayed %u inputs\n", n_inputs);
  return 0;
}
