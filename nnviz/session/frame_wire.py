"""Frames over the training process's pipe: only what changed since the previous frame travels.

A light frame is mostly the loss history (up to `history.CAPACITY` rows, growing with the epochs) and the
points, and neither changes between most frames. The child's `FrameSender` sends the history as the rows
added since the frame it sent before, and leaves out a points array equal to the one it sent before; the
parent's `FrameReceiver` reads every frame the child sends, in order (a pipe loses none), keeps the whole
history and the arrays, and gives back the full frame. So a frame the parent drops (only the newest is
drawn) loses no history rows: they were already added when it arrived. Any other change of the history (a
reset, a session swapped, the rows merged at capacity, an earlier epoch shown) sends it whole. A frame the
receiver cannot rebuild (rows that do not follow the ones it holds, arrays of a frame it never got: a pipe
loses none, so only a bug sends one) raises `FrameGap`; the reader then starts a new child from the last
checkpoint, as when a child dies, and the worker thread lives on.

Decoding every frame is the GUI process's work (issue 23: the reader thread unpickled a frame in about 0.4 ms
under load, mostly its 40 field names and 16 small arrays): so every other field the frame before had too (the
network's shape, names, versions, ranges, the same confusion matrices) is left out as well, and the weights and
biases travel as one flat array that the receiver views layer by layer.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from nnviz.session.events import CompareFrame, FramePacket
from nnviz.session.frame import Frame, frame_with
from nnviz.session.history import COLUMNS, HistoryView

APART = ("weights", "biases", "history")  # fields that travel in their own form (params, rows)
FRAME_FIELDS = tuple(field.name for field in dataclasses.fields(Frame) if field.name not in APART)


@dataclass(frozen=True)
class PackedFrame:
    """A FramePacket as it travels: its frame's fields that changed since the frame packed before, the weights and
    biases as one array, and the history's new rows."""

    fields: dict[str, Any]  # the frame's FRAME_FIELDS not equal to the frame before's (all of them: a first frame)
    params: np.ndarray  # every weights[k] row by row, then every biases[k] (the frame's own dtype)
    history_from: int  # the rows before this one are the receiver's; 0: `rows` is the whole history
    rows: np.ndarray  # (5, n_new): the history's new rows, one row per COLUMNS
    running: bool
    epochs_per_second: float | None
    speed_limit: float | None
    compare: CompareFrame | None = None

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        """Pickled as its values (a dataclass's state would travel as a dict with its field names)."""
        return (PackedFrame, (self.fields, self.params, self.history_from, self.rows, self.running,
                              self.epochs_per_second, self.speed_limit, self.compare))

    @property
    def kept(self) -> tuple[str, ...]:
        """The fields (of FRAME_FIELDS) that are the frame before's."""
        return tuple(name for name in FRAME_FIELDS if name not in self.fields)


_UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}
# Up to this size two copies and a memcmp (about 2 us for a 2,048-row history column) beat numpy's comparison
# (about 18 us a call under load); above it the copies cost more (200,000 floats: 5.5 ms against 0.07 ms).
COPY_COMPARE_BYTES = 1 << 16


def same_array(a: object, b: object) -> bool:
    """Whether two Frame values are the same array bit for bit (a None is only the same as None)."""
    if a is b:
        return True
    if not isinstance(a, np.ndarray) or not isinstance(b, np.ndarray):
        return False
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    bits = _UNSIGNED.get(a.dtype.itemsize)
    if (a.nbytes <= COPY_COMPARE_BYTES or bits is None or a.dtype.hasobject
            or not (a.flags.c_contiguous and b.flags.c_contiguous)):
        return a.tobytes() == b.tobytes()
    # big arrays: their bits as unsigned integers (views, no copy): -0.0 is not 0.0, a NaN equals its own bits
    return bool(np.array_equal(a.view(bits), b.view(bits)))


class FrameGap(Exception):
    """A packed frame follows one the receiver never got: it cannot be rebuilt."""


class FrameSender:
    """The child's side: packs each frame against the one sent before it."""

    def __init__(self) -> None:
        self._last: Frame | None = None

    def pack(self, packet: FramePacket) -> PackedFrame:
        """The packet with only what is new since the frame packed before."""
        frame, last = packet.frame, self._last
        self._last = frame
        history = frame.history
        start = 0
        if last is not None and _extends(history, last.history):
            start = len(last.history)
        rows = np.array([column[start:] for column in _columns(history)], dtype=np.float64).reshape(len(COLUMNS), -1)
        values = frame.__dict__
        fields = {name: values[name] for name in FRAME_FIELDS
                  if last is None or not same_value(values[name], last.__dict__[name])}
        params = np.concatenate([w.ravel() for w in frame.weights] + list(frame.biases))
        return PackedFrame(fields, params, start, rows, packet.running, packet.epochs_per_second, packet.speed_limit,
                           packet.compare)


