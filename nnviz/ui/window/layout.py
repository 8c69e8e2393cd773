"""The main window's layout: the side panel, the network graph, the output and loss views."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from nnviz.ui.controls.common import HintLabel, heading
from nnviz.ui.controls.data_panel import DataPanel
from nnviz.ui.controls.network_panel import NetworkPanel
from nnviz.ui.controls.output_controls import BoundaryControls, LossControls, PointControls
from nnviz.ui.controls.training_panel import TrainingPanel
from nnviz.ui.graph.view import NetworkGraphView
from nnviz.ui.plots.boundary_view import BoundaryView
from nnviz.ui.plots.loss_chart import LossChart

SIDE_PANEL_WIDTH = 300
OUTPUT_WIDTH = 430
OUTPUT_MIN_WIDTH = 360  # px: the output card's least width (more when its controls need it)
BOUNDARY_MIN = 160  # px: the output view's smallest side (a 1024x600 screen still shows every panel and dock)
CARD_MARGINS = (10, 8, 10, 8)  # px: inside a card, around its views
BESIDE_GRAPH_SHARE = 0.32  # the graph's share of the width while the loss chart is beside the output view
TIGHT_CARD_MARGINS = (3, 3, 3, 3)  # px: presentation mode: the views take the room (a dock open on a projector)


@dataclass
class WindowParts:
    """The widgets the window wires together."""

    data_panel: DataPanel
    network_panel: NetworkPanel
    training_panel: TrainingPanel
    boundary_controls: BoundaryControls
    point_controls: PointControls
    loss_controls: LossControls
    graph_view: NetworkGraphView
    boundary_view: BoundaryView
    loss_chart: LossChart

    def connect_views(self) -> None:
        """Let the views' own controls drive them, and the graph's hovered neuron show in the output view."""
        self.graph_view.neuronHovered.connect(self.boundary_view.show_neuron)
        bc = self.boundary_controls
        bc.discretizeToggled.connect(self.boundary_view.set_discretize)
        bc.showTestToggled.connect(self.boundary_view.set_show_test)
        self.point_controls.classSelected.connect(self.boundary_view.set_selected_class)
        self.boundary_view.set_show_test(bc.show_test.isChecked())
        self.boundary_view.set_selected_class(self.point_controls.selected_class())
        self.loss_controls.logScaleToggled.connect(self.loss_chart.set_log_scale)


class _Card(QFrame):
    """A white, lightly framed box; at least `floor` wide, and never narrower than its contents need."""

    floor = 0

    def minimumSizeHint(self) -> QSize:
        """The contents' least size, and at least `floor` wide (a set minimum would override the contents')."""
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), self.floor), hint.height())


def _card(*widgets: QWidget, stretch: tuple[int, ...] = ()) -> _Card:
    """A white, lightly framed box holding widgets in a column."""
    card = _Card()
    card.setObjectName("card")
    column = QVBoxLayout(card)
    column.setContentsMargins(*CARD_MARGINS)
    column.setSpacing(6)
    for i, w in enumerate(widgets):
        column.addWidget(w, stretch[i] if i < len(stretch) else 0)
    return card


def tighten_cards(window: QMainWindow, tight: bool) -> None:
    """Give the cards' views the cards' margins (presentation mode) or their margins back."""
    for card in window.findChildren(_Card):
        layout = card.layout()
        if layout is not None:
            layout.setContentsMargins(*(TIGHT_CARD_MARGINS if tight else CARD_MARGINS))


def _side_panel(data_panel: DataPanel, network_panel: NetworkPanel) -> QScrollArea:
    inner = QWidget()
    inner.setObjectName("sidePanel")
    column = QVBoxLayout(inner)
    column.setContentsMargins(10, 10, 10, 10)
    column.setSpacing(14)
    column.addWidget(data_panel)
    column.addWidget(network_panel)
    column.addStretch(1)
    scroll = QScrollArea()
    scroll.setObjectName("sideScroll")
    scroll.setWidget(inner)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    inner.setFixedWidth(SIDE_PANEL_WIDTH)  # room for the scroll bar is kept, so nothing is clipped when it shows
    bar = scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    scroll.setFixedWidth(SIDE_PANEL_WIDTH + bar)
    return scroll


def _column(*widgets: QWidget, stretch: tuple[int, ...] = ()) -> QWidget:
    """Widgets in a column without margins (one pane of a splitter)."""
    pane = QWidget()
    column = QVBoxLayout(pane)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(6)
    for i, w in enumerate(widgets):
        column.addWidget(w, stretch[i] if i < len(stretch) else 0)
    return pane


def _output_splitter(parts: WindowParts) -> QSplitter:
    """The output view above the loss chart; the user drags the line between them on a short screen."""
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.setObjectName("outputSplitter")
    splitter.setChildrenCollapsible(False)
    splitter.setHandleWidth(8)
    splitter.addWidget(_column(parts.boundary_controls, parts.boundary_view, parts.point_controls, stretch=(0, 1, 0)))
    splitter.addWidget(_column(parts.loss_controls, parts.loss_chart, stretch=(0, 1)))
    splitter.setStretchFactor(0, 5)
    splitter.setStretchFactor(1, 3)
    splitter.setSizes([5000, 3000])  # 5:3 of whatever height there is, each pane at least its minimum
    return splitter


def set_output_beside(window: QMainWindow, beside: bool) -> None:
    """The loss chart beside the output view (a short, wide output column: presenting with the explanation
    under the views) or below it (as designed)."""
    splitter = window.findChild(QSplitter, "outputSplitter")
    main = window.findChild(QSplitter, "mainSplitter")
    if splitter is None or main is None:
        return
    orientation = Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical
    if splitter.orientation() != orientation:
        splitter.setOrientation(orientation)
        splitter.setSizes([5000, 3000])  # 5:3 of the room, each pane at least its minimum
        graph = BESIDE_GRAPH_SHARE if beside else 0.6  # the graph's share of the width (as designed: 3:2)
        main.setSizes([round(10000 * graph), round(10000 * (1 - graph))])


def stacked_views_height(window: QMainWindow) -> int:
    """The views' least height with the loss chart below the output view (as designed), whichever way they are laid
    out now (beside, the output card's least height is its taller pane's)."""
    central = window.centralWidget()
    least = 0 if central is None else central.minimumSizeHint().height()
    splitter = window.findChild(QSplitter, "outputSplitter")
    if splitter is None or splitter.orientation() == Qt.Orientation.Vertical:
        return least
    panes = [pane.minimumSizeHint().height() for i in range(splitter.count()) if (pane := splitter.widget(i))]
    return least + sum(panes) - max(panes, default=0) + splitter.handleWidth()


def build_parts(window: QMainWindow, plots_deferred: bool = False) -> WindowParts:
    """Create the panels and views and lay them out as the window's central widget.

    plots_deferred: the output view and the loss chart make their pyqtgraph parts when built (`build()`)."""
    parts = WindowParts(
        data_panel=DataPanel(),
        network_panel=NetworkPanel(),
        training_panel=TrainingPanel(),
        boundary_controls=BoundaryControls(),
        point_controls=PointControls(),
        loss_controls=LossControls(),
        graph_view=NetworkGraphView(),
        boundary_view=BoundaryView(deferred=plots_deferred),
        loss_chart=LossChart(deferred=plots_deferred),
    )
    graph_head = QWidget()
    row = QHBoxLayout(graph_head)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(heading("Network"))
    hint = HintLabel("Hover a neuron to see it full-size · click an edge to edit its weight")
    hint.setObjectName("muted")
    hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    row.addWidget(hint, 1)
    graph_card = _card(graph_head, parts.graph_view, stretch=(0, 1))

    parts.boundary_view.setMinimumSize(BOUNDARY_MIN, BOUNDARY_MIN)
    parts.boundary_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    output_card = _card(_output_splitter(parts))
    output_card.floor = OUTPUT_MIN_WIDTH

    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("mainSplitter")
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(graph_card)
    splitter.addWidget(output_card)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setSizes([1280 - SIDE_PANEL_WIDTH - OUTPUT_WIDTH, OUTPUT_WIDTH])

    central = QWidget()
    central.setObjectName("central")
    row = QHBoxLayout(central)
    row.setContentsMargins(0, 0, 8, 8)
    row.setSpacing(8)
    row.addWidget(_side_panel(parts.data_panel, parts.network_panel))
    row.addWidget(splitter, 1)
    window.setCentralWidget(central)
    return parts
