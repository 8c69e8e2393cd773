"""UI tests run headless: the offscreen Qt platform is chosen before anything imports Qt."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "NNVIZ_AUTOSAVE_DIR" not in os.environ:  # app runs in tests autosave into a folder of their own
    import tempfile

    os.environ["NNVIZ_AUTOSAVE_DIR"] = tempfile.mkdtemp(prefix="nnviz-autosave-")
os.environ.setdefault("NNVIZ_TRAINING", "thread")  # the app started in a test (nnviz.ui.app.run) trains in a thread

from collections.abc import Callable, Iterator

import pytest

from nnviz.engine.blas import limit_threads
from nnviz.session import Config, Session

limit_threads()


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory, monkeypatch):  # type: ignore[no-untyped-def]
    """Window geometry and other QSettings go to a temporary folder, never the user's own."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))  # for app processes a test starts
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def _unsaved_changes_are_discarded(monkeypatch):  # type: ignore[no-untyped-def]
    """A window closed at teardown with changes never waits for an answer (tests of the question set their own)."""
    monkeypatch.setattr("nnviz.ui.files.dialogs.ask_unsaved", lambda parent, name, before: "discard")


@pytest.fixture(autouse=True)
def _standard_look_after_each_test() -> Iterator[None]:
    """The process-wide look (presentation size, high contrast: nnviz.ui.look) is the standard one again after a
    test, whatever the test left on: a window closed in presentation mode left every later graph's labels scaled
    for the back of the room (tests/ui/test_legibility.py failed after test_keys_and_help.py)."""
    yield
    from nnviz.ui import look

    look.set_look(large=False, high_contrast=False)


@pytest.fixture(scope="session")
def styled_app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with nnviz's look (Fusion, palette, style sheet), once per run."""
    from nnviz.ui.style import apply_style

    apply_style(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _collect_in_gui_thread(qapp):  # type: ignore[no-untyped-def]
    """As in the app: garbage is collected in the GUI thread only (nnviz.ui.gui_gc)."""
    from nnviz.ui.gui_gc import collect_in_gui_thread

    collect_in_gui_thread(qapp)


@pytest.fixture
def make_window(qtbot, styled_app) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """A factory of shown main windows; every one is closed and its thread checked at teardown."""
    from nnviz.ui.window.main_window import MainWindow

    made: list[MainWindow] = []

    def make(config: Config | Session | None = None, size: tuple[int, int] = (1280, 800),
             **kwargs: object) -> MainWindow:
        session = config if isinstance(config, Session) else Session(config or Config())
        # windows train in a thread here (a training process per window costs a spawn); the process backend
        # has its own tests (tests/ui/test_window_process.py, tests/session/test_training_process.py)
        kwargs.setdefault("backend", "thread")
        window = MainWindow(session, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        thread = window.training.qthread
        assert thread.isFinished() and not thread.isRunning(), "the training thread outlived its window"


@pytest.fixture
def window(make_window):  # type: ignore[no-untyped-def]
    """The main window with the default set-up, shown at 1280x800."""
    return make_window()
