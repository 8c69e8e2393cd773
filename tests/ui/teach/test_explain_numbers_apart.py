"""Explain mode in a normal window at 1024x768: no two number boxes on the graph are drawn over each other, nor a box
over a name (the weights into a neuron were stacked in one column along their edges, over each other where the
edges come in close together)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from nnviz.session.config import Config
from nnviz.ui.lessons.menu import Lessons
from tests.ui.teach.test_presented_numbers import assert_apart, drawn_numbers

WAIT_MS = 10_000


@pytest.mark.parametrize("lesson", [None, 9], ids=["default", "penguins"])
def test_explain_numbers_are_apart_in_a_normal_window(make_window, qtbot, lesson) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(), size=(1024, 768))
    if lesson is not None:
        window.findChild(Lessons).actions[lesson - 1].trigger()  # 9: four inputs, three classes
    qtbot.waitUntil(lambda: window.frame is not None, timeout=WAIT_MS)
    explain = window.features["teaching"].explain
    explain.set_active(True)
    qtbot.waitUntil(lambda: explain.explanation is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.size() == window.size().boundedTo(QSize(1024, 768)), timeout=WAIT_MS)
    seen = 0
    for index in range(len(explain.phases) - 1):  # every phase before the update is taken
        explain.go_to(index)
        qtbot.wait(20)
        boxes = [(t, r) for t, _, r in drawn_numbers(window)]
        seen += len(boxes)
        assert_apart(explain, boxes, window)
    assert seen > 0
