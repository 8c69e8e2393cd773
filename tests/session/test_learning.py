"""The classic problems are learned, headless, through the Session."""

from __future__ import annotations

from nnviz.data import FEATURES
from nnviz.session import Config, Session


def test_xor_with_a_2_3_1_sigmoid_network():
    config = Config(
        dataset="xor_gate", hidden=(3,), activation="sigmoid", output_activation="sigmoid",
        loss="mse", learning_rate=3.0, batch_size=1,
    )
    session = Session(config)
    assert session.net.sizes == (2, 3, 1)
    m = session.train(2000)
    assert m.train_accuracy == 1.0
    out = session.net.predict(session.train_set.points)[:, 0]
    assert all((o > 0.5) == bool(lab) for o, lab in zip(out, session.train_set.labels, strict=True))


def test_circle_with_the_default_2_4_2_1_tanh_network():
    session = Session(Config())
    assert session.net.sizes == (2, 4, 2, 1) and session.net.activations == ("tanh",) * 3
    m = session.train(300)
    assert m.test_accuracy >= 0.95 and m.test_loss < 0.05


def test_spiral_with_a_tanh_network_reaches_95_percent():
    config = Config(dataset="spiral", hidden=(16, 16), features=FEATURES, optimizer="adam", learning_rate=0.01)
    m = Session(config).train(500)
    assert m.test_accuracy >= 0.95


def test_quadrants_with_no_hidden_layer():
    session = Session(Config(dataset="quadrants", hidden=()))
    assert session.net.sizes == (2, 4) and session.spec.loss == "cross_entropy"
    m = session.train(100)
    assert m.test_accuracy >= 0.95


def test_regression_on_the_plane():
    session = Session(Config(dataset="plane", hidden=(4,)))
    assert session.spec.problem == "regression" and session.net.activations[-1] == "linear"
    first = session.metrics().test_loss
    m = session.train(50)
    assert m.train_accuracy is None and m.test_loss < first / 10
