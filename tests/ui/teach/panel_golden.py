"""The explanation panel drawn for one fixed phase, and a pixel comparison with a tolerance.

Regenerate the golden PNG after a deliberate change of the panel's look:
    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/teach/panel_golden.py
then look at tests/ui/golden/explain-panel.png and commit it with the change.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "explain-panel.png"
SIZE = (900, 170)
MAX_MEAN_ABS = 1.5  # mean |difference| per channel, in 0..255
MAX_STRAY = 0.005  # share of pixels that may differ by more than STRAY_LEVEL
STRAY_LEVEL = 48


def render_panel() -> np.ndarray:
    """The panel at phase "Forward: hidden layer 1" of the hand-set tanh network, as (h, w, 4) uint8."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from hand_nets import tanh_mse

    from nnviz.session.explain.phases import display, phases
    from nnviz.session.explain.sample import explain_sample
    from nnviz.ui.teach.explain_panel import ExplainPanel

    session, _ = tanh_mse()
    ex = explain_sample(session, 0)
    phase = phases(ex.n_layers)[1]
    panel = ExplainPanel()
    panel.resize(*SIZE)
    panel.show_phase(ex, phase, 1, len(phases(ex.n_layers)), display(ex, phase).default, True)
    return to_array(panel.grab().toImage())


def to_array(image) -> np.ndarray:  # type: ignore[no-untyped-def]
    """A QImage as (h, w, 4) uint8 (ARGB32 byte order)."""
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    w, h = image.width(), image.height()
    return np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes()).reshape(h, image.bytesPerLine())[
        :, : w * 4].reshape(h, w, 4).copy()


def load(path: Path) -> np.ndarray:
    """A PNG as (h, w, 4) uint8."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise FileNotFoundError(path)
    return to_array(image)


def differs(actual: np.ndarray, golden: np.ndarray) -> str:
    """Why two images differ beyond the tolerance, or "" when they match."""
    if actual.shape != golden.shape:
        return f"size {actual.shape[:2]} != {golden.shape[:2]}"
    diff = np.abs(actual.astype(np.int16) - golden.astype(np.int16))
    mean = float(diff.mean())
    stray = float((diff.max(axis=2) > STRAY_LEVEL).mean())
    if mean > MAX_MEAN_ABS or stray > MAX_STRAY:
        return f"mean |diff| {mean:.2f} (max {MAX_MEAN_ABS}), {stray:.2%} pixels off (max {MAX_STRAY:.2%})"
    return ""


if __name__ == "__main__":
    from PySide6.QtWidgets import QApplication

    from nnviz.ui.style import apply_style

    app = QApplication([])
    apply_style(app)
    from PySide6.QtGui import QImage

    pixels = render_panel()
    h, w, _ = pixels.shape
    QImage(pixels.data, w, h, w * 4, QImage.Format.Format_ARGB32).save(str(GOLDEN))
