"""Squash (activation) functions of single neurons, in Synaptic's names, as scalar Python.

A `Squash` knows its Synaptic name (LOGISTIC, TANH, IDENTITY, HLIM, RELU, plus
LEAKY_RELU from brain.js), the engine's name for the same function, the scalar
function, its derivative written from the output a = f(s) (Synaptic computes
the same values from the state), and the source text that the code generator
inlines for both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nnviz.engine import activations as engine_act
from nnviz.engine import reproducible
from nnviz.errors import ConfigError

LEAKY_SLOPE = engine_act.LEAKY_SLOPE
# the engine's tanh and exp, the same bits on every machine; generated code calls them by these names
tanh = reproducible.scalar("tanh")
exp = reproducible.scalar("exp")
CODE_NAMES: dict[str, Callable[[float], float]] = {"tanh": tanh, "exp": exp}


def _logistic(s: float) -> float:
    return 1.0 / (1.0 + exp(-s))  # exp(-s) is inf past the range, as JavaScript returns it


def _step(s: float) -> float:
    return 1.0 if s > 0.0 else 0.0


def _relu(s: float) -> float:
    return s if s > 0.0 else 0.0


def _leaky_relu(s: float) -> float:
    return s if s > 0.0 else LEAKY_SLOPE * s


@dataclass(frozen=True, eq=False)
class Squash:
    """One neuron activation function: call it as f(x), or f(x, derivate=True) for f'(x)."""

    name: str  # Synaptic's name
    engine: str  # nnviz.engine's name
    function: Callable[[float], float]
    derivative_of_output: Callable[[float], float]  # f'(s) written from a = f(s)
    code: str  # expression of `{s}`
    derivative_code: str  # expression of `{a}`; "" when f' = 1

    def __call__(self, x: float, derivate: bool = False) -> float:
        a = self.function(float(x))
        return self.derivative_of_output(a) if derivate else a

    def __repr__(self) -> str:
        return f"Neuron.squash.{self.name}"


LOGISTIC = Squash("LOGISTIC", "sigmoid", _logistic, lambda a: a * (1.0 - a), "1.0 / (1.0 + exp(-{s}))",
                  "({a} * (1.0 - {a}))")
TANH = Squash("TANH", "tanh", tanh, lambda a: 1.0 - a * a, "tanh({s})", "(1.0 - {a} * {a})")
IDENTITY = Squash("IDENTITY", "linear", float, lambda a: 1.0, "{s}", "")
HLIM = Squash("HLIM", "step", _step, lambda a: 1.0, "(1.0 if {s} > 0.0 else 0.0)", "")
RELU = Squash("RELU", "relu", _relu, lambda a: 1.0 if a > 0.0 else 0.0, "({s} if {s} > 0.0 else 0.0)",
              "(1.0 if {a} > 0.0 else 0.0)")
LEAKY_RELU = Squash("LEAKY_RELU", "leaky_relu", _leaky_relu, lambda a: 1.0 if a > 0.0 else LEAKY_SLOPE,
                    f"({{s}} if {{s}} > 0.0 else {LEAKY_SLOPE!r} * {{s}})",
                    f"(1.0 if {{a}} > 0.0 else {LEAKY_SLOPE!r})")

ALL: tuple[Squash, ...] = (LOGISTIC, TANH, IDENTITY, HLIM, RELU, LEAKY_RELU)
SYNAPTIC_NAMES: tuple[str, ...] = ("LOGISTIC", "TANH", "IDENTITY", "HLIM", "RELU")
_BY_ENGINE = {sq.engine: sq for sq in ALL}
_BY_NAME = {sq.name: sq for sq in ALL}


class SquashFunctions:
    """The namespace `Neuron.squash`: LOGISTIC, TANH, IDENTITY, HLIM, RELU (and LEAKY_RELU)."""

    LOGISTIC = LOGISTIC
    TANH = TANH
    IDENTITY = IDENTITY
    HLIM = HLIM
    RELU = RELU
    LEAKY_RELU = LEAKY_RELU

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(ALL)

    def __repr__(self) -> str:
        return "Neuron.squash (LOGISTIC, TANH, IDENTITY, HLIM, RELU, LEAKY_RELU)"


SQUASH = SquashFunctions()


def lookup(value: object) -> Squash:
    """The Squash for a Squash, a Synaptic name ("TANH") or an engine name ("tanh", "sigmoid")."""
    if isinstance(value, Squash):
        return value
    if isinstance(value, str):
        key = value.strip()
        if key.upper() in _BY_NAME:
            return _BY_NAME[key.upper()]
        try:
            engine = engine_act.canonical(key)
        except ConfigError:
            engine = ""
        if engine in _BY_ENGINE:
            return _BY_ENGINE[engine]
    names = ", ".join(sq.name for sq in ALL)
    raise ConfigError(f"unknown squash {value!r}; use Neuron.squash.<name> with one of {names}, "
                      "or an activation name such as 'sigmoid' or 'tanh'")
