"""The one version number: pyproject.toml's, read from the installed metadata (or the source tree's pyproject)."""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

DISTRIBUTION = "nnviz-studio"
UNKNOWN = "0+unknown"
_PYPROJECT_VERSION = re.compile(r'^version\s*=\s*"([^"]+)"', re.MULTILINE)


def _from_pyproject(pyproject: Path) -> str:
    """The version line of a pyproject.toml ("" when there is none)."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return ""
    found = _PYPROJECT_VERSION.search(text)
    return found.group(1) if found else ""


@cache
def version() -> str:
    """nnviz's version, e.g. "0.1.0": the distribution's metadata, else the source tree's pyproject.toml."""
    # lazy: the metadata is read only when the version is asked for
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    if not getattr(sys, "frozen", False):  # a source checkout that was never installed
        found = _from_pyproject(Path(__file__).resolve().parents[1] / "pyproject.toml")
        if found:
            return found
    return UNKNOWN


def version_line() -> str:
    """What `nnviz --version` prints: "nnviz-studio 0.1.0"."""
    return f"{DISTRIBUTION} {version()}"
