"""The training runner without Qt, on a fake clock: pace, chunks, frame throttling, divergence, stop, files."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest

from nnviz import data as nd
from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.busy_machine import MAX_STRETCH
from nnviz.session.graph_refs import BiasRef, EdgeRef
from nnviz.session.runner import ACK_TIMEOUT, CHUNK_SECONDS, SNAPSHOT_SHARE, Runner

SMALL = Config(points=100)  # 50 training points, batch 10: 5 batches per epoch


class FakeClock:
    """Time that moves only when told to."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@dataclass
class Harness:
    """A runner on a fake clock: a scripted inbox, every event recorded with the time it was sent."""

    session: Session
    cost: float = 1e-3  # fake seconds per trained batch
    ack: bool = True  # the consumer acknowledges every frame at once
    frame_interval: float = 0.025
    clock: FakeClock = field(default_factory=FakeClock)
    script: list[tuple[float, cmd.Command]] = field(default_factory=list)
    events: list[tuple[float, ev.Event]] = field(default_factory=list)
    on_step: Callable[[], None] | None = None
    cpu_share: float | None = None  # the training thread's share of a core (a CPU clock at this share); None: none

    def __post_init__(self) -> None:
        step = self.session.step

        def timed_step(n_batches: int = 1) -> int:
            self.clock.t += n_batches * self.cost
            if self.on_step is not None:
                self.on_step()
            return step(n_batches)

        self.session.step = timed_step  # type: ignore[method-assign]
        share = self.cpu_share
        self.runner = Runner(self.session, self._emit, clock=self.clock, resolution=8,
                             frame_interval=self.frame_interval,
                             cpu_clock=None if share is None else (lambda: self.clock.t * share))

    def at(self, t: float, *commands: cmd.Command) -> Harness:
        """Script commands to arrive at fake time t."""
        self.script.extend((t, c) for c in commands)
        return self

    def run(self, until: float) -> Harness:
        """Run the loop until fake time `until` (a Stop arrives then)."""
        self.at(until, cmd.Stop())
        self.script.sort(key=lambda item: item[0])
        self.runner.run(self)
        return self

    # the inbox protocol
    def get(self, timeout: float) -> cmd.Command | None:
        """The next scripted command; waiting moves the fake clock."""
        if self.script and self.script[0][0] <= self.clock.t + timeout:
            due, command = self.script.pop(0)
            self.clock.t = max(self.clock.t, due)
            return command
        self.clock.t += timeout
        return None

    def _emit(self, event: ev.Event) -> None:
        self.events.append((self.clock.t, event))
        if isinstance(event, ev.FramePacket) and self.ack:
            self.script.insert(0, (self.clock.t, cmd.FrameConsumed()))

    def of(self, kind: type) -> list[tuple[float, ev.Event]]:
        """The (time, event) pairs of one kind."""
        return [(t, e) for t, e in self.events if isinstance(e, kind)]

    def frames(self) -> list[ev.FramePacket]:
        """Every frame sent, in order."""
        return [e for _, e in self.of(ev.FramePacket)]  # type: ignore[misc]


@pytest.mark.parametrize("speed", [1.0, 7.0, 30.0, 120.0])
def test_the_pace_is_held_at_each_speed(speed):
    seconds = 3.0
    h = Harness(Session(SMALL)).at(0.0, cmd.SetSpeed(speed), cmd.Play()).run(seconds)
    bpe = h.session.trainer.batches_per_epoch
    expected = speed * seconds * bpe  # batches
    assert abs(h.runner.batches - expected) <= 2, (h.runner.batches, expected)
    assert all(e.speed_limit == speed for e in h.frames())


def test_flat_out_trains_all_the_time_between_frames():
    h = Harness(Session(SMALL)).at(0.0, cmd.Play()).run(2.0)
    assert h.runner.batches == pytest.approx(2.0 / h.cost, rel=0.01)
    rates = [p.epochs_per_second for p in h.frames() if p.running and p.epochs_per_second is not None]
    bpe = h.session.trainer.batches_per_epoch
    assert rates and rates[-1] == pytest.approx(1 / (h.cost * bpe), rel=0.05)


