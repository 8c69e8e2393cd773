"""A trained session file says which kind of machine it was trained on; opening one from another kind says so once."""

from __future__ import annotations

import json

from nnviz.engine.reproducible import machine_kind
from nnviz.session import Config, Session
from nnviz.session import events as ev
from nnviz.session.files import load_session, save_session, session_to_dict
from nnviz.session.runner_files import FileCommands


def _trained(tmp_path, numerics="reproducible", machine=None):
    session = Session(Config(points=40, numerics=numerics))
    session.train(2)
    doc = session_to_dict(session)
    if machine is not None:
        doc["trained_on"]["machine"] = machine
    path = tmp_path / "s.nnviz"
    path.write_text(json.dumps(doc))
    return path, doc


def test_a_trained_file_records_its_numerics_and_machine_and_an_untrained_one_nothing(tmp_path):
    _, doc = _trained(tmp_path)
    assert doc["trained_on"] == {"numerics": "reproducible", "machine": machine_kind("reproducible")}
    assert "trained_on" not in session_to_dict(Session(Config(points=40)))  # lessons stay as they were
    fast, _ = _trained(tmp_path, "fast")
    assert json.loads(fast.read_text())["trained_on"]["numerics"] == "fast"


def test_the_same_kind_opens_quietly_and_another_kind_or_fast_numerics_is_named(tmp_path):
    assert load_session(_trained(tmp_path)[0]).machine_note == ""
    note = load_session(_trained(tmp_path, machine="arm64, numpy 2.4")[0]).machine_note
    assert "another kind of machine (arm64, numpy 2.4)" in note
    assert "fast numerics" in load_session(_trained(tmp_path, "fast")[0]).machine_note


def test_opening_in_the_app_says_it_once_in_the_status_line(tmp_path):
    path, _ = _trained(tmp_path, machine="arm64, numpy 2.4")
    events: list[ev.Event] = []
    current = [Session(Config(points=40))]
    files = FileCommands(lambda: current[0], lambda s: current.__setitem__(0, s), events.append, lambda seq: None)
    from nnviz.session import commands as cmd

    files.open(cmd.OpenFile(str(path), 1))
    notices = [e.message for e in events if isinstance(e, ev.Notice)]
    assert len(notices) == 1 and "another kind of machine" in notices[0]
    save_session(current[0], tmp_path / "again.nnviz")  # saved here: now it is this machine's kind
    assert load_session(tmp_path / "again.nnviz").machine_note == ""
