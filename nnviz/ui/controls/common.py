"""Small building blocks shared by the control panels: headings, labelled sliders, step combos."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSlider, QWidget

from nnviz.engine.activations import SPECS

# the hidden activations' names in the menus, from the engine's table (engine/activations.py SPECS)
ACTIVATION_TITLES: dict[str, str] = {name: spec.display for name, spec in SPECS.items() if spec.hidden}


@contextmanager
def signals_blocked(*objects: QObject) -> Iterator[None]:
    """Silence the widgets' signals while the form is synchronised from a config."""
    old = [o.blockSignals(True) for o in objects]
    try:
        yield
    finally:
        for o, was in zip(objects, old, strict=True):
            o.blockSignals(was)


def heading(text: str) -> QLabel:
    """A small upper-case section heading (styled by the app's style sheet)."""
    label = QLabel(text.upper())
    label.setObjectName("sectionHeading")
    return label


def format_rate(value: float) -> str:
    """A learning or regularization rate as TF Playground writes it (0.03, 1e-05 -> 0.00001)."""
    if value == 0:
        return "0"
    return f"{value:.5f}".rstrip("0").rstrip(".") if value < 1 else f"{value:g}"


class HintLabel(QLabel):
    """A one-line hint that never widens its layout: drawn whole when it fits, else as many of its leading
    parts (separated by `PART`) as fit whole, else not at all; its tooltip keeps all of it. A cut-off hint
    ("Right-click: other cl…") says less than none."""

    PART = " · "  # "Right-click: other class · Ctrl+click: remove" is two hints, each whole by itself

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setToolTip(text)

    def setText(self, text: str) -> None:
        """Show `text` (when it fits) and keep it in the tooltip."""
        super().setText(text)
        self.setToolTip(text)

    def shown_text(self) -> str:
        """The text drawn now: all of it, its leading parts that fit, or nothing."""
        parts = self.text().split(self.PART)
        room = self.contentsRect().width()
        for n in range(len(parts), 0, -1):
            text = self.PART.join(parts[:n])
            if self.fontMetrics().horizontalAdvance(text) <= room:
                return text
        return ""

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the text, or its leading parts, when they fit whole."""
        shown = self.shown_text()
        if not shown:
            return
        painter = QPainter(self)
        try:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(self.contentsRect(), int(self.alignment()), shown)
        finally:
            painter.end()


class LabelledSlider(QWidget):
    """A caption, a slider and its value; `committed` fires on release (or on each key step)."""

    committed = Signal(int)

    def __init__(self, caption: str, lo: int, hi: int, suffix: str = "", step: int = 1) -> None:
        super().__init__()
        self._suffix = suffix
        self.caption = QLabel(caption)
        self.caption.setMinimumWidth(74)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(lo, hi)
        self.slider.setSingleStep(step)
        self.slider.setPageStep(step * 5)
        self.value_label = QLabel()
        self.value_label.setMinimumWidth(36)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.caption)
        row.addWidget(self.slider, 1)
        row.addWidget(self.value_label)
        self.slider.valueChanged.connect(self._on_value)
        self.slider.sliderReleased.connect(self._on_release)
        self._show(self.slider.value())

    def value(self) -> int:
        """The slider's value."""
        return self.slider.value()

    def set_value(self, value: float) -> None:
        """Show a value (rounded) without emitting `committed`."""
        with signals_blocked(self.slider):
            self.slider.setValue(round(value))
        self._show(self.slider.value())

    def _show(self, value: int) -> None:
        self.value_label.setText(f"{value}{self._suffix}")

    def _on_value(self, value: int) -> None:
        self._show(value)
        if not self.slider.isSliderDown():  # keys, wheel, clicks on the groove
            self.committed.emit(value)

    def _on_release(self) -> None:
        self.committed.emit(self.slider.value())


class ValueCombo(QComboBox):
    """A combo box over fixed values with titles; `picked` emits the value."""

    picked = Signal(object)

    def __init__(self, items: Sequence[tuple[str, Any]]) -> None:
        super().__init__()
        self._values: list[Any] = []
        for title, value in items:
            self.addItem(title)
            self._values.append(value)
        self.currentIndexChanged.connect(self._on_index)

    def value(self) -> Any:
        """The chosen value."""
        return self._values[self.currentIndex()]

    def set_value(self, value: Any) -> None:
        """Select `value` (or the nearest number) without emitting `picked`."""
        index = self._index_of(value)
        with signals_blocked(self):
            self.setCurrentIndex(index)

    def _index_of(self, value: Any) -> int:
        if value in self._values:
            return self._values.index(value)
        if isinstance(value, int | float):
            numeric = [(abs(float(v) - float(value)), i) for i, v in enumerate(self._values)
                       if isinstance(v, int | float)]
            if numeric:
                return min(numeric)[1]
        return 0

    def _on_index(self, index: int) -> None:
        if 0 <= index < len(self._values):
            self.picked.emit(self._values[index])
