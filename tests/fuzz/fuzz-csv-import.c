/* fuzz-csv-import.c: any bytes, read as a CRM's CSV export
 *
 * The reader must stop with an error or finish, and the account and
 * contact imports must either save rows that pass the schema or refuse
 * with a message; undo must then take the workbook back to empty.
 */
#include "config.h"

#include "concord-account-import.h"
#include "concord-csv.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_shared_workbook ();
  return 0;
}

static void
read_all (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordCsvReader) reader = concord_csv_reader_new (bytes, &error);
  GPtrArray *cells = NULL;
  guint line = 0;

  if (reader == NULL)
    return;

  while (concord_csv_reader_next (reader, &cells, &line, &error))
    {
      g_assert (cells != NULL);
      g_ptr_array_unref (cells);
      cells = NULL;
    }
  g_assert (concord_csv_reader_get_fraction (reader) >= 0.0);
}

static void
import (ConcordWorkbook   *workbook,
        ConcordImportKind  kind,
        GBytes            *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordAccountImport) import = NULL;

  import = concord_account_import_new (workbook, kind, bytes, &error);
  /* What a user does next: choose the encoding the message suggests. */
  if (import == NULL && g_error_matches (error, CONCORD_ERROR, CONCORD_ERROR_ENCODING))
    {
      g_clear_error (&error);
      import = concord_account_import_new_full (workbook, kind, bytes, "WINDOWS-1252", &error);
    }
  if (import == NULL)
    {
      g_assert (error != NULL);
      return;
    }

  concord_account_import_set_skip_rejected (import, TRUE);
  if (concord_account_import_run (import, NULL, &error))
    {
      g_autofree char *summary = concord_account_import_dup_summary (import);

      g_assert (summary != NULL);
      if (concord_workbook_can_undo (workbook) &&
          !concord_workbook_undo (workbook, &error))
        g_error ("undo after an import failed: %s", error->message);
    }
  else
    g_assert (error != NULL);

  concord_workbook_clear_history (workbook);
  g_assert (!concord_workbook_in_edit (workbook));
  g_assert (concord_workbook_count (workbook, "accounts") == 0);
  g_assert (concord_workbook_count (workbook, "contacts") == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  ConcordWorkbook *workbook = fuzz_shared_workbook ();

  read_all (bytes);
  import (workbook, CONCORD_IMPORT_ACCOUNTS, bytes);
  import (workbook, CONCORD_IMPORT_CONTACTS, bytes);

  return 0;
}
