"""What a Network accepts: an update rule, layer sizes, activations, targets, and layers that form one chain.

Each check returns the value in the form the Network keeps, or raises ConfigError with one line that
says what was wrong and how to write it.
"""

from __future__ import annotations

from math import isfinite
from typing import Any

import numpy as np

from nnviz.api import squash as sq
from nnviz.api.hand_wired import SUPPORTED
from nnviz.api.neuron import Neuron
from nnviz.api.neuron_storage import GroupStorage
from nnviz.errors import ConfigError
from nnviz.io import caps

RULES = ("synaptic", "backprop")


def check_rule(rule: str) -> str:
    """A valid rule name, or ConfigError."""
    key = str(rule).strip().lower()
    if key not in RULES:
        raise ConfigError(f"unknown update rule {rule!r}; choose 'synaptic' or 'backprop'")
    return key


def layer_squashes(activation: Any, n: int) -> list[sq.Squash]:
    """The squash of each of n weight layers: one activation for all, or one per layer."""
    if isinstance(activation, str | sq.Squash):
        return [sq.lookup(activation)] * n
    acts = list(activation)
    if len(acts) != n:
        raise ConfigError(f"{n} weight layers need {n} activations, got {len(acts)}")
    return [sq.lookup(a) for a in acts]


def all_finite(values: list[Any]) -> bool:
    """Whether every item is a finite number (False for anything else: the careful path then says what)."""
    try:
        return all(map(isfinite, values))
    except (TypeError, OverflowError):  # OverflowError: an int beyond the float range
        return False


def check_sizes(sizes: Any) -> tuple[int, ...]:
    """Layer sizes as whole numbers >= 1, at least two layers, within the documented caps."""
    try:
        out = tuple(sizes)
    except TypeError:
        out = ()
    if len(out) < 2 or any(isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1 for n in out):
        raise ConfigError(f"layer sizes must be a list of at least two whole numbers >= 1, got {sizes!r}")
    checked = tuple(int(n) for n in out)
    caps.check_layers(checked, ConfigError, "layer sizes")
    return checked


def check_chain(core: GroupStorage, expected: list[list[Neuron]]) -> None:
    """That the laid-out neurons are exactly the network's layers, each projected to the next."""
    if core.layers == expected:
        return
    names = ["the input layer"] + [f"hidden layer {k}" for k in range(1, len(expected) - 1)]
    names.append("the output layer")
    for k in range(len(expected) - 1):
        if any(n._core is not core for n in expected[k + 1]):
            raise ConfigError(f"{names[k]} does not project to {names[k + 1]}; project every layer to the "
                              f"next one (input.project(hidden[0]), ..., hidden[-1].project(output))")
    found = [len(layer) for layer in core.layers]
    raise ConfigError(f"the projections do not form the chain input -> hidden -> output (the neurons form "
                      f"layers of sizes {found}, the network's layers have sizes {[len(e) for e in expected]}); "
                      f"{SUPPORTED}")
