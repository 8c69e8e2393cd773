"""Pinned runs: kept exactly, labelled by what differs, shown again, compared, saved with the session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnviz.errors import ConfigError, SessionFileError
from nnviz.session import Config, Session, pins
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.files import load_session, pin_session, save_session, session_from_dict, session_to_dict
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.heatmap_sizes import HeatmapSizes
from nnviz.session.pins import MAX_ID, MAX_PINS, difference_label
from nnviz.session.runner import Runner
from nnviz.session.runner_pins import COMPARE_RESOLUTION

CONFIG = Config(dataset="xor", points=60, batch_size=7, learning_rate=0.3)


def _runner() -> tuple[Runner, list[ev.Event]]:
    session = Session(CONFIG)
    session.train(20)
    events: list[ev.Event] = []
    return Runner(session, events.append, clock=lambda: 0.0, resolution=8), events


def _tick(runner: Runner) -> None:
    """The window drew the last frame (as it says after each one), then the runner's next pass."""
    runner.handle(cmd.FrameConsumed())
    runner.tick()


def _last(events: list[ev.Event], kind: type) -> ev.Event:
    return [e for e in events if isinstance(e, kind)][-1]


def test_labels_say_what_differs() -> None:
    a, b = Config(learning_rate=0.3), Config(learning_rate=0.03)
    assert difference_label(a, [b]) == "lr 0.3" and difference_label(b, [a]) == "lr 0.03"
    assert difference_label(Config(hidden=(8, 8), batch_size=5), [Config()]) == "hidden 8,8, batch 5"
    assert difference_label(Config(name="x"), [Config()]) == "same settings"


def test_a_pinned_run_keeps_its_curves_while_the_live_run_changes_and_resets() -> None:
    runner, events = _runner()
    runner.handle(cmd.PinRun())
    runner.handle(cmd.ApplyConfig(CONFIG.replace(learning_rate=0.03), seq=1))
    runner.handle(cmd.Reset())
    runner.handle(cmd.StepEpoch())
    _tick(runner)
    (info,) = _last(events, ev.PinsChanged).pins
    assert info.epoch == 20 and len(info.history) == 20 and info.config.learning_rate == 0.3
    assert difference_label(info.config, [runner.session.config]) == "lr 0.3"
    runner.handle(cmd.EditPin(info.id, name="fast", hidden=True))
    _tick(runner)
    (info,) = _last(events, ev.PinsChanged).pins
    assert info.name == "fast" and info.hidden
    runner.handle(cmd.EditPin(info.id, remove=True))
    _tick(runner)
    assert _last(events, ev.PinsChanged).pins == ()


def test_at_most_eight_runs_are_pinned() -> None:
    session = Session(Config(dataset="xor", points=20))
    for _ in range(MAX_PINS):
        pin_session(session)
    with pytest.raises(ConfigError, match="at most 8"):
        pin_session(session)


def test_showing_a_pinned_run_again_brings_its_whole_state_and_undo_returns() -> None:
    runner, _ = _runner()
    pinned = runner.session.net.params.copy()
    runner.handle(cmd.PinRun())
    runner.session.train(5)
    pin_id = runner.session.pins.pins[0].id
    live = runner.session
    runner.handle(cmd.RestorePin(pin_id))
    assert runner.session.epoch == 20 and runner.session.net.params.tobytes() == pinned.tobytes()
    assert runner.session.pins is live.pins
    runner.handle(cmd.UndoCarryOn())
    assert runner.session is live and live.epoch == 25


def test_compare_sends_the_pinned_runs_boundary_at_the_epoch_shown() -> None:
    runner, events = _runner()
    runner.handle(cmd.PinRun())
    pin_id = runner.session.pins.pins[0].id
    runner.handle(cmd.ApplyConfig(CONFIG.replace(learning_rate=0.03), seq=1))
    runner.handle(cmd.Reset())
    runner.session.train(12)
    runner.handle(cmd.Compare(pin_id))
    _tick(runner)
    compare = _last(events, ev.CompareFrame)
    fresh = Session(CONFIG)
    fresh.train(12)
    assert compare.frame.epoch == 12 and compare.label == "lr 0.3"
    drawn = FrameGrids(COMPARE_RESOLUTION, HeatmapSizes(COMPARE_RESOLUTION))  # the live boundary's own pass
    expected = drawn.with_grids(fresh.snapshot(100, grids=False)).boundary()
    assert compare.frame.boundary().tobytes() == expected.tobytes()
    assert compare.frame.boundary().shape[-1] == COMPARE_RESOLUTION
    runner.handle(cmd.ShowEpoch(4))
    _tick(runner)
    assert _last(events, ev.CompareFrame).frame.epoch == 4  # the two move together along the timeline
    compare = next(i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], ev.CompareFrame))
    after = events[compare + 1:]  # the frame it belongs with comes next: the window shows the two together
    assert after and isinstance(after[0], ev.FramePacket) and after[0].frame.epoch == 4


