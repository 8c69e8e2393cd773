"""Training health: divergence caught on the loss, inputs that overflow refused, a collapsed network reported."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from nnviz import data as nd
from nnviz.errors import DataError, DivergenceError
from nnviz.session import Config, Session
from nnviz.session.health import COLLAPSE_EPOCHS, CollapseWatch, collapse_finding

DIVERGED = re.compile(
    r"^diverged at epoch (\d+): loss became (inf|NaN); weights restored to epoch (\d+); "
    r"lower the learning rate \(now 10\)$"
)


def test_a_loss_gone_infinite_is_caught_while_the_weights_are_still_finite():
    # ReLU on the plane at learning rate 10: the loss overflows epochs before the weights do
    s = Session(Config(dataset="plane", activation="relu", learning_rate=10.0))
    with pytest.raises(DivergenceError) as caught:
        s.train(50)
    match = DIVERGED.match(str(caught.value))
    assert match, str(caught.value)
    bad, restored = int(match.group(1)), int(match.group(3))
    assert restored == s.epoch == bad - 1
    assert s.diverged == str(caught.value) == s.snapshot(10).diverged
    # the state given back has finite weights AND a finite loss, and so does every recorded epoch
    assert np.isfinite(s.net.params).all() and math.isfinite(s.metrics().train_loss)
    assert np.isfinite(s.history.view().train_loss).all()


def test_every_batch_is_checked_not_only_epoch_ends():
    s = Session(Config(dataset="plane", activation="linear", learning_rate=0.01, batch_size=1))
    s.train(1)
    good = s.net.params.copy()
    s.net.params[...] = 1e200  # absurd weights mid-epoch: the next batch's loss overflows
    with pytest.raises(DivergenceError, match=r"^diverged at epoch 2: loss became inf; weights restored to epoch 1"):
        s.step(1)
    assert np.array_equal(s.net.params, good) and s.epoch == 1


def test_an_epoch_end_with_an_infinite_training_loss_is_never_a_rollback_target():
    s = Session(Config(dataset="plane", activation="linear", learning_rate=0.01))
    s.train(2)
    good = s.net.params.copy()
    s.trainer.batch_error = 0.0
    # weights finite but the loss over the training set is not: the epoch-end check catches it
    s.net.params[...] = 1e160
    with pytest.raises(DivergenceError, match="loss became inf; weights restored to epoch 2"):
        s.guard.epoch_ended()
    assert np.array_equal(s.net.params, good)


def test_inputs_whose_features_overflow_are_refused_naming_the_row(tmp_path):
    huge = tmp_path / "huge.csv"
    huge.write_text("x1,x2,label\n1,2,0\n-1,0,1\n3e200,1,1\n")
    with pytest.raises(DataError, match=r"^huge: data row 3 \(x1 = 3e\+200, x2 = 1\) is beyond ±1e\+150"):
        Session(Config(dataset="csv", csv_path=str(huge), features=("x1", "x2", "x1sq")))
    session = Session()
    with pytest.raises(DataError, match="data row 3"):
        session.set_data(nd.parse_csv(huge.read_text(), "huge.csv"))
    big = tmp_path / "big.csv"
    big.write_text("x1,x2,label\n1,2,0\n-1,0,1\n3e100,1,1\n")
    Session(Config(dataset="csv", csv_path=str(big), features=("x1", "x2", "x1sq"))).train(1)


def _relu_acts(hidden_rows: np.ndarray, out: np.ndarray) -> list[np.ndarray]:
    return [np.zeros((2, out.shape[1])), hidden_rows, out]


def test_a_dead_relu_layer_and_a_constant_output_are_named():
    dead = _relu_acts(np.zeros((8, 5)), np.full((1, 5), 0.3))
    assert collapse_finding(dead, ("relu", "tanh"), 5, 10.0) == (
        "all 8 ReLU units of layer 1 are dead: the learning rate (10) is too high or the initial weights too large"
    )
    alive = np.zeros((8, 5))
    alive[3, 4] = 0.1  # one unit fires on one training point
    flat = _relu_acts(alive, np.full((1, 5), 0.3))
    flat_finding = collapse_finding(flat, ("relu", "tanh"), 5, 10.0)
    assert flat_finding.startswith("the output is the same for every training point")
    assert collapse_finding(flat, ("relu", "tanh"), 5, 10.0, targets_vary=False) == ""  # constant is right then
    varied = _relu_acts(alive, np.linspace(-1, 1, 5)[None, :])
    assert collapse_finding(varied, ("relu", "tanh"), 5, 10.0) == ""
    # a tanh layer of zeros is not "dead ReLU"; only training columns count
    assert collapse_finding(_relu_acts(np.zeros((8, 5)), np.linspace(-1, 1, 5)[None, :]), ("tanh", "tanh"), 5, 1) == ""
    test_only = np.zeros((8, 7))
    test_only[:, 5:] = 1.0
    assert "dead" in collapse_finding(_relu_acts(test_only, np.linspace(-1, 1, 7)[None, :]), ("relu", "tanh"), 5, 1)


def test_the_warning_needs_several_epochs_in_a_row_and_clears_on_recovery():
    watch = CollapseWatch()
    for _ in range(COLLAPSE_EPOCHS - 1):
        assert watch.observe("dead") == ""
    assert watch.observe("dead") == "dead"
    assert watch.observe("") == "" and watch.streak == 0


def test_a_collapsed_run_warns_through_the_session_and_the_frame():
    s = Session(Config(dataset="xor", activation="relu", learning_rate=10.0))
    s.train(300)
    assert re.fullmatch(
        r"all \d+ ReLU units of layer \d are dead: "
        r"the learning rate \(10\) is too high or the initial weights too large",
        s.warning,
    ), s.warning
    assert s.snapshot(10).warning == s.warning
    s.reset()
    assert s.warning == ""


def test_a_constant_output_is_no_collapse_when_the_targets_are_constant(tmp_path):
    # every point alike: any network's output is the same on all of them, and rightly so
    same = tmp_path / "same.csv"
    same.write_text("# nnviz: kind=regression\nx1,x2,label\n" + "0.5,-0.25,0.5\n" * 20)
    s = Session(Config(dataset="csv", csv_path=str(same), learning_rate=0.1))
    s.train(2 * COLLAPSE_EPOCHS)
    assert s.warning == ""
    s.evaluation.targets_vary = True  # as if the labels differed: now the same output is a collapse
    s.train(COLLAPSE_EPOCHS)
    assert s.warning.startswith("the output is the same for every training point")


def test_a_healthy_run_has_no_warning():
    s = Session(Config(dataset="circle", activation="relu", learning_rate=0.03))
    s.train(60)
    assert s.warning == "" and s.snapshot(10).warning == ""


def test_epoch_ends_the_history_skips_are_checked_only_when_a_rollback_needs_them():
    s = Session(Config(dataset="plane", activation="linear", learning_rate=0.01))
    s.train(2)
    s.history.stride = 1000  # as after many epochs: epochs 3, 4, 5 are not evaluated
    s.train(3)
    assert [epoch for _, epoch, _ in s.guard.rollback.candidates] == [3, 4, 5]
    epoch4 = s.guard.rollback.candidates[1][0].copy()
    s.guard.rollback.candidates[-1][0][...] = 1e160  # epoch 5's kept state: finite weights, infinite loss
    s.net.params[...] = 1e200
    with pytest.raises(DivergenceError, match="loss became inf; weights restored to epoch 4;"):
        s.step(1)
    assert np.array_equal(s.net.params, epoch4) and math.isfinite(s.metrics().train_loss)
    assert not s.guard.rollback.candidates  # the good state is the newest now
