"""One neuron at a time: Synaptic's Neuron.activate and Neuron.propagate on a core's lists.

These plain loops serve hand-built neurons and layers (`A.activate(1)`,
`B.propagate(0.3, 0)`) and are the safe fallback of the generated whole-network
code when exp overflows. They use the same formulas and summation order.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import isfinite
from typing import Any

from nnviz.api.neuron_storage import GroupStorage, finite
from nnviz.api.param_mirror import ParamStore

Node = Any  # a Neuron


def _on_list(core: GroupStorage) -> ParamStore | None:
    """Lay the core out and make the list the record (each a no-op when it already is: tested inline first)."""
    core.ensure_laid_out()
    core.use_list()
    return core.store


def activate(core: GroupStorage, n: Node, value: object = None) -> float:
    """With a value the neuron outputs it (an input neuron's bias becomes 0); without, a = f(bias + sum a_in w)."""
    store = core.store
    if core.sketch is not None or store is None or not store.on_list:
        store = _on_list(core)
    l, j, f, row = core.index[n]
    A = core.A
    core.touched += 1
    if value is not None:
        A[f] = value if type(value) is float and isfinite(value) else finite(value, "an activation value")
        if l == 0 and core.in_bias[j] != 0.0:
            core.in_bias[j] = 0.0
            core.bump()
        core.finish()
        return A[f]
    if l == 0:
        s = core.in_bias[j]
        squash = core.in_squash[j]
    else:
        assert store is not None
        p = store.p
        n_in = core.sizes[l - 1]
        start = core.first[l - 1]
        s = p[row + n_in]
        for i in range(n_in):
            s += A[start + i] * p[row + i]
        squash = core.squashes[l]  # type: ignore[assignment]
    core.S[f] = s
    A[f] = squash.function(s)
    core.finish()
    return A[f]


def propagate(core: GroupStorage, n: Node, rate: float | None = None, target: object = None) -> None:
    """Synaptic's Neuron.propagate: responsibility, then incoming weights and bias += rate * ..."""
    store = core.store
    if core.sketch is not None or store is None or not store.on_list:
        store = _on_list(core)
    if not rate:
        rate = 0.1
    elif type(rate) is not float or not isfinite(rate):
        rate = finite(rate, "the rate")
    l, j, f, row = core.index[n]
    A, R = core.A, core.R
    if target is not None:
        e = (target if type(target) is float and isfinite(target) else finite(target, "a target")) - A[f]
    else:
        error = 0.0
        if l + 1 < len(core.sizes):
            assert store is not None
            p = store.p
            step = core.sizes[l] + 1
            out_row = core.index[core.layers[l + 1][0]][3] + j  # the next layer's first row, then this column
            start = core.first[l + 1]
            for k in range(core.sizes[l + 1]):
                error += R[start + k] * p[out_row + k * step]
        squash = core.in_squash[j] if l == 0 else core.squashes[l]
        assert squash is not None
        e = squash.derivative_of_output(A[f]) * error
    R[f] = e
    if l == 0:
        core.in_bias[j] += rate * e
    else:
        assert store is not None
        p = store.p
        n_in = core.sizes[l - 1]
        start = core.first[l - 1]
        for i in range(n_in):
            p[row + i] += rate * (e * A[start + i])
        p[row + n_in] += rate * e
    core.finish()


def activate_all(core: GroupStorage, x: Sequence[float]) -> list[float]:
    """A whole forward pass, neuron by neuron (the overflow-safe fallback of the generated code)."""
    if len(x) != core.sizes[0]:
        raise ValueError(f"expected {core.sizes[0]} inputs")
    for j in range(core.sizes[0]):
        core.A[j] = x[j]
    for layer in core.layers[1:]:
        for n in layer:
            activate(core, n)
    last = core.first[-1]
    return core.A[last:last + core.sizes[-1]]