class FrameReceiver:
    """The parent's side: unpacks every frame the child sent, in order, into the full frame."""

    def __init__(self) -> None:
        self._last: Frame | None = None
        self._history = _GrowingHistory()

    def unpack(self, packed: PackedFrame) -> FramePacket:
        """The full packet: the history so far and the fields kept from the frame before. FrameGap: this frame
        follows one that never arrived."""
        last = self._last
        start, held = packed.history_from, self._history.rows
        whole = len(packed.fields) == len(FRAME_FIELDS)
        if (last is None and not whole) or start not in (0, held):
            raise FrameGap(f"a frame from the training process follows one that never arrived (history rows from "
                           f"{start}, {held} held; {len(FRAME_FIELDS) - len(packed.fields)} fields kept)")
        sizes = packed.fields["sizes"] if "sizes" in packed.fields or last is None else last.sizes
        weights, biases = _layers(packed.params, sizes)
        history = self._history.add(start, packed.rows)
        if last is None:
            frame = Frame(weights=weights, biases=biases, history=history, **packed.fields)
        else:
            frame = frame_with(last, weights=weights, biases=biases, history=history, **packed.fields)
        self._last = frame
        return FramePacket(frame, packed.running, packed.epochs_per_second, packed.speed_limit, packed.compare)


class _GrowingHistory:
    """The whole history as columns that only grow; each view is a read-only slice no later row changes."""

    def __init__(self) -> None:
        self._columns = np.empty((len(COLUMNS), 0))
        self._n = 0
        self._view: HistoryView | None = None  # the view of the rows held (the same while no row comes)

    @property
    def rows(self) -> int:
        """The rows held."""
        return self._n

    def add(self, start: int, rows: np.ndarray) -> HistoryView:
        """Keep the first `start` rows (0 or all of them), append `rows` (5, k) after them, and view the result."""
        k = rows.shape[1]
        if k == 0 and start == self._n and self._view is not None:
            return self._view
        if start == 0 or self._n + k > self._columns.shape[1]:  # a new buffer: the views handed out stay as they are
            grown = np.empty((len(COLUMNS), max(64, 2 * (start + k))))
            grown[:, :start] = self._columns[:, :start]
            self._columns = grown
        self._columns[:, start:start + k] = rows
        self._n = start + k
        view = self._columns[:, :self._n]
        columns = []
        for column in view:
            column.setflags(write=False)
            columns.append(column)
        self._view = HistoryView(*columns)
        return self._view


def same_value(a: object, b: object) -> bool:
    """Whether two values of a Frame field are the same, bit for bit (-0.0 is not 0.0; a NaN is sent again); objects
    other than numbers, texts, arrays and tuples of them only when they are the same object."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if kind in (int, str, bool):
        return a == b
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    return kind is np.ndarray and same_array(a, b)


_Layout = tuple[int, tuple[tuple[int, int, tuple[int, int]], ...], tuple[tuple[int, int], ...]]


@lru_cache(maxsize=4)
def _layout(sizes: tuple[int, ...]) -> _Layout:
    """The flat params' length, each layer's weights (start, stop, shape) and biases (start, stop)."""
    pairs = list(itertools.pairwise(sizes))
    weights, at = [], 0
    for n_in, n_out in pairs:
        weights.append((at, at + n_out * n_in, (n_out, n_in)))
        at += n_out * n_in
    biases = []
    for _, n_out in pairs:
        biases.append((at, at + n_out))
        at += n_out
    return at, tuple(weights), tuple(biases)


def _layers(params: np.ndarray, sizes: tuple[int, ...]) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Each layer's weights (n_{k+1}, n_k) and biases (n_{k+1},) as views of the flat params. FrameGap: a length
    that is not this network's."""
    total, weights, biases = _layout(tuple(sizes))
    if params.ndim != 1 or len(params) != total:
        raise FrameGap(f"a frame from the training process has {params.size} weights, not those of {sizes}")
    return (tuple(params[a:b].reshape(shape) for a, b, shape in weights), tuple(params[a:b] for a, b in biases))


def _columns(history: HistoryView) -> tuple[np.ndarray, ...]:
    return tuple(getattr(history, name) for name in COLUMNS)


def _extends(history: HistoryView, before: HistoryView) -> bool:
    """Whether `history` is `before` with rows appended (bit for bit)."""
    n = len(before)
    if n == 0 or len(history) < n:
        return False
    return all(same_array(new[:n], old) for new, old in zip(_columns(history), _columns(before), strict=True))
