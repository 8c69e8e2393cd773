"""Showing a past epoch: a copy of the session rebuilt from the timeline, and carrying on from it.

`Rewinder.session_at(live, N)` loads the newest checkpoint at or before epoch N
into a private copy of the live session (built once per network layout and
reused) and trains it to N. Training is deterministic, so the copy is bit for
bit the session a fresh run would have at epoch N. Moving forward from the last
epoch shown (a replay) trains on from there instead of reloading.
`Rewinder.carry_on(live, N)` makes that copy the live session: the run from
epoch N, with the timeline and the loss history cut there.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from nnviz.errors import ConfigError
from nnviz.session.commands import SessionTask
from nnviz.session.frame import Frame
from nnviz.session.history import History
from nnviz.session.message import Message
from nnviz.session.session import Session
from nnviz.session.timeline import Checkpoint

log = logging.getLogger(__name__)


def load_checkpoint(session: Session, checkpoint: Checkpoint) -> None:
    """Put a checkpoint's state into a session of the same layout."""
    if session.config != checkpoint.config:
        session._apply_live(checkpoint.config)
    session.restore_state(checkpoint.params, checkpoint.train_set, checkpoint.test_set,
                          checkpoint.epoch, checkpoint.steps)
    session.streams.set_state(checkpoint.rng)
    session.trainer.restart_epoch()
    session.optimizer.load_state(checkpoint.optimizer)
    if checkpoint.position is not None:
        session.trainer.resume_epoch(*checkpoint.position)


def replay(live: Session, until: int, every: int) -> Iterator[Session]:
    """The run's past from its timeline, every `every` epochs from its first up to (not including) `until`."""
    rewinder = Rewinder()
    for epoch in range(live.timeline.first_epoch, min(until, live.epoch + 1), max(1, every)):
        yield rewinder.session_at(live, epoch)


def history_until(history: History, epoch: int) -> History:
    """A copy of a loss history without the records after `epoch`."""
    saved = history.to_dict()
    rows = [row for row in saved["rows"] if row[0] <= epoch]  # type: ignore[attr-defined]
    return History.from_dict({**saved, "rows": rows}, history.capacity)


class Rewinder:
    """Rebuilds past epochs of live sessions into one reused copy."""

    def __init__(self) -> None:
        self._copy: Session | None = None
        self._source: tuple[int, int] = (0, -1)  # (id of the live timeline, its version) the copy came from
        self._base: Checkpoint | None = None  # the checkpoint the copy was loaded from

    def _copy_for(self, live: Session, checkpoint: Checkpoint) -> Session:
        copy = self._copy
        if copy is None or copy.net.sizes != live.net.sizes or copy.spec != live.spec \
                or copy.net.activations != live.net.activations or copy.net.dtype != live.net.dtype:
            copy = Session(checkpoint.config, data=live.data)
            copy.timeline.stop()
            self._copy = copy
        return copy

    def session_at(self, live: Session, epoch: int) -> Session:
        """The session as it was at `epoch` of the live run (clamped to what the timeline holds)."""
        timeline = live.timeline
        epoch = max(timeline.first_epoch, min(int(epoch), live.epoch))
        checkpoint = timeline.nearest(epoch)
        if checkpoint is None and timeline.checkpoints:  # the run starts part-way through its first epoch
            checkpoint = timeline.checkpoints[0]
        if checkpoint is None:
            raise ConfigError(f"epoch {epoch} is not on this run's timeline")
        source = (id(timeline), timeline.version)
        copy = self._copy
        if not (copy is not None and self._base is checkpoint and self._source == source
                and copy.steps >= checkpoint.steps and copy.epoch <= epoch):
            copy = self._copy_for(live, checkpoint)
            copy.inputs.fixed_scaling = live.inputs.fixed_scaling  # a saved session's input scaling, kept
            load_checkpoint(copy, checkpoint)
            self._base, self._source = checkpoint, source
        copy.grid.extent = live.grid.extent  # the plane the live view shows
        copy.inputs.slice = live.inputs.slice  # and, for a table, the same slice through its columns
        copy.lesson = live.lesson
        while copy.epoch < epoch:
            copy.run_epoch()
        return copy

    def frame_at(self, live: Session, epoch: int, resolution: int = 100, grids: bool = True) -> Frame:
        """The live session's Frame as it was at `epoch`: figures and heatmaps then, the whole loss history."""
        shown = self.session_at(live, epoch)
        frame = shown.snapshot(resolution, grids)
        same_data = shown.train_set is live.train_set and shown.test_set is live.test_set
        return replace(
            frame,
            history=live.history.view(),
            structure_version=live.structure_version,
            data_version=live.points.version if same_data else frame.data_version,
            live_epoch=live.epoch,
        )

    def check_epoch(self, live: Session, epoch: int) -> int:
        """`epoch` when the live run's timeline holds it; ConfigError saying which epochs it holds otherwise."""
        first = live.timeline.first_epoch
        if not first <= epoch <= live.epoch:
            raise ConfigError(f"epoch {epoch} is not on this run's timeline, "
                              f"which holds epochs {first} to {live.epoch}")
        return epoch

    def carry_on(self, live: Session, epoch: int) -> Session:
        """A live session that is the run at `epoch`: its timeline and history end there. `live` is untouched."""
        shown = self.session_at(live, epoch)
        self._copy, self._base = None, None  # the copy becomes the live session: never reuse it
        shown.timeline = live.timeline.truncated(shown.epoch, shown.steps)
        shown.timeline.edited(shown)  # the state carried on from, whatever the schedule kept
        shown.history = history_until(live.history, shown.epoch)
        shown.structure_version = live.structure_version
        shown.pins = live.pins
        return shown


class ReplayDocument(Message):
    """The answer to ReplaySource: the live session as a session-file document, timeline included."""

    doc: dict[str, Any]


class ReplaySource(SessionTask):
    """Ask the runner for the live session with its timeline, to draw a replay of it in the window's process."""

    def run(self, session: Session) -> ReplayDocument:
        """Copy the session in the runner's thread (its timeline's checkpoints are immutable)."""
        from nnviz.session.files import session_to_dict  # lazy: files reads timelines: imported on use

        return ReplayDocument(session_to_dict(session, pins=False))
