"""The runner's pinned-run commands: pin, rename, hide, remove, show again, and the Compare view's frames."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.files import pin_session, session_from_dict
from nnviz.session.frame import Frame
from nnviz.session.pins import difference_label
from nnviz.session.session import Session
from nnviz.session.timeline_view import Rewinder

COMPARE_RESOLUTION = 100  # cells per side of the pinned run's boundary in the Compare view


class PinCommands:
    """Handlers of PinRun, EditPin, RestorePin and Compare, mixed into the Runner."""

    session: Session
    _emit: Callable[[ev.Event], None]
    _dirty: bool
    _set_aside: Session | None
    viewing: int | None
    _pins_sent: tuple[int, int] = (0, -1)  # (id of the board, its version) the window last heard of
    _compare: int | None = None  # the pinned run shown in the Compare view
    _compare_rewinders: dict[int, Rewinder] | None = None

    def _set_running(self, running: bool) -> None:
        raise NotImplementedError

    def _on_pin(self, _: cmd.PinRun) -> None:
        pin = pin_session(self.session)
        self._emit(ev.Notice(f"pinned the run at epoch {pin.session.epoch}; change a setting, reset and train "
                             "again to compare"))
        self._dirty = True

    def _on_edit_pin(self, c: cmd.EditPin) -> None:
        board = self.session.pins
        if c.remove:
            board.remove(c.pin_id)
            if self._compare == c.pin_id:
                self._compare = None
        if c.name is not None:
            board.rename(c.pin_id, c.name)
        if c.hidden is not None:
            board.set_hidden(c.pin_id, c.hidden)
        self._dirty = True

    def _on_restore_pin(self, c: cmd.RestorePin) -> None:
        pin = self.session.pins.find(c.pin_id)
        self._set_running(False)
        live = self.session
        restored = session_from_dict(pin.doc)
        restored.pins = live.pins
        self.session, self._set_aside, self.viewing = restored, live, None
        self._dirty = True
        self._emit(ev.SetAside(live.epoch))
        self._emit(ev.Notice(f"showing the pinned run again at epoch {restored.epoch}; Edit ▸ Undo brings back "
                             f"the run you had (epoch {live.epoch})"))

    def _on_compare(self, c: cmd.Compare) -> None:
        if c.pin_id is not None:
            self.session.pins.find(c.pin_id)
        self._compare = c.pin_id
        self._dirty = True

    def announce_pins(self) -> None:
        """Tell the window about the pins when they changed (or the board did, with another session)."""
        board = self.session.pins
        key = (id(board), board.version)
        if key != self._pins_sent:
            self._pins_sent = key
            self._emit(ev.PinsChanged(board.infos()))

    def send_compare_frame(self, frame: Frame) -> None:
        """The Compare view's pinned run at the epoch of `frame` (its last epoch if it ended earlier)."""
        if self._compare is None:
            return
        board = self.session.pins
        pin = next((p for p in board.pins if p.id == self._compare), None)
        if pin is None:
            self._compare = None
            return
        if self._compare_rewinders is None:
            self._compare_rewinders = {}
        rewinder = self._compare_rewinders.setdefault(pin.id, Rewinder())
        copy = cast(Session, pin.session)  # a pin's copy is a Session read back from its file document
        shown = rewinder.frame_at(copy, min(frame.epoch, copy.epoch), COMPARE_RESOLUTION, grids=True)
        label = pin.name or difference_label(pin.session.config, [self.session.config])
        self._emit(ev.CompareFrame(pin.id, label, shown))
