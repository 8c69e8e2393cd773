"""The output view's axis titles (a slice's column names) fit the plane however small the view is drawn."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from nnviz.session import Config, Session
from nnviz.ui.plots.boundary_view import BoundaryView

WAIT_MS = 10_000  # a guard against a hang: layout follows a resize as events, later on a loaded machine


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
    whole = ["bill_length_mm (standardised)", "bill_depth_mm (standardised)"]
    qtbot.waitUntil(lambda: [t for t, _ in _titles(view)] == whole, timeout=WAIT_MS)
    view.resize(230, 200)  # the output view in explain mode on a projector

    def shortened_to_the_plane() -> None:  # laid out when the resize reaches the view: retried until then
        plane = view.plot_item.getViewBox().sceneBoundingRect()
        side = max(plane.width(), plane.height()) + 2  # the titles run along the plane's sides
        shown = _titles(view)
        assert all(width <= side for _, width in shown), (side, shown)
        assert shown[0][0] != "bill_length_mm (standardised)" and shown[0][0].startswith("bill")

    qtbot.waitUntil(shortened_to_the_plane, timeout=WAIT_MS)
    assert "bill_length_mm (standardised)" in view.plot_item.getAxis("bottom").toolTip()
    view.resize(900, 900)
    qtbot.waitUntil(lambda: _titles(view)[0][0] == "bill_length_mm (standardised)", timeout=WAIT_MS)
    assert view.plot_item.getAxis("bottom").toolTip() == ""
