"""A GIF frame keeps the colours of the view: the colour bar has no white gap near its middle."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from nnviz.session import Config, Session
from nnviz.ui.export.gif_frames import recorded_frame
from nnviz.ui.export.gif_writer import GifWriter
from nnviz.ui.export.render import Renderer

MAX_ERROR = 8  # of 255 per channel: a pale grey must not become white (about 12 away)


def test_the_colour_bar_keeps_its_pale_middle_in_a_gif(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session = Session(Config(points=100, output_activation="sigmoid"))
    session.train(3)
    renderer = Renderer(session, "boundary")
    try:
        renderer.screenshot(tmp_path / "first.png")  # the frame drawn
        rgb = recorded_frame(renderer.stage.widget, session.epoch)
    finally:
        renderer.close()
    writer = GifWriter(tmp_path / "out.gif")
    writer.add(rgb)
    writer.close()
    with Image.open(tmp_path / "out.gif") as gif:
        decoded = np.asarray(gif.convert("RGB")).astype(int)
    error = np.abs(decoded - rgb.astype(int)).max(axis=2)
    pale = (rgb.astype(int).min(axis=2) > 225) & (rgb.astype(int).min(axis=2) < 250)  # the bar's middle, the plane
    assert pale.sum() > 100
    assert error[pale].max() <= MAX_ERROR
