"""Check nnviz's SVG exports in Chromium: each panel's SVG, rendered headless, must match its PNG export.

    python tests/ui/export/check_svg_chromium.py [--shots DIR]

For the window, the network graph, the boundary and the loss chart of one trained
session, it writes the PNG and the SVG export, screenshots the SVG in Chromium at the
same size, and compares the two pictures: the share of pixels that differ clearly
(antialiasing and font hinting differ a little), and the share of "ink" (non-white
pixels) in each, which drops when text is clipped or curves go missing. Exit 0 when
every panel passes. pytest runs the same check through test_svg_in_chromium.py, which
skips when Chromium is absent.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MAX_DIFFERING = 0.03  # share of pixels whose colour differs by more than 64 (of 255) in some channel
MAX_MEAN = 8.0  # mean absolute difference per pixel (0..255)
MAX_INK_RATIO = 1.25  # the more inked picture has at most 25 % more dark pixels than the other
MAX_MISSING_DARK = 0.03  # share of the PNG's dark pixels (text, axes) with no dark pixel near them in Chromium's
MAX_BAND_MISSING = 0.25  # nor in any band of BAND rows (a whole menu bar or toolbar lost is a local failure)
BAND = 24
MIN_BAND_DARK = 30  # dark pixels a band needs before its share counts
DARK = 100  # a channel below this is "dark" (text and axes); Chromium's antialiased copy may be up to DARK + 60
PANELS = ("network", "boundary", "loss", "window")


def chromium() -> str | None:
    """The Chromium executable, if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot_svg(svg: Path, png: Path, size: tuple[int, int]) -> None:
    """Render an SVG file in headless Chromium at size (w, h) into a PNG."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        "--hide-scrollbars", "--force-device-scale-factor=1", f"--user-data-dir={profile}",
                        f"--window-size={size[0]},{size[1]}", f"--screenshot={png}", svg.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)


@dataclass(frozen=True)
class Comparison:
    """How a Chromium rendering of an SVG differs from the PNG export."""

    panel: str
    size: tuple[int, int]
    mean_difference: float
    differing_share: float
    ink_png: float
    ink_svg: float
    missing_dark: float
    worst_band_missing: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the two pictures agree within the tolerances."""
        ink = max(self.ink_png, self.ink_svg) / max(1e-9, min(self.ink_png, self.ink_svg))
        return (self.mean_difference <= MAX_MEAN and self.differing_share <= MAX_DIFFERING and ink <= MAX_INK_RATIO
                and self.missing_dark <= MAX_MISSING_DARK and self.worst_band_missing <= MAX_BAND_MISSING)

    def line(self) -> str:
        """One line of figures."""
        return (f"{self.panel:<9} {self.size[0]}x{self.size[1]}  mean diff {self.mean_difference:5.2f}  "
                f"pixels differing {100 * self.differing_share:5.2f} %  ink png {100 * self.ink_png:5.2f} % "
                f"svg {100 * self.ink_svg:5.2f} %  dark missing {100 * self.missing_dark:5.2f} % "
                f"(worst band {100 * self.worst_band_missing:5.1f} %)  "
                f"{'ok' if self.ok else 'MISMATCH'}")


def compare(panel: str, png: Path, chromium_png: Path) -> Comparison:
    """Compare the PNG export with Chromium's rendering of the SVG."""
    from PIL import Image

    a = np.asarray(Image.open(png).convert("RGB")).astype(np.int16)
    b = np.asarray(Image.open(chromium_png).convert("RGB")).astype(np.int16)
    if a.shape != b.shape:
        return Comparison(panel, (a.shape[1], a.shape[0]), 255.0, 1.0, 0.0, 0.0, 1.0)
    diff = np.abs(a - b).max(axis=2)
    ink = lambda img: float((img.min(axis=2) < 200).mean())  # noqa: E731
    dark_png = a.min(axis=2) < DARK
    near_dark_svg = _grown(b.min(axis=2) < DARK + 60)
    lost = dark_png & ~near_dark_svg
    missing = float(lost.sum() / max(1, dark_png.sum()))
    bands = [(lost[y:y + BAND].sum(), dark_png[y:y + BAND].sum()) for y in range(0, a.shape[0], BAND)]
    worst = max((float(n / d) for n, d in bands if d >= MIN_BAND_DARK), default=0.0)
    return Comparison(panel, (a.shape[1], a.shape[0]), float(diff.mean()), float((diff > 64).mean()), ink(a), ink(b),
                      missing, worst)


def _grown(mask: np.ndarray) -> np.ndarray:
    """The mask widened by one pixel in every direction (text may shift by a pixel between renderers)."""
    out = mask.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            out |= np.roll(np.roll(mask, dy, 0), dx, 1)
    return out


def check_panel(panel: str, folder: Path, epochs: int = 40) -> Comparison:
    """Render a trained spiral's panel as PNG and SVG in folder, screenshot the SVG, compare."""
    from nnviz.cli.render_command import window_without_training
    from nnviz.session import Config, Session
    from nnviz.ui.export.render import Renderer

    session = Session(Config(dataset="spiral", hidden=(6, 4), features=("x1", "x2", "sinx1", "sinx2"), seed=3))
    session.train(epochs)
    renderer = Renderer(session, panel, window=window_without_training)
    try:
        png = renderer.screenshot(folder / f"{panel}.png")
        svg = renderer.screenshot(folder / f"{panel}.svg")
    finally:
        renderer.close()
    from PIL import Image

    with Image.open(png) as im:
        size = im.size
    shot = folder / f"{panel}-chromium.png"
    screenshot_svg(svg, shot, size)
    return compare(panel, png, shot)


def main(argv: list[str] | None = None) -> int:
    """Check every panel; print one line each; exit 1 on a mismatch."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", default="", help="keep the PNG, SVG and Chromium pictures in this folder")
    args = parser.parse_args(argv)
    if chromium() is None:
        print("chromium is not installed: nothing checked")
        return 0
    folder = Path(args.shots) if args.shots else Path(tempfile.mkdtemp(prefix="nnviz-svg-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = [check_panel(panel, folder) for panel in PANELS]
    for r in results:
        print(r.line())
    print(f"pictures in {folder}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    sys.exit(main())
