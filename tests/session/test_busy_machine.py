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


class Machine:
    """Fake machine-wide CPU clocks beside Clocks: the other processes take `others` cores, the app `app` cores."""

    def __init__(self, clocks: Clocks) -> None:
        self.clocks, self.others, self.app = clocks, 0.0, 1.8
        self.read_at = (0.0, 0.0, 0.0)  # (wall, machine, app) where the fake clocks were last advanced to
        self.machine_cpu, self.app_cpu = 0.0, 0.0

    def read(self) -> tuple[float, float]:
        dt = self.clocks.wall - self.read_at[0]
        self.machine_cpu += dt * (self.others + self.app)
        self.app_cpu += dt * self.app
        self.read_at = (self.clocks.wall, self.machine_cpu, self.app_cpu)
        return self.machine_cpu, self.app_cpu


def test_short_of_a_core_only_for_the_apps_own_work_keeps_every_frame_on_two_cores() -> None:
    clocks = Clocks()
    machine = Machine(clocks)
    busy = BusyMachine(lambda: clocks.wall, lambda: clocks.cpu, machine.read, cores=2)
    busy.look()
    machine.others = 0.1  # the window's threads overlap the trainer's: nobody else runs
    assert stretches(busy, clocks, 0.7, 4) == [1.0] * 4
    assert busy.others == pytest.approx(0.1)
    machine.others = 1.0  # another job takes a core: frames give way as before
    assert stretches(busy, clocks, 0.5, 2) == pytest.approx([STEP, STEP**2])
    machine.others = 0.05  # the job ended; the app alone keeps the trainer under BUSY_SHARE: frames come back
    assert stretches(busy, clocks, 0.75, 2) == pytest.approx([STEP, 1.0])


@pytest.mark.parametrize("machine_known, cores", [(False, 2), (True, 1)])
def test_without_the_machines_figures_or_on_one_core_the_trainers_share_alone_decides(machine_known: bool,
                                                                                      cores: int) -> None:
    clocks = Clocks()
    machine = Machine(clocks)
    machine.others = 0.0
    busy = BusyMachine(lambda: clocks.wall, lambda: clocks.cpu, machine.read if machine_known else lambda: None,
                       cores=cores)
    busy.look()
    assert stretches(busy, clocks, 0.5, 2) == pytest.approx([STEP, STEP**2])
