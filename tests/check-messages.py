#!/usr/bin/env python3
"""Check that every translatable message can be found in a catalogue.

Usage: check-messages.py SOURCE_ROOT

xgettext reads string literals only: in `_("%" G_GINT64_FORMAT " items")`
it cannot see the GLib macro, so the msgid it extracts is not the string
the program looks up, and the message stays English in every language.
Use `"%" PRId64` (from <inttypes.h>), which gettext understands.
Fails (exit 1) naming each gettext call in src/ that pastes a GLib
format macro into its message.
"""

import os
import re
import sys

CALL = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dngettext|g_dgettext|g_dpgettext2?|d?ngettext)\s*\(')
MACRO = re.compile(r'\bG_G[A-Z0-9]*_FORMAT\b|\bG_GSIZE_FORMAT\b|\bG_GSSIZE_FORMAT\b')
LITERAL = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')


def call_text(text, start):
    """The text of the call opening at @start, up to its closing parenthesis."""
    depth = 0
    i = start
    while i < len(text):
        literal = LITERAL.match(text, i)
        if literal:
            i = literal.end()
            continue
        if text[i] == '(':
            depth += 1
        elif text[i] == ')':
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
        i += 1
    return text[start:]


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = sys.argv[1]
    problems = []
    for folder, _dirs, files in os.walk(os.path.join(root, 'src')):
        for name in sorted(files):
            if not name.endswith('.c'):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            for call in CALL.finditer(text):
                found = MACRO.search(call_text(text, call.end() - 1))
                if found:
                    line = text.count('\n', 0, call.start()) + 1
                    problems.append(f'{os.path.relpath(path, root)}:{line}: {found.group(0)} in a '
                                    'translatable message; use "%" PRId64 or PRIu64 instead')
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
