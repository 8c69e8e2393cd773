"""The timeline in the window: pick a past epoch, step through it, carry on after asking, undo."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.ui.timeline.replay_export import ReplayExport
from tests.ui.probes import part

WAIT_MS = 15_000


def _trained(epochs: int) -> Session:
    session = Session(Config(dataset="xor", points=60, batch_size=7, learning_rate=0.3))
    session.train(epochs)
    return session


def test_picking_an_epoch_shows_it_everywhere_and_shift_arrows_move_by_one(make_window, qtbot) -> None:
    window = make_window(_trained(30))
    window.loss_chart.epochPicked.emit(12)
    qtbot.waitUntil(lambda: window.frame.epoch == 12 and window.frame.live_epoch == 30, timeout=WAIT_MS)
    feature = window.features["timeline"]
    counter = window.toolbar
    assert (counter.epoch_caption.text(), counter.epoch_label.text()) == ("Viewing epoch", "12 of 30")
    assert window.loss_chart.cursors[0].isVisible() and window.loss_chart.cursors[0].value() == 12
    assert feature.bar.slider.value() == 12
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.frame.epoch == 11, timeout=WAIT_MS)
    feature.bar.slider.setValue(20)
    qtbot.waitUntil(lambda: window.frame.epoch == 20, timeout=WAIT_MS)
    feature.bar.live.click()
    qtbot.waitUntil(lambda: window.frame.live_epoch is None and window.frame.epoch == 30, timeout=WAIT_MS)
    assert not window.loss_chart.cursors[0].isVisible()
    assert (counter.epoch_caption.text(), counter.epoch_label.text()) == ("Epoch", "000,030")


def test_step_from_a_past_epoch_asks_then_carries_on_and_undo_brings_the_rest_back(make_window, qtbot) -> None:
    window = make_window(_trained(30))
    feature = window.features["timeline"]
    asked: list[tuple[int, int]] = []
    feature.confirm = lambda epoch, live: asked.append((epoch, live)) or False
    feature.show_epoch(10)
    qtbot.waitUntil(lambda: window.frame.live_epoch == 30, timeout=WAIT_MS)
    window.actions_.step.trigger()  # the user says no: nothing happens
    assert asked == [(10, 30)]
    qtbot.wait(100)
    assert window.frame.epoch == 10 and window.frame.live_epoch == 30
    feature.confirm = lambda epoch, live: True
    window.actions_.step.trigger()
    qtbot.waitUntil(lambda: window.frame.live_epoch is None and window.frame.epoch == 11, timeout=WAIT_MS)
    qtbot.waitUntil(feature.undo.isEnabled, timeout=WAIT_MS)
    feature.undo.trigger()
    qtbot.waitUntil(lambda: window.frame.epoch == 30 and window.frame.live_epoch is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not feature.undo.isEnabled(), timeout=WAIT_MS)


def test_replay_moves_forward_and_ends_live(make_window, qtbot) -> None:
    window = make_window(_trained(20))
    feature = window.features["timeline"]
    seen: list[int] = []
    window.surface.frameDrawn.connect(
        lambda packet: seen.append(packet.frame.epoch if packet.frame.live_epoch is not None else -1))
    qtbot.waitUntil(lambda: feature.live_epoch == 20, timeout=WAIT_MS)  # the run is on screen: a replay knows its end
    feature.bar.pace.setCurrentIndex(1)  # 30 epochs/s: 1.2 epochs a tick
    feature.set_replay(True)
    feature.replay_timer.stop()  # the test turns the ticks, each one's epoch drawn before the next: any machine speed
    for _ in range(40):
        feature._replay_tick()
        if not feature.bar.replay.isChecked():
            break  # the replay reached the live run
        wanted = feature.position()
        qtbot.waitUntil(lambda at=wanted: window.frame.live_epoch is not None and window.frame.epoch == at,
                        timeout=WAIT_MS)
    assert not feature.bar.replay.isChecked() and not feature.replay_timer.isActive()
    past = [e for e in seen if e >= 0]
    assert len(past) >= 3 and past == sorted(past) and past[-1] < 20
    qtbot.waitUntil(lambda: window.frame.live_epoch is None and window.frame.epoch == 20, timeout=WAIT_MS)


def test_a_pinned_run_stays_in_the_chart_labelled_and_compare_shows_both(make_window, qtbot) -> None:
    window = make_window(_trained(25))
    pins = window.features["timeline"].pins
    pins.pin_action.trigger()
    qtbot.waitUntil(lambda: len(pins.pins) == 1, timeout=WAIT_MS)
    assert window.request_config({"learning_rate": 0.03})
    qtbot.waitUntil(lambda: window.config.learning_rate == 0.03, timeout=WAIT_MS)
    window.actions_.reset.trigger()
    window.actions_.step.trigger()
    qtbot.waitUntil(lambda: window.frame.epoch == 1, timeout=WAIT_MS)
    (curve,) = window.loss_chart.pinned.shown
    assert curve.label == "lr 0.3" and len(curve.history) == 25
    assert pins.menu.actions()[0].text() == "lr 0.3 (to epoch 25)"
    pins.open_compare()
    qtbot.waitUntil(lambda: pins.compare.pin_title.text().startswith("pinned: lr 0.3 — epoch 1"), timeout=WAIT_MS)
    window.features["timeline"].show_epoch(0)
    qtbot.waitUntil(lambda: pins.compare.pin_title.text() == "pinned: lr 0.3 — epoch 0", timeout=WAIT_MS)
    assert pins.compare.live_title.text() == "this run (lr 0.03) — epoch 0"
    hide = pins.menu.actions()[0].menu().actions()[2]
    hide.trigger()
    qtbot.waitUntil(lambda: window.loss_chart.pinned.shown == (), timeout=WAIT_MS)
    pins.compare.close()


def _comparing_one_pin(make_window, qtbot):  # type: ignore[no-untyped-def]
    """A window trained 25 epochs, its run pinned, and Compare Runs open on that pin; the window and its pins."""
    window = make_window(_trained(25))
    pins = window.features["timeline"].pins
    pins.pin_action.trigger()
    qtbot.waitUntil(lambda: len(pins.pins) == 1, timeout=WAIT_MS)
    pins.open_compare()
    qtbot.waitUntil(lambda: pins.compare.pin_title.text().endswith("epoch 25"), timeout=WAIT_MS)
    return window, pins


def test_the_compare_view_shows_a_pinned_picture_with_the_live_frame_it_belongs_to(make_window, qtbot) -> None:
    """The window draws a live frame in a turn of its own (after the input queued before it), and only the newest
    of frames that came together; the pinned run's picture, which the runner sends just before its frame, travels
    with that frame instead of showing an epoch ahead, and stays with the frames after it."""
    window, pins = _comparing_one_pin(make_window, qtbot)
    worker, pin_id = window.training.worker, pins.pins[0].id  # paused and shown: the runner sends nothing more

    def publish(epoch: int, pinned: int | None) -> None:  # in the order the runner sends them
        frame = replace(window.frame, epoch=epoch)
        if pinned is not None:
            worker._publish(ev.CompareFrame(pin_id, "same settings", replace(frame, epoch=pinned)))
        worker._publish(ev.FramePacket(frame, False, 0.0, None))

    def shown(epoch: int, pinned: int) -> bool:
        return (window.frame.epoch == epoch and pins.compare.live_title.text().endswith(f"epoch {epoch}")
                and pins.compare.pin_title.text().endswith(f"epoch {pinned}"))

    publish(26, 26)
    QCoreApplication.sendPostedEvents()  # the frame arrived; it waits for its own turn to be drawn
    assert shown(25, 25)  # the pinned side is not a frame ahead
    qtbot.waitUntil(lambda: shown(26, 26), timeout=WAIT_MS)
    for epoch in (27, 28):  # two frames come before the window draws: it draws the newer, with its pinned picture
        publish(epoch, epoch)
    qtbot.waitUntil(lambda: window.frame.epoch == 28, timeout=WAIT_MS)
    assert shown(28, 28)
    publish(29, 20)
    publish(30, None)  # the pinned picture did not change: the runner sent none; the one before stays
    qtbot.waitUntil(lambda: window.frame.epoch == 30, timeout=WAIT_MS)
    assert shown(30, 20)
    pins.compare.close()


def test_a_closed_compare_view_costs_the_trainer_nothing_until_it_opens_again(make_window, qtbot) -> None:
    """Closed, the view asks for no pinned run: the training process stops replaying it for every frame (a big
    network's replay took longer than its training); opened again, it shows the run it shows in its chooser."""
    window = make_window(_trained(25))
    pins = window.features["timeline"].pins
    pins.pin_action.trigger()
    qtbot.waitUntil(lambda: len(pins.pins) == 1, timeout=WAIT_MS)
    pins.open_compare()
    runner = window.training.worker.backend
    qtbot.waitUntil(lambda: runner.pins._compare == pins.pins[0].id, timeout=WAIT_MS)
    sent: list[object] = []
    window.surface.commandSent.connect(sent.append)
    pins.compare.close()
    qtbot.waitUntil(lambda: runner.pins._compare is None, timeout=WAIT_MS)
    pins.pin_action.trigger()  # the chooser follows the pins while closed, and asks for nothing
    qtbot.waitUntil(lambda: len(pins.pins) == 2, timeout=WAIT_MS)
    assert [c for c in sent if isinstance(c, cmd.Compare)] == [cmd.Compare(None)]
    pins.open_compare()
    qtbot.waitUntil(lambda: runner.pins._compare == pins.compare.chosen() is not None, timeout=WAIT_MS)
    pins.compare.close()


def test_export_replay_writes_a_gif_or_numbered_frames_without_recording(make_window, qtbot, tmp_path) -> None:
    from PIL import Image

    window = make_window(_trained(30))
    export = part(window, ReplayExport)
    names = [a.text() for a in window.surface.menu("File").actions()]
    assert "Export &Replay…" in names
    export.export(str(tmp_path / "run.gif"), 10)
    qtbot.waitUntil(lambda: (tmp_path / "run.gif").exists(), timeout=WAIT_MS)
    with Image.open(tmp_path / "run.gif") as gif:
        assert gif.n_frames == 4  # epochs 0, 10, 20 and 30
    export.export(str(tmp_path / "frames.png"), 7)
    qtbot.waitUntil(lambda: len(list(tmp_path.glob("frames-*.png"))) == 6, timeout=WAIT_MS)  # 0, 7, ..., 28, 30
    first, last = Image.open(tmp_path / "frames-0001.png"), Image.open(tmp_path / "frames-0006.png")
    assert first.size == last.size and first.tobytes() != last.tobytes()


def test_the_timeline_works_with_training_in_a_child_process(make_window, qtbot) -> None:
    window = make_window(_trained(20), backend="process")
    feature = window.features["timeline"]
    feature.show_epoch(6)
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.live_epoch == 20, timeout=WAIT_MS)
    assert window.frame.epoch == 6 and window.frame.output_grid.size  # heatmaps filled in by the parent
    assert window.frame.weights[0].tobytes() == _trained(6).snapshot(8).weights[0].tobytes()
    feature.pins.pin_action.trigger()
    qtbot.waitUntil(lambda: len(feature.pins.pins) == 1, timeout=WAIT_MS)
    assert feature.pins.pins[0].epoch == 20  # the live run is pinned, whatever epoch is shown


def test_the_compare_view_shows_no_picture_of_a_pinned_run_that_was_removed(make_window, qtbot) -> None:
    """The last pinned run removed while the view shows it: its title asks for a pin, and its picture goes too
    (it stayed, under "pin a run first"); the next pinned run's picture shows in the same place."""
    _window, pins = _comparing_one_pin(make_window, qtbot)
    assert pins.compare.pin_view.isVisible()
    place = pins.compare.pin_view.geometry()
    pins.menu.actions()[0].menu().actions()[3].trigger()  # Remove
    qtbot.waitUntil(lambda: not pins.pins, timeout=WAIT_MS)
    assert pins.compare.pin_title.text().startswith("pin a run first")
    assert not pins.compare.pin_view.isVisible()
    assert pins.compare.live_view.isVisible()
    pins.pin_action.trigger()
    qtbot.waitUntil(lambda: pins.compare.pin_view.isVisible(), timeout=WAIT_MS)
    assert pins.compare.pin_title.text().endswith("epoch 25") and pins.compare.pin_view.geometry() == place
    pins.compare.close()
