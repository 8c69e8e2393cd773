"""The app's look: Fusion with a light palette and a small style sheet (Playground's colours)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

BACKGROUND = "#f3f5f7"
CARD = "#ffffff"
BORDER = "#dde2e6"
TEXT = "#333a40"
MUTED = "#7a848c"
ACCENT = "#0877bd"
ORANGE = "#f59322"

STYLE_SHEET = f"""
QMainWindow, #central {{ background: {BACKGROUND}; }}
#sidePanel {{ background: {BACKGROUND}; }}
#sideScroll {{ background: {BACKGROUND}; }}
#card {{ background: {CARD}; border: 1px solid {BORDER}; border-radius: 6px; }}
#sectionHeading {{ color: {MUTED}; font-weight: bold; letter-spacing: 1px; font-size: 8pt; }}
#fieldCaption {{ color: {MUTED}; font-size: 8pt; }}
#muted {{ color: {MUTED}; font-size: 8pt; }}
#count {{ font-weight: bold; }}
#epochCounter {{ font-size: 17pt; color: {TEXT}; font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace; }}
#epochCounter {{ background: {CARD}; }}
QToolBar {{ background: {CARD}; border: none; border-bottom: 1px solid {BORDER}; spacing: 4px; padding: 3px 6px; }}
QToolBar::separator {{ background: {BORDER}; width: 1px; margin: 4px 6px; }}
QToolBar QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolBar QToolButton:hover {{ background: #e9eef2; }}
QToolBar QToolButton:pressed {{ background: #dbe3ea; }}
QToolBar QToolButton#qt_toolbar_ext_button {{ padding: 0; min-width: 16px; }}
QToolBar QToolButton#flatOut {{ border: 1px solid {BORDER}; padding: 2px 8px; }}
QToolBar QToolButton#flatOut:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QToolButton#plusMinus {{ min-width: 20px; max-width: 20px; min-height: 20px; max-height: 20px; padding: 0;
  border: 1px solid {BORDER}; border-radius: 10px; background: {CARD}; font-weight: bold; }}
QToolButton#plusMinus:hover {{ border-color: {ACCENT}; color: {ACCENT}; }}
QToolButton#plusMinus:disabled {{ color: #c0c6cb; }}
QToolButton#datasetButton {{ border: 2px solid transparent; border-radius: 5px; padding: 1px; }}
QToolButton#datasetButton:hover {{ border-color: #b8c4cc; }}
QToolButton#datasetButton:checked {{ border-color: {ACCENT}; background: #e3f0f9; }}
QToolButton#featureButton {{ border: 1px solid {BORDER}; border-radius: 4px; padding: 3px 2px; background: {CARD}; }}
QToolButton#featureButton:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QToolButton#featureButton:disabled {{ background: {BACKGROUND}; color: #c0c6cb; border-color: {BORDER}; }}
QStatusBar {{ background: {CARD}; border-top: 1px solid {BORDER}; color: {TEXT}; }}
QStatusBar[error="true"] {{ color: #c62828; }}
QStatusBar QLabel#statusFigure {{ padding: 0 8px; border-left: 1px solid {BORDER}; background: {CARD}; }}
QComboBox, QSpinBox {{ min-height: 20px; }}
QLabel#explainFormulas {{ font-size: 10pt; }}
"""


def apply_style(app: QApplication, style_sheet: bool = True) -> None:
    """Use Fusion, a light palette and (unless the caller sets it later) nnviz's style sheet."""
    app.setStyle("Fusion")
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, BACKGROUND),
        (QPalette.ColorRole.WindowText, TEXT),
        (QPalette.ColorRole.Base, CARD),
        (QPalette.ColorRole.AlternateBase, BACKGROUND),
        (QPalette.ColorRole.Text, TEXT),
        (QPalette.ColorRole.Button, "#f8f9fa"),
        (QPalette.ColorRole.ButtonText, TEXT),
        (QPalette.ColorRole.Highlight, ACCENT),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.ToolTipBase, "#ffffff"),
        (QPalette.ColorRole.ToolTipText, TEXT),
        (QPalette.ColorRole.PlaceholderText, MUTED),
    ):
        palette.setColor(role, QColor(color))
    app.setPalette(palette)
    if style_sheet:
        app.setStyleSheet(STYLE_SHEET)


def paint_white(widget: QWidget) -> None:
    """Give a plot panel an opaque white background (cheaper to repaint than a transparent one)."""
    widget.setAutoFillBackground(True)
    pal = widget.palette()
    pal.setColor(widget.backgroundRole(), QColor(255, 255, 255))
    widget.setPalette(pal)
