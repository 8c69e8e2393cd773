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
import os
from typing import Any

import numpy as np

from nnviz.api import squash as sq
from nnviz.api.formats import brainjs as brainjs_json
from nnviz.api.formats import synaptic as synaptic_json
from nnviz.api.formats.common import Parts, sizes_of
from nnviz.errors import ConfigError, ModelFormatError, unknown_name
from nnviz.io import Checker, brief, caps, parse_json, read_json, write_atomic

FORMAT = "nnviz.network"
VERSION = 1
KIND = "nnviz network JSON"
check = Checker(ModelFormatError, KIND)
FORMATS = ("nnviz", "synaptic", "brainjs", "brainjs1")
MAX_FILE_BYTES = caps.MAX_FILE_BYTES


def _activation(name: Any, where: str) -> sq.Squash:
    if not isinstance(name, str):
        raise check.fail(f"{where} must be an activation name, got {brief(name)}")
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
        raise check.fail(f"training.rule {brief(rule)} is not 'synaptic' or 'backprop'")
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
            raise ModelFormatError(f"unknown network format {brief(data['format'])}; nnviz reads {FORMAT!r}, "
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


def read_parts(data: Any, *, format: str = "auto") -> Parts:
    """The Parts of network JSON (a dict, or JSON text) in any supported format."""
    raw = parse(data)
    fmt = detect(raw) if format == "auto" else format
    if fmt not in READERS:
        raise ConfigError(f"unknown network format {format!r}; choose auto, {', '.join(FORMATS)}")
    return READERS[fmt](raw)


def write_doc(parts: Parts, format: str = "nnviz", activations: list[list[float]] | None = None,
              states: list[list[float]] | None = None) -> dict[str, Any]:
    """Parts as a JSON-ready dict in one format (Synaptic's also holds each neuron's activation and state)."""
    if not all(np.isfinite(W).all() and np.isfinite(b).all() for W, b in zip(parts.weights, parts.biases, strict=True)):
        raise ConfigError("the network's weights are not all finite numbers (training diverged?), and no JSON "
                          "format can hold them; nothing was written")
    if format == "nnviz":
        return write_nnviz(parts)
    if format == "synaptic":
        return synaptic_json.write(parts, activations, states)
    if format == "brainjs":
        return brainjs_json.write(parts)
    if format == "brainjs1":
        return brainjs_json.write_1x(parts)
    raise ConfigError(unknown_name("network format", format, FORMATS))


def write_file(doc: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write a network JSON document to a file, atomically."""
    text = json.dumps(doc, indent=1)
    write_atomic(path, text + "\n", error=ModelFormatError, what="the network file")


def read_file(path: str | os.PathLike[str]) -> Parts:
    """The Parts of a network JSON file in any supported format."""
    doc = read_json(path, error=ModelFormatError, what="network JSON file", max_bytes=MAX_FILE_BYTES)
    try:
        return read_parts(doc)
    except ModelFormatError as exc:
        raise ModelFormatError(f"{path}: {exc}") from None
