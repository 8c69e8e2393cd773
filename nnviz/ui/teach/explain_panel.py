"""The explanation panel: the phase, what it does, and the arithmetic for the selected neuron or edge."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nnviz.session.explain.phases import Phase
from nnviz.session.explain.sample import SampleExplanation
from nnviz.session.explain.text import detail, summary
from nnviz.session.graph_refs import Selection
from nnviz.ui.style import paint_white

FORMULA_HEIGHT = 108  # room for six lines of formulas (Adam's update) before they scroll
HINT = ("Click a point in the output view (or ↑/↓) to pick a sample · → next phase, ← back · "
        "click a neuron or an edge to see its arithmetic")


class ExplainPanel(QWidget):
    """Phase title and controls on top, the phase's summary, the selected item's formulas below."""

    previousPhase = Signal()
    nextPhase = Signal()
    previousSample = Signal()
    nextSample = Signal()
    aloneToggled = Signal(bool)
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explainPanel")
        paint_white(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        column.setSpacing(4)

        row = QHBoxLayout()
        row.setSpacing(6)
        self.title = QLabel("Explain step")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)  # on a narrow or zoomed window the title wraps; the buttons stay whole
        row.addWidget(self.title, 1)
        self.alone = QCheckBox("Update with this sample alone")
        self.alone.setToolTip("Training averages the gradients of a whole mini-batch; tick to step with this one")
        self.alone.setChecked(True)
        self.alone.toggled.connect(self.aloneToggled)
        self.alone.hide()
        self._button(row, "◀ Sample", "Previous training sample (↑)", self.previousSample)
        self._button(row, "Sample ▶", "Next training sample (↓)", self.nextSample)
        self.back = self._button(row, "← Back", "Previous phase (←); undoes an update", self.previousPhase)
        self.next = self._button(row, "Next →", "Next phase (→)", self.nextPhase)
        self.done = self._button(row, "Done", "Leave the explain mode (the update stays)", self.finished)
        column.addLayout(row)
        column.addWidget(self.alone)  # below the buttons: the row above fits a 1024 px window at any zoom

        self.summary = QLabel("")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it may say why a step was refused (a file's name)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("muted")
        column.addWidget(self.summary)
        self.formulas = QLabel("")
        self.formulas.setObjectName("explainFormulas")
        # its size (10pt, readable from the back row) is in the app's style sheet, where zoom scales it
        self.formulas.setTextFormat(Qt.TextFormat.RichText)
        self.formulas.setWordWrap(True)
        self.formulas.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formulas.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.formulas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.formula_scroll = QScrollArea()  # Adam's update has six lines: they scroll rather than clip
        self.formula_scroll.setWidget(self.formulas)
        self.formula_scroll.setWidgetResizable(True)
        self.formula_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.formula_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.formula_scroll.viewport().setAutoFillBackground(False)
        self.formula_scroll.setMinimumHeight(FORMULA_HEIGHT)
        self.formulas.setAutoFillBackground(False)
        column.addWidget(self.formula_scroll, 1)
        self.lines: list[str] = []  # the formulas shown, as plain text
        self.setToolTip(HINT)

    def _button(self, row: QHBoxLayout, text: str, tip: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys stay with the window's actions
        button.clicked.connect(signal)
        row.addWidget(button)
        return button

    def show_waiting(self, text: str) -> None:
        """Before the first explanation arrives (or why none comes)."""
        self.title.setText("Explain step")
        self.summary.setText(text)
        self.lines = []
        self.formulas.setText("")

    def show_phase(self, ex: SampleExplanation, phase: Phase, index: int, count: int, selection: Selection,
                   alone: bool) -> None:
        """Show one phase of an explanation with the selected item's arithmetic."""
        self.title.setText(f"Sample {ex.index + 1} · phase {index + 1} of {count}: {phase.title(ex.n_layers)}")
        self.summary.setText(summary(ex, phase, alone))
        self.alone.setVisible(ex.batch is not None)
        if self.alone.isChecked() != alone:
            self.alone.blockSignals(True)
            self.alone.setChecked(alone)
            self.alone.blockSignals(False)
        self.back.setEnabled(index > 0)
        self.next.setEnabled(index < count - 1)
        self.lines = detail(ex, phase, selection, alone)
        self.formulas.setText(formulas_html(self.lines))


def formulas_html(lines: list[str]) -> str:
    """The first line in bold (what is selected), then one formula per line."""
    if not lines:
        return ""
    head = f"<b>{html.escape(lines[0])}</b>"
    body = "".join(f"<br><span>{html.escape(line)}</span>" for line in lines[1:])
    return head + body
