"""A lesson's text grows as one with presentation mode or a zoom: `code` included (it kept 12 px beside 20 px)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnviz.session.lesson_markup import HTML, MARKDOWN
from nnviz.ui.lessons.safe_text import LessonBrowser

LARGER = "QWidget { font-size: 20px; }"  # as presentation mode sets on the window


def _pixel_sizes(browser: LessonBrowser) -> dict[str, int]:
    """Each run of text in the lesson and the pixel size it is drawn at."""
    document = browser.document()
    sizes = {}
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            font = fragment.charFormat().font()
            font = font.resolve(document.defaultFont())
            sizes[fragment.text().strip()] = QFontInfo(font).pixelSize()
            fragments += 1
        block = block.next()
    return sizes


@pytest.mark.parametrize(("fmt", "text"), [(MARKDOWN, "See `Lesson 2` now.\n\n```\nprint(1)\n```\n"),
                                           (HTML, "<p>See <code>Lesson 2</code> now.</p><pre>print(1)</pre>")])
def test_code_in_a_lesson_grows_with_the_rest_of_its_text(qtbot, styled_app, fmt: str, text: str) -> None:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    browser = LessonBrowser()
    QVBoxLayout(holder).addWidget(browser)
    holder.resize(400, 300)
    holder.show()
    browser.show_lesson("A title", text, fmt)  # shown at the normal size, then presented
    holder.setStyleSheet(LARGER)
    qtbot.waitUntil(lambda: browser.document().defaultFont().pixelSize() == 20)
    sizes = _pixel_sizes(browser)
    assert sizes["See"] == 20
    assert sizes["Lesson 2"] == sizes["See"] and sizes["print(1)"] == sizes["See"], sizes
