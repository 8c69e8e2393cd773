"""The loss chart's legend wraps between its lines' entries, never between a swatch and its name."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from nnviz.session import Config, Session
from nnviz.ui.plots.loss_chart import LossChart


def _line_of(document: QTextDocument, text: str) -> int:
    """The laid-out line (counted over the whole document) where `text` starts."""
    cursor = document.find(text)
    assert not cursor.isNull(), text
    block = cursor.block()
    lines_before = 0
    b = document.begin()
    while b != block:
        lines_before += b.layout().lineCount()
        b = b.next()
    return lines_before + block.layout().lineForTextPosition(cursor.selectionStart() - block.position()).lineNumber()


def test_each_swatch_stays_on_the_line_of_its_name_and_figures(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = LossChart()
    qtbot.addWidget(chart)
    session = Session(Config(points=40))
    session.train(3)
    chart.set_frame(session.snapshot(20))
    document = QTextDocument()
    document.setDefaultFont(chart.summary.font())
    document.setHtml(chart.summary.text())
    wrapped = 0
    for width in range(120, 700, 5):  # every width where the legend takes more than one line
        document.setTextWidth(width)
        document.documentLayout().documentSize()  # lay it out now
        lines = {text: _line_of(document, text) for text in ("━━", "train", "╍╍", "test")}
        if lines["test"] == lines["train"]:
            continue  # one line: nothing to check at this width
        wrapped += 1
        assert lines["━━"] == lines["train"] and lines["╍╍"] == lines["test"], (width, lines)
    assert wrapped  # some widths did wrap the legend
