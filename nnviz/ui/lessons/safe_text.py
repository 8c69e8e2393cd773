"""Text from a file, shown by Qt without Qt interpreting it: a document that loads nothing, plain tooltips.

Qt's rich-text engine loads `<img>` sources from the disk, and a QTextBrowser follows links by
itself. Lesson texts are rendered by `SafeTextDocument`, whose `loadResource` refuses every
request, in a `LessonBrowser` that follows no link: a click on an http(s) link asks, showing the
address, before the user's browser opens it; any other link is named in one line and not opened.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

from nnviz.session.lesson_markup import HTML, MARKDOWN
from nnviz.session.lessons import text_problem

MARKDOWN_FEATURES = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
OPENABLE_SCHEMES = frozenset({"http", "https"})
MAX_SHOWN_ADDRESS = 300  # characters of a link's address quoted in a question or a message


class SafeTextDocument(QTextDocument):
    """A QTextDocument that loads no resource: no image, style sheet or file named by the text is read."""

    def loadResource(self, kind: int, name: QUrl | str) -> None:
        """Refuse every resource (the text's images stay empty)."""
        return None


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_literal(text: str) -> str:
    """`text` as Markdown that reads back as exactly this text (every ASCII punctuation mark escaped)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def render_lesson(document: QTextDocument, title: str, text: str, fmt: str) -> str:
    """Lay out a lesson's title and text in a document; a text lessons cannot contain is shown as plain text.

    Returns '' or the one-line reason the text is shown as plain text."""
    problem = text_problem(text, fmt)
    if problem:
        document.setPlainText(f"{title}\n\n({problem}; the text is shown as it is written)\n\n{text}")
        return problem
    if fmt == MARKDOWN:
        document.setMarkdown(f"### {markdown_literal(title)}\n\n{text}", MARKDOWN_FEATURES)
    elif fmt == HTML:
        document.setHtml(f"<h3>{html.escape(title)}</h3>{text}")
    _sizes_follow_the_text(document)
    return ""


def _sizes_follow_the_text(document: QTextDocument) -> None:
    """No part of the text keeps a size of its own: Markdown's `code` takes the fixed font at that font's point
    size, which stayed put (12 px) when presentation mode or a zoom made the rest of the lesson larger."""
    sized = QTextFormat.Property.FontPointSize
    spans = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().hasProperty(sized):
                spans.append((fragment.position(), fragment.length(), fragment.charFormat()))
            fragments += 1
        block = block.next()
    cursor = QTextCursor(document)
    for start, length, char_format in spans:
        char_format.clearProperty(sized)
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(char_format)


def shown_address(url: QUrl) -> str:
    """A link's address as a message quotes it: whole up to a cap, then elided."""
    address = url.toString()
    return address if len(address) <= MAX_SHOWN_ADDRESS else address[:MAX_SHOWN_ADDRESS] + "…"


def ask_to_open(parent: QWidget, url: QUrl) -> bool:
    """Ask, showing the whole address as plain text, whether to open a web link in the user's browser."""
    box = QMessageBox(QMessageBox.Icon.Question, "Open this link?", "", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"Open this address in your web browser?\n\n{shown_address(url)}")
    box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Open


class LinkPolicy(QObject):
    """What a click on a link in a lesson does: http(s) after a confirmation, in the browser; anything else not."""

    refused = Signal(str)  # one line: why a link was not opened

    def __init__(self, parent: QWidget, ask: Callable[[QWidget, QUrl], bool] = ask_to_open,
                 open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl) -> None:
        super().__init__(parent)
        self._parent, self.ask, self.open_url = parent, ask, open_url

    def follow(self, url: QUrl) -> bool:
        """Open the link in the user's browser if it is http(s) and the user agrees; True when opened."""
        if url.scheme().lower() not in OPENABLE_SCHEMES or not url.host():
            self.refused.emit(f"Only web links (http, https) open, in your browser; not opened: {shown_address(url)}")
            return False
        if not self.ask(self._parent, url):
            return False
        return bool(self.open_url(url))


class LessonBrowser(QTextBrowser):
    """A read-only view of a lesson: its own SafeTextDocument, no link followed inside the app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(SafeTextDocument(self))
        self.setOpenLinks(False)  # a click only emits anchorClicked; the view never navigates
        self.setOpenExternalLinks(False)
        self.links = LinkPolicy(self)
        self.anchorClicked.connect(self.links.follow)

    def loadResource(self, kind: int, name: QUrl | str) -> None:
        """Refuse every resource, as the document does."""
        return None

    def show_lesson(self, title: str, text: str, fmt: str) -> str:
        """Show a lesson from its beginning; '' or the reason it is shown as plain text."""
        problem = render_lesson(self.document(), title, text, fmt)
        # the view's cursor stayed where the old text ended, and a later layout (presentation's larger type,
        # a dock resized) scrolled to it: a lesson opened at its last lines
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)
        return problem
