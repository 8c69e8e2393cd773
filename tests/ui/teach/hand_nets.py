"""Small sessions with hand-set weights and one training sample, and their numbers worked out by hand.

The expected values use only `math` and the textbook formulas written out here, never the engine.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.data import Dataset
from nnviz.session import Config, Session

X = (0.5, -0.5)  # the one training point
W1 = [[0.31, -1.2], [0.4, 0.7]]  # hidden layer: 2 neurons, 2 inputs
B1 = [0.1, -0.2]


def _session(config: Config, w2: list[list[float]], b2: list[float], label: float, n_classes: int) -> Session:
    kind = "regression" if config.problem == "regression" else "classification"
    data = Dataset(np.array([X]), np.array([label]), kind, n_classes)
    session = Session(config, data=data)
    net = session.net
    net.weights(1)[...] = W1
    net.biases(1)[...] = B1
    net.weights(2)[...] = w2
    net.biases(2)[...] = b2
    session.restore_state(net.params.copy(), data, data)
    return session


def tanh_mse() -> tuple[Session, dict]:
    """2-2-1 tanh with the mean squared error; class 1 has target +1."""
    config = Config(dataset="xor", hidden=(2,), activation="tanh", batch_size=1, learning_rate=0.1)
    session = _session(config, [[0.8, -0.6]], [0.05], 1, 2)
    z1 = [W1[j][0] * X[0] + W1[j][1] * X[1] + B1[j] for j in range(2)]
    a1 = [math.tanh(z) for z in z1]
    z2 = 0.8 * a1[0] - 0.6 * a1[1] + 0.05
    a2 = math.tanh(z2)
    y = 1.0
    loss = 0.5 * (a2 - y) ** 2
    d2 = (a2 - y) * (1 - a2 * a2)
    d1 = [(1 - a1[0] ** 2) * 0.8 * d2, (1 - a1[1] ** 2) * (-0.6) * d2]
    return session, _numbers(z1, a1, [z2], [a2], loss, [d2], d1)


def sigmoid_bce() -> tuple[Session, dict]:
    """2-2-1 sigmoid with binary cross-entropy; class 0 has target 0."""
    config = Config(dataset="xor", hidden=(2,), activation="sigmoid", output_activation="sigmoid",
                    batch_size=1, learning_rate=0.3)
    session = _session(config, [[0.8, -0.6]], [0.05], 0, 2)

    def sig(z: float) -> float:
        return 1.0 / (1.0 + math.exp(-z))

    z1 = [W1[j][0] * X[0] + W1[j][1] * X[1] + B1[j] for j in range(2)]
    a1 = [sig(z) for z in z1]
    z2 = 0.8 * a1[0] - 0.6 * a1[1] + 0.05
    a2 = sig(z2)
    y = 0.0
    loss = -(y * math.log(a2) + (1 - y) * math.log(1 - a2))
    d2 = a2 - y
    d1 = [a1[0] * (1 - a1[0]) * 0.8 * d2, a1[1] * (1 - a1[1]) * (-0.6) * d2]
    return session, _numbers(z1, a1, [z2], [a2], loss, [d2], d1)


def softmax_ce() -> tuple[Session, dict]:
    """2-2-3 tanh hidden, softmax output with cross-entropy; the sample is class 2."""
    config = Config(dataset="spiral3", hidden=(2,), activation="tanh", batch_size=1, learning_rate=0.1)
    w2 = [[0.8, -0.6], [0.2, 0.5], [-0.7, 0.3]]
    b2 = [0.05, -0.1, 0.2]
    session = _session(config, w2, b2, 2, 3)
    z1 = [W1[j][0] * X[0] + W1[j][1] * X[1] + B1[j] for j in range(2)]
    a1 = [math.tanh(z) for z in z1]
    z2 = [w2[k][0] * a1[0] + w2[k][1] * a1[1] + b2[k] for k in range(3)]
    e = [math.exp(z) for z in z2]
    a2 = [v / sum(e) for v in e]
    y = [0.0, 0.0, 1.0]
    loss = -math.log(a2[2])
    d2 = [a2[k] - y[k] for k in range(3)]
    d1 = [(1 - a1[j] ** 2) * sum(w2[k][j] * d2[k] for k in range(3)) for j in range(2)]
    return session, _numbers(z1, a1, z2, a2, loss, d2, d1)


def _numbers(z1: list[float], a1: list[float], z2: list[float], a2: list[float], loss: float,
             d2: list[float], d1: list[float]) -> dict:
    """The hand values, with the weight gradients dL/dw = delta * a of the source."""
    g1 = [[d1[j] * X[i] for i in range(2)] for j in range(2)]
    g2 = [[d2[k] * a1[j] for j in range(2)] for k in range(len(d2))]
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "loss": loss, "d1": d1, "d2": d2, "g1": g1, "g2": g2}


