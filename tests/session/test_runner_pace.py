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
    pace.set_limit(10.0, batches=0, per_epoch=4)  # 10 epochs/s of 4 batches: 40 batches a second
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
    pace.set_limit(10.0, batches=0, per_epoch=4)
    clock.now = 1.0  # 40 batches due, none trained: far behind
    assert pace.due(0, 4) == 1.0
    assert restarts == [0.0, 1.0]
    assert pace.due(0, 4) == 0.0  # counted from now


def test_flat_out_never_waits_and_a_limit_of_zero_is_flat_out() -> None:
    pace = Pace(FakeClock())
    pace.set_limit(0.0, batches=5, per_epoch=4)
    assert pace.speed is None and pace.wait(5, 4) == 0.0


def test_the_speed_measured_is_epochs_per_second_over_its_window_and_none_when_paused() -> None:
    clock = FakeClock()
    pace = Pace(clock)
    pace.start_measuring(0, 4)
    assert pace.measure(RATE_WINDOW / 2, True, 10, 4) is None  # the first window is not over: no figure yet
    assert pace.measure(RATE_WINDOW, True, 20, 4) == 20 / 4 / RATE_WINDOW
    assert pace.measure(RATE_WINDOW * 1.5, True, 24, 4) == 20 / 4 / RATE_WINDOW  # between windows the last stays
    assert pace.measure(RATE_WINDOW * 1.5 + 0.1, False, 25, 4) is None


def test_after_a_pause_no_figure_until_a_window_of_training_is_measured_never_a_zero() -> None:
    """It said "0 epochs/s" for up to a second after Play: measured from the last paused frame."""
    clock = FakeClock()
    pace = Pace(clock)
    pace.start_measuring(0, 4)
    assert pace.measure(1.0, True, 400, 4) == 100.0
    assert pace.measure(1.1, False, 400, 4) is None  # paused: a paused frame, then nothing for a while
    clock.now = 30.0
    pace.start_measuring(400, 4)  # Play, 29 s later
    for t, batches in ((30.1, 440), (30.3, 520), (30.49, 596)):
        assert pace.measure(t, True, batches, 4) is None  # not 0, nor 100 from before the pause
    assert pace.measure(30.5, True, 600, 4) == 100.0  # over the training time only, not the 29 s paused


def test_running_without_being_told_of_the_start_measures_from_its_first_frame() -> None:
    pace = Pace(FakeClock())
    assert pace.measure(5.0, True, 0, 4) is None  # a runner made running: its first frame starts the window
    assert pace.measure(5.0 + RATE_WINDOW, True, 40, 4) == 40 / 4 / RATE_WINDOW


def test_a_new_speed_limit_keeps_the_last_figure_and_measures_the_new_pace_alone() -> None:
    clock = FakeClock()
    pace = Pace(clock)
    pace.start_measuring(0, 4)
    assert pace.measure(0.5, True, 200, 4) == 100.0
    clock.now = 0.75
    pace.set_limit(2.0, batches=300, per_epoch=4)  # from 100 epochs/s to 2
    assert pace.measure(1.0, True, 302, 4) == 100.0  # the old window would end here, mixing both paces
    assert pace.measure(1.25, True, 304, 4) == 4 / 4 / 0.5  # the new pace, measured from the change
