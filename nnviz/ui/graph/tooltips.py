"""What the network graph says about the thing under the mouse: neuron names and tooltip text.

Pure functions of a Frame and what is under the mouse: a +/- button, or a NeuronRef, EdgeRef or BiasRef.
"""

from __future__ import annotations

import numpy as np

from nnviz.data import FEATURE_LABELS
from nnviz.session.frame import Frame
from nnviz.session.graph_refs import BiasRef, EdgeRef, EditTarget, GraphRef
from nnviz.ui.graph.items import ButtonItem


def format_value(value: float, signed: bool = False) -> str:
    """A weight or a bias, the same way everywhere: 4 decimals; exactly 0 as "0"; tiny values in e-notation."""
    if value == 0:
        return "0"
    if abs(value) < 5e-5:
        return f"{value:+.2e}" if signed else f"{value:.2e}"
    return f"{value:+.4f}" if signed else f"{value:.4f}"


def feature_label(frame: Frame, j: int) -> str:
    """The label of input j: the feature's pretty name (x₁, sin(x₂), …) or x<j+1>."""
    name = frame.feature_names[j] if j < len(frame.feature_names) else f"x{j + 1}"
    return FEATURE_LABELS.get(name, name)


def short_name(frame: Frame | None, layer: int, j: int) -> str:
    """A short name for neuron j of a layer (0..L): a feature, "H1.3", "output" or "output 2 (class 2)"."""
    if frame is None:
        return ""
    if layer == 0:
        return feature_label(frame, j)
    if layer == len(frame.sizes) - 1:
        return "output" if frame.sizes[-1] == 1 else f"output {j} (class {frame.class_name(j)})"
    return f"H{layer}.{j + 1}"


def edit_title(frame: Frame, target: EditTarget) -> str:
    """The editor's title for a weight or a bias."""
    if isinstance(target, EdgeRef):
        layer = target.layer
        return f"Weight {short_name(frame, layer - 1, target.src)} → {short_name(frame, layer, target.dst)}"
    return f"Bias of {short_name(frame, target.layer, target.neuron)}"


def tooltip_text(hit: ButtonItem | GraphRef | None, frame: Frame | None) -> str:
    """The tooltip for what is under the mouse: the live weight, bias or value range ("" for nothing)."""
    if hit is None or frame is None:
        return ""
    if isinstance(hit, ButtonItem):
        verb = "Add a neuron to" if hit.sign > 0 else "Remove a neuron from"
        n = frame.sizes[hit.layer + 1]
        return f"{verb} hidden layer {hit.layer + 1} (now {n} neuron{'s' * (n != 1)})"
    if isinstance(hit, EdgeRef):
        layer, src, dst = hit.layer, hit.src, hit.dst
        w = float(frame.weights[layer - 1][dst, src])
        return (f"Weight {format_value(w, True)}\n{short_name(frame, layer - 1, src)} → {short_name(frame, layer, dst)}"
                "\nClick to edit")
    layer, j = hit.layer, hit.neuron
    if isinstance(hit, BiasRef):
        b = float(frame.biases[layer - 1][j])
        return f"Bias {format_value(b, True)} of {short_name(frame, layer, j)}\nClick to edit"
    grid = frame.neuron_grid(layer, j)
    finite = grid[np.isfinite(grid)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (float("nan"), float("nan"))
    if layer == 0:
        return f"Input {short_name(frame, 0, j)}\nover the plane: {lo:+.3g} … {hi:+.3g}"
    b = float(frame.biases[layer - 1][j])
    where = "Output" if layer == len(frame.sizes) - 1 else f"Hidden layer {layer}, neuron {j + 1}"
    return (f"{where} ({frame.activations[layer - 1]})\nbias {format_value(b, True)}"
            f"\nover the plane: {lo:+.3g} … {hi:+.3g}")
