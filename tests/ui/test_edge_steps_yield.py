"""A live frame's edges give way: their plan is made in steps of its own, not in the frame's paint, and no step
runs while the window holds a repaint for a click or a frame (issue 23: at 8x64 the plan took ~1.5 ms of the
frame's pass, and a step ran between a click and its pixels)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject

import nnviz.ui.graph.edge_layers as edge_layers
import nnviz.ui.graph.edges_item as items
from nnviz.session import Session
from nnviz.session.events import FramePacket
from tests.ui.shown import shown
from tests.ui.test_edge_layers import WAIT_MS, building, frames, painted, spiral

DENSE = (24,) * 4  # 1,920 edges: more than AA_EDGE_LIMIT, so new weights are not planned when given


def count_plans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every plan of weights ("plan") and stroke between events ("layer"), in order."""
    done: list[str] = []
    plan, stroke = items.EdgesItem._plan, edge_layers.stroke
    monkeypatch.setattr(items.EdgesItem, "_plan", lambda self, *a: (done.append("plan"), plan(self, *a))[1])
    monkeypatch.setattr(edge_layers, "stroke", lambda painter, runs: (done.append("layer"), stroke(painter, runs)))
    return done


def test_a_live_frames_paint_leaves_the_plan_to_the_steps_each_in_a_turn_of_its_own(qtbot, monkeypatch):
    first, second, third = frames(DENSE, 3)
    view = painted(qtbot, first)
    view.set_frame(second, live=True)
    layers = view._edges._layers
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    done = count_plans(monkeypatch)
    view.set_frame(third, live=True)  # shows the finished build, and brings new weights
    view.viewport().repaint()  # the frame's pass: the built images are copied, the new weights wait
    assert done == [], "the paint planned the new weights"
    layers._step()  # as the timer would: the plan, and nothing more
    assert done == ["plan"]
    layers._step()  # their runs by layer
    assert done == ["plan"] and view._edges._by_group is not None
    layers._step()  # then the first layer
    assert done == ["plan", "layer"]
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)


class Requests(QObject):
    """Marks in `done` each repaint the window's FrameRepaint lets through (its held pass)."""

    def __init__(self, window, done: list[str]) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.window, self.done = window, done

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.UpdateRequest \
                and not self.window.frame_repaint.holding:
            self.done.append("pass")
        return False


def test_no_edge_layer_is_stroked_between_a_click_and_its_pass(styled_app, qapp, qtbot, monkeypatch):
    from nnviz.ui.window.main_window import MainWindow

    window = shown(qtbot, MainWindow(Session(spiral((8,) * 6)), backend="none"), 1280, 800)
    first, second = frames((8,) * 6, 2)
    window.draw(FramePacket(first, False, 0.0, None))
    window.graph_view.grab()
    qtbot.wait(100)  # the edges' interval has passed: a running frame brings new ones
    done = count_plans(monkeypatch)
    requests = Requests(window, done)
    qapp.installEventFilter(requests)
    try:
        window.draw(FramePacket(second, True, 100.0, None))  # its repaint held until the scenes took it
        window._input_seen()  # a press meanwhile: its pixels come in that pass
        layers = window.graph_view._edges._layers
        assert window.frame_repaint.holding and building(layers) is not None
        for _ in range(3):  # steps due now (as their timer would run them, in whatever order Qt picks)
            layers._step()
        assert "layer" not in done
        qtbot.waitUntil(lambda: "layer" in done and building(layers) is None, timeout=WAIT_MS)
    finally:
        qapp.removeEventFilter(requests)
    assert "pass" in done and done.index("pass") < done.index("layer"), done
