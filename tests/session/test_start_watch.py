"""A training process that starts and never answers is stopped after START_SECONDS (a fake clock here), the window is
told, and the next Play starts a new one that is sent what the silent one was (session/start_watch.py).

No timing is checked: `until` waits for an event with a generous liveness bound only.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import time
from pathlib import Path

from nnviz.session import Config, Session, training_process
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.files import load_session
from nnviz.session.graph_refs import BiasRef, EdgeRef
from nnviz.session.start_watch import NOT_STARTED, START_SECONDS, StartWatch
from tests.session.test_training_process import Driver


def silent_child(*args: object) -> None:
    """A training process that hangs before its first word: it never answers, never exits, and ignores SIGTERM."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        time.sleep(1.0)


class FakeClock:
    """Seconds that move only when the test says; counts how often it was read."""

    def __init__(self) -> None:
        self.now = 0.0
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now


def _ignores_sigterm(pid: int) -> bool:
    """Whether the process has set SIGTERM to be ignored (Linux: its SigIgn mask in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next(int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigIgn:"))
    return bool(mask & (1 << (signal.SIGTERM - 1)))


def _time_out_a_silent_child(d: Driver, clock: FakeClock) -> None:
    d.until(lambda: d.process.process is not None and _ignores_sigterm(d.process.process.pid))
    silent = d.process.process
    clock.now = START_SECONDS - 1.0
    reads = clock.reads
    d.until(lambda: clock.reads >= reads + 2)  # the reader looked at the clock since: not yet over the limit
    assert silent.is_alive() and not d.of(ev.NoTrainer) and not d.of(ev.Failed)
    clock.now = START_SECONDS
    d.until(lambda: bool(d.of(ev.Failed)))
    assert not silent.is_alive() and silent.exitcode == -signal.SIGKILL  # it ignored SIGTERM: killed
    assert d.process.process is None
    told = [e for e in d.events if not isinstance(e, ev.TrainerStarting)]
    assert told == [ev.RunningChanged(False), ev.NoTrainer(), ev.Failed(NOT_STARTED)]  # the window shows Play, and why


def test_a_silent_training_process_is_killed_after_the_start_limit_and_play_starts_a_new_one(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(training_process, "child_main", silent_child)
    d = Driver(Session(Config(points=60)), clock=clock)
    try:
        d.process.send(cmd.Play())  # pressed at once, while the training process "starts"
        _time_out_a_silent_child(d, clock)
        monkeypatch.undo()  # the next child is a real one
        d.process.send(cmd.Play())  # pressed again: a new child starts and trains
        d.until(lambda: any(isinstance(e, ev.FramePacket) and e.running for e in d.events))
        assert len(d.of(ev.TrainerStarting)) == 2 and d.process.process.is_alive()
    finally:
        d.close()
    assert mp.active_children() == []


def test_what_the_silent_process_was_sent_goes_to_the_next_one(monkeypatch, tmp_path):
    clock = FakeClock()
    monkeypatch.setattr(training_process, "child_main", silent_child)
    d = Driver(Session(Config(points=60)), clock=clock)
    try:
        d.process.send(cmd.SetWeight(EdgeRef(1, 0, 0), 3.0))  # the user's edit while it "starts"
        _time_out_a_silent_child(d, clock)
        monkeypatch.undo()
        d.process.send(cmd.SetBias(BiasRef(2, 0), -1.5))  # an edit while no child runs: it waits for the next
        assert d.process.process is None
        saved = tmp_path / "kept.nnviz"
        d.process.send(cmd.SaveSession(str(saved)))  # a file command starts a new child too
        d.until(lambda: bool(d.of(ev.Saved)))
        kept = load_session(saved)
        assert kept.net.get_weight(1, 0, 0) == 3.0 and kept.net.get_bias(2, 0) == -1.5 and kept.epoch == 0
    finally:
        d.close()
    assert mp.active_children() == []


def test_a_command_that_asks_nothing_of_the_trainer_starts_no_child_after_a_time_out():
    watch = StartWatch(FakeClock())
    watch.started()
    for command in (cmd.Play(), cmd.SetWeight(EdgeRef(1, 0, 0), 2.0), cmd.SaveSession("a.nnviz"), cmd.Pause(),
                    cmd.SetSpeed(10.0), cmd.AddPoint(0.1, 0.2, 1), cmd.StepEpoch()):
        watch.sent(command)
    assert not watch.asks_for_child(cmd.Play())  # a child is starting: it gets the Play
    again = watch.give_up()
    # the edits go to the next child; what failed with the time-out (Play, Step, the save) is asked again by hand,
    # the speed limit the process keeps itself, and a Pause has nothing to pause
    assert again == [cmd.SetWeight(EdgeRef(1, 0, 0), 2.0), cmd.AddPoint(0.1, 0.2, 1)]
    assert watch.asks_for_child(cmd.Play()) and watch.asks_for_child(cmd.StepBatch())
    assert watch.asks_for_child(cmd.NewSession(1))
    assert not watch.asks_for_child(cmd.SaveSession("auto.nnviz", autosave=True))
    assert not watch.asks_for_child(cmd.SetBias(BiasRef(2, 0), 1.0)) and not watch.asks_for_child(cmd.Pause())
    watch.started()
    assert not watch.asks_for_child(cmd.Play())


def test_the_start_limit_counts_from_the_start_and_ends_with_the_first_answer():
    clock = FakeClock()
    watch = StartWatch(clock)
    assert not watch.overdue()  # no child started
    clock.now = 100.0
    watch.started()
    clock.now = 100.0 + START_SECONDS * 0.99
    assert not watch.overdue()
    clock.now = 100.0 + START_SECONDS
    assert watch.overdue()
    watch.answered()
    assert not watch.overdue()
    clock.now += 10 * START_SECONDS
    assert not watch.overdue()
