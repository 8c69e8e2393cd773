"""Teaching in the window: the panel's golden image, Run for N, inspecting a point, every lesson on screen."""

from __future__ import annotations

import numpy as np
import pytest
from hand_nets import X, softmax_ce
from panel_golden import GOLDEN, differs, load, render_panel
from PySide6.QtCore import Qt

from nnviz.engine.reproducible import MAX_RELATIVE_ERROR
from nnviz.session import Config
from nnviz.session.lesson_book import LESSONS
from nnviz.ui.lessons.menu import Lessons
from tests.numbers_shown import shown
from tests.ui.probes import part

WAIT_MS = 10_000


def test_the_explanation_panel_matches_its_golden_image(styled_app) -> None:  # type: ignore[no-untyped-def]
    actual = render_panel()
    problem = differs(actual, load(GOLDEN))
    assert not problem, f"{problem} (after a deliberate change run tests/ui/teach/panel_golden.py)"
    shifted = np.roll(actual, 3, axis=1)  # the comparison notices a panel moved by 3 px
    assert differs(shifted, load(GOLDEN))


@pytest.mark.parametrize(("unit", "n"), [("epochs", 3), ("steps", 250)])
def test_run_for_n_stops_at_exactly_n(make_window, qtbot, unit: str, n: int) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="circle", points=100, batch_size=1))
    run = window.features["teaching"].run_for
    window.step_batch()  # start mid-epoch
    qtbot.waitUntil(lambda: window.frame.steps == 1, timeout=WAIT_MS)
    start_epoch, start_steps = window.frame.epoch, window.frame.steps
    run.box.count.setValue(n)
    run.box.unit.setCurrentIndex(run.box.unit.findData(unit))
    qtbot.mouseClick(run.box.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not run.active, timeout=WAIT_MS)
    assert run.last is not None and run.last.done == n and run.box.progress.text() == f"{n} / {n}"
    qtbot.waitUntil(lambda: (window.frame.epoch if unit == "epochs" else window.frame.steps)
                    == (start_epoch if unit == "epochs" else start_steps) + n, timeout=WAIT_MS)
    assert not window.running


def test_shift_click_reads_the_outputs_at_a_point(session_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    session, hand = softmax_ce()
    window = session_window(session)
    inspector = window.features["teaching"].inspector
    view = window.boundary_view
    with qtbot.assertNotEmitted(view.pointAdded):  # Shift+click is the teaching mode's: no point is added
        assert view.click_at(X[0], X[1], Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier)
    readout = inspector.readout
    assert readout is not None and inspector.box.isVisible()
    np.testing.assert_allclose(readout.outputs, hand["a2"], rtol=4 * MAX_RELATIVE_ERROR)  # reproducible exp
    assert readout.decoded == int(np.argmax(hand["a2"]))
    text = inspector.text()
    assert "softmax probabilities = [" + ", ".join(shown(v) for v in hand["a2"]) + "]" in text
    assert "output z = [" + ", ".join(shown(v) for v in hand["z2"]) + "]" in text
    assert f"decoded class = argmax = {int(np.argmax(hand['a2']))}" in text
    with qtbot.waitSignal(view.pointAdded, timeout=WAIT_MS):  # a plain click still adds a point outside explain
        view.click_at(0.0, 0.0, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert not inspector.box.isVisible()  # and hides the readout


@pytest.mark.parametrize("number", range(1, len(LESSONS) + 1))
def test_each_lesson_opens_with_its_text(make_window, qtbot, number: int) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    lessons = part(window, Lessons)
    lessons.actions[number - 1].trigger()
    lesson = LESSONS[number - 1]
    qtbot.waitUntil(lambda: lessons.dock.lesson is not None and lessons.dock.lesson["title"] == lesson.title,
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.config.name.startswith(f"Lesson {number}:"), timeout=WAIT_MS)
    assert lessons.dock.isVisible() and window.size().width() == 1280 and window.size().height() == 800
    assert lesson.title in lessons.dock.browser.toPlainText() and "Try this" in lessons.dock.browser.toPlainText()
    image = window.grab().toImage()
    pixels = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    assert pixels.std() > 20, "the window is blank"
    text = lessons.dock.browser.grab().toImage()
    text_pixels = np.frombuffer(text.constBits(), np.uint8, count=text.sizeInBytes())
    assert (text_pixels < 128).mean() > 0.01, "the lesson text is not drawn"


def test_a_teacher_gives_a_session_a_lesson_text(make_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    lessons = part(window, Lessons)
    lessons.set_text("My lesson", "Watch the **corners**.")
    qtbot.waitUntil(lambda: lessons.dock.isVisible() and lessons.dock.lesson is not None, timeout=WAIT_MS)
    assert "Watch the corners." in lessons.dock.browser.toPlainText()  # Markdown, rendered
    assert window.windowTitle().startswith("My lesson")  # the lesson's own title
    path = tmp_path / "mine.json"
    window.save_session(str(path))
    qtbot.waitUntil(path.exists, timeout=WAIT_MS)
    from nnviz.session.files import load_session

    assert load_session(path).lesson == {"title": "My lesson", "text": "Watch the **corners**.", "format": "markdown"}


def open_hidden_space(make_window, qtbot):  # type: ignore[no-untyped-def]
    """A window on the circle with two hidden layers, its hidden-space dock open and drawn: (window, teaching)."""
    window = make_window(Config(dataset="circle", points=100, hidden=(3, 2)))
    teaching = window.features["teaching"]
    teaching.hidden_action.trigger()
    qtbot.waitUntil(lambda: teaching.hidden.shown is not None, timeout=WAIT_MS)
    return window, teaching


def test_the_hidden_space_view_follows_training(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, teaching = open_hidden_space(make_window, qtbot)
    first = teaching.hidden.shown
    assert first.layer == 1 and first.pair == (0, 1) and teaching.hidden.view.layer.count() == 2
    teaching.hidden.cycle_pair()
    before = teaching.hidden.shown
    assert before.pair == (0, 2)
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch == 1 and teaching.hidden.shown is not before, timeout=WAIT_MS)
    after = teaching.hidden.shown
    assert after.pair == (0, 2) and not np.array_equal(after.points, before.points)  # redrawn from the new weights


def test_hidden_space_axes_read_in_real_units_and_show_the_decision_line(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from nnviz.session import Session

    session = Session(Config(dataset="xor", points=80, hidden=(2,), activation="sigmoid", learning_rate=0.3,
                             output_activation="sigmoid", seed=1))
    session.train(30)  # the output has split the points: its line crosses the picture
    window = make_window(session)
    teaching = window.features["teaching"]
    teaching.hidden_action.trigger()
    qtbot.waitUntil(lambda: teaching.hidden.shown is not None, timeout=WAIT_MS)
    view = teaching.hidden.view
    plot = view.plot.getPlotItem()
    points = teaching.hidden.shown.points
    assert points.min() >= 0.0 and points.max() <= 1.0  # sigmoid activations below 1: pyqtgraph would say milli
    for name in ("bottom", "left"):
        axis = plot.getAxis(name)
        assert axis.autoSIPrefixScale == 1.0 and "×" not in axis.labelString()
    assert view.decision.isVisible() and len(view.decision.xData) == 2
    assert "where the output decides" in view.caption.text()
