"""What the Runner's command helpers (edits, timeline, pins) use of it: the live session, running, a redraw."""

from __future__ import annotations

from typing import Protocol

from nnviz.session.session import Session


class RunnerHost(Protocol):
    """The Runner as its command helpers see it (`nnviz.session.runner.Runner` has these)."""

    session: Session  # the live run: a helper may put another in its place (carry on, undo, restore a pin)

    def set_running(self, running: bool) -> None:
        """Train on (True) or pause (False); the consumer hears of a change."""

    def mark_changed(self) -> None:
        """Something the consumer sees changed: the next look sends a frame."""
