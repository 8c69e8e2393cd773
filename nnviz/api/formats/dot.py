"""A network as Graphviz text: one cluster per layer, edges coloured by sign and sized by magnitude.

Colours follow TensorFlow Playground: orange for negative weights, blue for positive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nnviz.api.network import Network

NEGATIVE, POSITIVE = "#f59322", "#0877bd"


def to_dot(network: Network) -> str:
    """Graphviz `digraph` source for a network's current weights and biases."""
    layers = network.layers
    last = len(layers) - 1
    ids = {}
    lines = ["digraph nnviz {", "  rankdir=LR;", "  splines=line;", "  node [shape=circle, fontsize=10];"]
    for l, layer in enumerate(layers):
        title = "input" if l == 0 else "output" if l == last else f"hidden {l}"
        lines.append(f"  subgraph cluster_{l} {{")
        lines.append(f'    label="{title}"; color=lightgrey;')
        for j, n in enumerate(layer.neurons):
            name = f"n{l}_{j}"
            ids[n] = name
            text = f"{title[0]}{j}" if l == 0 else f"b={n.bias:.3g}"
            lines.append(f'    {name} [label="{text}"];')
        lines.append("  }")
    biggest = max((abs(c.weight) for layer in layers[1:] for n in layer.neurons for c in n.inputs()), default=0.0)
    for layer in layers[1:]:
        for n in layer.neurons:
            for c in n.inputs():
                w = c.weight
                width = 0.5 + 4.5 * abs(w) / biggest if biggest else 1.0
                colour = NEGATIVE if w < 0 else POSITIVE
                lines.append(f'  {ids[c.from_neuron]} -> {ids[n]} [label="{w:.3g}", color="{colour}", '
                             f"penwidth={width:.2f}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