def test_a_pinned_run_past_its_last_epoch_is_drawn_once_not_with_every_frame() -> None:
    """The live run trains past the pinned run's last epoch: the pinned picture no longer changes, so no frame of
    it is made (a big network's took longer than training); a rename or the view opened again sends it anew."""
    runner, events = _runner()
    runner.handle(cmd.PinRun())
    pin_id = runner.session.pins.pins[0].id
    runner.handle(cmd.Reset())
    runner.session.train(25)  # past the pinned run's 20 epochs
    runner.handle(cmd.Compare(pin_id))
    _tick(runner)
    sent = [e for e in events if isinstance(e, ev.CompareFrame)]
    assert len(sent) == 1 and sent[0].frame.epoch == 20
    for _ in range(3):
        runner.session.train(1)
        runner.mark_changed()  # a new live frame, as training makes one
        _tick(runner)
    assert len([e for e in events if isinstance(e, ev.CompareFrame)]) == 1
    runner.handle(cmd.EditPin(pin_id, name="slow"))
    _tick(runner)
    assert _last(events, ev.CompareFrame).label == "slow"
    runner.handle(cmd.Compare(pin_id))
    _tick(runner)
    assert len([e for e in events if isinstance(e, ev.CompareFrame)]) == 3


def test_pins_are_saved_with_the_session(tmp_path: Path) -> None:
    session = Session(CONFIG)
    session.train(8)
    pin_session(session)
    session.pins.rename(session.pins.pins[0].id, "first try")
    session.reset()
    session.train(3)
    save_session(session, tmp_path / "s.nnviz")
    loaded = load_session(tmp_path / "s.nnviz")
    (pin,) = loaded.pins.pins
    assert pin.name == "first try" and pin.session.epoch == 8
    assert pin.session.net.params.tobytes() == session.pins.pins[0].session.net.params.tobytes()
    doc = json.loads((tmp_path / "s.nnviz").read_text())
    doc["pins"][0]["session"]["pins"] = []
    with pytest.raises(SessionFileError, match="pinned runs of its own"):
        session_from_dict(doc)
    assert "pins" not in session_to_dict(Session(CONFIG))


def test_a_removed_pinned_run_s_replay_copy_is_let_go() -> None:
    """The Compare view replays a pinned run in a copy of its session; pin ids are never reused, so a copy kept
    after its pin is removed (or another session opened) would pile up with every pin compared."""
    runner, _ = _runner()
    for _ in range(3):
        runner.handle(cmd.PinRun())
        pin_id = runner.session.pins.pins[-1].id
        runner.handle(cmd.Compare(pin_id))
        _tick(runner)
        runner.handle(cmd.EditPin(pin_id, remove=True))
        _tick(runner)
    assert not runner.session.pins.pins
    assert not runner.pins._compare_rewinders  # no copy of a run that is no longer pinned


def test_pin_ids_are_kept_through_the_file_and_a_file_without_them_still_opens(tmp_path: Path) -> None:
    """A checkpoint and a session file keep each pin's id (a restarted training process and the window then mean
    the same run by it); files written before ids were saved open with new, distinct ids."""
    session = Session(CONFIG)
    for _ in range(3):
        session.train(2)
        pin_session(session)
    session.pins.remove(session.pins.pins[1].id)
    ids = [p.id for p in session.pins.pins]
    assert [p.id for p in session_from_dict(session_to_dict(session)).pins.pins] == ids
    save_session(session, tmp_path / "s.nnviz")
    assert [p.id for p in load_session(tmp_path / "s.nnviz").pins.pins] == ids
    doc = json.loads((tmp_path / "s.nnviz").read_text())
    for item in doc["pins"]:
        del item["id"]
    older = [p.id for p in session_from_dict(doc).pins.pins]
    assert len(set(older)) == 2 and not set(older) & set(ids)


