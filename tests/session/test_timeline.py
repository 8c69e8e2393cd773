"""The timeline: any past epoch rebuilt from checkpoints equals a fresh run to that epoch, bit for bit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from nnviz.errors import DivergenceError
from nnviz.session import Config, Session
from nnviz.session.timeline_view import Rewinder

Event = tuple[str, Any]


def _apply(session: Session, kind: str, arg: Any) -> None:
    if kind == "weight":
        session.set_weight(*arg)
    elif kind == "point":
        session.add_point(arg[:2], arg[2])
    elif kind == "remove":
        session.remove_nearest(arg)
    elif kind == "lr":
        session.set_learning_rate(arg)
    elif kind == "batch_size":
        session._apply_live(session.config.replace(batch_size=arg))
    else:
        raise AssertionError(kind)


def _train_to(session: Session, epoch: int) -> None:
    while session.epoch < epoch:
        session.run_epoch()


def _drive(config: Config, events: list[Event], epoch: int, stop_after: int | None) -> tuple[Session, int]:
    """Drive a fresh session through the events without passing `epoch`; stop after event `stop_after`.

    Returns the session and the index of the last event after which it stood at the end of `epoch`.
    """
    s = Session(config)
    last = -1
    for i, (kind, arg) in enumerate(events):
        if kind == "train_to":
            _train_to(s, min(arg, epoch))
        elif kind == "batches":
            # at epoch N: batches only to find out whether an edit brings the run back to an epoch end here
            exploring = stop_after is None and s.trainer.epoch_position() is None
            if s.epoch < epoch or exploring or (stop_after is not None and i < stop_after):
                s.step(arg)
        else:
            _apply(s, kind, arg)
        if s.epoch == epoch and s.trainer.epoch_position() is None:
            last = i
        if i == stop_after or (kind == "train_to" and arg > epoch):  # later events come after epoch N
            break
    return s, last


def _fresh(config: Config, events: list[Event], epoch: int) -> Session:
    """A fresh session driven through the same events to the newest state at the end of `epoch`.

    That is what the timeline calls epoch N: after an edit made while the counter read N
    that starts a new epoch (a point added part-way, a new batch size), the state after it.
    """
    _, last = _drive(config, events, epoch, None)
    s, _ = _drive(config, events, epoch, last if last >= 0 else None)
    _train_to(s, epoch)
    return s


def _live(config: Config, events: list[Event], capacity: int) -> Session:
    s = Session(config)
    s.timeline.capacity = capacity  # few checkpoints, so most epochs are rebuilt across a thinned schedule
    for kind, arg in events:
        if kind == "train_to":
            _train_to(s, arg)
        elif kind == "batches":
            s.step(arg)
        else:
            _apply(s, kind, arg)
    return s


def _assert_same(shown: Session, fresh: Session) -> None:
    assert (shown.epoch, shown.steps) == (fresh.epoch, fresh.steps)
    assert shown.net.params.tobytes() == fresh.net.params.tobytes()
    a, b = shown.optimizer.state_dict(), fresh.optimizer.state_dict()
    assert a.keys() == b.keys()
    for key in a:
        assert np.asarray(a[key]).tobytes() == np.asarray(b[key]).tobytes(), key
    assert repr(shown.metrics()) == repr(fresh.metrics())  # loss and accuracy, nan included
    shown.grid.extent = fresh.grid.extent
    assert shown.snapshot(40).boundary().tobytes() == fresh.snapshot(40).boundary().tobytes()
    assert shown.train_set.points.tobytes() == fresh.train_set.points.tobytes()
    assert shown.config == fresh.config


RUNS = [
    pytest.param(Config(dataset="xor", points=100, optimizer="sgd", batch_size=7, seed=3), id="sgd-batch7"),
    pytest.param(Config(dataset="circle", points=120, optimizer="momentum", batch_size=9, learning_rate=0.01,
                        regularization="l2", reg_rate=0.001, seed=4), id="momentum-batch9-l2"),
    pytest.param(Config(dataset="spiral", points=90, optimizer="adam", batch_size=8, learning_rate=0.01,
                        hidden=(5,), seed=5), id="adam-batch8"),
    pytest.param(Config(dataset="gauss", points=80, optimizer="sgd", batch_size=13, dtype="float32",
                        regularization="l1", reg_rate=0.003, seed=6), id="sgd-float32-l1"),
]


@pytest.mark.parametrize("config", RUNS)
def test_random_epochs_of_a_plain_run_equal_a_fresh_run(config: Config) -> None:
    events: list[Event] = [("train_to", 90)]
    live = _live(config, events, capacity=6)
    assert live.timeline.stride > 1  # the schedule thinned: most epochs are rebuilt by training
    rewinder = Rewinder()
    for epoch in sorted(np.random.default_rng(1).choice(91, size=5, replace=False).tolist(), reverse=True):
        _assert_same(rewinder.session_at(live, epoch), _fresh(config, events, epoch))
    assert live.epoch == 90  # the live session was not touched


@pytest.mark.parametrize("config", RUNS)
def test_epochs_after_edits_made_half_way_equal_a_fresh_run_with_the_same_edits(config: Config) -> None:
    label = 0 if config.dataset != "gauss" else 1
    events: list[Event] = [
        ("train_to", 13), ("batches", 2), ("weight", (1, 0, 0, 0.75)),  # mid-epoch weight edit
        ("train_to", 27), ("lr", 0.1),  # learning rate at an epoch end
        ("train_to", 41), ("batches", 1), ("point", (0.5, -0.25, label)),  # point added mid-epoch
        ("train_to", 55), ("batches", 3), ("batch_size", 11),
        ("train_to", 62), ("remove", (0.5, -0.25)), ("train_to", 80),
    ]
    live = _live(config, events, capacity=4)
    rewinder = Rewinder()
    for epoch in (79, 13, 14, 27, 28, 41, 42, 50, 56, 62, 70, 3):
        _assert_same(rewinder.session_at(live, epoch), _fresh(config, events, epoch))


def test_moving_forward_trains_on_from_the_epoch_shown_and_equals_reloading() -> None:
    config = Config(dataset="xor", points=60, batch_size=7, seed=2)
    live = _live(config, [("train_to", 40)], capacity=4)
    rewinder = Rewinder()
    shown = [rewinder.session_at(live, e).net.params.copy() for e in range(17, 40, 3)]  # a replay: onward
    again = [Rewinder().session_at(live, e).net.params for e in range(17, 40, 3)]  # each from a checkpoint
    assert all(a.tobytes() == b.tobytes() for a, b in zip(shown, again, strict=True))


def test_memory_stays_bounded_as_the_run_grows() -> None:
    s = Session(Config(dataset="xor", points=40, batch_size=20))
    s.timeline.capacity = 16
    s.train(600)
    scheduled = [c for c in s.timeline.checkpoints if not c.edit]
    assert len(scheduled) <= 16 and s.timeline.stride >= 64
    assert s.timeline.checkpoints[0].epoch == 0  # still reaches back to the start
    assert len({c.epoch for c in scheduled}) == len(scheduled)
    budget = s.timeline.nbytes() * 2
    s.timeline.budget_bytes = budget
    for i in range(300):  # edits are never thinned, but the budget still holds: the oldest go
        s.set_bias(1, 0, float(i) / 300)
        s.step(1)
        s.run_epoch()
    assert s.timeline.nbytes() <= budget * 1.1
    assert s.timeline.first_epoch > 0


def test_reset_restarts_the_timeline_and_a_rebuild_gets_a_new_one() -> None:
    s = Session(Config(dataset="xor", points=40))
    s.train(10)
    s.reset()
    assert [c.epoch for c in s.timeline.checkpoints] == [0]
    rebuilt = s.with_config(s.config.replace(hidden=(3,)))
    assert rebuilt.timeline is not s.timeline and rebuilt.timeline.checkpoints[0].epoch == 0


def test_a_divergence_drops_the_checkpoints_after_the_epoch_put_back() -> None:
    s = Session(Config(dataset="plane", points=100, hidden=(), learning_rate=3.0, batch_size=10))
    with pytest.raises(DivergenceError):
        s.train(200)
    assert max(c.epoch for c in s.timeline.checkpoints) == s.epoch
    good = s.epoch
    s.set_learning_rate(0.01)
    s.train(5)
    config = Config(dataset="plane", points=100, hidden=(), learning_rate=3.0, batch_size=10)
    fresh = Session(config)
    with pytest.raises(DivergenceError):
        fresh.train(200)
    fresh.set_learning_rate(0.01)
    fresh.train(3)
    _assert_same(Rewinder().session_at(s, good + 3), fresh)


def test_carry_on_from_an_epoch_equals_a_fresh_run_and_leaves_the_live_run_alone() -> None:
    config = Config(dataset="circle", points=80, batch_size=9, optimizer="adam", learning_rate=0.01)
    live = Session(config)
    live.train(50)
    before = live.net.params.copy()
    carried = Rewinder().carry_on(live, 20)
    assert carried is not live and np.array_equal(live.net.params, before) and live.epoch == 50
    assert carried.epoch == 20 and carried.history.last()["epoch"] == 20
    assert max(c.epoch for c in carried.timeline.checkpoints) == 20
    carried.train(15)
    fresh = Session(config)
    fresh.train(35)
    _assert_same(carried, fresh)
    _assert_same(Rewinder().session_at(carried, 30), _fresh(config, [], 30))  # its timeline is a real one


def test_a_frame_of_a_past_epoch_keeps_the_whole_history_and_says_which_epoch() -> None:
    live = Session(Config(dataset="xor", points=40))
    live.train(12)
    frame = Rewinder().frame_at(live, 5, resolution=20)
    assert frame.epoch == 5 and frame.live_epoch == 12
    assert frame.history.epoch[-1] == 12 and frame.structure_version == live.structure_version
    assert live.snapshot(20).live_epoch is None
    assert Rewinder().session_at(live, 99).epoch == 12  # past the end: the live epoch
