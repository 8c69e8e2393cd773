"""What the window says is true: help from the bindings, full file errors, one title, the same precision."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from nnviz.session.graph_refs import BiasRef, EdgeRef
from nnviz.ui.controls.output_controls import click_hint
from nnviz.ui.plots.plane_clicks import POINT_CLICKS
from nnviz.ui.window.help_text import key_text, window_help
from nnviz.ui.window.shortcuts_dialog import ShortcutsDialog
from nnviz.ui.window.status_bar import _one_line


def test_the_help_says_what_each_mouse_gesture_really_does(qtbot, window):
    text = window_help(window)
    assert "Right-click in the output view</b>&nbsp;&nbsp;</td><td>Adds a point of the other class" in text
    assert "Ctrl+click in the output view</b>&nbsp;&nbsp;</td><td>Removes the nearest point" in text
    assert "remove a point" not in text.lower()
    assert "Ctrl+R" in text and "Space" in text
    view = window.boundary_view
    for click in POINT_CLICKS:  # the table is what the view obeys
        mods = Qt.KeyboardModifier.ControlModifier if click.ctrl else Qt.KeyboardModifier.NoModifier
        signal = view.pointRemoved if click.action == "remove" else view.pointAdded
        with qtbot.waitSignal(signal, timeout=500) as got:
            assert view.click_at(1.0, 1.0, click.button, mods)
        if click.action != "remove":
            chosen = view.selected_class
            assert (got.args[2] == chosen) == (click.action == "add")
    assert click_hint(False) == "Right-click: other class · Ctrl+click: remove"
    assert window.parts.point_controls.hint.text() == click_hint(False)


def test_help_lists_every_shortcut_the_window_holds_and_the_teaching_gestures(window, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda dialog: shown.append(dialog.help_html))
    window.actions_.shortcuts.trigger()
    assert len(shown) == 1
    text = shown[0]
    keyed = [a for a in window.findChildren(QAction) if key_text(a)]
    assert len(keyed) >= 15
    for action in keyed:
        assert f"<b>{key_text(action)}</b>" in text, action.text()
    for key in ("E", "H", "Left", "Right", "Up", "Down"):  # the teaching mode's keys
        assert f"<b>{key}</b>" in text
    assert "Shift+click in the output view" in text
    assert "Click a point in the explain mode" in text


def test_a_missing_file_is_named_with_its_case_unchanged_in_a_dialog(qtbot, window, tmp_path):
    missing = tmp_path / "nosuch.json"
    window.open_session(str(missing))
    qtbot.waitUntil(lambda: bool(window.file_error.text()), timeout=3000)
    full = window.file_error.text()
    assert "nosuch.json" in full and "Nosuch" not in full
    assert "nosuch.json" in window.status.currentMessage()
    window.file_error.box.close()


def test_a_long_file_error_is_shown_whole(qtbot, window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nnviz-session", "version": 1, "config": {"dataset": 7}}', encoding="utf-8")
    window.open_session(str(bad))
    qtbot.waitUntil(lambda: bool(window.file_error.text()), timeout=3000)
    text = window.file_error.text()
    assert str(bad) in text or "bad.json" in text
    assert not text.endswith("…") and "…" not in text
    window.file_error.box.close()


def test_a_failed_save_gets_a_dialog(qtbot, window, tmp_path):
    window.save_session(str(tmp_path / "no-such-folder" / "run.json"))
    qtbot.waitUntil(lambda: bool(window.file_error.text()), timeout=3000)
    assert "run.json" in window.file_error.text()
    assert window.session_path is None
    window.file_error.box.close()


def test_status_lines_capitalise_words_but_never_file_names():
    assert _one_line("nosuch.json: no such file") == "nosuch.json: no such file"
    assert _one_line("/tmp/a.csv line 3: bad") == "/tmp/a.csv line 3: bad"
    assert _one_line("training   diverged\nin epoch 3") == "Training diverged in epoch 3"


def test_the_window_title_names_the_app_once(qtbot, window):
    app = QApplication.instance()
    old = app.applicationDisplayName()
    app.setApplicationDisplayName("nnviz")
    try:
        title = window.windowTitle()
        assert title == "Untitled — nnviz"
        assert title.endswith(app.applicationDisplayName())  # so Qt appends no second "— nnviz"
        assert title.count("nnviz") == 1
    finally:
        app.setApplicationDisplayName(old)


def test_weights_and_biases_are_edited_and_shown_with_the_same_precision(qtbot, window):
    editor = window.graph_view._editing.editor
    editor.open(BiasRef(1, 0), "Bias", -2.53, QPoint(10, 10))
    bias_text = editor.edit.text()
    editor.open(EdgeRef(1, 0, 0), "Weight", -0.123456, QPoint(10, 10))
    weight_text = editor.edit.text()
    assert bias_text == "-2.5300" and weight_text == "-0.1235"
    editor.hide()
    from nnviz.ui.graph.tooltips import format_value

    assert format_value(0.0) == "0" and format_value(-2.2e-9) == "-2.20e-09"


def test_no_file_error_outlives_its_window(qtbot, window, tmp_path):
    window.open_session(str(tmp_path / "gone.json"))
    qtbot.waitUntil(lambda: bool(window.file_error.text()), timeout=3000)
    window.close()  # a modal message left behind would block every other window's mouse
    assert window.file_error.box is not None and not window.file_error.box.isVisible()


def test_the_loss_readout_names_the_epoch_end_its_figures_belong_to_while_training(qtbot):
    import dataclasses

    from nnviz.session import Config, Session
    from nnviz.ui.window.status_bar import TrainingStatusBar

    bar = TrainingStatusBar()
    qtbot.addWidget(bar)
    frame = Session(Config(points=60)).snapshot(8)
    bar.show_frame(dataclasses.replace(frame, epoch=1234, figures_epoch=1230), 50.0, 30.0)
    assert bar.loss.toolTip().endswith("at the end of epoch 1,230")
    assert bar.accuracy.toolTip().endswith("at the end of epoch 1,230")
    bar.show_frame(frame, None, 0.0)  # paused: the figures are of the weights shown
    assert "epoch" not in bar.loss.toolTip()
