"""Golden images: a fixed session with hand-set weights, how its views are rendered, and how images compare.

Shared by tests/ui/test_golden.py and tests/ui/golden/regenerate.py. The comparison tolerates font
antialiasing (every pixel may match any golden pixel within one pixel of it, and a few strays are
allowed) but not a changed colour or edge: those move many pixels far, or shift the mean.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from nnviz.session import Config, Frame, Session

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GRAPH_SIZE = (560, 360)  # (w, h) px
BOUNDARY_SIZE = (360, 400)
RESOLUTION = 60  # heatmap cells per side

# Hand-set weights of a 2-3-1 tanh network on XOR: (layer, src, dst) -> weight, (layer, neuron) -> bias.
WEIGHTS: dict[tuple[int, int, int], float] = {
    (1, 0, 0): 0.7, (1, 1, 0): -0.5,
    (1, 0, 1): -0.9, (1, 1, 1): 0.6,
    (1, 0, 2): 0.5, (1, 1, 2): 0.55,
    (2, 0, 0): 1.6, (2, 1, 0): 1.4, (2, 2, 0): -2.2,
}
BIASES: dict[tuple[int, int], float] = {(1, 0): 0.8, (1, 1): -0.6, (1, 2): 0.1, (2, 0): -0.4}

STRONG = 48  # a pixel differs when a channel is further than this from every golden pixel around it
MAX_STRAY_FRACTION = 0.002  # at most this share of pixels may differ (antialiased text on another machine)
ROUNDING = 4  # differences this small are rounding in another rasterizer, not a change
MAX_MEAN_ABS = 1.0  # mean distance beyond ROUNDING to the closest golden pixel: catches a changed palette


def golden_session(changes: dict[tuple[int, int, int], float] | None = None) -> Session:
    """The fixed session of the golden images; `changes` overrides some weights (to check a test can fail)."""
    session = Session(Config(dataset="xor", points=80, noise=0.0, seed=11, features=("x1", "x2"), hidden=(3,),
                             activation="tanh"))
    for (layer, src, dst), value in {**WEIGHTS, **(changes or {})}.items():
        session.set_weight(layer, src, dst, value)
    for (layer, neuron), value in BIASES.items():
        session.set_bias(layer, neuron, value)
    return session


def golden_frame(changes: dict[tuple[int, int, int], float] | None = None) -> Frame:
    """The frame the golden images show."""
    return golden_session(changes).snapshot(RESOLUTION)


def render(widget: QWidget, frame: Frame, size: tuple[int, int]) -> np.ndarray:
    """Show `widget` offscreen at `size`, draw `frame` on it, and return its pixels as (h, w, 3) uint8."""
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    widget.set_frame(frame)  # type: ignore[attr-defined]
    QApplication.processEvents()
    return pixels(widget.grab().toImage())


def render_new(make: Callable[[], QWidget], frame: Frame, size: tuple[int, int]) -> np.ndarray:
    """Render a frame on a widget made for it, then let the widget go."""
    widget = make()
    try:
        return render(widget, frame, size)
    finally:
        widget.close()
        widget.deleteLater()


def render_graph(frame: Frame) -> np.ndarray:
    """The network graph of a frame, as pixels."""
    from nnviz.ui.graph.view import NetworkGraphView

    return render_new(NetworkGraphView, frame, GRAPH_SIZE)


def render_boundary(frame: Frame) -> np.ndarray:
    """The boundary view of a frame, as pixels."""
    from nnviz.ui.plots.boundary_view import BoundaryView

    return render_new(BoundaryView, frame, BOUNDARY_SIZE)


RENDERERS: dict[str, Callable[[Frame], np.ndarray]] = {"graph": render_graph, "boundary": render_boundary}


def pixels(image: QImage) -> np.ndarray:
    """(h, w, 3) uint8 RGB copy of a QImage."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    rows = np.frombuffer(img.constBits(), np.uint8, count=bpl * h).reshape(h, bpl)
    return rows[:, : 3 * w].reshape(h, w, 3).copy()


def to_image(rgb: np.ndarray) -> QImage:
    """A QImage (RGB888) that owns a copy of (h, w, 3) uint8 pixels."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w, _ = rgb.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def golden_path(name: str) -> Path:
    """Where the golden PNG of a view is kept."""
    return GOLDEN_DIR / f"{name}.png"


def load_png(path: Path) -> np.ndarray:
    """The pixels of a PNG file."""
    image = QImage(str(path))
    if image.isNull():
        raise FileNotFoundError(f"{path}: missing or unreadable; run python tests/ui/golden/regenerate.py")
    return pixels(image)


@dataclass(frozen=True)
class Comparison:
    """How far an image is from its golden image."""

    same_size: bool
    stray_fraction: float  # share of pixels with no golden pixel within STRONG around them
    mean_abs: float  # mean distance (largest channel, 0-255, less ROUNDING) to the closest golden pixel around
    diff: np.ndarray  # (h, w, 3) uint8 picture of the differing pixels (red) over a faded actual image

    @property
    def ok(self) -> bool:
        """Within tolerance."""
        return self.same_size and self.stray_fraction <= MAX_STRAY_FRACTION and self.mean_abs <= MAX_MEAN_ABS

    def summary(self) -> str:
        """One line of figures against the limits."""
        if not self.same_size:
            return "the images differ in size"
        return (f"{self.stray_fraction:.3%} of pixels differ (limit {MAX_STRAY_FRACTION:.3%}), "
                f"mean distance {self.mean_abs:.2f} (limit {MAX_MEAN_ABS})")


def compare(actual: np.ndarray, golden: np.ndarray) -> Comparison:
    """Compare two (h, w, 3) uint8 images, forgiving one-pixel shifts of antialiased edges and glyphs."""
    if actual.shape != golden.shape:
        return Comparison(False, 1.0, 255.0, actual.copy())
    a = actual.astype(np.int16)
    g = np.pad(golden.astype(np.int16), ((1, 1), (1, 1), (0, 0)), mode="edge")
    h, w, _ = a.shape
    nearest = np.full((h, w), 255, dtype=np.int16)  # (h, w): distance to the closest golden pixel around
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            shifted = g[dy: dy + h, dx: dx + w]
            nearest = np.minimum(nearest, np.abs(a - shifted).max(axis=-1))
    stray = nearest > STRONG  # (h, w)
    mean_abs = float(np.maximum(nearest - ROUNDING, 0).mean())
    diff = (actual // 3 + 170).astype(np.uint8)  # faded actual image
    diff[stray] = (255, 0, 0)
    return Comparison(True, float(stray.mean()), mean_abs, diff)
