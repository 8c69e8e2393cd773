"""A file whose contents are not what its name says is refused before the question about unsaved changes (it asked
"Save the changes?" first, then failed); a good file still asks before it replaces unsaved work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnviz.session import Config, Session
from nnviz.session.files import save_session
from nnviz.ui.files import dialogs

WAIT_MS = 15_000


def _changed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.epoch == 1, timeout=WAIT_MS)
    assert window.files.has_changes()


@pytest.mark.parametrize(("name", "contents"), [
    ("lesson.nnviz", b"\x00\x01garbage\xff\xfe"),
    ("lesson.nnviz", b"this is not JSON"),
    ("package.json", json.dumps({"name": "not a session"}).encode()),
    ("points.csv", bytes(range(256)) * 8),
])
def test_a_file_with_bad_contents_is_refused_before_any_question(make_window, qtbot, monkeypatch, tmp_path,
                                                                 name: str, contents: bytes) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40), size=(1024, 768))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name, before: asked.append(before) or dialogs.DISCARD)
    path = tmp_path / name
    path.write_bytes(contents)
    _changed(qtbot, window)
    window.files.open(str(path))
    assert asked == []  # no Save / Discard / Cancel: there is nothing to open
    assert window.file_error.text().startswith(str(path))
    assert window.files.has_changes() and window.frame.epoch == 1 and window.config.dataset == "xor"
    window.file_error.box.close()


def test_a_good_file_still_asks_before_it_replaces_unsaved_work(make_window, qtbot, monkeypatch,
                                                                tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40), size=(1024, 768))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name, before: asked.append(before) or dialogs.CANCEL)
    path = tmp_path / "good.nnviz"
    save_session(Session(Config(dataset="circle", points=40)), path)
    _changed(qtbot, window)
    window.files.open(str(path))
    assert asked == ["opening another file"]
    assert window.config.dataset == "xor" and window.files.has_changes()  # cancelled: nothing changed