def test_chunks_take_about_chunk_seconds_once_measured():
    h = Harness(Session(SMALL), cost=1e-4).at(0.0, cmd.Play()).run(0.5)
    assert h.runner.chunk_size() == round(CHUNK_SECONDS / 1e-4)


def test_frames_are_throttled_to_the_frame_interval():
    h = Harness(Session(SMALL)).at(0.0, cmd.Play()).run(2.0)
    times = [t for t, _ in h.of(ev.FramePacket)]
    gaps = np.diff(times[1:])  # from the first running frame on
    # the chunk before a frame ends with the batch that reaches its due time; one batch late, the next comes sooner
    assert gaps.min() >= h.frame_interval - h.cost - 1e-9
    assert gaps.max() <= h.frame_interval + h.cost + 1e-9
    assert times[-1] - times[1] >= (len(times) - 2) * h.frame_interval - h.cost - 1e-9  # never more often on average
    assert len(times) >= 0.98 * 2.0 / h.frame_interval


def test_a_costly_epoch_end_does_not_slow_the_frames_down():
    """At 8 hidden layers of 64, an epoch end's pass over every point takes about 19 ms, against 0.9 ms a batch:
    the frames after a late one come sooner, so they keep the frame interval on average (they came at 28 a second
    for an interval of 1/35 s when each gap was measured from the frame before)."""
    session = Session(Config(points=1000))  # 50 batches an epoch
    h = Harness(session)
    step = session.step

    def epoch_ends_cost(n_batches: int = 1) -> int:
        done = step(n_batches)
        h.clock.t += 0.019 * done
        return done

    session.step = epoch_ends_cost  # type: ignore[method-assign]
    h.at(0.0, cmd.Play()).run(4.0)
    times = np.array([t for t, _ in h.of(ev.FramePacket)])[1:]
    assert np.diff(times).min() >= h.frame_interval / 4 - 1e-9
    assert (times[-1] - times[0]) / (len(times) - 1) <= 1.02 * h.frame_interval
    assert h.runner.batches * h.cost + 0.019 * session.epoch == pytest.approx(4.0, abs=0.05)  # nothing idle


def test_costly_frames_come_less_often_so_training_keeps_its_pace():
    """A big network's frame (its figures over every point) may take long: frames then give way to training."""
    session = Session(SMALL)
    h = Harness(session)
    snapshot = session.snapshot

    def slow_snapshot(*args: object, **kwargs: object) -> object:
        h.clock.t += 0.02  # fake seconds to make one frame: as long as 20 batches
        return snapshot(*args, **kwargs)  # type: ignore[arg-type]

    session.snapshot = slow_snapshot  # type: ignore[method-assign]
    h.at(0.0, cmd.Play()).run(4.0)
    times = [t for t, _ in h.of(ev.FramePacket)]
    gaps = np.diff(times[2:])
    assert gaps.min() >= 0.02 / SNAPSHOT_SHARE - 0.02  # not every frame_interval (0.025 s): frames cost 0.02 s
    trained = h.runner.batches * h.cost
    assert trained >= (1 - SNAPSHOT_SHARE) * 4.0 * 0.95  # at least ~85 % of the time still goes to training


def test_one_slow_frame_does_not_hold_back_the_next_ones():
    """The first running frame took 0.8 s to make (the process was loading a module meanwhile): the frames after
    it come at the frame interval, not 0.8 s / SNAPSHOT_SHARE (5 s) later."""
    session = Session(SMALL)
    h = Harness(session)
    snapshot, made = session.snapshot, [0]

    def once_slow(*args: object, **kwargs: object) -> object:
        made[0] += 1
        if made[0] == 2:  # the first frame after Play
            h.clock.t += 0.8
        return snapshot(*args, **kwargs)  # type: ignore[arg-type]

    session.snapshot = once_slow  # type: ignore[method-assign]
    h.at(0.0, cmd.Play()).run(2.0)
    times = [t for t, _ in h.of(ev.FramePacket)]
    assert len(times) >= 3 and times[2] - times[1] <= h.frame_interval + CHUNK_SECONDS + h.cost


