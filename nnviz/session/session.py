"""Session: the data, the network, the optimizer and the history, driven by the app, CLI and tests."""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np

from nnviz import data as nd
from nnviz.engine import MLP, MinibatchTrainer, Optimizer, initialize
from nnviz.errors import ConfigError, OutOfMemoryError
from nnviz.io.memory import check_training_memory
from nnviz.session import health
from nnviz.session.config import CSV_DATASET, Config
from nnviz.session.data_edits import SessionData, hand_edit_refusal, make_data
from nnviz.session.divergence_guard import DivergenceGuard
from nnviz.session.epoch_figures import EpochFigures
from nnviz.session.evaluation import EvaluationSet
from nnviz.session.frame import Frame
from nnviz.session.grid import GridEvaluator
from nnviz.session.history import History
from nnviz.session.model_spec import ModelSpec, resolve, settings_for_mlp
from nnviz.session.pins import PinBoard
from nnviz.session.random_streams import SeededStreams
from nnviz.session.reconfigure import CSV_READ_FIELDS, DATA_FIELDS, LIVE_FIELDS, apply_live, changed_fields
from nnviz.session.session_inputs import SessionInputs
from nnviz.session.session_state import Metrics
from nnviz.session.timeline import Timeline
from nnviz.session.versions import next_version

log = logging.getLogger(__name__)

