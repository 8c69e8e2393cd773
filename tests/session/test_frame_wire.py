"""Frames over the training process's pipe: only what is new travels, and the GUI still gets every history row."""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import pickle
import threading
from dataclasses import replace

import numpy as np
import pytest

from nnviz import data as nd
from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.frame import Frame, frame_with
from nnviz.session.frame_wire import FRAME_FIELDS, FrameGap, FrameReceiver, FrameSender, same_array, same_value
from nnviz.session.history import COLUMNS, History, HistoryView
from nnviz.session.training_process import TrainingProcess

SMALL = Config(points=200)
KEPT_FIELDS = ("train_points", "train_labels", "test_points", "test_labels", "train_distance", "test_distance")


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
    assert not set(packed.kept) & set(packed.fields)
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


def test_a_frame_that_follows_one_never_received_cannot_be_rebuilt_and_a_new_child_starts_whole():
    session = Session(SMALL)
    _, packed = follows_none(session)
    assert packed.history_from > 0 and packed.kept  # new rows only, points left out
    with pytest.raises(FrameGap):
        FrameReceiver().unpack(packed)
    session.step(3)
    whole = FrameSender().pack(packet(session))  # a new child's first frame comes whole
    assert whole.history_from == 0 and not whole.kept
    frame = FrameReceiver().unpack(whole).frame
    assert_same_history(frame.history, session.history.view())
    assert np.array_equal(frame.train_points, session.train_set.points)


def test_a_frame_the_reader_cannot_rebuild_restarts_the_child_and_the_reader_thread_lives_on(monkeypatch):
    # a pipe loses no frame, so only a bug sends one that follows a frame never received: the reader treats it as
    # a child gone wrong (a new one, paused, from the last checkpoint), never as an error that ends its thread
    session = Session(SMALL)
    _, bad = follows_none(session)
    good = FrameSender().pack(packet(session))
    events: list[ev.Event] = []
    handed = threading.Event()

    def emit(event: ev.Event) -> None:
        events.append(event)
        if isinstance(event, ev.FramePacket):
            handed.set()

    process = TrainingProcess(Session(SMALL), emit, resolution=8, spawn_now=False)
    children: list[object] = []

    def start_child(announce: int | None) -> None:  # a child that sends one frame: a bad one first, then a good one
        process._generation += 1
        reader, writer = mp.Pipe(duplex=False)
        writer.send(bad if not children else good)
        children.append(writer)
        process._events, process._commands = reader, RecordingPipe()  # type: ignore[assignment]
        process._frames = FrameReceiver()

    monkeypatch.setattr(process, "_start_child", start_child)
    reader = threading.Thread(target=process.run, name="nnviz-test-reader")
    reader.start()
    try:
        assert handed.wait(30.0)  # a liveness bound on a loaded machine
        assert reader.is_alive()
    finally:
        process.request_stop()
        reader.join(30.0)
    assert not reader.is_alive() and len(children) == 2
    failed = [e for e in events if isinstance(e, ev.Failed)]
    assert len(failed) == 1 and "restarted, paused" in failed[0].message
    assert_same_history(events[-1].frame.history, session.history.view())  # type: ignore[union-attr]


class RecordingPipe:
    """A pipe's end: what was sent."""

    def __init__(self) -> None:
        self.sent: list[object] = []

    def send(self, message: object) -> None:
        self.sent.append(message)

    def send_bytes(self, data: bytes) -> None:
        self.sent.append(pickle.loads(data))

    def close(self) -> None:
        pass


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


def assert_same_frame(got: Frame, want: Frame) -> None:
    """Every field bit for bit: arrays (and tuples of them) by their bits, -0.0 not 0.0, others equal."""
    for field in dataclasses.fields(Frame):
        a, b = getattr(got, field.name), getattr(want, field.name)
        if field.name == "history":
            assert_same_history(a, b)
        elif isinstance(b, tuple) and b and isinstance(b[0], np.ndarray):
            assert len(a) == len(b) and all(same_array(x, y) for x, y in zip(a, b, strict=True)), field.name
        elif isinstance(b, np.ndarray):
            assert same_array(a, b), field.name
        elif isinstance(b, float):
            assert repr(a) == repr(b), field.name  # nan is nan, -0.0 is not 0.0
        else:
            assert a == b, field.name


