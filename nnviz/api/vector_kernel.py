"""Per-sample activate/propagate with numpy, for networks too large for straight-line code.

Same rules and the same neuron lists (A, S, R) as the generated scalar kernel
(see codegen.py), but each layer is one matrix-vector product on the engine's
weight views W[k] (n_out, n_in + 1), with the bias column folded in by a
trailing 1 on every layer's activation vector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np

from nnviz.api.squash import Squash
from nnviz.engine import MLP, reproducible
from nnviz.engine import activations as engine_act


class VectorKernel:
    """activate / propagate_synaptic / propagate_backprop on an MLP's arrays, one sample at a time."""

    def __init__(self, mlp: MLP, squashes: Sequence[Squash | None], changes: np.ndarray, core: Any) -> None:
        self.core = core  # its `touched` count tells whether neuron-level steps changed the activations
        self.sizes = mlp.sizes
        self.W = mlp.W  # views (n_out, n_in + 1), bias last
        offsets = mlp.offsets
        self.C = [changes[offsets[k]:offsets[k + 1]].reshape(shape) for k, shape in enumerate(mlp.shapes)]
        self.names = [sq.engine for sq in squashes[1:] if sq is not None]
        starts = np.cumsum([0] + [n + 1 for n in self.sizes])
        self.flat = np.ones(int(starts[-1]))  # every layer's activations, each followed by a 1
        self.aug = [self.flat[starts[k]:starts[k + 1]] for k in range(len(self.sizes))]
        self.act = [a[:-1] for a in self.aug]
        self.neurons = np.concatenate([np.arange(starts[k], starts[k + 1] - 1) for k in range(len(self.sizes))])
        z_starts = np.cumsum([0, *self.sizes[1:]])
        self.z_flat = np.empty(int(z_starts[-1]))  # every layer's states, one after the other (the list S)
        self.z = [self.z_flat[z_starts[k]:z_starts[k + 1]] for k in range(len(self.sizes) - 1)]
        # each layer's f(z) as the engine's calls on these very buffers, made once (engine_act.apply makes them anew)
        self.squash_calls = [engine_act.apply_calls(name, z, a, True)
                             for name, z, a in zip(self.names, self.z, self.act[1:], strict=True)]
        self.factors = [np.empty(n) for n in self.sizes]  # f'(s) of each neuron layer, written before each use
        self.seen = -1  # core.touched when self.flat last matched the list A

    def activate(self, x: Sequence[float]) -> list[float]:
        """Forward pass of one sample from the user (nan and inf refused); returns the outputs."""
        self._take_inputs(x)
        if not np.isfinite(self.act[0]).all():  # as the generated code; the caller then says which input
            self.seen = -1  # self.flat no longer matches the list A: the next propagate reads A again
            raise ValueError("an input is not a finite number")
        return self._forward()

    def activate_finite(self, x: Sequence[float]) -> list[float]:
        """activate for a sample already checked to be finite (Trainer.train checks its data up front)."""
        self._take_inputs(x)
        return self._forward()

    def for_checked_data(self, synaptic: bool) -> tuple[Callable[..., list[float]], Callable[..., None]]:
        """activate and propagate (the rule's) for samples already checked to be finite: no second check."""
        if synaptic:
            return self.activate_finite, partial(self.propagate_synaptic, check=False)
        return self.activate_finite, partial(self.propagate_backprop, check=False)

    def _take_inputs(self, x: Sequence[float]) -> None:
        if len(x) != self.sizes[0]:
            raise ValueError(f"expected {self.sizes[0]} inputs")
        self.act[0][:] = x

    def _forward(self) -> list[float]:
        for k, (W, calls) in enumerate(zip(self.W, self.squash_calls, strict=True)):
            reproducible.matvec(W, self.aug[k], self.z[k])  # (n_out, n_in + 1) @ (n_in + 1,), fixed order
            for fn, args in calls:
                fn(*args)
        core = self.core
        core.A[:] = self.flat[self.neurons].tolist()
        core.S[self.sizes[0]:] = self.z_flat.tolist()
        self.seen = core.touched
        return self.act[-1].tolist()

    def _targets(self, t: Sequence[float], check: bool) -> np.ndarray:
        if len(t) != self.sizes[-1]:
            raise ValueError(f"expected {self.sizes[-1]} targets")
        arr = np.asarray(t, dtype=np.float64)
        if check and not np.isfinite(arr).all():  # as the generated code: refused before any update
            raise ValueError("a target is not a finite number")
        if self.seen != self.core.touched:  # neuron-level steps wrote A since our last forward pass
            self.flat[self.neurons] = self.core.A
            self.seen = self.core.touched
        return arr

    def _factor(self, k: int) -> np.ndarray | None:
        """f'(s) of neuron layer k (1..L) from its activations; None when f' = 1."""
        out = self.factors[k]
        return out if engine_act.derivative_factor(self.names[k - 1], self.act[k], out) else None

    def propagate_synaptic(self, rate: float, t: Sequence[float], check: bool = True) -> None:
        """Synaptic's rule: output-first, through the already-updated outgoing weights (check: refuse nan/inf)."""
        e = self._targets(t, check) - self.act[-1]
        errs = [e]
        for k in range(len(self.W) - 1, -1, -1):
            W = self.W[k]
            W += np.multiply.outer(rate * e, self.aug[k])  # rate * e * a_in, and rate * e on the bias
            if k:
                back = reproducible.vecmat(e, W)[:-1]
                d = self._factor(k)
                e = back if d is None else d * back
                errs.append(e)
        self.core.R[self.sizes[0]:] = np.concatenate(errs[::-1]).tolist()

    def propagate_backprop(self, lr: float, mom: float, t: Sequence[float], check: bool = True) -> None:
        """Backprop with momentum on the weights: every delta from the old weights, then the changes."""
        e = self._targets(t, check) - self.act[-1]
        L = len(self.W)
        d = self._factor(L)
        deltas = [e if d is None else e * d]
        for k in range(L - 1, 0, -1):
            back = reproducible.vecmat(deltas[-1], self.W[k])[:-1]
            d = self._factor(k)
            deltas.append(back if d is None else back * d)
        deltas.reverse()
        for k in range(L):
            C = self.C[k]
            C *= mom
            C += np.multiply.outer(lr * deltas[k], self.aug[k])  # lr * delta * a_in (+ bias column)
            self.W[k] += C
            C[:, -1] = 0.0  # as brain.js: a bias changes by lr * delta, with no momentum
        self.core.R[self.sizes[0]:] = np.concatenate(deltas).tolist()
