"""One training sample through the network, with every number: the engine's own trace, gradients and update.

`explain_sample(session, index)` runs the engine's `MLP.forward` and `MLP.backward` on one
training sample and lets a copy of the session's optimizer take the step on copies of the
weights, so nothing in the session changes. `apply_update` then writes that step into the
session (one per-sample step of training) and `undo_update` puts the weights and the
optimizer's state back bit for bit.

With a batch size above 1 the explanation also holds the step that the sample's mini-batch
would take (the mean of the per-sample gradients of the sample and the next B - 1 training
samples), next to the step with this sample alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from nnviz import data as nd
from nnviz.engine import MLP, losses
from nnviz.errors import ConfigError
from nnviz.session.explain.hidden import frame_network
from nnviz.session.frame import Frame
from nnviz.session.session import Session


@dataclass(frozen=True)
class StepResult:
    """One optimizer step taken on copies: the gradient it used, the new weights, the state around it."""

    gradient: np.ndarray  # flat, the layout of MLP.params (before regularization)
    params_after: np.ndarray  # flat
    state_before: dict[str, Any]  # Optimizer.state_dict() before the step
    state_after: dict[str, Any]
    samples: tuple[int, ...]  # training-set indices whose gradients were averaged


@dataclass(frozen=True)
class OptimizerInfo:
    """The optimizer's settings, for the formulas."""

    kind: str
    learning_rate: float
    momentum: float
    beta1: float
    beta2: float
    eps: float
    regularization: str
    reg_rate: float


@dataclass(frozen=True)
class SampleExplanation:
    """Every number of one sample's forward pass, loss, backward pass and update.

    Per-layer arrays are indexed by neuron layer l = 0 (inputs) .. L; weight matrices
    by k = 0..L-1 (weights[k] feeds layer k+1) and are (n_{k+1}, n_k).
    """

    index: int  # the sample's index in the training set
    point: tuple[float, float]
    label: float
    problem: str
    feature_names: tuple[str, ...]
    sizes: tuple[int, ...]
    activations: tuple[str, ...]  # one per layer 1..L
    loss_name: str
    target: np.ndarray  # (n_L,)
    z: tuple[np.ndarray, ...]  # z[l] (n_l,); z[0] = the inputs
    a: tuple[np.ndarray, ...]  # a[l] (n_l,)
    loss: float
    deltas: tuple[np.ndarray, ...]  # deltas[l] = dL/dz (n_l,), l >= 1; deltas[0] is NaN
    grad_weights: tuple[np.ndarray, ...]  # dL/dW for this sample alone, (n_{k+1}, n_k)
    grad_biases: tuple[np.ndarray, ...]
    weights: tuple[np.ndarray, ...]  # before the update
    biases: tuple[np.ndarray, ...]
    params_before: np.ndarray
    steps_before: int
    optimizer: OptimizerInfo
    batch_size: int
    alone: StepResult  # the step with this sample alone
    batch: StepResult | None  # the step with its mini-batch (None when the batch size is 1)
    # the sample as the user knows it: every column's name and value in the file's units, and its class's name
    columns: tuple[str, ...] = ("x1", "x2")
    raw: tuple[float, ...] = ()  # one value per column, before any standardisation
    scaling: nd.Scaling | None = None  # the standardisation the network sees the columns through (None: none)
    class_names: tuple[str, ...] = ()  # empty: a class is named by its number

    @property
    def n_layers(self) -> int:
        """The number of weight layers L."""
        return len(self.sizes) - 1

    @property
    def scaled(self) -> tuple[float, ...] | None:
        """The sample's standardised values, as the network sees them (None without standardisation)."""
        if self.scaling is None or not self.raw:
            return None
        return tuple(float(v) for v in self.scaling.apply(np.asarray([self.raw]))[0])

    @property
    def class_name(self) -> str:
        """The name of the sample's class ("" for regression or unnamed classes)."""
        k = int(self.label) if self.problem != "regression" else -1
        return self.class_names[k] if 0 <= k < len(self.class_names) else ""

    def step(self, alone: bool) -> StepResult:
        """The step with this sample alone, or with its mini-batch when there is one."""
        return self.alone if alone or self.batch is None else self.batch

    def after(self, alone: bool) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
        """(weights, biases, gradients of the weights) of a step: the new values and what it used."""
        step = self.step(alone)
        new = MLP(self.sizes, self.activations, params=step.params_after.astype(np.float64))
        used = MLP(self.sizes, self.activations, params=step.gradient.astype(np.float64))
        layers = range(1, self.n_layers + 1)
        return ([new.weights(k).copy() for k in layers], [new.biases(k).copy() for k in layers],
                [used.weights(k).copy() for k in layers])


