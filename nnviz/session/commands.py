"""Commands to the training runner: small immutable values, applied in order between training chunks.

A command type is a frozen dataclass; the runner dispatches on its type
(`Runner.HANDLERS`), so a new command is a dataclass here plus one handler
method there. Commands hold plain values only (no live objects), so they can
cross a thread or a process boundary unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nnviz.session.config import Config
from nnviz.session.graph_refs import BiasRef, EdgeRef


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
    """New data from the same generator, same weights; CSV data is read again only from `csv_path`, the file the
    user chose (or confirmed) in this session, which must be the session's own."""

    csv_path: str = ""


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
    """Set one weight.

    `structure` is the structure version of the frame the edit was made on (0: any);
    an edit made on a network that has since been rebuilt is dropped quietly.
    """

    edge: EdgeRef
    value: float
    structure: int = 0


@dataclass(frozen=True)
class SetBias:
    """Set one bias; `structure` as for SetWeight."""

    bias: BiasRef
    value: float
    structure: int = 0


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
class OpenFile:
    """Read a session or network file (in the runner) and train it from now on; pauses."""

    path: str
    seq: int


@dataclass(frozen=True)
class NewSession:
    """Replace the session with a new default one (File ▸ New); pauses."""

    seq: int


@dataclass(frozen=True)
class LoadCsv:
    """Read a CSV file (in the runner, once) and train on its points; `multiclass` keeps that problem."""

    path: str
    seq: int
    multiclass: bool = False


@dataclass(frozen=True)
class SaveSession:
    """Save the session to a file; an unnamed session takes `name`, but only if the save succeeds.

    An autosave writes a copy quietly: the session keeps its name and file, and no Saved event follows.
    """

    path: str
    name: str = ""
    autosave: bool = False


@dataclass(frozen=True)
class FrameConsumed:
    """The GUI has drawn the last frame; the runner may send the next one."""

    whole: bool = False  # a training process's reader could not rebuild the last frame: send the next one whole


@dataclass(frozen=True)
class Wake:
    """Wake a waiting runner so it looks at its stop flag."""


@dataclass(frozen=True)
class Stop:
    """End the runner's loop."""


@dataclass(frozen=True)
class ShowEpoch:
    """Pause and show epoch N of the run's timeline (None, or the live epoch: the live run again)."""

    epoch: int | None


@dataclass(frozen=True)
class CarryOn:
    """Make the epoch shown the live run; the later part is set aside (UndoCarryOn brings it back).

    Play, Step, an edit or a setting change while an earlier epoch is shown carry on the same way.
    """


@dataclass(frozen=True)
class UndoCarryOn:
    """Bring back the run set aside by the last carry-on, as it was."""


@dataclass(frozen=True)
class PinRun:
    """Pin the live run (up to eight): its curves stay in the chart, its state can be shown again."""


@dataclass(frozen=True)
class EditPin:
    """Rename (name not None), hide or show (hidden not None) or remove a pinned run."""

    pin_id: int
    name: str | None = None
    hidden: bool | None = None
    remove: bool = False


@dataclass(frozen=True)
class RestorePin:
    """Make a pinned run the live run again, at its last epoch (the live run is set aside: UndoCarryOn)."""

    pin_id: int


@dataclass(frozen=True)
class Compare:
    """Send the boundary of a pinned run at the epoch shown beside every frame (None: stop)."""

    pin_id: int | None


class SessionTask:
    """A command that runs itself on the Session (teaching mode: `nnviz.session.explain.tasks`).

    The runner calls `run(session)` between chunks and sends the result back as a TaskDone event.
    While an earlier epoch is shown (timeline), a task that only reads (`reads_shown_epoch`) runs on
    that epoch's session; one that trains or edits (`carries_on`) first makes it the live run.
    """

    reads_shown_epoch = False
    carries_on = False

    def run(self, session: Any) -> Any:
        """Do the work in the runner's thread; the return value goes back to the GUI."""
        raise NotImplementedError


Command = (
    Play | Pause | StepEpoch | StepBatch | Reset | Regenerate | ApplyConfig | SetSpeed | SetWeight | SetBias
    | AddPoint | RemovePoint | OpenFile | NewSession | LoadCsv | SaveSession | FrameConsumed | Wake | Stop
    | ShowEpoch | CarryOn | UndoCarryOn | PinRun | EditPin | RestorePin | Compare | SessionTask
)
