"""The network panel: hidden layers (0-8), neurons per layer (1-16) and each layer's activation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from nnviz.session import Config
from nnviz.session.config_change import ConfigChange
from nnviz.ui.controls.common import ACTIVATION_TITLES, ValueCombo, heading, signals_blocked

MAX_LAYERS = 8
MAX_NEURONS = 16
NEW_LAYER_NEURONS = 4
_ACTIVATION_ITEMS = tuple((title, name) for name, title in ACTIVATION_TITLES.items())


def _pm_button(sign: int, tip: str) -> QToolButton:
    button = QToolButton()
    button.setObjectName("plusMinus")
    button.setText("+" if sign > 0 else "−")
    button.setToolTip(tip)
    button.setAutoRaise(False)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def hidden_after_neuron_change(hidden: tuple[int, ...], index: int, delta: int) -> tuple[int, ...] | None:
    """The hidden sizes after adding delta neurons to layer `index`; None when out of range."""
    if not 0 <= index < len(hidden):
        return None
    n = hidden[index] + delta
    if not 1 <= n <= MAX_NEURONS:
        return None
    return (*hidden[:index], n, *hidden[index + 1:])


class _LayerRow:
    """The widgets of one hidden layer's row."""

    def __init__(self, panel: NetworkPanel, index: int) -> None:
        self.label = QLabel(f"Layer {index + 1}")
        self.minus = _pm_button(-1, "One neuron fewer")
        self.count = QLabel()
        self.count.setObjectName("count")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setMinimumWidth(22)
        self.plus = _pm_button(+1, "One neuron more")
        self.activation = ValueCombo(_ACTIVATION_ITEMS)
        self.activation.setToolTip(f"The activation function of hidden layer {index + 1}")
        self.minus.clicked.connect(lambda: panel.change_neurons(index, -1))
        self.plus.clicked.connect(lambda: panel.change_neurons(index, +1))
        self.activation.picked.connect(lambda name: panel.set_layer_activation(index, str(name)))

    def widgets(self) -> tuple[QWidget, ...]:
        """The row's widgets, left to right."""
        return (self.label, self.minus, self.count, self.plus, self.activation)


class NetworkPanel(QWidget):
    """Edits the network's shape; emits Config changes."""

    changeRequested = Signal(dict)  # a ConfigChange: Config field -> new value

    def __init__(self) -> None:
        super().__init__()
        # where a change starts from: the window's config (confirmed plus changes in flight); no copy here
        self.config_source: Callable[[], Config] = Config
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(heading("Network"))

        row = QHBoxLayout()
        row.addWidget(QLabel("Hidden layers"))
        row.addStretch(1)
        self.remove_layer = _pm_button(-1, "Remove the last hidden layer")
        self.layer_count = QLabel()
        self.layer_count.setObjectName("count")
        self.layer_count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layer_count.setMinimumWidth(22)
        self.add_layer = _pm_button(+1, "Add a hidden layer")
        self.remove_layer.clicked.connect(lambda: self.change_layers(-1))
        self.add_layer.clicked.connect(lambda: self.change_layers(+1))
        for w in (self.remove_layer, self.layer_count, self.add_layer):
            row.addWidget(w)
        layout.addLayout(row)

        row = QHBoxLayout()
        row.addWidget(QLabel("All layers"))
        self.all_activation = ValueCombo((("Mixed", ""), *_ACTIVATION_ITEMS))
        self.all_activation.setToolTip("Set one activation function for every hidden layer")
        self.all_activation.picked.connect(self._on_all_activation)
        row.addWidget(self.all_activation, 1)
        layout.addLayout(row)

        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(4)
        self._grid.setVerticalSpacing(3)
        self._grid.setColumnStretch(4, 1)
        # one row per hidden layer, made when a network first has that layer (most never have 8)
        self.rows: list[_LayerRow] = []
        layout.addLayout(self._grid)
        self.set_config(self.config_source())

    def _ensure_rows(self, count: int) -> None:
        """Make the rows of the first `count` hidden layers, if not made yet."""
        while len(self.rows) < min(count, MAX_LAYERS):
            layer_row = _LayerRow(self, len(self.rows))
            for j, widget in enumerate(layer_row.widgets()):
                self._grid.addWidget(widget, len(self.rows), j)
            self.rows.append(layer_row)

    def set_config(self, config: Config) -> None:
        """Show a config's network (without emitting anything)."""
        hidden, acts = config.hidden, config.activations
        self.layer_count.setText(str(len(hidden)))
        self.remove_layer.setEnabled(len(hidden) > 0)
        self.add_layer.setEnabled(len(hidden) < MAX_LAYERS)
        same = len(set(acts)) == 1
        self.all_activation.set_value(acts[0] if same else (config.activation if not acts else ""))
        self._ensure_rows(len(hidden))
        for i, layer_row in enumerate(self.rows):
            shown = i < len(hidden)
            for w in layer_row.widgets():
                w.setVisible(shown)
            if shown:
                layer_row.count.setText(str(hidden[i]))
                layer_row.minus.setEnabled(hidden[i] > 1)
                layer_row.plus.setEnabled(hidden[i] < MAX_NEURONS)
                with signals_blocked(layer_row.activation):
                    layer_row.activation.set_value(acts[i])

    # --- user actions -------------------------------------------------------------------------
    def change_layers(self, delta: int) -> None:
        """Add (+1) or remove (-1) the last hidden layer."""
        config = self.config_source()
        hidden, acts = config.hidden, config.activations
        if delta > 0 and len(hidden) < MAX_LAYERS:
            size = hidden[-1] if hidden else NEW_LAYER_NEURONS
            act = acts[-1] if hidden else config.activation
            self.changeRequested.emit(ConfigChange(hidden=(*hidden, size), activations=(*acts, act)))
        elif delta < 0 and hidden:
            self.changeRequested.emit(ConfigChange(hidden=hidden[:-1], activations=acts[:-1]))

    def change_neurons(self, index: int, delta: int) -> None:
        """Add or remove neurons in hidden layer `index` (0-based), within 1..16."""
        hidden = hidden_after_neuron_change(self.config_source().hidden, index, delta)
        if hidden is not None:
            self.changeRequested.emit(ConfigChange(hidden=hidden))

    def set_layer_activation(self, index: int, name: str) -> None:
        """Change one hidden layer's activation."""
        acts = list(self.config_source().activations)
        if 0 <= index < len(acts) and acts[index] != name:
            acts[index] = name
            self.changeRequested.emit(ConfigChange(activations=tuple(acts)))

    def _on_all_activation(self, name: str) -> None:
        if name:
            layers = len(self.config_source().hidden)
            self.changeRequested.emit(ConfigChange(activation=name, activations=(name,) * layers))
