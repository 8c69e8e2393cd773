"""Loss functions: one table (`SPECS`) holds each loss's value, derivative, explain text and names.

Arrays are (n_out, batch). Every loss is a mean over the samples of a batch:
- "mse": L = mean_b sum_k 1/2 (a - y)^2, TensorFlow Playground's convention.
- "bce": binary cross-entropy, L = -mean_b sum_k [y log a + (1-y) log(1-a)];
  needs outputs in (0, 1), i.e. a sigmoid output.
- "cross_entropy": softmax cross-entropy, L = -mean_b sum_k y log a; needs a
  softmax output and one-hot targets.
The CLI, the session file, explain mode and the scripting API's Trainer read the table;
`register` adds a loss to all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import log as _ln
from typing import Any, NamedTuple

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine import reproducible as rep
from nnviz.engine.plan import Plan
from nnviz.errors import ConfigError, unknown_name

LOSSES: tuple[str, ...] = ()  # filled from SPECS by `register`, as is ALIASES
ALIASES: dict[str, str] = {}
_EPS = 1e-12


class Ops(NamedTuple):
    """The sums and logs a loss's value is written with: the reproducible ones, or BLAS's and numpy's."""

    dot: Callable[[np.ndarray, np.ndarray], Any]
    log: Callable[..., Any]
    log1p: Callable[..., Any]


Cost = Callable[[Sequence[float], Sequence[float]], float]  # the scripting API's cost of one sample (target, output)


@dataclass(frozen=True)
class LossSpec:
    """Everything about one loss, in one place: the engine, explain, the CLI, the files and the API read it.

    The explain texts: `formula` is L written with symbols; each shown output's `term` is written with
    {a} = ŷ, {y}, {na} = 1 − ŷ and {ny} = 1 − y, and the terms joined by " + " fill `numbers`' {terms}
    ({k}: the target class's subscript). `sample` is L of the shown numbers, in plain Python, as written
    (lists of ŷ, y, 1 − ŷ, 1 − y), so explain can give each number the digits that recompute L.
    """

    name: str  # the CLI's --loss choice and the session file's "loss"
    display: str  # in explain mode and the status bar
    total: Callable[[np.ndarray, np.ndarray, Ops], Any]  # the batch's summed loss of outputs a against targets y
    # dL/dz at the output written into delta by plan calls (a, y, delta): (a - y) for these losses; with
    # `paired` None it is dL/da and is multiplied by f'(z), else it is dL/dz after the `paired` activation
    gradient: Callable[[Plan, np.ndarray, Any, np.ndarray], None]
    paired: str | None = None  # the output activation it needs ("sigmoid", "softmax"); None: any but a paired one's
    aliases: tuple[str, ...] = ()
    api_name: str = ""  # the Synaptic-style Trainer's cost name; "" when it has none
    api_cost: Cost | None = None  # that cost of one sample, in Synaptic's convention
    formula: str = ""
    term: str = ""
    numbers: str = "{terms}"
    target_only: bool = False  # explain writes the target class's term only (one-hot targets)
    sample: Callable[[Sequence[float], Sequence[float], Sequence[float], Sequence[float]], float] | None = None


SPECS: dict[str, LossSpec] = {}


def register(spec: LossSpec) -> None:
    """Add a loss (before the modules that list the losses are imported, as at start-up)."""
    global LOSSES
    SPECS[spec.name] = spec
    LOSSES = tuple(SPECS)
    ALIASES.update({alias: spec.name for alias in spec.aliases})


def canonical(name: str) -> str:
    """The canonical name of a loss."""
    key = str(name).strip().lower().replace("-", "_")
    key = ALIASES.get(key, key)
    if key not in LOSSES:
        raise ConfigError(unknown_name("loss", name, LOSSES))
    return key


def check_pairing(loss: str, output_activation: str) -> None:
    """Raise ConfigError when a loss cannot be used with an output activation."""
    paired = SPECS[loss].paired
    if paired is not None and output_activation != paired:
        raise ConfigError(f"the {loss} loss needs a {paired} output activation")
    if output_activation not in act.DERIVATIVE_FACTOR:  # no f'(z) (softmax): only a loss paired with it
        needs = [s.name for s in SPECS.values() if s.paired == output_activation]
        if loss not in needs:
            raise ConfigError(f"a {output_activation} output needs the {' or '.join(needs)} loss")