def test_the_compare_views_pinned_run_counts_in_a_frames_cost():
    """With the Compare view open, each frame also makes the pinned run's picture: that time counts, so frames
    give way to training as they do when the frame itself is slow (it used to be left out of the pacing)."""
    session = Session(SMALL)
    h = Harness(session)
    pins = h.runner.pins
    compare = pins.send_compare_frame

    def slow_compare(frame: object) -> None:
        h.clock.t += 0.02  # fake seconds to make the pinned run's frame
        compare(frame)  # type: ignore[arg-type]

    pins.send_compare_frame = slow_compare  # type: ignore[method-assign]
    h.at(0.0, cmd.Play()).run(4.0)
    gaps = np.diff([t for t, _ in h.of(ev.FramePacket)][2:])
    assert gaps.min() >= 0.02 / SNAPSHOT_SHARE - 0.02


@pytest.mark.parametrize(("share", "speed", "fewer"), [(0.5, None, True), (1.0, None, False), (0.5, 30.0, False)])
def test_flat_out_on_a_busy_machine_frames_give_way_to_training(share, speed, fewer):
    """The training thread gets half a core: flat out, frames come at most every MAX_STRETCH intervals after a few
    looks; with a core to itself, or at a set speed (idle part of the time by design), at every interval."""
    h = Harness(Session(SMALL), cpu_share=share).at(0.0, cmd.SetSpeed(speed), cmd.Play()).run(8.0)
    late = np.diff([t for t, _ in h.of(ev.FramePacket) if t > 6.0])
    if fewer:
        assert late.min() >= MAX_STRETCH * h.frame_interval - 1e-9
    else:
        assert late.max() <= h.frame_interval + CHUNK_SECONDS + h.cost + 1e-9


def test_a_busy_machine_gives_frames_back_after_a_pause():
    h = Harness(Session(SMALL), cpu_share=0.5).at(0.0, cmd.Play()).at(6.0, cmd.Pause()).at(6.5, cmd.Play())
    h.run(7.4)
    resumed = np.diff([t for t, _ in h.of(ev.FramePacket) if t > 6.6])  # within the first look after Play
    assert resumed.max() <= h.frame_interval + CHUNK_SECONDS + h.cost + 1e-9


def test_no_frame_until_the_last_one_is_drawn_or_the_ack_times_out():
    h = Harness(Session(SMALL), ack=False).at(0.0, cmd.Play()).run(3.5)
    times = [t for t, _ in h.of(ev.FramePacket)]
    assert len(times) == 4 and np.diff(times).min() >= ACK_TIMEOUT


def test_a_paused_runner_sends_one_frame_per_change_only():
    h = Harness(Session(SMALL)).at(0.5, cmd.SetWeight(EdgeRef(1, 0, 0), 0.5)).run(2.0)
    assert len(h.frames()) == 2  # the first, and the one after the edit
    assert h.runner.batches == 0


def test_a_command_is_served_between_two_chunks():
    h = Harness(Session(SMALL)).at(0.0, cmd.Play()).at(1.0, cmd.Pause()).run(2.0)
    (_, _), (t_pause, paused) = h.of(ev.RunningChanged)
    assert not paused.running  # type: ignore[union-attr]
    assert 1.0 <= t_pause <= 1.0 + CHUNK_SECONDS + h.cost  # at most one chunk late
    assert h.runner.batches * h.cost == pytest.approx(t_pause, abs=h.cost)  # and nothing trained after it


def test_commands_apply_in_order():
    h = Harness(Session(SMALL)).at(0.1, cmd.SetWeight(EdgeRef(1, 0, 0), 1.0), cmd.SetWeight(EdgeRef(1, 0, 0), 2.0),
                                   cmd.SetBias(BiasRef(1, 0), 3.0), cmd.SetBias(BiasRef(1, 0), -3.0)).run(0.5)
    last = h.frames()[-1].frame
    assert last.weights[0][0, 0] == 2.0 and last.biases[0][0] == -3.0


