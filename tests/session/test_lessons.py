"""Each built-in lesson loads from its file and trains headless to the outcome its text promises."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from nnviz.data import FEATURES
from nnviz.errors import DivergenceError
from nnviz.session import Session
from nnviz.session.files import load_session, session_to_dict
from nnviz.session.lesson_book import LESSONS, make_lesson
from nnviz.session.lessons import lessons_dir, list_lessons


def _open(number: int) -> Session:
    session = load_session(lessons_dir() / LESSONS[number - 1].file)
    assert session.lesson is not None and session.lesson["title"].startswith(f"{number}.")
    return session


def _accuracy_after(session: Session, epochs: int) -> float:
    accuracy = session.train(epochs).train_accuracy
    assert accuracy is not None
    return accuracy


def test_every_lesson_is_listed_with_title_and_text() -> None:
    entries = list_lessons()
    assert [e.path.name for e in entries] == [lesson.file for lesson in LESSONS]
    assert len(entries) >= 8
    for entry, lesson in zip(entries, LESSONS, strict=True):
        assert entry.title == lesson.title
        assert "**Try this**" in lesson.text and "\n1. " in lesson.text  # Markdown: paragraphs and steps
        # lesson text is shown as Markdown with markup escaped: an HTML tag would be read out as "<b>"
        assert re.search(r"</?[A-Za-z][^>]*>", lesson.text) is None, lesson.title


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.file for lesson in LESSONS])
def test_lesson_files_are_what_the_book_makes(lesson) -> None:  # type: ignore[no-untyped-def]
    """The committed files are up to date (regenerate: python -m nnviz.session.lesson_book resources/lessons)."""
    on_disk = json.loads((lessons_dir() / lesson.file).read_text(encoding="utf-8"))
    fresh = json.loads(json.dumps(session_to_dict(make_lesson(lesson))))
    assert on_disk == fresh


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.file for lesson in LESSONS])
def test_a_lesson_without_hidden_layers_names_its_neurons_activation_in_the_panel(lesson) -> None:  # type: ignore[no-untyped-def]
    """The network panel's "All layers" box shows `config.activation` when there is no hidden layer: a lesson
    that picks its output's activation (lesson 1: sigmoid, as its text says) shows that one, not tanh."""
    config = make_lesson(lesson).config
    if not config.hidden and config.output_activation != "auto":
        assert config.activation == config.output_activation


def test_lesson_1_two_neurons_learn_one_to_zero() -> None:
    session = _open(1)
    assert session.net.sizes == (1, 1) and session.net.activations == ("sigmoid",)
    assert session.predict(np.array([[1.0, 0.0]]))[0, 0] > 0.5
    session.train(1000)
    assert session.predict(np.array([[1.0, 0.0]]))[0, 0] < 0.01


def test_lesson_2_xor_fails_without_and_learns_with_a_hidden_layer() -> None:
    session = _open(2)
    assert session.net.sizes == (2, 1)
    assert max(_accuracy_after(session, 250) for _ in range(8)) < 0.8  # never above 3 of 4 rows
    session = session.with_config(session.config.replace(hidden=(3,)))  # what the text asks for
    assert session.net.sizes == (2, 3, 1) and session.config.learning_rate == 0.3
    assert _accuracy_after(session, 1000) == 1.0


@pytest.mark.parametrize("gate", ["xor_gate", "and", "or"])
def test_lesson_3_logic_gates_on_2_10_10_1(gate: str) -> None:
    session = _open(3)
    assert session.net.sizes == (2, 10, 10, 1) and session.config.optimizer == "momentum"
    assert session.config.momentum == 0.1 and session.optimizer.momentum == 0.1  # the article's coefficient
    if gate != "xor_gate":
        session = session.with_config(session.config.replace(dataset=gate))
    assert _accuracy_after(session, 2000 if gate == "xor_gate" else 500) == 1.0  # as the text says


def test_lesson_4_quadrants_with_four_training_points() -> None:
    session = _open(4)
    assert len(session.train_set.points) == 4 and len(session.test_set.points) == 400
    flat = session.train(400)
    assert flat.train_accuracy == 1.0 and flat.test_accuracy is not None and flat.test_accuracy >= 0.99
    session = session.with_config(session.config.replace(hidden=(8,)))
    hidden = session.train(400)
    assert hidden.train_accuracy == 1.0 and hidden.test_accuracy is not None
    assert hidden.test_accuracy < flat.test_accuracy


def test_lesson_5_test_loss_has_a_minimum_before_the_last_epoch() -> None:
    session = _open(5)
    test_losses, train_losses = [], []
    for _ in range(300):
        session.run_epoch()
        test_losses.append(session.metrics().test_loss)
        train_losses.append(session.metrics().train_loss)
    best = int(np.argmin(test_losses))
    assert best < 100 and test_losses[-1] > 1.1 * test_losses[best]  # falls, then rises
    assert train_losses[-1] < train_losses[best]  # while the training loss kept falling


def test_lesson_6_features_beat_depth_on_the_spiral() -> None:
    session = _open(6)
    assert session.config.features == FEATURES
    assert (session.train(300).test_accuracy or 0.0) > 0.95
    session = session.with_config(session.config.replace(features=("x1", "x2"), hidden=(8, 8, 8)))
    assert (session.train(300).test_accuracy or 1.0) < 0.8


def test_lesson_7_diverges_rolls_back_and_converges_at_a_lower_rate() -> None:
    session = _open(7)
    with pytest.raises(DivergenceError, match="diverged"):
        session.train(100)
    assert np.isfinite(session.net.params).all() and "diverged" in session.diverged
    assert 0 < session.epoch < 100  # the weights of the last good epoch came back
    session.set_learning_rate(0.03)  # as the text says: a lower rate, new weights, Play
    session.reset()
    assert session.train(100).train_loss < 0.01


def test_lesson_8_l1_keeps_the_squares_path() -> None:
    session = _open(8)
    session.train(300)
    strength = np.abs(session.net.weights(1)).sum(axis=0)  # (7,) total weight out of each feature
    squares = [FEATURES.index("x1sq"), FEATURES.index("x2sq")]
    others = [i for i in range(len(FEATURES)) if i not in squares]
    assert strength[squares].min() > 10 * strength[others].max()
    zeros = int((session.net.weights(1)[:, others] == 0.0).sum())
    assert zeros >= session.net.weights(1)[:, others].size // 4  # L1 set many of them to exactly 0


def test_lesson_9_penguins_on_a_slice_with_a_confusion_matrix() -> None:
    session = _open(9)
    assert session.data.n == 342 and session.data.class_names == ("Adelie", "Chinstrap", "Gentoo")
    frame = session.snapshot(4)
    assert frame.plane is not None and frame.plane.axis_names == ("bill_length_mm", "bill_depth_mm")
    metrics = session.train(50)
    assert metrics.test_accuracy is not None and metrics.test_accuracy > 0.95
    train, test = session.snapshot(4).confusion  # type: ignore[misc]
    assert np.trace(test) == round(metrics.test_accuracy * test.sum())
    assert (np.diag(train) > train.sum(axis=1) * 0.9).all()  # every species mostly right