def value(loss: str, a: np.ndarray, y: np.ndarray, reproducible: bool = True) -> float:
    """The mean loss of outputs a against targets y, both (n_out, batch).

    reproducible: summed in a fixed order with the reproducible log (the same
    bits on every machine); else with BLAS and numpy's log.
    """
    n = a.shape[1]
    if n == 0:
        return float("nan")
    ops = Ops(rep.dot, rep.function("log"), rep.function("log1p")) if reproducible else Ops(np.vdot, np.log, np.log1p)
    return float(SPECS[loss].total(a, y, ops) / n)


def uses_output_factor(loss: str) -> bool:
    """Whether the output delta of `loss` is dL/da * f'(z) (mse) rather than dL/dz after its paired activation."""
    return SPECS[loss].paired is None


def output_delta_calls(
    plan: Plan,
    loss: str,
    a: np.ndarray,
    y: Any,
    factor: np.ndarray | None,
    delta: np.ndarray,
    scale: float,
    with_error: bool = True,
) -> None:
    """Add the calls writing scale * dL/dz of the output layer into delta, all (n_out, batch).

    mse: (a - y) * f'(z), with f'(z) given as `factor` (None when f' = 1);
    bce after a sigmoid and cross_entropy after a softmax: exactly a - y.
    With with_error, the plan's result becomes the sum of the squared gradient over the batch:
    for mse it is 2 * batch * loss, and for bce and cross_entropy (outputs and
    targets in [0, 1], the value clipped) it is finite exactly when the loss
    is. So it is non-finite exactly when the batch's loss is, for every loss here.
    """
    SPECS[loss].gradient(plan, a, y, delta)
    if with_error:
        plan.add_result(np.vdot, delta, delta)
    if factor is not None and uses_output_factor(loss):
        plan.add(np.multiply, delta, factor, delta)
    if scale != 1.0:
        plan.add(np.multiply, delta, scale, delta)


def _difference(plan: Plan, a: np.ndarray, y: Any, delta: np.ndarray) -> None:
    plan.add(np.subtract, a, y, delta)  # a - y


def _mse_total(a: np.ndarray, y: np.ndarray, ops: Ops) -> Any:
    d = a - y
    return 0.5 * ops.dot(d, d)


def _bce_total(a: np.ndarray, y: np.ndarray, ops: Ops) -> Any:
    clipped = np.clip(a, _EPS, 1.0 - _EPS)
    return -(ops.dot(y, ops.log(clipped)) + ops.dot(1.0 - y, ops.log1p(-clipped)))


def _cross_entropy_total(a: np.ndarray, y: np.ndarray, ops: Ops) -> Any:
    clipped = np.clip(a, _EPS, 1.0 - _EPS)
    return -ops.dot(y, ops.log(clipped))


def synaptic_mse(target: Sequence[float], output: Sequence[float]) -> float:
    """Synaptic's MSE: the mean over outputs of (t - o)^2."""
    if len(output) == 1:
        d = target[0] - output[0]
        return d * d
    total = 0.0
    for t, o in zip(target, output, strict=True):
        d = t - o
        total += d * d
    return total / len(output)


def synaptic_cross_entropy(target: Sequence[float], output: Sequence[float]) -> float:
    """Synaptic's cross-entropy: -sum t ln(o + 1e-15) + (1 - t) ln(1 + 1e-15 - o)."""
    total = 0.0
    for t, o in zip(target, output, strict=True):
        total -= t * _ln(o + 1e-15) + (1.0 - t) * _ln(1.0 + 1e-15 - o)
    return total


for _spec in (
    LossSpec("mse", "squared error", _mse_total, _difference, None, ("square", "squared"), "mse", synaptic_mse,
             "½·Σ (ŷ − y)²", "({a} − {y})²", "½·[{terms}]",
             sample=lambda a, y, na, ny: 0.5 * sum((p - t) ** 2 for p, t in zip(a, y, strict=True))),
    LossSpec("bce", "binary cross-entropy", _bce_total, _difference, "sigmoid",
             ("binary", "binary_cross_entropy"), "cross_entropy", synaptic_cross_entropy,
             "−[y·ln ŷ + (1 − y)·ln(1 − ŷ)]", "{y}·ln {a} + {ny}·ln {na}", "−[{terms}]",
             sample=lambda a, y, na, ny: -sum(t * _ln(p) + u * _ln(q)
                                              for p, t, q, u in zip(a, y, na, ny, strict=True))),
    LossSpec("cross_entropy", "cross-entropy", _cross_entropy_total, _difference, "softmax",
             ("softmax_cross_entropy", "crossentropy", "ce"), "", None,
             "−Σ yₖ·ln ŷₖ", "ln {a}", "−ln ŷ{k} = −{terms}", target_only=True,
             sample=lambda a, y, na, ny: -sum(t * _ln(p) for p, t in zip(a, y, strict=True))),
):
    register(_spec)
