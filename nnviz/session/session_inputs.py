"""How a session's points become the network's inputs: the columns' scaling, the engineered features of
two-column data, and the plane of a table's input space the boundary shows."""

from __future__ import annotations

import numpy as np

from nnviz import data as nd
from nnviz.errors import ConfigError
from nnviz.session.config import Config
from nnviz.session.table_data import wants_scaling


class SessionInputs:
    """A session's input side: its scaling (fitted on the training part, or a saved one kept) and its slice."""

    def __init__(self) -> None:
        self.scaling: nd.Scaling | None = None  # the inputs' standardisation, or None
        self.fixed_scaling: nd.Scaling | None = None  # a saved session's scaling, kept as it was saved
        self.slice = nd.SliceSpec()  # the plane the boundary shows for tables (session/slicing.py)

    @staticmethod
    def count(config: Config, data: nd.Dataset) -> int:
        """The network's inputs: the engineered features of two-column data, else one per column."""
        return len(config.features) if data.width == 2 else data.width

    @staticmethod
    def names(config: Config, data: nd.Dataset) -> tuple[str, ...]:
        """The name of each network input: feature names (x1, x1sq, ...) or the table's columns."""
        return config.features if data.width == 2 else data.columns

    def of(self, points: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
        """(n, n_inputs) network inputs of (n, d) raw points: scaled, then engineered features for two columns."""
        values = self.scaling.apply(points) if self.scaling is not None else np.asarray(points, np.float64)
        return nd.network_inputs(values, features)

    def set_slice(self, spec: nd.SliceSpec, width: int) -> None:
        """Show another plane of a `width`-column input space (two columns and held values, or components)."""
        if spec.held and len(spec.held) != width:
            raise ConfigError(f"the slice holds {len(spec.held)} values; the data has {width} columns")
        if max(spec.axes) >= max(width, 2):
            raise ConfigError(f"the slice's axes {list(spec.axes)} pass the data's {width} columns")
        self.slice = spec

    def fit(self, config: Config, data: nd.Dataset, train_points: np.ndarray) -> None:
        """Scale as a saved session did, else fitted on the training points when the config asks for it."""
        if self.fixed_scaling is not None and len(self.fixed_scaling.mean) == data.width:
            self.scaling = self.fixed_scaling
        else:
            self.scaling = nd.Scaling.fit(train_points) if wants_scaling(config, data) else None
