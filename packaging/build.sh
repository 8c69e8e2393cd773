#!/usr/bin/env bash
# Build the one-folder desktop app dist/nnviz/ (dist/nnviz/nnviz) with PyInstaller; run from anywhere.
#   bash packaging/build.sh [--distpath DIR --workpath DIR]   (extra arguments go to PyInstaller)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash packaging/setup.sh
if ! .venv/bin/python -c 'import PyInstaller' 2>/dev/null; then
  echo "installing PyInstaller into .venv"
  .venv/bin/python -m pip install -q pyinstaller
fi
DIST=dist
prev=""
for arg in "$@"; do [ "$prev" = "--distpath" ] && DIST=$arg; prev=$arg; done
start=$(date +%s.%N)
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN "$@" packaging/nnviz.spec
if [ "$(uname)" = Linux ] && command -v strip >/dev/null; then  # the interpreter's debug symbols only
  strip --strip-debug "$DIST"/nnviz/_internal/libpython3*.so* "$DIST"/nnviz/_internal/python3*/lib-dynload/*.so \
    2>/dev/null || true
fi
end=$(date +%s.%N)
size=$(du -sm "$DIST/nnviz" | cut -f1)
printf 'built %s/nnviz/nnviz: %s MB in %.0f s\n' "$DIST" "$size" "$(echo "$end - $start" | bc)"
