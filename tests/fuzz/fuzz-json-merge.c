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
  /* Each way of settling conflicts walks its own branch of the apply. */
  fuzz_merge_and_undo (met_workbook (), data, size,
                       size % 2 ? CONCORD_RESOLVE_MINE : CONCORD_RESOLVE_THEIRS);

  return 0;
}
