#!/usr/bin/env python3
"""Check that po/POTFILES.in lists every file with translatable strings.

Usage: check-potfiles.py SOURCE_ROOT

Scans src/ (*.c), src/ (*.ui) and data/ (*.in, *.xml) under SOURCE_ROOT.
Fails (exit 1) when a file with translatable strings is missing from
po/POTFILES.in, or when POTFILES.in names a file that does not exist.
A file listed in po/POTFILES.skip (if present) is deliberately left out.
"""

import os
import re
import sys

# A gettext call in C: _( N_( C_( NC_( Q_( and the ngettext family.
C_MARKER = re.compile(
    r'(?<![A-Za-z0-9_])'
    r'(?:_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2?|g_dgettext|d?ngettext)'
    r'\s*\(')

# A literal, a comment or a preprocessor definition is not a call.
C_NOISE = re.compile(
    r'//[^\n]*'
    r'|/\*.*?\*/'
    r'|"(?:\\.|[^"\\\n])*"'
    r"|'(?:\\.|[^'\\\n])*'"
    r'|^[ \t]*#[ \t]*define\b(?:\\\n|[^\n])*',
    re.DOTALL | re.MULTILINE)

UI_MARKER = re.compile(r'''translatable\s*=\s*["'](?:yes|true|1)["']''',
                       re.IGNORECASE)

DESKTOP_MARKER = re.compile(
    r'^(?:Name|GenericName|Comment|Keywords|X-GNOME-FullName)\s*=',
    re.MULTILINE)

METAINFO_MARKER = re.compile(
    r'<(?:name|summary|description|caption|developer_name)\b')

SCHEMA_MARKER = re.compile(r'<(?:summary|description)\b|\bl10n\s*=')

MIME_MARKER = re.compile(r'<mime-info\b[\s\S]*<comment\b')


def read_text(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        return f.read()


def has_c_strings(text):
    return bool(C_MARKER.search(C_NOISE.sub(' ', text)))


def has_data_strings(name, text):
    """Whether a file in data/ holds strings that gettext would extract."""
    if UI_MARKER.search(text):
        return True
    if name.endswith('.desktop.in'):
        return bool(DESKTOP_MARKER.search(text))
    if name.endswith(('.metainfo.xml.in', '.appdata.xml.in')):
        return bool(METAINFO_MARKER.search(text))
    if name.endswith(('.gschema.xml', '.gschema.xml.in')):
        return bool(SCHEMA_MARKER.search(text))
    if name.endswith(('.xml', '.xml.in')):
        return bool(MIME_MARKER.search(text))
    return False


def walk(root, top, suffixes):
    """Yield source-root-relative paths with '/' separators, sorted."""
    base = os.path.join(root, top)
    found = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
        for name in filenames:
            if name.endswith(suffixes):
                full = os.path.join(dirpath, name)
                found.append(os.path.relpath(full, root).replace(os.sep, '/'))
    return sorted(found)


def translatable_files(root):
    files = []
    for path in walk(root, 'src', ('.c',)):
        if has_c_strings(read_text(os.path.join(root, path))):
            files.append(path)
    for path in walk(root, 'src', ('.ui',)):
        if UI_MARKER.search(read_text(os.path.join(root, path))):
            files.append(path)
    for path in walk(root, 'data', ('.in', '.xml')):
        name = os.path.basename(path)
        if has_data_strings(name, read_text(os.path.join(root, path))):
            files.append(path)
    return files


def read_list(path):
    """Paths in a POTFILES-style list: one a line, '#' starts a comment."""
    entries = []
    if not os.path.exists(path):
        return entries
    for line in read_text(path).splitlines():
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        # Tolerate intltool's "[type: gettext/glade]path" prefix.
        line = re.sub(r'^\[[^\]]*\]\s*', '', line)
        entries.append(line)
    return entries


def main(argv):
    if len(argv) != 2:
        print('usage: check-potfiles.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = argv[1]
    potfiles_in = os.path.join(root, 'po', 'POTFILES.in')
    if not os.path.isfile(potfiles_in):
        print(f'{potfiles_in}: not found', file=sys.stderr)
        return 1

    listed = read_list(potfiles_in)
    skipped = read_list(os.path.join(root, 'po', 'POTFILES.skip'))
    found = translatable_files(root)
    ok = True

    for path in listed + skipped:
        if not os.path.isfile(os.path.join(root, path)):
            print(f'{path}: listed in po/POTFILES.{"skip" if path in skipped else "in"}'
                  ' but does not exist')
            ok = False

    missing = [p for p in found if p not in listed and p not in skipped]
    for path in missing:
        print(f'{path}: has translatable strings; add it to po/POTFILES.in')
    if missing:
        ok = False

    if not ok:
        return 1
    count = len([p for p in found if p in listed])
    print(f'POTFILES.in lists all {count} files with translatable strings')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
