"""A shown main window around a given session, closed with its training thread at teardown."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from nnviz.session import Session


@pytest.fixture
def session_window(qtbot, styled_app) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """A factory: MainWindow(session) shown at 1280x800."""
    from nnviz.ui.window.main_window import MainWindow

    made: list[MainWindow] = []

    def make(session: Session, size: tuple[int, int] = (1280, 800)) -> MainWindow:
        window = MainWindow(session)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        assert window.training.qthread.wait(1000), "the training thread outlived its window"
