"""The data panel: problem type, data-set picker, CSV import, points, noise, train share, features."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz import data as nd
from nnviz.session import Config, Frame
from nnviz.session.config_change import ConfigChange
from nnviz.ui.controls.common import LabelledSlider, ValueCombo, heading, signals_blocked
from nnviz.ui.controls.dataset_thumbnails import THUMB_SIZE, csv_icon, thumbnail_icon
from nnviz.ui.plain_text import plain_tooltip

CSV = "csv"
PICKER_COLUMNS = 5
MAX_UI_POINTS = 20_000
# (title, Config.problem); "auto" picks binary or multi-class from the data
PROBLEM_CHOICES: tuple[tuple[str, str], ...] = (
    ("Classification", "auto"),
    ("Classification · softmax", "multiclass"),
    ("Regression", "regression"),
)
CAPTION_LINES = 2  # the data set's description always takes this many lines
FIRST_OF_KIND = {nd.CLASSIFICATION: "circle", nd.REGRESSION: "plane"}
NO_TEST_PART = "all (no test part)"  # the Training share of a session that holds nothing out to test on
TRAIN_RATIO_TIP = "The share of the points used for training; the rest are test data"
NO_TEST_PART_TIP = ("This session's points were made by hand or come with a lesson that holds none out to test on: "
                    "all of them are for training. Pick a data set above to split one into training and test parts")
SAME_POINTS = "all (tested on the same)"  # a truth table is too small to split: it is tested on its training points
SAME_POINTS_TIP = ("A truth table has too few points to hold some out: all of them are for training, and the test "
                   "figures are measured on the same points")
POINTS_RULE = ("How many points to draw. Kept when you switch between generated sets of the same kind; "
               "otherwise (a set of the other kind, or coming from a logic gate or a CSV file) the new set's "
               "default: 500 for classification, 1200 for regression. The logic gates always have 4")


TABLE_DEFAULTS = ConfigChange(target="", columns=(), drop_missing=False, scaling="auto")


def points_change(old: str, new: str) -> ConfigChange:
    """The points a switch of data set brings (empty: keep them): see POINTS_RULE."""
    info = nd.GENERATORS.get(new)
    if info is None or info.fixed_size:
        return {}  # a truth table: its 4 points; the number waits for the next generated set
    old_info = nd.GENERATORS.get(old)
    if old_info is not None and not old_info.fixed_size and old_info.kind == info.kind:
        return {}
    return {"points": info.default_points}


def _kind_of(dataset: str) -> str | None:
    """The kind of a built-in data set (None for CSV: the file decides)."""
    info = nd.GENERATORS.get(dataset)
    if info is None and dataset in nd.SHIPPED:
        return nd.SHIPPED[dataset].kind
    return info.kind if info else None


class DataPanel(QWidget):
    """Chooses the data: emits Config changes, and asks for regeneration or a CSV file."""

    changeRequested = Signal(dict)  # a ConfigChange: Config field -> new value
    regenerateRequested = Signal()
    loadCsvRequested = Signal()

    def __init__(self) -> None:
        super().__init__()
        # where a change starts from: the window's config (confirmed plus changes in flight); no copy here
        self.config_source: Callable[[], Config] = Config
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(heading("Data"))

        self.problem = ValueCombo(PROBLEM_CHOICES)
        self.problem.setToolTip("Classification picks binary or multi-class from the data; "
                                "softmax uses one output per class with cross-entropy")
        self.problem.picked.connect(self._on_problem)
        row = QHBoxLayout()
        row.addWidget(QLabel("Problem"))
        row.addWidget(self.problem, 1)
        layout.addLayout(row)

        layout.addLayout(self._build_picker())
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # a file's name
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.caption)

        row = QHBoxLayout()
        row.addWidget(QLabel("Points"))
        self.points = QSpinBox()
        self.points.setRange(nd.MIN_POINTS, MAX_UI_POINTS)
        self.points.setSingleStep(50)
        self.points.setKeyboardTracking(False)
        self.points.setToolTip(POINTS_RULE)
        self.points.valueChanged.connect(lambda v: self.changeRequested.emit(ConfigChange(points=int(v))))
        row.addWidget(self.points, 1)
        self.regenerate = QPushButton("Regenerate")
        self.regenerate.setToolTip("Draw new points from the same generator; the weights stay")
        self.regenerate.clicked.connect(self.regenerateRequested)
        row.addWidget(self.regenerate)
        layout.addLayout(row)

        self.noise = LabelledSlider("Noise", 0, 50, " %")
        self.noise.committed.connect(lambda v: self.changeRequested.emit(ConfigChange(noise=float(v))))
        layout.addWidget(self.noise)
        self.train_ratio = LabelledSlider("Training", 10, 90, " %", step=5)
        self.train_ratio.setToolTip(TRAIN_RATIO_TIP)
        self._no_test_part = False  # the latest frame had no test part: the slider would not tell the truth
        self._unsplit = False  # a truth table: too small to split, so the slider has no effect
        self.train_ratio.committed.connect(lambda v: self.changeRequested.emit(ConfigChange(train_ratio=float(v))))
        layout.addWidget(self.train_ratio)

        layout.addSpacing(4)
        layout.addWidget(heading("Input features"))
        layout.addLayout(self._build_features())

    # --- building ---------------------------------------------------------------------------
    def _build_picker(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(2)
        grid.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.datasets = QButtonGroup(self)
        self.datasets.setExclusive(True)
        self.dataset_buttons: dict[str, QToolButton] = {}
        entries = [(name, info.title, info.description) for name, info in nd.GENERATORS.items()]
        entries += [(name, name.capitalize(), info.description) for name, info in nd.SHIPPED.items()]
        entries.append((CSV, "Load CSV…", "Your own points: a CSV file of x1, x2, label rows"))
        for i, (name, title, description) in enumerate(entries):
            button = QToolButton()
            button.setObjectName("datasetButton")
            button.setCheckable(True)  # the CSV button shows that a file is the data; it is outside the group
            button.setIcon(csv_icon() if name == CSV else thumbnail_icon(name))
            button.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
            button.setToolTip(f"<b>{title}</b><br>{description}")
            button.setAutoRaise(True)
            button.setFixedSize(THUMB_SIZE + 8, THUMB_SIZE + 8)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setProperty("dataset", name)
            if name == CSV:
                button.clicked.connect(self._on_csv_button)
            else:
                self.datasets.addButton(button)
            self.dataset_buttons[name] = button
            grid.addWidget(button, i // PICKER_COLUMNS, i % PICKER_COLUMNS)
        self.datasets.buttonClicked.connect(self._on_dataset_button)
        return grid

    def _build_features(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(3)
        self.feature_buttons: dict[str, QToolButton] = {}
        self._columns: int | None = None  # what set_columns last showed (every frame says it again)
        for i, name in enumerate(nd.FEATURES):
            button = QToolButton()
            button.setObjectName("featureButton")
            button.setText(nd.FEATURE_LABELS[name])
            button.setCheckable(True)
            button.setToolTip(f"Feed {nd.FEATURE_LABELS[name]} into the network")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.toggled.connect(self._on_feature)
            self.feature_buttons[name] = button
            grid.addWidget(button, i // 4, i % 4)
        return grid

    # --- sync -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Give the description two lines of the style's font, whatever its length: the rows below stay put."""
        self.caption.ensurePolished()
        self.caption.setFixedHeight(CAPTION_LINES * self.caption.fontMetrics().lineSpacing() + 2)
        super().showEvent(event)

    def set_config(self, config: Config, problem: str = "") -> None:
        """Show a config (without emitting anything); `problem` is the resolved one from a frame."""
        info = nd.GENERATORS.get(config.dataset)
        fixed = info is None or info.fixed_size
        widgets = [self.problem, self.points, *self.feature_buttons.values(), *self.dataset_buttons.values()]
        with signals_blocked(*widgets):
            if "regression" in (problem, config.problem):
                self.problem.set_value("regression")
            else:
                self.problem.set_value("multiclass" if config.problem == "multiclass" else "auto")
            self.datasets.setExclusive(False)  # an exclusive group cannot uncheck its last button (CSV data)
            for name, button in self.dataset_buttons.items():
                button.setChecked(name == config.dataset)
            self.datasets.setExclusive(True)
            # a truth table or a CSV file has the points it has: the box reads "all", not a stale count
            self.points.setSpecialValueText("all" if fixed else "")
            self.points.setValue(self.points.minimum() if fixed else config.points)
            for name, button in self.feature_buttons.items():
                button.setChecked(name in config.features)
        self.noise.set_value(round(config.noise))
        self.train_ratio.set_value(round(config.train_ratio))
        self._unsplit = info is not None and info.fixed_size
        self._show_split()
        self.points.setEnabled(not fixed)
        self.noise.setEnabled(not fixed)
        self.regenerate.setEnabled(info is None or not info.fixed_size)
        self.regenerate.setText("Reload" if info is None else "Regenerate")
        if config.dataset in nd.SHIPPED:
            self.caption.setToolTip("")
            self.caption.setText(f"{config.dataset.capitalize()}: {nd.SHIPPED[config.dataset].description}")
        elif info is None:  # the file's name; its whole path in the tooltip
            self.caption.setText(f"CSV file: {Path(config.csv_path).name}")
            self.caption.setToolTip(plain_tooltip(config.csv_path))  # a path from a file: never markup
        else:
            self.caption.setToolTip("")
            self.caption.setText(f"{info.title}: {info.description}")

    def show_points(self, dataset: str, frame: Frame) -> None:
        """Say what the frame's points are: made by hand (a lesson's) by name; all for training with no test part."""
        no_test = len(frame.test_labels) == 0
        if no_test != self._no_test_part:
            self._no_test_part = no_test
            self._show_split()
        info = nd.GENERATORS.get(dataset)
        name, n_train = frame.data_name, len(frame.train_labels)
        if info is None or not name or name == info.name:
            return
        text = f"Points made by hand for this session: {name} ({n_train} training point{'s' * (n_train != 1)})"
        if self.caption.text() != text:
            self.caption.setText(text)

    def _show_split(self) -> None:
        """The Training share, or "all ..." and no slider when nothing is held out (no test part, a truth table)."""
        if self._no_test_part:
            note, tip = NO_TEST_PART, NO_TEST_PART_TIP
        elif self._unsplit:
            note, tip = SAME_POINTS, SAME_POINTS_TIP
        else:
            note, tip = "", TRAIN_RATIO_TIP
        self.train_ratio.slider.setVisible(not note)
        self.train_ratio.setEnabled(not note)
        self.train_ratio.setToolTip(tip)
        if note:
            self.train_ratio.value_label.setText(note)
        else:
            self.train_ratio.set_value(self.train_ratio.value())

    # --- user actions -------------------------------------------------------------------------
    def _on_csv_button(self) -> None:
        self.dataset_buttons[CSV].setChecked(self.config_source().dataset == CSV)  # checked once a file is loaded
        self.loadCsvRequested.emit()

    def _on_dataset_button(self, button: QAbstractButton) -> None:
        self.select_dataset(str(button.property("dataset")))

    def select_dataset(self, name: str) -> None:
        """Switch to a built-in data set, moving the problem type along when the kind differs."""
        kind = _kind_of(name)
        if kind is None:
            return
        config = self.config_source()
        changes = ConfigChange(dataset=name, **points_change(config.dataset, name), **TABLE_DEFAULTS)
        if kind == nd.REGRESSION:
            changes["problem"] = "regression"
        elif config.problem == "regression":
            changes["problem"] = "auto"
        self.changeRequested.emit(changes)

    def _on_problem(self, problem: str) -> None:
        kind = nd.REGRESSION if problem == "regression" else nd.CLASSIFICATION
        changes = ConfigChange(problem=problem)
        dataset = self.config_source().dataset
        current = _kind_of(dataset)
        if current is not None and current != kind:  # a built-in set of the other kind: switch sets
            first = FIRST_OF_KIND[kind]
            changes.update(ConfigChange(dataset=first, **points_change(dataset, first)))
        self.changeRequested.emit(changes)

    def set_columns(self, columns: int) -> None:
        """Engineered features are for two-column data; with more columns the inputs are the columns."""
        if columns == self._columns:  # every frame asks: Qt sends an event for each tooltip set, even the same
            return
        self._columns = columns
        two = columns == 2
        tip = "" if two else f"This data has {columns} columns: the network's inputs are the columns themselves"
        for name, button in self.feature_buttons.items():
            button.setEnabled(two)
            button.setToolTip(tip or f"Feed {nd.FEATURE_LABELS[name]} into the network")

    def _on_feature(self, _checked: bool) -> None:
        chosen = tuple(name for name, b in self.feature_buttons.items() if b.isChecked())
        if not chosen:  # at least one input: undo the last toggle
            with signals_blocked(*self.feature_buttons.values()):
                for name, b in self.feature_buttons.items():
                    b.setChecked(name in self.config_source().features)
            return
        self.changeRequested.emit(ConfigChange(features=chosen))
