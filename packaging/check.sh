#!/usr/bin/env bash
# Build the bundle, then check it as a user would: --version, --smoke (offscreen), and --install-desktop
# into a temporary HOME (files validated, Exec pointing at the bundle), then --uninstall-desktop.
#   bash packaging/check.sh            (about 3 minutes on 2 cores; not part of .ci/run)
#   SKIP_BUILD=1 bash packaging/check.sh   (check dist/nnviz as it is)
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${DIST:-dist}
[ -n "${SKIP_BUILD:-}" ] || bash packaging/build.sh --distpath "$DIST"
APP="$(cd "$DIST/nnviz" && pwd)/nnviz"
fail() { echo "check: FAILED: $*" >&2; exit 1; }

"$APP" --version | grep -q "^nnviz-studio " || fail "--version"
QT_QPA_PLATFORM=offscreen "$APP" --smoke || fail "--smoke"

HOME_DIR=$(mktemp -d)
trap 'rm -rf "$HOME_DIR"' EXIT
HOME="$HOME_DIR" XDG_DATA_HOME="" "$APP" --install-desktop
SHARE="$HOME_DIR/.local/share"
ENTRY="$SHARE/applications/nnviz.desktop"
[ -f "$ENTRY" ] || fail "no launcher at $ENTRY"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$ENTRY" || fail "desktop-file-validate"; fi
grep -qx "Exec=$APP %f" "$ENTRY" || fail "Exec does not point at the bundle: $(grep ^Exec "$ENTRY")"
for size in 16 24 32 48 64 128 256 512; do
  [ -s "$SHARE/icons/hicolor/${size}x${size}/apps/nnviz.png" ] || fail "no ${size}px icon"
done
python3 -c "import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])" "$SHARE/mime/packages/nnviz.xml" \
  || fail "MIME XML does not parse"
if command -v update-mime-database >/dev/null; then
  [ -f "$SHARE/mime/application/x-nnviz-session.xml" ] || fail "the MIME database does not know .nnviz"
fi
HOME="$HOME_DIR" XDG_DATA_HOME="" "$APP" --uninstall-desktop
left=$(find "$SHARE" -name 'nnviz*' | head -5)
[ -z "$left" ] || fail "left behind: $left"
echo "check: the bundle at $APP passed --version, --smoke, --install-desktop and --uninstall-desktop"