def test_step_epoch_trains_exactly_to_the_end_of_the_epoch_in_chunks():
    h = Harness(Session(Config(points=1000, batch_size=1)), cost=1e-4)
    h.at(0.0, cmd.StepBatch()).at(0.1, cmd.StepEpoch()).run(1.0)
    assert h.session.epoch == 1
    assert h.runner.batches == h.session.trainer.batches_per_epoch


def test_divergence_pauses_and_keeps_finite_weights():
    session = Session(Config(dataset="plane", problem="regression", activation="linear", learning_rate=3.0))
    h = Harness(session).at(0.0, cmd.Play()).run(3.0)
    failures = [e.message for _, e in h.of(ev.Failed)]  # type: ignore[union-attr]
    assert len(failures) == 1 and "diverged" in failures[0]
    assert [e.running for _, e in h.of(ev.RunningChanged)] == [True, False]  # type: ignore[union-attr]
    assert not h.runner.running
    last = h.frames()[-1]
    assert not last.running and last.frame.diverged
    assert all(np.isfinite(w).all() for w in last.frame.weights)


def test_a_stop_is_prompt_even_inside_a_long_step_epoch():
    h = Harness(Session(Config(points=2000, batch_size=1)), cost=1e-3)  # an epoch takes a fake second

    def stop_at_half_a_second() -> None:
        if h.clock.t >= 0.5:
            h.runner.request_stop()

    h.on_step = stop_at_half_a_second
    h.at(0.2, cmd.StepEpoch()).run(10.0)
    assert h.runner.stopped and h.session.epoch == 0
    assert h.clock.t <= 0.5 + CHUNK_SECONDS + h.cost


def test_a_paused_runner_stops_at_once():
    h = Harness(Session(SMALL)).run(0.3)
    assert h.clock.t == pytest.approx(0.3)


def test_frames_reflect_the_weights_bit_for_bit():
    h = Harness(Session(SMALL)).at(0.0, cmd.Play()).at(0.7, cmd.Pause()).run(1.0)
    frame = h.frames()[-1].frame
    net = h.runner.session.net
    for layer in range(1, net.n_layers + 1):
        assert np.array_equal(frame.weights[layer - 1], net.weights(layer))
        assert np.array_equal(frame.biases[layer - 1], net.biases(layer))
    assert frame.steps == h.runner.batches


def test_a_rebuild_swaps_the_session_and_pauses():
    h = Harness(Session(SMALL))
    old = h.session
    config = SMALL.replace(hidden=(3,))
    h.at(0.0, cmd.Play()).at(0.5, cmd.ApplyConfig(config, 7)).run(1.0)
    assert h.runner.session is not old and h.runner.session.net.sizes == (2, 3, 1)
    assert old.net.sizes == (2, 4, 2, 1) and old.epoch > 0  # the old session is left as it was
    changed = [e for _, e in h.of(ev.ConfigChanged)]
    assert changed == [ev.ConfigChanged(7, config, "binary")]
    assert not h.runner.running and h.frames()[-1].frame.sizes == (2, 3, 1)


def test_a_live_change_keeps_the_session_and_goes_on_training():
    h = Harness(Session(SMALL))
    h.at(0.0, cmd.Play()).at(0.5, cmd.ApplyConfig(SMALL.replace(learning_rate=0.1), 1)).run(1.0)
    assert h.runner.session is h.session and h.runner.running
    assert h.session.optimizer.learning_rate == 0.1


def test_a_stale_edit_after_a_rebuild_is_dropped_quietly():
    h = Harness(Session(SMALL))
    old_structure = h.session.structure_version
    h.at(0.1, cmd.ApplyConfig(SMALL.replace(hidden=(3,)), 1))
    h.at(0.2, cmd.SetWeight(EdgeRef(3, 0, 0), 9.0, old_structure), cmd.SetBias(BiasRef(3, 0), 9.0, old_structure))
    h.run(0.5)
    new = h.runner.session
    assert h.of(ev.Failed) == []
    assert 9.0 not in new.net.params
    h2 = Harness(new).at(0.0, cmd.SetWeight(EdgeRef(2, 0, 0), 9.0, new.structure_version)).run(0.1)
    assert new.net.get_weight(2, 0, 0) == 9.0 and h2.of(ev.Failed) == []