def test_a_pin_made_after_reading_ids_never_takes_one_of_them() -> None:
    doc = session_to_dict(Session(CONFIG))
    pinned = {**session_to_dict(Session(CONFIG), pins=False)}
    doc["pins"] = [{"id": 10**9 + 7, "session": pinned}]
    session = session_from_dict(doc)
    assert session.pins.pins[0].id == 10**9 + 7
    assert pin_session(session).id > 10**9 + 7


def test_a_file_whose_pin_takes_the_last_id_opens_and_a_new_pin_is_refused_in_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hand-made id at the top of the range: the file opens, pinning says why it cannot, what is saved opens."""
    monkeypatch.setattr(pins._ids, "_next", pins._ids._next)  # this process's ids are as before after the test
    doc = session_to_dict(Session(CONFIG))
    doc["pins"] = [{"id": MAX_ID - 1, "session": session_to_dict(Session(CONFIG), pins=False)}]
    session = session_from_dict(doc)
    with pytest.raises(ConfigError, match="no pin id is left") as caught:
        pin_session(session)
    assert "\n" not in str(caught.value)
    save_session(session, tmp_path / "top.nnviz")
    assert [p.id for p in load_session(tmp_path / "top.nnviz").pins.pins] == [MAX_ID - 1]


@pytest.mark.parametrize(("pin_id", "message"), [
    ("3", "must be a whole number"), (True, "must be a whole number"), (0, "must be a whole number"),
    (2**53, "must be a whole number"), (5, "has the id of pins\\[0\\]")])
def test_a_malformed_pin_id_is_refused_in_one_line(pin_id: object, message: str) -> None:
    doc = session_to_dict(Session(CONFIG))
    pinned = session_to_dict(Session(CONFIG), pins=False)
    doc["pins"] = [{"id": 5, "session": pinned}, {"id": pin_id, "session": pinned}]
    with pytest.raises(SessionFileError, match=message) as caught:
        session_from_dict(doc)
    assert "\n" not in str(caught.value)


def test_a_restarted_runner_shows_the_compared_pin_only_when_its_checkpoint_holds_it() -> None:
    """After a crash the training process tells the new runner which pin the Compare view showed; a pin the
    checkpoint does not hold (pinned after it, or removed) shows none, without a message."""
    runner, events = _runner()
    runner.handle(cmd.PinRun())
    kept = runner.session.pins.pins[0].id
    runner.pins.resume_compare(kept + 1000)
    _tick(runner)
    assert not [e for e in events if isinstance(e, (ev.CompareFrame, ev.Failed))]
    runner.pins.resume_compare(kept)
    _tick(runner)
    assert _last(events, ev.CompareFrame).pin_id == kept
    assert not [e for e in events if isinstance(e, ev.Failed)]


def test_the_window_hears_when_the_compare_view_shows_no_pinned_run_any_more() -> None:
    """Its frames carry the last pinned picture until the runner says there is none: the view closed, its run
    removed, or another session (File ▸ New) without it; said once, and a picture sent again after it."""
    runner, events = _runner()
    runner.handle(cmd.PinRun())
    pin_id = runner.session.pins.pins[0].id

    def compared() -> list[type]:
        return [type(e) for e in events if isinstance(e, (ev.CompareFrame, ev.CompareCleared))]

    runner.handle(cmd.Compare(pin_id))
    _tick(runner)
    runner.handle(cmd.Compare(None))  # the view closed
    assert events[-1] == ev.CompareCleared()
    runner.handle(cmd.Compare(None))
    _tick(runner)
    assert compared() == [ev.CompareFrame, ev.CompareCleared]  # said once
    runner.handle(cmd.Compare(pin_id))  # opened again
    _tick(runner)
    runner.handle(cmd.EditPin(pin_id, remove=True))
    assert compared()[-2:] == [ev.CompareFrame, ev.CompareCleared]
    runner.handle(cmd.PinRun())
    runner.handle(cmd.Compare(runner.session.pins.pins[0].id))
    _tick(runner)
    runner.handle(cmd.NewSession(seq=2))
    _tick(runner)
    cleared = max(i for i, e in enumerate(events) if isinstance(e, ev.CompareCleared))
    new_frames = [i for i, e in enumerate(events) if isinstance(e, ev.FramePacket) and e.frame.epoch == 0]
    assert compared()[-2:] == [ev.CompareFrame, ev.CompareCleared] and new_frames and cleared < new_frames[0]
