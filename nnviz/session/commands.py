"""Commands to the training runner: small immutable values, applied in order between training chunks.

A command type is a Message (a frozen dataclass made without compiling: `nnviz.session.message`);
the runner dispatches on its type (`Runner.HANDLERS`), so a new command is a Message here plus one
handler method there. Commands hold plain values only (no live objects), so they can cross a thread
or a process boundary unchanged.
"""

from __future__ import annotations

from typing import Any

from nnviz.session.config import Config
from nnviz.session.graph_refs import BiasRef, EdgeRef
from nnviz.session.message import Message


class Play(Message):
    """Start (or resume) training."""


class Pause(Message):
    """Stop training after the current chunk."""


class StepEpoch(Message):
    """Pause, then train to the end of the current epoch."""


class StepBatch(Message):
    """Pause, then train one mini-batch."""


class Reset(Message):
    """New weights, same data; pauses (as TensorFlow Playground does)."""


class Regenerate(Message):
    """New data from the same generator, same weights; CSV data is read again only from `csv_path`, the file the
    user chose (or confirmed) in this session, which must be the session's own."""

    csv_path: str = ""


class ApplyConfig(Message):
    """Switch to a config: live fields change in place, anything else rebuilds (and pauses)."""

    config: Config
    seq: int  # echoed back so the GUI can ignore answers to requests it has since replaced


class SetSpeed(Message):
    """Train flat out (None) or at most this many epochs per second."""

    epochs_per_second: float | None


class SetWeight(Message):
    """Set one weight.

    `structure` is the structure version of the frame the edit was made on (0: any);
    an edit made on a network that has since been rebuilt is dropped quietly.
    """

    edge: EdgeRef
    value: float
    structure: int = 0


class SetBias(Message):
    """Set one bias; `structure` as for SetWeight."""

    bias: BiasRef
    value: float
    structure: int = 0


class AddPoint(Message):
    """Add a training point (a class index, or a target for regression)."""

    x: float
    y: float
    label: float


class RemovePoint(Message):
    """Remove the data point nearest to (x, y) within max_distance."""

    x: float
    y: float
    max_distance: float


class OpenFile(Message):
    """Read a session or network file (in the runner) and train it from now on; pauses."""

    path: str
    seq: int


class NewSession(Message):
    """Replace the session with a new default one (File ▸ New); pauses."""

    seq: int


class LoadCsv(Message):
    """Read a CSV file (in the runner, once) and train on its points; `multiclass` keeps that problem."""

    path: str
    seq: int
    multiclass: bool = False


class SaveSession(Message):
    """Save the session to a file; an unnamed session takes `name`, but only if the save succeeds.

    An autosave writes a copy quietly: the session keeps its name and file, and no Saved event follows.
    """

    path: str
    name: str = ""
    autosave: bool = False


class FrameConsumed(Message):
    """The GUI has drawn the last frame; the runner may send the next one."""


class Wake(Message):
    """Wake a waiting runner so it looks at its stop flag."""


class ShowAgain(Message):
    """Send the frame shown again (paused, the mouse moved to another neuron: its picture comes at the output's
    size, computed where the frame's heatmaps are)."""


class Stop(Message):
    """End the runner's loop."""


class ShowEpoch(Message):
    """Pause and show epoch N of the run's timeline (None, or the live epoch: the live run again)."""

    epoch: int | None


class CarryOn(Message):
    """Make the epoch shown the live run; the later part is set aside (UndoCarryOn brings it back).

    Play, Step, an edit or a setting change while an earlier epoch is shown carry on the same way.
    """


class UndoCarryOn(Message):
    """Bring back the run set aside by the last carry-on, as it was."""


class PinRun(Message):
    """Pin the live run (up to eight): its curves stay in the chart, its state can be shown again."""


class EditPin(Message):
    """Rename (name not None), hide or show (hidden not None) or remove a pinned run."""

    pin_id: int
    name: str | None = None
    hidden: bool | None = None
    remove: bool = False


class RestorePin(Message):
    """Make a pinned run the live run again, at its last epoch (the live run is set aside: UndoCarryOn)."""

    pin_id: int


class Compare(Message):
    """Send the boundary of a pinned run at the epoch shown beside every frame (None: stop)."""

    pin_id: int | None


class SessionTask(Message):
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
    | AddPoint | RemovePoint | OpenFile | NewSession | LoadCsv | SaveSession | FrameConsumed | Wake | ShowAgain | Stop
    | ShowEpoch | CarryOn | UndoCarryOn | PinRun | EditPin | RestorePin | Compare | SessionTask
)


STARTING_COMMANDS = (Play, StepEpoch, StepBatch)  # training asked for: refused with a word when nothing can train
# answered by the session's holder (Saved, Opened, or a failure): refused with why when nothing holds it
FILE_COMMANDS = (SaveSession, OpenFile, NewSession, LoadCsv)
