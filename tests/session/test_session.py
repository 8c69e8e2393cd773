"""Session behaviour: determinism, live changes, divergence, snapshots, history."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.errors import ConfigError, DivergenceError
from nnviz.session import Config, Session
from nnviz.session.history import History


def test_same_config_gives_bit_identical_runs():
    a, b = Session(Config(seed=7)), Session(Config(seed=7))
    assert np.array_equal(a.net.params, b.net.params)
    a.train(20)
    b.train(20)
    assert np.array_equal(a.net.params, b.net.params)
    assert not np.array_equal(Session(Config(seed=8)).net.params, Session(Config(seed=7)).net.params)


def test_reset_goes_back_to_the_seeds_weights_and_run_and_keeps_the_data():
    s = Session(Config(seed=0))
    initial = s.net.params.copy()
    s.train(5)
    points, trained = s.train_set.points.copy(), s.net.params.copy()
    s.reset()
    assert s.epoch == 0 and len(s.history) == 0
    assert np.array_equal(points, s.train_set.points)
    assert np.array_equal(initial, s.net.params)  # the seed's weights: every student gets the teacher's network
    s.train(5)
    assert np.array_equal(trained, s.net.params)  # and the same run
    s.reset()
    s.reset()  # twice in a row: still the same
    assert np.array_equal(initial, s.net.params)
    assert not np.array_equal(initial, Session(Config(seed=1)).net.params)  # other weights: another seed


def test_regenerate_gives_new_data_and_keeps_the_weights():
    s = Session(Config(noise=20))
    points, params = s.train_set.points.copy(), s.net.params.copy()
    s.regenerate()
    assert not np.array_equal(points, s.train_set.points)
    assert np.array_equal(params, s.net.params)


def test_step_counts_batches_and_epochs():
    s = Session()  # 250 training points, batch 10: 25 batches an epoch
    assert s.trainer.batches_per_epoch == 25
    assert s.step(24) == 0 and s.epoch == 0
    assert s.step(1) == 1 and s.epoch == 1
    s.run_epoch()
    assert s.epoch == 2 and s.steps == 50


def test_live_changes_keep_the_weights():
    s = Session()
    s.train(3)
    params = s.net.params.copy()
    same = s.with_config(s.config.replace(learning_rate=0.3, batch_size=5, regularization="l2", reg_rate=0.01))
    assert same is s and np.array_equal(params, s.net.params)
    assert s.optimizer.learning_rate == 0.3 and s.trainer.batch_size == 5
    s.set_learning_rate(0.1)
    assert s.config.learning_rate == 0.1 and s.optimizer.learning_rate == 0.1


def test_shape_change_rebuilds_on_the_same_points():
    s = Session()
    s.add_point((0.5, 0.5), 1)
    n_train = len(s.train_set.points)
    old = s
    s = s.with_config(s.config.replace(hidden=(3, 3, 3)))
    assert s is not old and old.net.sizes == (2, 4, 2, 1)
    assert s.net.sizes == (2, 3, 3, 3, 1) and s.epoch == 0
    assert len(s.train_set.points) == n_train


def test_weight_edits_take_effect_at_once():
    s = Session()
    before = s.predict(np.array([[1.0, 1.0]]))
    s.set_weight(3, 0, 0, 4.0)
    s.set_bias(3, 0, -1.0)
    assert s.net.get_weight(3, 0, 0) == 4.0 and s.net.get_bias(3, 0) == -1.0
    assert not np.array_equal(before, s.predict(np.array([[1.0, 1.0]])))
    with pytest.raises(ConfigError, match="finite"):
        s.set_weight(1, 0, 0, float("nan"))


def test_points_can_be_added_and_removed():
    s = Session()
    n = len(s.train_set.points)
    s.add_point((5.9, 5.9), 0)
    assert len(s.train_set.points) == n + 1 and s.trainer.n_samples == n + 1
    assert s.remove_nearest((5.9, 5.9), max_distance=0.01)
    assert len(s.train_set.points) == n
    assert not s.remove_nearest((5.9, 5.9), max_distance=1e-9)
    with pytest.raises(ConfigError, match="class 7"):
        s.add_point((0, 0), 7)


def test_divergence_stops_and_rolls_back():
    s = Session(Config(dataset="plane", learning_rate=10, activation="linear"))
    start = s.net.params.copy()
    with pytest.raises(DivergenceError, match="diverged"):
        s.train(5)
    assert np.isfinite(s.net.params).all()
    assert np.array_equal(s.net.params, start) and s.epoch == 0
    assert "diverged" in s.snapshot(20).diverged
    s.set_learning_rate(0.001)
    s.train(2)  # training can go on after lowering the rate
    assert s.epoch == 2 and s.diverged == ""


def test_divergence_in_small_steps_rolls_back_to_the_epoch_start_not_to_absurd_weights():
    # the worker trains a few batches per call; the weights blow up over several calls inside epoch 0
    s = Session(Config(dataset="plane", learning_rate=10, activation="linear"))
    start, loss = s.net.params.copy(), s.metrics().train_loss
    with pytest.raises(DivergenceError):
        for _ in range(100):
            s.step(2)
    assert np.array_equal(s.net.params, start) and s.steps == 0
    assert s.metrics().train_loss == loss  # a usable network, not one with a loss of 1e5


def test_snapshot_shapes_and_immutability():
    s = Session(Config(hidden=(5, 3), features=("x1", "x2", "x1x2")))
    s.train(2)
    f = s.snapshot(40)
    assert f.sizes == (3, 5, 3, 1) and f.epoch == 2
    assert [g.shape for g in f.neuron_grids] == [(3, 40, 40), (5, 40, 40), (3, 40, 40), (1, 40, 40)]
    assert all(g.dtype == np.float32 for g in f.neuron_grids)
    assert [w.shape for w in f.weights] == [(5, 3), (3, 5), (1, 3)]
    assert f.boundary().shape == (40, 40)
    with pytest.raises(ValueError):
        f.weights[0][0, 0] = 1.0
    # the grid is image-ordered: row 0 is y = -6, column 0 is x = -6; x1 grows along a row
    x1 = f.neuron_grids[0][0]
    assert x1[0, 0] < x1[0, -1] and x1[0, 0] == x1[-1, 0]
    # the frame's output agrees with the float64 network at a grid point
    out = s.predict(np.array([[x1[10, 20], f.neuron_grids[0][1][10, 20]]]))[0, 0]
    assert abs(out - f.output_grid[0, 10, 20]) < 1e-5
    s.train(1)
    assert f.epoch == 2  # frames never change


def test_multiclass_snapshot_boundary_is_the_winning_class():
    s = Session(Config(dataset="quadrants", hidden=()))
    s.train(50)
    f = s.snapshot(20)
    assert f.output_grid.shape == (4, 20, 20) and f.problem == "multiclass"
    b = f.boundary()
    assert set(np.unique(b)) == {0.0, 1.0, 2.0, 3.0}


def test_history_stays_bounded_over_many_epochs():
    h = History(capacity=16)
    for epoch in range(1, 10_001):
        if h.wants(epoch):
            h.record(epoch, 1.0 / epoch, 2.0 / epoch)
    v = h.view()
    assert 8 <= len(v) <= 16 and v.epoch[-1] > 9000 and v.epoch[0] <= h.stride * 2
    assert np.all(np.diff(v.epoch) > 0)


def test_session_history_records_each_epoch_at_first():
    s = Session()
    s.train(10)
    v = s.history.view()
    assert list(v.epoch) == list(range(1, 11))
    assert v.train_loss[-1] == pytest.approx(s.metrics().train_loss)


def test_held_frames_never_change_while_buffers_are_recycled():
    s = Session(Config(hidden=(4, 4)))
    held = s.snapshot(30)
    copy = [g.copy() for g in held.neuron_grids]
    for _ in range(6):  # more frames than the buffer pool holds
        s.train(1)
        s.snapshot(30)
    assert all(np.array_equal(a, b) for a, b in zip(copy, held.neuron_grids, strict=True))
    with pytest.raises(ValueError):
        held.neuron_grids[1][0, 0, 0] = 0.0
    assert not np.array_equal(copy[-1], s.snapshot(30).neuron_grids[-1])
