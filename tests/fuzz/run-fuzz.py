#!/usr/bin/env python3
"""Runs one libFuzzer target for a bounded time, writing nothing into the
source tree: the seed corpus and the crash reproducers are copied into a
temporary folder that the fuzzer grows and that is removed afterwards.

    run-fuzz.py FUZZER CORPUS_DIR REGRESSIONS_DIR [libFuzzer options...]

A crash leaves its input in the log (as base64) and names where to put it
(REGRESSIONS_DIR) so that the replay test keeps it from coming back.
"""
import base64
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    fuzzer, corpus, regressions = sys.argv[1:4]
    options = sys.argv[4:]
    with tempfile.TemporaryDirectory(prefix='concord-fuzz-') as tmp:
        work = os.path.join(tmp, 'corpus')
        os.mkdir(work)
        for source in (corpus, regressions):
            if os.path.isdir(source):
                for name in sorted(os.listdir(source)):
                    shutil.copy(os.path.join(source, name), work)
        artifacts = os.path.join(tmp, 'artifacts') + os.sep
        os.mkdir(artifacts)
        command = [fuzzer, *options, '-artifact_prefix=' + artifacts,
                   '-print_final_stats=1', work]
        print(' '.join(command), flush=True)
        status = subprocess.call(command)
        for name in sorted(os.listdir(artifacts)):
            with open(os.path.join(artifacts, name), 'rb') as f:
                data = f.read()
            print(f'\n{name} ({len(data)} bytes), save it under {regressions}/:')
            print(base64.b64encode(data).decode())
        # libFuzzer reports a crash with exit status 77, which meson
        # reads as a skipped test: a crash must fail.
        return 0 if status == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
