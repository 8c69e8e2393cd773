#!/usr/bin/env bash
# Set up nnviz on a fresh Debian/Ubuntu machine: system libraries Qt needs, then a venv.
#   bash packaging/setup.sh          # the app
#   bash packaging/setup.sh --test   # the app plus the test tools
# A second run with the same pyproject.toml and extra skips pip (stamp: .venv/.nnviz-install-stamp).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="libegl1 libgl1 libfontconfig1 fonts-dejavu-core libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-randr0
  libxcb-xinerama0 libxcb-xkb1 xvfb xauth"
# the tests also check launchers with desktop-file-validate
[ "${1:-}" = "--test" ] && APT_PACKAGES="$APT_PACKAGES desktop-file-utils"
if command -v apt-get >/dev/null 2>&1; then
  missing=""
  for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
EXTRA=""
[ "${1:-}" = "--test" ] && EXTRA="[test]"
# Skip pip when nothing it reads has changed: the stamp holds a hash of pyproject.toml, the extra and the Python.
STAMP=.venv/.nnviz-install-stamp
WANT=$({ cat pyproject.toml; echo "extra=$EXTRA"; .venv/bin/python -c 'import sys; print(sys.version)'; } \
  | sha256sum | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && .venv/bin/python -c 'import nnviz' 2>/dev/null; then
  exit 0
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${EXTRA}"
# compile the training kernels (nnviz/engine/kernels/) into numba's cache now, not at the first Play (4-15 s);
# with Adam, whose update is a kernel of its own (the step is the same for every optimizer)
.venv/bin/nnviz train --epochs 1 --points 40 --optimizer adam >/dev/null \
  || echo "setup: the kernels were not compiled ahead" >&2
# and their version with products on the grid, which wide layers take (64 wide, batch 32: 7-25 s the first time)
.venv/bin/nnviz train --epochs 1 --points 64 --hidden 64,64 --batch 32 >/dev/null \
  || echo "setup: the wide networks' kernels were not compiled ahead" >&2
echo "$WANT" > "$STAMP"
