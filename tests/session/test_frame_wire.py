"""Frames over the training process's pipe: only what is new travels, and the GUI still gets every history row."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from nnviz.session import Config, Session
from nnviz.session import events as ev
from nnviz.session.frame_wire import KEPT_FIELDS, FrameReceiver, FrameSender
from nnviz.session.history import COLUMNS, History, HistoryView

SMALL = Config(points=200)


def packet(session: Session) -> ev.FramePacket:
    return ev.FramePacket(session.snapshot(8, grids=False), True, 1.0, None)


def assert_same_history(got: HistoryView, want: HistoryView) -> None:
    for name in COLUMNS:
        assert np.array_equal(getattr(got, name), getattr(want, name), equal_nan=True), name


def test_the_history_arrives_whole_while_only_new_rows_travel_and_dropped_frames_lose_none():
    session = Session(SMALL)
    sender, receiver = FrameSender(), FrameReceiver()
    drawn, copies = [], []
    for i in range(40):
        before = len(session.history)
        session.step(1 + i % 7)  # some frames add no row, some several
        packed = sender.pack(packet(session))
        assert packed.rows.shape == (len(COLUMNS), len(session.history) - (before if i else 0))
        full = receiver.unpack(packed)  # every frame the child sends arrives (a pipe loses none) ...
        if i % 3 == 0:
            drawn.append(full.frame)  # ... but only some are drawn
            copies.append(HistoryView(*(getattr(full.frame.history, name).copy() for name in COLUMNS)))
    session.step(5)
    last = receiver.unpack(sender.pack(packet(session))).frame
    assert_same_history(last.history, session.history.view())
    assert len(drawn[-1].history) < len(last.history)  # the frames drawn skipped rows; the curve has them all
    for frame, copy in zip(drawn, copies, strict=True):  # an earlier frame's history is left as it was
        assert_same_history(frame.history, copy)
    assert not last.history.epoch.flags.writeable


def test_a_reset_or_a_merge_at_capacity_sends_the_history_whole():
    session = Session(SMALL)
    session.history = History(capacity=8)  # merges every other row when full
    sender, receiver = FrameSender(), FrameReceiver()
    whole = 0
    for _ in range(30):
        session.step(3 * session.trainer.batches_per_epoch)
        packed = sender.pack(packet(session))
        whole += packed.history_from == 0
        assert_same_history(receiver.unpack(packed).frame.history, session.history.view())
    assert session.history.stride > 2 and whole > 2  # merged more than once, each time sent whole
    session.reset()
    packed = sender.pack(packet(session))
    assert packed.history_from == 0
    assert_same_history(receiver.unpack(packed).frame.history, session.history.view())


def test_unchanged_points_are_left_out_and_put_back():
    session = Session(SMALL)
    sender, receiver = FrameSender(), FrameReceiver()
    first = receiver.unpack(sender.pack(packet(session)))
    session.step(4)
    packed = sender.pack(packet(session))
    assert {"train_points", "train_labels", "test_points", "test_labels"} <= set(packed.kept)
    assert all(len(getattr(packed.packet.frame, name)) == 0 for name in packed.kept)
    frame = receiver.unpack(packed).frame
    want = session.snapshot(8, grids=False)
    for name in KEPT_FIELDS:
        a, b = getattr(frame, name), getattr(want, name)
        assert (a is None and b is None) or np.array_equal(a, b), name
    assert frame.train_points is first.frame.train_points
    session.regenerate()  # new points: sent again
    packed = sender.pack(packet(session))
    assert "train_points" not in packed.kept
    assert np.array_equal(receiver.unpack(packed).frame.train_points, session.train_set.points)


def test_a_frame_costs_bytes_for_what_changed_not_for_the_whole_history():
    session = Session(SMALL)
    sender = FrameSender()
    session.step(session.trainer.batches_per_epoch * 600)
    sender.pack(packet(session))
    session.step(session.trainer.batches_per_epoch)  # one epoch later
    full = packet(session)
    sent = len(pickle.dumps(sender.pack(full)))
    history_bytes = sum(getattr(full.frame.history, name).nbytes for name in COLUMNS)
    points_bytes = full.frame.train_points.nbytes + full.frame.test_points.nbytes
    assert sent < len(pickle.dumps(full)) - history_bytes - points_bytes + 1024
    assert sent < history_bytes


def test_a_frame_that_refers_to_rows_the_receiver_does_not_have_is_refused():
    session = Session(SMALL)
    sender = FrameSender()
    session.step(10)
    sender.pack(packet(session))
    session.step(10)
    with pytest.raises(ValueError):
        FrameReceiver().unpack(sender.pack(packet(session)))
