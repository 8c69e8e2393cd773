"""Synaptic 1.x `Network.toJSON()` output: read it into Parts, and write a network in it.

Synaptic lists neurons input layer first, then hidden layers 0, 1, ..., then the
output layer; each has a bias, a layer label and a squash name. Connections
name their neurons by position in that list. Only layered feed-forward
networks can be read: gated connections, self-connections (together, LSTM
memory cells) and connections that skip or go back a layer are refused by name.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.api import squash as sq
from nnviz.api.formats.common import Parts
from nnviz.errors import ConfigError, ModelFormatError
from nnviz.io import Checker, brief, caps

KIND = "Synaptic JSON"
check = Checker(ModelFormatError, KIND)
SYNAPTIC_LEARNING_RATE = 0.1  # Synaptic's rate when none is given


def _layer_key(label: Any, i: int) -> tuple[int, int]:
    """(group, hidden index): group 0 input, 1 hidden, 2 output."""
    if label == "input":
        return (0, 0)
    if label == "output":
        return (2, 0)
    if isinstance(label, int) and not isinstance(label, bool) and label >= 0:
        return (1, label)
    if isinstance(label, str) and label.isdigit():
        return (1, int(label))
    raise check.fail(f"neuron {i} has layer {brief(label)}; expected \"input\", \"output\" or a hidden layer number")


def _squash(name: Any, i: int) -> sq.Squash:
    if name is None:  # Synaptic writes null for squashes it cannot name, and reads them as LOGISTIC
        return sq.LOGISTIC
    if isinstance(name, str) and name in sq.SYNAPTIC_NAMES:
        return sq.lookup(name)
    raise check.fail(f"neuron {i} has squash {brief(name)}; Synaptic's squashes are {', '.join(sq.SYNAPTIC_NAMES)}")


def _refuse_recurrent(neurons: list[Any], connections: list[Any]) -> None:
    gated = sum(1 for c in connections if isinstance(c, dict) and c.get("gater") is not None)
    selfs = sum(1 for c in connections if isinstance(c, dict) and "from" in c and c.get("from") == c.get("to"))
    traced = sum(1 for n in neurons if isinstance(n, dict) and isinstance(n.get("trace"), dict)
                 and n["trace"].get("extended"))
    if gated or traced:
        gates = f"{gated} gated connection{'s' * (gated != 1)}" if gated else "gating traces"
        more = f" and {selfs} self-connection{'s' * (selfs != 1)}" if selfs else ""
        raise check.fail(f"this network uses gates ({gates}{more}), as LSTM memory cells do; nnviz supports "
                         "layered feed-forward networks only")
    if selfs:
        raise check.fail(f"this network has {selfs} self-connection{'s' * (selfs != 1)} (a recurrent network); "
                         "nnviz supports layered feed-forward networks only")


def read(data: dict[str, Any]) -> Parts:
    """Parts of a Synaptic network JSON object (ModelFormatError when it cannot be used)."""
    neurons = check.array(data.get("neurons"), "neurons")
    connections = check.array(data.get("connections"), "connections")
    _refuse_recurrent(neurons, connections)
    if not neurons:
        raise check.fail("the network has no neurons")
    if len(neurons) > len(connections) + 1:  # fully connected layers of N neurons have at least N - 1 connections
        raise check.fail(f"{len(neurons):,} neurons but only {len(connections):,} connections; a layered "
                         f"feed-forward network of {len(neurons):,} neurons has at least {len(neurons) - 1:,}")
    groups: dict[tuple[int, int], list[int]] = {}
    biases: list[float] = []
    squashes: list[sq.Squash] = []
    for i, item in enumerate(neurons):
        n = check.obj(item, f"neuron {i}")
        groups.setdefault(_layer_key(n.get("layer"), i), []).append(i)
        biases.append(check.number(n.get("bias"), f"neuron {i}'s bias"))
        squashes.append(_squash(n.get("squash"), i))
    hidden = sorted(k for k in groups if k[0] == 1)
    if [k[1] for k in hidden] != list(range(len(hidden))):
        raise check.fail(f"hidden layers must be numbered 0, 1, ... without gaps, got {[k[1] for k in hidden]}")
    for key, name in (((0, 0), "input"), ((2, 0), "output")):
        if key not in groups:
            raise check.fail(f"the network has no {name} neurons")
    order = [(0, 0), *hidden, (2, 0)]
    layers = [groups[k] for k in order]
    sizes = tuple(len(layer) for layer in layers)
    caps.check_layers(sizes, ModelFormatError, KIND)  # before any weight matrix is built
    names = ["the input layer", *[f"hidden layer {k[1]}" for k in hidden], "the output layer"]
    where = {n: (l, j) for l, layer in enumerate(layers) for j, n in enumerate(layer)}
    weights = [np.full((len(layers[l + 1]), len(layers[l])), np.nan) for l in range(len(layers) - 1)]
    for c_i, item in enumerate(connections):
        c = check.obj(item, f"connection {c_i}")
        src = check.whole(c.get("from"), f"connection {c_i}'s from")
        dst = check.whole(c.get("to"), f"connection {c_i}'s to")
        w = check.number(c.get("weight"), f"connection {c_i}'s weight")
        for end in (src, dst):
            if end >= len(neurons):
                raise check.fail(f"connection {c_i} names neuron {end}, but there are only {len(neurons)} neurons")
        (ls, js), (ld, jd) = where[src], where[dst]
        if ld != ls + 1:
            raise check.fail(f"connection {c_i} goes from {names[ls]} to {names[ld]}; nnviz supports layered "
                             "feed-forward networks, where each layer projects only to the next")
        if not np.isnan(weights[ls][jd, js]):
            raise check.fail(f"connection {c_i} repeats the connection from neuron {src} to neuron {dst}")
        weights[ls][jd, js] = w
    for l, W in enumerate(weights):
        missing = np.argwhere(np.isnan(W))
        if len(missing):
            jd, js = (int(v) for v in missing[0])
            raise check.fail(f"neuron {layers[l][js]} ({names[l]}) does not project to neuron {layers[l + 1][jd]} "
                             f"({names[l + 1]}); nnviz supports fully connected layers only")
    layer_squashes = []
    for l, layer in enumerate(layers[1:], start=1):
        kinds = {squashes[i].name for i in layer}
        if len(kinds) > 1:
            raise check.fail(f"{names[l]} mixes the squashes {', '.join(sorted(kinds))}; nnviz gives every "
                             "neuron of a layer the same squash")
        layer_squashes.append(squashes[layer[0]])
    return Parts(
        sizes=sizes,
        squashes=layer_squashes,
        weights=weights,
        biases=[np.array([biases[i] for i in layer]) for layer in layers[1:]],
        in_bias=[biases[i] for i in layers[0]],
        in_squash=[squashes[i] for i in layers[0]],
        rule="synaptic",
        learning_rate=SYNAPTIC_LEARNING_RATE,
        momentum=0.0,
    )


def write(parts: Parts, activations: list[list[float]] | None = None,
          states: list[list[float]] | None = None) -> dict[str, Any]:
    """Synaptic network JSON for Parts (and optionally each neuron's last activation and state)."""
    for s in parts.squashes:
        if s.name not in sq.SYNAPTIC_NAMES:
            raise ConfigError(f"Synaptic has no {s.name} squash; it knows {', '.join(sq.SYNAPTIC_NAMES)}")
    L = len(parts.sizes) - 1
    in_bias = parts.in_bias or [0.0] * parts.sizes[0]
    in_squash = parts.in_squash or [sq.LOGISTIC] * parts.sizes[0]
    neurons: list[dict[str, Any]] = []
    first = []
    for l, n in enumerate(parts.sizes):
        first.append(len(neurons))
        label: Any = "input" if l == 0 else "output" if l == L else l - 1
        for j in range(n):
            squash = in_squash[j] if l == 0 else parts.squashes[l - 1]
            bias = in_bias[j] if l == 0 else float(parts.biases[l - 1][j])
            a = activations[l][j] if activations else 0.0
            state = states[l][j] if states and l else 0.0
            neurons.append({"trace": {"elegibility": {}, "extended": {}}, "state": state, "old": state,
                            "activation": a, "bias": bias, "layer": label,
                            "squash": squash.name if squash.name in sq.SYNAPTIC_NAMES else "LOGISTIC"})
    connections = []
    for l in range(L):
        W = parts.weights[l]
        for i in range(parts.sizes[l]):
            for j in range(parts.sizes[l + 1]):
                connections.append({"from": first[l] + i, "to": first[l + 1] + j, "weight": float(W[j, i]),
                                    "gater": None})
    return {"neurons": neurons, "connections": connections}
