"""Flat out on a busy machine, fewer frames (session/busy_machine.py), on fake clocks."""

from __future__ import annotations

import pytest

from nnviz.session.busy_machine import BUSY_SHARE, FREE_SHARE, LOOK_SECONDS, MAX_STRETCH, STEP, BusyMachine


class Clocks:
    """A wall clock and a thread CPU clock that advances at `share` of it."""

    def __init__(self) -> None:
        self.wall, self.cpu, self.share = 0.0, 0.0, 1.0

    def advance(self, seconds: float) -> None:
        self.wall += seconds
        self.cpu += seconds * self.share


def stretches(busy: BusyMachine, clocks: Clocks, share: float, looks: int) -> list[float]:
    """The stretch after each of `looks` looks, the thread getting `share` of a core meanwhile."""
    clocks.share = share
    out = []
    for _ in range(looks):
        clocks.advance(LOOK_SECONDS)
        out.append(busy.look())
    return out


def test_a_busy_core_stretches_the_interval_step_by_step_up_to_the_cap_and_a_free_one_brings_it_back() -> None:
    clocks = Clocks()
    busy = BusyMachine(lambda: clocks.wall, lambda: clocks.cpu)
    assert busy.look() == 1.0  # the first look only marks the time
    assert stretches(busy, clocks, 0.5, 3) == pytest.approx([STEP, STEP**2, STEP**3])
    assert stretches(busy, clocks, 0.5, 10)[-1] == MAX_STRETCH
    back = stretches(busy, clocks, 1.0, 10)
    assert back[0] == pytest.approx(MAX_STRETCH / STEP) and back[-1] == 1.0


@pytest.mark.parametrize("share", [BUSY_SHARE + 0.01, (BUSY_SHARE + FREE_SHARE) / 2, FREE_SHARE - 0.01])
def test_between_the_two_shares_the_interval_holds(share: float) -> None:
    clocks = Clocks()
    busy = BusyMachine(lambda: clocks.wall, lambda: clocks.cpu)
    busy.look()
    stretches(busy, clocks, 0.5, 2)
    held = busy.stretch
    assert stretches(busy, clocks, share, 5) == pytest.approx([held] * 5)


def test_looks_within_a_second_change_nothing_and_a_reset_starts_afresh() -> None:
    clocks = Clocks()
    busy = BusyMachine(lambda: clocks.wall, lambda: clocks.cpu)
    busy.look()
    clocks.share = 0.1
    for _ in range(9):
        clocks.advance(LOOK_SECONDS / 10)
        assert busy.look() == 1.0
    clocks.advance(LOOK_SECONDS / 10 + 1e-9)  # a second since the first look
    assert busy.look() == pytest.approx(STEP)
    busy.reset()
    assert busy.stretch == 1.0 and busy.look() == 1.0
