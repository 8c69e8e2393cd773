"""Help ▸ About: nnviz's version and the versions of what it runs on, with a button that copies them."""

from __future__ import annotations

import platform

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.engine.reproducible import machine_kind
from nnviz.version import version_line

BLURB = ("See a neural network learn: pick a data set and a network, press Space, and watch the weights, "
         "every neuron and the decision boundary change.")


def versions() -> dict[str, str]:
    """nnviz's version and those of Python, Qt, PySide6, pyqtgraph and numpy, and the platform."""
    # lazy: the versions are read only when About is opened
    import numpy
    import pyqtgraph
    import PySide6
    from PySide6.QtCore import qVersion

    return {
        "nnviz": version_line(),
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "pyqtgraph": pyqtgraph.__version__,
        "numpy": numpy.__version__,
        "platform": platform.platform(),
        "numerics": (f"reproducible by default: the same numbers as every {machine_kind('reproducible')} "
                     f"(a session with numerics=fast: {machine_kind('fast')} only)"),
    }


def versions_text() -> str:
    """The versions as plain text lines, for a bug report."""
    return "\n".join(f"{name}: {value}" for name, value in versions().items())


class AboutDialog(QDialog):
    """The About box: what nnviz is, its version, and the versions below it (with Copy)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About nnviz")
        rows = "".join(f"<tr><td>{name}</td><td>&nbsp;{value}</td></tr>" for name, value in versions().items())
        self.label = QLabel(f"<h3>{version_line()}</h3><p>{BLURB}</p><p>MIT licence.</p><table>{rows}</table>")
        self.label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy versions")
        self.copy_button.setToolTip("Copy these versions to the clipboard, for a bug report")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_versions)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def copy_versions(self) -> None:
        """Put the versions on the clipboard."""
        QApplication.clipboard().setText(versions_text())


def show_about(parent: QWidget) -> None:
    """Open the About box (modal)."""
    AboutDialog(parent).exec()
