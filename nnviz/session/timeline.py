"""The timeline of a run: checkpoints from which any past epoch is rebuilt exactly.

Training is deterministic, so a past epoch need not be stored: it is rebuilt by
training again from the nearest earlier checkpoint (`timeline_view.py`). A
checkpoint holds what training reads: the weights, the optimizer's moments, the
random streams, the place in the epoch, the live settings and the data.

- Scheduled checkpoints are taken at every `stride`-th epoch end. The stride
  starts at 1; when more than `capacity` scheduled checkpoints are kept, every
  other one is dropped and the stride doubles (as the loss history does), so
  memory stays bounded and a rebuild trains fewer than `stride` epochs.
- Every edit (a weight or bias set by hand, a point added or removed, new data,
  a live setting such as the learning rate) is followed by a checkpoint of the
  state after it. Rebuilding never trains through an edit: it starts from the
  newest checkpoint at or before the epoch asked for, which is after any edit
  made before that epoch. Edit checkpoints are not thinned; when they alone
  exceed the budget the oldest checkpoints go and the timeline starts later.
- A divergence's rollback drops the checkpoints after the epoch it put back.

Epoch N means the newest state while `session.epoch == N` with the next step
starting a new epoch: what a paused window shows at that epoch.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from nnviz.data import Dataset
from nnviz.session.config import Config
from nnviz.session.session_state import SessionState

log = logging.getLogger(__name__)

BUDGET_BYTES = 48 * 2**20  # checkpoints of one timeline (README "Teaching": the timeline)
MAX_SCHEDULED = 2048  # scheduled checkpoints kept at most (fewer for large networks: see capacity)
MIN_SCHEDULED = 4
RNG_BYTES = 700  # a random-stream state as a Python dict (the others are shared), measured with tracemalloc


@dataclass(slots=True)
class Checkpoint:
    """Everything training reads, at one place in a run (never changed once taken)."""

    epoch: int
    steps: int
    params: np.ndarray
    optimizer: dict[str, Any]  # Optimizer.state_dict(): steps and moment arrays (copies)
    rng: dict[str, Any]  # Session.streams.state()
    position: tuple[np.ndarray, int] | None  # the epoch's sample order and next batch; None: a new epoch next
    config: Config
    train_set: Dataset
    test_set: Dataset
    edit: bool = False  # taken after an edit: kept whatever the stride

    @property
    def at_epoch_end(self) -> bool:
        """Whether the next step starts a new epoch (so this state is 'epoch N', not part-way through N + 1)."""
        return self.position is None

    def nbytes(self) -> int:
        """Memory held by the arrays and random states (data sets are counted once per timeline)."""
        arrays = [self.params, *(v for v in self.optimizer.values() if isinstance(v, np.ndarray))]
        if self.position is not None:
            arrays.append(self.position[0])
        return sum(a.nbytes + 112 for a in arrays) + RNG_BYTES + sys.getsizeof(self)


def take_checkpoint(session: SessionState, edit: bool = False, previous: Checkpoint | None = None) -> Checkpoint:
    """A checkpoint of `session` as it is now.

    Training draws only on the shuffle stream: a scheduled checkpoint shares the data and
    weight streams' states with the `previous` one (every change of those is an edit).
    """
    position = session.trainer.epoch_position()
    if previous is None:
        rng = session.streams.state()
    else:
        rng = {**previous.rng, "shuffle": session.streams.state(("shuffle",))["shuffle"]}
    return Checkpoint(
        epoch=session.epoch,
        steps=session.steps,
        params=session.net.params.copy(),
        optimizer=session.optimizer.state_dict(),
        rng=rng,
        position=position,
        config=session.config,
        train_set=session.train_set,
        test_set=session.test_set,
        edit=edit,
    )


def _data_bytes(checkpoint: Checkpoint, previous: Checkpoint) -> int:
    """The bytes of data sets a checkpoint holds that the one before it did not."""
    sets = [(checkpoint.train_set, previous.train_set), (checkpoint.test_set, previous.test_set)]
    return sum(new.points.nbytes + np.asarray(new.labels).nbytes for new, old in sets if new is not old)


class Timeline:
    """A run's checkpoints, oldest first; records only once `restart` has been called."""

    def __init__(self, budget_bytes: int = BUDGET_BYTES) -> None:
        self.budget_bytes = budget_bytes
        self.checkpoints: list[Checkpoint] = []
        self.stride = 1
        self.capacity = MAX_SCHEDULED
        self.enabled = True
        self.version = 0  # bumps whenever checkpoints are dropped or replaced (rebuilt states may be stale)
        self._cost = 0  # bytes held, updated as edit checkpoints come (nbytes() recounts)
        self._scheduled = 0  # checkpoints that are not edits

    # --- recording ------------------------------------------------------------------------
    def restart(self, session: SessionState) -> None:
        """Forget the run so far; the timeline starts at the session's current state."""
        self.checkpoints = []
        self.stride = 1
        self.version += 1
        self._cost = 0
        self._scheduled = 0
        if not self.enabled:
            return
        first = take_checkpoint(session, edit=True)
        self.capacity = int(np.clip(self.budget_bytes // (2 * first.nbytes()), MIN_SCHEDULED, MAX_SCHEDULED))
        self.checkpoints.append(first)

    def stop(self) -> None:
        """Record nothing from now on (a rebuilt copy of a session keeps no timeline of its own)."""
        self.enabled = False
        self.checkpoints = []
        self.version += 1

    def epoch_ended(self, session: SessionState) -> None:
        """Called at every epoch end: keep a checkpoint when the schedule wants one."""
        if session.epoch % self.stride == 0 and self.checkpoints:
            self._add(take_checkpoint(session, previous=self.checkpoints[-1]))

    def edited(self, session: SessionState) -> None:
        """Called after an edit: keep the state after it, so rebuilding never trains through it."""
        if self.checkpoints:
            self._add(take_checkpoint(session, edit=True))

    def rolled_back(self, session: SessionState) -> None:
        """Called after a divergence put back an earlier state: later checkpoints are no longer the run."""
        if self.checkpoints:
            self.discard_after(session.steps)
            self._add(take_checkpoint(session, edit=True))

    def _add(self, checkpoint: Checkpoint) -> None:
        last = self.checkpoints[-1]
        if last.steps == checkpoint.steps and last.epoch == checkpoint.epoch:
            # the same place: the newer state wins (an edit right after a scheduled checkpoint, two edits)
            self.checkpoints[-1] = replace(checkpoint, edit=last.edit or checkpoint.edit)
            self.version += 1
            return
        self.checkpoints.append(checkpoint)
        if not checkpoint.edit:
            self._scheduled += 1
            if self._scheduled > self.capacity:
                self._thin()
        else:
            self._cost += checkpoint.nbytes() + _data_bytes(checkpoint, last)
            if self._cost > self.budget_bytes:
                self._keep_budget()

    def _recount(self) -> None:
        self._scheduled = sum(1 for c in self.checkpoints if not c.edit)
        self.version += 1

    def _thin(self) -> None:
        """Drop every scheduled checkpoint off the doubled stride."""
        self.stride *= 2
        self.checkpoints = [c for c in self.checkpoints if c.edit or c.epoch % self.stride == 0]
        self._recount()
        self._keep_budget()
        log.debug("timeline thinned to stride %d: %d checkpoints", self.stride, len(self.checkpoints))

    def _keep_budget(self) -> None:
        """Drop the oldest checkpoints while edits hold more than the budget: the timeline starts later."""
        self._cost = self.nbytes()
        if self._cost <= self.budget_bytes:
            return
        drop = 0
        while len(self.checkpoints) - drop > 2 and self._cost > 0.75 * self.budget_bytes:  # room for more edits
            self._cost -= self.checkpoints[drop].nbytes()
            drop += 1
        del self.checkpoints[:drop]
        self._cost = self.nbytes()
        self._recount()
        log.info("the timeline reached its memory budget; it now starts at epoch %d", self.first_epoch)

    def discard_after(self, steps: int) -> None:
        """Drop the checkpoints taken after `steps` batches of training."""
        kept = [c for c in self.checkpoints if c.steps <= steps]
        if len(kept) != len(self.checkpoints):
            self.checkpoints = kept
            self._recount()

    # --- reading --------------------------------------------------------------------------
    @property
    def first_epoch(self) -> int:
        """The earliest epoch that can be shown (0 unless the run was opened from a file or thinned away)."""
        return self.checkpoints[0].epoch if self.checkpoints else 0

    def nearest(self, epoch: int) -> Checkpoint | None:
        """The newest checkpoint from which training reaches `epoch` (None before the first one)."""
        for c in reversed(self.checkpoints):
            if c.epoch < epoch or (c.epoch == epoch and c.at_epoch_end):
                return c
        return None

    def nbytes(self) -> int:
        """The memory the checkpoints hold, their data sets counted once."""
        datasets = {id(d): d for c in self.checkpoints for d in (c.train_set, c.test_set)}
        data = sum(d.points.nbytes + np.asarray(d.labels).nbytes for d in datasets.values())
        return sum(c.nbytes() for c in self.checkpoints) + data

    def truncated(self, epoch: int, steps: int) -> Timeline:
        """A copy that ends at `steps` batches (epoch `epoch`): the timeline of a run carried on from there."""
        copy = Timeline(self.budget_bytes)
        copy.stride, copy.capacity = self.stride, self.capacity
        copy.checkpoints = [c for c in self.checkpoints if c.steps < steps or (c.steps == steps and c.epoch <= epoch)]
        copy._recount()
        return copy
