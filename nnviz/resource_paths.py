"""nnviz's resources (icons, lessons): the files of the top-level `resources/` folder, found installed,
from source or frozen.

`resource_path("icons/play.svg")` is the one way to a resource. From a source checkout, `nnviz/resources`
is a link to the top-level `resources/`; a wheel holds a copy there as package data. A PyInstaller bundle
copies them to `<sys._MEIPASS>/nnviz/resources`, looked at first when `sys.frozen` is set.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

HERE = (Path(__file__).resolve().parent / "resources").resolve()  # the link, followed, from a source checkout
BUNDLE_SUBDIR = ("nnviz", "resources")  # where the spec file puts this folder inside a bundle


def search_path() -> list[Path]:
    """The folders that may hold the resources, in the order they are searched."""
    folders: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        folders.append(Path(bundle).joinpath(*BUNDLE_SUBDIR))
    folders.append(HERE)
    return folders


def resource_path(name: str) -> Path:
    """The file (or folder) `name` under the resources, e.g. "icons/play.svg" or "lessons".

    The first folder of `search_path()` that has it; where none has it, the path it would have in the first.
    """
    folders = search_path()
    for folder in folders:
        candidate = folder / name
        if candidate.exists():
            return candidate
    log.debug("resource %s not found in %s", name, ", ".join(map(str, folders)))
    return folders[0] / name


def resource_files(folder: str, pattern: str = "*") -> list[Path]:
    """The files of one resource folder matching a glob pattern, sorted by name."""
    found = resource_path(folder)
    return sorted(p for p in found.glob(pattern) if p.is_file()) if found.is_dir() else []
