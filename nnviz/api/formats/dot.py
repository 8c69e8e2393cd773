"""A network as Graphviz text: one cluster per layer, edges coloured by sign and sized by magnitude.

Colours follow TensorFlow Playground: orange for negative weights, blue for positive.
"""

from __future__ import annotations

from nnviz.api.formats.common import Parts

NEGATIVE, POSITIVE = "#f59322", "#0877bd"


def to_dot(parts: Parts) -> str:
    """Graphviz `digraph` source for a network's weights and biases."""
    sizes = parts.sizes
    last = len(sizes) - 1
    lines = ["digraph nnviz {", "  rankdir=LR;", "  splines=line;", "  node [shape=circle, fontsize=10];"]
    for l, n in enumerate(sizes):
        title = "input" if l == 0 else "output" if l == last else f"hidden {l}"
        lines.append(f"  subgraph cluster_{l} {{")
        lines.append(f'    label="{title}"; color=lightgrey;')
        for j in range(n):
            text = f"{title[0]}{j}" if l == 0 else f"b={float(parts.biases[l - 1][j]):.3g}"
            lines.append(f'    n{l}_{j} [label="{text}"];')
        lines.append("  }")
    biggest = max((float(abs(W).max()) for W in parts.weights if W.size), default=0.0)
    for k, W in enumerate(parts.weights):  # W: (n_{k+1}, n_k)
        for j, row in enumerate(W.tolist()):
            for i, w in enumerate(row):
                width = 0.5 + 4.5 * abs(w) / biggest if biggest else 1.0
                colour = NEGATIVE if w < 0 else POSITIVE
                lines.append(f'  n{k}_{i} -> n{k + 1}_{j} [label="{w:.3g}", color="{colour}", penwidth={width:.2f}];')
    lines.append("}")
    return "\n".join(lines) + "\n"
