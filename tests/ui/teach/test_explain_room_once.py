"""Explain mode gives its panel its share of the height when presentation mode begins, not at every change of the
look: switching high contrast while presenting keeps the height the user gave the panel."""

from __future__ import annotations

from nnviz.session.config import Config
from nnviz.ui import look

WAIT_MS = 10_000


def test_high_contrast_while_presenting_does_not_resize_the_explanation(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(), size=(1280, 800))
    qtbot.waitUntil(lambda: window.frame is not None, timeout=WAIT_MS)
    explain = window.features["teaching"].explain
    explain.set_active(True)
    qtbot.waitUntil(lambda: explain.explanation is not None, timeout=WAIT_MS)
    window.features["presentation"].present.trigger()
    assert explain._room_timer.isActive()  # presentation began: the panel is given its share
    qtbot.waitUntil(lambda: not explain._room_timer.isActive(), timeout=WAIT_MS)
    look.set_look(high_contrast=True)
    assert not explain._room_timer.isActive()  # only the colours changed: the panel keeps its height
