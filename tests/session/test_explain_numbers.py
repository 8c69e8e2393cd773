"""Explain mode's numbers: every shown change is visible, every shown line recomputes, 3/4/6 digits."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import numpy as np
import pytest

from nnviz.data import Dataset
from nnviz.session import Config, Session
from nnviz.session.explain import numbers
from nnviz.session.explain.phases import Phase, change
from nnviz.session.explain.sample import explain_sample
from nnviz.session.explain.text import detail
from nnviz.session.graph_refs import EdgeRef, NeuronRef
from tests.numbers_shown import significant

NUMBER = r"[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?"


@pytest.fixture(autouse=True)
def _default_digits() -> Iterator[None]:
    yield
    numbers.set_digits(numbers.DEFAULT_DIGITS)


def value(text: str) -> float:
    return float(text.replace("−", "-"))


def close_as_written(recomputed: float, written: str) -> bool:
    """Whether a recomputed result rounds to the written one at the digits it is written with."""
    w = value(written)
    unit = 10.0 ** (math.floor(math.log10(abs(w))) - significant(written) + 1) if w != 0 else 1e-300
    return abs(recomputed - w) <= 0.5 * unit * (1 + 1e-6) + 1e-300


def test_the_teacher_chooses_3_4_or_6_significant_digits() -> None:
    numbers.set_digits(3)
    assert numbers.fmt(-0.31415926) == "−0.314" and numbers.fmt(4.5213e-5) == "4.52e−5"
    numbers.set_digits(6)
    assert numbers.fmt(-0.31415926) == "−0.314159" and numbers.fmt(2.954) == "2.95400"
    with pytest.raises(ValueError, match="3, 4, 6"):
        numbers.set_digits(5)


def test_an_update_on_the_graph_never_reads_as_no_change() -> None:
    assert change(-0.314, -0.306) == "−0.314→−0.306"  # the "−0.31→−0.31"
    old, new = -2.954, -2.954 - 0.03 * 4.52e-5
    left, right = change(old, new).split("→")
    assert left != right and value(left) > value(right)
    assert change(0.25, 0.75) == "0.25→0.75"  # short where short already shows the change


def trained_session(**settings: object) -> Session:
    """A session trained until its steps are tiny against its weights, and its loss is small."""
    session = Session(Config(dataset="xor", points=60, hidden=(3,), batch_size=1, seed=2, **settings))  # type: ignore[arg-type]
    session.train(60)
    return session


@pytest.mark.parametrize("optimizer", ["sgd", "momentum"])
@pytest.mark.parametrize("digits", numbers.DIGIT_CHOICES)
def test_every_update_line_shows_its_change_and_recomputes(optimizer: str, digits: int) -> None:
    numbers.set_digits(digits)
    session = trained_session(optimizer=optimizer, learning_rate=0.03)
    lr = session.config.learning_rate
    checked = 0
    for sample in range(0, 30, 4):
        ex = explain_sample(session, sample)
        for layer in range(1, ex.n_layers + 1):
            rows, cols = ex.weights[layer - 1].shape
            for dst in range(rows):
                for src in range(cols):
                    line = detail(ex, Phase("update"), EdgeRef(layer, src, dst))[-1]
                    found = re.search(rf"= ({NUMBER}) − {re.escape(repr(lr))}·\(?({NUMBER})\)? = ({NUMBER})$", line)
                    assert found, line
                    old, step, new = found.groups()
                    assert significant(old) >= digits and significant(new) >= digits
                    assert old != new or ex.weights[layer - 1][dst, src] == ex.after(True)[0][layer - 1][dst, src]
                    assert close_as_written(value(old) - lr * value(step), new), line
                    checked += 1
    assert checked > 40


def test_a_tiny_loss_can_be_recomputed_from_the_shown_prediction() -> None:
    data = Dataset(np.array([[0.5, -0.5]]), np.array([1]), "classification", 2)
    session = Session(Config(dataset="xor", hidden=(2,), batch_size=1, activation="tanh",
                             output_activation="sigmoid", loss="bce"), data=data)
    session.net.weights(2)[...] = [[6.0, 6.0]]
    session.net.biases(2)[...] = [6.0]  # ŷ about 0.99998: the loss of 1.21e−5 with ŷ shown as 0.995
    session.restore_state(session.net.params.copy(), data, data)
    ex = explain_sample(session, 0)
    assert ex.loss < 1e-3
    line = next(line for line in detail(ex, Phase("loss"), NeuronRef(ex.n_layers, 0)) if line.startswith("L ="))
    found = re.search(rf"−\[({NUMBER})·ln ({NUMBER}) \+ ({NUMBER})·ln ({NUMBER})\] = ({NUMBER})$", line)
    assert found, line
    y, p, one_minus_y, one_minus_p, loss = found.groups()
    recomputed = -(value(y) * math.log(value(p)) + value(one_minus_y) * math.log(value(one_minus_p)))
    assert close_as_written(recomputed, loss), line
