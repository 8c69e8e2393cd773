"""The output view's axis titles (a slice's column names) fit the plane however small the view is drawn."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from nnviz.session import Config, Session
from nnviz.ui.plots.boundary_view import BoundaryView


def _titles(view: BoundaryView) -> list[tuple[str, int]]:
    """Each axis title as shown, with its width in px."""
    out = []
    for name in ("bottom", "left"):
        axis = view.plot_item.getAxis(name)
        text = axis.label.toPlainText().strip()  # pyqtgraph adds a space for units
        out.append((text, QFontMetrics(axis.label.font()).horizontalAdvance(text)))
    return out


def test_long_column_names_are_shortened_to_the_plane_and_shown_whole_in_the_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    frame = Session(Config(dataset="penguins", drop_missing=True)).snapshot(8)
    view = BoundaryView()
    qtbot.addWidget(view)
    view.resize(900, 900)
    view.show()
    view.set_frame(frame)
    qtbot.wait(50)
    assert [t for t, _ in _titles(view)] == ["bill_length_mm (standardised)", "bill_depth_mm (standardised)"]
    view.resize(230, 200)  # the output view in explain mode on a projector
    qtbot.wait(50)
    plane = view.plot_item.getViewBox().sceneBoundingRect()
    side = max(plane.width(), plane.height()) + 2  # the titles run along the plane's sides
    shown = _titles(view)
    assert all(width <= side for _, width in shown), (side, shown)
    assert shown[0][0] != "bill_length_mm (standardised)" and shown[0][0].startswith("bill")
    assert "bill_length_mm (standardised)" in view.plot_item.getAxis("bottom").toolTip()
    view.resize(900, 900)
    qtbot.wait(50)
    assert _titles(view)[0][0] == "bill_length_mm (standardised)"
    assert view.plot_item.getAxis("bottom").toolTip() == ""
