"""Pinned runs: up to eight earlier runs kept beside the live one, to compare curves and boundaries.

A pin is a frozen copy of a whole session (weights, optimizer, data, history and
timeline) made through the session file format, so it is exact and saves as it is.
Its label says what differs from the live run ("lr 0.3"), unless it was renamed.
The board is shared by the sessions that follow one another in a window (a rebuild,
a carry-on) and saved with the session file under "pins".
"""

from __future__ import annotations

import itertools
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
_ids = itertools.count(1)


@dataclass
class Pin:
    """One pinned run: the session frozen at pin time (as a file document and as a live copy)."""

    doc: dict[str, Any]  # session_to_dict of the run when it was pinned
    session: SessionState  # session_from_dict of doc
    name: str = ""  # "" : labelled by what differs
    hidden: bool = False
    id: int = field(default_factory=lambda: next(_ids))


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
        return [{"name": p.name, "hidden": p.hidden, "session": p.doc} for p in self.pins]

    @classmethod
    def from_list(cls, items: Any, session_from_dict: Callable[[dict[str, Any]], SessionState]) -> PinBoard:
        """Pins saved by to_list, each read back by `session_from_dict` (SessionFileError naming the problem)."""
        board = cls()
        if not isinstance(items, list) or len(items) > MAX_PINS:
            raise SessionFileError(f"pins must be a list of at most {MAX_PINS} pinned runs")
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("session"), dict):
                raise SessionFileError(f"pins[{i}] must be an object with a \"session\"")
            if "pins" in item["session"]:
                raise SessionFileError(f"pins[{i}] holds pinned runs of its own")
            try:
                session = session_from_dict(item["session"])
            except SessionFileError as exc:
                raise SessionFileError(f"pins[{i}]: {exc}") from None
            name = item.get("name", "")
            pin = Pin(item["session"], session, " ".join(name.split())[:MAX_NAME] if isinstance(name, str) else "",
                      bool(item.get("hidden", False)))
            board.pins.append(pin)
        return board
