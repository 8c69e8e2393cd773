"""Messages that quote a session file's values reach Qt as one plain line of bounded length."""

from __future__ import annotations

import json
from pathlib import Path

from nnviz.session.lesson_book import LESSONS
from nnviz.session.lessons import lessons_dir
from nnviz.ui.plain_text import DIALOG_CHARS, MESSAGE_CHARS, NAME_CHARS, plain_line

HOSTILE = "<img src=/dev/zero><b>bold</b>\n\u2028second line\x07 " + "x" * 6000


def _lesson_doc() -> dict:
    return json.loads((lessons_dir() / LESSONS[1].file).read_text(encoding="utf-8"))


def _one_plain_line(text: str, limit: int) -> None:
    assert text and len(text) <= limit
    assert not any(c in text for c in "\n\r\u2028\u2029\x07")


def test_plain_line_collapses_escapes_and_cuts() -> None:
    line = plain_line(HOSTILE, 100)
    _one_plain_line(line, 100)
    assert line.startswith("<img src=/dev/zero><b>bold</b> second line\\x07 x") and line.endswith("…")


def test_a_hostile_value_in_a_session_file_is_one_short_plain_line(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = _lesson_doc()
    doc["config"]["activation"] = HOSTILE  # the reader quotes the unknown activation back
    bad = tmp_path / "hostile.nnviz"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    window.open_file(str(bad))
    qtbot.waitUntil(lambda: bool(window.file_error.text()), timeout=5000)
    shown = window.file_error.text()
    _one_plain_line(shown, DIALOG_CHARS)
    assert "hostile.nnviz" in shown and "activation" in shown
    assert window.file_error.box.textFormat().name == "PlainText"
    _one_plain_line(window.status.currentMessage(), MESSAGE_CHARS)
    tip = window.status.toolTip()  # the whole line, escaped inside a rich-text wrapper
    assert "<img" not in tip and len(tip) <= 2 * MESSAGE_CHARS
    window.file_error.box.close()
    assert window.config.activation != HOSTILE  # the session stays as it was


def test_a_hostile_session_name_gives_a_one_line_window_title(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = _lesson_doc()
    doc["config"]["name"] = HOSTILE
    doc.pop("lesson", None)
    named = tmp_path / "named.nnviz"
    named.write_text(json.dumps(doc), encoding="utf-8")
    window.open_file(str(named))
    qtbot.waitUntil(lambda: window.config.name == HOSTILE, timeout=5000)
    title = window.windowTitle()
    _one_plain_line(title, NAME_CHARS + len(" — nnviz"))
    assert title.endswith("… — nnviz")
