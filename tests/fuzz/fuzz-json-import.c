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
  fuzz_merge_and_undo (fuzz_shared_workbook (), data, size, CONCORD_RESOLVE_THEIRS);

  return 0;
}
