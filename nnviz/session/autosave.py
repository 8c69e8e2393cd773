"""Autosave without Qt: when to save (every interval while the session changes), where, and what a crash left.

Each running nnviz writes `autosave-<pid>.nnviz` and a marker `running-<pid>` in one
folder (the UI passes the platform's app-data folder). A clean exit removes both. A
marker whose process is gone means that run crashed: its autosave is offered back.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

AUTOSAVE_INTERVAL = 60.0  # seconds between autosaves while the session changes
Clock = Callable[[], float]


@dataclass
class AutosavePolicy:
    """Decides when to autosave: at most every `interval` seconds, and only after a change."""

    interval: float = AUTOSAVE_INTERVAL
    clock: Clock = time.monotonic
    _last_save: float = field(default=float("nan"), init=False)
    _changed: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self._last_save = self.clock()  # the session as opened needs no save

    def changed(self) -> None:
        """The session changed (trained, edited, replaced)."""
        self._changed = True

    def due(self) -> bool:
        """Whether an autosave should be written now."""
        return self._changed and self.clock() - self._last_save >= self.interval

    def saved(self) -> None:
        """An autosave was sent: the next one waits a whole interval and a new change."""
        self._last_save = self.clock()
        self._changed = False


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (signal 0 checks without disturbing it)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class AutosaveStore:
    """The autosave folder of one running nnviz (process `pid`)."""

    folder: Path
    pid: int = field(default_factory=os.getpid)

    @property
    def path(self) -> Path:
        """This run's autosave file."""
        return self.folder / f"autosave-{self.pid}.nnviz"

    def _marker(self, pid: int) -> Path:
        return self.folder / f"running-{pid}"

    def begin(self) -> None:
        """Mark this run as running (a crash leaves the marker behind)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._marker(self.pid).write_text(str(self.pid), encoding="utf-8")

    def end(self) -> None:
        """A clean exit: remove this run's marker and autosave."""
        self._marker(self.pid).unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)

    def crashed(self) -> list[Path]:
        """Autosaves that runs which are gone without a clean exit left behind, newest first."""
        found = []
        for marker in self.folder.glob("running-*"):
            try:
                pid = int(marker.name.removeprefix("running-"))
            except ValueError:
                continue
            if pid == self.pid or _alive(pid):
                continue
            saved = self.folder / f"autosave-{pid}.nnviz"
            if saved.is_file():
                found.append(saved)
            else:
                marker.unlink(missing_ok=True)  # crashed before its first autosave: nothing to offer
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def forget(self, saved: Path) -> None:
        """Drop a crashed run's autosave and marker (restored or declined)."""
        pid = saved.stem.removeprefix("autosave-")
        saved.unlink(missing_ok=True)
        (self.folder / f"running-{pid}").unlink(missing_ok=True)
