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
    saver = Autosaver(window, AutosaveStore(tmp_path), AutosavePolicy(60.0, clock), check_ms=10**6)
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
    crashed = AutosaveStore(tmp_path)
    crashed.begin()
    saved = Session(Config(dataset="gauss", seed=9))
    save_session(saved, crashed.path)
    crashed.release()  # its process ended without a clean exit
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    saver = Autosaver(window, AutosaveStore(tmp_path), check_ms=10**6)
    recovered = saver.offer_restore()
    assert recovered is not None and recovered.parent == tmp_path and recovered.name.startswith("recovered-")
    qtbot.waitUntil(lambda: window.config.dataset == "gauss", timeout=10_000)
    assert not crashed.path.exists()
    saver.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == [recovered.name]


def test_a_declined_restore_forgets_the_autosave(window, tmp_path, monkeypatch):
    crashed = AutosaveStore(tmp_path)
    crashed.begin()
    Path(crashed.path).write_text("{}", encoding="utf-8")
    crashed.release()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    saver = Autosaver(window, AutosaveStore(tmp_path), check_ms=10**6)
    assert saver.offer_restore() is None
    saver.finish()
    assert list(tmp_path.iterdir()) == []


def _unwritable_cases(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "a-file").write_text("XDG_DATA_HOME is a file", encoding="utf-8")
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    return {"a file": tmp_path / "a-file" / "nnviz" / "autosave", "read-only": read_only / "autosave"}


def test_an_unwritable_autosave_folder_turns_autosave_off_and_says_so_once(window, tmp_path):
    import os

    for folder in _unwritable_cases(tmp_path).values():
        if os.access(folder.parent, os.W_OK) and folder.parent.name == "read-only":
            continue  # root writes anywhere: the file case still checks the behaviour
        saver = Autosaver(window, AutosaveStore(folder), check_ms=10**6)
        assert not saver.active and "autosave is off" in saver.off_reason and str(folder) in saver.off_reason
        assert window.status.currentMessage().lower().startswith("autosave is off")
        assert "\n" not in saver.off_reason
        saver.policy.changed()
        saver.tick()  # nothing is sent, nothing raises
        assert saver.offer_restore() is None
        saver.finish()
    window.step_epoch()  # the app works on


def test_a_full_disk_at_start_turns_autosave_off(window, tmp_path, monkeypatch):
    import errno
    import os

    real_open = os.open

    def full(path, flags, *args):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", full)
    saver = Autosaver(window, AutosaveStore(tmp_path / "autosave"), check_ms=10**6)
    assert not saver.active and "No space left on device" in saver.off_reason


def test_a_last_autosave_before_a_signal_is_kept_for_the_next_start(window, qtbot, tmp_path):
    saver = Autosaver(window, AutosaveStore(tmp_path), check_ms=10**6)
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch >= 1, timeout=10_000)
    assert saver.save_and_keep()
    next_start = AutosaveStore(tmp_path)
    (kept,) = next_start.crashed()
    assert kept == saver.store.path
    from nnviz.session.files import load_session

    assert load_session(kept).epoch == window.frame.epoch
    next_start.end()
