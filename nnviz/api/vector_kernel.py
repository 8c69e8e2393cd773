"""Per-sample activate/propagate with numpy, for networks too large for straight-line code.

Same rules and the same neuron lists (A, S, R) as the generated scalar kernel
(see codegen.py), but each layer is one matrix-vector product on the engine's
weight views, so the cost grows with layer width far more slowly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnviz.api.squash import LEAKY_SLOPE, Squash
from nnviz.engine import MLP


def _apply(name: str, z: np.ndarray) -> np.ndarray:
    if name == "sigmoid":
        return 0.5 + 0.5 * np.tanh(0.5 * z)  # 1 / (1 + exp(-z)) without overflow
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.maximum(z, LEAKY_SLOPE * z)
    if name == "step":
        return (z > 0.0).astype(np.float64)
    return z.copy()


def _derivative(name: str, a: np.ndarray) -> np.ndarray | None:
    """f'(s) from a = f(s); None when f' = 1."""
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    if name == "relu":
        return (a > 0.0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(a > 0.0, 1.0, LEAKY_SLOPE)
    return None


class VectorKernel:
    """activate / propagate_synaptic / propagate_backprop on an MLP's arrays, one sample at a time."""

    def __init__(self, mlp: MLP, squashes: Sequence[Squash | None], changes: np.ndarray,
                 A: list[float], S: list[float], R: list[float]) -> None:
        self.sizes = mlp.sizes
        self.W = mlp.W  # views (n_out, n_in + 1), bias last
        offsets = mlp.offsets
        # previous changes, viewed like W
        self.C = [changes[offsets[k]:offsets[k + 1]].reshape(shape) for k, shape in enumerate(mlp.shapes)]
        self.names = [sq.engine for sq in squashes[1:] if sq is not None]
        self.A, self.S, self.R = A, S, R

    def activate(self, x: Sequence[float]) -> list[float]:
        """Forward pass of one sample; returns the outputs."""
        if len(x) != self.sizes[0]:
            raise ValueError(f"expected {self.sizes[0]} inputs")
        a = np.asarray(x, dtype=np.float64)
        acts, states = [a], []
        for W, name in zip(self.W, self.names, strict=True):
            z = W[:, :-1] @ a + W[:, -1]
            a = _apply(name, z)
            acts.append(a)
            states.append(z)
        self.A[:] = np.concatenate(acts).tolist()
        self.S[self.sizes[0]:] = np.concatenate(states).tolist()
        return a.tolist()

    def _activations(self) -> list[np.ndarray]:
        out, start = [], 0
        for n in self.sizes:
            out.append(np.array(self.A[start:start + n], dtype=np.float64))
            start += n
        return out

    def _targets(self, t: Sequence[float]) -> np.ndarray:
        if len(t) != self.sizes[-1]:
            raise ValueError(f"expected {self.sizes[-1]} targets")
        return np.asarray(t, dtype=np.float64)

    def propagate_synaptic(self, rate: float, t: Sequence[float]) -> None:
        """Synaptic's rule: output-first, through the already-updated outgoing weights."""
        acts = self._activations()
        L = len(self.W)
        e = self._targets(t) - acts[L]
        errs = [e]
        for k in range(L - 1, -1, -1):
            W = self.W[k]
            W[:, :-1] += rate * np.outer(e, acts[k])
            W[:, -1] += rate * e
            if k:
                back = W[:, :-1].T @ e
                d = _derivative(self.names[k - 1], acts[k])
                e = back if d is None else d * back
                errs.append(e)
        self.R[self.sizes[0]:] = np.concatenate(errs[::-1]).tolist()

    def propagate_backprop(self, lr: float, mom: float, t: Sequence[float]) -> None:
        """Textbook backprop with momentum: every delta from the old weights, then the changes."""
        acts = self._activations()
        L = len(self.W)
        d = _derivative(self.names[-1], acts[L])
        e = self._targets(t) - acts[L]
        deltas = [e if d is None else e * d]
        for k in range(L - 1, 0, -1):
            back = self.W[k][:, :-1].T @ deltas[-1]
            d = _derivative(self.names[k - 1], acts[k])
            deltas.append(back if d is None else back * d)
        deltas.reverse()
        for k in range(L):
            C = self.C[k]
            C *= mom
            C[:, :-1] += lr * np.outer(deltas[k], acts[k])
            C[:, -1] += lr * deltas[k]
            self.W[k] += C
        self.R[self.sizes[0]:] = np.concatenate(deltas).tolist()
