"""Figures that change every frame do not lay the window out again each time (nnviz.ui.steady_label)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from nnviz.ui.steady_label import SteadyLabel
from tests.ui.probes import EventCounter


def requests_after(qapp, parent: QWidget, label: QLabel, texts: list[str]) -> int:
    counter = EventCounter(QEvent.Type.LayoutRequest)
    parent.installEventFilter(counter)
    for text in texts:
        label.setText(text)
        qapp.processEvents()
    parent.removeEventFilter(counter)
    return counter.count


def shown_with(qtbot, label: QLabel) -> QWidget:
    parent = QWidget()
    QHBoxLayout(parent).addWidget(label)
    qtbot.addWidget(parent)
    parent.show()
    qtbot.waitExposed(parent)
    return parent


def test_a_new_text_that_fits_asks_for_no_new_layout(qtbot, qapp):
    steady, plain = SteadyLabel("Epoch 100"), QLabel("Epoch 100")
    steady_parent, plain_parent = shown_with(qtbot, steady), shown_with(qtbot, plain)
    texts = [f"Epoch {n}" for n in range(101, 131)]
    assert requests_after(qapp, plain_parent, plain, texts) >= 1  # what a QLabel does (the window's cost)
    assert requests_after(qapp, steady_parent, steady, texts) == 0
    assert steady.text() == "Epoch 130"


def test_a_longer_text_grows_the_label_to_show_it_whole(qtbot, qapp):
    label = SteadyLabel("Epoch 9")
    parent = shown_with(qtbot, label)  # noqa: F841  (kept: it owns the label)
    label.setText("Epoch 9,999,999 of 10,000,000")
    assert label.width() >= label.sizeHint().width() and label.height() >= label.sizeHint().height()
    label.setText("Epoch 1")  # shorter again: it keeps its room, nothing moves
    assert label.width() >= label.fontMetrics().horizontalAdvance("Epoch 9,999,999 of 10,000,000")


def test_a_larger_font_sizes_the_label_afresh(qtbot, qapp):
    label = SteadyLabel("Epoch 1,234")
    parent = shown_with(qtbot, label)  # noqa: F841  (kept: it owns the label)
    before = label.size()
    font = QFont(label.font())
    font.setPointSizeF(label.font().pointSizeF() * 2)
    label.setFont(font)
    assert label.width() > before.width() and label.height() > before.height()
    assert label.width() >= label.sizeHint().width()


def test_a_new_text_that_fits_is_shown_without_asking_for_a_size_hint(qtbot, qapp, monkeypatch):
    # a styled label's size hint lays its text out through the style sheet: 0.03-0.2 ms, every frame (issue 23)
    label = SteadyLabel("Epoch 100,000")
    parent = shown_with(qtbot, label)  # noqa: F841  (kept: it owns the label)
    asked = []
    original = SteadyLabel.sizeHint
    monkeypatch.setattr(SteadyLabel, "sizeHint", lambda self: asked.append(1) or original(self))
    for n in range(101, 131):
        label.setText(f"Epoch {n:,}")
    assert label.text() == "Epoch 130" and not asked


def test_no_text_is_ever_cut_off_however_its_glyphs_differ_in_width(qtbot, qapp):
    label = SteadyLabel("1")
    parent = shown_with(qtbot, label)  # noqa: F841  (kept: it owns the label)
    for text in ["111", "iii", "WWW", "1,111 epochs/s", "MMMM MMM", "ii", "WWWWWWWW", "a < b & c", "two\nlines"]:
        label.setText(text)
        hint = label.sizeHint()
        assert label.width() >= hint.width() and label.height() >= hint.height(), text
