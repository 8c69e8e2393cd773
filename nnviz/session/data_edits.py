"""A Session's points, as an object of their own: the data set, its training/test split and their version.

Every edit (new data, another data set of the same kind, a point added or removed) gives the
points a new version; the Session then fits its plane and retrains on them.
"""

from __future__ import annotations

import numpy as np

from nnviz import data as nd
from nnviz.session.config import Config
from nnviz.session.table_data import is_table_config, load_config_data
from nnviz.session.versions import next_version


def hand_edit_refusal(width: int, scaled: bool) -> str:
    """Why points cannot be added or removed by hand on data of this width and scaling ("" when they can)."""
    if width == 2 and not scaled:
        return ""
    if width != 2:
        return (f"points are added and removed by hand on two-column data only; this data has {width} columns "
                "and is shown on a slice")
    return "points are added and removed by hand on data without scaling only; this data's inputs are scaled"


def make_data(config: Config, rng: np.random.Generator) -> nd.Dataset:
    """The data set a config names: a file's table or points, or the next draw of a generator."""
    if is_table_config(config):
        return load_config_data(config)
    return nd.generate(config.dataset, config.points, config.noise / 100.0, rng)


class SessionData:
    """The points a session trains and tests on; `version` changes with every edit."""

    def __init__(self, dataset: nd.Dataset, train_ratio: float, rng: np.random.Generator,
                 target: str = "3 (the target)") -> None:
        self._rng = rng  # the session's data stream: it draws new data and splits it
        self._target = target  # the target's column, for messages
        self.version = 0
        self.data = dataset
        self.train_set, self.test_set = self._split(dataset, train_ratio)

    def _split(self, dataset: nd.Dataset, train_ratio: float) -> tuple[nd.Dataset, nd.Dataset]:
        if dataset.width == 2:
            nd.check_coordinates(dataset.points, dataset.name or "the data")
        nd.check_targets(dataset, dataset.name or "the data", self._target)  # their squares must stay finite
        self.version = next_version()
        return nd.split(dataset, train_ratio / 100.0, self._rng)

    def replace(self, dataset: nd.Dataset, train_ratio: float) -> None:
        """Train on another data set, split anew."""
        self.data = dataset
        self.train_set, self.test_set = self._split(dataset, train_ratio)

    def restore(self, train_set: nd.Dataset, test_set: nd.Dataset) -> None:
        """Put back a saved (or another session's) split."""
        for which, ds in (("training", train_set), ("test", test_set)):
            if ds.width == 2:
                nd.check_coordinates(ds.points, f"the {which} points")
            nd.check_targets(ds, f"the {which} points", self._target)
        self.train_set, self.test_set = train_set, test_set
        self.version = next_version()

    def add_point(self, xy: tuple[float, float], label: float, test: bool = False) -> None:
        """Add one point (class index or target) to the training (or test) set."""
        if test:
            self.test_set = nd.with_point(self.test_set, xy, label)
        else:
            self.train_set = nd.with_point(self.train_set, xy, label)
        self.version = next_version()

    def remove_nearest(self, xy: tuple[float, float], max_distance: float | None = None) -> bool:
        """Remove the training or test point nearest to xy; False when there is none in reach."""
        best: tuple[float, bool] | None = None  # (distance, in the test set)
        for test, ds in ((False, self.train_set), (True, self.test_set)):
            if len(ds.points):
                d = float(np.min(np.hypot(*(ds.points - np.asarray(xy, dtype=np.float64)).T)))
                if (max_distance is None or d <= max_distance) and (best is None or d < best[0]):
                    best = (d, test)
        if best is None:
            return False
        if best[1]:
            self.test_set = nd.without_nearest(self.test_set, xy)
        else:
            self.train_set = nd.without_nearest(self.train_set, xy)
        self.version = next_version()
        return True
