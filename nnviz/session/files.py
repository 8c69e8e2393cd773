"""Session files: one JSON document with the config, the data, the weights and the history.

A file is written to a temporary name and renamed, so a failed save never
destroys the previous file. Loading validates everything and raises
SessionFileError with one line that says what was wrong; nothing is changed
until the whole file has been read.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.data import Dataset
from nnviz.errors import ConfigError, NnvizError, SessionFileError
from nnviz.io import Checker, caps, read_json, write_atomic
from nnviz.io.validate import brief_error
from nnviz.session.config import Config
from nnviz.session.file_schema import FILE_VERSION, FORMAT, migrate_session_doc
from nnviz.session.history import CAPACITY as HISTORY_ROWS
from nnviz.session.history import History
from nnviz.session.lessons import is_builtin_lesson, lesson_from_doc, make_lesson_dict
from nnviz.session.network_files import looks_like_network, session_from_network_doc
from nnviz.session.pins import Pin, PinBoard
from nnviz.session.session import Session
from nnviz.session.table_file import dataset_table_keys, read_dataset_table_keys, restore_table_keys, table_keys
from nnviz.session.timeline_file import ArrayTexts, restore_timeline, timeline_to_dict
from nnviz.session.trained_on import machine_note, trained_on_keys

MAX_FILE_BYTES = caps.MAX_SESSION_BYTES  # and its lists, objects and strings: caps.MAX_JSON_*


def read_session_json(path: str | os.PathLike[str], what: str) -> Any:
    """The JSON of a file opened as a session, within the session caps (size, lists and objects, strings)."""
    return read_json(path, error=SessionFileError, what=what, max_bytes=MAX_FILE_BYTES,
                     max_containers=caps.MAX_JSON_CONTAINERS, max_strings=caps.MAX_JSON_STRINGS)
check = Checker(SessionFileError)  # open_file prefixes the file name to every message


def session_to_dict(session: Session, pins: bool = True, texts: ArrayTexts | None = None) -> dict[str, Any]:
    """Everything needed to restore a session, JSON-ready (with its pinned runs unless pins=False); `texts`: the
    timeline's arrays as text, kept from the document before (timeline_file.ArrayTexts)."""
    net = session.net
    return {
        "format": FORMAT,
        "version": FILE_VERSION,
        "config": session.config.to_dict(),
        "network": {"sizes": list(net.sizes), "activations": list(net.activations), "params": net.params.tolist()},
        "data": {"train": _dataset_dict(session.train_set), "test": _dataset_dict(session.test_set)},
        "epoch": session.epoch,
        "steps": session.steps,
        "history": session.history.to_dict(),
        "random_state": session.streams.state(),
        "epoch_position": _position(session),
        "optimizer": {
            k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in session.optimizer.state_dict().items()
        },
        **({"lesson": _checked_lesson(session.lesson)} if session.lesson else {}),
        **table_keys(session),
        **({"timeline": timeline} if (timeline := timeline_to_dict(session, _dataset_dict, texts)) else {}),
        **({"pins": session.pins.to_list()} if pins and session.pins.pins else {}),
        **trained_on_keys(session),
    }


def _checked_lesson(lesson: dict[str, str]) -> dict[str, str]:
    """The lesson as a reader will check it: a file the app writes, it can open (SessionFileError if not)."""
    try:
        return make_lesson_dict(lesson.get("title"), lesson.get("text", ""), lesson.get("format", "html"))
    except NnvizError as exc:
        raise SessionFileError(f"cannot save the lesson: {exc}") from None


def _position(session: Session) -> dict[str, Any] | None:
    position = session.trainer.epoch_position()
    return None if position is None else {"order": position[0].tolist(), "cursor": position[1]}


def _dataset_dict(ds: Dataset) -> dict[str, Any]:
    return {
        "name": ds.name,
        "kind": ds.kind,
        "n_classes": ds.n_classes,
        "points": ds.points.tolist(),
        "labels": ds.labels.tolist(),
        **dataset_table_keys(ds),
    }


def save_session(session: Session, path: str | os.PathLike[str], *, lesson_book: bool = False) -> None:
    """Write a session file atomically; raises SessionFileError when it cannot be written.

    The built-in lessons are read-only (only the lesson book, `lesson_book=True`, writes them)."""
    if not lesson_book and is_builtin_lesson(path):
        raise SessionFileError(f"{path} is a built-in lesson and read-only: save it under another name")
    text = json.dumps(session_to_dict(session), separators=(",", ":"))
    write_atomic(path, text, error=SessionFileError, what="the session")


def load_session(path: str | os.PathLike[str]) -> Session:
    """Read a session file written by save_session, or a network file (nnviz, Synaptic or brain.js JSON)
    as a new session on the data set it most likely fits; raises SessionFileError on any problem."""
    return open_file(path)[0]


def open_file(path: str | os.PathLike[str]) -> tuple[Session, bool]:
    """load_session, and whether the file was a session file (saving over a network file would lose it)."""
    doc = read_session_json(path, "session file")
    try:
        if looks_like_network(doc):
            return session_from_network_doc(doc, name=Path(path).stem), False
        return session_from_dict(doc), True
    except NnvizError as exc:  # a bad config or bad data inside the file
        raise SessionFileError(f"{path}: {exc}") from None


