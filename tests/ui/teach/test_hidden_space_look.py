"""Hidden space's points grow in presentation mode as the output view's do (they stayed 6 px), and come back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_teach_window import WAIT_MS, open_hidden_space

from nnviz.ui import look
from nnviz.ui.teach.hidden_space_view import SMALLER_THAN_OUTPUT


@pytest.fixture(autouse=True)
def _standard_look() -> Iterator[None]:
    yield
    look.set_look(large=False, high_contrast=False)


def drawn_sizes(view) -> set[float]:  # type: ignore[no-untyped-def]
    """The diameter in px of every point the hidden-space plot draws."""
    return {float(p.size()) for p in view.points.points()}


def test_hidden_space_points_grow_with_presentation_mode_like_the_output_views(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, teaching = open_hidden_space(make_window, qtbot)
    view = teaching.hidden.view
    normal = drawn_sizes(view)
    assert normal == {look.current().point_size - SMALLER_THAN_OUTPUT}  # 6 px, as before
    presentation = window.features["presentation"]
    presentation.set_presentation(True)
    grown = drawn_sizes(view)
    assert min(grown) > max(normal) and grown == {look.current().point_size - SMALLER_THAN_OUTPUT}
    before = teaching.hidden.shown
    window.step_epoch()  # points drawn anew keep the presentation size
    qtbot.waitUntil(lambda: teaching.hidden.shown is not before, timeout=WAIT_MS)
    assert drawn_sizes(view) == grown
    presentation.set_presentation(False)
    assert drawn_sizes(view) == normal
