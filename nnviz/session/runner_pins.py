"""The runner's pinned-run commands: pin, rename, hide, remove, show again, and the Compare view's frames."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.files import pin_session, session_from_dict
from nnviz.session.frame import Frame
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.heatmap_sizes import HeatmapSizes
from nnviz.session.pins import difference_label
from nnviz.session.runner_host import RunnerHost
from nnviz.session.runner_timeline import TimelineCommands
from nnviz.session.session import Session
from nnviz.session.timeline_view import Rewinder

COMPARE_RESOLUTION = 100  # cells per side of the pinned run's boundary in the Compare view


class PinCommands:
    """PinRun, EditPin, RestorePin and Compare for a Runner: the pinned runs and the one the Compare view shows."""

    def __init__(self, host: RunnerHost, timeline: TimelineCommands, emit: Callable[[ev.Event], None]) -> None:
        self._host = host
        self._timeline = timeline  # a pinned run shown again sets the live run aside, as a carry-on does
        self._emit = emit
        self._pins_sent: tuple[int, int] = (0, -1)  # (id of the board, its version) the window last heard of
        self._compare: int | None = None  # the pinned run shown in the Compare view
        self._compare_rewinders: dict[int, Rewinder] = {}
        # the Compare view draws the pinned run's output only: that at COMPARE_RESOLUTION, thumbnails small
        self._compare_grids = FrameGrids(COMPARE_RESOLUTION, HeatmapSizes(COMPARE_RESOLUTION))
        self._compare_sent: tuple[object, ...] | None = None  # what the last compare frame showed (see below)
        self._picture_out = False  # a CompareFrame was sent and no CompareCleared since

    def pin(self, _: cmd.PinRun) -> None:
        """Pin the live run (a copy to compare with later)."""
        pin = pin_session(self._host.session)
        self._emit(ev.Notice(f"pinned the run at epoch {pin.session.epoch}; to compare: change a setting, reset, "
                             "train", beside_figures=True))  # a class comparing runs keeps the numbers
        self._host.mark_changed()

    def edit(self, c: cmd.EditPin) -> None:
        """Rename, hide, show or remove a pinned run."""
        board = self._host.session.pins
        if c.remove:
            board.remove(c.pin_id)
            if self._compare == c.pin_id:
                self._compare_none()
        if c.name is not None:
            board.rename(c.pin_id, c.name)
        if c.hidden is not None:
            board.set_hidden(c.pin_id, c.hidden)
        self._host.mark_changed()

    def restore(self, c: cmd.RestorePin) -> None:
        """Train the pinned run again; the live run is set aside (Edit ▸ Undo brings it back)."""
        pin = self._host.session.pins.find(c.pin_id)
        self._host.set_running(False)
        live = self._host.session
        restored = session_from_dict(pin.doc)
        restored.pins = live.pins
        self._timeline.set_aside_for(restored)
        self._emit(ev.Notice(f"showing the pinned run again at epoch {restored.epoch}; Edit ▸ Undo brings back "
                             f"the run you had (epoch {live.epoch})"))

    def compare(self, c: cmd.Compare) -> None:
        """Show a pinned run (None: none) in the Compare view, at the epoch the window shows."""
        if c.pin_id is not None:
            self._host.session.pins.find(c.pin_id)
        else:
            self._compare_none()
        self._compare = c.pin_id
        self._compare_sent = None  # the view (re)opened: it hears of the pinned run again
        self._host.mark_changed()

    def _compare_none(self) -> None:
        """No pinned run in the Compare view: the window hears so (once), and its frames stop carrying the last."""
        self._compare = None
        if self._picture_out:
            self._picture_out = False
            self._emit(ev.CompareCleared())

    def resume_compare(self, pin_id: int) -> None:
        """After a restart from the checkpoint: show the pinned run the Compare view showed, if the checkpoint holds
        it (pin ids are saved with the pins and never reused; a pin it does not hold shows none)."""
        if any(p.id == pin_id for p in self._host.session.pins.pins):
            self.compare(cmd.Compare(pin_id))

    def announce_pins(self) -> None:
        """Tell the window about the pins when they changed (or the board did, with another session)."""
        board = self._host.session.pins
        key = (id(board), board.version)
        if key != self._pins_sent:
            self._pins_sent = key
            on_board = {p.id for p in board.pins}  # pin ids are never reused: a removed pin's replay copy goes
            self._compare_rewinders = {i: r for i, r in self._compare_rewinders.items() if i in on_board}
            self._emit(ev.PinsChanged(board.infos()))

    def send_compare_frame(self, frame: Frame) -> None:
        """The Compare view's pinned run at the epoch of `frame` (its last epoch if it ended earlier)."""
        if self._compare is None:
            return
        board = self._host.session.pins
        pin = next((p for p in board.pins if p.id == self._compare), None)
        if pin is None:  # removed, or another session (File ▸ New, Open) without it
            self._compare_none()
            return
        copy = cast(Session, pin.session)  # a pin's copy is a Session read back from its file document
        epoch = min(frame.epoch, copy.epoch)
        live_config = self._host.session.config  # the label says how the pinned run differs from it
        # once the live run passes the pinned run's last epoch, every frame would show the same picture: a
        # frame is made (and the pinned run replayed) only when something it shows changed
        shown_now = (id(board), board.version, pin.id, live_config, epoch, frame.extent, frame.plane)
        if shown_now == self._compare_sent:
            return
        self._compare_sent = shown_now
        label = pin.name or difference_label(pin.session.config, [live_config])
        rewinder = self._compare_rewinders.setdefault(pin.id, Rewinder())
        shown = self._compare_grids.with_grids(rewinder.frame_at(copy, epoch, COMPARE_RESOLUTION, grids=False))
        self._picture_out = True
        self._emit(ev.CompareFrame(pin.id, label, shown))
