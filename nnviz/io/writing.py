"""Writing files atomically: a save either replaces the whole file or leaves the old one untouched.

Every file nnviz writes (sessions, CSV, network JSON, exported images) goes
through `write_atomic`: the content goes to a temporary file in the same
folder, is flushed to disk (fsync), and then renamed over the target with
`os.replace`. Devices, FIFOs, sockets and folders are refused; a symlink is
followed, so its target is replaced and the link is kept.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable

from nnviz.errors import NnvizError
from nnviz.io.reading import kind_of

Content = bytes | str | Callable[[str], None]  # the bytes, text (UTF-8), or a function that writes a given path


def save_target(path: str | os.PathLike[str], *, error: type[NnvizError], what: str) -> str:
    """The regular file a save to `path` replaces (a symlink's target), or `error` for a device, FIFO, folder."""
    source = os.fspath(path)
    target = os.path.realpath(source)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target  # a new file (or a dangling link's target); the folder is checked when writing
    except OSError as exc:
        raise error(f"cannot save {what} to {source}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise error(f"cannot save {what} to {source}: it is {kind_of(mode)}, not a file; choose a file name")
    return target


def check_writable(path: str | os.PathLike[str], *, error: type[NnvizError], what: str) -> None:
    """Check before any work that a save to `path` can happen: a regular file (or a new name) in a folder that
    exists and takes a new file (a temporary one is made and removed); `error` in one line if not."""
    source = os.fspath(path)
    target = save_target(source, error=error, what=what)
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise error(f"cannot save {what} to {source}: the folder {os.path.dirname(source) or '.'} does not exist")
    import tempfile  # lazy: nothing is saved before the app's first paint (issue 23: launch)

    try:
        fd, probe = tempfile.mkstemp(prefix=".nnviz-probe-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise error(f"cannot save {what} to {source}: {exc.strerror or exc}") from None
    os.close(fd)
    _remove(probe)


def write_atomic(path: str | os.PathLike[str], content: Content, *, error: type[NnvizError], what: str) -> None:
    """Replace the file at `path` with `content` atomically; on any failure the old file is intact and
    `error` says "cannot save {what} to {path}: ..." in one line."""
    source = os.fspath(path)
    target = save_target(source, error=error, what=what)
    folder = os.path.dirname(target) or "."
    tmp = None
    import tempfile  # lazy: nothing is saved before the app's first paint (issue 23: launch)

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
        if callable(content):
            os.close(fd)
            content(tmp)
            _fsync_path(tmp)
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(target))  # mkstemp makes the file owner-only; a saved file is a document
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(folder)
    except OSError as exc:
        raise error(f"cannot save {what} to {source}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            _remove(tmp)


def _mode_for(target: str) -> int:
    """The mode of the file being replaced, or rw-r--r-- for a new one."""
    try:
        return os.stat(target).st_mode & 0o777
    except OSError:
        return 0o644


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable where the platform allows it (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
