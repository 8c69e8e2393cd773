"""A part of the data without samples shows "no data", and a small one counts its samples, wherever figures show.

Lesson 1 has one training sample and no test data: its status bar read "Accuracy 0.0 %" for the test part
(the sample was repeated as a test part), and the accuracy figure went missing while a message showed.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnviz import data as nd
from nnviz.session import Config, Session
from nnviz.session.lesson_book import LESSONS, make_lesson
from nnviz.ui.plots.loss_chart import LossChart
from nnviz.ui.window.status_bar import NO_DATA, TrainingStatusBar, format_accuracy


def _shown(qtbot, widget, w: int = 1280, h: int = 24):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(w, h)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _split_session(n_train: int, n_test: int) -> Session:
    """An XOR session whose training and test parts have exactly these sizes."""
    session = Session(Config(dataset="xor", points=40))
    points, labels = session.data.points, session.data.labels
    part = lambda lo, hi: nd.Dataset(points[lo:hi], labels[lo:hi], nd.CLASSIFICATION, 2, "xor")  # noqa: E731
    session.restore_state(session.net.params.copy(), part(0, n_train), part(n_train, n_train + n_test))
    return session


def test_accuracy_reads_as_a_count_for_small_parts_and_no_data_for_empty_ones() -> None:
    assert format_accuracy(0.0, 1) == "0 % (0 of 1)"
    assert format_accuracy(0.75, 4) == "75 % (3 of 4)"
    assert format_accuracy(0.975, 40) == "97.5 %"
    assert format_accuracy(None, 0) == format_accuracy(0.0, 0) == NO_DATA


def test_lesson_one_shows_its_one_sample_and_no_test_figures(qtbot) -> None:  # type: ignore[no-untyped-def]
    session = make_lesson(LESSONS[0])
    assert len(session.train_set.labels) == 1 and len(session.test_set.labels) == 0
    bar = _shown(qtbot, TrainingStatusBar())
    bar.show_frame(session.snapshot(20), None, 30.0)
    assert bar.loss.text().endswith(f"test {NO_DATA}")
    assert bar.accuracy.text() == f"Accuracy train 0 % (0 of 1) · test {NO_DATA}"  # 0.57 > ½: class 1, wrong
    session.train(1)  # the lesson's text: right after the first step, long before the loss is small
    bar.show_frame(session.snapshot(20), None, 30.0)
    assert bar.accuracy.text() == f"Accuracy train 100 % (1 of 1) · test {NO_DATA}"
    assert session.metrics().train_loss > 0.5


@pytest.mark.parametrize(("n_train", "n_test"), [(20, 0), (3, 17), (0, 20)])
def test_the_chart_legend_and_status_bar_agree_on_empty_and_small_parts(qtbot, n_train: int, n_test: int) -> None:  # type: ignore[no-untyped-def]
    frame = _split_session(n_train, n_test).snapshot(20)
    bar = _shown(qtbot, TrainingStatusBar())
    bar.show_frame(frame, None, 30.0)
    chart = _shown(qtbot, LossChart(), 500, 300)
    chart.set_frame(frame)
    legend = chart.summary.text()
    for name, n, accuracy in (("train", n_train, frame.train_accuracy), ("test", n_test, frame.test_accuracy)):
        figure = format_accuracy(accuracy, n)
        assert f"{name} {figure}" in bar.accuracy.text()
        assert (f"{name} {NO_DATA}" in bar.loss.text()) == (n == 0)
        assert (figure in legend) if n else (f"</span> {NO_DATA}" in legend)
    if n_test == 0:
        assert not np.isfinite(np.asarray(frame.history.test_accuracy)).any()  # nothing drawn for the test part


def test_loss_and_accuracy_make_room_for_a_message_together_and_come_back_together(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    bar = window.status
    qtbot.waitUntil(lambda: window.frame is not None, timeout=5000)
    presentation = window.features["presentation"]
    bar.show_info("opened a file")
    presentation.refold()  # as when a lesson's panel opens after the file did
    bar.show_frame(window.frame, None, 30.0)  # frames keep coming while the message shows
    assert not bar.loss.isVisible() and not bar.accuracy.isVisible()
    bar.clearMessage()
    assert bar.loss.isVisible() and bar.accuracy.isVisible()
    presentation.set_presentation(True)
    assert not bar.loss.isVisible() and not bar.accuracy.isVisible() and not bar.epoch.isVisible()
    presentation.set_presentation(False)
    assert bar.loss.isVisible() and bar.accuracy.isVisible()


def test_a_regression_session_never_shows_an_accuracy_figure(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="plane", points=40, problem="regression"))
    qtbot.waitUntil(lambda: window.frame is not None, timeout=5000)
    presentation = window.features["presentation"]
    presentation.set_presentation(True)
    presentation.set_presentation(False)  # paused: no frame comes to hide it again
    assert window.status.loss.isVisible() and not window.status.accuracy.isVisible()


def test_the_training_share_says_all_when_a_lesson_holds_nothing_out_to_test(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui.controls.data_panel import NO_TEST_PART

    window = make_window(make_lesson(LESSONS[0]))  # one sample made by hand, no test part
    share = window.parts.data_panel.train_ratio
    qtbot.waitUntil(lambda: window.frame is not None, timeout=5000)
    assert share.value_label.text() == NO_TEST_PART
    assert not share.isEnabled() and share.slider.isHidden()
    window.parts.data_panel.dataset_buttons["circle"].click()  # a generated set is split again
    qtbot.waitUntil(lambda: window.config.dataset == "circle" and len(window.frame.test_labels) > 0, timeout=5000)
    qtbot.waitUntil(lambda: share.isEnabled(), timeout=5000)
    assert share.value_label.text() == f"{round(window.config.train_ratio)} %" and not share.slider.isHidden()


def test_the_confusion_matrix_says_no_data_for_an_empty_part_as_the_status_bar_does(qtbot) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui.tables.confusion_view import PARTS, matrix_title

    frame = make_lesson(LESSONS[0]).snapshot(20)  # one training sample, no test part
    assert frame.confusion is not None
    bar = _shown(qtbot, TrainingStatusBar())
    bar.show_frame(frame, None, 30.0)
    titles = dict(zip(PARTS, (matrix_title(part, m) for part, m in zip(PARTS, frame.confusion, strict=True)),
                      strict=True))
    assert titles["test"] == f"test: {NO_DATA}" and bar.accuracy.text().endswith(f"test {NO_DATA}")
    assert titles["training"] == "training: 0 of 1 right (0.0 %)"  # the same sample the status bar counts


def test_a_truth_table_too_small_to_split_says_it_is_tested_on_its_training_points(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui.controls.data_panel import SAME_POINTS

    window = make_window(Config(dataset="and"))
    qtbot.waitUntil(lambda: window.frame is not None, timeout=5000)
    assert len(window.frame.test_labels) == len(window.frame.train_labels) == 4  # the same four points
    share = window.parts.data_panel.train_ratio
    assert share.value_label.text() == SAME_POINTS and not share.isEnabled() and share.slider.isHidden()
    window.parts.data_panel.dataset_buttons["xor"].click()
    qtbot.waitUntil(lambda: window.config.dataset == "xor", timeout=5000)
    qtbot.waitUntil(lambda: share.isEnabled(), timeout=5000)
    assert share.value_label.text() == f"{round(window.config.train_ratio)} %" and not share.slider.isHidden()
