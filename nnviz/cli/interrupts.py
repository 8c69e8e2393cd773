"""SIGINT, SIGTERM and SIGHUP in the command line: temporary files removed, exit 128 + the signal (130, 143, 129).

Two ways to hear a signal:
- `raise_on_signals()`: the handler raises `Interrupted` at once, so `finally` blocks (the atomic
  writer's) remove their temporary files. Right for pure Python and numpy work (`nnviz train`).
- `SignalFlag` (`deferred_signals()`): the handler only records the signal and the work calls
  `check()` between steps. Right wherever Qt may call back into Python (`nnviz render`): an
  exception raised inside a Qt callback is printed and swallowed, and the work goes on.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType
from typing import Any

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupted(BaseException):
    """A signal asked the command to stop; the exit code is 128 + its number."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number (130 for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP)."""
        return 128 + self.signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def raise_on_signals() -> None:
    """From now on SIGINT, SIGTERM and SIGHUP raise Interrupted in the main thread."""
    for signum in SIGNALS:
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave the handlers alone
            signal.signal(signum, _raise)


class SignalFlag:
    """Records the first quit signal; `check()` raises Interrupted once one has arrived."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def __call__(self, signum: int, frame: Any) -> None:
        """The signal handler: remember, do nothing else."""
        if self.signum is None:
            self.signum = signum

    def check(self) -> None:
        """Raise Interrupted if a signal arrived."""
        if self.signum is not None:
            raise Interrupted(self.signum)


@contextlib.contextmanager
def deferred_signals() -> Iterator[SignalFlag]:
    """Within the block, quit signals are only recorded (see SignalFlag); afterwards they raise again."""
    flag = SignalFlag()
    previous = {}
    for signum in SIGNALS:
        with contextlib.suppress(ValueError, OSError):
            previous[signum] = signal.signal(signum, flag)
    try:
        yield flag
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    flag.check()  # one that arrived during the block's last step
