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

void
fuzz_merge_and_undo (ConcordWorkbook *workbook,
                     const uint8_t   *data,
                     size_t           size,
                     ConcordResolution resolution)
{
  static const char *const tables[] = { "accounts", "teams", "people" };
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  gint64 before[G_N_ELEMENTS (tables)];

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    before[i] = concord_workbook_count (workbook, tables[i]);

  plan = concord_merge_plan_new_from_data (workbook, (const char *) data, (gssize) size,
                                           "fuzz.json", &error);
  if (plan == NULL)
    {
      g_assert (error != NULL);
      return;
    }

  concord_merge_plan_resolve_all (plan, resolution);
  g_free (concord_merge_plan_summary (plan));
  if (concord_merge_plan_apply (plan, &error))
    {
      if (concord_workbook_can_undo (workbook) &&
          !concord_workbook_undo (workbook, &error))
        g_error ("undo after a merge failed: %s", error->message);
    }
  else
    g_assert (error != NULL);

  concord_workbook_clear_history (workbook);
  g_assert (!concord_workbook_in_edit (workbook));
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert (concord_workbook_count (workbook, tables[i]) == before[i]);
}
