"""The preallocated buffers a network's forward and backward passes write into, for one batch size."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine import reproducible as rep
from nnviz.engine.plan import Plan


class Workspace:
    """Preallocated buffers for one batch size; `Trace` is its public face.

    All non-input activations live in one stacked buffer A, so the derivative
    factors f'(z) of every layer can be computed with one or two calls when the
    layers share an activation.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activations: Sequence[str],
        batch: int,
        dtype: np.dtype,
        forward_only: bool = False,
        stack: np.ndarray | None = None,
    ) -> None:
        self.batch = batch
        rows = [n + 1 for n in sizes[1:]]
        starts = np.concatenate([[0], np.cumsum(rows)]).astype(int)
        # stacked a_aug of layers 1..L; `stack` lets a caller recycle the memory
        self.A = np.empty((int(starts[-1]), batch), dtype) if stack is None else stack
        # stacked f'(z), and deltas with a spare bias row, of layers 1..L (tiny when forward only)
        self.S = np.zeros((1, 1) if forward_only else self.A.shape, dtype)
        self.D = np.zeros((1, 1) if forward_only else self.A.shape, dtype)
        self.A[starts[1:] - 1] = 1.0  # the ones rows
        x_aug = np.empty((sizes[0] + 1, batch), dtype)
        x_aug[-1] = 1.0
        blocks = [(int(starts[i]), int(starts[i + 1])) for i in range(len(rows))]
        # a_aug[l]: (n_l + 1, batch) with a ones row last; a[l], s[l], delta[l]: (n_l, batch)
        self.a_aug = [x_aug] + [self.A[b:e] for b, e in blocks]
        self.a = [buf[:-1] for buf in self.a_aug]
        if forward_only:
            self.s: list[np.ndarray] = []
            self.d_aug: list[np.ndarray] = []
        else:
            self.s = [self.a[0]] + [self.S[b : e - 1] for b, e in blocks]
            self.d_aug = [np.empty_like(x_aug)] + [self.D[b:e] for b, e in blocks]
        self.delta = [buf[:-1] for buf in self.d_aug]
        # float64 tanh/exp values before the reproducible rounding, stacked, checked once per pass (rep.Verifier)
        # (only for small passes: a large one checks each layer as it goes, without a stack)
        stacked = not forward_only and self.A.size <= rep.STACKED_MAX_VALUES
        self.R = np.zeros(self.A.shape if stacked else (1, 1), np.float64)
        self.raw = [self.R[:0]] + [self.R[b : e - 1] for b, e in blocks] if stacked else []
        if forward_only:  # z aliases a: products land in the stack and activations apply in place
            self.Z: np.ndarray | None = None
            self.z = list(self.a)
        else:  # z stacked like a (its spare rows unused), so that engine/kernels/ writes every layer at once
            self.Z = np.empty(self.A.shape, dtype)
            self.z = [self.a[0]] + [self.Z[b : e - 1] for b, e in blocks]
        self.fused: object | None = None  # engine/fused_step.py's layout and raw values for this workspace
        # MLP.forward_into's plan for contiguous inputs: (the network's first weights, its numerics, the plan)
        self.forward_plan: tuple[np.ndarray, str, Plan] | None = None
        acts = list(activations)
        self.activations = acts
        # layers whose f' is not identically 1
        self.factor_layers = [k + 1 for k, a in enumerate(acts) if act.DERIVATIVE_FACTOR.get(a) is not None]
        hidden = acts[:-1]
        same = bool(hidden) and all(a == hidden[0] for a in hidden)
        self.uniform_factor = hidden[0] if same and act.DERIVATIVE_FACTOR.get(hidden[0]) else None
