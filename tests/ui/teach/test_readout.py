"""The Shift+click readout is never stale: it follows the live numbers, goes away when it no longer applies,
and is never drawn into an export or a GIF frame."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from nnviz.session import Config
from nnviz.session.explain.sample import inspect_point
from nnviz.ui.export.gif_frames import recorded_frame
from nnviz.ui.export.svg import render_image, svg_bytes
from nnviz.ui.lessons.menu import Lessons
from nnviz.ui.teach.inspect_point import IDLE_SECONDS
from tests.ui.probes import part

WAIT_MS = 10_000
SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def shown_at(window, x: float = 1.0, y: float = -2.0):  # type: ignore[no-untyped-def]
    inspector = window.features["teaching"].inspector
    assert window.boundary_view.click_at(x, y, LEFT, SHIFT)
    assert inspector.box.isVisible()
    return inspector


def stepped(qtbot, window, epochs: int) -> None:  # type: ignore[no-untyped-def]
    target = window.frame.epoch + epochs
    for _ in range(epochs):
        window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch == target, timeout=WAIT_MS)


def test_escape_hides_the_readout(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60))
    inspector = shown_at(window)
    qtbot.keyClick(window.boundary_view, Qt.Key.Key_Escape)
    assert not inspector.box.isVisible() and inspector.readout is None


def test_the_readout_goes_after_a_few_idle_seconds(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60))
    clock = FakeClock()
    window.features["teaching"].inspector.clock = clock
    inspector = shown_at(window)
    clock.now += IDLE_SECONDS * 0.75
    inspector.check_idle()
    assert inspector.shown
    inspector.touch()  # the mouse moved over the plot
    clock.now += IDLE_SECONDS * 0.75
    inspector.check_idle()
    assert inspector.shown
    clock.now += IDLE_SECONDS * 0.5
    inspector.check_idle()
    assert not inspector.shown and not inspector.box.isVisible()


def test_the_readout_follows_training_with_the_live_numbers(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60, learning_rate=0.3))
    inspector = shown_at(window)
    before = inspector.readout.outputs.copy()
    stepped(qtbot, window, 5)
    qtbot.waitUntil(lambda: inspector.shown and inspector._frame is window.frame, timeout=WAIT_MS)
    now = inspect_point(window.frame, (1.0, -2.0)).outputs
    np.testing.assert_array_equal(inspector.readout.outputs, now)
    assert not np.array_equal(before, now)


def test_reset_another_activation_or_lesson_hides_it(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60, activation="sigmoid"))
    stepped(qtbot, window, 2)
    inspector = shown_at(window)
    window.reset()
    qtbot.waitUntil(lambda: not inspector.shown, timeout=WAIT_MS)

    inspector = shown_at(window)
    assert window.request_config({"activation": "tanh"})
    qtbot.waitUntil(lambda: not inspector.shown, timeout=WAIT_MS)

    inspector = shown_at(window)
    part(window, Lessons).actions[0].trigger()
    qtbot.waitUntil(lambda: not inspector.shown, timeout=WAIT_MS)
    assert window.config.name.startswith("Lesson 1")


def test_no_export_or_gif_frame_contains_the_readout(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60))
    view = window.boundary_view
    clean_png = render_image(view)
    clean_frame = recorded_frame(view, window.frame.epoch)
    inspector = shown_at(window)
    assert "decoded class" in inspector.text()
    assert render_image(view) == clean_png
    np.testing.assert_array_equal(recorded_frame(view, window.frame.epoch), clean_frame)
    assert b"decoded class" not in svg_bytes(window)
    assert inspector.box.isVisible(), "the readout is still on screen after the export"
