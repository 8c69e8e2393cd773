"""Network JSON in and out: nnviz's own format, Synaptic's and brain.js's, told apart automatically.

nnviz's own format round-trips exactly (Python writes every float with the
digits that read back to the same value):

    {"format": "nnviz.network", "version": 1, "sizes": [2, 3, 1],
     "activations": ["sigmoid", "sigmoid"],
     "layers": [{"weights": [[w, w], [w, w], [w, w]], "biases": [b, b, b]}, ...],
     "input": {"biases": [0.0, 0.0], "activations": ["sigmoid", "sigmoid"]},
     "training": {"rule": "synaptic", "learning_rate": 0.1, "momentum": 0.0, "iterations": 20000}}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nnviz.api import squash as sq
from nnviz.api.formats import brainjs as brainjs_json
from nnviz.api.formats import synaptic as synaptic_json
from nnviz.api.formats.common import Parts, parts_of, sizes_of
from nnviz.errors import ConfigError, ModelFormatError
from nnviz.io import Checker, caps, parse_json, read_json, write_atomic

if TYPE_CHECKING:
    from nnviz.api.network import Network

FORMAT = "nnviz.network"
VERSION = 1
KIND = "nnviz network JSON"
check = Checker(ModelFormatError, KIND)
FORMATS = ("nnviz", "synaptic", "brainjs", "brainjs1")
MAX_FILE_BYTES = caps.MAX_FILE_BYTES


def _activation(name: Any, where: str) -> sq.Squash:
    if not isinstance(name, str):
        raise check.fail(f"{where} must be an activation name, got {name!r}")
    try:
        return sq.lookup(name)
    except ConfigError as exc:
        raise check.fail(f"{where}: {exc}") from None


def read_nnviz(data: dict[str, Any]) -> Parts:
    """Parts of nnviz's own network JSON."""
    check.version(data.get("version"), VERSION)
    sizes = sizes_of(data.get("sizes"), check)
    L = len(sizes) - 1
    acts = check.array(data.get("activations"), "activations", L)
    squashes = [_activation(a, f"activations[{k}]") for k, a in enumerate(acts)]
    layers = check.array(data.get("layers"), "layers", L)
    weights, biases = [], []
    for k, item in enumerate(layers):
        layer = check.obj(item, f"layers[{k}]")
        rows = check.array(layer.get("weights"), f"layers[{k}].weights", sizes[k + 1])
        weights.append(np.array([check.numbers(r, f"layers[{k}].weights[{j}]", sizes[k]) for j, r in enumerate(rows)]))
        biases.append(np.array(check.numbers(layer.get("biases"), f"layers[{k}].biases", sizes[k + 1])))
    inputs = check.obj(data.get("input", {}), "input")
    in_bias = check.numbers(inputs.get("biases", [0.0] * sizes[0]), "input.biases", sizes[0])
    in_names = check.array(inputs.get("activations", ["sigmoid"] * sizes[0]), "input.activations", sizes[0])
    in_squash = [_activation(a, f"input.activations[{j}]") for j, a in enumerate(in_names)]
    training = check.obj(data.get("training", {}), "training")
    rule = training.get("rule", "backprop")
    if rule not in ("synaptic", "backprop"):
        raise check.fail(f"training.rule {rule!r} is not 'synaptic' or 'backprop'")
    return Parts(sizes=sizes, squashes=squashes, weights=weights, biases=biases, in_bias=in_bias,
                 in_squash=in_squash, rule=rule,
                 learning_rate=check.number(training.get("learning_rate", 0.3), "training.learning_rate"),
                 momentum=check.number(training.get("momentum", 0.1), "training.momentum"),
                 iterations=check.whole(training.get("iterations", 20000), "training.iterations"))


