"""A run's guard: the last state whose weights and loss were finite, the checks at each epoch end, the rollback
with its message when a run diverges, and the watch for a collapsed network.

The Session owns one `DivergenceGuard` per network it builds and hands it itself as a `GuardedRun`
(a Protocol, so this module does not import the Session) and its one pass over every point (`measure`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

import numpy as np

from nnviz.errors import DivergenceError
from nnviz.session import health
from nnviz.session.epoch_figures import EpochFigures
from nnviz.session.evaluation import EvaluationSet
from nnviz.session.rollback import Rollback
from nnviz.session.session_state import Metrics, SessionState
from nnviz.session.timeline import Timeline


class GuardedRun(SessionState, Protocol):
    """What the guard reads and writes of a Session beyond SessionState (session.Session has it all)."""

    evaluation: EvaluationSet
    epoch_figures: EpochFigures | None
    timeline: Timeline


class DivergenceGuard:
    """Marks good states, checks epoch ends, rolls a diverged run back and says why, and watches for a collapse."""

    def __init__(self, run: GuardedRun, measure: Callable[[], Metrics]) -> None:
        self._run = run
        self._measure = measure  # the session's one pass over every point at the current weights
        self.rollback = Rollback(run.net.params)  # where a diverging run goes back to (session/rollback.py)
        self.collapse = health.CollapseWatch()

    @property
    def warning(self) -> str:
        """A sentence about a collapsed network (every ReLU of a layer dead, a constant output), or ""."""
        return self.collapse.warning

    def mark_good(self) -> None:
        """Remember the current weights and counters as the last state whose weights and loss were finite."""
        run = self._run
        self.rollback.mark_good(run.net.params, run.epoch, run.steps)
        run.diverged = ""

    def forget_figures(self) -> None:
        """Drop the loss, accuracy and collapse figures measured on weights that have just changed."""
        self._run.evaluation.cached = None
        self._run.epoch_figures = None
        self.collapse.clear()

    def epoch_ended(self) -> None:
        """Check the weights and the training loss; mark them good, record history, watch for a collapse.

        The loss is known only where the history records (each epoch for the first
        2,048, then every few): other epoch ends are kept as candidates, whose loss
        is evaluated only if a divergence needs a state to roll back to.
        """
        run = self._run
        params = run.net.params
        if not np.isfinite(params).all():
            self.roll_back(run.epoch, "weights", health.first_non_finite(params))
        run.timeline.epoch_ended(run)
        if not run.history.wants(run.epoch):
            self.rollback.keep_candidate(params, run.epoch, run.steps)
            return
        m = self._measure()  # one forward pass over the training and test points, at these weights
        key = (run.steps, run.points.version, run.structure_version)
        run.evaluation.cached = (key, m)
        if not math.isfinite(m.train_loss) and run.trainer.n_samples:
            self.roll_back(run.epoch, "loss", m.train_loss)
        self.mark_good()
        run.history.record(run.epoch, m.train_loss, m.test_loss, m.train_accuracy, m.test_accuracy)
        activations = run.evaluation.activations()  # of the pass just made
        run.epoch_figures = EpochFigures.of_pass(run.epoch, key, m, None if activations is None else activations[-1],
                                                 run.trainer.n_samples)
        if activations is not None:
            finding = health.collapse_finding(activations, run.net.activations, run.trainer.n_samples,
                                              run.optimizer.learning_rate, run.evaluation.targets_vary)
            self.collapse.observe(finding)

    def roll_back(self, bad_epoch: int, what: str, value: float) -> None:
        """Put back the last good state and raise DivergenceError saying what happened and what to do.

        The newest unchecked epoch end whose training loss is finite wins, else the last
        state marked good (session/rollback.py).
        """
        run = self._run
        run.epoch, run.steps = self.rollback.restore(run.net.params, lambda: self._measure().train_loss)
        self.mark_good()
        run.optimizer.reset()
        run.trainer.restart_epoch()
        self.forget_figures()
        run.timeline.rolled_back(run)
        run.diverged = health.divergence_message(bad_epoch, what, value, run.epoch, run.optimizer.learning_rate)
        raise DivergenceError(run.diverged)
