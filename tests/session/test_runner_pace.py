"""A runner's pace on a fake clock: batches due under a speed limit, no burst after falling behind, epochs/s."""

from __future__ import annotations

from nnviz.session.runner_pace import MAX_PACE_WAIT, RATE_WINDOW, Pace


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_speed_limit_allows_its_batches_as_time_passes_and_waits_for_the_next() -> None:
    clock, restarts = FakeClock(), []
    pace = Pace(clock, lambda: restarts.append(clock.now))
    pace.set_limit(10.0, batches=0)  # 10 epochs/s of 4 batches: 40 batches a second
    assert restarts == [0.0]
    clock.now = 0.05
    assert pace.due(0, 4) == 0.05 * 10 * 4  # two batches due, none trained
    assert pace.wait(0, 4) == 0.0  # train now
    assert pace.wait(2, 4) == min(MAX_PACE_WAIT, 1 / 40)  # both trained: the next is a 40th of a second away
    clock.now = 0.06
    assert pace.wait(3, 4) == min(MAX_PACE_WAIT, (1 - (0.06 * 10 * 4 - 3)) / (10 * 4))

def test_falling_behind_starts_counting_again_instead_of_a_burst() -> None:
    clock, restarts = FakeClock(), []
    pace = Pace(clock, lambda: restarts.append(clock.now))
    pace.set_limit(10.0, batches=0)
    clock.now = 1.0  # 40 batches due, none trained: far behind
    assert pace.due(0, 4) == 1.0
    assert restarts == [0.0, 1.0]
    assert pace.due(0, 4) == 0.0  # counted from now


def test_flat_out_never_waits_and_a_limit_of_zero_is_flat_out() -> None:
    pace = Pace(FakeClock())
    pace.set_limit(0.0, batches=5)
    assert pace.speed is None and pace.wait(5, 4) == 0.0


def test_the_speed_measured_is_epochs_per_second_over_its_window_and_zero_when_paused() -> None:
    clock = FakeClock()
    pace = Pace(clock)
    assert pace.measure(0.0, True, 0, 4) == 0.0
    assert pace.measure(RATE_WINDOW / 2, True, 10, 4) == 0.0  # the window is not over: the last figure stays
    assert pace.measure(RATE_WINDOW, True, 20, 4) == 20 / 4 / RATE_WINDOW
    assert pace.measure(RATE_WINDOW + 0.1, False, 25, 4) == 0.0