def _need(doc: dict[str, Any], key: str, kind: type | tuple[type, ...], field: str = "") -> Any:
    """doc[key] of a JSON type (list, dict, str or int; booleans are not ints)."""
    field = field or key
    value = check.need(doc, key, field)
    if kind is dict:
        return check.obj(value, field)
    if kind is list:
        return check.array(value, field)
    if kind is str:
        return check.text(value, field)
    if kind is int:
        return check.whole(value, field)
    raise TypeError(f"_need cannot check {kind}")


def _dataset(doc: dict[str, Any], which: str) -> Dataset:
    where = f"data.{which}"
    points = _need(doc, "points", list, f"{where}.points")
    labels = _need(doc, "labels", list, f"{where}.labels")
    caps.check_count(len(points), caps.MAX_POINTS, f"points in {where}", SessionFileError)
    n_classes = check.whole(check.need(doc, "n_classes", f"{where}.n_classes"), f"{where}.n_classes", 0,
                            caps.MAX_CLASSES)
    name = check.text(doc.get("name", which), f"{where}.name")
    kind = _need(doc, "kind", str, f"{where}.kind")
    columns, class_names, from_table = read_dataset_table_keys(doc, where)
    try:
        return Dataset(points=np.asarray(points, dtype=np.float64).reshape(-1, len(columns)),
                       labels=np.asarray(labels), kind=kind, n_classes=n_classes, name=name, columns=columns,
                       class_names=class_names, from_table=from_table)
    except (ValueError, TypeError) as exc:
        raise check.fail(f"{where} is malformed: {brief_error(exc)}") from None


def _count(doc: dict[str, Any], key: str) -> int:
    return check.whole(doc.get(key, 0), key)


def session_from_dict(doc: Any) -> Session:
    """Rebuild a Session from session_to_dict output, validating every part (SessionFileError)."""
    try:
        return _session_from_dict(doc)
    except (ValueError, TypeError, OverflowError, KeyError, IndexError) as exc:
        # the checks above cover the common mistakes; this catches values deep in the numbers or random state
        raise SessionFileError(f"the session file is malformed: {brief_error(exc)}") from None


def _session_from_dict(doc: Any) -> Session:
    doc = migrate_session_doc(doc)
    config = Config.from_dict(_need(doc, "config", dict))
    data = _need(doc, "data", dict)
    train = _dataset(_need(data, "train", dict, "data.train"), "train")
    test = _dataset(_need(data, "test", dict, "data.test"), "test")
    network = _need(doc, "network", dict)
    raw_params = _need(network, "params", list, "network.params")
    caps.check_count(len(raw_params), caps.MAX_PARAMETERS, "network parameters", SessionFileError)
    try:
        params = np.asarray(raw_params, dtype=np.float64)
    except (ValueError, TypeError):
        raise SessionFileError("network.params must be a list of numbers") from None
    if params.ndim != 1 or not np.isfinite(params).all():
        raise SessionFileError("network.params must be a flat list of finite numbers")
    whole = Dataset(
        points=np.concatenate([train.points, test.points]),
        labels=np.concatenate([train.labels, test.labels]),
        kind=train.kind,
        n_classes=max(train.n_classes, test.n_classes),
        name=train.name,
        columns=train.columns,
        class_names=train.class_names,
        from_table=train.from_table,
    )
    session = Session(config, data=whole)
    restore_table_keys(session, doc)
    if params.shape != session.net.params.shape:
        raise SessionFileError(
            f"the network has {params.size} parameters but the config needs {session.net.params.size}"
        )
    history = None
    hist = doc.get("history")
    if isinstance(hist, dict):
        try:
            rows = hist.get("rows", [])
            history = History.from_dict({**hist, "rows": rows[-HISTORY_ROWS:] if isinstance(rows, list) else rows})
        except (ValueError, TypeError, OverflowError):
            raise SessionFileError("the loss history is malformed") from None
    session.restore_state(params, train, test, _count(doc, "epoch"), _count(doc, "steps"), history)
    session.lesson = lesson_from_doc(doc)
    try:
        if isinstance(doc.get("random_state"), dict):
            session.streams.set_state(doc["random_state"])
            session.trainer.restart_epoch()  # the next step starts a new epoch unless a position follows
        if isinstance(doc.get("optimizer"), dict):
            session.optimizer.load_state(doc["optimizer"])
        position = doc.get("epoch_position")
        if isinstance(position, dict):  # mid-epoch: continue that epoch's batches
            session.trainer.resume_epoch(np.asarray(_need(position, "order", list)), _need(position, "cursor", int))
    except (ValueError, TypeError, KeyError, OverflowError, ConfigError):
        raise SessionFileError("the random, optimizer or epoch state is malformed") from None
    restore_timeline(session, doc, _dataset)  # a version-1 file's timeline starts where the file does
    if "pins" in doc:
        session.pins = PinBoard.from_list(doc["pins"], session_from_dict)
    session.machine_note = machine_note(doc)
    return session


def pin_session(session: Session) -> Pin:
    """Pin a copy of the session as it is now, made through the file format (exact; saves as it is)."""
    doc = session_to_dict(session, pins=False)
    return session.pins.pin(doc, session_from_dict(doc))
