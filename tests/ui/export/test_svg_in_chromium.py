"""Each panel's SVG, rendered in Chromium, matches its PNG export (skipped where Chromium is absent)."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

from tests.ui.export.check_svg_chromium import check_panel, chromium, compare

# CI (.ci/run) installs Chromium and sets NNVIZ_REQUIRE_CHROMIUM: there a missing browser fails, never skips
REQUIRED = os.environ.get("NNVIZ_REQUIRE_CHROMIUM") == "1"
needs_chromium = pytest.mark.skipif(chromium() is None and not REQUIRED, reason="chromium is not installed")


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("panel", ["network", "boundary", "loss", "window"])
def test_svg_renders_in_chromium_like_the_png(qapp, tmp_path, panel):
    result = check_panel(panel, tmp_path, epochs=10)
    assert result.ok, result.line()


def test_the_comparison_catches_missing_text(qapp, tmp_path):
    from nnviz.session import Config, Session
    from nnviz.ui.export.render import Renderer

    session = Session(Config(points=60))
    session.train(3)
    renderer = Renderer(session, "loss")
    try:
        png = renderer.screenshot(tmp_path / "loss.png")
    finally:
        renderer.close()
    assert compare("loss", png, png).ok
    pixels = np.asarray(Image.open(png).convert("RGB")).copy()
    pixels[:, :40] = 255  # the y-axis labels and ticks gone, as if clipped
    Image.fromarray(pixels).save(tmp_path / "clipped.png")
    assert not compare("loss", png, tmp_path / "clipped.png").ok