def test_a_user_error_is_one_line_and_changes_nothing():
    h = Harness(Session(SMALL)).at(0.1, cmd.AddPoint(0.0, 0.0, 5.0), cmd.SetBias(BiasRef(1, 0), math.inf)).run(0.3)
    messages = [e.message for _, e in h.of(ev.Failed)]  # type: ignore[union-attr]
    assert len(messages) == 2 and all(m and "\n" not in m for m in messages)
    assert len(h.session.train_set.points) == 50


def test_an_internal_error_pauses_and_the_loop_lives_on():
    h = Harness(Session(SMALL))
    failures = [1]

    def fail_once() -> None:
        if failures:
            failures.pop()
            raise RuntimeError("boom")

    h.on_step = fail_once
    h.at(0.0, cmd.Play()).at(0.5, cmd.StepEpoch()).run(1.0)
    messages = [e.message for _, e in h.of(ev.Failed)]  # type: ignore[union-attr]
    assert len(messages) == 1 and "internal error (RuntimeError: boom)" in messages[0]
    assert h.session.epoch == 1 and not h.runner.running


def test_a_csv_is_read_once_by_the_runner(tmp_path, monkeypatch):
    path = tmp_path / "mine.csv"
    nd.save_csv(nd.generate("spiral3", 60, 0.0, np.random.default_rng(1)), path)
    reads: list[str] = []
    real = nd.load_csv

    def counting(p: str, kind: str | None = None) -> nd.Dataset:
        reads.append(str(p))
        return real(p, kind)

    monkeypatch.setattr(nd, "load_csv", counting)
    h = Harness(Session(SMALL)).at(0.1, cmd.LoadCsv(str(path), 3)).run(0.5)
    assert reads == [str(path)]
    s = h.runner.session
    assert s.config.dataset == "csv" and s.spec.n_classes == 3
    assert len(s.train_set.points) + len(s.test_set.points) == 60
    assert [e.seq for _, e in h.of(ev.ConfigChanged)] == [3]  # type: ignore[union-attr]
    assert "loaded 60 points" in h.of(ev.Notice)[0][1].message  # type: ignore[union-attr]


def test_a_bad_file_is_one_line_and_the_session_stays(tmp_path):
    bad_csv, bad_json = tmp_path / "bad.csv", tmp_path / "bad.json"
    bad_csv.write_text("x1,x2,label\n1,2,0\n3,oops,1\n", encoding="utf-8")
    bad_json.write_text("{not json", encoding="utf-8")
    h = Harness(Session(SMALL)).at(0.1, cmd.LoadCsv(str(bad_csv), 1), cmd.OpenFile(str(bad_json), 2)).run(0.5)
    messages = [e.message for _, e in h.of(ev.Failed)]  # type: ignore[union-attr]
    assert len(messages) == 2 and "line 3" in messages[0] and all("\n" not in m for m in messages)
    assert h.runner.session is h.session
    assert [(e.seq, e.config) for _, e in h.of(ev.ConfigChanged)] == [(1, SMALL), (2, SMALL)]  # type: ignore


def test_save_then_open_through_the_runner(tmp_path):
    path = tmp_path / "run.json"
    h = Harness(Session(SMALL)).at(0.0, cmd.Play()).at(0.3, cmd.Pause(), cmd.SaveSession(str(path), "run"))
    h.at(0.4, cmd.Reset(), cmd.OpenFile(str(path), 5)).run(0.6)
    saved = h.of(ev.Saved)
    assert [e for _, e in saved] == [ev.Saved(str(path), "run")]
    assert [e for _, e in h.of(ev.Opened)] == [ev.Opened(str(path), True)]
    assert h.runner.session is not h.session and h.runner.session.epoch == h.frames()[-1].frame.epoch > 0
