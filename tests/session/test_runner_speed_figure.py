"""The speed a runner sends with its frames, on a fake clock: after every start no figure until training has run for a
window, then the true one; never a 0 or a figure stretched over the pause before (it said "0 epochs/s" after Play)."""

from __future__ import annotations

import pytest

from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.runner_pace import RATE_WINDOW
from tests.session.test_runner import SMALL, Harness

PLAY_AT = 3.0
LEAD_INS: dict[str, tuple[tuple[float, cmd.Command], ...]] = {
    "the first start after launch": (),
    "after a pause": ((0.0, cmd.Play()), (1.0, cmd.Pause())),
    "after a step": ((1.0, cmd.StepEpoch()),),
    "after new weights": ((0.0, cmd.Play()), (1.0, cmd.Reset())),
}


def _running_figures(h: Harness, since: float) -> list[tuple[float, float | None]]:
    return [(t, p.epochs_per_second) for t, p in h.of(ev.FramePacket)
            if t >= since and p.running]  # type: ignore[attr-defined]


@pytest.mark.parametrize("lead_in", list(LEAD_INS))
def test_after_play_no_figure_until_a_window_of_training_then_the_true_one(lead_in: str) -> None:
    from nnviz.session import Session

    h = Harness(Session(SMALL))
    for t, command in LEAD_INS[lead_in]:
        h.at(t, command)
    h.at(PLAY_AT, cmd.Play()).run(PLAY_AT + 3 * RATE_WINDOW)
    true_rate = 1 / (h.cost * h.session.trainer.batches_per_epoch)  # flat out: a batch costs h.cost fake seconds
    figures = _running_figures(h, PLAY_AT)
    early = [rate for t, rate in figures if t < PLAY_AT + RATE_WINDOW]
    measured = [rate for t, rate in figures if t >= PLAY_AT + RATE_WINDOW]
    assert early and all(rate is None for rate in early)  # "starting…", not 0 nor a figure over the pause
    assert measured and all(rate == pytest.approx(true_rate, rel=0.05) for rate in measured)


def test_a_new_speed_limit_shows_the_old_pace_then_the_new_one_never_a_mix() -> None:
    from nnviz.session import Session

    h = Harness(Session(SMALL)).at(0.0, cmd.SetSpeed(100.0), cmd.Play()).at(2.0, cmd.SetSpeed(10.0)).run(3.5)
    figures = [rate for _, rate in _running_figures(h, 1.0)]
    assert all(rate is not None for rate in figures)  # a limit changed while training: a figure all along
    old = [rate == pytest.approx(100.0, rel=0.1) for rate in figures]
    new = [rate == pytest.approx(10.0, rel=0.1) for rate in figures]
    assert all(o or n for o, n in zip(old, new, strict=True))  # no window straddles the change
    assert old[0] and new[-1] and old.index(False) == new.index(True)  # the old pace, then the new one
