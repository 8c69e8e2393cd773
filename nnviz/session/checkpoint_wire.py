"""Checkpoints over the training process's pipe: a long text the parent holds already travels as a key.

The child sends its whole session state (`session_to_dict`) every `CHECKPOINT_SECONDS` while it trains,
and after every change while paused, so that a new child can start from it after a crash. Most of that
state is the timeline's arrays (and pinned runs') as base64 text: 8 hidden layers of 64 hold about 100
checkpoints of 0.3 MB, a 31 MB state, and a past epoch's checkpoint never changes. Unpickling all of it
every 2 s and dropping the state before grew the window's process by 100 MB (issue 23: the heap kept the
freed megabytes).

The child's `CheckpointSender` sends each long text (at least `LONG_TEXT` characters) once, as a
`NewText`; the same text in a later checkpoint travels as a `HeldText` key. The parent's
`CheckpointReceiver` puts the texts back, so the state it keeps is the one the child sent, whose long
texts are the very objects it already held; it keeps only the texts of the newest state, so a timeline
that drops checkpoints frees their texts here too. A key the receiver does not hold (only a bug sends
one: a pipe loses nothing) raises `FrameGap`, and the reader restarts the child as after a crash.

The sender also says where each long text lies (its path of keys and indices), so the receiver puts the texts
back in the state it unpickled, in place, without walking the rest (issue 23: the walk over a spiral's 1,000
points and 60 timeline checkpoints took the window's reader thread 2-6 ms every 2 s).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from nnviz.session.events import Checkpoint
from nnviz.session.frame_wire import FrameGap

LONG_TEXT = 1024  # characters from which a text is sent once and then referred to by key
_PLAIN_NUMBERS = frozenset({int, float, bool})


@dataclass(frozen=True, slots=True)
class NewText:
    """A long text the receiver has not got yet, and the key later checkpoints name it by."""

    key: int
    text: str


@dataclass(frozen=True, slots=True)
class HeldText:
    """A long text the receiver holds from the checkpoint before."""

    key: int


Path = tuple[str | int, ...]  # dict keys and list indices from the state down to a value


@dataclass(frozen=True)
class PackedCheckpoint:
    """A Checkpoint whose long texts are NewText or HeldText values."""

    checkpoint: Checkpoint
    texts: tuple[Path, ...] | None = None  # where they are (None: anywhere, the receiver looks everywhere)


class CheckpointSender:
    """The child's side: each long text is sent once while the checkpoints keep it."""

    def __init__(self) -> None:
        self._keys: dict[str, int] = {}  # the long texts of the last checkpoint sent, by text
        self._next_key = 0

    def pack(self, checkpoint: Checkpoint) -> PackedCheckpoint:
        """The checkpoint with every long text sent before replaced by its key."""
        used: dict[str, int] = {}

        def swap(text: str) -> NewText | HeldText:
            key = used.get(text)
            if key is None:
                key = self._keys.get(text)
                if key is None:
                    key, self._next_key = self._next_key, self._next_key + 1
                    used[text] = key
                    return NewText(key, text)
                used[text] = key
            return HeldText(key)

        paths: list[Path] = []
        state = _swap_long_texts(checkpoint.state, swap, (), paths)
        self._keys = used
        return PackedCheckpoint(Checkpoint(state, checkpoint.extent, checkpoint.versions), tuple(paths))


class CheckpointReceiver:
    """The parent's side: puts the long texts back, keeping those of the newest checkpoint only."""

    def __init__(self) -> None:
        self._texts: dict[int, str] = {}

    @property
    def held(self) -> int:
        """The long texts held."""
        return len(self._texts)

    def unpack(self, packed: PackedCheckpoint) -> Checkpoint:
        """The checkpoint as the child made it. FrameGap: it names a text this receiver was never sent."""
        held, used = self._texts, {}

        def put_back(value: Any) -> Any:
            if isinstance(value, NewText):
                used[value.key] = value.text
                return value.text
            if isinstance(value, HeldText):
                text = used.get(value.key, held.get(value.key))
                if text is None:
                    raise FrameGap(f"a checkpoint from the training process names text {value.key}, never sent")
                used[value.key] = text
                return text
            return value

        checkpoint = packed.checkpoint
        state = checkpoint.state
        if packed.texts is None or not _put_back_in_place(state, packed.texts, put_back):
            state = _map_values(state, put_back)
        self._texts = used
        return Checkpoint(state, checkpoint.extent, checkpoint.versions)


def _put_back_in_place(state: Any, paths: tuple[Path, ...], put_back: Callable[[Any], Any]) -> bool:
    """Replace the value at each path of the (unpickled, so the receiver's own) state by put_back(value). False:
    a path passes through a tuple (the caller then maps the whole state; the texts put back so far are texts)."""
    for path in paths:
        parent = state
        for key in path[:-1]:
            parent = parent[key]
        if isinstance(parent, tuple):
            return False
        parent[path[-1]] = put_back(parent[path[-1]])
    return True


def _swap_long_texts(value: Any, swap: Callable[[str], Any], path: Path, paths: list[Path]) -> Any:
    """`value` (a JSON-ready document) with every long text replaced by `swap(text)`, each one's path added to
    `paths` (as _map_values: dicts and lists copied, lists of numbers passed on)."""
    if isinstance(value, dict):
        return {key: _swap_long_texts(item, swap, (*path, key), paths) for key, item in value.items()}
    if isinstance(value, list | tuple):
        if _numbers(value):
            return value
        mapped = [_swap_long_texts(item, swap, (*path, i), paths) for i, item in enumerate(value)]
        return mapped if isinstance(value, list) else tuple(mapped)
    if isinstance(value, str) and len(value) >= LONG_TEXT:
        paths.append(path)
        return swap(value)
    return value


def _map_values(value: Any, leaf: Callable[[Any], Any]) -> Any:
    """A copy of the dicts and lists in `value` with `leaf` applied to everything else; a list of numbers is
    kept as it is (the weights and the points are long lists of floats, and hold no text)."""
    if isinstance(value, dict):
        return {key: _map_values(item, leaf) for key, item in value.items()}
    if isinstance(value, list | tuple):
        if _numbers(value):
            return value
        mapped = [_map_values(item, leaf) for item in value]
        return mapped if isinstance(value, list) else tuple(mapped)
    return leaf(value)


def _numbers(values: list[Any] | tuple[Any, ...]) -> bool:
    """Whether a list holds numbers only (an empty one too).

    The weights of 8 hidden layers of 64 are a list of 29,377 floats, looked at twice a checkpoint (packed in the
    training process, unpacked in the window's): their set of types is made in C, 8-10x sooner than an isinstance
    per item in Python (about 1 ms against 8 under load); only a list of other number types (numpy's) takes that.
    """
    if not values:
        return True
    if not isinstance(values[0], int | float):
        return False
    return set(map(type, values)) <= _PLAIN_NUMBERS or all(map(isinstance, values, repeat(int | float)))