def _take_step(session: Session, samples: tuple[int, ...], x_all: np.ndarray, y_all: np.ndarray) -> StepResult:
    """The optimizer step with the mean gradient of some training samples, on copies."""
    net = session.net
    idx = np.asarray(samples, dtype=np.intp)
    grads = net.backward(net.forward(x_all[idx]), y_all[idx], session.spec.loss)
    opt = session.optimizer.copy()
    before = opt.state_dict()
    params = net.params.copy()
    gradient = grads.flat.copy()
    with np.errstate(over="ignore", invalid="ignore"):
        opt.update(params, grads.flat.copy())
    return StepResult(gradient, params, before, opt.state_dict(), samples)


def training_inputs(session: Session) -> tuple[np.ndarray, np.ndarray]:
    """The training set's features (n, n_0) and targets (n, n_L), as the trainer sees them."""
    train = session.train_set
    return session.network_inputs(train.points), session.spec.encode(train.labels)


def explain_sample(session: Session, index: int) -> SampleExplanation:
    """Walk training sample `index` through the session's network; the session is not changed."""
    n = len(session.train_set.points)
    if not 0 <= index < n:
        raise ConfigError(f"there is no training sample {index} (the training set has {n})")
    net, spec, opt = session.net, session.spec, session.optimizer
    x_all, y_all = training_inputs(session)
    trace = net.forward(x_all[index : index + 1])
    grads = net.backward(trace, y_all[index : index + 1], spec.loss)
    loss = losses.value(spec.loss, trace.output, y_all[index : index + 1].T)
    batch_size = int(session.config.batch_size)
    alone = _take_step(session, (index,), x_all, y_all)
    batch = None
    if batch_size > 1 and n > 1:
        members = tuple(int((index + i) % n) for i in range(min(batch_size, n)))
        batch = _take_step(session, members, x_all, y_all)
    L = net.n_layers
    return SampleExplanation(
        index=int(index),
        point=(float(session.train_set.points[index, 0]), float(session.train_set.points[index, 1])),
        label=float(session.train_set.labels[index]),
        problem=spec.problem,
        feature_names=tuple(session.feature_names),
        sizes=tuple(net.sizes),
        activations=tuple(net.activations),
        loss_name=spec.loss,
        target=y_all[index].astype(np.float64).copy(),
        z=tuple(trace.z[layer][:, 0].astype(np.float64).copy() for layer in range(L + 1)),
        a=tuple(trace.a[layer][:, 0].astype(np.float64).copy() for layer in range(L + 1)),
        loss=float(loss),
        deltas=tuple(d[:, 0].astype(np.float64).copy() for d in grads.deltas),
        grad_weights=tuple(g.astype(np.float64).copy() for g in grads.weights),
        grad_biases=tuple(g.astype(np.float64).copy() for g in grads.biases),
        weights=tuple(net.weights(layer).astype(np.float64).copy() for layer in range(1, L + 1)),
        biases=tuple(net.biases(layer).astype(np.float64).copy() for layer in range(1, L + 1)),
        params_before=net.params.copy(),
        steps_before=int(session.steps),
        optimizer=OptimizerInfo(opt.kind, opt.learning_rate, opt.momentum, opt.beta1, opt.beta2, opt.eps,
                                opt.regularization, opt.reg_rate),
        batch_size=batch_size,
        alone=alone,
        batch=batch,
        **_as_the_user_knows_it(session, index),
    )


