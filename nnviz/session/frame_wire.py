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
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from nnviz.session.events import FramePacket
from nnviz.session.frame import Frame
from nnviz.session.history import COLUMNS, HistoryView

KEPT_FIELDS = ("train_points", "train_labels", "test_points", "test_labels", "train_distance", "test_distance")
_NO_ROWS = np.empty((len(COLUMNS), 0))
_NO_ROWS.setflags(write=False)
_EMPTY_HISTORY = HistoryView(*_NO_ROWS)
_EMPTY_ARRAY = _NO_ROWS[0]


@dataclass(frozen=True)
class PackedFrame:
    """A FramePacket whose frame lacks its history and the arrays named in `kept` (as sent the frame before)."""

    packet: FramePacket  # frame.history empty, the kept fields empty
    history_from: int  # the rows before this one are the receiver's; 0: `rows` is the whole history
    rows: np.ndarray  # (5, n_new): the history's new rows, one row per COLUMNS
    kept: tuple[str, ...]  # fields whose array is the one the frame before carried


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
        kept = tuple(name for name in KEPT_FIELDS
                     if last is not None and getattr(frame, name) is not None
                     and same_array(getattr(frame, name), getattr(last, name)))
        light = dataclasses.replace(frame, history=_EMPTY_HISTORY, **{name: _EMPTY_ARRAY for name in kept})
        return PackedFrame(dataclasses.replace(packet, frame=light), start, rows, kept)


class FrameReceiver:
    """The parent's side: unpacks every frame the child sent, in order, into the full frame."""

    def __init__(self) -> None:
        self._last: Frame | None = None
        self._history = _GrowingHistory()

    def unpack(self, packed: PackedFrame) -> FramePacket:
        """The full packet: the history so far and the arrays kept from the frame before. FrameGap: this frame
        follows one that never arrived."""
        last = self._last
        start, held = packed.history_from, self._history.rows
        if (packed.kept and last is None) or start not in (0, held):
            raise FrameGap(f"a frame from the training process follows one that never arrived (history rows from "
                           f"{start}, {held} held; {len(packed.kept)} arrays kept)")
        history = self._history.add(start, packed.rows)
        kept = {name: getattr(last, name) for name in packed.kept}
        frame = dataclasses.replace(packed.packet.frame, history=history, **kept)
        self._last = frame
        return dataclasses.replace(packed.packet, frame=frame)


class _GrowingHistory:
    """The whole history as columns that only grow; each view is a read-only slice no later row changes."""

    def __init__(self) -> None:
        self._columns = np.empty((len(COLUMNS), 0))
        self._n = 0

    @property
    def rows(self) -> int:
        """The rows held."""
        return self._n

    def add(self, start: int, rows: np.ndarray) -> HistoryView:
        """Keep the first `start` rows (0 or all of them), append `rows` (5, k) after them, and view the result."""
        k = rows.shape[1]
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
        return HistoryView(*columns)


def _columns(history: HistoryView) -> tuple[np.ndarray, ...]:
    return tuple(getattr(history, name) for name in COLUMNS)


def _extends(history: HistoryView, before: HistoryView) -> bool:
    """Whether `history` is `before` with rows appended (bit for bit)."""
    n = len(before)
    if n == 0 or len(history) < n:
        return False
    return all(same_array(new[:n], old) for new, old in zip(_columns(history), _columns(before), strict=True))
