"""Session edge cases: live changes mid-epoch, emptied data, file round trips, foreign networks."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from nnviz.data import compute_features, generate, save_csv
from nnviz.engine import MLP
from nnviz.errors import ConfigError, DivergenceError, SessionFileError
from nnviz.session import Config, Session
from nnviz.session.files import load_session, save_session, session_to_dict

CHANGES = {
    "dataset": "xor", "points": 120, "noise": 10.0, "train_ratio": 70.0, "features": ("x1", "x2", "x1sq"),
    "seed": 3, "hidden": (3,), "activation": "relu", "problem": "multiclass", "output_activation": "sigmoid",
    "loss": "mse", "optimizer": "adam", "learning_rate": 0.1, "batch_size": 7, "regularization": "l2",
    "reg_rate": 0.01, "init": "xavier", "init_scale": 0.2, "dtype": "float32", "name": "hello",
    "scaling": "standard",
    "numerics": "fast",
    "momentum": 0.5, "beta1": 0.8, "beta2": 0.99,
}
TABLE_ONLY = {"target", "columns", "drop_missing"}  # no effect on generated points: tests/session/test_table_session.py


def _check_consistent(s: Session) -> None:
    frame = s.snapshot(8)
    assert frame.sizes == s.net.sizes == s.spec.sizes
    assert [g.shape[0] for g in frame.neuron_grids] == list(s.net.sizes)
    assert s.trainer.net is s.net and s.trainer.optimizer is s.optimizer
    assert s.net.dtype == np.dtype(s.config.dtype) and s.trainer.batch_size == s.config.batch_size
    assert s.optimizer.kind == s.config.optimizer and s.optimizer.learning_rate == s.config.learning_rate
    points = s.train_set.points if s.inputs.scaling is None else s.inputs.scaling.apply(s.train_set.points)
    np.testing.assert_allclose(s.trainer._rows[:, :-1], compute_features(points, s.config.features))
    np.testing.assert_allclose(s.trainer._targets, s.spec.encode(s.train_set.labels))


# The only changes that are impossible for their data set, with the words their refusal must use.
REFUSED = {
    ("plane", "problem"): "regression problem",  # the plane's labels are numbers, not classes
    ("spiral3", "loss"): "cross_entropy",  # three classes keep the softmax output, which needs cross_entropy
}


@pytest.mark.parametrize("dataset", ["circle", "plane", "spiral3"])
@pytest.mark.parametrize("field", sorted(CHANGES))
def test_every_field_changed_alone_applies_or_rebuilds_consistently(dataset, field):
    s = Session(Config(dataset=dataset, points=100))
    s.step(7)
    before, params, steps = s.config, s.net.params.copy(), s.steps
    wanted = s.config.replace(**{field: CHANGES[field]})
    if (dataset, field) in REFUSED:
        with pytest.raises(ConfigError, match=REFUSED[dataset, field]):
            s.with_config(wanted)
        assert s.config == before and s.steps == steps  # refused: the session is untouched
        np.testing.assert_array_equal(s.net.params, params)
    else:
        s = s.with_config(wanted)
        assert s.config == wanted and getattr(s.config, field) == CHANGES[field]
    _check_consistent(s)
    s.step(11)
    s.run_epoch()
    _check_consistent(s)


def test_csv_path_change_rebuilds_on_the_file(tmp_path):
    path = tmp_path / "d.csv"
    save_csv(generate("spiral3", 60, 0.0, np.random.default_rng(1)), path)
    s = Session(Config())
    s = s.with_config(s.config.replace(dataset="csv", csv_path=str(path)))
    assert s.spec.n_classes == 3 and len(s.train_set.points) + len(s.test_set.points) == 60
    _check_consistent(s)


def test_run_epoch_completes_an_epoch_after_the_batch_size_shrinks_mid_epoch():
    s = Session(Config(batch_size=10))
    s.step(3)
    assert s.with_config(s.config.replace(batch_size=1)) is s
    s.run_epoch()
    assert s.epoch == 1 and s.trainer.batches_left == s.trainer.batches_per_epoch


def test_removing_every_training_point_leaves_a_usable_session():
    s = Session(Config(dataset="and"))
    while s.remove_nearest((0.0, 0.0)):
        pass
    assert len(s.train_set.points) == 0 and s.trainer.n_samples == 0
    s.snapshot(8)
    assert np.isnan(s.metrics().train_loss)
    with pytest.raises(ConfigError, match="no training points"):
        s.run_epoch()
    s.add_point((1.0, 1.0), 1)
    s.run_epoch()
    assert s.epoch == 1


@pytest.mark.parametrize(("dataset", "label"), [("plane", 0.25), ("spiral3", 2)])
def test_points_on_regression_and_multiclass_data(dataset, label):
    s = Session(Config(dataset=dataset, points=100))
    n = len(s.train_set.points)
    s.add_point((5.5, 5.5), label)
    assert s.trainer.n_samples == n + 1
    s.step(3)
    assert s.remove_nearest((5.5, 5.5), max_distance=0.01) and s.trainer.n_samples == n


def test_a_softmax_output_with_one_neuron_is_refused():
    with pytest.raises(ConfigError, match="softmax output needs two or more"):
        Session(Config(output_activation="softmax"))
    s = Session(Config(problem="multiclass", output_activation="softmax"))
    assert s.spec.sizes[-1] == 2


@pytest.mark.parametrize("settings", [
    {"optimizer": "adam", "dtype": "float32"},
    {"optimizer": "momentum", "dtype": "float32", "regularization": "l1", "reg_rate": 0.01},
    {"dataset": "plane", "optimizer": "momentum"},
    {"dataset": "spiral3", "optimizer": "adam"},
    {"dataset": "quadrants", "hidden": (), "dtype": "float32"},
])
@pytest.mark.parametrize("steps", [17, 25])  # mid-epoch and at an epoch boundary
def test_a_saved_session_continues_exactly(tmp_path, settings, steps):
    a = Session(Config(points=100, **settings))
    a.step(steps)
    save_session(a, tmp_path / "s.json")
    b = load_session(tmp_path / "s.json")
    assert b.config == a.config and b.net.dtype == a.net.dtype and b.train_set == a.train_set
    a.step(23)
    b.step(23)
    assert np.array_equal(a.net.params, b.net.params) and (a.epoch, a.steps) == (b.epoch, b.steps)


def test_a_csv_session_round_trips(tmp_path):
    path = tmp_path / "d.csv"
    save_csv(generate("plane", 40, 0.0, np.random.default_rng(1)), path)
    a = Session(Config(dataset="csv", csv_path=str(path)))
    a.step(5)
    save_session(a, tmp_path / "s.json")
    path.unlink()  # the data is in the session file
    b = load_session(tmp_path / "s.json")
    assert b.spec.problem == "regression" and b.test_set == a.test_set
    assert np.array_equal(a.net.params, b.net.params)


@pytest.mark.parametrize(("key", "value"), [
    (("epoch",), None), (("epoch",), -1), (("steps",), "x"), (("steps",), 1e308),
    (("config", "hidden"), [1e308]), (("data", "train", "n_classes"), 10**30), (("history", "stride"), float("inf")),
    (("random_state", "data", "state", "state"), -1), (("optimizer", "m"), ["x"]),
    (("epoch_position", "order"), [0, 0]), (("epoch_position", "cursor"), 10**6),
])
def test_malformed_session_files_raise_session_file_errors(tmp_path, key, value):
    s = Session(Config(points=40, optimizer="adam"))
    s.step(3)
    doc = session_to_dict(s)
    where = doc
    for k in key[:-1]:
        where = where[k]
    where[key[-1]] = value
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionFileError):
        load_session(path)


@pytest.mark.parametrize("text", ["[" * 100_000, "1" * 5000], ids=["deep", "long-number"])
def test_unreadable_json_raises_a_session_file_error(tmp_path, text):
    path = tmp_path / "s.json"
    path.write_text(text)
    with pytest.raises(SessionFileError):
        load_session(path)


def test_from_mlp_refuses_networks_that_do_not_fit():
    with pytest.raises(ConfigError, match="9 inputs"):
        Session.from_mlp(MLP([9, 2, 1], "tanh"), dataset="xor")
    with pytest.raises(ConfigError, match="layer sizes"):
        Session.from_mlp(MLP([2, 2, 3], "tanh"), dataset="xor")
    with pytest.raises(ConfigError, match="does not match the config"):
        Session.from_mlp(MLP([2, 2, 1], "tanh"), dataset="xor", dtype="float32")
    with pytest.raises(ConfigError, match="does not match the config"):
        Session.from_mlp(MLP([2, 2, 1], "tanh"), dataset="xor", activations=("relu",))
    broken = MLP([2, 2, 1], "tanh")
    broken.params[0] = np.nan
    with pytest.raises(ConfigError, match="NaN or infinite"):
        Session.from_mlp(broken, dataset="xor")


def test_from_mlp_names_the_shared_hidden_activation():
    s = Session.from_mlp(MLP([2, 3, 3, 1], ["relu", "relu", "tanh"]), dataset="xor")
    assert s.config.activation == "relu" and s.config.activations == ("relu", "relu")
    mixed = Session.from_mlp(MLP([2, 3, 3, 1], ["relu", "sigmoid", "tanh"]), dataset="xor")
    assert mixed.config.activations == ("relu", "sigmoid")


def test_divergence_rollback_then_continue_and_reset():
    s = Session(Config(dataset="plane", learning_rate=10.0, hidden=(8, 8), activation="relu", batch_size=1))
    with pytest.raises(Exception, match="diverged"):
        for _ in range(20):
            s.run_epoch()
    good = s.net.params.copy()
    assert np.isfinite(good).all() and s.snapshot(8).diverged
    s.set_learning_rate(0.0001)
    s.run_epoch()
    assert not s.diverged and np.isfinite(s.net.params).all()
    s.reset()
    assert s.epoch == 0 and not s.diverged


def test_config_dataclass_fields_are_all_exercised():
    names = {f.name for f in dataclasses.fields(Config)} - {"activations", "csv_path"} - TABLE_ONLY
    assert names <= set(CHANGES)


def test_weights_beyond_float32_still_draw_without_warnings():
    s = Session(Config(points=40))
    s.net.params[0] = 1e300  # finite in float64, inf in the float32 grid pass; warnings are errors in tests
    frame = s.snapshot(20)
    assert frame.neuron_grids[-1].shape[-2:] == (20, 20)


def test_the_plane_fits_csv_data_and_truth_tables_but_stays_playgrounds_for_generators(tmp_path):
    assert Session(Config(points=40)).snapshot(10).extent == 6.0
    assert Session(Config(dataset="xor_gate")).snapshot(10).extent == 1.5
    path = tmp_path / "far.csv"
    path.write_text("x1,x2,label\n0,0,0\n80,10,1\n-30,5,0\n40,-20,1\n")
    s = Session(Config(dataset="csv", csv_path=str(path)))
    assert s.snapshot(10).extent == 100.0  # 80 * 1.2 = 96, rounded up
    s.add_point((90.0, 90.0), 1)  # adding points does not move the plane under the mouse
    assert s.snapshot(10).extent == 100.0


def test_a_plane_fitted_to_huge_csv_values_draws_without_warnings(tmp_path):
    """Bug: the fitted plane of data near 1e30 overflowed x1² in the float32 grid pass (a warning, an error here)."""
    path = tmp_path / "huge.csv"
    path.write_text("x1,x2,label\n1e30,0,0\n0,-1e30,1\n5e29,5e29,1\n-1e30,3,0\n")
    s = Session(Config(dataset="csv", csv_path=str(path), features=("x1", "x2", "x1sq", "x1x2", "sinx1")))
    frame = s.snapshot(10)
    assert frame.extent == pytest.approx(1.5e30) and frame.neuron_grids[0].shape == (5, 10, 10)


def test_a_rebuild_on_the_same_points_keeps_the_plane_and_a_good_step_clears_the_divergence(tmp_path):
    path = tmp_path / "far.csv"
    path.write_text("x1,x2,label\n0,0,0\n8,1,1\n-3,5,0\n4,-2,1\n")
    s = Session(Config(dataset="csv", csv_path=str(path)))
    s.grid.extent = 20.0  # e.g. refitted on reopening a file with hand-added points
    s = s.with_config(s.config.replace(hidden=(3,)))  # a new network on the same points
    assert s.snapshot(10).extent == 20.0

    d = Session(Config(dataset="plane", learning_rate=10, activation="linear"))
    with pytest.raises(DivergenceError):
        d.train(5)
    d.set_learning_rate(0.001)
    d.step(1)  # one good batch, mid-epoch
    assert d.diverged == ""


def test_metrics_of_weights_whose_outputs_square_past_the_range_are_inf_without_a_warning() -> None:
    """A step can blow the weights up after its loss was checked; a frame measured then must not fail."""
    import numpy as np

    from nnviz.session import Config, Session

    session = Session(Config(dataset="multigauss", points=40, hidden=(3,), output_activation="linear"))
    session.net.W[-1][:] = 1e200  # finite outputs of about 1e200: their squares overflow
    session.steps += 1  # the cached metrics belong to the old weights
    metrics = session.metrics()  # pytest turns a RuntimeWarning into an error
    assert np.isfinite(session.net.params).all() and metrics.train_loss == float("inf")
