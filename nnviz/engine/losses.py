"""Loss functions: their value and the output-layer delta dL/dz, on neuron-major arrays.

Arrays are (n_out, batch). Every loss is a mean over the samples of a batch:
- "mse": L = mean_b sum_k 1/2 (a - y)^2, TensorFlow Playground's convention.
- "bce": binary cross-entropy, L = -mean_b sum_k [y log a + (1-y) log(1-a)];
  needs outputs in (0, 1), i.e. a sigmoid output.
- "cross_entropy": softmax cross-entropy, L = -mean_b sum_k y log a; needs a
  softmax output and one-hot targets.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.engine import reproducible as rep
from nnviz.engine.plan import Plan
from nnviz.errors import ConfigError

LOSSES: tuple[str, ...] = ("mse", "bce", "cross_entropy")
_ALIASES = {
    "square": "mse",
    "squared": "mse",
    "binary": "bce",
    "binary_cross_entropy": "bce",
    "softmax_cross_entropy": "cross_entropy",
    "crossentropy": "cross_entropy",
    "ce": "cross_entropy",
}
_EPS = 1e-12


def canonical(name: str) -> str:
    """The canonical name of a loss."""
    key = str(name).strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in LOSSES:
        raise ConfigError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}")
    return key


def check_pairing(loss: str, output_activation: str) -> None:
    """Raise ConfigError when a loss cannot be used with an output activation."""
    if loss == "cross_entropy" and output_activation != "softmax":
        raise ConfigError("the cross_entropy loss needs a softmax output activation")
    if loss == "bce" and output_activation != "sigmoid":
        raise ConfigError("the bce loss needs a sigmoid output activation")
    if output_activation == "softmax" and loss != "cross_entropy":
        raise ConfigError("a softmax output needs the cross_entropy loss")


def value(loss: str, a: np.ndarray, y: np.ndarray, reproducible: bool = True) -> float:
    """The mean loss of outputs a against targets y, both (n_out, batch).

    reproducible: summed in a fixed order with the reproducible log (the same
    bits on every machine); else with BLAS and numpy's log.
    """
    n = a.shape[1]
    if n == 0:
        return float("nan")
    dot = rep.dot if reproducible else np.vdot
    log = rep.function("log") if reproducible else np.log
    log1p = rep.function("log1p") if reproducible else np.log1p
    if loss == "mse":
        d = a - y
        return float(0.5 * dot(d, d) / n)
    clipped = np.clip(a, _EPS, 1.0 - _EPS)
    if loss == "bce":
        total = dot(y, log(clipped)) + dot(1.0 - y, log1p(-clipped))
        return float(-total / n)
    return float(-dot(y, log(clipped)) / n)


def uses_output_factor(loss: str) -> bool:
    """Whether the output delta of `loss` is (a - y) * f'(z) (mse) rather than exactly a - y."""
    return loss == "mse"


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
    With with_error, the plan's result becomes sum (a - y)^2 over the batch:
    for mse it is 2 * batch * loss, and for bce and cross_entropy (outputs and
    targets in [0, 1], the value clipped) it is finite exactly when the loss
    is. So it is non-finite exactly when the batch's loss is, for every loss here.
    """
    plan.add(np.subtract, a, y, delta)
    if with_error:
        plan.add_result(np.vdot, delta, delta)
    if factor is not None and uses_output_factor(loss):
        plan.add(np.multiply, delta, factor, delta)
    if scale != 1.0:
        plan.add(np.multiply, delta, scale, delta)
