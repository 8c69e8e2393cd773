"""The import dialog: a table's first rows, and the choices that turn it into data.

It asks which column is the target, which columns are inputs, whether rows with a missing value
are dropped (and says how many), whether the target is classes or a number, and whether the
inputs are standardised. What it would read is checked as the user chooses; OK sends the
settings to the worker, which reads the file again (the session changes only if that succeeds).

The dialog shows a preview: at most PREVIEW_BYTES (session/opening.py) from the start of the file
(its size is checked first), read on the GUI thread in a moment however big or slow the file is;
the worker reads the whole file after OK.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nnviz import data as nd
from nnviz.data.csv_lines import number
from nnviz.data.table import MISSING
from nnviz.errors import NnvizError
from nnviz.session.config_change import ConfigChange
from nnviz.ui.plain_text import MESSAGE_CHARS, plain_line

PREVIEW_ROWS = 8


KINDS = (("Chosen from the values", None), ("Classes", nd.CLASSIFICATION), ("A number (regression)", nd.REGRESSION))


@dataclass(frozen=True)
class ImportChoice:
    """What the dialog asks for: Config changes that read the table this way."""

    path: str
    choice: nd.TableChoice
    standardise: bool

    def config_changes(self) -> ConfigChange:
        """The Config fields to change."""
        kind = self.choice.kind
        problem = "regression" if kind == nd.REGRESSION else "auto"
        if kind == nd.CLASSIFICATION:
            problem = "multiclass"
        return ConfigChange(dataset="csv", csv_path=self.path, target=self.choice.target, columns=self.choice.columns,
                            drop_missing=self.choice.drop_missing, problem=problem,
                            scaling="standard" if self.standardise else "none")


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ImportDialog(QDialog):
    """Shows a table and asks how to read it."""

    def __init__(self, table: nd.Table, parent: QWidget | None = None, partial: bool = False) -> None:
        super().__init__(parent)
        self.table = table
        self.partial = partial  # the table holds the first rows only: the verdict speaks of them
        self.setWindowTitle("Import a table")
        layout = QVBoxLayout(self)
        rows = f"the first {len(table.rows):,} rows" if partial else f"{len(table.rows):,} rows"
        self.heading = _plain(f"{table.source}: {rows}, {len(table.header)} columns"
                              f"{'' if table.has_header else ' (no header: columns named x1, x2, …)'}"
                              f"{'; the whole file is read when you press OK' if partial else ''}")
        layout.addWidget(self.heading)
        self.preview = QTableWidget(min(PREVIEW_ROWS, len(table.rows)), len(table.header))
        self.preview.setHorizontalHeaderLabels(list(table.header))
        self.preview.setVerticalHeaderLabels([str(n) for n in table.linenos[:PREVIEW_ROWS]])
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, cells in enumerate(table.rows[:PREVIEW_ROWS]):
            for c, cell in enumerate(cells[:len(table.header)]):
                self.preview.setItem(r, c, QTableWidgetItem(cell))  # items show text as it is
        self.preview.resizeColumnsToContents()
        self.preview.setMaximumHeight(220)
        layout.addWidget(self.preview)
        form = QFormLayout()
        self.target = QComboBox()
        self.target.addItems(list(table.header))
        self.target.setCurrentText(table.default_target())
        form.addRow("Target (what to predict)", self.target)
        self.columns = QListWidget()
        self.columns.setMaximumHeight(120)
        form.addRow("Input columns", self.columns)
        self.kind = QComboBox()
        for title, kind in KINDS:
            self.kind.addItem(title, kind)
        form.addRow("The target is", self.kind)
        self.drop = QCheckBox("Drop rows with a missing value")
        # ticked when the table has any missing cell: a real table (penguins) opens with its defaults
        self.drop.setChecked(any(cell.lower() in MISSING for row in table.rows for cell in row))
        form.addRow("", self.drop)
        self.standardise = QCheckBox("Standardise the inputs (mean 0, standard deviation 1 on the training part)")
        points = {h.lower() for h in table.header} == {"x1", "x2", "label"} or not table.has_header
        self.standardise.setChecked(not (points and len(table.header) == 3))  # x1, x2, label: the plane as is
        form.addRow("", self.standardise)
        layout.addLayout(form)
        self.verdict = _plain("")
        layout.addWidget(self.verdict)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill_columns()
        self.target.currentIndexChanged.connect(self._fill_columns)
        self.columns.itemChanged.connect(self.check)
        self.kind.currentIndexChanged.connect(self.check)
        self.drop.toggled.connect(self.check)
        self.check()

    def _fill_columns(self) -> None:
        target = self.target.currentText()
        numeric = set(self._numeric_columns())
        self.columns.blockSignals(True)
        self.columns.clear()
        for name in self.table.header:
            if name == target:
                continue
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in numeric else Qt.CheckState.Unchecked)
            self.columns.addItem(item)
        self.columns.blockSignals(False)
        self.check()

    def _numeric_columns(self) -> list[str]:
        """Columns whose cells are numbers or missing (text columns start unticked)."""
        out = []
        for c, name in enumerate(self.table.header):
            cells = (row[c] for row in self.table.rows if c < len(row))
            if all(cell.lower() in MISSING or number(cell, self.table.decimal_comma) is not None for cell in cells):
                out.append(name)
        return out

    def choice(self) -> nd.TableChoice:
        """The choice the dialog shows now."""
        columns = tuple(self.columns.item(i).text() for i in range(self.columns.count())
                        if self.columns.item(i).checkState() == Qt.CheckState.Checked)
        return nd.TableChoice(self.target.currentText(), columns, self.kind.currentData(), self.drop.isChecked())

    def check(self) -> None:
        """Read the table as chosen; say what came out, or what is wrong (OK only when it reads)."""
        try:
            result = nd.table_dataset(self.table, self.choice())
        except NnvizError as exc:
            message = plain_line(str(exc), MESSAGE_CHARS)  # quotes the file's cells
            self.verdict.setText(f"In the first rows: {message} (the whole file may read otherwise)" if self.partial
                                 else message)
            self.verdict.setStyleSheet("color: #b00020")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.partial)  # OK reads it all
            return
        data = result.dataset
        what = (f"{data.n_classes} classes: {', '.join(data.class_names)}" if data.is_classification
                else "a number to predict")
        dropped = f"; {result.dropped} row(s) with a missing value dropped" if result.dropped else ""
        first = "In the first rows: " if self.partial else ""
        self.verdict.setText(plain_line(f"{first}{data.n} rows, {data.width} inputs, {what} ({result.kind_reason})"
                                        f"{dropped}.", MESSAGE_CHARS))
        self.verdict.setStyleSheet("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def import_choice(self) -> ImportChoice:
        """What OK asks for."""
        choice = self.choice()
        return ImportChoice(self.table.source, choice, self.standardise.isChecked())
