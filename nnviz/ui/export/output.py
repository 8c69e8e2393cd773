"""Writing exported files: all or nothing (a temporary file in the same folder, then a rename).

One small function, so it can give way to the shared atomic writer of `nnviz.io`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from nnviz.errors import NnvizError


class ExportError(NnvizError):
    """An image or file that could not be written (bad path, no permission, full disk, empty view)."""


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write data to path in one step: on any failure the old file (or no file) stays, and no temp file is left."""

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    return replace_atomically(path, write)


def replace_atomically(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Let `write` fill a temporary file next to path, then rename it over path (ExportError on failure)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not path.is_file():
        raise ExportError(f"cannot write {path}: it exists and is not a regular file")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist")
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        write(Path(tmp))
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    return path


def _mode_for(path: Path) -> int:
    """The mode of the file being replaced, or rw-r--r-- (less the umask's bits) for a new one."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o644 & ~umask
