#!/usr/bin/env python3
"""Check one translation: po/LANG.po passes `msgfmt --check` (formats,
plural forms, header) and `--check-accelerators=_` (mnemonics), and has
no untranslated or fuzzy message, counted against the messages the
sources hold today (po/POTFILES.in read by xgettext, then msgmerge), so
a new message with no translation fails here rather than in a release.

Usage: check-po.py MSGFMT PO_FILE

A fuzzy message is shown in English, so it counts as missing.
"""

import os
import re
import subprocess
import sys
import tempfile

# The keywords of meson's i18n 'glib' preset.
KEYWORDS = ['_', 'N_', 'C_:1c,2', 'NC_:1c,2', 'g_dcgettext:2', 'g_dngettext:2,3',
            'g_dpgettext2:2c,3', 'ngettext:1,2']


def merged_with_sources(po, folder):
    """@po merged with the messages of today's sources, written in @folder."""
    po_dir = os.path.dirname(os.path.abspath(po))
    root = os.path.dirname(po_dir)
    pot = os.path.join(folder, 'concord.pot')
    merged = os.path.join(folder, os.path.basename(po))
    subprocess.run(['xgettext', '--from-code=UTF-8', '--add-comments', '--directory', root,
                    '--files-from', os.path.join(po_dir, 'POTFILES.in'), '-o', pot]
                   + ['--keyword=' + k for k in KEYWORDS], check=True)
    subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', po, pot, '-o', merged],
                   check=True)
    return merged


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    msgfmt, po = sys.argv[1:]
    with tempfile.TemporaryDirectory() as folder:
        return check(msgfmt, po, merged_with_sources(po, folder))


def check(msgfmt, po, merged):
    # --check-accelerators: a label's mnemonic (_Open) keeps exactly one
    # underscore in the translation.
    result = subprocess.run([msgfmt, '--check', '--check-accelerators=_', '--statistics',
                             '-o', '/dev/null', merged],
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
