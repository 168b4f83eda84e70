/* fuzz-json-import.c: any bytes, read as a Concord JSON document
 *
 * Merging it into a workbook must either refuse with a message or apply
 * as one undo step that undo takes back whole.
 */
#include "config.h"

#include "concord-exchange.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_shared_workbook ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  ConcordWorkbook *workbook = fuzz_shared_workbook ();
  gint64 accounts_before = concord_workbook_count (workbook, "accounts");
  gint64 teams_before = concord_workbook_count (workbook, "teams");

  plan = concord_merge_plan_new_from_data (workbook, (const char *) data, (gssize) size,
                                           "fuzz.json", &error);
  if (plan == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  concord_merge_plan_resolve_all (plan, CONCORD_RESOLVE_THEIRS);
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
  g_assert (concord_workbook_count (workbook, "accounts") == accounts_before);
  g_assert (concord_workbook_count (workbook, "teams") == teams_before);

  return 0;
}