def test_fields_the_frame_before_had_do_not_travel_and_every_frame_arrives_bit_for_bit():
    session = Session(SMALL)
    sender, receiver = FrameSender(), FrameReceiver()
    first = sender.pack(packet(session))
    assert set(first.fields) == set(FRAME_FIELDS)  # a first frame is whole
    assert_same_frame(receiver.unpack(first).frame, packet(session).frame)
    for i in range(12):
        session.step(1 + i % 5)
        if i == 5:
            session = session.with_config(replace(session.config, hidden=(5, 3)))  # a new shape: new weights' layout
        if i == 8:
            session.set_bias(1, 0, -0.0)
        full = packet(session)
        packed = sender.pack(full)
        assert_same_frame(receiver.unpack(pickle.loads(pickle.dumps(packed))).frame, full.frame)
        if i not in (5, 6):
            # the network's shape, names, ranges, versions and points stay home; the figures travel
            assert not {"sizes", "activations", "feature_names", "extent", "output_range", "data_version",
                        "structure_version", "train_points", "problem", "loss_name"} & set(packed.fields)
            assert "steps" in packed.fields


def test_the_weights_and_biases_travel_as_one_array_and_arrive_as_each_layers_own():
    session = Session(Config(points=200, hidden=(4, 3)))
    session.step(7)
    full = packet(session)
    packed = FrameSender().pack(full)
    layers = zip(full.frame.weights, full.frame.biases, strict=True)
    assert packed.params.ndim == 1 and packed.params.size == sum(w.size + b.size for w, b in layers)
    frame = FrameReceiver().unpack(packed).frame
    assert [w.shape for w in frame.weights] == [(4, 2), (3, 4), (1, 3)]
    for got, want in zip(frame.weights + frame.biases, full.frame.weights + full.frame.biases, strict=True):
        assert same_array(got, want)


def test_weights_that_do_not_fit_the_networks_shape_are_a_frame_gap():
    session = Session(SMALL)
    packed = FrameSender().pack(packet(session))
    short = replace(packed, params=packed.params[:-1])
    with pytest.raises(FrameGap, match="weights"):
        FrameReceiver().unpack(short)


def test_a_frame_with_new_fields_is_the_old_one_but_those():
    frame = packet(Session(SMALL)).frame
    new = frame_with(frame, epoch=7, warning="collapsed")
    assert new == replace(frame, epoch=7, warning="collapsed") and frame.epoch == 0
    with pytest.raises(TypeError, match="no field"):
        frame_with(frame, epochs=7)
    assert not hasattr(Frame, "__post_init__")  # frame_with does not call __init__: nothing there to skip


def test_a_field_is_left_out_only_when_it_is_the_same_bit_for_bit():
    assert same_value(0.5, 0.5) and same_value((1, "tanh"), (1, "tanh")) and same_value(None, None)
    assert not same_value(0.0, -0.0) and not same_value(float("nan"), float("nan"))  # a NaN is simply sent again
    assert not same_value(1, 1.0) and not same_value(True, 1) and not same_value((1, 2), (1, 2, 3))
    assert same_value((np.eye(2), np.zeros(2)), (np.eye(2), np.zeros(2)))
    assert not same_value((np.eye(2),), (np.eye(2) * -1,))
    stats = object()
    assert same_value(stats, stats) and not same_value(object(), object())  # other objects: only the same one


def test_the_reader_asks_for_each_frame_without_pickling_a_command(monkeypatch):
    from multiprocessing.reduction import ForkingPickler

    process = TrainingProcess(Session(SMALL), lambda event: None, resolution=8, spawn_now=False)
    reader, writer = mp.Pipe(duplex=False)
    process._commands = writer

    def pickling(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a command pickled for every frame")

    monkeypatch.setattr(ForkingPickler, "dumps", pickling)
    try:
        process._ask_for_frame()
        assert reader.poll(5.0) and isinstance(reader.recv(), cmd.FrameConsumed)  # what the child reads
    finally:
        process._commands = None
        process.close()
        writer.close()
        reader.close()


def test_a_tables_plane_and_points_on_it_are_computed_and_sent_once_until_they_change(monkeypatch):
    session = Session(Config(dataset="iris", hidden=(4,), learning_rate=0.1))
    session.set_slice(nd.SliceSpec(mode="pca"))
    fitted = []
    fit = nd.pca_plane
    monkeypatch.setattr(nd, "pca_plane", lambda *args: fitted.append(fit(*args)) or fitted[-1])
    sender = FrameSender()
    sender.pack(packet(session))
    session.step(3)
    packed = sender.pack(packet(session))
    assert len(fitted) == 1  # the first frame's; the next frame did not fit the plane again
    assert {"plane", "column_stats", "train_points", "train_distance", "extent"} <= set(packed.kept)
    fewer = session.train_set.subset(np.arange(session.train_set.n - 5))
    session.points.restore(fewer, session.test_set)  # other points: fitted and sent again
    packed = sender.pack(packet(session))
    assert len(fitted) == 2 and {"plane", "column_stats", "train_points"} <= set(packed.fields)
    assert len(packed.fields["train_points"]) == len(fewer.points)
    session.set_slice(nd.SliceSpec(axes=(1, 2)))  # another slice: its plane
    assert sender.pack(packet(session)).fields["plane"].axis_names == session.data.columns[1:3]
