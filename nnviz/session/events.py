"""What the training runner sends back: frames, and one-line news about the session.

Every event is an immutable value holding copies (a Frame's arrays are never
written again), so it can cross a thread or a process boundary unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nnviz.session.config import Config
from nnviz.session.frame import Frame
from nnviz.session.message import Message


@dataclass(frozen=True)
class FramePacket:
    """A Frame plus how training is going."""

    frame: Frame
    running: bool
    epochs_per_second: float | None  # None: paused, or not measured yet since training started (runner_pace.py)
    speed_limit: float | None
    compare: CompareFrame | None = None  # set in the window's process (ui/worker.py): the pinned run shown with it


class RunningChanged(Message):
    """Training started or stopped (a pause, a rebuild, a divergence)."""

    running: bool


class Failed(Message):
    """Something the user asked for failed, or training stopped; a one-line message."""

    message: str


class Notice(Message):
    """A one-line piece of information for the user (beside_figures: the window shows it beside the loss and
    accuracy figures, which stay: a note the user reads while comparing them)."""

    message: str
    beside_figures: bool = False


class ConfigChanged(Message):
    """The session's config (after a request `seq`, or a file), and the problem it resolved to."""

    seq: int
    config: Config
    problem: str


class Saved(Message):
    """The session was written to `path`; `name` is its name now."""

    path: str
    name: str


class Opened(Message):
    """A file became the session; `is_session_file` is False for a network file (Save asks for a new name)."""

    path: str
    is_session_file: bool


class Checkpoint(Message):
    """The whole session state (`session_to_dict`): what a training process is restarted from after a crash."""

    state: dict[str, Any]
    extent: float  # the plane shown (a session file refits it; a rebuild on the same points keeps it)
    versions: tuple[int, int]  # (data_version, structure_version), so views see the same session again


class TaskDone(Message):
    """What a SessionTask returned (a SampleExplanation, a RunProgress, ...)."""

    result: Any


class SetAside(Message):
    """A carry-on set the later part of a run aside (it ended at `epoch`), or None: nothing to undo."""

    epoch: int | None


class PinsChanged(Message):
    """The pinned runs now (session/pins.py PinInfo, oldest first)."""

    pins: tuple[Any, ...]


class CompareFrame(Message):
    """A pinned run's Frame at the epoch of the frame sent next, which it is shown with (the Compare view)."""

    pin_id: int
    label: str
    frame: Frame


class CompareCleared(Message):
    """The Compare view shows no pinned run now (closed, its run removed, another session): the frames after this
    carry no pinned picture (the window's process attaches the last CompareFrame to each frame until then)."""


class TrainerStarting(Message):
    """A training process is starting (the first, or a new one after a crash): until it sends something, nothing
    answers a command (the window's Play button says "Starting…" meanwhile)."""


class NoTrainer(Message):
    """No training process runs: the last did not answer in time and was stopped (session/start_watch.py). A Play, a
    Step or a file command starts a new one; the window's Play says "Play" until then."""


Event = (FramePacket | RunningChanged | Failed | Notice | ConfigChanged | Saved | Opened | Checkpoint | TaskDone
         | SetAside | PinsChanged | CompareFrame | CompareCleared | TrainerStarting | NoTrainer)
