#!/bin/sh
# Render every page of the sample company to docs/screenshots/, in light
# and dark mode, and narrow: the README and the AppStream metainfo use
# them. Needs a build in ./build and xvfb-run.
#
#   build-aux/screenshots.sh [BUILD_DIR]
set -eu

cd "$(dirname "$0")/.."
build=${1:-build}
out=docs/screenshots
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

"$build/src/cli/concord-cli" init "$tmp/Tessaline.concord" --sample >/dev/null

shoot () {
  page=$1; file=$2; shift 2
  env XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
      GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory \
      GSK_RENDERER=cairo NO_AT_BRIDGE=1 LC_ALL=C.UTF-8 \
    xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- \
    "$build/src/app/concord" --workbook "$tmp/Tessaline.concord" \
      --screenshot "$out/$file.png" --page "$page" "$@" >/dev/null 2>&1
}

for page in dashboard plans accounts processes roles roadmap people; do
  shoot "$page" "$page" --color-scheme light --width 1280 --height 800
  shoot "$page" "$page-dark" --color-scheme dark --width 1280 --height 800
  shoot "$page" "$page-narrow" --color-scheme light --width 380 --height 760
done

ls "$out"
