/* fuzz-workbook-open.c: any bytes, opened as a workbook file
 *
 * Opening must refuse with one of CONCORD_ERROR's codes or give a
 * workbook whose reads and edits work or fail with a message; never a
 * crash, a hang or memory misuse, whatever the file says.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fuzz-common.h"

static char *path;
static char *wal;
static char *shm;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  path = g_build_filename (fuzz_scratch_dir (), "input.concord", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  return 0;
}

static void
exercise (ConcordWorkbook *workbook)
{
  const char * const *tables = concord_workbook_get_tables (workbook);
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordFields) fields = concord_fields_new ();

  for (guint i = 0; tables != NULL && tables[i] != NULL; i++)
    concord_workbook_count (workbook, tables[i]);

  concord_workbook_check_integrity (workbook, NULL, NULL);
  g_free (concord_workbook_dup_meta (workbook, "currency"));

  concord_fields_set_string (fields, "name", "Fuzzed account");
  if (concord_workbook_insert (workbook, "accounts", fields, &error) > 0)
    {
      if (!concord_workbook_undo (workbook, &error))
        g_assert (error != NULL);
    }
  else
    g_assert (error != NULL);
}

static void
try_open (ConcordOpenFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordWorkbook) workbook = concord_workbook_open (path, flags, &error);

  if (workbook == NULL)
    {
      g_assert (error != NULL && error->domain == CONCORD_ERROR);
      return;
    }

  exercise (workbook);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_strconcat (path, ".v0.bak", NULL);

  g_remove (wal);
  g_remove (shm);
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    g_error ("%s", error->message);

  try_open (CONCORD_OPEN_READ_ONLY);
  try_open (CONCORD_OPEN_DEFAULT);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_remove (backup);

  return 0;
}
