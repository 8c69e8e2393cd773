"""The runner's timeline commands: show a past epoch, carry on from it, undo the carry-on."""

from __future__ import annotations

from collections.abc import Callable

from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.frame import Frame
from nnviz.session.runner_host import RunnerHost
from nnviz.session.session import Session
from nnviz.session.timeline_view import Rewinder

# commands that act on the run from the epoch shown: it becomes the live run first
CARRY_ON_FIRST: frozenset[type] = frozenset({
    cmd.Play, cmd.StepEpoch, cmd.StepBatch, cmd.Regenerate, cmd.ApplyConfig, cmd.SetWeight, cmd.SetBias,
    cmd.AddPoint, cmd.RemovePoint, cmd.CarryOn,
})


class TimelineCommands:
    """ShowEpoch, CarryOn and UndoCarryOn for a Runner: which epoch is shown, and the run a carry-on set aside."""

    def __init__(self, host: RunnerHost, emit: Callable[[ev.Event], None]) -> None:
        self._host = host
        self._emit = emit
        self.viewing: int | None = None  # the epoch shown, when it is not the live one
        self._set_aside: Session | None = None  # the run a carry-on replaced (UndoCarryOn brings it back)
        self._rewinder: Rewinder | None = None

    def frame(self, resolution: int, grids: bool) -> Frame:
        """The Frame to show: the live session's, or the epoch shown's."""
        if self.viewing is None:
            return self._host.session.snapshot(resolution, grids=grids)
        return self._rewind().frame_at(self._host.session, self.viewing, resolution, grids)

    def _rewind(self) -> Rewinder:
        if self._rewinder is None:
            self._rewinder = Rewinder()
        return self._rewinder

    def shown_session(self) -> Session:
        """The session on screen: the live one, or the epoch shown rebuilt (for tasks that only read)."""
        if self.viewing is None:
            return self._host.session
        return self._rewind().session_at(self._host.session, self.viewing)

    def show_epoch(self, c: cmd.ShowEpoch) -> None:
        """Show a past epoch (None or the last: the live run again); pauses."""
        self._host.set_running(False)
        live = self._host.session
        if c.epoch is None or c.epoch >= live.epoch:
            self.viewing = None
        else:
            self.viewing = max(live.timeline.first_epoch, int(c.epoch))
        self._host.mark_changed()

    def carry_on_if_viewing(self) -> None:
        """Before a command that trains or edits: the epoch shown becomes the live run."""
        if self.viewing is None:
            return
        live = self._host.session
        carried = self._rewind().carry_on(live, self.viewing)
        self._replace_live(carried, live)
        self._emit(ev.Notice(f"carried on from epoch {carried.epoch}; epochs {carried.epoch + 1}"
                             f"–{live.epoch} were set aside (Edit ▸ Undo brings them back)"))

    def set_aside_for(self, session: Session) -> None:
        """Train `session` from now on, keeping the live run aside for UndoCarryOn (a pinned run shown again)."""
        self._host.set_running(False)
        self._replace_live(session, self._host.session)

    def _replace_live(self, session: Session, live: Session) -> None:
        self._host.session = session
        self.viewing = None
        self._set_aside = live
        self._host.mark_changed()
        self._emit(ev.SetAside(live.epoch))

    def undo_carry_on(self, _: cmd.UndoCarryOn) -> None:
        """Bring back the run a carry-on (or a restored pin) set aside."""
        if self._set_aside is None:
            self._emit(ev.Notice("there is no set-aside run to bring back"))
            return
        self._host.set_running(False)
        self._host.session, self._set_aside = self._set_aside, None
        self.viewing = None
        self._host.mark_changed()
        self._emit(ev.SetAside(None))
        self._emit(ev.Notice(f"brought back the run to epoch {self._host.session.epoch}"))

    def forget(self) -> None:
        """Another session is trained from now on: nothing is shown from the old one, nothing to undo."""
        self.viewing = None
        if self._set_aside is not None:
            self._set_aside = None
            self._emit(ev.SetAside(None))
