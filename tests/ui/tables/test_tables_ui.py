"""Your own data in the window: the import dialog, a dropped file, the slice controls, the confusion matrix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFontInfo, QImage, QPainter
from PySide6.QtWidgets import QDialog

from nnviz import data as nd
from nnviz.session import Config
from nnviz.ui import look
from nnviz.ui.plots.slice_drawing import FADE_DISTANCE, axis_titles, fade_levels, faded_brushes
from nnviz.ui.presentation import PRESENTATION_TEXT_PX
from nnviz.ui.tables.export import export_confusion
from nnviz.ui.tables.import_dialog import ImportDialog
from tests.ui.test_presentation import GRAPH_NUMBER_PX

WAIT_MS = 8000
PENGUINS = nd.shipped_file("penguins")


def test_the_import_dialog_shows_rows_and_asks_for_target_columns_and_missing_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(nd.read_table(PENGUINS))
    qtbot.addWidget(dialog)
    assert dialog.target.currentText() == "species"
    assert dialog.preview.item(0, 0).text() == "Adelie" and dialog.preview.rowCount() == 8
    ticked = [dialog.columns.item(i).text() for i in range(dialog.columns.count())
              if dialog.columns.item(i).checkState() == Qt.CheckState.Checked]
    assert ticked == ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year"]
    # the table has missing cells: it opens with their rows dropped, so its defaults import it
    assert dialog.drop.isChecked() and dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.drop.setChecked(False)
    assert "line 5, column 'bill_length_mm': the value is missing (2 row(s) have one)" in dialog.verdict.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.drop.setChecked(True)
    assert "342 rows, 5 inputs, 3 classes: Adelie, Chinstrap, Gentoo" in dialog.verdict.text()
    assert "2 row(s) with a missing value dropped" in dialog.verdict.text()
    changes = dialog.import_choice().config_changes()
    assert changes["target"] == "species" and changes["drop_missing"] is True and changes["scaling"] == "standard"


def test_a_dropped_csv_opens_the_import_dialog_and_trains_on_the_table(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(hidden=(3,)))
    shown: list[ImportDialog] = []

    def accept(dialog: ImportDialog) -> int:
        shown.append(dialog)
        dialog.drop.setChecked(True)
        for i in range(dialog.columns.count()):
            if dialog.columns.item(i).text() == "year":
                dialog.columns.item(i).setCheckState(Qt.CheckState.Unchecked)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", accept)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(PENGUINS)])
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    # Qt delivers a drop only inside a real drag: the window's filter gets the events as Qt would pass them
    assert window.features["tables"].eventFilter(window, enter) and enter.isAccepted()
    assert window.features["tables"].eventFilter(window, drop)
    assert shown and drop.isAccepted()
    qtbot.waitUntil(lambda: window.frame.column_names == ("bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                                                          "body_mass_g"), timeout=WAIT_MS)
    frame = window.frame
    assert frame.class_names == ("Adelie", "Chinstrap", "Gentoo") and frame.sizes[0] == 4
    assert window.config.dataset == "csv" and window.config.drop_missing
    assert window.features["tables"].slice_dock.isVisible() or window.features["tables"].confusion_dock.isVisible()


def test_slice_controls_move_the_plane_and_principal_components(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="iris", hidden=(5,)))
    panel = window.features["tables"].slice_panel
    qtbot.waitUntil(lambda: panel.isEnabled() and len(panel.sliders) == 4, timeout=WAIT_MS)
    assert not panel.sliders[0].isEnabled() and panel.sliders[2].isEnabled()  # axis columns have no slider
    panel.y_axis.setCurrentIndex(3)
    qtbot.waitUntil(lambda: window.frame.plane.axis_names == ("sepal_length_cm", "petal_width_cm"), timeout=WAIT_MS)
    before = window.frame.output_grid.copy()
    panel.sliders[2].setValue(panel.sliders[2].maximum())  # petal length held at its maximum
    qtbot.waitUntil(lambda: window.frame.slice.held and window.frame.slice.held[2] == 6.9, timeout=WAIT_MS)
    assert not np.array_equal(window.frame.output_grid, before)
    np.testing.assert_allclose(window.frame.neuron_grids[0][2], window.frame.scaling.apply([[0, 0, 6.9, 0]])[0, 2],
                               rtol=1e-6)
    panel.mode.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.frame.plane.axis_names == ("PC1", "PC2"), timeout=WAIT_MS)
    assert not panel.sliders[2].isEnabled()
    assert window.boundary_view.plot_item.getAxis("bottom").labelText == "PC1"


def test_the_confusion_matrix_follows_training_and_exports(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="iris", hidden=(5,), learning_rate=0.3))
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch >= 1, timeout=WAIT_MS)
    view = window.features["tables"].confusion
    view.resize(260, 420)
    qtbot.waitUntil(lambda: view.frame is not None and view.frame.epoch >= 1, timeout=WAIT_MS)
    train, test = view.frame.confusion
    assert train.sum() + test.sum() == 150
    csv_text = export_confusion(view, tmp_path / "m.csv").read_text()
    assert csv_text.splitlines()[0] == "part,true class,predicted setosa,predicted versicolor,predicted virginica"
    assert csv_text.splitlines()[1].startswith("training,setosa,")
    png = export_confusion(view, tmp_path / "m.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = export_confusion(view, tmp_path / "m.svg").read_text()
    assert "<svg" in svg and "virginica" in svg
    with pytest.raises(Exception, match=r"\.png, \.svg or \.csv"):
        export_confusion(view, tmp_path / "m.gif")


def test_points_far_from_the_slice_are_paler_and_axes_are_named() -> None:
    from PySide6.QtGui import QBrush, QColor

    assert fade_levels(np.array([0.0, 0.2, 0.5, 1.0, 5.0]) * FADE_DISTANCE).tolist() == [0, 1, 2, 4, 4]
    brushes = [QBrush(QColor(200, 0, 0))] * 3
    faded = faded_brushes(brushes, np.array([0.0, 1.0, 5.0]))
    reds = [b.color().green() for b in faded]
    assert reds[0] == 0 < reds[1] < reds[2] and all(b.color().alpha() == 255 for b in faded)
    assert faded_brushes(brushes, None) is brushes
    from nnviz.session import Session

    frame = Session(Config(dataset="iris")).snapshot(4)
    assert axis_titles(frame) == ("sepal_length_cm (standardised)", "sepal_width_cm (standardised)")
    assert axis_titles(Session(Config(points=20)).snapshot(4)) == ("", "")


def test_the_graph_names_inputs_and_classes(make_window) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui.graph.tooltips import feature_label, short_name

    window = make_window(Config(dataset="penguins", hidden=(3,)))
    frame = window.frame
    assert [feature_label(frame, j) for j in range(4)] == list(frame.column_names)
    assert short_name(frame, 2, 1) == "output 1 (class Chinstrap)"
    texts = {item.text().replace("\n", "") for item in window.graph_view.scene().items()  # a long name may
             if hasattr(item, "text") and callable(item.text)}  # break onto two lines, whole (graph/layout)
    assert {"bill_length_mm", "body_mass_g", "Adelie", "Gentoo"} <= texts


class _TextRecorder(QPainter):
    """A painter that notes the pixel size of every text it draws."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.sizes: dict[str, int] = {}

    def drawText(self, *args) -> None:  # type: ignore[no-untyped-def, override]
        text = next(a for a in args if isinstance(a, str))
        self.sizes[text] = QFontInfo(self.font()).pixelSize()
        super().drawText(*args)


def _painted_sizes(view) -> dict[str, int]:  # type: ignore[no-untyped-def]
    image = QImage(300, 600, QImage.Format.Format_RGB32)
    painter = _TextRecorder(image)
    try:
        view.paint(painter, QRectF(0, 0, 300, 600))
    finally:
        painter.end()
    return painter.sizes


def test_the_confusion_matrix_text_follows_presentation_size(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="iris", hidden=(5,)))
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.confusion is not None, timeout=10_000)
    view = window.features["tables"].confusion
    view.set_frame(window.frame)
    try:
        window.features["presentation"].set_presentation(True)
        large = _painted_sizes(view)
        assert large and all(px >= GRAPH_NUMBER_PX for px in large.values()), large  # the back row reads it
        headings = {t: px for t, px in large.items() if t.startswith(("training", "test"))}
        assert len(headings) == 2 and all(px >= PRESENTATION_TEXT_PX for px in headings.values()), headings
        assert all(" %" not in t for t in headings)  # wrapped onto two lines, "97.7 %" is never split (no-break space)
        window.features["presentation"].set_presentation(False)
        assert max(_painted_sizes(view).values()) < GRAPH_NUMBER_PX  # and its own size again
    finally:
        look.set_look(large=False)
