"""`nnviz FILE`, `nnviz --smoke` and files handed over by the desktop (macOS FileOpen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent, QImage

from nnviz.cli.main import main as nnviz_main
from nnviz.data import generate, save_csv
from nnviz.session import Config, Session
from nnviz.session.files import save_session
from nnviz.ui import app as app_module
from nnviz.ui import smoke

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seen_windows(monkeypatch, styled_app):
    """Run `nnviz ... --smoke` in-process with the smoke test replaced by a look at the window it opened."""
    seen: list[dict[str, object]] = []

    def look(app, window):  # type: ignore[no-untyped-def]
        seen.append({"config": window.config, "path": window.session_path, "title": window.windowTitle()})
        return 0

    monkeypatch.setattr(smoke, "run_smoke", look)
    return seen


def test_smoke_passes_from_source():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "nnviz", "--smoke"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "smoke test passed" in out.stdout
    assert out.stderr == ""


def test_smoke_fails_in_one_line_on_a_blank_render(monkeypatch, capsys, styled_app):
    blank = QImage(300, 200, QImage.Format.Format_ARGB32)
    blank.fill(0xFFFFFFFF)
    monkeypatch.setattr(smoke, "grab_view", lambda view: blank)
    assert nnviz_main(["app", "--smoke"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("nnviz: smoke test failed: the boundary view is blank")


def test_blank_images_are_told_apart_from_pictures(styled_app):
    one_colour = QImage(64, 64, QImage.Format.Format_ARGB32)
    one_colour.fill(0xFF336699)
    assert "blank" in smoke.blank_reason(one_colour)
    assert "empty" in smoke.blank_reason(QImage())
    stripes = QImage(64, 64, QImage.Format.Format_ARGB32)
    for x in range(64):
        for y in range(64):
            stripes.setPixel(x, y, 0xFF000000 + (x // 4) * 0x0F0F0F)
    assert smoke.blank_reason(stripes) == ""


def test_a_session_file_opens_whatever_its_suffix(tmp_path, seen_windows):
    session = Session(Config(dataset="xor", hidden=(3,), seed=7))
    path = tmp_path / "run.nnviz"
    save_session(session, path)
    assert nnviz_main(["app", str(path), "--smoke"]) == 0
    assert seen_windows[0]["path"] == path
    assert seen_windows[0]["config"] == session.config


def test_a_csv_file_trains_on_its_points(tmp_path, seen_windows):
    path = tmp_path / "points.csv"
    save_csv(generate("circle", 40, 0.0, __import__("numpy").random.default_rng(1)), path)
    assert nnviz_main(["app", str(path), "--smoke"]) == 0
    config = seen_windows[0]["config"]
    assert config.dataset == "csv" and config.csv_path == str(path)  # type: ignore[attr-defined]
    assert seen_windows[0]["path"] is None  # Save asks for a session name: the CSV is never overwritten


def test_a_bad_file_is_one_line_on_stderr_and_shown_in_the_window(tmp_path, monkeypatch, capsys, styled_app, qtbot):
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "config": ', encoding="utf-8")
    shown: list[str] = []
    from nnviz.ui.window.status_bar import TrainingStatusBar

    monkeypatch.setattr(TrainingStatusBar, "show_error", lambda self, text, *_: shown.append(text))
    opened: list[object] = []

    def loop(app, window):  # type: ignore[no-untyped-def]
        window.show()  # the window is built once it has painted its title and menu bar
        qtbot.waitUntil(lambda: type(window).__name__ == "MainWindow", timeout=30_000)
        opened.append(window.config)
        return 0

    monkeypatch.setattr(app_module, "event_loop", loop)
    assert nnviz_main(["app", str(bad)]) == 0
    assert opened == [Config()]  # the window still opened, on the default set-up
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("nnviz: ") and str(bad) in err
    assert shown and str(bad) in shown[0]


def test_a_bad_file_fails_the_smoke_test(tmp_path, capsys, styled_app):
    assert nnviz_main(["app", str(tmp_path / "missing.nnviz"), "--smoke"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.nnviz" in err


def test_file_open_events_open_the_file(tmp_path, window, qtbot):
    from nnviz.ui.file_open import FileOpenFilter

    session = Session(Config(dataset="gauss", seed=3))
    path = tmp_path / "handed-over.nnviz"
    save_session(session, path)
    app = QCoreApplication.instance()
    opener = FileOpenFilter(window, window.open_file)
    app.installEventFilter(opener)
    try:
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(path)))
        qtbot.waitUntil(lambda: window.session_path == path and window.config.dataset == "gauss", timeout=10_000)
    finally:
        app.removeEventFilter(opener)


def test_about_shows_the_versions_and_copies_them(window, qtbot):
    import numpy
    import PySide6
    from PySide6.QtWidgets import QApplication

    from nnviz.ui.window.about import AboutDialog
    from nnviz.version import version_line

    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    text = dialog.label.text()
    for expected in (version_line(), numpy.__version__, PySide6.__version__, "Python", "Qt", "pyqtgraph"):
        assert expected in text, expected
    QApplication.clipboard().clear()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith(f"nnviz: {version_line()}\n") and f"numpy: {numpy.__version__}" in copied
    assert f"PySide6: {PySide6.__version__}" in copied
