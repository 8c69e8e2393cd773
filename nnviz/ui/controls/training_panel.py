"""The training panel: learning rate, optimizer, batch size, regularization and its rate, seed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QToolButton, QVBoxLayout, QWidget

from nnviz.session import LEARNING_RATES, REG_RATES, Config
from nnviz.session.config_change import ConfigChange
from nnviz.ui.controls.coefficients import CoefficientBoxes
from nnviz.ui.controls.common import ValueCombo, format_rate, signals_blocked

MAX_BATCH = 256
MAX_SEED = 2**31 - 1
OPTIMIZER_CHOICES = (("SGD", "sgd"), ("Momentum", "momentum"), ("Adam", "adam"))
REGULARIZATION_CHOICES = (("None", "none"), ("L1", "l1"), ("L2", "l2"))
FIELD_SPACING = 14  # px between the fields
TIGHT_FIELD_SPACING = 6  # px: presentation mode: in large type the row fits a 1024 px window with the settings shown


def _field(caption: str, widget: QWidget) -> QWidget:
    """A small caption above a control, as in TensorFlow Playground's top bar."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(1)
    label = QLabel(caption)
    label.setObjectName("fieldCaption")
    column.addWidget(label)
    column.addWidget(widget)
    return box


class TrainingPanel(QWidget):
    """A horizontal bar of training settings; emits Config changes."""

    changeRequested = Signal(dict)  # a ConfigChange: Config field -> new value

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.setSpacing(FIELD_SPACING)

        self.learning_rate = ValueCombo([(format_rate(v), v) for v in LEARNING_RATES])
        self.learning_rate.setToolTip("Step size of each update; changes take effect at once")
        self.learning_rate.picked.connect(lambda v: self.changeRequested.emit(ConfigChange(learning_rate=float(v))))
        row.addWidget(_field("Learning rate", self.learning_rate))

        self.optimizer = ValueCombo(OPTIMIZER_CHOICES)
        self.optimizer.setToolTip("Plain gradient descent, with momentum (μ), or Adam (β₁, β₂)")
        self.optimizer.picked.connect(lambda v: self.changeRequested.emit(ConfigChange(optimizer=str(v))))
        row.addWidget(_field("Optimizer", self.optimizer))
        self.coefficients = CoefficientBoxes()  # μ, or β₁ and β₂, beside the optimizer that uses them
        self.coefficients.changeRequested.connect(self.changeRequested)
        row.addWidget(self.coefficients)

        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, MAX_BATCH)
        self.batch_size.setKeyboardTracking(False)
        self.batch_size.setToolTip("Points per weight update")
        self.batch_size.valueChanged.connect(lambda v: self.changeRequested.emit(ConfigChange(batch_size=int(v))))
        row.addWidget(_field("Batch size", self.batch_size))

        self.regularization = ValueCombo(REGULARIZATION_CHOICES)
        self.regularization.setToolTip("Penalise large weights: L1 drives them to zero, L2 shrinks them")
        self.regularization.picked.connect(self._on_regularization)
        row.addWidget(_field("Regularization", self.regularization))

        self.reg_rate = ValueCombo([(format_rate(v), v) for v in REG_RATES])
        self.reg_rate.setToolTip("How strongly the weights are penalised")
        self.reg_rate.picked.connect(lambda v: self.changeRequested.emit(ConfigChange(reg_rate=float(v))))
        row.addWidget(_field("Regularization rate", self.reg_rate))

        seed_row = QWidget()
        seed_layout = QHBoxLayout(seed_row)
        seed_layout.setContentsMargins(0, 0, 0, 0)
        seed_layout.setSpacing(2)
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setKeyboardTracking(False)
        self.seed.setToolTip("Fixes the data, the initial weights and the shuffling: same seed, same run. "
                             "Reset goes back to this seed's weights; for other weights pick another seed")
        self.seed.valueChanged.connect(lambda v: self.changeRequested.emit(ConfigChange(seed=int(v))))
        self.next_seed = QToolButton()
        self.next_seed.setText("⟳")
        self.next_seed.setToolTip("Next seed")
        self.next_seed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.next_seed.clicked.connect(lambda: self.seed.setValue((self.seed.value() + 1) % MAX_SEED))
        seed_layout.addWidget(self.seed, 1)
        seed_layout.addWidget(self.next_seed)
        row.addWidget(_field("Seed", seed_row))
        row.addStretch(1)

    def set_tight(self, tight: bool) -> None:
        """Closer fields (presentation mode's large type) or the designed spacing."""
        row = self.layout()
        if row is not None:
            row.setSpacing(TIGHT_FIELD_SPACING if tight else FIELD_SPACING)

    def set_config(self, config: Config) -> None:
        """Show a config's training settings (without emitting anything)."""
        self.learning_rate.set_value(config.learning_rate)
        self.optimizer.set_value(config.optimizer)
        self.coefficients.set_config(config)
        self.regularization.set_value(config.regularization)
        self.reg_rate.set_value(config.reg_rate)
        self.reg_rate.setEnabled(config.regularization != "none")
        with signals_blocked(self.batch_size, self.seed):
            self.batch_size.setValue(config.batch_size)
            self.seed.setValue(config.seed)

    def _on_regularization(self, kind: str) -> None:
        self.reg_rate.setEnabled(kind != "none")
        changes = ConfigChange(regularization=kind)
        if kind != "none" and self.reg_rate.value() == 0:
            changes["reg_rate"] = 0.001  # Playground's smallest non-zero rate, so the choice does something
        self.changeRequested.emit(changes)
