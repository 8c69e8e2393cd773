"""A run pinned from another kind of problem is not drawn on the live run's loss axis; the pin list says so."""

from __future__ import annotations

from nnviz.session import Config, Session

WAIT_MS = 15_000


def _pinned_lines(plot, window) -> int:  # type: ignore[no-untyped-def]
    """The lines in a plot other than the live run's own curves."""
    chart = window.loss_chart
    own = (chart.train_curve, chart.test_curve, chart.train_accuracy_curve, chart.test_accuracy_curve)
    return sum(1 for item in plot.listDataItems() if not any(item is o for o in own))


def test_a_classification_pin_stays_off_a_regression_loss_chart(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = Session(Config(dataset="spiral3", points=60))
    session.train(20)
    window = make_window(session)
    pins = window.features["timeline"].pins
    pins.pin_action.trigger()
    qtbot.waitUntil(lambda: len(pins.pins) == 1, timeout=WAIT_MS)
    (drawn,) = window.loss_chart.pinned.shown
    assert drawn.loss and drawn.accuracy  # beside its own kind of run it is compared in full
    assert _pinned_lines(window.loss_chart.plot_item, window) == 1
    assert window.request_config({"dataset": "plane", "problem": "regression"})
    qtbot.waitUntil(lambda: window.frame.problem == "regression" and window.frame.loss_name == "mse",
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.loss_chart.pinned.shown[0].loss, timeout=WAIT_MS)
    (curve,) = window.loss_chart.pinned.shown
    assert not curve.accuracy and window.loss_chart.pinned.losses().size == 0  # it sets no range either
    assert _pinned_lines(window.loss_chart.plot_item, window) == 0
    entry = pins.menu.actions()[0]
    assert entry.text().endswith("— different loss: not drawn") and entry.font().italic()
    assert entry.isEnabled()  # Show Again and Remove still work


def test_an_opened_runs_pins_show_before_the_trainer_answers(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    """The pins menu and the pinned curves stayed empty for the seconds the training process takes to start (a
    window without a trainer: the state that lasts until its first word)."""
    from nnviz.session import Config, Session
    from nnviz.session.files import pin_session
    from nnviz.ui.window.main_window import MainWindow

    session = Session(Config(points=40))
    session.train(2)
    pinned = pin_session(session)
    window = MainWindow(session, backend="none", resolution=40)
    qtbot.addWidget(window)
    pins = window.features["timeline"].pins  # type: ignore[attr-defined]
    assert [p.id for p in pins.pins] == [pinned.id] and pins.menu.isEnabled()
    window.close()
