#!/usr/bin/env python3
"""Check one translation: po/LANG.po passes `msgfmt --check` (formats,
plural forms, header) and `--check-accelerators=_` (mnemonics), and has
no untranslated or fuzzy message.

Usage: check-po.py MSGFMT PO_FILE

A fuzzy message is shown in English, so it counts as missing.
"""

import re
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    msgfmt, po = sys.argv[1:]
    # --check-accelerators: a label's mnemonic (_Open) keeps exactly one
    # underscore in the translation.
    result = subprocess.run([msgfmt, '--check', '--check-accelerators=_', '--statistics',
                             '-o', '/dev/null', po],
                            capture_output=True, text=True)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        print(f'{po}: msgfmt --check failed', file=sys.stderr)
        return 1
    fuzzy = re.search(r'(\d+) fuzzy', result.stderr)
    untranslated = re.search(r'(\d+) untranslated', result.stderr)
    translated = re.search(r'(\d+) translated', result.stderr)
    problems = []
    if fuzzy:
        problems.append(f'{fuzzy.group(1)} fuzzy')
    if untranslated:
        problems.append(f'{untranslated.group(1)} untranslated')
    if not translated:
        problems.append('no translated message')
    if problems:
        print(f'{po}: {", ".join(problems)}; see “Translations” in docs/HACKING.md',
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
