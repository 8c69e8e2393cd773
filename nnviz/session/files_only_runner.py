"""What is left when the training process keeps dying: the last checkpoint, which can still be saved.

A `FilesOnlyRunner` is a Runner in the caller's thread over the session rebuilt from the
training process's last checkpoint. It saves, opens, edits and explains as the Runner does,
but refuses to train (training is what kept killing the child), so the session the window
shows can always be saved.
"""

from __future__ import annotations

import logging
from typing import Any

from nnviz.errors import NnvizError
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.explain.tasks import RunFor
from nnviz.session.runner import Emit, Runner

log = logging.getLogger(__name__)

TRAINING_COMMANDS = (cmd.Play, cmd.StepEpoch, cmd.StepBatch, RunFor)
TRAINING_OFF = "training is off until nnviz is restarted (the training process kept stopping); Save still works"


class FilesOnlyRunner(Runner):
    """A Runner that never trains: every other command works on the session it holds."""

    refusal = TRAINING_OFF  # the one line a Play or Step is refused with (why training is off)

    @classmethod
    def from_checkpoint(cls, checkpoint: ev.Checkpoint, emit: Emit, options: dict[str, Any]) -> FilesOnlyRunner | None:
        """A runner on the checkpoint's session, or None when the checkpoint cannot be rebuilt."""
        # lazy: the file formats load in the child only when it restarts
        from nnviz.session.files import session_from_dict

        try:
            session = session_from_dict(checkpoint.state)
        except (NnvizError, MemoryError, KeyError, TypeError, ValueError) as exc:
            log.error("the last checkpoint cannot be rebuilt: %s", exc)
            return None
        session.grid.extent = checkpoint.extent
        session.points.version, session.structure_version = checkpoint.versions
        return cls(session, emit, resolution=options["resolution"], frame_interval=options["frame_interval"])

    def handle(self, command: cmd.Command) -> None:
        """Refuse training with one line; do everything else as the Runner does."""
        if isinstance(command, TRAINING_COMMANDS):
            self._set_running(False)
            self._emit(ev.RunningChanged(False))  # the window showed Play as pressed: it is not (also when paused)
            self._emit(ev.Failed(self.refusal))
            return
        super().handle(command)
