"""Session files carry a schema version: today's files are version 2, and every older file keeps loading."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nnviz.errors import SessionFileError
from nnviz.session import Config, Session, file_schema
from nnviz.session.files import load_session, save_session, session_from_dict, session_to_dict

V1_FILE = Path(__file__).parent / "data" / "session_v1.json"


def test_the_kept_version_1_file_loads_with_its_exact_state():
    doc = json.loads(V1_FILE.read_text())
    assert doc["version"] == 1
    session = load_session(V1_FILE)
    assert session.config.name == "fixture v1" and session.config.dataset == "xor"
    assert session.epoch == 3 and session.steps == doc["steps"]
    assert np.array_equal(session.net.params, np.asarray(doc["network"]["params"]))
    assert session.trainer.epoch_position() is not None  # saved two batches into an epoch
    session.train(2)  # and it trains on
    assert session.epoch == 5 and np.isfinite(session.net.params).all()


def test_the_kept_file_continues_like_an_uninterrupted_run():
    """The promise of the seed: the kept file was trained once (3 epochs and 2 steps, numpy 2.4, x86-64), and
    every machine must train the same settings to the same bits, whatever its BLAS kernel or SIMD level."""
    saved = load_session(V1_FILE)
    fresh = Session(saved.config)
    fresh.train(3)
    fresh.step(2)
    assert np.array_equal(fresh.net.params, saved.net.params), (
        f"this machine (numpy {np.__version__}) does not train the kept file's settings to its stored weights")
    fresh.train(4)
    saved.train(4)
    assert np.array_equal(fresh.net.params, saved.net.params)


def test_the_oldest_version_1_shape_without_optional_state_loads():
    doc = json.loads(V1_FILE.read_text())
    for key in ("epoch_position", "random_state", "optimizer", "history", "steps"):
        doc.pop(key)  # the first nnviz wrote none of these
    session = session_from_dict(doc)
    assert session.epoch == 3 and np.array_equal(session.net.params, np.asarray(doc["network"]["params"]))


def test_today_writes_version_2(tmp_path):
    path = tmp_path / "s.json"
    save_session(Session(Config(points=20)), path)
    assert json.loads(path.read_text())["version"] == file_schema.FILE_VERSION == 2


def test_migrations_run_in_order_up_to_the_current_version(monkeypatch):
    seen: list[int] = []

    def step(n: int):
        def migrate(doc: dict) -> dict:
            seen.append(n)
            doc[f"added_by_{n}"] = True
            return doc
        return migrate

    monkeypatch.setattr(file_schema, "MIGRATIONS", {1: step(1), 2: step(2)})
    doc = file_schema.migrate_session_doc({"format": file_schema.FORMAT, "version": 1}, current=3)
    assert seen == [1, 2] and doc["version"] == 3 and doc["added_by_1"] and doc["added_by_2"]


@pytest.mark.parametrize("version, message", [
    (file_schema.FILE_VERSION + 1, "newer nnviz"), (0, "no valid"), ("1", "no valid"), (None, "no valid"),
    (True, "no valid"),
])
def test_bad_or_newer_versions_name_the_problem(version, message):
    doc = session_to_dict(Session(Config(points=20)))
    doc["version"] = version
    with pytest.raises(SessionFileError, match=message):
        session_from_dict(doc)


def test_a_missing_migration_is_reported(monkeypatch):
    monkeypatch.setattr(file_schema, "MIGRATIONS", {})
    with pytest.raises(SessionFileError, match="no migration from session file version 1"):
        file_schema.migrate_session_doc({"format": file_schema.FORMAT, "version": 1}, current=2)
