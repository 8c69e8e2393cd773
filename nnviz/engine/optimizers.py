"""Optimizers that update a flat parameter buffer in place, with L1/L2 regularization.

Each `update(params, grad)` takes the mean gradient of the loss (the layout of
`MLP.params`) and changes `params` in place. Regularization applies to weights
only, never to biases (as in TensorFlow Playground), through `weight_mask`:
- l2: grad += rate * w       (the gradient of rate/2 * w^2)
- l1: grad += rate * sign(w); a weight that this step carries across zero is set
  to exactly 0, as TensorFlow Playground does, so L1 gives truly sparse weights
  instead of weights that jitter around zero. A weight at exactly 0 stays there
  while its data gradient is no stronger than the L1 pull (|g| <= rate: the
  subgradient of rate * |w| at 0 cancels it); a stronger gradient grows it again,
  pulled back by rate. Unlike Playground, such a weight is not frozen for good.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnviz.engine.plan import LR, Call, Plan, Slot, run
from nnviz.errors import ConfigError, unknown_name


@dataclass(frozen=True)
class Coefficient:
    """A number an optimizer takes besides the learning rate: its default and its valid range [low, high)."""

    name: str  # the keyword of Optimizer(...) and the Config field
    symbol: str  # how the explain panel and the menus write it
    default: float
    low: float
    high: float
    help: str

    def check(self, value: float) -> float:
        """The value as a float, or ConfigError when it is outside [low, high) or not a number."""
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"the {self.name} coefficient must be a number, got {value!r}") from None
        if not self.low <= number < self.high:  # also false for nan
            raise ConfigError(f"the {self.name} coefficient must be in [{self.low:g}, {self.high:g}), got {number!r}")
        return number


@dataclass(frozen=True)
class OptimizerKind:
    """One optimizer: its name, the name shown in menus, a one-line description and the coefficients it uses."""

    name: str
    display: str
    description: str
    coefficients: tuple[str, ...]


COEFFICIENTS: dict[str, Coefficient] = {
    c.name: c
    for c in (
        Coefficient("momentum", "μ", 0.9, 0.0, 1.0, "how much of the last step the next one keeps"),
        Coefficient("beta1", "β₁", 0.9, 0.0, 1.0, "Adam's decay of the mean gradient"),
        Coefficient("beta2", "β₂", 0.999, 0.0, 1.0, "Adam's decay of the mean squared gradient"),
    )
}
OPTIMIZER_KINDS: dict[str, OptimizerKind] = {
    k.name: k
    for k in (
        OptimizerKind("sgd", "SGD", "plain gradient descent", ()),
        OptimizerKind("momentum", "Momentum", "gradient descent with momentum", ("momentum",)),
        OptimizerKind("adam", "Adam", "Adam, with bias correction", ("beta1", "beta2")),
    )
}
OPTIMIZERS: tuple[str, ...] = tuple(OPTIMIZER_KINDS)
REGULARIZATIONS: tuple[str, ...] = ("none", "l1", "l2")
SCRATCH = ("tmp", "before", "zero")  # work buffers, not state worth saving


class Optimizer:
    """Gradient descent on a flat buffer: SGD, SGD with momentum, or Adam."""

    def __init__(
        self,
        kind: str = "sgd",
        learning_rate: float = 0.03,
        weight_mask: np.ndarray | None = None,
        regularization: str = "none",
        reg_rate: float = 0.0,
        momentum: float = COEFFICIENTS["momentum"].default,
        beta1: float = COEFFICIENTS["beta1"].default,
        beta2: float = COEFFICIENTS["beta2"].default,
        eps: float = 1e-8,
    ) -> None:
        kind = kind.strip().lower()
        if kind not in OPTIMIZERS:
            raise ConfigError(unknown_name("optimizer", kind, OPTIMIZERS))
        regularization = (regularization or "none").strip().lower()
        if regularization not in REGULARIZATIONS:
            raise ConfigError(unknown_name("regularization", regularization, REGULARIZATIONS))
        self.kind = kind
        self.learning_rate = float(learning_rate)
        self.regularization = regularization
        self.reg_rate = float(reg_rate)
        self.momentum = self.beta1 = self.beta2 = 0.0
        self.set_coefficients(momentum=momentum, beta1=beta1, beta2=beta2)
        self.eps = float(eps)
        self.weight_mask = weight_mask
        self.steps = 0
        self._state: dict[str, np.ndarray] = {}

    def set_coefficients(self, **values: float) -> None:
        """Change momentum, beta1 and/or beta2 (checked against COEFFICIENTS); the moments are kept."""
        for name, value in values.items():
            if name not in COEFFICIENTS:
                raise ConfigError(unknown_name("optimizer coefficient", name, COEFFICIENTS))
            setattr(self, name, COEFFICIENTS[name].check(value))

    def coefficients(self) -> dict[str, float]:
        """The coefficients this optimizer's kind uses, by name (empty for SGD)."""
        return {name: getattr(self, name) for name in OPTIMIZER_KINDS[self.kind].coefficients}

    def reset(self) -> None:
        """Forget the momentum and Adam moments (after new weights)."""
        self.steps = 0
        self._state.clear()

    def _buf(self, name: str, like: np.ndarray) -> np.ndarray:
        buf = self._state.get(name)
        if buf is None or buf.shape != like.shape:
            buf = self._state[name] = np.zeros_like(like)
        elif buf.dtype != like.dtype:  # e.g. float64 moments loaded for a float32 network
            buf = self._state[name] = buf.astype(like.dtype)
        return buf

    @property
    def fusable(self) -> bool:
        """Whether a step is plain SGD, which a compiled training step does inline (see update_calls)."""
        return self.kind == "sgd" and (self.regularization == "none" or self.reg_rate == 0.0)

    def update_calls(self, plan: Plan, params: np.ndarray, grad: np.ndarray, grad_scale: float) -> float:
        """Add this optimizer's update to a training-step plan; returns the gradient scale the plan must apply.

        Plain SGD adds the very calls `update` makes, taking lr * grad_scale from
        the LR slot, and wants the summed gradient (returns 1). Any other
        optimizer adds a call to `update` and wants the mean gradient (returns
        grad_scale). Valid while `fusable` stays the same.
        """
        if self.fusable:
            plan.add(self._count_step)
            plan.extend(self._sgd_calls(params, grad, self._buf("tmp", params), LR))
            return 1.0
        plan.add(self.update, params, grad)
        return grad_scale

    def scaled_rate(self, grad_scale: float) -> float:
        """The learning rate plain SGD applies to a gradient given with grad_scale (the LR slot's value)."""
        return self.learning_rate * grad_scale

    def _count_step(self) -> None:
        self.steps += 1

    @staticmethod
    def _sgd_calls(params: np.ndarray, grad: np.ndarray, tmp: np.ndarray, lr: float | Slot) -> list[Call]:
        """params -= lr * grad, as plan calls."""
        return [(np.multiply, (grad, lr, tmp)), (np.subtract, (params, tmp, params))]

    def update(self, params: np.ndarray, grad: np.ndarray, grad_scale: float = 1.0) -> None:
        """One step: params -= lr * direction(grad_scale * grad + regularization); grad may be overwritten.

        A trainer passes a summed gradient with grad_scale = 1/batch: plain SGD
        folds it into the learning rate, the others scale the gradient first.
        """
        if self.fusable:
            self._count_step()
            run(Plan(self._sgd_calls(params, grad, self._buf("tmp", params), self.scaled_rate(grad_scale))))
            return
        if grad_scale != 1.0:
            grad *= grad_scale
        self.steps += 1
        tmp = self._buf("tmp", params)
        l1 = self.regularization == "l1" and self.reg_rate > 0.0
        if l1:
            before = self._buf("before", params)
            np.copyto(before, params)
        if self.regularization != "none" and self.reg_rate > 0.0:
            mask = self.weight_mask if self.weight_mask is not None else 1.0
            if self.regularization == "l2":
                np.multiply(params, mask, out=tmp)
            else:
                np.sign(params, out=tmp)
                tmp *= mask
            tmp *= self.reg_rate
            grad += tmp
        if l1:
            zero = self._l1_at_zero(params, grad, tmp)
        if self.kind == "sgd":
            run(Plan(self._sgd_calls(params, grad, tmp, self.learning_rate)))
        elif self.kind == "momentum":
            v = self._buf("v", params)  # v = mu v + g; p -= lr v
            v *= self.momentum
            v += grad
            np.multiply(v, self.learning_rate, out=tmp)
            params -= tmp
        else:
            self._adam(params, grad, tmp)
        if l1:
            self._clip_zero_crossings(params, before, tmp)
            params[zero] = 0.0  # held at 0: the pull cancelled the gradient (momentum cannot drag it off)

    def _l1_at_zero(self, params: np.ndarray, grad: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        """At weights exactly 0, apply the L1 subgradient that opposes the data gradient g (there grad = g):
        grad becomes g - clip(g, -rate, rate). Returns the mask (a scratch buffer) of weights held at 0."""
        zero = self._state.get("zero")
        if zero is None or zero.shape != params.shape:
            zero = self._state["zero"] = np.zeros(params.shape, bool)
        np.equal(params, 0.0, out=zero)
        if self.weight_mask is not None:
            zero &= self.weight_mask.astype(bool, copy=False)
        np.clip(grad, -self.reg_rate, self.reg_rate, out=tmp)
        tmp *= zero
        grad -= tmp
        zero &= grad == 0.0
        return zero

    def _clip_zero_crossings(self, params: np.ndarray, before: np.ndarray, tmp: np.ndarray) -> None:
        """Set to 0 every weight (not bias) whose sign this step flipped."""
        np.multiply(params, before, out=tmp)  # < 0 where the sign flipped
        if self.weight_mask is not None:
            tmp *= self.weight_mask  # biases (mask 0) never count as crossed
        params[tmp < 0.0] = 0.0

    def _adam(self, params: np.ndarray, grad: np.ndarray, tmp: np.ndarray) -> None:
        """Adam with bias correction, in 10 passes over the buffers.

        Keeps unscaled sums M = sum b1^(t-i) g_i and V = sum b2^(t-i) g_i^2, so that
        m = (1-b1) M and v = (1-b2) V; the textbook step
            p -= lr * m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1-b1^t), v_hat = v / (1-b2^t)
        becomes p -= M / ((sqrt(V) + eps * sqrt(c2 / (1-b2))) / c), with the scalars
        c2 = 1 - b2^t and c = lr * (1-b1) * sqrt(c2) / ((1-b1^t) * sqrt(1-b2)).
        (engine/kernels/step.py's `adam` makes the same operations in one pass.)
        """
        M, V = self._buf("m", params), self._buf("v", params)
        M *= self.beta1
        M += grad
        np.multiply(grad, grad, out=tmp)
        V *= self.beta2
        V += tmp
        eps, inverse_c, moves = self._adam_scalars()
        if not moves:
            return
        np.sqrt(V, out=tmp)
        tmp += eps
        tmp *= inverse_c
        np.divide(M, tmp, out=tmp)
        params -= tmp

    def _adam_scalars(self) -> tuple[float, float, bool]:
        """(eps * sqrt(c2 / (1-b2)), 1 / c, c != 0) of the step t = self.steps (see _adam)."""
        b1, b2, t = self.beta1, self.beta2, self.steps
        c2 = 1.0 - b2**t
        c = self.learning_rate * (1.0 - b1) * math.sqrt(c2) / ((1.0 - b1**t) * math.sqrt(1.0 - b2))
        if c == 0.0:
            return 0.0, 0.0, False
        return self.eps * math.sqrt(c2 / (1.0 - b2)), 1.0 / c, True

    def plain_adam(self, params: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float, float, float, bool] | None:
        """For a compiled step that makes Adam's passes itself: when this is Adam without regularization, count
        the step and return (M, V, beta1, beta2, eps', 1/c, whether params move); else None (call update)."""
        if self.kind != "adam" or (self.regularization != "none" and self.reg_rate > 0.0):
            return None
        self.steps += 1
        return (self._buf("m", params), self._buf("v", params), self.beta1, self.beta2, *self._adam_scalars())

    def copy(self, state: bool = True) -> Optimizer:
        """A new optimizer with the same settings, and a copy of the moments and step count (unless not `state`)."""
        twin = Optimizer(self.kind, self.learning_rate, self.weight_mask, self.regularization, self.reg_rate,
                         self.momentum, self.beta1, self.beta2, self.eps)
        if state:
            twin.load_state(self.state_dict())
        return twin

    def state_dict(self) -> dict[str, object]:
        """The optimizer's moments, for saving a session."""
        return {"steps": self.steps, **{k: v.copy() for k, v in self._state.items() if k not in SCRATCH}}

    def load_state(self, state: dict[str, object]) -> None:
        """Restore moments saved by state_dict."""
        moments = {k: np.array(v, dtype=np.float64) for k, v in state.items() if k != "steps" and k not in SCRATCH}
        if not all(np.isfinite(m).all() for m in moments.values()):
            raise ValueError("the optimizer state holds NaN or infinite values")
        self._state = moments
        self.steps = int(state.get("steps", 0))  # type: ignore[call-overload]
