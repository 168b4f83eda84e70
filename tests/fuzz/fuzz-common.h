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

G_END_DECLS
