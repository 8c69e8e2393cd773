"""What a Frame of table data carries: the plane the boundary shows, the points on it, and the confusion matrices.

Two-column data without scaling is shown on its own plane, exactly as before (no Plane). Any other data is
shown on a 2-D slice of the scaled input space (`nnviz.data.inputs.Plane`): two columns with every other one
held at a value (the median unless the user moves its slider), or the first two principal components.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz import data as nd
from nnviz.session.commands import SessionTask
from nnviz.session.message import Message
from nnviz.session.session_state import SessionState


class ColumnStats(Message):
    """Raw minimum, median and maximum of every column, for the slice's sliders."""

    low: tuple[float, ...]
    median: tuple[float, ...]
    high: tuple[float, ...]


def column_stats(points: np.ndarray) -> ColumnStats:
    """The stats of (n, d) raw points (zeros for no points)."""
    if len(points) == 0:
        zeros = (0.0,) * points.shape[1]
        return ColumnStats(zeros, zeros, zeros)
    as_tuple = lambda a: tuple(float(v) for v in a)  # noqa: E731
    return ColumnStats(as_tuple(points.min(axis=0)), as_tuple(np.median(points, axis=0)),
                       as_tuple(points.max(axis=0)))


def most_weighed(first_layer: np.ndarray, columns: int) -> tuple[int, int]:
    """The two columns with the largest summed |weight| into the first layer (n_1, n_0); (0, 1) with fewer."""
    if columns < 3 or first_layer.shape[1] != columns:
        return (0, 1)
    weight = np.abs(first_layer).sum(axis=0)  # (n_0,)
    order = np.argsort(-weight, kind="stable")
    i, j = sorted(int(k) for k in order[:2])
    return (i, j)


def uses_plane(session: SessionState) -> bool:
    """Whether the session's data is shown on a slice (tables, scaled data) rather than as plain x1, x2."""
    return session.data.width != 2 or session.inputs.scaling is not None


def all_points(session: SessionState) -> np.ndarray:
    """(n_train + n_test, d) raw points."""
    return np.concatenate([session.train_set.points, session.test_set.points])


def _scaled(session: SessionState, points: np.ndarray) -> np.ndarray:
    scaling = session.inputs.scaling
    return scaling.apply(points) if scaling is not None else np.asarray(points, np.float64)


def session_plane(session: SessionState) -> nd.Plane | None:
    """The plane the session's boundary shows now, or None for plain two-column data."""
    if not uses_plane(session):
        return None
    spec: nd.SliceSpec = session.inputs.slice
    names = session.data.columns
    if spec.mode == "pca":
        return nd.pca_plane(_scaled(session, session.train_set.points), names)
    held = np.array(spec.held if len(spec.held) == len(names) else column_stats(all_points(session)).median)
    return nd.column_plane(spec, _scaled(session, held[None, :])[0], names)


def frame_fields(session: SessionState, confusion: bool = True) -> dict[str, Any]:
    """The Frame fields of the data on its plane: points, distances, plane, stats, names, confusion (unless False)."""
    fields: dict[str, Any] = {
        "column_names": session.data.columns,
        "class_names": session.data.class_names,
        "confusion": confusion_matrices(session) if confusion else None,
        "scaling": session.inputs.scaling,
        "slice": session.inputs.slice,
    }
    on_plane = plane_fields(session)
    if on_plane:
        session.grid.extent = on_plane["extent"]
        fields.update(on_plane)
    return fields


def plane_fields(session: SessionState) -> dict[str, Any]:
    """The plane shown, the points on it, their distances from it, the column stats and the extent; {} for plain
    two-column data. Kept until the points, their scaling or the slice change: a live frame of a 1,000 x 20 table
    took 4 ms of the trainer's time to compute them again, and the same objects are not sent again (frame_wire)."""
    key = (session.points.version, session.inputs.slice)
    scaling = session.inputs.scaling
    kept = getattr(session, "_plane_fields", None)
    if kept is not None and kept[0] == key and kept[1] is scaling:
        return kept[2]  # type: ignore[no-any-return]
    plane = session_plane(session)
    fields: dict[str, Any] = {}
    if plane is not None:
        train = _scaled(session, session.train_set.points)
        test = _scaled(session, session.test_set.points)
        train_uv, test_uv = _frozen(plane.project(train)), _frozen(plane.project(test))
        fields = {
            "plane": plane,
            "train_points": train_uv,
            "test_points": test_uv,
            "train_distance": _frozen(plane.distance(train)),
            "test_distance": _frozen(plane.distance(test)),
            "column_stats": column_stats(all_points(session)),
            "extent": nd.fitted_extent(np.concatenate([train_uv, test_uv])),
        }
    session._plane_fields = (key, scaling, fields)  # type: ignore[attr-defined]
    return fields


def confusion_matrices(session: SessionState) -> tuple[np.ndarray, np.ndarray] | None:
    """(K, K) counts [true, predicted] on the training and the test part; None for regression."""
    spec = session.spec
    if spec.problem == "regression":
        return None
    key = (session.steps, session.points.version, session.structure_version)
    cached = getattr(session, "_confusion", None)
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    k = spec.n_classes
    out = []
    for part in (session.train_set, session.test_set):
        matrix = np.zeros((k, k), np.int64)
        if part.n:
            predicted = spec.predict_classes(session.net.predict(session.network_inputs(part.points)).T)
            np.add.at(matrix, (part.labels, predicted), 1)
        out.append(_frozen(matrix))
    session._confusion = (key, (out[0], out[1]))  # type: ignore[attr-defined]
    return out[0], out[1]


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


class SetSlice(SessionTask):
    """Show another slice of a table's input space (sent by the slice controls through the runner)."""

    spec: nd.SliceSpec

    def run(self, session: Any) -> None:
        """Set the slice; the next frame is drawn on it."""
        session.set_slice(self.spec)
