/* fuzz-workbook-open.c: any bytes, opened as a workbook file
 *
 * Opening must refuse with one of CONCORD_ERROR's codes or give a
 * workbook whose reads and edits work or fail with a message; never a
 * crash, a hang or memory misuse, whatever the file says.
 *
 * An input is the workbook's bytes, or a workbook with a log beside it:
 * "CNCDPAIR", 'w' (a -wal) or 'j' (a -journal), the length of the
 * workbook as 4 bytes big-endian, the workbook, then the log.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-common.h"

#define PAIR_MAGIC "CNCDPAIR"
#define PAIR_HEADER (sizeof PAIR_MAGIC - 1 + 1 + 4)

static char *path;
static char *wal;
static char *shm;
static char *journal;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  path = g_build_filename (fuzz_scratch_dir (), "input.concord", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  journal = g_strconcat (path, "-journal", NULL);
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

static void
write_file (const char    *file,
            const uint8_t *data,
            size_t         size)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (file, (const char *) data, (gssize) size, &error))
    g_error ("%s", error->message);
}

static void
remove_files (void)
{
  g_autofree char *backup = g_strconcat (path, ".v0.bak", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_remove (journal);
  g_remove (backup);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  size_t magic = sizeof PAIR_MAGIC - 1;

  remove_files ();
  if (size >= PAIR_HEADER && memcmp (data, PAIR_MAGIC, magic) == 0 &&
      (data[magic] == 'w' || data[magic] == 'j'))
    {
      const uint8_t *p = data + magic + 1;
      size_t length = ((size_t) p[0] << 24) | ((size_t) p[1] << 16) | ((size_t) p[2] << 8) | p[3];

      length = MIN (length, size - PAIR_HEADER);
      write_file (path, data + PAIR_HEADER, length);
      write_file (data[magic] == 'w' ? wal : journal,
                  data + PAIR_HEADER + length, size - PAIR_HEADER - length);
    }
  else
    write_file (path, data, size);

  try_open (CONCORD_OPEN_READ_ONLY);
  try_open (CONCORD_OPEN_DEFAULT);
  remove_files ();

  return 0;
}
