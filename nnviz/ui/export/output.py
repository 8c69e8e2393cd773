"""Writing exported files all or nothing, through nnviz's one atomic writer (`nnviz.io.write_atomic`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from nnviz.errors import NnvizError
from nnviz.io import write_atomic


class ExportError(NnvizError):
    """An image or file that could not be written (bad path, no permission, full disk, empty view)."""


def write_atomically(path: str | os.PathLike[str], data: bytes, what: str = "the export") -> Path:
    """Write data to path in one step: on any failure the old file (or no file) stays, and no temp file is left."""
    write_atomic(path, data, error=ExportError, what=what)
    return Path(path)


def replace_atomically(path: str | os.PathLike[str], write: Callable[[Path], None], what: str = "the export") -> Path:
    """Let `write` fill a temporary file next to path, then rename it over path (ExportError on failure)."""
    write_atomic(path, lambda tmp: write(Path(tmp)), error=ExportError, what=what)
    return Path(path)
