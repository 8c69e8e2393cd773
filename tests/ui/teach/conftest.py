"""A shown main window around a given session, closed with its training thread at teardown."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture
def session_window(make_window) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """A factory: MainWindow(session) shown at 1280x800 (the ui conftest's make_window, given a Session)."""
    return make_window
