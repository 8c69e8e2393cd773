"""The optimizer's coefficients beside its name: momentum's μ, Adam's β₁ and β₂, where the optimizer uses them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnviz.engine.optimizers import COEFFICIENTS, OPTIMIZER_KINDS
from nnviz.session import Config
from nnviz.ui.controls.common import signals_blocked

DECIMALS = 3


class CoefficientBoxes(QWidget):
    """One small box per optimizer coefficient; only the current optimizer's are shown. Emits Config changes."""

    changeRequested = Signal(dict)

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.boxes: dict[str, QDoubleSpinBox] = {}
        self.fields: dict[str, QWidget] = {}
        for name, coefficient in COEFFICIENTS.items():
            box = QDoubleSpinBox()
            box.setDecimals(DECIMALS)
            box.setRange(coefficient.low, coefficient.high - 10.0 ** -DECIMALS)  # the range is [low, high)
            box.setSingleStep(0.05)
            box.setKeyboardTracking(False)
            box.setToolTip(f"{coefficient.symbol}: {coefficient.help} (default {coefficient.default:g})")
            box.valueChanged.connect(lambda value, n=name: self.changeRequested.emit({n: float(value)}))
            field = QWidget()
            column = QVBoxLayout(field)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            caption = QLabel(coefficient.symbol)
            caption.setObjectName("fieldCaption")
            column.addWidget(caption)
            column.addWidget(box)
            row.addWidget(field)
            self.boxes[name], self.fields[name] = box, field

    def set_config(self, config: Config) -> None:
        """Show the coefficients of the config's optimizer (without emitting anything)."""
        used = OPTIMIZER_KINDS[config.optimizer].coefficients
        with signals_blocked(*self.boxes.values()):
            for name, box in self.boxes.items():
                box.setValue(float(getattr(config, name)))
                self.fields[name].setVisible(name in used)
        self.setVisible(bool(used))
