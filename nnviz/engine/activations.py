"""Activation functions and their derivatives, written in place on neuron-major arrays.

Every `apply` also works in place (out is z), which the forward-only grid pass uses.

Every array here is neuron-major: shape (n_neurons, batch), one row per neuron.
`apply(name, z, out)` writes f(z) into `out`.
`derivative_factor(name, a, out)` writes f'(z) into `out`, using the activation
`a = f(z)` (every derivative here can be written in terms of `a`).

The hard-limit (step) derivative is taken as 1 everywhere (the straight-through
estimator, as Synaptic's HLIM does): the true derivative is 0 almost everywhere,
which would stop all learning below a step layer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.engine import reproducible as rep
from nnviz.engine.plan import Call
from nnviz.errors import ConfigError

LEAKY_SLOPE = 0.01

ACTIVATIONS: tuple[str, ...] = ("tanh", "sigmoid", "relu", "leaky_relu", "linear", "step", "softmax")
ALIASES = {
    "logistic": "sigmoid",
    "identity": "linear",
    "hlim": "step",
    "hardlimit": "step",
    "leaky-relu": "leaky_relu",
    "leakyrelu": "leaky_relu",
}


def canonical(name: str) -> str:
    """The canonical name of an activation, accepting the Synaptic and brain.js spellings."""
    key = str(name).strip().lower()
    key = ALIASES.get(key, key)
    if key not in ACTIVATIONS:
        raise ConfigError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")
    return key


def _sigmoid(z: np.ndarray, out: np.ndarray) -> None:
    # 1 / (1 + exp(-z)), written as 0.5 + 0.5 tanh(z/2): stable and one transcendental call
    np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5


def _relu(z: np.ndarray, out: np.ndarray) -> None:
    np.maximum(z, 0.0, out=out)


def _leaky_relu(z: np.ndarray, out: np.ndarray) -> None:
    np.maximum(z, z * LEAKY_SLOPE, out=out)  # safe in place (out is z)


def _linear(z: np.ndarray, out: np.ndarray) -> None:
    if out is not z:
        np.copyto(out, z)


def _step(z: np.ndarray, out: np.ndarray) -> None:
    np.greater(z, 0.0, out=out)  # writes 1.0 / 0.0 into a float array


def _softmax(z: np.ndarray, out: np.ndarray) -> None:
    # column-wise softmax over the neuron axis: (n, batch)
    np.subtract(z, z.max(axis=0), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=0)


_APPLY: dict[str, Callable[[np.ndarray, np.ndarray], None]] = {
    "tanh": np.tanh,  # a ufunc: np.tanh(z, out)
    "sigmoid": _sigmoid,
    "relu": _relu,
    "leaky_relu": _leaky_relu,
    "linear": _linear,
    "step": _step,
    "softmax": _softmax,
}


def _softmax_with(exp_call: Callable[[], None], z: np.ndarray, out: np.ndarray) -> None:
    np.subtract(z, z.max(axis=0), out=out)
    exp_call()  # out = exp(out)
    out /= out.sum(axis=0)


def apply_calls(name: str, z: np.ndarray, out: np.ndarray, reproducible: bool) -> list[Call]:
    """Plan calls writing f(z) into out; reproducible: the same bits on every machine (engine/reproducible.py)."""
    if not reproducible or name not in ("tanh", "sigmoid", "softmax"):
        return [(_APPLY[name], (z, out))]
    if name == "tanh":
        return [(rep.bound("tanh", z, out), ())]
    if name == "sigmoid":  # 1 / (1 + e^-z): tiny outputs keep their relative precision
        minus = np.empty(z.shape, z.dtype)
        return [(np.negative, (z, minus)), (rep.bound("exp", minus, out), ()),
                (np.add, (out, 1.0, out)), (np.divide, (1.0, out, out))]
    return [(_softmax_with, (rep.bound("exp", out, out), z, out))]


ROUNDED = ("tanh", "sigmoid")  # activations whose reproducible values a Verifier checks after the pass


def rounded_calls(name: str, z: np.ndarray, raw: np.ndarray, out: np.ndarray) -> list[Call]:
    """Reproducible plan calls for tanh or sigmoid that leave their unrounded float64 values in raw
    for a `reproducible.Verifier` to check after the pass (fewer calls than apply_calls)."""
    if name == "tanh":
        return rep.rounded_calls("tanh", z, raw, out)
    minus = np.empty(z.shape, z.dtype)  # sigmoid: 1 / (1 + e^-z)
    return [(np.negative, (z, minus)), *rep.rounded_calls("exp", minus, raw, out),
            (np.add, (out, 1.0, out)), (np.divide, (1.0, out, out))]


def apply(name: str, z: np.ndarray, out: np.ndarray, reproducible: bool = True) -> None:
    """Write f(z) into out; both (n, batch); reproducible: the same bits on every machine."""
    for fn, args in apply_calls(name, z, out, reproducible):
        fn(*args)


def apply_function(name: str) -> Callable[[np.ndarray, np.ndarray], None]:
    """The function f(z, out) that writes activation `name` of z into out."""
    return _APPLY[name]


def _f_tanh(a: np.ndarray, out: np.ndarray) -> None:
    np.multiply(a, a, out=out)
    np.subtract(1.0, out, out=out)


def _f_sigmoid(a: np.ndarray, out: np.ndarray) -> None:
    np.multiply(a, a, out=out)
    np.subtract(a, out, out=out)


def _f_relu(a: np.ndarray, out: np.ndarray) -> None:
    np.greater(a, 0.0, out=out)


def _f_leaky_relu(a: np.ndarray, out: np.ndarray) -> None:
    np.greater(a, 0.0, out=out)
    out *= 1.0 - LEAKY_SLOPE
    out += LEAKY_SLOPE


# f'(z) written from a = f(z); None means f' = 1 (nothing to multiply)
DERIVATIVE_FACTOR: dict[str, Callable[[np.ndarray, np.ndarray], None] | None] = {
    "tanh": _f_tanh,
    "sigmoid": _f_sigmoid,
    "relu": _f_relu,
    "leaky_relu": _f_leaky_relu,
    "linear": None,
    "step": None,  # straight-through: f' taken as 1
}


def derivative_factor(name: str, a: np.ndarray, out: np.ndarray) -> bool:
    """Write f'(z) into out, from a = f(z); False (and nothing written) when f' = 1."""
    if name not in DERIVATIVE_FACTOR:
        raise ConfigError("softmax is only supported on the output layer with the cross_entropy loss")
    fn = DERIVATIVE_FACTOR[name]
    if fn is None:
        return False
    fn(a, out)
    return True


def factor_function(name: str) -> Callable[[np.ndarray, np.ndarray], None]:
    """The function f'(a, out) of an activation whose derivative is not identically 1."""
    fn = DERIVATIVE_FACTOR.get(name)
    if fn is None:
        raise ConfigError(f"the {name} activation has no derivative factor to compute")
    return fn


def derivative(name: str, a: np.ndarray) -> np.ndarray:
    """f'(z) as a new array, from a = f(z) (for display and teaching, not the hot path)."""
    out = np.ones_like(a)
    derivative_factor(name, a, out)
    return out


def nan_spreads_to_first_output(name: str, n_out: int) -> bool:
    """Whether a loss after this output activation is non-finite only when output 0 is NaN.

    True for a bounded output (its loss cannot overflow) that is a single unit,
    or a softmax, where one NaN input makes every output NaN.
    """
    return name == "softmax" or (n_out == 1 and name in ("tanh", "sigmoid", "step"))


def output_range(name: str) -> tuple[float, float]:
    """The range of an activation's output, used to pick targets and thresholds."""
    if name in ("tanh",):
        return (-1.0, 1.0)
    if name in ("sigmoid", "step", "softmax"):
        return (0.0, 1.0)
    if name in ("relu",):
        return (0.0, float("inf"))
    return (-float("inf"), float("inf"))