def _as_the_user_knows_it(session: Session, index: int) -> dict[str, Any]:
    """A training sample's columns, raw values, standardisation and class names (SampleExplanation's fields)."""
    train = session.train_set
    return {"columns": tuple(train.columns), "raw": tuple(float(v) for v in train.points[index]),
            "scaling": session.inputs.scaling, "class_names": tuple(train.class_names or session.data.class_names)}


def apply_update(session: Session, ex: SampleExplanation, alone: bool = True) -> None:
    """Take the explained step in the session: one per-sample (or one mini-batch) step of training."""
    if session.net.params.shape != ex.params_before.shape or not np.array_equal(session.net.params,
                                                                                ex.params_before):
        raise ConfigError("the network changed since this sample was explained; pick the sample again")
    step = ex.step(alone)
    np.copyto(session.net.params, step.params_after)
    session.optimizer.load_state(step.state_after)
    session.steps = ex.steps_before + 1


def undo_update(session: Session, ex: SampleExplanation, alone: bool = True) -> None:
    """Put back the weights and optimizer state from before the explained step, bit for bit."""
    step = ex.step(alone)
    if session.net.params.shape != step.params_after.shape or not np.array_equal(session.net.params,
                                                                                 step.params_after):
        raise ConfigError("the network changed since the update; it cannot be undone")
    np.copyto(session.net.params, ex.params_before)
    session.optimizer.load_state(step.state_before)
    session.steps = ex.steps_before


def nearest_sample(points: np.ndarray, xy: tuple[float, float]) -> int:
    """The index of the point (n, 2) nearest to xy, or -1 when there are none."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if not len(pts):
        return -1
    return int(np.argmin(np.hypot(pts[:, 0] - xy[0], pts[:, 1] - xy[1])))


@dataclass(frozen=True)
class PointReadout:
    """The network's raw outputs at one point of the plane, and what they decode to."""

    point: tuple[float, float]
    features: np.ndarray  # (n_0,)
    logits: np.ndarray  # (n_L,) the output neurons' weighted sums z
    outputs: np.ndarray  # (n_L,) the output neurons' activations (softmax: the class probabilities)
    problem: str
    decoded: float  # the class (argmax or threshold) or, for regression, the value
    class_name: str = ""  # the decoded class's name, when the data names its classes
    # on a slice of a table: the point's value in every column (the file's units) and the standardisation
    columns: tuple[str, ...] = ()
    raw: tuple[float, ...] = ()  # empty: the point is its own two columns, `point`
    scaling: nd.Scaling | None = None


def inspect_point(frame: Frame, xy: tuple[float, float]) -> PointReadout:
    """Run the frame's network (the engine's forward) on one point of the plane."""
    net = frame_network(frame)
    x = nd.plane_inputs(np.asarray([xy], dtype=np.float64), frame.feature_names, frame.plane)
    trace = net.forward(x)
    out = trace.output[:, 0].copy()
    if frame.problem == "regression":
        decoded = float(out[0])
    elif len(out) == 1:
        lo, hi = frame.output_range
        decoded = float(out[0] > (lo + hi) / 2)
    else:
        decoded = float(np.argmax(out))
    name = frame.class_name(int(decoded)) if frame.class_names and frame.problem != "regression" else ""
    raw: tuple[float, ...] = ()
    if frame.plane is not None:  # a slice through more columns (or scaled ones): the point in every column
        on_plane = frame.plane.inputs(np.asarray([xy], dtype=np.float64))
        raw = tuple(float(v) for v in (on_plane if frame.scaling is None else frame.scaling.undo(on_plane))[0])
    return PointReadout((float(xy[0]), float(xy[1])), x[0].copy(), trace.z[-1][:, 0].copy(), out, frame.problem,
                        decoded, name, tuple(frame.column_names) if raw else (), raw, frame.scaling if raw else None)
