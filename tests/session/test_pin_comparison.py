"""Which pinned curves the loss chart can compare with the live run: the same loss on the same kind of problem."""

from __future__ import annotations

from nnviz.session import Config, Session
from nnviz.session.files import pin_session
from nnviz.session.pins import PinBoard, comparison


def _pinned(config: Config) -> PinBoard:
    session = Session(config)
    session.train(3)
    pin_session(session)
    return session.pins


def test_a_pin_records_its_loss_and_problem() -> None:
    (info,) = _pinned(Config(dataset="spiral3", points=60)).infos()
    assert (info.loss_name, info.problem) == ("cross_entropy", "multiclass")


def test_a_classification_pin_is_not_drawn_on_a_regression_runs_loss_axis() -> None:
    (info,) = _pinned(Config(dataset="spiral3", points=60)).infos()
    drawn = comparison(info, "mse", "regression")
    assert (drawn.loss, drawn.accuracy) == (False, False) and drawn.note == "different loss: not drawn"


def test_the_same_loss_on_another_kind_of_problem_is_not_compared() -> None:
    (info,) = _pinned(Config(dataset="xor", points=40, output_activation="tanh", loss="mse")).infos()
    assert (info.loss_name, info.problem) == ("mse", "binary")
    assert not comparison(info, "mse", "regression").loss  # targets ±1 against real values: other scales


def test_two_classifiers_with_other_losses_compare_accuracy_only() -> None:
    (info,) = _pinned(Config(dataset="xor", points=40)).infos()
    drawn = comparison(info, "cross_entropy", "multiclass")
    assert (drawn.loss, drawn.accuracy, drawn.note) == (False, True, "different loss: accuracy only")
    same = comparison(info, info.loss_name, "binary")
    assert (same.loss, same.accuracy, same.note) == (True, True, "")
