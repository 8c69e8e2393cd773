"""File ▸ Export: which panel, PNG or SVG, at 1×, 2× or 3×; the last choice is remembered."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QWidget

from nnviz.ui.export.panels import PANEL_TITLES
from nnviz.ui.window.geometry import settings as user_settings

FORMATS = {"png": "PNG image", "svg": "SVG drawing (vectors)"}
SCALES = (1, 2, 3)
CHOICE_KEY = "export/choice"


@dataclass(frozen=True)
class ExportChoice:
    """What to export and how."""

    panel: str = "window"
    format: str = "png"
    scale: int = 1

    def suffix(self) -> str:
        """The file suffix, with its dot."""
        return "." + self.format


def remembered_choice(panels: list[str]) -> ExportChoice:
    """The choice made last time (the defaults where it no longer fits)."""
    raw = user_settings().value(CHOICE_KEY, "")
    panel, fmt, scale = [*str(raw).split(","), "", ""][:3] if raw else ("", "", "")
    return ExportChoice(
        panel=panel if panel in panels else "window",
        format=fmt if fmt in FORMATS else "png",
        scale=int(scale) if scale.isdigit() and int(scale) in SCALES else 1,
    )


def remember_choice(choice: ExportChoice) -> None:
    """Keep the choice for next time."""
    s = user_settings()
    s.setValue(CHOICE_KEY, f"{choice.panel},{choice.format},{choice.scale}")
    s.sync()


class ExportDialog(QDialog):
    """Pick the panel, the format and the scale of an export."""

    def __init__(self, panels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export image")
        form = QFormLayout(self)
        self.panel = QComboBox()
        for name in panels:
            self.panel.addItem(PANEL_TITLES[name], name)
        self.format = QComboBox()
        for key, title in FORMATS.items():
            self.format.addItem(title, key)
        self.scale = QComboBox()
        for s in SCALES:
            self.scale.addItem(f"{s}× ({'screen' if s == 1 else 'sharp on slides'})", s)
        form.addRow("Export", self.panel)
        form.addRow("As", self.format)
        form.addRow("Scale", self.scale)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.set_choice(remembered_choice(panels))

    def set_choice(self, choice: ExportChoice) -> None:
        """Show a choice."""
        for box, value in ((self.panel, choice.panel), (self.format, choice.format), (self.scale, choice.scale)):
            index = box.findData(value)
            box.setCurrentIndex(max(0, index))

    def choice(self) -> ExportChoice:
        """The choice shown."""
        return ExportChoice(self.panel.currentData(), self.format.currentData(), int(self.scale.currentData()))
