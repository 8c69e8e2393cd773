"""A lesson opened at launch (`nnviz lesson.nnviz`, a double-click) gets the lesson panel's width, as one opened
later does: it took half of a 1280 px window and left the graph 260 px."""

from __future__ import annotations

from nnviz.session import Config, Session
from nnviz.session.lessons import make_lesson_dict
from nnviz.ui.lessons.menu import LESSON_DOCK_WIDTH
from nnviz.ui.lessons.panel import LessonDock
from nnviz.ui.style import STYLE_SHEET
from nnviz.ui.window.main_window import MainWindow
from nnviz.ui.window.shell import WindowShell, built_in_one_pass

WAIT_MS = 10_000


def test_a_lesson_opened_at_launch_has_the_panels_width(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    session = Session(Config(dataset="xor"))
    session.lesson = make_lesson_dict("XOR", "Press **Play**.", "markdown")
    shell = WindowShell("XOR", shell=True)
    qtbot.addWidget(shell)
    shell.resize(1280, 800)
    shell.show()
    qtbot.waitExposed(shell)
    styled_app.setStyleSheet("")
    try:
        with built_in_one_pass(shell):  # as nnviz.ui.app builds the window on its shell, styled at the end
            window = MainWindow.build_on(shell, session, backend="thread")
            styled_app.setStyleSheet(STYLE_SHEET)
        qtbot.waitUntil(lambda: (dock := window.findChild(LessonDock)) is not None and dock.isVisible(),
                        timeout=WAIT_MS)
        dock = window.findChild(LessonDock)
        qtbot.waitUntil(lambda: dock.width() <= LESSON_DOCK_WIDTH + 10, timeout=WAIT_MS)
        assert window.graph_view.width() > dock.width()
    finally:
        styled_app.setStyleSheet(STYLE_SHEET)
        if isinstance(shell, MainWindow):  # (the same window, once its parts were made)
            shell.shutdown()
