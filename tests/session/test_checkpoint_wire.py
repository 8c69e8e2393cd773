"""Checkpoints over the training process's pipe: a past epoch's arrays travel once, and the parent keeps one copy."""

from __future__ import annotations

import itertools
import pickle
from typing import Any

import pytest

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.checkpoint_wire import (
    LONG_TEXT,
    CheckpointReceiver,
    CheckpointSender,
    HeldText,
    NewText,
    PackedCheckpoint,
)
from nnviz.session.files import session_to_dict
from nnviz.session.frame_wire import FrameGap
from nnviz.session.training_process import TrainingProcess
from tests.session.test_runner import Harness

WIDE = Config(points=100, hidden=(16, 16))  # 3 KB of base64 per timeline checkpoint: long texts


def checkpoint(session: Session) -> ev.Checkpoint:
    return ev.Checkpoint(session_to_dict(session), session.grid.extent, (1, 2))


def long_texts(value: Any) -> list[str]:
    """Every long text in a document, in order."""
    if isinstance(value, dict):
        return [t for item in value.values() for t in long_texts(item)]
    if isinstance(value, list | tuple):
        return [t for item in value for t in long_texts(item)]
    return [value] if isinstance(value, str) and len(value) >= LONG_TEXT else []


def travelling(value: Any, kind: type) -> list[Any]:
    """Every NewText or HeldText in a packed document."""
    if isinstance(value, dict):
        return [t for item in value.values() for t in travelling(item, kind)]
    if isinstance(value, list | tuple):
        return [t for item in value for t in travelling(item, kind)]
    return [value] if isinstance(value, kind) else []


def test_only_texts_the_parent_lacks_travel_and_the_state_arrives_whole():
    session = Session(WIDE)
    sender, receiver = CheckpointSender(), CheckpointReceiver()
    session.step(3 * session.trainer.batches_per_epoch)
    first = checkpoint(session)
    got_first = receiver.unpack(pickle.loads(pickle.dumps(sender.pack(first))))
    assert got_first == first
    session.step(2 * session.trainer.batches_per_epoch)  # two more epochs: two more timeline checkpoints
    second = checkpoint(session)
    packed = sender.pack(second)
    before, after = long_texts(first.state), long_texts(second.state)
    assert len(after) > len(before) > 1
    new = [t.text for t in travelling(packed.checkpoint.state, NewText)]
    assert sorted(new) == sorted(set(after) - set(before))
    assert len(travelling(packed.checkpoint.state, HeldText)) == sum(t in set(before) for t in after)
    got = receiver.unpack(pickle.loads(pickle.dumps(packed)))
    assert got == second
    # the texts the parent had are the very objects it held, not new copies of them
    held = {id(t) for t in long_texts(got_first.state)}
    kept = [t for t in long_texts(got.state) if t in set(before)]
    assert kept and all(id(t) in held for t in kept)


def test_the_receiver_keeps_the_newest_checkpoints_texts_only():
    a, b, c = "a" * LONG_TEXT, "b" * LONG_TEXT, "c" * (2 * LONG_TEXT)
    sender, receiver = CheckpointSender(), CheckpointReceiver()
    for state in ({"x": [a, b], "y": {"z": c}}, {"x": [a], "n": [1.0, 2.5]}, {"x": [a, a, "short"]}):
        got = receiver.unpack(pickle.loads(pickle.dumps(sender.pack(ev.Checkpoint(state, 6.0, (1, 2))))))
        assert got.state == state
        assert receiver.held == len(set(long_texts(state)))  # a timeline that drops checkpoints frees their texts
    assert receiver.held == 1


def test_a_text_sent_again_after_it_was_dropped_travels_again():
    a, b = "a" * LONG_TEXT, "b" * LONG_TEXT
    sender, receiver = CheckpointSender(), CheckpointReceiver()
    for state in ({"x": [a, b]}, {"x": [a]}, {"x": [a, b]}):
        receiver.unpack(sender.pack(ev.Checkpoint(state, 6.0, (1, 2))))
    assert receiver.held == 2


