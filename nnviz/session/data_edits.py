"""A Session's data edits: new data, another data set of the same kind, a point added or removed."""

from __future__ import annotations

import numpy as np

from nnviz import data as nd
from nnviz.errors import ConfigError
from nnviz.session.config import Config
from nnviz.session.model_spec import ModelSpec, resolve
from nnviz.session.versions import next_version


class DataEdits:
    """Mixed into Session: the edits of its points; each gives the data a new version and retrains on it."""

    data: nd.Dataset
    train_set: nd.Dataset
    test_set: nd.Dataset
    data_version: int
    spec: ModelSpec
    _config: Config

    def _make_data(self) -> nd.Dataset:
        raise NotImplementedError

    def _split(self, dataset: nd.Dataset) -> None:
        raise NotImplementedError

    def _load_training_data(self) -> None:
        raise NotImplementedError

    def _check_plain_plane(self) -> None:
        """Points are edited by hand on plain two-column data only (not on a slice or scaled inputs)."""
        if self.data.width != 2 or getattr(self, "scaling", None) is not None:
            raise ConfigError("points are added and removed by hand on two-column data without scaling only; "
                              "this data is shown on a slice")

    def regenerate(self) -> None:
        """New data (the next draw of the seeded stream), same weights."""
        self.data = self._make_data()
        self._split(self.data)
        self._load_training_data()

    def set_data(self, dataset: nd.Dataset) -> None:
        """Train on another data set of the same kind and classes, keeping the weights."""
        width = len(self._config.features) if dataset.width == 2 else dataset.width
        spec = resolve(self._config, width, dataset)
        if spec.sizes != self.spec.sizes:
            raise ConfigError("the new data needs another output layer; start a new session for it")
        self.data = dataset
        self._split(dataset)
        self._load_training_data()

    def add_point(self, xy: tuple[float, float], label: float, test: bool = False) -> None:
        """Add one point (class index or target) to the training (or test) set; training goes on."""
        self._check_plain_plane()
        if self.spec.problem != "regression" and not 0 <= int(label) < self.spec.n_classes:
            raise ConfigError(f"class {label} does not exist here (0..{self.spec.n_classes - 1})")
        if test:
            self.test_set = nd.with_point(self.test_set, xy, label)
        else:
            self.train_set = nd.with_point(self.train_set, xy, label)
        self.data_version = next_version()
        self._load_training_data()

    def remove_nearest(self, xy: tuple[float, float], max_distance: float | None = None) -> bool:
        """Remove the training or test point nearest to xy; False when there is none in reach."""
        self._check_plain_plane()
        best: tuple[float, str] | None = None
        for which in ("train_set", "test_set"):
            ds: nd.Dataset = getattr(self, which)
            if len(ds.points):
                d = float(np.min(np.hypot(*(ds.points - np.asarray(xy, dtype=np.float64)).T)))
                if (max_distance is None or d <= max_distance) and (best is None or d < best[0]):
                    best = (d, which)
        if best is None:
            return False
        setattr(self, best[1], nd.without_nearest(getattr(self, best[1]), xy))
        self.data_version = next_version()
        self._load_training_data()
        return True
