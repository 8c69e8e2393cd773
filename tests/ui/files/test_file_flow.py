"""The window's files: one way to open (every route shows the lesson), read-only built-in lessons, New,
Revert Lesson, `.nnviz` by default, and the question before unsaved changes are lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QFileOpenEvent

from nnviz.cli.main import main as nnviz_main
from nnviz.io.filenames import safe_file_name
from nnviz.session import Config, Session
from nnviz.session.files import load_session, save_session
from nnviz.session.lesson_book import LESSONS
from nnviz.session.lessons import lessons_dir
from nnviz.ui import app as app_module
from nnviz.ui import smoke
from nnviz.ui.files import dialogs
from nnviz.ui.lessons.menu import Lessons
from tests.ui.probes import part

WAIT_MS = 15_000


def _digests() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(lessons_dir().glob("*"))}


def _wait_epoch(qtbot, window, epoch: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.epoch == epoch, timeout=WAIT_MS)


def _open_lesson(qtbot, window, number: int) -> None:  # type: ignore[no-untyped-def]
    part(window, Lessons).actions[number - 1].trigger()
    title = LESSONS[number - 1].title
    qtbot.waitUntil(lambda: window.files.lesson is not None and window.files.lesson["title"] == title,
                    timeout=WAIT_MS)


@pytest.fixture
def saves_to(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """Answer the Save dialog with a file in tmp_path; record what it suggested."""
    suggested: list[str] = []

    def ask(parent, suggestion):  # type: ignore[no-untyped-def]
        suggested.append(suggestion)
        return str(tmp_path / f"saved-{len(suggested)}.nnviz")

    monkeypatch.setattr(dialogs, "ask_save_path", ask)
    return suggested


def test_saving_every_lesson_leaves_the_built_in_files_untouched(make_window, qtbot, saves_to, tmp_path,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(dialogs, "documents_folder", lambda: documents)
    before = _digests()
    window = make_window()
    for number in range(1, len(LESSONS) + 1):
        _open_lesson(qtbot, window, number)
        window.step_epoch()
        _wait_epoch(qtbot, window, 1)
        window.actions_.save.trigger()  # the window's own Save
        saved = tmp_path / f"saved-{number}.nnviz"
        qtbot.waitUntil(saved.exists, timeout=WAIT_MS)
        qtbot.waitUntil(lambda s=saved: window.session_path == s, timeout=WAIT_MS)
        assert Path(saves_to[-1]).parent == documents  # Save As in the documents folder, never the lessons'
        assert Path(saves_to[-1]).name.endswith(".nnviz") and ":" not in Path(saves_to[-1]).name
        assert load_session(saved).epoch == 1 and load_session(saved).lesson is not None
    assert Path(saves_to[0]).name == safe_file_name(LESSONS[0].title, ".nnviz")  # the lesson's name, sanitised
    assert _digests() == before


def test_a_built_in_lesson_chosen_in_save_as_is_refused(make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = _digests()
    window = make_window()
    _open_lesson(qtbot, window, 1)
    target = str(lessons_dir() / LESSONS[1].file)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggestion: target)
    errors: list[str] = []
    monkeypatch.setattr(window.status, "show_error", lambda text, *_: errors.append(text))
    window.actions_.save_as.trigger()
    assert errors and "read-only" in errors[0]
    assert _digests() == before


def test_revert_lesson_puts_the_lesson_back(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open_lesson(qtbot, window, 1)
    assert window.files.revert_action.isEnabled()
    window.step_epoch()
    _wait_epoch(qtbot, window, 1)
    window.files.revert_action.trigger()
    _wait_epoch(qtbot, window, 0)
    assert window.files.lesson is not None and part(window, Lessons).dock.isVisible()


def test_new_gives_the_default_session_without_a_lesson(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    _open_lesson(qtbot, window, 2)
    window.actions_.new.trigger()
    qtbot.waitUntil(lambda: window.files.lesson is None and window.config == Config(), timeout=WAIT_MS)
    assert window.session_path is None and window.windowTitle().startswith("Untitled")
    assert not part(window, Lessons).dock.isVisible() and not window.files.revert_action.isEnabled()


def _lesson_session(tmp_path: Path) -> Path:
    session = Session(Config(dataset="gauss", points=40, name="Lesson 5: Goldilocks training"))
    session.lesson = {"title": "My own lesson", "text": "Press **Play**.", "format": "markdown"}
    path = tmp_path / "mine.nnviz"
    save_session(session, path)
    return path


def _shows_lesson(window, title: str) -> bool:  # type: ignore[no-untyped-def]
    dock = part(window, Lessons)._dock
    return (dock is not None and dock.isVisibleTo(window) and dock.lesson is not None and dock.lesson["title"] == title
            and title in dock.browser.toPlainText() and window.windowTitle().startswith(title))


def _route_file_open(window, path: str) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui.file_open import FileOpenFilter

    app = QCoreApplication.instance()
    opener = FileOpenFilter(window, window.open_file)
    app.installEventFilter(opener)
    try:
        QCoreApplication.sendEvent(app, QFileOpenEvent(path))
    finally:
        app.removeEventFilter(opener)


def _route_drop(window, path: str) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(path)])
    target = window.graph_view.viewport() if hasattr(window.graph_view, "viewport") else window.graph_view
    while not target.acceptDrops():  # as Qt picks a drop's target: the first widget up that takes drops
        target = target.parentWidget()
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    opener = window.files.drops
    assert id(target) in opener.watched  # Qt delivers a drop without a drag in progress to no one: filter it
    assert opener.eventFilter(target, event)


ROUTES = {
    "file-open": lambda window, path, monkeypatch: (
        monkeypatch.setattr(dialogs, "ask_open_path", lambda parent: path), window.actions_.open.trigger()),
    "recent": lambda window, path, monkeypatch: window.features["export"].open_recent(path),
    "drop": lambda window, path, monkeypatch: _route_drop(window, path),
    "desktop": lambda window, path, monkeypatch: _route_file_open(window, path),
}


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("which", ["built-in", "own"])
def test_every_way_of_opening_shows_the_lesson(make_window, qtbot, tmp_path, monkeypatch, route: str,
                                               which: str) -> None:  # type: ignore[no-untyped-def]
    path = str(lessons_dir() / LESSONS[2].file) if which == "built-in" else str(_lesson_session(tmp_path))
    title = LESSONS[2].title if which == "built-in" else "My own lesson"
    window = make_window()
    ROUTES[route](window, path, monkeypatch)
    qtbot.waitUntil(lambda: _shows_lesson(window, title), timeout=WAIT_MS)
    assert window.session_path == Path(path)


@pytest.mark.parametrize("which", ["built-in", "own"])
def test_the_command_line_shows_the_lesson(tmp_path, monkeypatch, styled_app, which: str) -> None:  # type: ignore[no-untyped-def]
    path = str(lessons_dir() / LESSONS[2].file) if which == "built-in" else str(_lesson_session(tmp_path))
    title = LESSONS[2].title if which == "built-in" else "My own lesson"
    seen: list[bool] = []
    monkeypatch.setattr(smoke, "run_smoke", lambda app, window: seen.append(_shows_lesson(window, title)) or 0)
    assert nnviz_main(["app", path, "--smoke"]) == 0
    assert seen == [True]


def test_sessions_save_as_nnviz_and_open_lists_both(make_window, qtbot, saves_to) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    window.actions_.save.trigger()  # no file yet: Save asks
    assert saves_to[-1].endswith(".nnviz")
    assert "*.nnviz" in dialogs.SESSION_FILTER.split(";;")[0]
    assert "*.nnviz" in dialogs.OPEN_FILTER and "*.json" in dialogs.OPEN_FILTER


def _changed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.step_epoch()
    _wait_epoch(qtbot, window, 1)
    assert window.files.has_changes()


@pytest.mark.parametrize("answer", [dialogs.CANCEL, dialogs.DISCARD, dialogs.SAVE])
def test_new_asks_before_unsaved_changes_go(make_window, qtbot, monkeypatch, saves_to, tmp_path,
                                           answer: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name, before: asked.append(before) or answer)
    assert not window.files.has_changes()  # a new window has nothing to save
    _changed(qtbot, window)
    window.actions_.new.trigger()
    assert asked == ["starting a new session"]
    if answer == dialogs.CANCEL:
        qtbot.wait(200)
        assert window.config.dataset == "xor" and window.frame.epoch == 1
        return
    qtbot.waitUntil(lambda: window.config == Config(), timeout=WAIT_MS)
    assert not window.files.has_changes()
    saved = tmp_path / "saved-1.nnviz"
    assert saved.exists() == (answer == dialogs.SAVE)
    if answer == dialogs.SAVE:
        assert load_session(saved).epoch == 1


def test_saving_clears_the_changes_and_open_asks(make_window, qtbot, monkeypatch, saves_to, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    _changed(qtbot, window)
    window.actions_.save.trigger()
    qtbot.waitUntil(lambda: not window.files.has_changes(), timeout=WAIT_MS)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name, before: asked.append(before) or dialogs.CANCEL)
    window.files.open(str(lessons_dir() / LESSONS[0].file))  # nothing to save: no question
    qtbot.waitUntil(lambda: window.files.lesson is not None, timeout=WAIT_MS)
    assert asked == []
    _changed(qtbot, window)
    window.files.open(str(tmp_path / "saved-1.nnviz"))
    assert asked == ["opening another file"]
    qtbot.wait(200)
    assert window.files.lesson is not None  # cancelled: the lesson is still open


@pytest.mark.parametrize("answer", [dialogs.CANCEL, dialogs.DISCARD])
def test_quit_asks_and_cancel_keeps_the_window(make_window, qtbot, monkeypatch, answer: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(dataset="xor", points=40))
    _changed(qtbot, window)
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name, before: answer)
    window.actions_.quit.trigger()
    if answer == dialogs.CANCEL:
        qtbot.wait(200)
        assert window.isVisible() and not window.files.closed_cleanly()
    else:
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
        assert window.files.closed_cleanly()


def test_a_lessons_hand_made_points_are_named_in_the_data_panel(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    caption = window.parts.data_panel.caption
    assert "made by hand" not in caption.text()  # the generator's own points
    _open_lesson(qtbot, window, 1)
    qtbot.waitUntil(lambda: "made by hand" in caption.text(), timeout=WAIT_MS)
    assert "input 1, target 0" in caption.text() and "(1 training point)" in caption.text()
    assert "truth table" not in caption.text()  # lesson 1 has one sample, not the AND gate's four rows


@pytest.mark.parametrize("changed", [False, True])
def test_the_autosave_stays_unless_the_window_closed_cleanly(monkeypatch, styled_app, qtbot, changed: bool) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui import autosave

    finished: list[bool] = []
    made: list[object] = []
    monkeypatch.setattr(autosave.Autosaver, "finish", lambda self: finished.append(True))
    start = autosave.Autosaver.__init__
    monkeypatch.setattr(autosave.Autosaver, "__init__",
                        lambda self, *args, **kwargs: (start(self, *args, **kwargs), made.append(self))[0])

    def loop(app, window):  # type: ignore[no-untyped-def]
        window.show()
        qtbot.waitUntil(lambda: bool(made), timeout=30_000)  # autosave starts once the window has painted
        if changed:
            window.step_epoch()  # sent: the session has changes from now on
            assert window.files.has_changes()
        return 0  # the event loop ended without the window asking (the desktop session ended, say)

    monkeypatch.setattr(app_module, "event_loop", loop)
    assert nnviz_main(["app"]) == 0
    assert finished == ([] if changed else [True])  # unsaved work unanswered: the autosave is kept


@pytest.mark.parametrize("kind", ["folder", "fifo", "missing", "missing csv"])
def test_a_path_with_nothing_to_read_is_refused_before_any_question(make_window, qtbot, monkeypatch, tmp_path,
                                                                     kind: str) -> None:  # type: ignore[no-untyped-def]
    """Opening a folder, a pipe or a missing file says so at once: no Save / Discard / Cancel first, since there is
    nothing to open; the session and its changes stay."""
    import os

    window = make_window(Config(dataset="xor", points=40))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda parent, name, before: asked.append(before) or dialogs.DISCARD)
    path = tmp_path / ("lesson.nnviz" if kind != "missing csv" else "points.csv")
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    _changed(qtbot, window)
    window.files.open(str(path))
    qtbot.waitUntil(lambda: str(path) in window.status.currentMessage(), timeout=WAIT_MS)
    assert asked == []
    assert window.file_error.text().startswith(str(path))
    assert window.files.has_changes() and window.frame.epoch == 1
    window.file_error.box.close()
