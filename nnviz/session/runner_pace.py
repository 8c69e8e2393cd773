"""A runner's pace: the speed limit it keeps (batches due now, how long to wait for the next) and the speed it
measures (epochs per second over RATE_WINDOW), both counted in batches on the runner's clock.

The speed is measured over training time only: a start (Play) begins a new window, and until it is over there is
no figure (None: the window says "starting…"), never a 0 or a figure stretched over the pause before it.
"""

from __future__ import annotations

from collections.abc import Callable

RATE_WINDOW = 0.5  # seconds over which epochs/s is measured
MAX_PACE_WAIT = 0.05  # the longest a paced runner waits for its next batch before looking again
MIN_PACE_WAIT = 1e-6  # the shortest: a batch due in a rounding error's time (1e-16 s) is waited for, not spun on


class Pace:
    """The speed limit (None: flat out) in batches due since it started counting, and the measured epochs/s."""

    def __init__(self, clock: Callable[[], float], on_restart: Callable[[], None] | None = None) -> None:
        """on_restart: called whenever the limit starts counting again (started, paused, a new limit, fell behind)."""
        self._clock = clock
        self._on_restart = on_restart
        self.speed: float | None = None  # epochs per second at most; None: flat out
        self.rate: float | None = None  # epochs per second measured; None: not measured since training started
        self._rate_mark: tuple[float, int, int] | None = None  # (time, batches, batches_per_epoch); None: paused
        self._mark = (clock(), 0)  # (time, batches) where the current speed limit started counting

    def set_limit(self, epochs_per_second: float | None, batches: int, per_epoch: int) -> None:
        """A new speed limit (None or not above 0: flat out), counted from now; the next figure measures it alone
        (the last one stays until then)."""
        eps = epochs_per_second
        self.speed = eps if eps is None or eps > 0 else None
        self.restart(batches)
        if self._rate_mark is not None:
            self._rate_mark = (self._clock(), batches, per_epoch)

    def start_measuring(self, batches: int, per_epoch: int) -> None:
        """Training starts (Play): no figure until RATE_WINDOW of training from now is measured."""
        self.rate = None
        self._rate_mark = (self._clock(), batches, per_epoch)

    def restart(self, batches: int) -> None:
        """Count the limit from now, at `batches` trained."""
        self._mark = (self._clock(), batches)
        if self._on_restart is not None:
            self._on_restart()

    def due(self, batches: int, per_epoch: int) -> float:
        """Batches the speed limit allows now (a limit must be set), counted since the limit started."""
        assert self.speed is not None
        t_start, b_start = self._mark
        allowed = (self._clock() - t_start) * self.speed * per_epoch
        due = allowed - (batches - b_start)
        if due > max(2.0, 0.25 * self.speed * per_epoch):  # fell behind: do not burst to catch up
            self.restart(batches)
            return 1.0
        return due

    def wait(self, batches: int, per_epoch: int) -> float:
        """Seconds a running runner may wait before its next batch is due (0: train now)."""
        if self.speed is None:
            return 0.0
        due = self.due(batches, per_epoch)
        if due >= 1:
            return 0.0
        return min(MAX_PACE_WAIT, max(MIN_PACE_WAIT, (1 - due) / (self.speed * per_epoch)))

    def measure(self, now: float, running: bool, batches: int, per_epoch: int) -> float | None:
        """The epochs per second trained over the last RATE_WINDOW, kept between windows; None when paused, and
        while training runs until a first window since it started is over."""
        if not running:
            self.rate, self._rate_mark = None, None
            return None
        if self._rate_mark is None:  # running, though start_measuring was not told: the window starts now
            self._rate_mark = (now, batches, per_epoch)
        t_mark, b_mark, bpe_mark = self._rate_mark
        if now - t_mark >= RATE_WINDOW or per_epoch != bpe_mark:
            if per_epoch == bpe_mark and now > t_mark:
                self.rate = (batches - b_mark) / per_epoch / (now - t_mark)
            self._rate_mark = (now, batches, per_epoch)
        return self.rate
