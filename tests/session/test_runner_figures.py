"""Frames while training reuse the figures of the newest recorded epoch end (issue 23: big networks at 30 frames/s).

The loss, accuracy and confusion matrices over every point cost a big network more than training does; the
session measures them at the epoch ends its history records anyway. These tests run the runner on a fake clock
(see test_runner.Harness) and check that frames no longer pay for a pass of their own while training, that the
figures they carry are exactly those of the epoch they name, and that paused frames still measure their own.
"""

from __future__ import annotations

import numpy as np

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.graph_refs import BiasRef
from nnviz.session.runner import CHUNK_SECONDS, Runner
from nnviz.session.slicing import confusion_matrices
from tests.session.test_runner import SMALL, Harness

EVALUATION_COST = 0.02  # fake seconds of one pass over every point: as long as 20 batches (a big network)


def _counting_evaluations(h: Harness, cost: float = 0.0) -> list[int]:
    """Count the session's passes over every point (each at the steps it measured); each costs `cost`."""
    session = h.session
    evaluate = session._evaluate
    at_steps: list[int] = []

    def counted() -> object:
        at_steps.append(session.steps)
        h.clock.t += cost
        return evaluate()

    session._evaluate = counted  # type: ignore[method-assign]
    return at_steps


def test_frames_while_training_make_no_pass_over_every_point_of_their_own() -> None:
    h = Harness(Session(SMALL))
    at_steps = _counting_evaluations(h)
    h.at(0.0, cmd.Play()).run(1.0)
    bpe = h.session.trainer.batches_per_epoch
    running = [p.frame for p in h.frames() if p.running and p.frame.steps > 0]
    assert len(running) > 20
    assert all(steps % bpe == 0 for steps in at_steps[1:])  # after the first frame's, only epoch ends were measured
    assert any(f.steps % bpe for f in running)  # frames came between epoch ends too, and measured nothing


def test_a_training_frame_carries_exactly_the_history_record_of_the_epoch_it_names() -> None:
    h = Harness(Session(SMALL)).at(0.0, cmd.Play()).run(1.0)
    history = h.session.history.view()
    records = {int(e): i for i, e in enumerate(history.epoch)}
    checked = 0
    for packet in h.frames():
        f = packet.frame
        if not packet.running or f.figures_epoch is None:
            continue
        assert f.figures_epoch <= f.epoch
        i = records[f.figures_epoch]
        assert (f.train_loss, f.test_loss) == (history.train_loss[i], history.test_loss[i])
        assert (f.train_accuracy, f.test_accuracy) == (history.train_accuracy[i], history.test_accuracy[i])
        checked += 1
    assert checked > 20


def test_costly_figures_no_longer_slow_the_frames_down() -> None:
    """A pass over every point costs 20 batches here: frames still come about every frame_interval."""
    h = Harness(Session(SMALL))
    _counting_evaluations(h, EVALUATION_COST)
    h.at(0.0, cmd.Play()).run(3.0)
    times = [t for t, p in h.of(ev.FramePacket) if p.running]  # type: ignore[attr-defined]
    gaps = np.diff(times[2:])
    # one chunk may end an epoch (its pass included): a frame waits at most that long past its interval
    assert np.median(gaps) <= h.frame_interval + CHUNK_SECONDS + EVALUATION_COST
    assert len(times) >= 0.5 * 3.0 / h.frame_interval


def test_paused_frames_and_frames_after_an_edit_measure_their_own_figures() -> None:
    session = Session(SMALL)
    set_bias, edited_at, events_before = session.set_bias, [], []

    def noted_set_bias(layer: int, neuron: int, value: float) -> None:
        edited_at.append(session.epoch)
        events_before.append(len(h.events))  # a frame made at the edit's time, before it, is not one after it
        set_bias(layer, neuron, value)

    session.set_bias = noted_set_bias  # type: ignore[method-assign]
    h = Harness(session).at(0.0, cmd.Play())
    h.at(0.5, cmd.SetBias(BiasRef(1, 0), 0.25)).at(0.8, cmd.Pause()).run(1.0)
    paused = h.frames()[-1]
    assert not paused.running and paused.frame.figures_epoch is None
    assert paused.frame.train_loss == h.session.metrics().train_loss
    after = [e.frame for _, e in h.events[events_before[0]:] if isinstance(e, ev.FramePacket)]
    assert edited_at and len(after) > 5
    # the epoch ends before the edit measured other weights: never shown after it
    assert all(f.figures_epoch is None or f.figures_epoch > edited_at[0] for f in after)


def test_the_reused_figures_are_those_the_timeline_shows_for_that_epoch_bit_for_bit() -> None:
    """Multi-class data: the confusion counted from the epoch end's pass equals the one of that epoch replayed."""
    config = Config(dataset="iris", hidden=(8,), learning_rate=0.1, batch_size=10)
    h = Harness(Session(config)).at(0.0, cmd.Play()).run(0.4)
    # an epoch before the live one: ShowEpoch of the live epoch shows the live run (maybe batches past its end)
    live = [p.frame for p in h.frames() if p.running and p.frame.figures_epoch
            and p.frame.figures_epoch < h.session.epoch]
    assert live
    shown = live[-1]
    events: list[ev.Event] = []
    runner = Runner(h.session, events.append, clock=lambda: 0.0, resolution=8)
    runner.handle(cmd.ShowEpoch(shown.figures_epoch))
    runner.tick()
    replayed = [e for e in events if isinstance(e, ev.FramePacket)][-1].frame
    assert replayed.epoch == shown.figures_epoch and replayed.figures_epoch is None
    assert (shown.train_loss, shown.test_loss, shown.train_accuracy, shown.test_accuracy) == (
        replayed.train_loss, replayed.test_loss, replayed.train_accuracy, replayed.test_accuracy)
    assert shown.confusion is not None and replayed.confusion is not None
    for ours, theirs in zip(shown.confusion, replayed.confusion, strict=True):
        assert ours.tobytes() == theirs.tobytes()


def test_epoch_figures_count_the_same_outputs_as_the_confusion_of_that_state() -> None:
    s = Session(Config(dataset="iris", hidden=(8,), learning_rate=0.1))
    s.train(3)
    figures = s.epoch_figures
    assert figures is not None and figures.epoch == 3
    ours = figures.confusion(s.spec, s.train_set.labels, s.test_set.labels)
    theirs = confusion_matrices(s)
    assert ours is not None and theirs is not None
    assert [m.tolist() for m in ours] == [m.tolist() for m in theirs]
    assert figures.metrics == s.metrics()
    s.set_bias(1, 0, 0.5)
    assert s.epoch_figures is None  # the weights changed: those figures are another state's
