"""The minibatch training loop: shuffled epochs of contiguous batches, no allocation per step.

At the start of each epoch the training set is shuffled once (one row gather)
and cut into a stack of contiguous neuron-major batches (n_batches, n_0 + 1,
batch) for the forward pass, while the shuffled sample-major rows serve the
first layer's gradient (BLAS multiplies a contiguous operand ~40 % faster than
a transposed one). A step only takes views and calls one compiled plan
(`engine/plan.py`): the forward pass, the backward pass and the optimizer's
update on the flat parameter buffer, into preallocated buffers. It returns a
number, kept as `batch_error`, that is non-finite exactly when the batch's
loss is: the session checks it at every batch to catch a divergence.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.engine import fused_step, losses, passes
from nnviz.engine.mlp import MLP, WORKSPACE_CACHE
from nnviz.engine.optimizers import Optimizer
from nnviz.engine.plan import X_ROWS, Plan, X, Y, compile_plan
from nnviz.engine.workspace import Workspace
from nnviz.errors import ConfigError

# step(x (n_0 + 1, batch), x_rows (batch, n_0 + 1), y (n_L, batch), lr / batch) -> batch error figure
StepFn = Callable[[np.ndarray, np.ndarray, np.ndarray, float], float]


class MinibatchTrainer:
    """Runs SGD-family training of an MLP over a fixed training set, batch by batch."""

    def __init__(self, net: MLP, loss: str, optimizer: Optimizer, batch_size: int) -> None:
        self.loss = losses.canonical(loss)
        losses.check_pairing(self.loss, net.activations[-1])
        self.net = net
        self.optimizer = optimizer
        self.batch_size = int(batch_size)
        if self.batch_size < 1:
            raise ConfigError(f"the batch size must be at least 1, got {batch_size}")
        self.grad = np.zeros_like(net.params)
        self._grad_views = net._views(self.grad)
        self._rows = np.empty((0, net.sizes[0] + 1), net.dtype)  # (n, n_0 + 1) inputs with a ones column
        self._targets = np.empty((0, net.sizes[-1]), net.dtype)  # (n, n_L)
        self._rows_shuffled = self._rows
        self._targets_shuffled = self._targets
        self._batches: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._order = np.arange(0)  # the current epoch's sample order
        self.cursor = 0  # index of the next batch in the current epoch
        self._steps: dict[tuple[int, bool], StepFn] = {}  # compiled steps by (batch size, optimizer fusable)
        self.batch_error = 0.0  # non-finite exactly when the last batch's loss was (see passes.backward_calls)

    def set_data(self, X: np.ndarray, Y: np.ndarray) -> None:
        """Use sample-major inputs X (n, n_0) and targets Y (n, n_L); restarts the epoch."""
        X = np.asarray(X)
        Y = np.asarray(Y)
        Y = Y.reshape(0, self.net.sizes[-1]) if len(X) == 0 and Y.size == 0 else Y.reshape(len(X), -1)
        if Y.shape[1] != self.net.sizes[-1]:
            raise ConfigError(f"targets have {Y.shape[1]} columns, the network has {self.net.sizes[-1]} outputs")
        if len(X) and X.shape[1] != self.net.sizes[0]:
            raise ConfigError(f"the network takes {self.net.sizes[0]} inputs per sample, got shape {X.shape}")
        self._rows = np.ones((len(X), self.net.sizes[0] + 1), self.net.dtype)
        self._rows[:, :-1] = X
        self._targets = np.ascontiguousarray(Y, dtype=self.net.dtype)
        self._rows_shuffled = np.empty_like(self._rows)
        self._targets_shuffled = np.empty_like(self._targets)
        self._batches = []
        self.cursor = 0

    def restart_epoch(self) -> None:
        """Start a freshly shuffled epoch at the next step (after a reset or a batch-size change)."""
        self.cursor = len(self._batches)

    @property
    def n_samples(self) -> int:
        """The number of training samples."""
        return int(self._rows.shape[0])

    @property
    def full_batch(self) -> int:
        """The samples of one full batch: the batch size, or every training sample when there are fewer."""
        return min(self.batch_size, max(self.n_samples, 1))

    @property
    def batches_left(self) -> int:
        """Steps to the end of the current epoch (a whole epoch when the next step starts one)."""
        left = len(self._batches) - self.cursor
        return left if left > 0 else self.batches_per_epoch

    @property
    def batches_per_epoch(self) -> int:
        """How many batches make one epoch."""
        return -(-self.n_samples // self.batch_size)

    def epoch_position(self) -> tuple[np.ndarray, int] | None:
        """The current epoch's sample order and next batch index, or None when the next step starts an epoch."""
        if self.cursor >= len(self._batches):
            return None
        return self._order.copy(), self.cursor

    def resume_epoch(self, order: np.ndarray, cursor: int) -> None:
        """Continue an epoch saved by epoch_position (same data and batch size)."""
        order = np.asarray(order)
        n = self.n_samples
        if order.shape != (n,) or not np.array_equal(np.sort(order), np.arange(n)):
            raise ConfigError(f"the epoch order must be a permutation of the {n} training samples")
        if not 0 <= int(cursor) < self.batches_per_epoch:
            raise ConfigError(f"the batch index must be in 0..{self.batches_per_epoch - 1}, got {cursor}")
        self._cut(order.astype(np.intp))
        self.cursor = int(cursor)

    def _new_epoch(self, rng: np.random.Generator) -> None:
        self._cut(rng.permutation(self.n_samples))

    def _cut(self, order: np.ndarray) -> None:
        n, b = self.n_samples, self.full_batch
        self._order = order
        rows, targets = self._rows_shuffled, self._targets_shuffled  # (n, n_0 + 1), (n, n_L)
        np.take(self._rows, order, axis=0, out=rows)
        np.take(self._targets, order, axis=0, out=targets)
        full = n // b
        # (full, n_0 + 1, b) and (full, n_L, b): batch i is xb[i], yb[i], contiguous
        xb = np.ascontiguousarray(rows[: full * b].reshape(full, b, -1).transpose(0, 2, 1))
        yb = np.ascontiguousarray(targets[: full * b].reshape(full, b, -1).transpose(0, 2, 1))
        self._batches = [(xb[i], yb[i], rows[i * b : (i + 1) * b]) for i in range(full)]
        if full * b < n:
            tail = rows[full * b :]
            self._batches.append((np.ascontiguousarray(tail.T), np.ascontiguousarray(targets[full * b :].T), tail))
        self.cursor = 0

    def step(self, rng: np.random.Generator) -> bool:
        """Train on the next batch; True when that batch completed an epoch."""
        if self.n_samples == 0:
            raise ConfigError("there are no training points")
        if self.cursor >= len(self._batches) or not self._batches:
            self._new_epoch(rng)
        x, y, x_rows = self._batches[self.cursor]
        opt = self.optimizer
        batch = x.shape[1]
        fn = self._steps.get((batch, opt.fusable))
        if fn is None:
            fn = self._compile(batch, opt.fusable)
        self.batch_error = fn(x, x_rows, y, opt.scaled_rate(1.0 / batch))
        self.cursor += 1
        return self.cursor >= len(self._batches)

    def _compile(self, batch: int, fusable: bool) -> StepFn:
        """The step for one batch size: forward, backward and the optimizer's update, as one compiled plan."""
        if len(self._steps) >= WORKSPACE_CACHE:  # each step holds its own buffers: keep the newest few
            del self._steps[next(iter(self._steps))]
        fused = fused_step.build(self.net, self.loss, self.optimizer, self.grad, batch, lambda: self._plan(batch))
        if fused is None:  # else a reproducible network: the same bits in one compiled call
            fused = self._plan(batch)
        self._steps[(batch, fusable)] = fused
        return fused

    def _plan(self, batch: int) -> StepFn:
        """The step for one batch size as the compiled numpy plan."""
        net = self.net
        ws = Workspace(net.sizes, net.activations, batch, net.dtype)
        update = Plan()  # made first: it says which gradient scale the backward pass applies
        scale = self.optimizer.update_calls(update, net.params, self.grad, 1.0 / batch)
        plan = Plan()
        passes.forward_calls(plan, net, ws, X)
        passes.backward_calls(plan, net, ws, X, X_ROWS, Y, self.loss, self._grad_views, scale)
        plan.extend(update.calls)
        return compile_plan(plan, name=f"step_batch_{batch}")

    def epoch(self, rng: np.random.Generator) -> None:
        """Train on the rest of the current epoch (a whole epoch when at its start)."""
        while not self.step(rng):
            pass

    def evaluate(self, X: np.ndarray, Y: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean loss and the outputs (n_L, n) of the network on sample-major X, Y."""
        if len(X) == 0:
            return float("nan"), np.empty((self.net.sizes[-1], 0), self.net.dtype)
        x = self.net.augment(X)
        ws = self.net.workspace(x.shape[1])
        self.net.forward_into(ws, x)
        y = np.asarray(Y, dtype=self.net.dtype).reshape(len(X), -1).T
        out = ws.a[-1]
        return losses.value(self.loss, out, y, self.net.reproducible), out
