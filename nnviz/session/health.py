"""Training health: the divergence message, and a watch for a collapsed network.

A network has collapsed when it has stopped computing anything: every ReLU unit
of a hidden layer outputs 0 for every training point (a dead layer passes no
signal and no gradient, so it never recovers), or the output is the same for
every training point. Both are checked at epoch ends on the activations of the
evaluation pass the session makes there anyway: a few vectorised calls.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

COLLAPSE_EPOCHS = 5  # epoch ends in a row that must show a collapse before it is reported
CONSTANT_TOLERANCE = 1e-9  # relative spread of the outputs below which they count as constant


def divergence_message(epoch: int, what: str, value: float, restored_epoch: int, learning_rate: float) -> str:
    """What happened and what to do, in one line: the status bar and the CLI show the same text."""
    shown = "NaN" if np.isnan(value) else ("inf" if value > 0 else "-inf")
    return (
        f"diverged at epoch {epoch}: {what} became {shown}; weights restored to epoch {restored_epoch}; "
        f"lower the learning rate (now {learning_rate:g})"
    )


def first_non_finite(values: np.ndarray) -> float:
    """The first NaN or infinite value of an array (NaN when there is none to report)."""
    bad = values[~np.isfinite(values)]
    return float(bad.flat[0]) if bad.size else float("nan")


def collapse_finding(
    activations: Sequence[np.ndarray],
    names: Sequence[str],
    n_train: int,
    learning_rate: float,
    targets_vary: bool = True,
) -> str:
    """The collapse shown by one evaluation pass, or "".

    activations[l] is layer l's output (n_l, n) over the training points
    (columns 0..n_train-1) and maybe more; names[l - 1] is layer l's activation.
    A constant output counts only when the training targets vary (else it is the answer).
    """
    if n_train < 1:
        return ""
    cause = f"the learning rate ({learning_rate:g}) is too high or the initial weights too large"
    last = len(activations) - 1
    for layer in range(1, last):
        if names[layer - 1] == "relu" and not activations[layer][:, :n_train].any():
            n = activations[layer].shape[0]
            units = f"all {n} ReLU units" if n > 1 else "the only ReLU unit"
            return f"{units} of layer {layer} {'are' if n > 1 else 'is'} dead: {cause}"
    if n_train >= 2 and targets_vary:
        out = activations[last][:, :n_train]  # (n_L, n_train)
        if len(out) == 1:  # the common case, in two cheap calls on one row
            row = out[0]
            top, bottom = float(row.max()), float(row.min())
            constant = top - bottom <= CONSTANT_TOLERANCE * (1.0 + abs(top))
        else:
            tops, bottoms = out.max(axis=1), out.min(axis=1)
            constant = bool(np.all(tops - bottoms <= CONSTANT_TOLERANCE * (1.0 + np.abs(tops))))
        if constant:
            return f"the output is the same for every training point: {cause}"
    return ""


class CollapseWatch:
    """Reports a collapse once it has lasted COLLAPSE_EPOCHS epoch ends in a row; `warning` is the sentence."""

    def __init__(self, epochs: int = COLLAPSE_EPOCHS) -> None:
        self.epochs = epochs
        self.streak = 0
        self.warning = ""

    def clear(self) -> None:
        """Forget what was seen (new weights, an edit, a rollback)."""
        self.streak = 0
        self.warning = ""

    def observe(self, finding: str) -> str:
        """Count one epoch end's finding ("" when healthy); returns the warning to show now."""
        if not finding:
            self.clear()
            return ""
        self.streak += 1
        if self.streak >= self.epochs:
            self.warning = finding
        return self.warning
