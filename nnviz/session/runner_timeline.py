"""The runner's timeline commands: show a past epoch, carry on from it, undo the carry-on."""

from __future__ import annotations

from collections.abc import Callable

from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.frame import Frame
from nnviz.session.session import Session
from nnviz.session.timeline_view import Rewinder

# commands that act on the run from the epoch shown: it becomes the live run first
CARRY_ON_FIRST: frozenset[type] = frozenset({
    cmd.Play, cmd.StepEpoch, cmd.StepBatch, cmd.Regenerate, cmd.ApplyConfig, cmd.SetWeight, cmd.SetBias,
    cmd.AddPoint, cmd.RemovePoint, cmd.CarryOn,
})


class TimelineCommands:
    """Handlers of ShowEpoch, CarryOn and UndoCarryOn, mixed into the Runner."""

    session: Session
    _emit: Callable[[ev.Event], None]
    _dirty: bool
    viewing: int | None = None  # the epoch shown, when it is not the live one
    _set_aside: Session | None = None  # the run a carry-on replaced (UndoCarryOn brings it back)
    _rewinder: Rewinder | None = None

    def _set_running(self, running: bool) -> None:
        raise NotImplementedError

    def _frame(self, resolution: int, grids: bool) -> Frame:
        """The Frame to show: the live session's, or the epoch shown's."""
        if self.viewing is None:
            return self.session.snapshot(resolution, grids=grids)
        return self._rewind().frame_at(self.session, self.viewing, resolution, grids)

    def _rewind(self) -> Rewinder:
        if self._rewinder is None:
            self._rewinder = Rewinder()
        return self._rewinder

    def shown_session(self) -> Session:
        """The session on screen: the live one, or the epoch shown rebuilt (for tasks that only read)."""
        if self.viewing is None:
            return self.session
        return self._rewind().session_at(self.session, self.viewing)

    def _on_show_epoch(self, c: cmd.ShowEpoch) -> None:
        self._set_running(False)
        live = self.session
        if c.epoch is None or c.epoch >= live.epoch:
            self.viewing = None
        else:
            self.viewing = max(live.timeline.first_epoch, int(c.epoch))
        self._dirty = True

    def carry_on_if_viewing(self) -> None:
        """Before a command that trains or edits: the epoch shown becomes the live run."""
        if self.viewing is None:
            return
        live = self.session
        self.session = self._rewind().carry_on(live, self.viewing)
        self.viewing = None
        self._set_aside = live
        self._dirty = True
        self._emit(ev.SetAside(live.epoch))
        self._emit(ev.Notice(f"carried on from epoch {self.session.epoch}; epochs {self.session.epoch + 1}"
                             f"–{live.epoch} were set aside (Edit ▸ Undo brings them back)"))

    def _on_carry_on(self, _: cmd.CarryOn) -> None:
        pass  # carry_on_if_viewing ran before it (CARRY_ON_FIRST)

    def _on_undo_carry_on(self, _: cmd.UndoCarryOn) -> None:
        if self._set_aside is None:
            self._emit(ev.Notice("there is no set-aside run to bring back"))
            return
        self._set_running(False)
        self.session, self._set_aside = self._set_aside, None
        self.viewing = None
        self._dirty = True
        self._emit(ev.SetAside(None))
        self._emit(ev.Notice(f"brought back the run to epoch {self.session.epoch}"))

    def forget_timeline_view(self) -> None:
        """Another session is trained from now on: nothing is shown from the old one, nothing to undo."""
        self.viewing = None
        if self._set_aside is not None:
            self._set_aside = None
            self._emit(ev.SetAside(None))
