"""The picker's stored pictures are the ones `render_thumbnail` draws now (issue 23: they are read at launch)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from nnviz import data as nd
from nnviz.ui.controls import dataset_thumbnails as thumbs

REWRITE = "rewrite them: QT_QPA_PLATFORM=offscreen python -m nnviz.ui.controls.dataset_thumbnails"


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[
        :, :4 * image.width()].astype(np.int16)


@pytest.mark.parametrize("name", [*nd.GENERATORS, *nd.SHIPPED])
def test_the_stored_picture_is_the_one_drawn_now(name, styled_app):
    path = thumbs.stored_thumbnail(name)
    assert path.is_file(), f"no stored picture for {name}: {REWRITE}"
    stored, drawn = _pixels(QImage(str(path))), _pixels(thumbs.render_thumbnail(name))
    assert stored.shape == drawn.shape, f"{name}: the stored picture has another size; {REWRITE}"
    differs = np.abs(stored - drawn).max(axis=1) > 24  # (rows, channels): any channel clearly apart
    # antialiasing may differ by a level or two between Qt builds; a changed data set moves many points
    assert differs.mean() <= 0.02, f"{name}: the stored picture is not what is drawn now; {REWRITE}"


def test_a_missing_or_unreadable_picture_is_drawn_instead(tmp_path, monkeypatch, styled_app):
    (tmp_path / "circle.png").write_bytes(b"not a picture")
    monkeypatch.setattr(thumbs, "stored_thumbnail", lambda name: tmp_path / f"{name}.png")
    thumbs.thumbnail_icon.cache_clear()
    try:
        for name in ("circle", "xor"):  # unreadable, missing
            icon = thumbs.thumbnail_icon(name).pixmap(thumbs.THUMB_SIZE, thumbs.THUMB_SIZE).toImage()
            drawn = thumbs.render_thumbnail(name)
            assert (_pixels(icon) == _pixels(drawn)).all()
    finally:
        thumbs.thumbnail_icon.cache_clear()
