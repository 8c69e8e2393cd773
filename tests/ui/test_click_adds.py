"""The "Click adds" control promises a point only where a click can add one (not on a table shown on a slice)."""

from __future__ import annotations

import pytest

from nnviz.errors import NnvizError
from nnviz.session import Config, Session
from nnviz.session.lesson_book import LESSONS, make_lesson
from nnviz.ui.controls.output_controls import NO_CLICK_POINTS, PointControls

PENGUINS = next(lesson for lesson in LESSONS if "penguin" in lesson.file)  # four columns shown on a slice


def _controls(qtbot) -> PointControls:  # type: ignore[no-untyped-def]
    controls = PointControls()
    qtbot.addWidget(controls)
    controls.show()
    return controls


def test_on_a_slice_the_control_says_why_a_click_adds_no_point(qtbot) -> None:  # type: ignore[no-untyped-def]
    session = make_lesson(PENGUINS)
    with pytest.raises(NnvizError) as refused:
        session.add_point((0.0, 0.0), 0)
    controls = _controls(qtbot)
    controls.show_frame(session.snapshot(16))
    assert controls.class_label.text() == NO_CLICK_POINTS and "Click adds" not in controls.hint.text()
    assert not controls.class_label.isEnabled() and controls.point_class.isHidden()
    reason = str(refused.value)
    assert reason[1:] in controls.class_label.toolTip() and reason[1:] in controls.point_class.toolTip()


def test_plain_points_keep_the_offer_and_get_it_back_after_a_slice(qtbot) -> None:  # type: ignore[no-untyped-def]
    controls = _controls(qtbot)
    controls.show_frame(make_lesson(PENGUINS).snapshot(16))
    controls.show_frame(Session(Config(dataset="xor", points=40)).snapshot(16))
    assert controls.class_label.text() == "Click adds" and controls.class_label.isEnabled()
    assert not controls.point_class.isHidden() and "class" in controls.point_class.toolTip()
    assert "Right-click" in controls.hint.text()
