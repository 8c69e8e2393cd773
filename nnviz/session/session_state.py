"""What the snapshot, the slice and the timeline read of a Session, as a Protocol (session.Session has it all).

They take a `SessionState` rather than importing Session, whose module imports them: the
import graph has no circle, and mypy checks that Session keeps every member listed here.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from nnviz import data as nd
from nnviz.engine import MLP, MinibatchTrainer, Optimizer
from nnviz.session.config import Config
from nnviz.session.data_edits import SessionData
from nnviz.session.grid import GridEvaluator
from nnviz.session.history import History
from nnviz.session.message import Message
from nnviz.session.model_spec import ModelSpec
from nnviz.session.random_streams import SeededStreams
from nnviz.session.session_inputs import SessionInputs


class Metrics(Message):
    """Loss and accuracy on the training and test sets (accuracy None for regression)."""

    train_loss: float
    test_loss: float
    train_accuracy: float | None
    test_accuracy: float | None


class SessionState(Protocol):
    """The members of a Session that its snapshot, slice and timeline read."""

    epoch: int
    steps: int
    structure_version: int
    diverged: str
    net: MLP
    spec: ModelSpec
    grid: GridEvaluator
    history: History
    trainer: MinibatchTrainer
    optimizer: Optimizer
    inputs: SessionInputs  # scaling and slice
    points: SessionData  # the data set, its split and their version
    streams: SeededStreams

    @property
    def config(self) -> Config:
        """The session's settings."""

    @property
    def data(self) -> nd.Dataset:
        """The data set the points were split from."""

    @property
    def train_set(self) -> nd.Dataset:
        """The training points."""

    @property
    def test_set(self) -> nd.Dataset:
        """The test points."""

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The name of each network input."""

    @property
    def warning(self) -> str:
        """A sentence about a collapsed network, or ""."""

    def metrics(self) -> Metrics:
        """Loss and accuracy now."""

    def network_inputs(self, points: np.ndarray) -> np.ndarray:
        """(n, n_inputs) network inputs of raw points."""

    def set_slice(self, spec: nd.SliceSpec) -> None:
        """Show another plane of the input space."""
