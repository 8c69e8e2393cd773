"""Render the app icon (resources/nnviz.svg) to PNGs at the hicolor sizes, with Qt, and write the
Linux launcher and MIME files in packaging/linux/ from nnviz.desktop's templates.

    .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from nnviz.desktop import APP_ID, ICON_SIZES, desktop_entry, mime_xml

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "nnviz.svg"
ICONS = ROOT / "resources" / "icons" / "hicolor"
LINUX = ROOT / "packaging" / "linux"


def render(svg: QSvgRenderer, size: int) -> QImage:
    """The icon at size x size pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    svg.render(painter)
    painter.end()
    return image


def main() -> int:
    """Write every icon size and the two Linux files; print what was written."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = QSvgRenderer(str(SVG))
    if not svg.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    for size in ICON_SIZES:
        target = ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(target)):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
        print(f"{target.relative_to(ROOT)}  {target.stat().st_size} bytes")
    LINUX.mkdir(parents=True, exist_ok=True)
    (LINUX / f"{APP_ID}.desktop").write_text(desktop_entry("nnviz"), encoding="utf-8")
    (LINUX / f"{APP_ID}-mime.xml").write_text(mime_xml(), encoding="utf-8")
    print(f"packaging/linux/{APP_ID}.desktop, packaging/linux/{APP_ID}-mime.xml")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
