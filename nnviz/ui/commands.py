"""Commands from the GUI to the training worker: plain immutable values sent through a queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nnviz.session import Config
from nnviz.session.explain_tasks import SessionTask


@dataclass(frozen=True)
class Play:
    """Start (or resume) training."""


@dataclass(frozen=True)
class Pause:
    """Stop training after the current chunk."""


@dataclass(frozen=True)
class StepEpoch:
    """Pause, then train to the end of the current epoch."""


@dataclass(frozen=True)
class StepBatch:
    """Pause, then train one mini-batch."""


@dataclass(frozen=True)
class Reset:
    """New weights, same data; pauses (as TensorFlow Playground does)."""


@dataclass(frozen=True)
class Regenerate:
    """New data from the same generator, same weights."""


@dataclass(frozen=True)
class ApplyConfig:
    """Switch to a config: live fields change in place, anything else rebuilds (and pauses)."""

    config: Config
    seq: int  # echoed back so the GUI can ignore answers to requests it has since replaced


@dataclass(frozen=True)
class SetSpeed:
    """Train flat out (None) or at most this many epochs per second."""

    epochs_per_second: float | None


@dataclass(frozen=True)
class SetWeight:
    """Set one weight (layer 1..L, from neuron src of layer-1 to neuron dst)."""

    layer: int
    src: int
    dst: int
    value: float


@dataclass(frozen=True)
class SetBias:
    """Set one bias (layer 1..L)."""

    layer: int
    neuron: int
    value: float


@dataclass(frozen=True)
class AddPoint:
    """Add a training point (a class index, or a target for regression)."""

    x: float
    y: float
    label: float


@dataclass(frozen=True)
class RemovePoint:
    """Remove the data point nearest to (x, y) within max_distance."""

    x: float
    y: float
    max_distance: float


@dataclass(frozen=True)
class ReplaceSession:
    """Train another session from now on (one loaded from a file); pauses."""

    session: Any  # nnviz.session.Session; handed over, the GUI keeps no reference
    seq: int


@dataclass(frozen=True)
class SaveSession:
    """Save the session to a file; an unnamed session takes `name`, but only if the save succeeds."""

    path: str
    name: str = ""


@dataclass(frozen=True)
class FrameConsumed:
    """The GUI has drawn the last frame; the worker may send the next one."""


@dataclass(frozen=True)
class Wake:
    """Wake a waiting worker so it looks at its stop flag."""


Command = (
    Play | Pause | StepEpoch | StepBatch | Reset | Regenerate | ApplyConfig | SetSpeed | SetWeight | SetBias
    | AddPoint | RemovePoint | ReplaceSession | SaveSession | FrameConsumed | Wake | SessionTask
)
