"""brain.js `NeuralNetwork.toJSON()` output (1.x and 2.x): read it into Parts, and write it.

- 1.x: `layers[l]` is an object keyed "0", "1", ... of {"bias": b, "weights":
  {"0": w, ...}}; layer 0 holds empty objects. The activation is top-level.
- 2.x: `layers[l]` is {"weights": [[...], ...], "biases": [...]} with row j
  holding neuron j's weights from the previous layer; the activation is in
  `trainOpts` (or `options`).
- Some writers put `weights` and `biases` (one entry per layer) at the top level.

brain.js trains with textbook backprop and momentum, so an imported network
uses the "backprop" rule with the file's learningRate and momentum.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.api import squash as sq
from nnviz.api.formats.common import Parts, sizes_of
from nnviz.errors import ConfigError, ModelFormatError
from nnviz.io import Checker, brief

KIND = "brain.js JSON"
check = Checker(ModelFormatError, KIND)
ACTIVATIONS = {"sigmoid": sq.LOGISTIC, "relu": sq.RELU, "leaky-relu": sq.LEAKY_RELU, "tanh": sq.TANH}
NAMES = {v.name: k for k, v in ACTIVATIONS.items()}
DEFAULTS = {"learningRate": 0.3, "momentum": 0.1, "iterations": 20000, "errorThresh": 0.005}


def _activation(data: dict[str, Any]) -> sq.Squash:
    name: Any = data.get("activation")
    for key in ("trainOpts", "options"):
        if name is None and isinstance(data.get(key), dict):
            name = data[key].get("activation")
    if name is None:
        return sq.LOGISTIC
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise check.fail(f"activation {brief(name)} is not one of brain.js's {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def _refuse(data: dict[str, Any]) -> None:
    kind = data.get("type")
    if kind not in (None, "NeuralNetwork", "NeuralNetworkGPU"):
        name = kind if isinstance(kind, str) and len(kind) <= 40 else brief(kind)
        raise check.fail(f"brain.js {name} networks are not supported; nnviz reads brain.js NeuralNetwork JSON "
                         "(layered feed-forward networks)")
    for key in ("inputLookup", "outputLookup"):
        if data.get(key) not in (None, False, {}):
            raise check.fail(f"{key} (named inputs or outputs) is not supported; train the brain.js network "
                             "on arrays of numbers")


def _layer_1x(layer: dict[str, Any], l: int, n: int, n_in: int) -> tuple[np.ndarray, np.ndarray]:
    rows, b = [], []  # lists, not arrays sized from `sizes`: a bad file must not make us allocate much
    for j in range(n):
        node = check.obj(layer.get(str(j)), f"layers[{l}][\"{j}\"]")
        b.append(check.number(node.get("bias"), f"layers[{l}][\"{j}\"].bias"))
        ws = check.obj(node.get("weights"), f"layers[{l}][\"{j}\"].weights")
        if len(ws) != n_in:
            raise check.fail(f"layers[{l}][\"{j}\"].weights must have {n_in} entries (sizes[{l - 1}]), got {len(ws)}")
        rows.append([check.number(ws.get(str(i)), f"layers[{l}][\"{j}\"].weights[\"{i}\"]") for i in range(n_in)])
    if len(layer) != n:
        raise check.fail(f"layers[{l}] must have {n} neurons (sizes[{l}]), got {len(layer)}")
    return np.array(rows, dtype=np.float64).reshape(n, n_in), np.array(b, dtype=np.float64)


def _matrix(rows: Any, biases: Any, where: str, n: int, n_in: int) -> tuple[np.ndarray, np.ndarray]:
    items = check.array(rows, f"{where}.weights", n)
    W = np.array([check.numbers(r, f"{where}.weights[{j}]", n_in) for j, r in enumerate(items)]).reshape(n, n_in)
    return W, np.array(check.numbers(biases, f"{where}.biases", n))


def read(data: dict[str, Any]) -> Parts:
    """Parts of a brain.js NeuralNetwork JSON object (ModelFormatError when it cannot be used)."""
    _refuse(data)
    sizes = sizes_of(data.get("sizes"), check)
    squash = _activation(data)
    weights, biases = [], []
    if "layers" in data:
        layers = check.array(data["layers"], "layers", len(sizes))
        for l in range(1, len(sizes)):
            layer = check.obj(layers[l], f"layers[{l}]")
            if isinstance(layer.get("weights"), list):
                W, b = _matrix(layer["weights"], layer.get("biases"), f"layers[{l}]", sizes[l], sizes[l - 1])
            else:
                W, b = _layer_1x(layer, l, sizes[l], sizes[l - 1])
            weights.append(W)
            biases.append(b)
    elif "weights" in data and "biases" in data:
        ws, bs = check.array(data["weights"], "weights"), check.array(data["biases"], "biases")
        skip = 1 if len(ws) == len(sizes) else 0  # entry 0 (the input layer) may be listed, empty
        if len(ws) - skip != len(sizes) - 1 or len(bs) != len(ws):
            raise check.fail(f"weights and biases need one entry per layer after the input "
                             f"({len(sizes) - 1}), got {len(ws)} and {len(bs)}")
        for l in range(1, len(sizes)):
            W, b = _matrix(ws[l - 1 + skip], bs[l - 1 + skip], f"layer {l}", sizes[l], sizes[l - 1])
            weights.append(W)
            biases.append(b)
    else:
        raise check.fail("expected \"layers\" (brain.js 1.x or 2.x) or \"weights\" and \"biases\"")
    given = data.get("trainOpts")
    opts: dict[str, Any] = given if isinstance(given, dict) else {}
    if squash is sq.LEAKY_RELU:
        alpha = check.number(opts.get("leakyReluAlpha", data.get("leakyReluAlpha", sq.LEAKY_SLOPE)),
                       "trainOpts.leakyReluAlpha")
        if alpha != sq.LEAKY_SLOPE:
            raise check.fail(f"leakyReluAlpha {alpha:g} is not supported: nnviz's leaky-relu has the slope "
                             f"{sq.LEAKY_SLOPE:g} (brain.js's default)")
    settings = {}
    for key, default in DEFAULTS.items():
        value = opts.get(key, default)
        settings[key] = (check.whole(value, f"trainOpts.{key}") if key == "iterations"
                         else check.number(value, f"trainOpts.{key}"))
    return Parts(sizes=sizes, squashes=[squash] * (len(sizes) - 1), weights=weights, biases=biases,
                 rule="backprop", learning_rate=settings["learningRate"], momentum=settings["momentum"],
                 iterations=int(settings["iterations"]))


def _name(parts: Parts) -> str:
    names = {s.name for s in parts.squashes}
    if len(names) != 1 or parts.squashes[0].name not in NAMES:
        have = ", ".join(sorted(names))
        raise ConfigError(f"brain.js gives every layer one activation out of {', '.join(ACTIVATIONS)}; "
                          f"this network uses {have}")
    return NAMES[parts.squashes[0].name]


def _train_opts(parts: Parts, name: str) -> dict[str, Any]:
    return {"activation": name, "iterations": parts.iterations, "errorThresh": DEFAULTS["errorThresh"],
            "learningRate": parts.learning_rate, "momentum": parts.momentum, "leakyReluAlpha": sq.LEAKY_SLOPE}


def write(parts: Parts) -> dict[str, Any]:
    """brain.js 2.x NeuralNetwork JSON for Parts."""
    name = _name(parts)
    layers: list[dict[str, Any]] = [{"weights": [], "biases": []}]
    for W, b in zip(parts.weights, parts.biases, strict=True):
        layers.append({"weights": np.asarray(W, dtype=float).tolist(), "biases": np.asarray(b, dtype=float).tolist()})
    sizes = list(parts.sizes)
    return {
        "type": "NeuralNetwork",
        "sizes": sizes,
        "layers": layers,
        "inputLookup": None,
        "inputLookupLength": 0,
        "outputLookup": None,
        "outputLookupLength": 0,
        "options": {"inputSize": sizes[0], "hiddenLayers": sizes[1:-1], "outputSize": sizes[-1],
                    "binaryThresh": 0.5},
        "trainOpts": _train_opts(parts, name),
    }


def write_1x(parts: Parts) -> dict[str, Any]:
    """brain.js 1.x NeuralNetwork JSON for Parts."""
    name = _name(parts)
    layers: list[dict[str, Any]] = [{str(i): {} for i in range(parts.sizes[0])}]
    for W, b in zip(parts.weights, parts.biases, strict=True):
        layers.append({str(j): {"bias": float(b[j]), "weights": {str(i): float(W[j, i]) for i in range(W.shape[1])}}
                       for j in range(W.shape[0])})
    return {"sizes": list(parts.sizes), "layers": layers, "outputLookup": False, "inputLookup": False,
            "activation": name, "trainOpts": _train_opts(parts, name)}
