"""A click that only changes the output's palette (Discretize) leaves the colour bar's axis as it was (issue 23).

pyqtgraph lays a right axis out and draws it anew (2-3 ms of the GUI thread) whenever its title or ticks are set,
even to the same: that was most of what the click cost before its pixels.
"""

from __future__ import annotations

import numpy as np

from nnviz.session import Config, Session
from nnviz.ui.plots.boundary_view import BoundaryView
from tests.ui.shown import shown


def _spy_on_axis(view: BoundaryView) -> list[str]:
    """The names of the colour bar axis' draws and settings from now on."""
    axis = view._colour_bar.plot.getAxis("right")
    calls: list[str] = []
    for name in ("setLabel", "setTicks", "generateDrawSpecs"):
        method = getattr(axis, name)

        def counted(*args: object, _name: str = name, _method: object = method, **kwargs: object) -> object:
            calls.append(_name)
            return _method(*args, **kwargs)  # type: ignore[operator]

        setattr(axis, name, counted)
    return calls


def _bar_colours(view: BoundaryView) -> int:
    return len(np.unique(view._colour_bar.image.image.reshape(-1, 4), axis=0))


def test_discretize_repaints_the_bar_not_its_axis(qtbot) -> None:
    session = Session(Config(dataset="circle"))
    session.train(20)
    view = shown(qtbot, BoundaryView(), 420, 360)
    view.set_frame(session.snapshot(60))
    qtbot.wait(50)
    colours = _bar_colours(view)
    calls = _spy_on_axis(view)
    view.set_discretize(True)
    qtbot.wait(50)  # the repaint
    assert _bar_colours(view) < colours  # the bar shows the discretized palette
    assert calls == []  # ... beside the same axis, not set or drawn again


def test_the_bar_axis_follows_what_is_shown(qtbot) -> None:
    session = Session(Config(dataset="circle"))
    session.train(5)
    view = shown(qtbot, BoundaryView(), 420, 360)
    view.set_frame(session.snapshot(60))
    axis = view._colour_bar.plot.getAxis("right")
    assert axis.labelText == "output"
    view.show_neuron(1, 0)
    assert axis.labelText == "neuron"
    view.show_neuron(-1, -1)
    assert axis.labelText == "output"
