"""The small bars above the output views: boundary toggles, the class for new points, log-scale loss."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from nnviz.session import Frame
from nnviz.session.data_edits import hand_edit_refusal
from nnviz.ui.colors import class_color
from nnviz.ui.controls.common import HintLabel, heading, signals_blocked
from nnviz.ui.plain_text import plain_tooltip
from nnviz.ui.plots.plane_clicks import POINT_CLICKS

CLASS_TIP = "The class of points added with a left click; a right click adds the other class, Ctrl+click removes " \
    "the nearest point"
NO_CLICK_POINTS = "Clicks add no points here"  # in place of "Click adds": the data cannot be edited by hand


def click_hint(regression: bool) -> str:
    """The short hint beside the class picker, written from the table of mouse bindings."""
    parts = [f"{c.gesture}: {'−1' if regression and c.action == 'add_other' else c.hint}"
             for c in POINT_CLICKS if c.action != "add"]
    return " · ".join(parts)


def _swatch(color: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(color)
    return QIcon(pixmap)


class BoundaryControls(QWidget):
    """The output heading with the discretize and show-test toggles."""

    discretizeToggled = Signal(bool)
    showTestToggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(heading("Output"))
        row.addStretch(1)
        self.show_test = QCheckBox("Show test data")
        self.show_test.setToolTip("Show the test points too (drawn with a dark outline)")
        self.show_test.toggled.connect(self.showTestToggled)
        row.addWidget(self.show_test)
        self.discretize = QCheckBox("Discretize output")
        self.discretize.setToolTip("Show the predicted class only, without shades of confidence")
        self.discretize.toggled.connect(self.discretizeToggled)
        row.addWidget(self.discretize)


class PointControls(QWidget):
    """The class given to points added with the mouse, and how to add and remove them."""

    classSelected = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.class_label = QLabel("Click adds")
        row.addWidget(self.class_label)
        self.point_class = QComboBox()
        self.point_class.setIconSize(QSize(12, 12))
        self.point_class.setToolTip(CLASS_TIP)
        self.point_class.currentIndexChanged.connect(self._on_class)
        row.addWidget(self.point_class)
        self.hint = HintLabel()
        self.hint.setObjectName("muted")
        row.addWidget(self.hint, 1)
        self._key: tuple[str, int] = ("", -1)
        self._refusal = ""  # why a click cannot add a point here ("" when it can)
        self.set_problem("binary", 2)

    def show_frame(self, frame: Frame) -> None:
        """Offer the frame's classes, or say why a click adds no point on its data (a table shown on a slice)."""
        self.set_problem(frame.problem, frame.n_classes)
        refusal = hand_edit_refusal(len(frame.column_names) or 2, frame.scaling is not None)
        if refusal != self._refusal:
            self._refusal = refusal
            self._show_refusal(frame.problem == "regression")

    def _show_refusal(self, regression: bool) -> None:
        """Disabled, with the reason as a plain-text tooltip, when a click cannot add a point; the offer otherwise."""
        refused = bool(self._refusal)
        self.point_class.setVisible(not regression and not refused)  # no class to choose: nothing is added
        for widget in (self.class_label, self.point_class, self.hint):
            widget.setEnabled(not refused)
        if refused:
            reason = self._refusal[0].upper() + self._refusal[1:]
            self.class_label.setText(NO_CLICK_POINTS)
            self.hint.setText(reason)
            for widget in (self.class_label, self.point_class, self.hint):
                widget.setToolTip(plain_tooltip(reason))
            return
        self.class_label.setText("Click adds a point with target +1" if regression else "Click adds")
        self.class_label.setToolTip("")
        self.point_class.setToolTip(CLASS_TIP)
        self.hint.setToolTip("")
        self.hint.setText(click_hint(regression))

    def set_problem(self, problem: str, n_classes: int) -> None:
        """Offer the classes of the current problem (regression: left click +1, right click -1)."""
        key = (problem, n_classes)
        if key == self._key:
            return
        self._key = key
        old = max(0, self.point_class.currentIndex())
        with signals_blocked(self.point_class):
            self.point_class.clear()
            for k in range(max(2, n_classes)):
                self.point_class.addItem(_swatch(class_color(k)), f"class {k}", k)
            self.point_class.setCurrentIndex(min(old, self.point_class.count() - 1))
        self._show_refusal(problem == "regression")
        self._on_class(self.point_class.currentIndex())

    def selected_class(self) -> int:
        """The class that points added with a left click get."""
        data = self.point_class.currentData()
        return int(data) if data is not None else 0

    def _on_class(self, _index: int) -> None:
        self.classSelected.emit(self.selected_class())


class LossControls(QWidget):
    """The loss chart's heading and its log-scale toggle."""

    logScaleToggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(heading("Loss"))
        row.addStretch(1)
        self.log_scale = QCheckBox("Log scale")
        self.log_scale.setToolTip("Plot the loss on a logarithmic axis")
        self.log_scale.toggled.connect(self.logScaleToggled)
        row.addWidget(self.log_scale)
