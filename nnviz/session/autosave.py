"""Autosave without Qt: when to save (every interval while the session changes), where, and what a crash left.

Each running nnviz gets a random run id. It writes `autosave-<id>.nnviz` and holds an
exclusive lock (`flock`) on `run-<id>.lock` in one folder (the UI passes the platform's
app-data folder) for as long as it runs. The operating system drops the lock when the
process ends, however it ends, so a lock file that can be locked belongs to a run that is
gone; if that run did not clean up, its autosave is offered back. Process ids are never
used: a container or a Flatpak gives every run the same one.

Claiming a crashed run takes its lock, so two instances starting at once never offer the
same autosave; restoring renames the file, so only one of them can get it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; every other run counts as alive (nothing is ever taken)
    fcntl = None  # type: ignore[assignment]

AUTOSAVE_INTERVAL = 60.0  # seconds between autosaves while the session changes
LOCK_PREFIX, LOCK_SUFFIX = "run-", ".lock"
SAVE_PREFIX, SAVE_SUFFIX = "autosave-", ".nnviz"
Clock = Callable[[], float]


@dataclass
class AutosavePolicy:
    """Decides when to autosave: at most every `interval` seconds, and only after a change."""

    interval: float = AUTOSAVE_INTERVAL
    clock: Clock = time.monotonic
    _last_save: float = field(default=float("nan"), init=False)
    _changed: bool = field(default=False, init=False)
    touched: bool = field(default=False, init=False)  # the session changed at least once in this run

    def __post_init__(self) -> None:
        self._last_save = self.clock()  # the session as opened needs no save

    def changed(self) -> None:
        """The session changed (trained, edited, replaced)."""
        self._changed = self.touched = True

    def due(self) -> bool:
        """Whether an autosave should be written now."""
        return self._changed and self.clock() - self._last_save >= self.interval

    def saved(self) -> None:
        """An autosave was sent: the next one waits a whole interval and a new change."""
        self._last_save = self.clock()
        self._changed = False


def new_run_id() -> str:
    """A run id no other run on any machine shares (64 random bits, hex)."""
    return secrets.token_hex(8)


def _lock(fd: int) -> bool:
    """Take the exclusive lock on an open file without waiting; whether it was free."""
    if fcntl is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held by a live run (EWOULDBLOCK), or a file system without locks
        return False
    return True


def _open_regular(path: Path) -> int | None:
    """A descriptor on an existing regular file (never a folder, FIFO or symlink), or None."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


class AutosaveStore:
    """The autosave folder as one running nnviz sees it: its own run, and the runs that crashed."""

    def __init__(self, folder: Path, run_id: str | None = None) -> None:
        self.folder = Path(folder)
        self.run_id = run_id or new_run_id()
        self._lock_fd: int | None = None
        self._claimed: dict[str, int] = {}  # crashed runs whose lock this run took: id -> descriptor

    @property
    def path(self) -> Path:
        """This run's autosave file."""
        return self._save_path(self.run_id)

    def _save_path(self, run_id: str) -> Path:
        return self.folder / f"{SAVE_PREFIX}{run_id}{SAVE_SUFFIX}"

    def _lock_path(self, run_id: str) -> Path:
        return self.folder / f"{LOCK_PREFIX}{run_id}{LOCK_SUFFIX}"

    def begin(self) -> None:
        """Mark this run as running: its lock file, locked (made under a temporary name, so it is never seen
        unlocked). Raises OSError when the folder cannot be made or written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{LOCK_PREFIX}{self.run_id}.tmp"
        fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, f"{os.getpid()}\n".encode())  # for people only: runs are told apart by the lock
            _lock(fd)
            os.replace(temporary, self._lock_path(self.run_id))
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self._lock_fd = fd

    def end(self) -> None:
        """A clean exit: remove this run's autosave and lock file, then let the lock go."""
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self._lock_path(self.run_id).unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        """Let this run's lock go and keep its files (an exit by a signal: the next start offers the autosave)."""
        for fd in [*self._claimed.values(), *([self._lock_fd] if self._lock_fd is not None else [])]:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._claimed.clear()
        self._lock_fd = None

    def crashed(self) -> list[Path]:
        """Autosaves of runs that ended without a clean exit, newest first; their locks are now this run's."""
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return []
        found: list[tuple[float, Path]] = []
        for name in names:
            if not (name.startswith(LOCK_PREFIX) and name.endswith(LOCK_SUFFIX)):
                continue
            run_id = name[len(LOCK_PREFIX): -len(LOCK_SUFFIX)]
            if run_id == self.run_id or run_id in self._claimed:
                continue
            saved = self._claim(run_id)
            if saved is not None:
                found.append(saved)
        return [path for _, path in sorted(found, reverse=True)]

    def _claim(self, run_id: str) -> tuple[float, Path] | None:
        """Take a gone run's lock; its autosave (with its time) if it left one, else clean up after it."""
        fd = _open_regular(self._lock_path(run_id))
        if fd is None:
            return None
        if not _lock(fd):  # a live run holds it
            os.close(fd)
            return None
        self._claimed[run_id] = fd
        saved = self._save_path(run_id)
        try:
            info = os.lstat(saved)
        except OSError:
            info = None
        if info is not None and stat.S_ISREG(info.st_mode):
            return info.st_mtime, saved
        self._drop(run_id)  # crashed before its first autosave: nothing to offer
        return None

    def _drop(self, run_id: str) -> None:
        """Forget a claimed run: its lock file goes, then its lock."""
        with contextlib.suppress(OSError):
            self._lock_path(run_id).unlink(missing_ok=True)
        fd = self._claimed.pop(run_id, None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def _run_of(self, saved: Path) -> str:
        return saved.name.removeprefix(SAVE_PREFIX).removesuffix(SAVE_SUFFIX)

    def forget(self, saved: Path) -> None:
        """Drop a crashed run's autosave and lock file (declined)."""
        with contextlib.suppress(OSError):
            saved.unlink(missing_ok=True)
        self._drop(self._run_of(saved))

    def restore(self, saved: Path) -> Path | None:
        """Move a crashed run's autosave to a name of its own that no exit cleans up; None when another nnviz
        took it first (the move is one atomic rename)."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        recovered = saved.with_name(f"recovered-{stamp}-{self._run_of(saved)}{SAVE_SUFFIX}")
        try:
            os.rename(saved, recovered)
        except FileNotFoundError:
            return None
        finally:
            self._drop(self._run_of(saved))
        return recovered
