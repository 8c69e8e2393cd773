"""The optional keys a session file has for table data: column and class names, the scaling and the slice.

Each key is written only when it differs from what a file without it means (two columns x1, x2, no class
names, no scaling, the default slice), so files of generated data stay exactly as they were.
"""

from __future__ import annotations

from typing import Any

from nnviz import data as nd
from nnviz.errors import NnvizError, SessionFileError
from nnviz.io import Checker, caps
from nnviz.session.session import Session

check = Checker(SessionFileError)


def dataset_table_keys(ds: nd.Dataset) -> dict[str, Any]:
    """A data part's optional keys: columns, class_names, from_table."""
    out: dict[str, Any] = {}
    if ds.columns != ("x1", "x2"):
        out["columns"] = list(ds.columns)
    if ds.class_names:
        out["class_names"] = list(ds.class_names)
    if ds.from_table:
        out["from_table"] = True
    return out


def _names(doc: dict[str, Any], key: str, where: str, cap: int, default: tuple[str, ...]) -> tuple[str, ...]:
    if key not in doc:
        return default
    value = check.array(doc[key], f"{where}.{key}")
    caps.check_count(len(value), cap, f"{key} in {where}", SessionFileError)
    return tuple(check.text(v, f"{where}.{key}[{i}]") for i, v in enumerate(value))


def read_dataset_table_keys(doc: dict[str, Any], where: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """The columns, class names and table flag of a data part (the defaults where absent)."""
    columns = _names(doc, "columns", where, caps.MAX_COLUMNS, ("x1", "x2"))
    if not columns:
        raise check.fail(f"{where}.columns must name at least one column")
    class_names = _names(doc, "class_names", where, caps.MAX_CLASSES, ())
    from_table = doc.get("from_table", False)
    if not isinstance(from_table, bool):
        raise check.fail(f"{where}.from_table must be true or false")
    return columns, class_names, from_table


def table_keys(session: Session) -> dict[str, Any]:
    """A session's optional keys: the scaling its inputs had and the slice the boundary showed."""
    out: dict[str, Any] = {}
    if session.inputs.scaling is not None:
        out["scaling"] = session.inputs.scaling.to_dict()
    if session.inputs.slice != nd.SliceSpec():
        out["slice"] = session.inputs.slice.to_dict()
    return out


def restore_table_keys(session: Session, doc: dict[str, Any]) -> None:
    """Put back a saved scaling (before the session's data is loaded again) and slice."""
    width = session.data.width
    if "scaling" in doc:
        scaling = check.obj(doc["scaling"], "scaling")
        mean = check.numbers(check.need(scaling, "mean", "scaling.mean"), "scaling.mean", width)
        std = check.numbers(check.need(scaling, "std", "scaling.std"), "scaling.std", width)
        if not all(v > 0 for v in std):
            raise check.fail("scaling.std must hold positive standard deviations")
        session.inputs.fixed_scaling = nd.Scaling(tuple(float(v) for v in mean), tuple(float(v) for v in std))
    if "slice" in doc:
        try:
            session.set_slice(nd.SliceSpec.from_dict(check.obj(doc["slice"], "slice")))
        except NnvizError as exc:
            raise SessionFileError(f"slice: {exc}") from None
