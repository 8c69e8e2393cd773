"""Pinned runs: up to eight earlier runs kept beside the live one, to compare curves and boundaries.

A pin is a frozen copy of a whole session (weights, optimizer, data, history and
timeline) made through the session file format, so it is exact and saves as it is.
Its label says what differs from the live run ("lr 0.3"), unless it was renamed.
The board is shared by the sessions that follow one another in a window (a rebuild,
a carry-on) and saved with the session file under "pins".
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nnviz.errors import ConfigError, SessionFileError
from nnviz.session.config import Config
from nnviz.session.history import HistoryView
from nnviz.session.session_state import SessionState

MAX_PINS = 8
MAX_NAME = 60  # characters of a pin's name
SHORT_NAMES = {"learning_rate": "lr", "batch_size": "batch", "regularization": "reg", "reg_rate": "reg rate",
               "activation": "", "optimizer": "", "init_scale": "init scale", "train_ratio": "train %"}
IGNORED = frozenset({"name", "schema_version", "csv_path"})
MAX_ID = 2**53  # a pin's id in a file: exact as a JSON number anywhere


class _PinIds:
    """Pin ids of this process: never one given before nor one read from a file, so a removed pin's id never
    names another (a training process numbers from its own block, above its checkpoint's ids)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next = 1

    def new(self) -> int:
        """An id no pin of this process has had."""
        with self._lock:
            if self._next >= MAX_ID:  # past it, a saved file could not be opened again
                raise ConfigError(f"no pin id is left below {MAX_ID:,}: a pinned run read from a file took the last")
            self._next += 1
            return self._next - 1

    def seen(self, pin_id: int) -> None:
        """An id read from a file: the ids given from now on are above it."""
        with self._lock:
            self._next = max(self._next, pin_id + 1)


_ids = _PinIds()


def continue_pin_ids_from(start: int) -> None:
    """Give new pins ids from `start` on (a training process must not give a removed pin's id to another)."""
    _ids.seen(start - 1)


@dataclass
class Pin:
    """One pinned run: the session frozen at pin time (as a file document and as a live copy)."""

    doc: dict[str, Any]  # session_to_dict of the run when it was pinned
    session: SessionState  # session_from_dict of doc
    name: str = ""  # "" : labelled by what differs
    hidden: bool = False
    id: int = field(default_factory=_ids.new)  # stable: saved with the pin, in files and checkpoints


@dataclass(frozen=True)
class PinInfo:
    """What the window shows of a pin: its curves, label and state."""

    id: int
    name: str
    hidden: bool
    config: Config
    epoch: int
    history: HistoryView
    loss_name: str = ""  # the loss the run was trained with ("mse", "bce", "cross_entropy"); "" : unknown
    problem: str = ""  # "binary", "multiclass" or "regression"; "" : unknown


@dataclass(frozen=True)
class Comparison:
    """Which of a pinned run's curves can be drawn beside the live run's, and the note when not all can."""

    loss: bool  # its loss is the same function on the same kind of problem: the same axis means the same thing
    accuracy: bool  # both runs classify: accuracies are shares of points, comparable whatever the loss
    note: str = ""  # "" when everything is drawn


def comparison(pin: PinInfo, loss_name: str, problem: str) -> Comparison:
    """What of `pin` the loss chart of a live run with this loss and problem draws.

    Losses are compared only when they are the same function on the same kind of problem (a cross-entropy
    of 0.7 and a squared error of 0.07 share no scale); accuracies whenever both runs classify."""
    both_classify = problem != "regression" and pin.problem != "regression"
    if not pin.loss_name or not pin.problem or not loss_name or not problem:
        return Comparison(True, both_classify)  # nothing known to tell them apart
    same_kind = (pin.problem == "regression") == (problem == "regression")
    if pin.loss_name == loss_name and same_kind:
        return Comparison(True, both_classify)
    if both_classify:
        return Comparison(False, True, "different loss: accuracy only")
    return Comparison(False, False, "different loss: not drawn")


def difference_label(config: Config, others: list[Config]) -> str:
    """The settings in which `config` differs from any of `others`, in a few words ("lr 0.3, batch 5")."""
    mine = config.to_dict()
    keys = [k for k in mine if k not in IGNORED and any(o.to_dict().get(k) != mine[k] for o in others)]
    words = []
    for key in keys[:3]:
        value = mine[key]
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value) or "none"
        short = SHORT_NAMES.get(key, key.replace("_", " "))
        words.append(f"{short} {value:g}" if isinstance(value, float) else f"{short} {value}".strip())
    return ", ".join(words) + (" …" if len(keys) > 3 else "") if words else "same settings"


