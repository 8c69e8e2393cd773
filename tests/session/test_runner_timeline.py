"""The runner's timeline: show a past epoch, carry on from it (the later part set aside), undo."""

from __future__ import annotations

import numpy as np

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.graph_refs import BiasRef
from nnviz.session.runner import Runner

CONFIG = Config(dataset="xor", points=60, batch_size=7, seed=1)


def _runner(epochs: int = 30) -> tuple[Runner, list[ev.Event]]:
    session = Session(CONFIG)
    session.train(epochs)
    events: list[ev.Event] = []
    return Runner(session, events.append, clock=lambda: 0.0, resolution=8), events


def _frames(events: list[ev.Event]) -> list[ev.FramePacket]:
    return [e for e in events if isinstance(e, ev.FramePacket)]


def _fresh(epochs: int) -> Session:
    s = Session(CONFIG)
    s.train(epochs)
    return s


def test_show_epoch_sends_the_frame_of_that_epoch_and_leaves_the_run_alone() -> None:
    runner, events = _runner()
    live_params = runner.session.net.params.copy()
    runner.handle(cmd.ShowEpoch(12))
    runner.tick()
    frame = _frames(events)[-1].frame
    assert (frame.epoch, frame.live_epoch) == (12, 30)
    assert frame.weights[0].tobytes() == _fresh(12).snapshot(8).weights[0].tobytes()
    assert np.array_equal(runner.session.net.params, live_params) and runner.session.epoch == 30
    runner.handle(cmd.FrameConsumed())
    runner.handle(cmd.ShowEpoch(None))
    runner.tick()
    assert _frames(events)[-1].frame.live_epoch is None and _frames(events)[-1].frame.epoch == 30


def test_play_while_an_earlier_epoch_is_shown_carries_on_from_it_and_undo_brings_the_rest_back() -> None:
    runner, events = _runner()
    old = runner.session
    runner.handle(cmd.ShowEpoch(10))
    runner.handle(cmd.StepEpoch())
    carried = runner.session
    assert carried is not old and carried.epoch == 11 and runner.timeline.viewing is None
    assert carried.net.params.tobytes() == _fresh(11).net.params.tobytes()
    assert ev.SetAside(30) in events
    assert any(isinstance(e, ev.Notice) and "set aside" in e.message for e in events)
    runner.handle(cmd.UndoCarryOn())
    assert runner.session is old and old.epoch == 30 and ev.SetAside(None) in events


def test_an_edit_while_an_earlier_epoch_is_shown_applies_to_that_epoch() -> None:
    runner, _ = _runner()
    runner.handle(cmd.ShowEpoch(5))
    runner.handle(cmd.SetBias(BiasRef(1, 0), 0.5, structure=runner.session.structure_version))
    assert runner.session.epoch == 5 and runner.session.net.get_bias(1, 0) == 0.5


def test_opening_another_session_forgets_the_run_set_aside() -> None:
    runner, events = _runner()
    runner.handle(cmd.ShowEpoch(5))
    runner.handle(cmd.CarryOn())
    runner.handle(cmd.ApplyConfig(runner.session.config.replace(hidden=(2,)), seq=1))  # a rebuild
    assert events.count(ev.SetAside(None)) == 1
    runner.handle(cmd.UndoCarryOn())
    assert runner.session.config.hidden == (2,)


def test_explain_step_reads_the_epoch_shown_and_applying_it_carries_on_from_there() -> None:
    from nnviz.session.explain.tasks import ApplyExplainedUpdate, ExplainSample

    runner, events = _runner()
    runner.handle(cmd.ShowEpoch(7))
    runner.handle(ExplainSample(0))
    explanation = events[-1].result
    assert explanation.params_before.tobytes() == _fresh(7).net.params.tobytes()
    assert runner.session.epoch == 30  # reading the past changes nothing
    runner.handle(ApplyExplainedUpdate(explanation))
    assert runner.session.epoch == 7 and runner.timeline.viewing is None and ev.SetAside(30) in events


def test_an_explained_update_and_its_undo_are_on_the_timeline() -> None:
    from nnviz.session.explain.sample import apply_update, explain_sample
    from nnviz.session.explain.tasks import ApplyExplainedUpdate, UndoExplainedUpdate
    from nnviz.session.timeline_view import Rewinder

    live = Session(CONFIG)
    live.train(10)
    ApplyExplainedUpdate(explain_sample(live, 3)).run(live)
    live.train(10)
    fresh = Session(CONFIG)
    fresh.train(10)
    apply_update(fresh, explain_sample(fresh, 3))
    fresh.train(4)
    assert Rewinder().session_at(live, 14).net.params.tobytes() == fresh.net.params.tobytes()
    undone = Session(CONFIG)
    undone.train(10)
    ex = explain_sample(undone, 3)
    ApplyExplainedUpdate(ex).run(undone)
    UndoExplainedUpdate(ex).run(undone)  # as if it never happened
    undone.train(10)
    assert Rewinder().session_at(undone, 16).net.params.tobytes() == _fresh(16).net.params.tobytes()