class Session:
    """A training session: `step`, `epoch`, `reset`, `regenerate`, live changes and `snapshot`."""

    lesson: dict[str, str] | None = None  # a lesson's {"title", "text"}, saved with the session
    machine_note: str = ""  # read from a file trained on another kind of machine (session/trained_on.py)

    def __init__(self, config: Config | None = None, data: nd.Dataset | None = None, net: MLP | None = None) -> None:
        self._config = config or Config()
        self.streams = SeededStreams(self._config.seed)  # data, initial weights, shuffling (a file saves their state)
        self.history = History()
        self.grid = GridEvaluator()
        self.epoch = 0
        self.steps = 0
        self.structure_version = 0
        self.diverged = ""
        self.inputs = SessionInputs()  # scaling, engineered features, the slice (session/session_inputs.py)
        self.timeline = Timeline()  # records from the restart below (session/timeline.py)
        dataset = data if data is not None else make_data(self._config, self.streams.data)
        self.pins = PinBoard()  # shared with the sessions that follow this one in a window (session/pins.py)
        self.points = SessionData(dataset, self._config.train_ratio, self.streams.data,
                                  target=self._config.target or "3 (the target)")
        self._fit_plane()
        self._build(net)
        self.timeline.restart(self)

    # --- building --------------------------------------------------------------------
    @property
    def config(self) -> Config:
        """The current config (immutable; change it with with_config or the set_ methods)."""
        return self._config

    @property
    def data(self) -> nd.Dataset:
        """The data set the points were split from."""
        return self.points.data

    @property
    def train_set(self) -> nd.Dataset:
        """The training points."""
        return self.points.train_set

    @property
    def test_set(self) -> nd.Dataset:
        """The test points."""
        return self.points.test_set

    def _fit_plane(self) -> None:
        """Playground's plane for its generators; a plane that fits the points for CSV data and truth tables."""
        info = nd.GENERATORS.get(self._config.dataset)
        if info is not None and not info.fixed_size:
            self.grid.extent = nd.PLANE_EXTENT
        else:
            self.grid.extent = nd.fitted_extent(np.concatenate([self.train_set.points, self.test_set.points]))

    def _build(self, net: MLP | None) -> None:
        c = self._config
        self.spec: ModelSpec = resolve(c, self.n_inputs, self.data)
        dtype = np.dtype(c.dtype)
        self._check_memory(c.batch_size)  # before any array of the run is allocated
        if net is None:
            net = MLP(self.spec.sizes, self.spec.activations, dtype, numerics=c.numerics)
            initialize(net, self.streams.weights, c.init, c.init_scale)
        elif net.sizes != self.spec.sizes:
            sizes, needed = list(net.sizes), list(self.spec.sizes)
            raise ConfigError(f"the network's layer sizes {sizes} do not fit this data, which needs {needed}")
        elif net.activations != self.spec.activations or net.dtype != dtype:
            raise ConfigError(f"the network ({', '.join(net.activations)}; {net.dtype}) does not match the config "
                              f"({', '.join(self.spec.activations)}; {dtype}); leave those settings out")
        net.numerics = c.numerics  # a network from a file or the API computes as this session says
        self.net = net
        self.optimizer = Optimizer(c.optimizer, c.learning_rate, net.weight_mask, c.regularization, c.reg_rate,
                                   momentum=c.momentum, beta1=c.beta1, beta2=c.beta2)
        self.trainer = MinibatchTrainer(net, self.spec.loss, self.optimizer, c.batch_size)
        self.structure_version = next_version()
        # finite weights, rollback, collapse watch; its passes over every point go through _evaluate (tests count them)
        self.guard = DivergenceGuard(self, lambda: self._evaluate())
        self._load_training_data()
        self.guard.mark_good()

    # --- the inputs (session/session_inputs.py) ----------------------------------------
    @property
    def n_inputs(self) -> int:
        """The network's inputs: the engineered features of two-column data, else one per column."""
        return self.inputs.count(self._config, self.data)

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The name of each network input: feature names (x1, x1sq, ...) or the table's columns."""
        return self.inputs.names(self._config, self.data)

    def network_inputs(self, points: np.ndarray) -> np.ndarray:
        """(n, n_inputs) network inputs of (n, d) raw points: scaled, then engineered features for two columns."""
        return self.inputs.of(points, self._config.features)

    def set_slice(self, spec: nd.SliceSpec) -> None:
        """Show another plane of the input space (two columns and held values, or principal components)."""
        self.inputs.set_slice(spec, self.data.width)

    def _load_training_data(self) -> None:
        self.inputs.fit(self._config, self.data, self.train_set.points)
        x_train = self.network_inputs(self.train_set.points)
        x_test = self.network_inputs(self.test_set.points)
        self.trainer.set_data(x_train, self.spec.encode(self.train_set.labels))
        self.evaluation = EvaluationSet(self.net, self.spec, x_train, x_test, self.train_set.labels,
                                        self.test_set.labels, self.trainer.n_samples)
        self.epoch_figures: EpochFigures | None = None  # the newest recorded epoch end's (frames while training)
        self.timeline.edited(self)  # new points: the timeline keeps the state after the edit

    @classmethod
    def from_mlp(cls, net: MLP, **settings: Any) -> Session:
        """A session that trains an existing engine network on a data set (features must match its inputs)."""
        return cls(Config(**settings_for_mlp(net, settings)), net=net)

    @classmethod
    def from_network(cls, network: Any, **settings: Any) -> Session:
        """A session that trains a scripting-API network (nnviz.api) on a data set."""
        # lazy: the scripting API loads only for a scripted network
        from nnviz.api.bridge import to_mlp

        return cls.from_mlp(to_mlp(network), **settings)

    def restore_state(
        self,
        params: np.ndarray,
        train_set: nd.Dataset,
        test_set: nd.Dataset,
        epoch: int = 0,
        steps: int = 0,
        history: History | None = None,
    ) -> None:
        """Put back saved weights, data split, counters and history (used by session files)."""
        if params.shape != self.net.params.shape:
            raise ConfigError(f"expected {self.net.params.size} parameters, got {params.size}")
        self.points.restore(train_set, test_set)
        self.net.params[...] = params
        self._fit_plane()
        self._load_training_data()
        self.epoch, self.steps = epoch, steps
        self.guard.mark_good()
        self.guard.collapse.clear()
        if history is not None:
            self.history = history

    # --- training --------------------------------------------------------------------
    def step(self, n_batches: int = 1) -> int:
        """Train on n batches; returns how many epochs were completed. Raises DivergenceError.

        Every batch's loss is checked (the step returns a figure non-finite exactly when it is), every
        epoch end's weights and training loss too; a non-finite one rolls back to
        the last epoch end where both were finite.
        """
        done = 0
        trainer = self.trainer
        isfinite = math.isfinite
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for _ in range(n_batches):
                end_of_epoch = trainer.step(self.streams.shuffle)
                if not isfinite(trainer.batch_error):  # the loss at the weights this batch started from
                    self.guard.roll_back(self.epoch + 1, "loss", float(trainer.batch_error))
                self.steps += 1
                if end_of_epoch:
                    self.epoch += 1
                    done += 1
                    self.guard.epoch_ended()
            if not np.isfinite(self.net.params).all():  # the last batch's update, not yet used by a forward pass
                self.guard.roll_back(self.epoch + 1, "weights", health.first_non_finite(self.net.params))
        self.diverged = ""  # training went on after a divergence: the message is history
        return done

    def run_epoch(self) -> None:
        """Train to the end of the current epoch (one whole epoch when at its start)."""
        self.step(max(1, self.trainer.batches_left))  # at least 1: no training points raises ConfigError

    def train(self, epochs: int) -> Metrics:
        """Train whole epochs and return the metrics at the end."""
        for _ in range(epochs):
            self.run_epoch()
        return self.metrics()

    @property
    def warning(self) -> str:
        """A sentence about a collapsed network (every ReLU of a layer dead, a constant output), or ""."""
        return self.guard.warning

    # --- evaluation ------------------------------------------------------------------
    def _evaluate(self) -> Metrics:
        return self.evaluation.measure()  # the one pass over every point (tests count them here)

    def metrics(self) -> Metrics:
        """Loss and accuracy now (cached until the weights or data change)."""
        key = (self.steps, self.points.version, self.structure_version)
        cached = self.evaluation.cached
        if cached is None or cached[0] != key:
            cached = self.evaluation.cached = (key, self._evaluate())
        return cached[1]

    def predict(self, points: np.ndarray) -> np.ndarray:
        """The network's outputs (n, n_out) for raw points (n, d)."""
        return self.net.predict(self.network_inputs(np.asarray(points, dtype=np.float64).reshape(-1, self.data.width)))

    # --- the points ------------------------------------------------------------------
    def regenerate(self) -> None:
        """New data (the next draw of the seeded stream), same weights."""
        self.points.replace(make_data(self._config, self.streams.data), self._config.train_ratio)
        self._fit_plane()
        self._load_training_data()

    def set_data(self, dataset: nd.Dataset) -> None:
        """Train on another data set of the same kind and classes, keeping the weights."""
        width = len(self._config.features) if dataset.width == 2 else dataset.width
        if resolve(self._config, width, dataset).sizes != self.spec.sizes:
            raise ConfigError("the new data needs another output layer; start a new session for it")
        self.points.replace(dataset, self._config.train_ratio)
        self._fit_plane()
        self._load_training_data()

    def _check_plain_plane(self) -> None:
        """Points are edited by hand on plain two-column data only (not on a slice or scaled inputs)."""
        refusal = hand_edit_refusal(self.data.width, self.inputs.scaling is not None)
        if refusal:
            raise ConfigError(refusal)

    def add_point(self, xy: tuple[float, float], label: float, test: bool = False) -> None:
        """Add one point (class index or target) to the training (or test) set; training goes on."""
        self._check_plain_plane()
        if self.spec.problem != "regression" and not 0 <= int(label) < self.spec.n_classes:
            raise ConfigError(f"class {label} does not exist here (0..{self.spec.n_classes - 1})")
        self.points.add_point(xy, label, test)
        self._load_training_data()

    def remove_nearest(self, xy: tuple[float, float], max_distance: float | None = None) -> bool:
        """Remove the training or test point nearest to xy; False when there is none in reach."""
        self._check_plain_plane()
        removed = self.points.remove_nearest(xy, max_distance)
        if removed:
            self._load_training_data()
        return removed

    # --- changes ---------------------------------------------------------------------
    def reset(self) -> None:
        """The seed's own initial weights and shuffling again, same data; epoch and history restart.

        Reset is reproducible: the same seed gives every student the teacher's network and run.
        Other initial weights come from another seed.
        """
        self.streams.restart_training(self._config.seed)
        initialize(self.net, self.streams.weights, self._config.init, self._config.init_scale)
        self.optimizer.reset()
        self.trainer.restart_epoch()
        self.history.clear()
        self.epoch = self.steps = 0
        self.guard.mark_good()
        self.guard.forget_figures()
        self.timeline.restart(self)

    def set_learning_rate(self, lr: float) -> None:
        """Change the learning rate live."""
        self._apply_live(self._config.replace(learning_rate=float(lr)))

    def set_weight(self, layer: int, src: int, dst: int, value: float) -> None:
        """Set one weight (layer 1..L, from neuron src of layer-1 to neuron dst) live."""
        self._check_value(value)
        self.net.set_weight(layer, src, dst, value)
        self._params_edited()

    def set_bias(self, layer: int, neuron: int, value: float) -> None:
        """Set one bias (layer 1..L) live."""
        self._check_value(value)
        self.net.set_bias(layer, neuron, value)
        self._params_edited()

    @staticmethod
    def _check_value(value: float) -> None:
        if not np.isfinite(value):
            raise ConfigError(f"a weight must be a finite number, got {value}")

    def _params_edited(self) -> None:
        self.guard.mark_good()
        self.guard.forget_figures()
        self.timeline.edited(self)

    def with_config(self, config: Config) -> Session:
        """This session after a live change, or a NEW Session when the change needs a rebuild.

        Live fields (LIVE_FIELDS) change in place and `self` comes back. Any other
        change builds a fresh Session (on the same points unless a data field changed)
        and leaves this one exactly as it was: the caller swaps to the one returned.
        So a live API view (`Network.from_mlp(s.net, live=True)`) stays attached to
        this session's network, which the new session no longer trains; take a new
        view of the new session's `net`.
        """
        changed = changed_fields(self._config, config)
        if not changed:
            return self
        if changed <= LIVE_FIELDS:
            self._apply_live(config)
            return self
        keeps_points = config.dataset == CSV_DATASET and changed.isdisjoint(CSV_READ_FIELDS)
        if changed & DATA_FIELDS and keeps_points:
            fresh = Session(config, data=self.data)  # the points held (a session file carries them): never re-read
        elif changed & DATA_FIELDS or ("problem" in changed and self.data.from_table):  # a table's target read again
            fresh = Session(config)
        else:
            fresh = Session(config, data=self.data)  # same data, points added or removed by hand included
            fresh.points.restore(self.train_set, self.test_set)
            fresh.grid.extent = self.grid.extent  # the same points stay on the same plane
            fresh._load_training_data()
            fresh.timeline.restart(fresh)
        fresh.lesson = self.lesson  # a lesson's text stays with its session
        fresh.pins = self.pins
        if fresh.data.width == self.data.width:
            fresh.inputs.slice = self.inputs.slice  # the same columns stay on the boundary's axes
        return fresh

    def _check_memory(self, batch_size: int) -> None:
        n_train = len(self.train_set.points)
        check_training_memory(self.spec.sizes, n_train + len(self.test_set.points), n_train, batch_size,
                              OutOfMemoryError, np.dtype(self._config.dtype).itemsize)

    def _apply_live(self, config: Config) -> None:
        if config.batch_size != self._config.batch_size:
            self._check_memory(config.batch_size)
        self._config = config
        apply_live(self.optimizer, self.trainer, config)
        self.timeline.edited(self)

    # --- snapshots -------------------------------------------------------------------
    def snapshot(self, resolution: int = 100, grids: bool = True, figures: EpochFigures | None = None) -> Frame:
        """An immutable Frame with weights, figures, history and every neuron's heatmap.

        With grids=False the heatmaps are left out (neuron_grids is empty): the consumer
        computes them from the weights (`nnviz.session.frame_grids.with_grids`).
        """
        # lazy: snapshot.py reads a Session: imported here when first used
        from nnviz.session.snapshot import take_snapshot

        return take_snapshot(self, resolution, grids, figures)
