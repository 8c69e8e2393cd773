"""A saved session keeps its timeline (file version 2); a version-1 file's timeline starts where it does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnviz.errors import SessionFileError
from nnviz.session import Config, Session
from nnviz.session.files import _dataset_dict, load_session, save_session, session_from_dict, session_to_dict
from nnviz.session.timeline_file import ArrayTexts, timeline_to_dict
from nnviz.session.timeline_view import Rewinder

V1_FILE = Path(__file__).parent / "data" / "session_v1.json"
CONFIG = Config(dataset="spiral", points=90, optimizer="adam", batch_size=8, learning_rate=0.01, hidden=(5,))


def _edited_run() -> Session:
    s = Session(CONFIG)
    s.timeline.capacity = 6
    s.train(17)
    s.step(3)
    s.set_weight(1, 0, 0, 0.5)
    s.add_point((0.25, 0.5), 1)
    s.train(20)
    s.set_learning_rate(0.03)
    s.train(25)
    s.step(2)  # saved part-way through an epoch
    return s


def test_a_saved_timeline_rebuilds_every_epoch_as_the_original_does(tmp_path: Path) -> None:
    live = _edited_run()
    save_session(live, tmp_path / "run.nnviz")
    loaded = load_session(tmp_path / "run.nnviz")
    assert [(c.epoch, c.steps, c.edit) for c in loaded.timeline.checkpoints][:-1] == \
        [(c.epoch, c.steps, c.edit) for c in live.timeline.checkpoints]
    a, b = Rewinder(), Rewinder()
    for epoch in (3, 17, 18, 30, 37, 40, 61):
        x, y = a.session_at(live, epoch), b.session_at(loaded, epoch)
        assert (x.epoch, x.steps) == (y.epoch, y.steps)
        assert x.net.params.tobytes() == y.net.params.tobytes(), epoch
        assert repr(x.metrics()) == repr(y.metrics())
        assert x.train_set.points.tobytes() == y.train_set.points.tobytes()
    live.train(5)
    loaded.train(5)  # and the loaded session carries on exactly as the original
    assert live.net.params.tobytes() == loaded.net.params.tobytes()


def test_a_version_1_file_opens_with_a_timeline_that_starts_where_it_does(tmp_path: Path) -> None:
    doc = json.loads(V1_FILE.read_text())
    assert doc["version"] == 1
    session = session_from_dict(doc)
    assert session.timeline.first_epoch == session.epoch == doc["epoch"]
    assert len(session.timeline.checkpoints) == 1
    start = session.net.params.copy()
    session.train(4)
    assert Rewinder().session_at(session, doc["epoch"]).net.params.tobytes() == start.tobytes()
    save_session(session, tmp_path / "again.json")
    again = json.loads((tmp_path / "again.json").read_text())
    assert again["version"] == 2 and again["timeline"]["checkpoints"][0]["epoch"] == doc["epoch"]
    assert load_session(tmp_path / "again.json").timeline.first_epoch == doc["epoch"]


def test_an_untrained_session_writes_no_timeline() -> None:
    assert "timeline" not in session_to_dict(Session(Config(points=20)))


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t["checkpoints"][1].update(params="AAAA"), "params must hold"),
    (lambda t: t["checkpoints"][1].update(params="!" * len(t["checkpoints"][1]["params"])), "not valid base64"),
    (lambda t: t.update(checkpoints=[]), "1 to"),
    (lambda t: t["checkpoints"].reverse(), "out of order"),
    (lambda t: t["checkpoints"][1].update(data=7), "data"),
    (lambda t: t["checkpoints"][0]["rng"]["shuffle"].update(bit_generator="nope"), "random state"),
    (lambda t: t.update(checkpoints="x"), "timeline.checkpoints"),
])
def test_a_damaged_timeline_is_named_in_one_line(change, message) -> None:  # type: ignore[no-untyped-def]
    s = Session(Config(dataset="xor", points=40))
    s.train(6)
    doc = json.loads(json.dumps(session_to_dict(s)))
    change(doc["timeline"])
    with pytest.raises(SessionFileError, match=message) as err:
        session_from_dict(doc)
    assert "\n" not in str(err.value)


def test_a_table_session_with_scaled_inputs_rebuilds_exactly_after_a_save(tmp_path: Path) -> None:
    live = Session(Config(dataset="iris", hidden=(6,), learning_rate=0.1, batch_size=7))
    live.train(30)
    save_session(live, tmp_path / "iris.nnviz")
    loaded = load_session(tmp_path / "iris.nnviz")
    fresh = Session(Config(dataset="iris", hidden=(6,), learning_rate=0.1, batch_size=7))
    fresh.train(12)
    for session in (live, loaded):
        shown = Rewinder().session_at(session, 12)
        assert shown.net.params.tobytes() == fresh.net.params.tobytes()
        assert shown.snapshot(20).boundary().tobytes() == fresh.snapshot(20).boundary().tobytes()


def test_a_long_run_saves_a_thinned_timeline_that_still_rebuilds_exactly(tmp_path: Path) -> None:
    from nnviz.session import timeline_file

    live = Session(Config(dataset="xor", points=40, batch_size=20))
    live.train(300)
    scheduled = sum(1 for c in live.timeline.checkpoints if not c.edit)
    assert scheduled > 40
    timeline_file.FILE_SCHEDULED, kept = 40, timeline_file.FILE_SCHEDULED
    try:
        save_session(live, tmp_path / "long.nnviz")
    finally:
        timeline_file.FILE_SCHEDULED = kept
    loaded = load_session(tmp_path / "long.nnviz")
    assert sum(1 for c in loaded.timeline.checkpoints if not c.edit) <= 40
    assert loaded.timeline.stride > live.timeline.stride
    for epoch in (7, 150, 299):
        assert Rewinder().session_at(loaded, epoch).net.params.tobytes() == \
            Rewinder().session_at(live, epoch).net.params.tobytes()


def _array_texts(doc: dict) -> list[str]:  # type: ignore[type-arg]
    """The base64 texts of every array a timeline document holds."""
    found = []
    for c in doc["checkpoints"]:
        found.append(c["params"])
        found += [v for v in c["optimizer"].values() if isinstance(v, str)]
        if c["position"] is not None:
            found.append(c["position"]["order"])
    return found


def test_kept_array_texts_encode_each_array_once_and_hold_the_last_documents_only() -> None:
    session = Session(Config(points=60, hidden=(6,), optimizer="adam", batch_size=7))
    session.timeline.capacity = 4  # thinned every few epochs: arrays leave the timeline
    texts = ArrayTexts()
    before: dict[int, str] = {}
    for _ in range(12):
        session.step(session.trainer.batches_per_epoch + 2)  # epoch ends and a place part-way through one
        doc = timeline_to_dict(session, _dataset_dict, texts)
        assert doc == timeline_to_dict(session, _dataset_dict)  # the same document as one encoded anew
        params = (d["params"] for d in doc["checkpoints"])  # every checkpoint: fewer than the file's 512
        now = {id(c.params): t for c, t in zip(session.timeline.checkpoints, params, strict=True)}
        assert not before or any(key in before for key in now)
        assert all(now[key] is before[key] for key in now if key in before)  # met again: not encoded again
        assert texts.held == len(set(map(id, _array_texts(doc))))  # the arrays of this document only
        before = now


def test_kept_array_texts_let_go_of_a_timeline_that_was_reset() -> None:
    """After a Reset the timeline holds only the session's own state and no timeline is written: the training
    process's kept texts must not hold the old run's arrays (8x64: ~60 MB) until the next run's checkpoint."""
    session = Session(Config(points=60, hidden=(6,), batch_size=7))
    texts = ArrayTexts()
    session.step(3 * session.trainer.batches_per_epoch)
    assert timeline_to_dict(session, _dataset_dict, texts) is not None and texts.held > 0
    session.reset()
    assert timeline_to_dict(session, _dataset_dict, texts) is None
    assert texts.held == 0


def test_a_save_converts_each_distinct_config_once_live_or_loaded(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    live = _edited_run()  # two configs: the learning rate changed part-way
    save_session(live, tmp_path / "run.nnviz")
    loaded = load_session(tmp_path / "run.nnviz")  # its checkpoints hold equal copies, one Config object each
    assert [c.config for c in loaded.timeline.checkpoints][:-1] == [c.config for c in live.timeline.checkpoints]
    assert len({id(c.config) for c in loaded.timeline.checkpoints}) > 2
    converted: list[Config] = []
    to_dict = Config.to_dict

    def counted(config: Config) -> dict:  # type: ignore[type-arg]
        converted.append(config)
        return to_dict(config)

    monkeypatch.setattr(Config, "to_dict", counted)
    for session in (live, loaded):
        converted.clear()
        doc = timeline_to_dict(session, _dataset_dict)
        assert doc is not None and len(doc["checkpoints"]) > 3
        distinct = {c.config for c in session.timeline.checkpoints}
        assert len(distinct) == 2 and len(converted) == 1 + len(distinct)  # the file's own, then each distinct one
        lowered = [c["config"] for c in doc["checkpoints"]]
        assert {"learning_rate": CONFIG.learning_rate} in lowered and {} in lowered  # the changes, as before
