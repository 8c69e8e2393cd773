"""Compare Runs closed, or File ▸ New: later frames carry no pinned picture; opened again, the view shows the
pinned picture the runner sends with the next frame (none until it comes), never the old one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from nnviz.session import commands as cmd
from nnviz.session.events import FramePacket
from tests.ui.test_timeline_window import WAIT_MS, _comparing_one_pin


def _packets_as_sent(window) -> list[FramePacket]:  # type: ignore[no-untyped-def]
    """Every packet the worker sends from now on, in the worker's thread as it sends it."""
    packets: list[FramePacket] = []
    window.training.worker.frameReady.connect(packets.append, Qt.ConnectionType.DirectConnection)
    return packets


def test_after_the_compare_view_closes_no_frame_carries_the_pinned_picture(make_window, qtbot) -> None:
    window, pins = _comparing_one_pin(make_window, qtbot)
    runner = window.training.worker.backend
    packets = _packets_as_sent(window)
    pins.compare.close()
    qtbot.waitUntil(lambda: runner.pins._compare is None, timeout=WAIT_MS)  # the runner heard the view closed
    after = len(packets)  # every packet from here on was sent after it said so
    window.send(cmd.ShowAgain())  # a frame
    qtbot.waitUntil(lambda: len(packets) > after, timeout=WAIT_MS)
    assert all(p.compare is None for p in packets[after:])  # it carried the last pinned picture


def test_after_file_new_no_frame_carries_the_pinned_picture(make_window, qtbot) -> None:
    window, pins = _comparing_one_pin(make_window, qtbot)  # paused at epoch 25
    packets = _packets_as_sent(window)
    window.actions_.new.trigger()
    qtbot.waitUntil(lambda: window.frame.epoch == 0 and not pins.pins, timeout=WAIT_MS)
    window.send(cmd.ShowAgain())
    qtbot.waitUntil(lambda: sum(p.frame.epoch == 0 for p in packets) >= 2, timeout=WAIT_MS)
    new = [p for p in packets if p.frame.epoch == 0]  # the new session's frames
    assert all(p.compare is None for p in new)
    pins.compare.close()


def test_opened_again_after_the_run_moved_the_view_shows_no_old_picture(make_window, qtbot) -> None:
    window, pins = _comparing_one_pin(make_window, qtbot)  # both sides at epoch 25
    pins.compare.close()
    window.features["timeline"].show_epoch(5)
    qtbot.waitUntil(lambda: window.frame.epoch == 5, timeout=WAIT_MS)
    pins.open_compare()
    assert pins.compare.live_title.text().endswith("epoch 5")
    assert not pins.compare.pin_view.isVisible()  # it showed epoch 25's picture beside epoch 5 until a frame came
    assert pins.compare.pin_title.text() == "pinned: same settings"
    qtbot.waitUntil(lambda: pins.compare.pin_title.text().endswith("epoch 5") and pins.compare.pin_view.isVisible(),
                    timeout=WAIT_MS)
    pins.compare.close()


def test_opened_again_with_nothing_moved_the_view_shows_its_picture_with_the_next_frame(make_window, qtbot) -> None:
    _window, pins = _comparing_one_pin(make_window, qtbot)
    pins.compare.close()
    pins.open_compare()
    qtbot.waitUntil(lambda: pins.compare.pin_view.isVisible() and pins.compare.pin_title.text().endswith("epoch 25"),
                    timeout=WAIT_MS)
    assert pins.compare.pin_title.textFormat() == Qt.TextFormat.PlainText  # a pin's name is the user's text
    pins.compare.close()


def test_a_new_training_process_starts_with_no_pinned_picture_of_the_one_before(qtbot) -> None:  # type: ignore[no-untyped-def]
    """After a crash the new training process sends its own pinned picture (or none: its checkpoint may not hold the
    run, or the view closed before it sent one, so it never says CompareCleared): frames do not carry the dead one's."""
    from nnviz.session import Config, Session
    from nnviz.session import events as ev
    from nnviz.ui.worker import TrainingWorker

    session = Session(Config(points=40))
    worker = TrainingWorker(session, 8, 0.05, "process", spawn_now=False)  # no backend: its events are given here
    packets: list[FramePacket] = []
    worker.frameReady.connect(packets.append, Qt.ConnectionType.DirectConnection)
    frame = session.snapshot(8)
    pinned = ev.CompareFrame(1, "same settings", frame)
    worker._publish(pinned)  # as TrainingProcess forwards them: the first child's picture and frame
    worker._publish(ev.FramePacket(frame, False, 0.0, None))
    worker._publish(ev.RunningChanged(False))  # it died: _recover says so, then starts a new child
    worker._publish(ev.TrainerStarting())
    worker._publish(ev.FramePacket(frame, False, 0.0, None))  # the new child's first frame, with no picture before
    assert packets[0].compare is pinned
    assert packets[1].compare is None  # it carried the dead child's picture to every later frame
    worker.deleteLater()
