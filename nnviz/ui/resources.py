"""The one resolver for resources (icons), installed, run from source or frozen by PyInstaller."""

from __future__ import annotations

import logging
import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)

APP_ICON = "nnviz.svg"
APP_ICON_PNG = "nnviz.png"


def _candidates() -> list[Path]:
    """Folders that may hold the resources, most specific first."""
    here = Path(__file__).resolve().parent  # .../nnviz/ui
    found: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller: the spec file copies resources/ to nnviz/resources
        found += [Path(frozen_root) / "nnviz" / "resources", Path(frozen_root) / "resources"]
    found.append(here.parent / "resources")  # installed package data, or the source symlink
    found.append(here.parent.parent / "resources")  # a source checkout without the symlink
    return found


@cache
def resource_dir() -> Path:
    """The folder that holds nnviz's resources (the first candidate that has the app icon)."""
    for folder in _candidates():
        if (folder / APP_ICON).is_file():
            return folder
    log.warning("nnviz resources not found; looked in %s", ", ".join(map(str, _candidates())))
    return _candidates()[0]


def resource_path(name: str) -> Path:
    """The path of one resource, e.g. "icons/play.svg" (it may not exist)."""
    return resource_dir() / name


@cache
def icon(name: str) -> QIcon:
    """A QIcon from resources/icons/<name>.svg (an empty icon when missing)."""
    path = resource_path(f"icons/{name}.svg")
    if not path.is_file():
        log.warning("icon %s is missing", path)
        return QIcon()
    return QIcon(str(path))


@cache
def app_icon() -> QIcon:
    """The application icon, as SVG with a PNG fallback."""
    result = QIcon()
    for name in (APP_ICON, APP_ICON_PNG):
        path = resource_path(name)
        if path.is_file():
            result.addFile(str(path))
    return result
