"""What waits for a widget's first paint runs once, in the order it was given, in one turn of the event loop."""

from __future__ import annotations

WAIT_MS = 30_000


def test_callbacks_run_after_the_first_paint_in_order_in_one_turn(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    from nnviz.ui.first_paint import after_first_paint

    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    # a turn queued by the first callback comes after every callback of the same paint
    after_first_paint(widget, lambda: (calls.append("plots"), QTimer.singleShot(0, lambda: calls.append("next turn"))))
    after_first_paint(widget, lambda: calls.append("training"))
    after_first_paint(widget, lambda: calls.append("icon"))
    assert calls == []  # nothing before the paint
    widget.show()
    qtbot.waitUntil(lambda: "next turn" in calls, timeout=WAIT_MS)
    assert calls == ["plots", "training", "icon", "next turn"]
    widget.repaint()  # later paints call nothing again
    qtbot.wait(20)
    assert calls == ["plots", "training", "icon", "next turn"]


def test_a_callback_given_after_the_first_paint_waits_for_the_next_one(qtbot):
    from PySide6.QtWidgets import QWidget

    from nnviz.ui.first_paint import after_first_paint

    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    after_first_paint(widget, lambda: calls.append("first"))
    widget.show()
    qtbot.waitUntil(lambda: calls == ["first"], timeout=WAIT_MS)
    after_first_paint(widget, lambda: calls.append("later"))
    widget.repaint()
    qtbot.waitUntil(lambda: calls == ["first", "later"], timeout=WAIT_MS)


def test_a_callback_given_first_runs_before_those_given_earlier(qtbot):
    # the app's launch timing (NNVIZ_EXIT_AFTER_PAINT) notes the first paint before the window's own work starts
    from PySide6.QtWidgets import QWidget

    from nnviz.ui.first_paint import after_first_paint

    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    after_first_paint(widget, lambda: calls.append("plots"))
    after_first_paint(widget, lambda: calls.append("first paint noted"), first=True)
    widget.show()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=WAIT_MS)
    assert calls == ["first paint noted", "plots"]
