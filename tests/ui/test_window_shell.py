"""The main window paints its title and menu bar first, then is built on the very same object (issue 23: launch)."""

from __future__ import annotations

from nnviz.session import Config, Session

WAIT_MS = 30_000
SIZE = (1024, 700)


def test_the_shell_shows_the_title_and_the_menu_titles_the_built_window_has(qtbot, styled_app):
    from nnviz.ui.window.main_window import MainWindow
    from nnviz.ui.window.shell import MENU_TITLES, WindowShell

    shell = WindowShell("Circles", shell=True)
    qtbot.addWidget(shell)
    built = MainWindow(Session(Config(name="Circles")), backend="none", resolution=40)
    qtbot.addWidget(built)
    assert shell.windowTitle() == built.windowTitle() == "Circles — nnviz"
    # the stand-in menus stand where the real ones will: the same titles, in the same order
    assert [a.text() for a in shell.menuBar().actions()] == list(MENU_TITLES)
    assert [a.text() for a in built.menuBar().actions()] == list(MENU_TITLES)


def test_the_shells_menu_titles_open_nothing_before_the_window_is_built(qtbot, styled_app):
    """A stand-in title is a title alone, painted as the real menu's: clicked in the moment before the window is
    built, it opened an empty menu."""
    from nnviz.ui.window.shell import MENU_TITLES, WindowShell

    shell = WindowShell(shell=True)
    qtbot.addWidget(shell)
    stand_ins = shell.menuBar().actions()
    assert [a.text() for a in stand_ins] == list(MENU_TITLES)
    assert [a.menu() for a in stand_ins] == [None] * len(MENU_TITLES)


def test_a_window_built_on_its_shown_shell_looks_as_one_built_before_it_was_shown(qtbot, styled_app, monkeypatch):
    """No part is laid out for a passing size: each part Qt shows in a window on screen lays it out again, and the
    graph planned for one of those sizes stayed so (narrower than the same window built before it showed)."""
    from nnviz.ui.window.main_window import MainWindow
    from nnviz.ui.window.shell import WindowShell, built_in_one_pass

    reference = MainWindow(Session(Config(points=60)), backend="none", resolution=40, plots_after_paint=True)
    qtbot.addWidget(reference)
    reference.resize(*SIZE)
    reference.show()
    shell = WindowShell(shell=True)
    qtbot.addWidget(shell)
    shell.resize(*SIZE)
    shell.show()
    qtbot.waitExposed(shell)
    with built_in_one_pass(shell):
        window = MainWindow.build_on(shell, Session(Config(points=60)), backend="none")
    assert window is shell and isinstance(shell, MainWindow)  # the same object, now the main window
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == [a.text() for a in reference.menuBar().actions()]  # the stand-ins gave way, none left over
    qtbot.waitUntil(lambda: window.boundary_view.built and reference.boundary_view.built, timeout=WAIT_MS)
    for part in ("graph_view", "toolbar", "status"):
        ours, theirs = getattr(window, part), getattr(reference, part)
        assert ours.geometry() == theirs.geometry(), part
    assert window.centralWidget().geometry() == reference.centralWidget().geometry()
    same_picture = window.graph_view.grab().toImage() == reference.graph_view.grab().toImage()
    assert same_picture  # the graph planned for the size it is shown at
    shut: list[object] = []
    real = MainWindow.shutdown
    monkeypatch.setattr(MainWindow, "shutdown", lambda self: shut.append(self) or real(self))
    window.close()  # Qt calls the MainWindow's own closeEvent on the object made as a shell: it shuts down
    assert shut == [window]


def test_the_training_waiting_for_the_first_paint_does_not_start_in_a_window_already_shut_down(qtbot, styled_app):
    """The launch's event loop may end (a quit signal) between the build and the paint that starts the training."""
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config(points=60)), backend="thread", resolution=40, training_after_paint=True)
    qtbot.addWidget(window)
    painted: list[bool] = []
    from nnviz.ui.first_paint import after_first_paint

    after_first_paint(window, lambda: painted.append(True))  # after the window's own first-paint work
    assert window.shutdown()
    window.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=WAIT_MS)
    assert not window.training.qthread.isRunning()


def test_a_file_handed_over_before_the_window_is_built_opens_once_it_is(tmp_path, monkeypatch, qtbot, styled_app):
    """macOS hands a double-clicked file over (FileOpen) as the app starts: it is kept until the window is built."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    from nnviz.cli.main import main as nnviz_main
    from nnviz.session.files import save_session
    from nnviz.ui import app as app_module

    path = tmp_path / "handed-over.nnviz"
    save_session(Session(Config(dataset="gauss", seed=3)), path)
    opened: list[object] = []

    def loop(app, window):  # type: ignore[no-untyped-def]
        assert type(window).__name__ == "WindowShell"  # not built yet
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(path)))
        window.show()
        qtbot.waitUntil(lambda: getattr(window, "session_path", None) == path, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.config.dataset == "gauss", timeout=WAIT_MS)
        opened.append(window.session_path)
        return 0

    monkeypatch.setattr(app_module, "FILE_OPEN_EVENTS", True)
    monkeypatch.setattr(app_module, "event_loop", loop)
    assert nnviz_main(["app"]) == 0
    assert opened == [path]


def test_a_window_closed_before_it_is_built_is_not_built(monkeypatch, qtbot, styled_app):
    """Closed in the moment between its first paint and its build: nothing starts, the app quits as asked."""
    from nnviz.cli.main import main as nnviz_main
    from nnviz.ui import app as app_module
    from nnviz.ui.first_paint import after_first_paint

    kinds: list[str] = []

    def loop(app, window):  # type: ignore[no-untyped-def]
        after_first_paint(window, window.close, first=True)  # before the build, in the same turn
        window.show()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)  # (the build was due in that same turn)
        kinds.append(type(window).__name__)
        return 0

    monkeypatch.setattr(app_module, "event_loop", loop)
    assert nnviz_main(["app"]) == 0
    assert kinds == ["WindowShell"]


def test_a_window_whose_parts_fail_half_way_reports_that_failure_not_a_missing_part(monkeypatch, qtbot, styled_app):
    """The build on the shell fails (a bug, memory): the launch raises that error, not one from shutting down a
    window whose training and input watch were never made."""
    import pytest

    from nnviz.cli.main import main as nnviz_main
    from nnviz.ui import app as app_module
    from nnviz.ui.window.main_window import MainWindow

    def fail(self: MainWindow) -> None:
        raise RuntimeError("the views could not be connected")

    def loop(app, window):  # type: ignore[no-untyped-def]
        window.show()
        return int(app.exec())  # the failed build ends it

    monkeypatch.setattr(MainWindow, "_connect_views", fail)
    monkeypatch.setattr(app_module, "event_loop", loop)
    with pytest.raises(RuntimeError, match="could not be connected"):
        nnviz_main(["app"])
