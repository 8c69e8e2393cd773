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
from dataclasses import dataclass

import numpy as np

from nnviz.engine import reproducible as rep
from nnviz.engine.plan import Call
from nnviz.errors import ConfigError, unknown_name

LEAKY_SLOPE = 0.01

ACTIVATIONS: tuple[str, ...] = ()  # filled from SPECS at the end of this module, as are ALIASES and the dicts below
ALIASES: dict[str, str] = {}


def canonical(name: str) -> str:
    """The canonical name of an activation, accepting the Synaptic and brain.js spellings."""
    key = str(name).strip().lower()
    key = ALIASES.get(key, key)
    if key not in ACTIVATIONS:
        raise ConfigError(unknown_name("activation", name, ACTIVATIONS))
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


_APPLY: dict[str, Callable[[np.ndarray, np.ndarray], None]] = {}


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


# f'(z) written from a = f(z); None means f' = 1 (nothing to multiply); softmax has none (its loss gives a - y)
DERIVATIVE_FACTOR: dict[str, Callable[[np.ndarray, np.ndarray], None] | None] = {}


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
    return SPECS[name].output_range


@dataclass(frozen=True)
class ActivationSpec:
    """Everything about one activation, in one place: the engine, the app, explain, the API and the CLI read it.

    `code` and `slope_code` are Python expressions of {s} and of {a} = f(s): the neuron-level API
    compiles its scalar functions and generated networks from them (tanh and exp there are the
    reproducible ones, CODE_NAMES). The explain texts are templates of {z}, {a}, {mz} (= -z),
    {pz} and {pa} (z and a in parentheses when negative) and {slope}.
    """

    name: str
    display: str  # in the app's menus
    apply: Callable[[np.ndarray, np.ndarray], None]  # f(z, out), numpy's own functions (the fast numerics)
    factor: Callable[[np.ndarray, np.ndarray], None] | None  # f'(z, out) from a = f(z); None when f' = 1
    output_range: tuple[float, float]
    api_name: str = ""  # Synaptic's / brain.js's squash name; "" when a single neuron cannot have it
    aliases: tuple[str, ...] = ()
    code: str = ""
    slope_code: str = ""
    formula: str = ""  # explain: a = f(z) with the numbers
    slope: str = "1"  # explain: f'(z) written from a, symbolic ...
    slope_numbers: str = "1"  # ... and with the numbers
    hidden: bool = True  # may be a hidden layer's activation


INF = float("inf")
SPECS: dict[str, ActivationSpec] = {}


def register(spec: ActivationSpec) -> None:
    """Add an activation (before the modules that list the activations are imported, as at start-up)."""
    global ACTIVATIONS
    SPECS[spec.name] = spec
    ACTIVATIONS = tuple(SPECS)
    ALIASES.update({alias: spec.name for alias in spec.aliases})
    _APPLY[spec.name] = spec.apply
    if spec.name != "softmax":
        DERIVATIVE_FACTOR[spec.name] = spec.factor


for _spec in (
    ActivationSpec("tanh", "Tanh", np.tanh, _f_tanh, (-1.0, 1.0), "TANH", (), "tanh({s})", "(1.0 - {a} * {a})",
                   "a = tanh(z) = tanh({z}) = {a}", "(1 − a²)", "(1 − {pa}²)"),
    ActivationSpec("sigmoid", "Sigmoid", _sigmoid, _f_sigmoid, (0.0, 1.0), "LOGISTIC", ("logistic",),
                   "1.0 / (1.0 + exp(-{s}))", "({a} * (1.0 - {a}))",
                   "a = σ(z) = 1 / (1 + e^(−z)) = 1 / (1 + e^({mz})) = {a}", "a·(1 − a)", "{pa}·(1 − {pa})"),
    ActivationSpec("relu", "ReLU", _relu, _f_relu, (0.0, INF), "RELU", (), "({s} if {s} > 0.0 else 0.0)",
                   "(1.0 if {a} > 0.0 else 0.0)", "a = max(0, z) = max(0, {z}) = {a}", "[z > 0]", "[{z} > 0]"),
    ActivationSpec("leaky_relu", "Leaky ReLU", _leaky_relu, _f_leaky_relu, (-INF, INF), "LEAKY_RELU",
                   ("leaky-relu", "leakyrelu"), f"({{s}} if {{s}} > 0.0 else {LEAKY_SLOPE!r} * {{s}})",
                   f"(1.0 if {{a}} > 0.0 else {LEAKY_SLOPE!r})",
                   f"a = max({LEAKY_SLOPE:g}·z, z) = max({LEAKY_SLOPE:g}·{{pz}}, {{z}}) = {{a}}",
                   f"(1 if z > 0 else {LEAKY_SLOPE:g})", "{slope}"),
    ActivationSpec("linear", "Linear", _linear, None, (-INF, INF), "IDENTITY", ("identity",), "{s}", "",
                   "a = z = {a}"),
    # straight-through: the step's f' is taken as 1 (Synaptic's HLIM does the same)
    ActivationSpec("step", "Step", _step, None, (0.0, 1.0), "HLIM", ("hlim", "hardlimit"),
                   "(1.0 if {s} > 0.0 else 0.0)", "", "a = 1 if z > 0 else 0 = {a}   (z = {z})"),
    ActivationSpec("softmax", "Softmax", _softmax, None, (0.0, 1.0), hidden=False),
):
    register(_spec)
