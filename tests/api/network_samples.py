"""Network JSON as Synaptic and brain.js write it, shared by the format tests."""

from __future__ import annotations

from typing import Any

# A 2-2-1 network as Synaptic 1.1.4's Network.toJSON() writes it (hidden layer labelled "0" by for-in).
SYNAPTIC: dict[str, Any] = {
    "neurons": [
        {"trace": {"elegibility": {}, "extended": {}}, "state": 0, "old": 0, "activation": 1, "bias": 0,
         "layer": "input", "squash": "LOGISTIC"},
        {"trace": {"elegibility": {}, "extended": {}}, "state": 0, "old": 0, "activation": 0, "bias": 0,
         "layer": "input", "squash": "LOGISTIC"},
        {"trace": {"elegibility": {"7": 1}, "extended": {}}, "state": 2.5, "old": 2.4, "activation": 0.92,
         "bias": -2.5730147, "layer": "0", "squash": "LOGISTIC"},
        {"trace": {"elegibility": {}, "extended": {}}, "state": -1, "old": -1, "activation": 0.27,
         "bias": 5.8130092, "layer": 0, "squash": "LOGISTIC"},
        {"trace": {"elegibility": {}, "extended": {}}, "state": 0.1, "old": 0.1, "activation": 0.52,
         "bias": -3.8723411, "layer": "output", "squash": "LOGISTIC"},
    ],
    "connections": [
        {"from": 0, "to": 2, "weight": 6.2541874, "gater": None},
        {"from": 0, "to": 3, "weight": -3.7601982, "gater": None},
        {"from": 1, "to": 2, "weight": 6.1804532, "gater": None},
        {"from": 1, "to": 3, "weight": -3.7851143, "gater": None},
        {"from": 2, "to": 4, "weight": 8.3001854, "gater": None},
        {"from": 3, "to": 4, "weight": 8.1043912},
    ],
}

BRAIN_2X: dict[str, Any] = {
    "type": "NeuralNetwork", "sizes": [2, 3, 1],
    "layers": [{"weights": [], "biases": []},
               {"weights": [[0.16, 0.15], [-1.25, 2.5], [3.0, -0.5]], "biases": [-0.05, 0.3, 0.1]},
               {"weights": [[1.5, -2.0, 0.75]], "biases": [0.2]}],
    "inputLookup": None, "inputLookupLength": 0, "outputLookup": None, "outputLookupLength": 0,
    "options": {"inputSize": 2, "hiddenLayers": [3], "outputSize": 1, "binaryThresh": 0.5},
    "trainOpts": {"activation": "sigmoid", "iterations": 20000, "errorThresh": 0.005, "learningRate": 0.3,
                  "momentum": 0.1},
}

BRAIN_1X: dict[str, Any] = {
    "sizes": [2, 3, 1],
    "layers": [{"0": {}, "1": {}},
               {"0": {"bias": -0.05, "weights": {"0": 0.16, "1": 0.15}},
                "1": {"bias": 0.3, "weights": {"0": -1.25, "1": 2.5}},
                "2": {"bias": 0.1, "weights": {"0": 3.0, "1": -0.5}}},
               {"0": {"bias": 0.2, "weights": {"0": 1.5, "1": -2.0, "2": 0.75}}}],
    "outputLookup": False, "inputLookup": False, "activation": "sigmoid",
    "trainOpts": {"learningRate": 0.5, "momentum": 0.2},
}
