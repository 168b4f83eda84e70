#!/usr/bin/env python3
"""Check that SQLite stays behind the store's private headers.

Usage: check-walls.py SOURCE_ROOT
       check-walls.py --self-test

Fails (exit 1) when
- a file under src/app, src/cli or src/report includes <sqlite3.h> or one
  of the core's private headers (src/core/*-private.h);
- a public header of the core (src/core/*.h not named *-private.h)
  includes <sqlite3.h> or a private header, which would hand SQLite to
  every widget that includes it.

The core's .c files and white-box tests may include the private headers.
"""

import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*[<"]([^>"]+)[>"]', re.MULTILINE)
OUTSIDE = ('src/app', 'src/cli', 'src/report')


def includes(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for match in INCLUDE.finditer(text):
        line = text.count('\n', 0, match.start()) + 1
        yield line, match.group(1)


def private_headers(root):
    core = os.path.join(root, 'src', 'core')
    return {name for name in os.listdir(core) if name.endswith('-private.h')}


def sources(folder):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(('.c', '.h')):
                yield os.path.join(dirpath, name)


def check(root):
    problems = []
    private = private_headers(root)

    def forbidden(header):
        return header == 'sqlite3.h' or os.path.basename(header) in private

    for top in OUTSIDE:
        for path in sources(os.path.join(root, top)):
            for line, header in includes(path):
                if forbidden(header):
                    problems.append(f'{os.path.relpath(path, root)}:{line}: includes {header}; '
                                    'widgets and the command line reach the store through '
                                    'its public headers only')

    core = os.path.join(root, 'src', 'core')
    for name in sorted(os.listdir(core)):
        if not name.endswith('.h') or name.endswith('-private.h'):
            continue
        path = os.path.join(core, name)
        for line, header in includes(path):
            if forbidden(header):
                problems.append(f'src/core/{name}:{line}: a public header includes {header}; '
                                'move what needs it into a -private.h')

    return problems


def write(root, relpath, text):
    path = os.path.join(root, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def self_test():
    """The check finds each kind of breach, and passes a clean tree."""
    cases = {
        'clean': ({}, 0),
        'app includes sqlite3.h': ({'src/app/shell/concord-window.c': '#include <sqlite3.h>\n'}, 1),
        'cli includes the private header':
            ({'src/cli/concord-cli.c': '#  include "concord-workbook-private.h"\n'}, 1),
        'public core header includes sqlite3.h': ({'src/core/concord-record.h': '#include <sqlite3.h>\n'}, 1),
        'public core header includes a private one':
            ({'src/core/concord-versions.h': '#include "concord-workbook-private.h"\n'}, 1),
    }
    base = {
        'src/core/concord-workbook-private.h': '#include <sqlite3.h>\n',
        'src/core/concord-workbook.h': '#include <gio/gio.h>\n',
        'src/core/concord-workbook.c': '#include "concord-workbook-private.h"\n',
        'src/app/concord-page.c': '#include "concord-workbook.h"\n/* #include <sqlite3.h> */\n',
        'src/cli/concord-cli.c': '#include "concord-workbook.h"\n',
        'src/report/concord-report-cairo.c': '#include <cairo.h>\n',
    }
    failed = False
    for name, (files, expected) in cases.items():
        with tempfile.TemporaryDirectory() as root:
            for relpath, text in {**base, **files}.items():
                write(root, relpath, text)
            found = len(check(root))
        if found != expected:
            print(f'self-test “{name}”: expected {expected} problem(s), found {found}')
            failed = True
    return 1 if failed else 0


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if sys.argv[1] == '--self-test':
        return self_test()

    problems = check(sys.argv[1])
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
