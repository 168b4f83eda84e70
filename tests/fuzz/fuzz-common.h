/* fuzz-common.h: what every fuzz target shares
 *
 * Each target defines LLVMFuzzerInitialize and LLVMFuzzerTestOneInput.
 * With -Dfuzzing=true they link libFuzzer; otherwise fuzz-replay.c gives
 * them a main() that runs the seed corpus and the crash reproducers in
 * tests/data/regressions/, so every crash ever found stays a test.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "concord-exchange.h"
#include "concord-workbook.h"

G_BEGIN_DECLS

int  LLVMFuzzerInitialize   (int           *argc,
                             char        ***argv);
int  LLVMFuzzerTestOneInput (const uint8_t *data,
                             size_t         size);

/* A fresh empty workbook in a temporary folder that is removed at exit;
 * the targets import into it and undo, so one serves every input. */
ConcordWorkbook *fuzz_shared_workbook (void);
/* A path in that folder for a target's scratch file. */
const char      *fuzz_scratch_dir     (void);
/* Merges @data as a JSON document into @workbook, settling conflicts with
 * @resolution: it is refused with a message, or applied and undone
 * whole; either way the workbook keeps its records. */
void             fuzz_merge_and_undo  (ConcordWorkbook *workbook,
                                       const uint8_t   *data,
                                       size_t           size,
                                       ConcordResolution resolution);

G_END_DECLS
