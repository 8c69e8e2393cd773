"""Sessions on tables: scaling on the training part, the slice the boundary shows, confusion, saved files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnviz import data as nd
from nnviz.errors import ConfigError, CsvError
from nnviz.session import Config, Session
from nnviz.session.files import load_session, save_session
from nnviz.session.slicing import most_weighed


def _iris(**settings: object) -> Session:
    return Session(Config(dataset="iris", hidden=(8,), learning_rate=0.1, **settings))  # type: ignore[arg-type]


def test_table_inputs_are_standardised_on_the_training_part_by_default_and_can_be_left_raw() -> None:
    s = _iris()
    assert s.inputs.scaling is not None and s.spec.sizes == (4, 8, 3)
    x = s.trainer._rows[:, :-1]  # (n_train, 4) what the network trains on
    np.testing.assert_allclose(x.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(x.std(axis=0), 1.0)
    raw = _iris(scaling="none")
    assert raw.inputs.scaling is None
    np.testing.assert_array_equal(raw.trainer._rows[:, :-1], raw.train_set.points)
    plain = Session(Config(points=40))
    assert plain.inputs.scaling is None and plain.snapshot(4).plane is None  # generated points: as before


def test_the_slice_holds_other_columns_at_their_medians_and_draws_points_on_it() -> None:
    s = _iris()
    frame = s.snapshot(6)
    assert frame.plane is not None and frame.plane.axis_names == ("sepal_length_cm", "sepal_width_cm")
    scaled = s.inputs.scaling.apply(s.train_set.points)
    np.testing.assert_allclose(frame.train_points, scaled[:, :2])
    med = np.median(np.concatenate([s.train_set.points, s.test_set.points]), axis=0)
    inputs = frame.neuron_grids[0]  # (4, R, R): each column over the plane
    np.testing.assert_allclose(inputs[2], s.inputs.scaling.apply(med[None])[0, 2], rtol=1e-6)
    held = s.inputs.scaling.apply(med[None])[0, 2:]
    np.testing.assert_allclose(frame.train_distance, np.hypot(*(scaled[:, 2:] - held).T))
    s.set_slice(nd.SliceSpec(axes=(2, 3), held=(7.0, 2.0, 0.0, 0.0)))
    moved = s.snapshot(6)
    assert moved.plane.axis_names == ("petal_length_cm", "petal_width_cm")
    np.testing.assert_allclose(moved.neuron_grids[0][0], s.inputs.scaling.apply([[7.0, 2.0, 0, 0]])[0, 0], rtol=1e-6)
    # the heatmap is the network's output at the plane's points
    uv = nd.grid_points(6, moved.extent)
    expected = s.net.predict(moved.plane.inputs(uv))  # (36, 3)
    np.testing.assert_allclose(moved.output_grid.reshape(3, -1).T, expected, rtol=1e-4, atol=1e-5)


def test_principal_components_map_the_grid_back_through_the_components() -> None:
    s = _iris()
    s.set_slice(nd.SliceSpec(mode="pca"))
    frame = s.snapshot(5)
    plane = frame.plane
    basis = np.array(plane.basis)
    np.testing.assert_allclose(basis @ basis.T, np.eye(2), atol=1e-12)
    scaled = s.inputs.scaling.apply(s.train_set.points)
    centred = scaled - scaled.mean(axis=0)
    variance = np.var(centred @ basis.T, axis=0)
    other = np.linalg.svd(centred, compute_uv=False) ** 2 / len(centred)
    np.testing.assert_allclose(variance, other[:2])  # the two directions of largest variance


def test_the_axes_the_first_layer_weighs_most() -> None:
    w = np.array([[0.1, -3.0, 0.2, 2.0], [0.0, 1.0, 0.1, -0.5]])
    assert most_weighed(w, 4) == (1, 3)
    assert most_weighed(w[:, :2], 2) == (0, 1)


def test_confusion_matrices_count_true_against_predicted_classes() -> None:
    s = _iris()
    s.train(30)
    train, test = s.snapshot(4).confusion
    assert train.sum() == s.train_set.n and test.sum() == s.test_set.n
    m = s.metrics()
    assert np.trace(test) / test.sum() == pytest.approx(m.test_accuracy)
    assert np.trace(train) / train.sum() == pytest.approx(m.train_accuracy)
    assert Session(Config(dataset="diabetes", hidden=(3,))).snapshot(4).confusion is None


def test_a_saved_table_session_opens_with_its_data_scaling_and_slice(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    rows = "".join(f"{i % 7},{(i * 3) % 5},{i % 4},{'ab'[i % 2]}\n" for i in range(40))
    path.write_text("p,q,r,kind\n" + rows)
    s = Session(Config(dataset="csv", csv_path=str(path), hidden=(3,)))
    s.train(3)
    s.set_slice(nd.SliceSpec(axes=(0, 2), held=(1.0, 2.0, 3.0)))
    save_session(s, tmp_path / "s.nnviz")
    path.unlink()  # another machine: the CSV is not there
    t = load_session(tmp_path / "s.nnviz")
    assert t.data.columns == ("p", "q", "r") and t.data.class_names == ("a", "b")
    assert t.inputs.scaling == s.inputs.scaling and t.inputs.slice == s.inputs.slice
    assert t.metrics() == s.metrics()
    np.testing.assert_array_equal(t.snapshot(5).output_grid, s.snapshot(5).output_grid)


def test_a_saved_scaling_is_kept_not_fitted_again(tmp_path: Path) -> None:
    s = _iris()
    save_session(s, tmp_path / "s.nnviz")
    text = (tmp_path / "s.nnviz").read_text().replace('"scaling":{"mean":[', '"scaling":{"mean":[1.5,0,0,0],"x":[')
    (tmp_path / "t.nnviz").write_text(text)
    t = load_session(tmp_path / "t.nnviz")
    assert t.inputs.scaling is not None and t.inputs.scaling.mean == (1.5, 0.0, 0.0, 0.0)


def test_points_are_not_edited_by_hand_on_a_slice() -> None:
    s = _iris()
    with pytest.raises(ConfigError, match="shown on a slice"):
        s.add_point((0.0, 0.0), 1)


def test_the_problem_overrides_a_tables_kind(tmp_path: Path) -> None:
    path = tmp_path / "grades.csv"
    path.write_text("a,b,c,grade\n" + "".join(f"{i % 5},{i % 3},{i % 7},{i % 3}\n" for i in range(30)))
    s = Session(Config(dataset="csv", csv_path=str(path), problem="regression", hidden=(2,)))
    assert s.data.kind == "regression" and s.spec.sizes[-1] == 1
    back = s.with_config(s.config.replace(problem="auto"))
    assert back.data.kind == "classification" and back.spec.sizes[-1] == 3
    with pytest.raises(CsvError, match="'setosa' is not a number, and a regression target must be"):
        Session(Config(dataset="iris", problem="regression"))


def test_engineered_features_only_for_two_columns(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("a,b,label\n" + "".join(f"{i},{(i * 7) % 11},{i % 2}\n" for i in range(30)))
    two = Session(Config(dataset="csv", csv_path=str(path), features=("x1", "x2", "x1sq")))
    assert two.spec.sizes[0] == 3 and two.feature_names == ("x1", "x2", "x1sq")
    many = _iris(features=("x1", "x2", "x1sq"))
    assert many.spec.sizes[0] == 4 and many.feature_names == many.data.columns


def test_teaching_reads_tables_on_their_slice() -> None:
    from nnviz.session.explain.hidden import hidden_space
    from nnviz.session.explain.sample import explain_sample, inspect_point

    s = _iris()
    s.train(5)
    frame = s.snapshot(8)
    readout = inspect_point(frame, (0.5, -1.0))
    expected = s.net.predict(frame.plane.inputs(np.array([[0.5, -1.0]])))[0]
    np.testing.assert_allclose(readout.outputs, expected)
    from nnviz.session.explain.text import readout_lines

    name = s.data.class_names[int(np.argmax(expected))]
    assert readout.class_name == name and readout_lines(readout, "softmax")[-1].endswith(f"({name})")
    explained = explain_sample(s, 3)
    assert explained.feature_names == s.data.columns
    np.testing.assert_allclose(explained.target, s.spec.encode(s.train_set.labels[3:4])[0])
    space = hidden_space(frame, 1, (0, 1))
    assert space.points.shape == (s.train_set.n, 2) and np.isfinite(space.lines).all()
