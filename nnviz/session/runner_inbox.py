"""Where a Runner's commands come from: the `Inbox` it reads and the thread-safe queue it owns."""

from __future__ import annotations

import queue
from typing import Protocol

from nnviz.session import commands as cmd


class Inbox(Protocol):
    """Where commands come from: `get(timeout)` returns the next one, or None after `timeout` seconds."""

    def get(self, timeout: float) -> cmd.Command | None:
        """The next command; wait at most `timeout` seconds (0: do not wait)."""
        ...


class QueueInbox:
    """A thread-safe inbox over a queue.SimpleQueue."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[cmd.Command] = queue.SimpleQueue()

    def put(self, command: cmd.Command) -> None:
        """Queue a command (from any thread)."""
        self._queue.put(command)

    def get(self, timeout: float) -> cmd.Command | None:
        """The next command, or None after `timeout` seconds."""
        try:
            return self._queue.get(timeout=timeout) if timeout > 0 else self._queue.get_nowait()
        except queue.Empty:
            return None
