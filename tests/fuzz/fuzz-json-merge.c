/* fuzz-json-merge.c: any bytes, merged into a workbook that has met a peer
 *
 * The workbook first imports tests/fuzz/corpus/json-merge/peer.json, so it
 * holds records the input can name and a meeting point: the three-way
 * path of the merge (changed here, changed there, both) is reached, not
 * only the adding of new records. The input must be refused with a
 * message, or planned and applied as one undo step that undo takes back.
 */
#include "config.h"

#include "concord-exchange.h"
#include "fuzz-common.h"

static ConcordWorkbook *
met_workbook (void)
{
  static ConcordWorkbook *workbook;

  if (workbook == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ConcordMergePlan) plan = NULL;
      g_autofree char *path = g_build_filename (fuzz_scratch_dir (), "met.concord", NULL);
      g_autofree char *peer = g_build_filename (FUZZ_CORPUS_DIR, "json-merge", "peer.json", NULL);

      workbook = concord_workbook_open (path, CONCORD_OPEN_CREATE, &error);
      if (workbook == NULL)
        g_error ("%s", error->message);
      plan = concord_merge_plan_new_from_file (workbook, peer, &error);
      if (plan == NULL || !concord_merge_plan_apply (plan, &error))
        g_error ("%s", error->message);
      concord_workbook_clear_history (workbook);
    }

  return workbook;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  met_workbook ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConcordMergePlan) plan = NULL;
  ConcordWorkbook *workbook = met_workbook ();
  gint64 accounts_before = concord_workbook_count (workbook, "accounts");
  gint64 people_before = concord_workbook_count (workbook, "people");

  plan = concord_merge_plan_new_from_data (workbook, (const char *) data, (gssize) size,
                                           "fuzz.json", &error);
  if (plan == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  /* Each way of settling conflicts walks its own branch of the apply. */
  concord_merge_plan_resolve_all (plan, size % 2 ? CONCORD_RESOLVE_MINE : CONCORD_RESOLVE_THEIRS);
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
  g_assert (concord_workbook_count (workbook, "people") == people_before);

  return 0;
}
