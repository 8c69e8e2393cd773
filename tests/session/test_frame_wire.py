"""Frames over the training process's pipe: only what is new travels, and the GUI still gets every history row."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.frame_wire import KEPT_FIELDS, FrameReceiver, FrameSender, same_array
from nnviz.session.history import COLUMNS, History, HistoryView
from nnviz.session.training_process import PipeInbox, TrainingProcess

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


def follows_none(session: Session) -> tuple[FrameSender, object]:
    """A sender and the frame it packs after one the receiver never got (history rows and points left out)."""
    sender = FrameSender()
    session.step(10)
    sender.pack(packet(session))
    session.step(10)
    return sender, sender.pack(packet(session))


def test_a_frame_that_follows_one_never_received_is_dropped_and_the_next_comes_whole():
    session = Session(SMALL)
    sender, packed = follows_none(session)
    assert packed.history_from > 0 and packed.kept  # new rows only, points left out
    receiver = FrameReceiver()
    assert receiver.unpack(packed) is None  # not a ValueError: the worker thread lives on
    sender.send_whole()
    session.step(3)
    whole = sender.pack(packet(session))
    assert whole.history_from == 0 and not whole.kept
    frame = receiver.unpack(whole).frame
    assert_same_history(frame.history, session.history.view())
    assert np.array_equal(frame.train_points, session.train_set.points)
    session.step(3)
    assert_same_history(receiver.unpack(sender.pack(packet(session))).frame.history, session.history.view())


class RecordingPipe:
    """A pipe's end: what was sent, and what `recv` gives."""

    def __init__(self, incoming: list[object] | None = None) -> None:
        self.sent: list[object] = []
        self.incoming = list(incoming or [])

    def send(self, message: object) -> None:
        self.sent.append(message)

    def poll(self, timeout: float) -> bool:
        return bool(self.incoming)

    def recv(self) -> object:
        return self.incoming.pop(0)

    def close(self) -> None:
        pass


def test_the_reader_asks_the_child_for_a_whole_frame_and_the_child_packs_one():
    session = Session(SMALL)
    sender, packed = follows_none(session)
    process = TrainingProcess(Session(SMALL), lambda event: None, resolution=8, spawn_now=False)
    pipe = RecordingPipe()
    process._commands = pipe  # type: ignore[assignment]
    try:
        process._forward(packed)
        assert pipe.sent == [cmd.FrameConsumed(whole=True)]  # the child is asked again, for a whole frame
        assert process._handoff.take() is None  # nothing to hand on
        inbox = PipeInbox(RecordingPipe(pipe.sent), sender)  # type: ignore[arg-type]
        assert inbox.get(0.0) == cmd.FrameConsumed(whole=True)
        session.step(2)
        process._forward(sender.pack(packet(session)))  # the child's next frame: whole
        handed = process._handoff.take()
        assert handed is not None
        assert_same_history(handed.frame.history, session.history.view())
    finally:
        process._commands = None
        process.close()


@pytest.mark.parametrize("n", [100, 20_000])  # compared as bytes, and (large) as integer views
def test_same_array_compares_bits(n):
    a = np.linspace(-1.0, 1.0, n)
    a[0], a[-1] = np.nan, -0.0
    assert same_array(a, a.copy())
    b = a.copy()
    b[-1] = 0.0
    assert not same_array(a, b)  # -0.0 is not 0.0
    b = a.copy()
    b[n // 2] = np.nextafter(b[n // 2], 2.0)
    assert not same_array(a, b)
    assert not same_array(a, a[::-1].copy()) and not same_array(a, a.astype(np.float32))
    assert same_array(a[::2], a[::2].copy())  # not contiguous
