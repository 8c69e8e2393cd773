"""The one config type behind the CLI flags, session files, the GUI form and lesson presets.

Defaults are TensorFlow Playground's: circle, 500 points, 50 % training data,
features x1 and x2, hidden layers 4,2 with tanh, learning rate 0.03, batch 10.

Problem types and their documented defaults (`output_activation` and `loss`
may be set explicitly to override them):

| problem     | outputs | output activation | loss          | targets              |
|-------------|---------|-------------------|---------------|----------------------|
| binary      | 1       | tanh              | mse           | -1 / +1 (Playground) |
| multiclass  | classes | softmax           | cross_entropy | one-hot              |
| regression  | 1       | linear            | mse           | the label            |

`problem="auto"` takes "regression" for regression data, "binary" for two
classes and "multiclass" for more. Binary targets follow the output range:
-1/+1 for tanh and linear outputs, 0/1 for sigmoid and step outputs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nnviz.data import GENERATORS, SCALINGS, SHIPPED, normalize_features, points_problem
from nnviz.engine import INITS, NUMERICS, OPTIMIZERS, REGULARIZATIONS, losses
from nnviz.engine import activations as act
from nnviz.engine.optimizers import COEFFICIENTS
from nnviz.errors import ConfigError, DataError, NnvizError, unknown_name
from nnviz.io import Checker, brief, brief_names, caps
from nnviz.session.config_change import ConfigChange

if TYPE_CHECKING:
    from typing_extensions import Unpack  # typing.Unpack for **kwargs is Python 3.12's

SCHEMA_VERSION = 1
PROBLEMS: tuple[str, ...] = ("auto", "binary", "multiclass", "regression")
LEARNING_RATES: tuple[float, ...] = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES: tuple[float, ...] = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
MAX_HIDDEN_LAYERS = caps.MAX_HIDDEN_LAYERS
MAX_NEURONS = caps.MAX_NEURONS
CSV_DATASET = "csv"
DTYPES: tuple[str, ...] = ("float32", "float64")  # the number types the engine computes in
WHOLE, NUMBER, TEXT, TEXTS = "whole", "number", "text", "texts"
FIELD_TYPES: dict[str, str] = {  # what each setting must be before it is converted; booleans are not numbers
    "dataset": TEXT, "points": WHOLE, "noise": NUMBER, "train_ratio": NUMBER, "features": TEXTS, "seed": WHOLE,
    "activations": TEXTS, "activation": TEXT, "problem": TEXT, "output_activation": TEXT, "loss": TEXT,
    "optimizer": TEXT, "learning_rate": NUMBER, "batch_size": WHOLE, "regularization": TEXT, "reg_rate": NUMBER,
    "init": TEXT, "init_scale": NUMBER, "dtype": TEXT, "csv_path": TEXT, "name": TEXT,
    "target": TEXT, "columns": TEXTS, "scaling": TEXT,
    "numerics": TEXT,  # reproducibility
    "momentum": NUMBER, "beta1": NUMBER, "beta2": NUMBER,
}
check = Checker(ConfigError)
# settings added after files were shared: left out of to_dict at their default, so those files stay as they were
OPTIONAL_FIELDS = frozenset({"target", "columns", "drop_missing", "scaling", "numerics", *COEFFICIENTS})


@dataclass(frozen=True)
class Config:
    """Every setting of a session; immutable, validated, with to_dict/from_dict."""

    dataset: str = "circle"
    points: int = 500
    noise: float = 0.0  # percent, 0..50
    train_ratio: float = 50.0  # percent of points used for training, 10..90
    features: tuple[str, ...] = ("x1", "x2")
    seed: int = 0
    hidden: tuple[int, ...] = (4, 2)
    activations: tuple[str, ...] = ()  # one per hidden layer; empty means `activation` for all
    activation: str = "tanh"
    problem: str = "auto"
    output_activation: str = "auto"
    loss: str = "auto"
    optimizer: str = "sgd"
    learning_rate: float = 0.03
    batch_size: int = 10
    regularization: str = "none"
    reg_rate: float = 0.0
    init: str = "uniform"
    init_scale: float = 0.5
    dtype: str = "float64"
    csv_path: str = ""  # the file behind dataset "csv"
    name: str = ""  # the session's name, shown in the window title
    # your own data (issue 21): which table columns are the target and the inputs, rows with a missing
    # value dropped, and how inputs are scaled ("auto": standardised for tables, as they are for generated points)
    target: str = ""  # "" : a column named label/class/target/species/y, else the last
    columns: tuple[str, ...] = ()  # () : every column but the target
    drop_missing: bool = False
    scaling: str = "auto"
    # reproducibility: "reproducible" trains to the same bits on every machine; "fast" uses BLAS (see engine.NUMERICS)
    numerics: str = "reproducible"
    # optimizer coefficients (issue 17): momentum's μ, Adam's β₁ and β₂; defaults and ranges from the engine's table
    momentum: float = COEFFICIENTS["momentum"].default
    beta1: float = COEFFICIENTS["beta1"].default
    beta2: float = COEFFICIENTS["beta2"].default

    def __post_init__(self) -> None:
        put = object.__setattr__
        _check_types(self)
        put(self, "hidden", _hidden(self.hidden))
        try:
            put(self, "features", normalize_features(self.features))
        except DataError as exc:
            raise ConfigError(str(exc)) from None
        put(self, "activation", act.canonical(self.activation))
        acts = tuple(act.canonical(a) for a in self.activations) or (self.activation,) * len(self.hidden)
        put(self, "activations", acts)
        put(self, "columns", tuple(self.columns) if not isinstance(self.columns, str) else (self.columns,))
        _validate(self)

    def replace(self, **changes: Unpack[ConfigChange]) -> Config:
        """A copy with some fields changed (validated); the field names and types are checked by mypy."""
        if "hidden" in changes and "activations" not in changes:
            hidden = tuple(changes["hidden"])
            old = self.activations
            changes["activations"] = tuple(old[i] if i < len(old) else self.activation for i in range(len(hidden)))
        if "activation" in changes and "activations" not in changes:
            changes["activations"] = ()
        try:
            return dataclasses.replace(self, **changes)
        except TypeError as exc:
            raise ConfigError(f"unknown setting: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the schema version."""
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in OPTIONAL_FIELDS and value == f.default:
                continue  # written only when set, so files without them stay as they were
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        """Build a Config from to_dict output (or an older schema), with clear errors."""
        if not isinstance(data, dict):
            raise ConfigError("a config must be a JSON object")
        data = migrate(dict(data))
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown config setting(s): {brief_names(unknown)}")
        try:
            return cls(**data)
        except NnvizError:
            raise
        except (TypeError, ValueError, OverflowError) as exc:
            raise ConfigError(f"bad config value: {exc}") from None


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a config dict of any known schema version to the current one."""
    version = data.pop("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version < 1:
        raise ConfigError(f"bad config schema_version {brief(version)}")
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"this config was written by a newer nnviz (schema {version}; this one reads up to {SCHEMA_VERSION})"
        )
    return data


def _texts(value: Any, field: str) -> None:
    if isinstance(value, str):
        return
    if not isinstance(value, list | tuple):
        raise check.fail(f"{field} must be a list of names, got {type(value).__name__}")
    for i, item in enumerate(value):
        check.text(item, f"{field}[{i}]")


def _check_types(c: Config) -> None:
    """Refuse a setting of the wrong type (a bool as a number, a number as a name) before it is converted."""
    for name, kind in FIELD_TYPES.items():
        value = getattr(c, name)
        if kind == WHOLE:
            check.whole(value, name, low=None)
        elif kind == NUMBER:
            check.number(value, name)
        elif kind == TEXT:
            check.text(value, name)
        else:
            _texts(value, name)


def _hidden(value: Any) -> tuple[int, ...]:
    """The hidden layer sizes as ints, counted against the layer cap before they are read one by one."""
    if not isinstance(value, list | tuple):
        raise check.fail(f"hidden must be a list of layer sizes, got {type(value).__name__}")
    caps.check_count(len(value), MAX_HIDDEN_LAYERS, "hidden layers", ConfigError)
    return tuple(check.whole(n, f"hidden[{i}]", None) for i, n in enumerate(value))


def network_sizes(c: Config, n_outputs: int = 1, n_inputs: int | None = None) -> tuple[int, ...]:
    """The layer sizes a config asks for, with `n_outputs` output neurons (inputs: the features, or n_inputs)."""
    return (len(c.features) if n_inputs is None else n_inputs, *c.hidden, n_outputs)


def check_network_size(c: Config, n_outputs: int = 1, n_inputs: int | None = None) -> None:
    """Refuse a network beyond the caps on layers, neurons, parameters and heatmap cells (before it is built)."""
    caps.check_count(n_outputs, caps.MAX_OUTPUTS, "outputs", ConfigError)
    sizes = network_sizes(c, n_outputs, n_inputs)
    caps.check_layers(sizes, ConfigError)
    caps.check_drawn_heatmaps(sizes, ConfigError)


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ConfigError(message)


def _validate(c: Config) -> None:
    for name, coefficient in COEFFICIENTS.items():
        coefficient.check(getattr(c, name))  # ConfigError naming the coefficient and its range
    _check(c.dataset in GENERATORS or c.dataset in SHIPPED or c.dataset == CSV_DATASET,
           unknown_name("dataset", c.dataset, [*GENERATORS, *SHIPPED, CSV_DATASET]))
    _check(c.scaling in SCALINGS, f"scaling must be one of {', '.join(SCALINGS)}, got {brief(c.scaling)}")
    _check(isinstance(c.drop_missing, bool), f"drop_missing must be true or false, got {brief(c.drop_missing)}")
    caps.check_count(len(c.columns), caps.MAX_COLUMNS, "input columns", ConfigError)
    _check(c.dataset != CSV_DATASET or bool(c.csv_path), "dataset 'csv' needs csv_path")
    _check(not points_problem(c.points), points_problem(c.points))  # one range and one message everywhere
    _check(0.0 <= c.noise <= 50.0, f"noise is a percentage in 0..50, got {c.noise}")
    _check(10.0 <= c.train_ratio <= 90.0, f"train_ratio is a percentage in 10..90, got {c.train_ratio}")
    _check(len(c.hidden) <= MAX_HIDDEN_LAYERS, f"at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(c.hidden)}")
    _check(all(1 <= n <= MAX_NEURONS for n in c.hidden),
           f"each hidden layer needs 1..{MAX_NEURONS} neurons, got {list(c.hidden)}")
    check_network_size(c)  # after the per-layer checks, so that those give their own message
    _check(len(c.activations) == len(c.hidden),
           f"{len(c.hidden)} hidden layers need {len(c.hidden)} activations, got {len(c.activations)}")
    _check("softmax" not in c.activations, "softmax is only supported on the output layer")
    _check(c.problem in PROBLEMS, unknown_name("problem", c.problem, PROBLEMS))
    if c.output_activation != "auto":
        act.canonical(c.output_activation)
    if c.loss != "auto":
        losses.canonical(c.loss)
    _check(c.optimizer in OPTIMIZERS, unknown_name("optimizer", c.optimizer, OPTIMIZERS))
    _check(0.0 < c.learning_rate <= caps.MAX_LEARNING_RATE,
           f"the learning rate must be in (0, {caps.MAX_LEARNING_RATE:g}], got {c.learning_rate}")
    _check(1 <= c.batch_size <= caps.MAX_POINTS, f"the batch size must be in 1..{caps.MAX_POINTS}, got {c.batch_size}")
    _check(c.regularization in REGULARIZATIONS,
           unknown_name("regularization", c.regularization, REGULARIZATIONS))
    _check(0.0 <= c.reg_rate <= 100.0, f"the regularization rate must be in 0..100, got {c.reg_rate}")
    _check(c.init in INITS, unknown_name("initialization", c.init, INITS))
    _check(0.0 <= c.init_scale <= 100.0, f"init_scale must be in 0..100, got {c.init_scale}")
    _check(c.dtype in DTYPES, f"dtype must be {' or '.join(DTYPES)}, got {brief(c.dtype)}")
    _check(c.numerics in NUMERICS, f"numerics must be {' or '.join(NUMERICS)}, got {brief(c.numerics)}")
    _check(isinstance(c.seed, int) and 0 <= c.seed < 2**63, f"the seed must be an integer >= 0, got {c.seed!r}")
