"""A session's csv_path is only a hint (issue 18 §2): Reload asks first, showing the path; nothing is read, and
nothing of the file is quoted, without the user's yes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from nnviz import data as nd
from nnviz.session import Config, Session
from nnviz.session.files import load_session, save_session
from nnviz.session.opening import csv_session

SECRET = "root:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n"


@pytest.fixture
def received(tmp_path: Path) -> tuple[Path, Path]:
    """A session file whose csv_path names a private file of the receiver's, and that file."""
    own = tmp_path / "class.csv"
    own.write_text("x1,x2,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n", encoding="utf-8")
    sent = csv_session(own, Config())
    private = tmp_path / "shadow"
    private.write_text(SECRET, encoding="utf-8")
    doc_path = tmp_path / "week3.nnviz"
    save_session(sent.with_config(sent.config.replace(name="week 3")), doc_path)
    text = doc_path.read_text(encoding="utf-8").replace(str(own), str(private))
    doc_path.write_text(text, encoding="utf-8")
    return doc_path, private


@pytest.fixture
def reads(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Every CSV file read from now on."""
    seen: list[str] = []
    real = nd.load_csv

    def spy(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(nd, "load_csv", spy)
    return seen


def _answer(monkeypatch, yes: bool) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        assert box.textFormat() == box.textFormat().PlainText
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def test_reload_of_a_path_from_a_file_asks_and_a_no_reads_nothing(make_window, qtbot, monkeypatch, received, reads):
    doc_path, private = received
    window = make_window(load_session(doc_path))
    shown = window.frame.data_version
    asked = _answer(monkeypatch, yes=False)
    errors: list[str] = []
    window.training.worker.failed.connect(errors.append)
    window.regenerate()
    window.step_epoch()  # the worker has handled everything sent before this
    qtbot.waitUntil(lambda: window.frame.epoch >= 1, timeout=10_000)
    assert len(asked) == 1 and str(private) in asked[0]
    assert reads == [] and window.frame.data_version == shown
    assert not any("root" in e for e in errors)


def test_a_yes_reads_the_confirmed_path(make_window, qtbot, monkeypatch, received, reads):
    doc_path, private = received
    window = make_window(load_session(doc_path))
    asked = _answer(monkeypatch, yes=True)
    window.regenerate()
    qtbot.waitUntil(lambda: bool(reads), timeout=10_000)
    assert reads == [str(private)] and len(asked) == 1
    window.regenerate()  # asked once per session
    qtbot.waitUntil(lambda: len(reads) == 2, timeout=10_000)
    assert len(asked) == 1


def test_a_csv_the_user_loaded_reloads_without_a_question(make_window, qtbot, monkeypatch, tmp_path, reads):
    own = tmp_path / "mine.csv"
    own.write_text("x1,x2,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n", encoding="utf-8")
    window = make_window()
    asked = _answer(monkeypatch, yes=False)
    window.load_csv(str(own))
    qtbot.waitUntil(lambda: window.config.csv_path == str(own), timeout=10_000)
    window.regenerate()
    qtbot.waitUntil(lambda: len(reads) == 2, timeout=10_000)
    assert asked == []


def test_the_worker_refuses_a_reload_the_user_did_not_confirm(received, reads):
    from nnviz.session import commands as cmd
    from nnviz.session.runner import Runner

    doc_path, _ = received
    events: list[object] = []
    runner = Runner(load_session(doc_path), events.append)
    runner.handle(cmd.Regenerate())
    assert reads == [] and "not read again" in str(events[-1])


def test_changing_the_seed_of_a_received_csv_session_keeps_its_points_and_reads_nothing(received, reads):
    doc_path, _ = received
    session = load_session(doc_path)
    changed = session.with_config(session.config.replace(seed=session.config.seed + 1, train_ratio=70))
    assert reads == []
    assert sorted(map(tuple, changed.data.points.tolist())) == sorted(map(tuple, session.data.points.tolist()))
    assert isinstance(changed, Session)


def test_a_setting_that_reads_the_file_again_asks_first(make_window, qtbot, monkeypatch, received, reads):
    doc_path, private = received
    window = make_window(load_session(doc_path))
    asked = _answer(monkeypatch, yes=False)
    assert not window.request_config({"problem": "regression"})
    assert window.request_config({"seed": 99})  # a new split of the points it holds: no file is read
    qtbot.waitUntil(lambda: window.config.seed == 99, timeout=10_000)
    assert len(asked) == 1 and str(private) in asked[0]
    assert reads == [] and window.config.problem != "regression"
