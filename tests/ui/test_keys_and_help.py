"""Keyboard and menus: window shortcuts whatever has focus but a text field being edited; Enter/Escape leave
a field; Help is the last menu; Help ▸ User Guide explains every panel, key and colour."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnviz.session import Config
from nnviz.ui.window.help_menu import UserGuide, guide_markdown

WAIT_MS = 10_000


def _focus(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    widget.activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and
                    (QApplication.focusWidget() is widget or widget.isAncestorOf(QApplication.focusWidget())),
                    timeout=WAIT_MS)


@pytest.mark.parametrize("leave", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_enter_or_escape_leaves_a_text_field_and_space_plays_again(make_window, qtbot, leave) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    box = window.features["teaching"].run_for.box.count
    _focus(qtbot, box)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # typing: Space belongs to the field
    assert not window.running
    QTest.keyClick(QApplication.focusWidget(), leave)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is None or (not box.isAncestorOf(QApplication.focusWidget())
                    and QApplication.focusWidget() is not box), timeout=WAIT_MS)
    QTest.keyClick(window, Qt.Key.Key_Space)
    assert window.running  # the window's Space: Play
    window.pause()


def test_a_list_never_holds_a_window_shortcut_back(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    combo = window.parts.training_panel.optimizer  # a list (not editable): it would take the arrow keys
    _focus(qtbot, combo)
    before = combo.currentIndex()
    QTest.keyClick(combo, Qt.Key.Key_Right)  # the window's Step
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.epoch == 1, timeout=WAIT_MS)
    assert combo.currentIndex() == before


def test_help_is_the_last_menu_and_has_the_user_guide(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[-1] == "Help" and "Lessons" in titles and "Data" in titles
    window.menuBar().addMenu("&Later")  # a feature that adds a menu afterwards
    assert window.menuBar().actions()[-1].text().replace("&", "") == "Help"
    help_menu = window.menuBar().actions()[-1].menu()
    assert help_menu.actions()[0].text() == "User Guide"


def test_the_user_guide_explains_every_panel_key_and_colour(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    text = guide_markdown(window)
    for words in ("Network view", "Output view", "Data panel", "Loss chart", "Lesson panel", "Orange is negative",
                  "blue is positive", "small heatmap", "marker", "Enter", "Escape"):
        assert words in text, words
    for action in window.actions():  # every shortcut of the window, in the key table
        key = action.shortcut().toString()
        if key and action.statusTip():
            assert f"| {key} |" in text, key
    guide = UserGuide(window)
    qtbot.addWidget(guide)
    shown = guide.browser.toPlainText()
    assert "The small pictures on the neurons" in shown and "**" not in shown  # rendered Markdown
    assert "Orange is negative" in shown and "|---|" not in shown  # the key table is a table


def _clashing_keys(window) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Keys that more than one enabled action of the window holds (Qt then runs none of them)."""
    from PySide6.QtGui import QAction

    holders: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        if action.isEnabled():
            for key in action.shortcuts():
                holders.setdefault(key.toString(), []).append(action.text())
    return {key: names for key, names in holders.items() if len(names) > 1}


def test_every_key_of_the_window_does_one_thing_in_and_out_of_the_explain_mode(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    assert _clashing_keys(window) == {}
    explain = window.features["teaching"].explain
    explain.set_active(True)  # its arrows take over from Step and Step batch
    assert _clashing_keys(window) == {}
    explain.set_active(False)


def test_shift_right_shows_the_next_epoch_and_the_batch_step_has_a_key_of_its_own(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    timeline = window.features["timeline"]
    for _ in range(3):
        window.actions_.step.trigger()
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.epoch == 3, timeout=WAIT_MS)
    timeline.show_epoch(1)
    qtbot.waitUntil(lambda: timeline.shown == 1, timeout=WAIT_MS)
    QTest.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: timeline.shown == 2, timeout=WAIT_MS)
    timeline.show_live()
    qtbot.waitUntil(lambda: timeline.shown is None, timeout=WAIT_MS)
    steps = window.frame.steps
    batch_key = window.actions_.step_batch.shortcut()
    assert not batch_key.isEmpty()
    QTest.keySequence(window, batch_key)
    qtbot.waitUntil(lambda: window.frame.steps == steps + 1, timeout=WAIT_MS)


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("which", ["shortcuts", "guide"])
def test_the_help_dialogs_fit_on_a_small_screen_with_their_close_button(make_window, qtbot, monkeypatch, present,
                                                                        which) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect, QTimer
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QDialogButtonBox

    room = QRect(0, 0, 1024, 608)  # a 1024 x 640 projector less a panel
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: room)
    window = make_window(Config(), size=(1024, 600))
    if present:
        window.features["presentation"].present.trigger()  # 20 px text: the list of keys grows
    seen: list[QRect] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        close = dialog.findChild(QDialogButtonBox)
        seen.extend([dialog.frameGeometry(), QRect(close.mapTo(dialog, close.rect().topLeft()), close.size())])
        dialog.close()

    QTimer.singleShot(300, look)
    if which == "shortcuts":
        window.actions_.shortcuts.trigger()
    else:
        next(a for a in window.actions() if a.text() == "User Guide").trigger()
    dialog_rect, close_rect = seen  # (Qt places a dialog within the screen it really has: its size is ours)
    assert dialog_rect.height() <= room.height() and dialog_rect.width() <= room.width()
    assert QRect(0, 0, dialog_rect.width(), dialog_rect.height()).contains(close_rect)  # the list scrolls instead
