"""The slice controls: which plane of a table's input space the output view shows.

Two columns on the axes (or the first two principal components), and one slider per other column that
holds it at a value (the median until moved). Every change is a SliceSpec the panel emits.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from nnviz import data as nd
from nnviz.session.frame import Frame
from nnviz.session.slicing import ColumnStats, most_weighed
from nnviz.ui.controls.common import signals_blocked
from nnviz.ui.plain_text import plain_tooltip

STEPS = 200  # slider positions between a column's minimum and maximum
MODES = (("Two columns", "columns"), ("Principal components", "pca"))


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)  # column names come from a file
    return label


class SlicePanel(QWidget):
    """Axis choice and held-value sliders; emits the SliceSpec the user asks for."""

    sliceChanged = Signal(object)  # nd.SliceSpec

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: tuple[str, ...] = ()
        self._stats: ColumnStats | None = None
        self._spec = nd.SliceSpec()
        self._weights: np.ndarray | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        self.note = _plain(QLabel("The output view shows a slice when the data has more than two columns."))
        self.note.setWordWrap(True)
        self.note.setObjectName("muted")
        column.addWidget(self.note)
        self.mode = QComboBox()
        for title, mode in MODES:
            self.mode.addItem(title, mode)
        self.mode.setToolTip("Axes: two of the columns, or the first two principal components of the "
                             "standardised inputs (the grid is mapped back to the inputs through them)")
        self.mode.currentIndexChanged.connect(self._emit)
        row = QHBoxLayout()
        row.addWidget(QLabel("Axes"))
        row.addWidget(self.mode, 1)
        column.addLayout(row)
        grid = QGridLayout()
        self.x_axis, self.y_axis = QComboBox(), QComboBox()
        for r, (name, box) in enumerate((("x", self.x_axis), ("y", self.y_axis))):
            grid.addWidget(QLabel(name), r, 0)
            grid.addWidget(box, r, 1)
            box.currentIndexChanged.connect(self._emit)
        column.addLayout(grid)
        buttons = QHBoxLayout()
        self.weighed = QPushButton("Most weighed")
        self.weighed.setToolTip("Put the two columns the first layer weighs most on the axes")
        self.weighed.clicked.connect(self.pick_most_weighed)
        self.medians = QPushButton("Medians")
        self.medians.setToolTip("Hold every other column at its median again")
        self.medians.clicked.connect(self.reset_medians)
        buttons.addWidget(self.weighed)
        buttons.addWidget(self.medians)
        column.addLayout(buttons)
        self.held_title = QLabel("Other columns held at")
        column.addWidget(self.held_title)
        self._slider_grid = QGridLayout()
        column.addLayout(self._slider_grid)
        column.addStretch(1)
        self.sliders: list[QSlider] = []
        self.values: list[QLabel] = []
        self._names: list[QLabel] = []

    # --- from frames -----------------------------------------------------------------------
    def set_frame(self, frame: Frame) -> None:
        """Show the frame's columns and slice (without emitting anything)."""
        self._weights = frame.weights[0] if frame.weights else None
        if frame.plane is None or frame.column_stats is None:
            self.setEnabled(False)
            self.note.show()
            return
        self.setEnabled(True)
        self.note.hide()
        if frame.column_names != self._columns:
            self._rebuild(frame.column_names)
        self._stats = frame.column_stats
        self._spec = frame.slice or nd.SliceSpec()
        self._show_spec()

    def _rebuild(self, columns: tuple[str, ...]) -> None:
        self._columns = columns
        with signals_blocked(self.x_axis, self.y_axis):
            for box in (self.x_axis, self.y_axis):
                box.clear()
                box.addItems(list(columns))
        for widget in (*self.sliders, *self.values, *self._names):
            widget.deleteLater()
        self.sliders, self.values, self._names = [], [], []
        for i, name in enumerate(columns):
            label = _plain(QLabel(name))
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, STEPS)
            slider.setToolTip(plain_tooltip(f"Hold {name} at this value on the slice"))  # a column name
            slider.valueChanged.connect(self._emit)
            value = _plain(QLabel())
            # never narrower than its number ("4050" in presentation mode): no fixed minimum width
            value.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
            self._slider_grid.addWidget(label, i, 0)
            self._slider_grid.addWidget(slider, i, 1)
            self._slider_grid.addWidget(value, i, 2)
            self._names.append(label)
            self.sliders.append(slider)
            self.values.append(value)

    def _held(self) -> tuple[float, ...]:
        stats = self._stats
        if stats is None:
            return ()
        return self._spec.held if len(self._spec.held) == len(self._columns) else stats.median

    def _show_spec(self) -> None:
        spec, stats = self._spec, self._stats
        assert stats is not None
        pca = spec.mode == "pca"
        with signals_blocked(self.mode, self.x_axis, self.y_axis, *self.sliders):
            self.mode.setCurrentIndex(1 if pca else 0)
            self.mode.setEnabled(len(self._columns) >= 3)
            self.x_axis.setCurrentIndex(spec.axes[0])
            self.y_axis.setCurrentIndex(spec.axes[1] if len(self._columns) > 1 else 0)
            for i, (slider, value) in enumerate(zip(self.sliders, self.values, strict=True)):
                lo, hi, v = stats.low[i], stats.high[i], self._held()[i]
                slider.setValue(round((v - lo) / (hi - lo) * STEPS) if hi > lo else 0)
                on_axis = not pca and i in spec.axes
                slider.setEnabled(not pca and not on_axis)
                value.setText("axis" if on_axis else "—" if pca else f"{v:.4g}")
        for box in (self.x_axis, self.y_axis, self.weighed):
            box.setEnabled(not pca)
        self.medians.setEnabled(not pca)

    # --- user changes ----------------------------------------------------------------------
    def _emit(self) -> None:
        stats = self._stats
        if stats is None or not self._columns:
            return
        mode = str(self.mode.currentData())
        i, j = self.x_axis.currentIndex(), self.y_axis.currentIndex()
        if i == j:  # the other box gives way: two different columns
            j = self._spec.axes[0] if self._spec.axes[0] != i else (i + 1) % max(2, len(self._columns))
        held = tuple(lo + (hi - lo) * s.value() / STEPS
                     for lo, hi, s in zip(stats.low, stats.high, self.sliders, strict=True))
        self.request(nd.SliceSpec(mode, (i, j), held))

    def request(self, spec: nd.SliceSpec) -> None:
        """Show `spec` here at once and ask for it."""
        self._spec = spec
        if self._stats is not None:
            self._show_spec()
        self.sliceChanged.emit(spec)

    def pick_most_weighed(self) -> None:
        """The two columns with the largest weights into the first layer on the axes."""
        if self._weights is None:
            return
        axes = most_weighed(self._weights, len(self._columns))
        self.request(nd.SliceSpec("columns", axes, self._spec.held))

    def reset_medians(self) -> None:
        """Every held column back at its median."""
        self.request(nd.SliceSpec(self._spec.mode, self._spec.axes, ()))
