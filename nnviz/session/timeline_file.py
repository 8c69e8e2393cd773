"""A timeline in a session file (version 2), compactly: arrays as base64 of little-endian bytes.

    "timeline": {"stride": s, "capacity": c,
                 "data": [{"train": dataset, "test": dataset}, ...],   # data sets other than the file's own
                 "checkpoints": [{"epoch", "steps", "edit", "params": b64 float64,
                                  "optimizer": {"steps": n, name: b64 float64, ...},
                                  "rng": {stream: state, ...},  # only the streams that changed since the last one
                                  "position": {"order": b64 int32, "cursor": k} | null,
                                  "config": {field: value, ...},  # only fields that differ from the file's config
                                  "data": index into "data", or -1 for the file's own data}]}

Reading validates every size before it allocates and raises SessionFileError with one line.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

import numpy as np

from nnviz.data import Dataset
from nnviz.errors import SessionFileError
from nnviz.io import Checker
from nnviz.session.config import Config
from nnviz.session.session import Session
from nnviz.session.timeline import MAX_SCHEDULED, Checkpoint, Timeline

MAX_CHECKPOINTS = 4 * MAX_SCHEDULED  # checkpoints a file may hold (scheduled and edits)
FILE_SCHEDULED = 512  # scheduled checkpoints a file keeps (every other one dropped until they fit): files stay small
check = Checker(SessionFileError)
DatasetWriter = Callable[[Dataset], dict[str, Any]]
DatasetReader = Callable[[dict[str, Any], str], Dataset]


def _b64(a: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")


class ArrayTexts:
    """The base64 texts of a timeline's arrays, kept from one document to the next.

    The training process writes the whole session every 2 s (its crash checkpoint); encoding a 8x64 network's
    100 timeline checkpoints anew took 0.27 s of its time each time (issue 23). A checkpoint's arrays never
    change once taken, so an array met again has the text it had. Holds the arrays of the last document only.
    """

    def __init__(self) -> None:
        self._last: dict[tuple[int, str], tuple[np.ndarray, str]] = {}
        self._now: dict[tuple[int, str], tuple[np.ndarray, str]] = {}

    def text(self, a: np.ndarray, dtype: str) -> str:
        """`a` as base64 of `dtype` bytes: the text it had in the document before, if it was in it."""
        key = (id(a), dtype)
        held = self._now.get(key) or self._last.get(key)
        if held is None or held[0] is not a:  # (held, an array's id cannot be another's; checked all the same)
            held = (a, _b64(a, dtype))
        self._now[key] = held
        return held[1]

    @property
    def held(self) -> int:
        """The arrays whose text is kept."""
        return len(self._last)

    def document_done(self) -> None:
        """Forget the arrays the document just written did not hold."""
        self._last, self._now = self._now, {}


def _array(text: Any, dtype: str, size: int, field: str) -> np.ndarray:
    """A base64 array of exactly `size` items (checked before decoding)."""
    text = check.text(text, field)
    item = np.dtype(dtype).itemsize
    if len(text) != 4 * -(-size * item // 3):
        raise SessionFileError(f"timeline: {field} must hold {size} numbers")
    try:
        return np.frombuffer(base64.b64decode(text, validate=True), dtype=dtype).copy()
    except (binascii.Error, ValueError):
        raise SessionFileError(f"timeline: {field} is not valid base64") from None


def timeline_to_dict(session: Session, dataset_dict: DatasetWriter,
                     texts: ArrayTexts | None = None) -> dict[str, Any] | None:
    """The session's timeline, JSON-ready; None when it holds nothing but the session's own state. `texts`: the
    arrays' texts kept from the document written before (the training process's checkpoints)."""
    tl = session.timeline
    if not tl.checkpoints or (len(tl.checkpoints) == 1 and tl.checkpoints[0].steps == session.steps
                              and tl.checkpoints[0].epoch == session.epoch):
        if texts is not None:
            texts.document_done()  # a document without a timeline: the old run's arrays are let go
        return None
    own = (session.train_set, session.test_set)
    config = session.config.to_dict()
    # each distinct Config's fields that differ from the file's, by value: checkpoints share a few Configs (one
    # object each on a live run, equal copies on a loaded one), and to_dict cost 12 us a checkpoint (2/3 of a save)
    changed: dict[Config, dict[str, Any]] = {}
    encode = _b64 if texts is None else texts.text
    stride = tl.stride
    while sum(1 for c in tl.checkpoints if not c.edit and c.epoch % stride == 0) > FILE_SCHEDULED:
        stride *= 2
    data: list[dict[str, Any]] = []
    index: dict[tuple[int, int], int] = {(id(own[0]), id(own[1])): -1}
    checkpoints = []
    previous_rng: dict[str, Any] = {}
    for c in tl.checkpoints:
        if not c.edit and c.epoch % stride:
            continue
        key = (id(c.train_set), id(c.test_set))
        if key not in index:
            index[key] = len(data)
            data.append({"train": dataset_dict(c.train_set), "test": dataset_dict(c.test_set)})
        rng = {k: v for k, v in c.rng.items() if previous_rng.get(k) != v}
        previous_rng = c.rng
        if c.config not in changed:
            changed[c.config] = {k: v for k, v in c.config.to_dict().items() if config.get(k) != v}
        checkpoints.append({
            "epoch": c.epoch, "steps": c.steps, "edit": c.edit,
            "params": encode(c.params, "<f8"),
            "optimizer": {k: (encode(v, "<f8") if isinstance(v, np.ndarray) else v) for k, v in c.optimizer.items()},
            "rng": rng,
            "position": None if c.position is None else {"order": encode(c.position[0], "<i4"),
                                                         "cursor": c.position[1]},
            "config": changed[c.config],
            "data": index[key],
        })
    if texts is not None:
        texts.document_done()
    return {"stride": stride, "capacity": tl.capacity, "data": data, "checkpoints": checkpoints}


def timeline_from_dict(doc: Any, session: Session, dataset: DatasetReader) -> Timeline:
    """The timeline saved by timeline_to_dict, for a session loaded from the same file (SessionFileError)."""
    doc = check.obj(doc, "timeline")
    raw = check.array(doc.get("checkpoints"), "timeline.checkpoints")
    if not 1 <= len(raw) <= MAX_CHECKPOINTS:
        raise SessionFileError(f"timeline.checkpoints must hold 1 to {MAX_CHECKPOINTS} checkpoints, got {len(raw)}")
    data_docs = check.array(doc.get("data", []), "timeline.data")
    if len(data_docs) > len(raw):
        raise SessionFileError("timeline.data holds more data sets than there are checkpoints")
    datasets = [(dataset(check.obj(d.get("train"), "timeline.data.train"), "train"),
                 dataset(check.obj(d.get("test"), "timeline.data.test"), "test"))
                for d in (check.obj(d, "timeline.data[]") for d in data_docs)]
    timeline = Timeline()
    timeline.stride = check.whole(doc.get("stride", 1), "timeline.stride", 1, 2**40)
    timeline.capacity = check.whole(doc.get("capacity", MAX_SCHEDULED), "timeline.capacity", 2, MAX_SCHEDULED)
    base = session.config.to_dict()
    n_params = session.net.params.size
    rng: dict[str, Any] = {}
    last = (-1, -1)
    for i, item in enumerate(raw):
        c = check.obj(item, f"timeline.checkpoints[{i}]")
        epoch, steps = check.whole(c.get("epoch"), "epoch", 0), check.whole(c.get("steps"), "steps", 0)
        if (steps, epoch) < last or epoch > session.epoch or steps > session.steps:
            raise SessionFileError(f"timeline.checkpoints[{i}] is out of order or after the session's epoch")
        last = (steps, epoch)
        which = check.whole(c.get("data", -1), "data", -1, len(datasets) - 1)
        train, test = (session.train_set, session.test_set) if which < 0 else datasets[which]
        rng = {**rng, **check.obj(c.get("rng", {}), "rng")}
        timeline.checkpoints.append(Checkpoint(
            epoch=epoch, steps=steps,
            params=_array(c.get("params"), "<f8", n_params, "params"),
            optimizer=_optimizer(check.obj(c.get("optimizer", {}), "optimizer"), n_params),
            rng=rng,
            position=_position(c.get("position"), len(train.points)),
            config=Config.from_dict({**base, **check.obj(c.get("config", {}), "config")}),
            train_set=train, test_set=test, edit=bool(c.get("edit", False)),
        ))
    first = timeline.checkpoints[0]
    if set(first.rng) != {"data", "weights", "shuffle"}:
        raise SessionFileError("timeline: the first checkpoint must hold every random stream's state")
    _check_random_states(timeline)
    timeline._recount()
    return timeline


def _check_random_states(timeline: Timeline) -> None:
    """Every random state must be one numpy can take (so a rebuild cannot fail later)."""
    seen: set[int] = set()
    for c in timeline.checkpoints:
        for state in c.rng.values():
            if id(state) not in seen:
                seen.add(id(state))
                try:
                    np.random.default_rng().bit_generator.state = state
                except (ValueError, TypeError, KeyError, OverflowError):
                    raise SessionFileError("timeline: a random state is malformed") from None


def _optimizer(doc: dict[str, Any], n_params: int) -> dict[str, Any]:
    state: dict[str, Any] = {"steps": check.whole(doc.get("steps", 0), "optimizer.steps", 0)}
    for key, value in doc.items():
        if key != "steps":
            state[check.text(key, "optimizer key")] = _array(value, "<f8", n_params, f"optimizer.{key}")
    return state


def _position(doc: Any, n_train: int) -> tuple[np.ndarray, int] | None:
    if doc is None:
        return None
    doc = check.obj(doc, "position")
    return _array(doc.get("order"), "<i4", n_train, "position.order"), check.whole(doc.get("cursor"), "cursor", 0)


def restore_timeline(session: Session, doc: dict[str, Any], dataset: DatasetReader) -> None:
    """Give a loaded session its saved timeline, or one that starts where the file does (version 1 files)."""
    saved = doc.get("timeline")
    if saved is None:
        session.timeline.restart(session)
        return
    session.timeline = timeline_from_dict(saved, session, dataset)
    session.timeline.edited(session)  # the file's own state: the run carries on from exactly here
