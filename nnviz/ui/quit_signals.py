"""SIGINT, SIGTERM and SIGHUP in the app: a last autosave, then a clean quit (never a traceback, never at once).

Python runs a signal handler only when the interpreter gets control, which Qt's event
loop may not give it for a long time; so the handler only records the signal, and the
signal module also writes its number to a socket that a QSocketNotifier watches. The
event loop wakes up and runs `on_signal(signum)` in the GUI thread.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def _note(signum: int, frame: Any) -> None:
    """The Python-level handler: nothing; the number reaches the event loop through the wake-up socket."""


class QuitOnSignal(QObject):
    """While installed, SIGINT/SIGTERM/SIGHUP call `on_signal(signum)` once, from the event loop."""

    def __init__(self, parent: QObject, on_signal: Callable[[int], None]) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self.received: int | None = None  # the first signal that arrived
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {signum: signal.signal(signum, _note) for signum in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_ready)

    def _on_ready(self) -> None:
        try:
            data = self._reader.recv(64)
        except OSError:
            return
        numbers = [n for n in data if n in QUIT_SIGNALS]
        if not numbers or self.received is not None:
            return
        self.received = numbers[0]
        log.info("signal %d: saving and quitting", self.received)
        self._on_signal(self.received)

    def uninstall(self) -> None:
        """Put the previous handlers back (idempotent)."""
        if not self._previous:
            return
        self._notifier.setEnabled(False)
        for signum, handler in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(signum, handler)
        self._previous = {}
        with contextlib.suppress(ValueError):
            signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