def write_nnviz(parts: Parts) -> dict[str, Any]:
    """nnviz's own network JSON for Parts."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "sizes": list(parts.sizes),
        "activations": [s.engine for s in parts.squashes],
        "layers": [{"weights": np.asarray(W, dtype=float).tolist(), "biases": np.asarray(b, dtype=float).tolist()}
                   for W, b in zip(parts.weights, parts.biases, strict=True)],
        "input": {"biases": [float(b) for b in parts.in_bias or [0.0] * parts.sizes[0]],
                  "activations": [s.engine for s in parts.in_squash or [sq.LOGISTIC] * parts.sizes[0]]},
        "training": {"rule": parts.rule, "learning_rate": parts.learning_rate, "momentum": parts.momentum,
                     "iterations": parts.iterations},
    }


def detect(data: dict[str, Any]) -> str:
    """The format of a parsed network JSON object: "nnviz", "synaptic" or "brainjs"."""
    if "format" in data:
        if data["format"] != FORMAT:
            raise ModelFormatError(f"unknown network format {data['format']!r}; nnviz reads {FORMAT!r}, "
                                   "Synaptic and brain.js JSON")
        return "nnviz"
    if "neurons" in data or "connections" in data:
        return "synaptic"
    if "sizes" in data or "layers" in data:
        return "brainjs"
    raise ModelFormatError("not a network nnviz can read: expected nnviz JSON (\"format\": \"nnviz.network\"), "
                           "Synaptic's Network.toJSON() (\"neurons\", \"connections\") or brain.js's "
                           "NeuralNetwork.toJSON() (\"sizes\", \"layers\")")


def parse(data: Any) -> dict[str, Any]:
    """A JSON object from a dict, or JSON text (str or bytes)."""
    if isinstance(data, bytes | bytearray):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ModelFormatError("the network JSON is not UTF-8 text") from None
    if isinstance(data, str):
        data = parse_json(data, error=ModelFormatError, source="the network JSON")
    if not isinstance(data, dict):
        raise ModelFormatError(f"a network JSON must be an object {{...}}, got {type(data).__name__}")
    return data


READERS = {"nnviz": read_nnviz, "synaptic": synaptic_json.read, "brainjs": brainjs_json.read,
           "brainjs1": brainjs_json.read}


def load(data: Any, *, format: str = "auto", rule: str | None = None) -> Network:
    """A Network from network JSON (dict or text) in any supported format."""
    from nnviz.api.network import Network, check_rule

    if isinstance(data, Path):
        return read(data, rule=rule)
    raw = parse(data)
    fmt = detect(raw) if format == "auto" else format
    if fmt not in READERS:
        raise ConfigError(f"unknown network format {format!r}; choose auto, {', '.join(FORMATS)}")
    parts = READERS[fmt](raw)
    if rule is not None:
        parts.rule = check_rule(rule)
    return Network._from_parts(parts.mlp(), parts.squashes, in_bias=parts.in_bias, in_squash=parts.in_squash,
                               rule=parts.rule, learning_rate=parts.learning_rate, momentum=parts.momentum,
                               iterations=parts.iterations)


def dump(network: Network, format: str = "nnviz") -> dict[str, Any]:
    """A network as a JSON-ready dict in one format."""
    parts = parts_of(network)
    if not all(np.isfinite(W).all() and np.isfinite(b).all() for W, b in zip(parts.weights, parts.biases, strict=True)):
        raise ConfigError("the network's weights are not all finite numbers (training diverged?), and no JSON "
                          "format can hold them; nothing was written")
    if format == "nnviz":
        return write_nnviz(parts)
    if format == "synaptic":
        layers = network.layers
        acts = [[n.activation for n in layer.neurons] for layer in layers]
        states = [[n.state for n in layer.neurons] for layer in layers]
        return synaptic_json.write(parts, acts, states)
    if format == "brainjs":
        return brainjs_json.write(parts)
    if format == "brainjs1":
        return brainjs_json.write_1x(parts)
    raise ConfigError(f"unknown network format {format!r}; choose one of {', '.join(FORMATS)}")


def save(network: Network, path: str | Path, format: str = "nnviz") -> None:
    """Write a network JSON file."""
    text = json.dumps(dump(network, format), indent=1)
    write_atomic(path, text + "\n", error=ModelFormatError, what="the network file")


def read(path: str | Path, *, rule: str | None = None) -> Network:
    """Read a network JSON file in any supported format."""
    doc = read_json(path, error=ModelFormatError, what="network JSON file", max_bytes=MAX_FILE_BYTES)
    try:
        return load(doc, rule=rule)
    except ModelFormatError as exc:
        raise ModelFormatError(f"{path}: {exc}") from None
