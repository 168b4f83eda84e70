/* fuzz-common.c: the shared workbook and scratch folder of the fuzz targets */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "fuzz-common.h"

static char *scratch_dir;
static ConcordWorkbook *shared_workbook;

static void
remove_scratch (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&shared_workbook);
  if (scratch_dir == NULL)
    return;

  dir = g_dir_open (scratch_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (scratch_dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (scratch_dir);
  g_clear_pointer (&scratch_dir, g_free);
}

const char *
fuzz_scratch_dir (void)
{
  if (scratch_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      scratch_dir = g_dir_make_tmp ("concord-fuzz-XXXXXX", &error);
      if (scratch_dir == NULL)
        g_error ("%s", error->message);
      atexit (remove_scratch);
    }

  return scratch_dir;
}

ConcordWorkbook *
fuzz_shared_workbook (void)
{
  if (shared_workbook == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (fuzz_scratch_dir (), "shared.concord", NULL);

      shared_workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);
      if (shared_workbook == NULL)
        g_error ("%s", error->message);
    }

  return shared_workbook;
}
