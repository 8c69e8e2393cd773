"""The phases of one explained step, and what the network graph shows in each (Qt-free).

Phases: Inputs -> Forward layer 1..L -> Output and loss -> Backward layer L..1 -> Update.
A selection is a NeuronRef or an EdgeRef (`session/graph_refs.py`), or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from nnviz.session.explain.numbers import SHORT_DIGITS, distinct, fmt, short
from nnviz.session.graph_refs import EdgeRef, NeuronRef, Selection

if TYPE_CHECKING:  # the explanation is built by explain.sample, which loads when a sample is first explained
    from nnviz.session.explain.sample import SampleExplanation


@dataclass(frozen=True)
class Phase:
    """One stop of the walk: kind "inputs", "forward", "loss", "backward" or "update", and its layer."""

    kind: str
    layer: int = 0

    def title(self, n_layers: int) -> str:
        """A short title, e.g. "Forward: hidden layer 1"."""
        if self.kind == "inputs":
            return "Inputs"
        if self.kind == "loss":
            return "Output and loss"
        if self.kind == "update":
            return "Update"
        where = "output layer" if self.layer == n_layers else f"hidden layer {self.layer}"
        return f"{'Forward' if self.kind == 'forward' else 'Backward'}: {where}"


def phases(n_layers: int) -> tuple[Phase, ...]:
    """Every phase in order for a network of n_layers weight layers."""
    forward = [Phase("forward", k) for k in range(1, n_layers + 1)]
    backward = [Phase("backward", k) for k in range(n_layers, 0, -1)]
    return (Phase("inputs"), *forward, Phase("loss"), *backward, Phase("update"))


@dataclass(frozen=True)
class PhaseDisplay:
    """What the graph shows in a phase: numbers on nodes, highlighted edges with values, a default selection."""

    node_text: dict[tuple[int, int], str] = field(default_factory=dict)  # (layer, neuron) -> 1-2 short lines
    active_layer: int = -1  # the layer whose neurons the phase is about
    edge_values: dict[tuple[int, int, int], float] = field(default_factory=dict)  # (layer, src, dst) -> value
    edge_kind: str = ""  # "weight", "gradient" or "update" (values are the new weights)
    default: Selection = None
    edge_labels: dict[tuple[int, int, int], str] = field(default_factory=dict)  # text on a selected edge


def change(old: float, new: float) -> str:
    """"old→new" with the digits it takes to see that they differ (never "−0.31→−0.31")."""
    n = distinct(float(old), float(new), SHORT_DIGITS)
    if n == SHORT_DIGITS:
        return f"{short(old)}→{short(new)}"
    return f"{fmt(old, n)}→{fmt(new, n)}"


def _edges(ex: SampleExplanation, layer: int, values: np.ndarray) -> dict[tuple[int, int, int], float]:
    n_out, n_in = values.shape
    return {(layer, i, j): float(values[j, i]) for j in range(n_out) for i in range(n_in)}


def display(ex: SampleExplanation, phase: Phase, alone: bool = True) -> PhaseDisplay:
    """What the graph shows for this explanation in this phase."""
    L = ex.n_layers
    text: dict[tuple[int, int], str] = {}
    if phase.kind == "inputs":
        text = {(0, i): f"x {short(v)}" for i, v in enumerate(ex.a[0])}
        return PhaseDisplay(text, 0, {}, "", NeuronRef(0, 0))
    if phase.kind == "forward":
        k = phase.layer
        for layer in range(0, k):
            text.update({(layer, i): f"a {short(v)}" for i, v in enumerate(ex.a[layer])})
        text.update({(k, j): f"z {short(ex.z[k][j])}\na {short(ex.a[k][j])}" for j in range(ex.sizes[k])})
        return PhaseDisplay(text, k, _edges(ex, k, ex.weights[k - 1]), "weight", NeuronRef(k, 0))
    if phase.kind == "loss":
        text = {(L, j): f"a {short(ex.a[L][j])}\ny {short(ex.target[j])}" for j in range(ex.sizes[L])}
        best = int(np.argmax(ex.target)) if ex.sizes[L] > 1 else 0
        return PhaseDisplay(text, L, {}, "", NeuronRef(L, best))
    if phase.kind == "backward":
        k = phase.layer
        for layer in range(k, L + 1):
            text.update({(layer, j): f"δ {short(d)}" for j, d in enumerate(ex.deltas[layer])})
        return PhaseDisplay(text, k, _edges(ex, k, ex.grad_weights[k - 1]), "gradient", NeuronRef(k, 0))
    weights_after, biases_after, _ = ex.after(alone)
    edges: dict[tuple[int, int, int], float] = {}
    labels: dict[tuple[int, int, int], str] = {}
    for k in range(1, L + 1):
        edges.update(_edges(ex, k, weights_after[k - 1]))
        old, new = ex.weights[k - 1], weights_after[k - 1]
        labels.update({(k, i, j): change(old[j, i], new[j, i])
                       for j in range(new.shape[0]) for i in range(new.shape[1])})
        text.update({(k, j): f"b {short(b)}" for j, b in enumerate(biases_after[k - 1])})
    return PhaseDisplay(text, -1, edges, "update", EdgeRef(L, 0, 0), labels)
