"""The training bar's labels after it was compact: a new text size that came meanwhile is measured again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from nnviz.ui.resources import icon
from nnviz.ui.window.toolbar import TrainingToolBar

BIGGER_TEXT = "QWidget { font-size: 24px; }"  # as View > Zoom In sets on the window


def _bar(qtbot, sheet: str) -> tuple[TrainingToolBar, list[QAction]]:  # type: ignore[no-untyped-def]
    names = (("Reset", "reset"), ("Play", "play"), ("Step", "step"), ("Step batch", "step-batch"))
    actions = [QAction(icon(name), text) for text, name in names]
    bar = TrainingToolBar(*actions)
    qtbot.addWidget(bar)
    bar.setStyleSheet(sheet)
    bar.resize(3000, 60)  # wide enough for every label
    bar.show()
    qtbot.waitExposed(bar)
    return bar, actions


def test_play_is_measured_again_when_the_text_grew_while_the_bar_showed_icons_only(qtbot, styled_app):
    """Compact, a larger text, wide again: Play is as wide as "Pause" needs in the new size (not the old one)."""
    bar, actions = _bar(qtbot, "")
    bar.resize(200, 60)  # too short for labels: icons only
    qtbot.waitUntil(lambda: bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly)
    bar.setStyleSheet(BIGGER_TEXT)
    bar.resize(3000, 60)
    qtbot.waitUntil(lambda: bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    fresh, fresh_actions = _bar(qtbot, BIGGER_TEXT)  # built in the larger text from the start

    play, step = bar.widgetForAction(actions[1]), bar.widgetForAction(actions[2])
    expected = fresh.widgetForAction(fresh_actions[1])
    assert play is not None and step is not None and expected is not None
    assert play.minimumWidth() == expected.minimumWidth() > 0, (play.minimumWidth(), expected.minimumWidth())
    step_x = step.x()
    actions[1].setText("Pause")  # training starts: the label changes, the buttons after it stay put
    bar.layout().activate()
    assert step.x() == step_x
    assert play.width() >= play.sizeHint().width()  # "Pause" is not clipped


def test_controls_past_the_end_of_the_bar_are_behind_a_button_that_shows(qtbot, styled_app):
    """A bar too short for its controls (Run for on a 1024 px window with a dock open, or in presentation mode)
    puts them behind its » button: the button's chevron is drawn (the bar's button padding left it no room)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    bar, _actions = _bar(qtbot, "")
    bar.add_control(QLabel("A group of controls wider than the bar " * 3))
    bar.resize(700, 60)
    qtbot.waitUntil(lambda: (button := bar.findChild(QAbstractButton, "qt_toolbar_ext_button")) is not None
                    and button.isVisible())
    button = bar.findChild(QAbstractButton, "qt_toolbar_ext_button")
    image = button.grab().toImage()
    background = image.pixelColor(0, 0)
    drawn = [(x, y) for x in range(image.width()) for y in range(image.height())
             if image.pixelColor(x, y) != background]
    assert drawn, "the overflow button is blank"


def test_a_button_that_appears_on_a_bar_with_just_the_room_for_the_labels_makes_it_show_icons_only(qtbot, styled_app):
    """Presentation mode's Controls button appears without the bar being resized: the labels that no longer fit
    give way to icons (before, "Run for" went behind the » button at 1280 px), and come back when it goes."""
    bar, _actions = _bar(qtbot, "")
    controls = QAction("Controls with a long label")
    controls.setVisible(False)
    bar.add_mode_action(controls)
    bar.resize(bar.sizeHint().width() + 4, 60)  # just the room for every label
    qtbot.waitUntil(lambda: bar.width() == bar.sizeHint().width() + 4)
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    controls.setVisible(True)
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
    controls.setVisible(False)
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
