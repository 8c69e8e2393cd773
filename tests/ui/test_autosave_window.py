"""The window autosaves through the worker (fake clock) and offers a crashed run's autosave back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from nnviz.session import Config, Session
from nnviz.session.autosave import AutosavePolicy, AutosaveStore
from nnviz.session.files import save_session
from nnviz.ui.autosave import Autosaver


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_window_autosaves_a_changed_session_quietly(window, qtbot, tmp_path):
    clock = FakeClock()
    saver = Autosaver(window, AutosaveStore(tmp_path, pid=4242), AutosavePolicy(60.0, clock), check_ms=10**6)
    saver.tick()
    clock.now += 61
    saver.tick()
    assert not saver.store.path.exists()  # no change yet: no save
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch >= 1, timeout=10_000)
    saver.tick()
    qtbot.waitUntil(saver.store.path.is_file, timeout=10_000)
    assert window.session_path is None and "Untitled" in window.windowTitle()  # a copy, not Save As
    saver.finish()
    assert list(tmp_path.iterdir()) == []


def test_a_crashed_runs_autosave_is_offered_and_opens(window, qtbot, tmp_path, monkeypatch):
    crashed = AutosaveStore(tmp_path, pid=2**22 + 12345)  # no such process
    crashed.begin()
    saved = Session(Config(dataset="gauss", seed=9))
    save_session(saved, crashed.path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    saver = Autosaver(window, AutosaveStore(tmp_path, pid=4243), check_ms=10**6)
    recovered = saver.offer_restore()
    assert recovered is not None and recovered.parent == tmp_path and recovered.name.startswith("recovered-")
    qtbot.waitUntil(lambda: window.config.dataset == "gauss", timeout=10_000)
    assert not crashed.path.exists()
    saver.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == [recovered.name]


def test_a_declined_restore_forgets_the_autosave(window, tmp_path, monkeypatch):
    crashed = AutosaveStore(tmp_path, pid=2**22 + 12346)
    crashed.begin()
    Path(crashed.path).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    saver = Autosaver(window, AutosaveStore(tmp_path, pid=4244), check_ms=10**6)
    assert saver.offer_restore() is None
    saver.finish()
    assert list(tmp_path.iterdir()) == []
