#!/bin/sh
# Rewrites the files written from the table description in
# src/core/concord-tables.c: data/concord-workbook.schema.json and the
# tables part of docs/schema.md. tests/test-tables.c fails until they are
# current. Usage: build-aux/update-generated.sh [BUILDDIR]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cli=${1:-$top/build}/src/cli/concord-cli
doc=$top/docs/schema.md
begin='<!-- The tables below are written by concord-cli describe --markdown (build-aux/update-generated.sh): change src/core/concord-tables.c, not them. -->'
end='<!-- End of the tables written by concord-cli describe --markdown. -->'

"$cli" describe --json-schema --output "$top/data/concord-workbook.schema.json"

tables=$(mktemp)
trap 'rm -f "$tables" "$doc.new"' EXIT
"$cli" describe --markdown --output "$tables"

grep -qxF "$begin" "$doc" && grep -qxF "$end" "$doc" || {
  echo "update-generated.sh: $doc lacks the lines that mark its tables" >&2
  exit 1
}
awk -v begin="$begin" -v end="$end" -v tables="$tables" '
  $0 == begin { print; while ((getline line < tables) > 0) print line; skip = 1; next }
  $0 == end { skip = 0 }
  !skip { print }
' "$doc" > "$doc.new"
mv "$doc.new" "$doc"