def test_a_key_never_sent_is_a_gap():
    receiver = CheckpointReceiver()
    with pytest.raises(FrameGap, match="never sent"):
        receiver.unpack(PackedCheckpoint(ev.Checkpoint({"x": HeldText(7)}, 6.0, (1, 2))))


def test_the_reader_keeps_the_unpacked_checkpoint_for_a_restart():
    session = Session(WIDE)
    session.step(2 * session.trainer.batches_per_epoch)
    process = TrainingProcess(session, lambda event: None, spawn_now=False)
    try:
        sender, want = CheckpointSender(), checkpoint(session)
        process._forward(pickle.loads(pickle.dumps(sender.pack(want))))
        assert process._checkpoint == want
    finally:
        process.close()


def test_the_runners_checkpoints_share_the_texts_of_the_arrays_both_hold():
    h = Harness(Session(WIDE))
    h.runner.checkpoint_every = 0.05  # fake seconds
    h.at(0.0, cmd.Play()).run(0.3)
    states = [e.state for _, e in h.of(ev.Checkpoint)]
    assert len(states) >= 3
    for before, after in itertools.pairwise(states):
        held = {t: t for t in long_texts(before)}
        shared = [t for t in long_texts(after) if t in held]
        assert shared and all(t is held[t] for t in shared)  # not encoded again: the sender finds them at once


def test_lists_of_any_number_type_pass_as_they_are_and_a_long_text_among_numbers_still_travels_once():
    import numpy as np

    text = "t" * LONG_TEXT
    numbers = [1.5, 2, True, np.float64(0.25), np.int64(3)]  # np.int64 is no int: the list is mapped, unchanged
    state = {"weights": [0.5] * 100, "mixed": numbers, "tail": [*numbers[:3], text]}
    packed = CheckpointSender().pack(ev.Checkpoint(state, 1.0, (1, 2))).checkpoint.state
    assert packed["weights"] is state["weights"]  # a list of numbers is passed on, not copied
    assert packed["mixed"] == numbers and type(packed["mixed"][3]) is np.float64
    assert packed["tail"][:3] == numbers[:3] and isinstance(packed["tail"][3], NewText)


def test_the_receiver_puts_the_texts_back_where_the_sender_says_without_walking_the_state(monkeypatch):
    import nnviz.session.checkpoint_wire as wire

    session = Session(WIDE)
    session.step(3 * session.trainer.batches_per_epoch)
    sender, receiver = CheckpointSender(), CheckpointReceiver()
    receiver.unpack(pickle.loads(pickle.dumps(sender.pack(checkpoint(session)))))
    session.step(2 * session.trainer.batches_per_epoch)
    want = checkpoint(session)
    packed = sender.pack(want)
    assert packed.texts and len(packed.texts) == len(long_texts(want.state))

    def walked(*args: Any) -> Any:
        raise AssertionError("the receiver walked the whole state")

    monkeypatch.setattr(wire, "_map_values", walked)
    assert receiver.unpack(pickle.loads(pickle.dumps(packed))) == want


def test_a_long_text_in_a_tuple_or_a_key_never_sent_still_arrive_as_before():
    a = "a" * LONG_TEXT
    state = {"x": [1.0, 2.0], "t": ("short", a), "l": [a]}
    packed = CheckpointSender().pack(ev.Checkpoint(state, 6.0, (1, 2)))
    assert CheckpointReceiver().unpack(pickle.loads(pickle.dumps(packed))).state == state
    held = PackedCheckpoint(ev.Checkpoint({"x": [HeldText(7)]}, 6.0, (1, 2)), texts=(("x", 0),))
    with pytest.raises(FrameGap, match="never sent"):
        CheckpointReceiver().unpack(held)
