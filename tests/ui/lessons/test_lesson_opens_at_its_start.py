"""A lesson opens at its first line, in presentation mode too (it opened scrolled to its last lines)."""

from __future__ import annotations

from nnviz.ui import look
from nnviz.ui.lessons.menu import Lessons
from nnviz.ui.lessons.safe_text import LessonBrowser
from tests.ui.probes import part, settling

WAIT_MS = 10_000


def test_a_lesson_too_long_for_its_panel_opens_at_its_title(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1024, 768))
    try:
        window.features["presentation"].set_presentation(True)  # larger type: lesson 9 needs scrolling
        lessons = part(window.features["teaching"].surface, Lessons)
        lessons.actions[8].trigger()
        qtbot.waitUntil(lambda: lessons.dock.isVisible(), timeout=WAIT_MS)
        browser = lessons.dock.findChild(LessonBrowser)
        bar = browser.verticalScrollBar()
        qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT_MS)  # the text is longer than the panel
        lessons.actions[0].trigger()  # another lesson, then back: each opens at its start
        lessons.actions[8].trigger()
        guard = window.features["presentation"].guard
        qtbot.waitUntil(lambda: not settling(guard), timeout=WAIT_MS)  # docks and text laid out again
        assert bar.maximum() > 0 and bar.value() == 0
        assert browser.cursorRect().top() < browser.viewport().height()  # the cursor is at the start, in view
    finally:
        window.features["presentation"].set_presentation(False)
        look.set_look(large=False, high_contrast=False)