class PinBoard:
    """The pinned runs of a window, oldest first."""

    def __init__(self) -> None:
        self.pins: list[Pin] = []
        self.version = 0  # bumps on every change, so the window hears of it once

    def pin(self, doc: dict[str, Any], copy: SessionState) -> Pin:
        """Pin a run: its file document and the session read back from it (`files.pin_session` makes both);
        ConfigError when eight are pinned."""
        if len(self.pins) >= MAX_PINS:
            raise ConfigError(f"at most {MAX_PINS} runs can be pinned: remove one first")
        pin = Pin(doc, copy)
        self.pins.append(pin)
        self.version += 1
        return pin

    def find(self, pin_id: int) -> Pin:
        """The pin with this id (ConfigError when it is gone)."""
        for pin in self.pins:
            if pin.id == pin_id:
                return pin
        raise ConfigError("that pinned run has been removed")

    def remove(self, pin_id: int) -> None:
        """Unpin a run."""
        self.pins.remove(self.find(pin_id))
        self.version += 1

    def rename(self, pin_id: int, name: str) -> None:
        """Give a pin a name of its own ("" : back to the label of what differs)."""
        self.find(pin_id).name = " ".join(str(name).split())[:MAX_NAME]
        self.version += 1

    def set_hidden(self, pin_id: int, hidden: bool) -> None:
        """Hide or show a pin's curves."""
        self.find(pin_id).hidden = bool(hidden)
        self.version += 1

    def infos(self) -> tuple[PinInfo, ...]:
        """What the window shows of every pin."""
        return tuple(PinInfo(p.id, p.name, p.hidden, p.session.config, p.session.epoch, p.session.history.view(),
                             p.session.spec.loss, p.session.spec.problem) for p in self.pins)

    def to_list(self) -> list[dict[str, Any]]:
        """The pins, JSON-ready (for session files)."""
        return [{"id": p.id, "name": p.name, "hidden": p.hidden, "session": p.doc} for p in self.pins]

    @classmethod
    def from_list(cls, items: Any, session_from_dict: Callable[[dict[str, Any]], SessionState]) -> PinBoard:
        """Pins saved by to_list, each read back by `session_from_dict` (SessionFileError naming the problem)."""
        board = cls()
        if not isinstance(items, list) or len(items) > MAX_PINS:
            raise SessionFileError(f"pins must be a list of at most {MAX_PINS} pinned runs")
        ids = _saved_ids(items)
        for i, item in enumerate(items):
            if "pins" in item["session"]:
                raise SessionFileError(f"pins[{i}] holds pinned runs of its own")
            try:
                session = session_from_dict(item["session"])
            except SessionFileError as exc:
                raise SessionFileError(f"pins[{i}]: {exc}") from None
            name = item.get("name", "")
            pin = Pin(item["session"], session, " ".join(name.split())[:MAX_NAME] if isinstance(name, str) else "",
                      bool(item.get("hidden", False)), ids[i])
            board.pins.append(pin)
        return board


def _saved_ids(items: list[Any]) -> list[int]:
    """Each pin's saved id, or a new one for a pin saved without (files written before ids were saved)."""
    saved: list[int | None] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("session"), dict):
            raise SessionFileError(f"pins[{i}] must be an object with a \"session\"")
        pin_id = item.get("id")
        if pin_id is not None and (not isinstance(pin_id, int) or isinstance(pin_id, bool)
                                   or not 1 <= pin_id < MAX_ID):
            raise SessionFileError(f"pins[{i}]: its id must be a whole number from 1 to {MAX_ID - 1}")
        if pin_id is not None and pin_id in saved:
            raise SessionFileError(f"pins[{i}] has the id of pins[{saved.index(pin_id)}] ({pin_id})")
        saved.append(pin_id)
    for pin_id in saved:
        if pin_id is not None:
            _ids.seen(pin_id)  # before any new one is given
    return [_ids.new() if pin_id is None else pin_id for pin_id in saved]
