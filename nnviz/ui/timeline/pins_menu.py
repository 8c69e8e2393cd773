"""Training ▸ Pin Run, the Pinned Runs menu (show again, rename, hide, remove) and Training ▸ Compare Runs."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QMenu

from nnviz.session import commands as cmd
from nnviz.session.events import CompareFrame, FramePacket
from nnviz.session.pins import MAX_PINS, Comparison, PinInfo, comparison, difference_label
from nnviz.ui import look
from nnviz.ui.plots.pinned_curves import PinnedCurve
from nnviz.ui.presentation.plot_text import scale_plot_text
from nnviz.ui.timeline.compare import CompareWindow
from nnviz.ui.window.surface import WindowSurface


def _greyed(font: QFont) -> QFont:
    """The font of a pin whose curves are not all drawn: italic (a menu has no grey for an enabled entry)."""
    font.setItalic(True)
    return font


class PinsFeature(QObject):
    """Pinned runs in the window: the menu, their curves in the loss chart, the Compare view."""

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self.surface = surface
        window = surface.window
        self.pins: tuple[PinInfo, ...] = ()
        self._live_kind = ("", "")  # the live run's loss and problem the pins were last compared with
        self.compare: CompareWindow | None = None
        self._pinned: CompareFrame | None = None  # the pinned run's picture the last frame drawn came with
        self._comparing = False  # the Compare view is open (closed, the training process makes no pinned pictures)
        self.pin_action = QAction("&Pin Run", window)
        self.pin_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.pin_action.setStatusTip(f"Keep this run's curves and state beside the next ones (up to {MAX_PINS})")
        self.pin_action.triggered.connect(lambda: surface.send(cmd.PinRun()))
        self.compare_action = QAction("&Compare Runs…", window)
        self.compare_action.setStatusTip("This run and a pinned one, boundaries side by side at the same epoch")
        self.compare_action.triggered.connect(self.open_compare)
        window.addAction(self.pin_action)
        self.menu = QMenu("Pinned &Runs", window)
        train_menu = surface.menu("Training")
        train_menu.addSeparator()
        train_menu.addAction(self.pin_action)
        train_menu.addMenu(self.menu)
        train_menu.addAction(self.compare_action)
        surface.pinsChanged.connect(self.set_pins)
        surface.configChanged.connect(self._relabel)
        surface.frameDrawn.connect(self._on_frame)
        self.set_pins(())

    def labels(self) -> dict[int, str]:
        """Each pin's label: its own name, or the settings in which it differs from the live run."""
        config = self.surface.config
        return {p.id: p.name or difference_label(p.config, [config]) for p in self.pins}

    def comparisons(self) -> dict[int, Comparison]:
        """What of each pin the chart draws beside the live run (a different loss is not drawn on its axis)."""
        frame = self.surface.frame
        loss, problem = ("", "") if frame is None else (frame.loss_name, frame.problem)
        self._live_kind = (loss, problem)
        return {p.id: comparison(p, loss, problem) for p in self.pins}

    def set_pins(self, pins: tuple[PinInfo, ...]) -> None:
        """Follow the pinned runs: the menu, the chart's curves, the Compare view's choice."""
        self.pins = tuple(pins)
        labels, drawn = self.labels(), self.comparisons()
        self.surface.loss_chart.set_pinned(tuple(PinnedCurve(p.id, labels[p.id], p.history, drawn[p.id].loss,
                                                             drawn[p.id].accuracy)
                                                for p in self.pins if not p.hidden))
        self.pin_action.setEnabled(len(self.pins) < MAX_PINS)
        self.menu.clear()
        self.menu.setEnabled(bool(self.pins))
        for pin in self.pins:
            note = drawn[pin.id].note
            sub = self.menu.addMenu(f"{labels[pin.id]} (to epoch {pin.epoch:,})" + (f" — {note}" if note else ""))
            if note:  # greyed: its curves (some or all) are not in the chart; Show Again still brings the run back
                sub.menuAction().setFont(_greyed(sub.menuAction().font()))
                sub.menuAction().setStatusTip("This run was trained with another loss: the chart cannot compare "
                                              "its loss with this run's")
            self._pin_actions(sub, pin)
        if self.compare is not None:
            self.compare.set_pins(self.pins, labels)

    def _relabel(self, *_: object) -> None:
        """The live run's settings changed: the labels of what differs follow."""
        self.set_pins(self.pins)

    def _pin_actions(self, menu: QMenu, pin: PinInfo) -> None:
        send = self.surface.send
        menu.addAction("Show Again").triggered.connect(lambda: send(cmd.RestorePin(pin.id)))
        menu.addAction("Rename…").triggered.connect(lambda: self.rename(pin))
        hide = menu.addAction("Hidden")
        hide.setCheckable(True)
        hide.setChecked(pin.hidden)
        hide.toggled.connect(lambda on: send(cmd.EditPin(pin.id, hidden=on)))
        menu.addAction("Remove").triggered.connect(lambda: send(cmd.EditPin(pin.id, remove=True)))

    def rename(self, pin: PinInfo) -> None:
        """Ask for a pin's name ("" : labelled by what differs again)."""
        # lazy: Qt's input dialog class (and its enums) is made when it opens, not with the window (issue 23)
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self.surface.window, "Rename Pinned Run", "Name (empty: what differs):",
                                        text=pin.name)
        if ok:
            self.surface.send(cmd.EditPin(pin.id, name=name))

    def open_compare(self) -> None:
        """Show the Compare view (its pinned run follows the chooser)."""
        if self.compare is None:
            self.compare = CompareWindow(self.surface.window)
            self.compare.pinChosen.connect(self._compare_with)
            self.compare.closed.connect(self._compare_closed)
        self.compare.set_pins(self.pins, self.labels())
        self._comparing = True
        self._compare_with(self.compare.chosen())
        if self.surface.frame is not None:
            self.compare.show_live(self.surface.frame, self._live_label())
        self._show_pinned_now()
        self.compare.show()
        self.compare.raise_()
        if look.current().large:  # opened in presentation mode: its axes' numbers as large as the window's
            scale_plot_text(self.compare, True)

    def _show_pinned_now(self) -> None:
        """Opened again: no picture until the runner's comes with the next frame (open_compare asked for it). The
        runner alone decides which picture goes with the run on screen; a kept one could belong to another epoch."""
        assert self.compare is not None
        label = self.labels().get(self.compare.chosen())  # type: ignore[arg-type]
        if label is not None:  # else no pinned run: set_pins says "pin a run first"
            self.compare.clear_pinned(label)

    def _compare_with(self, pin_id: int | None) -> None:
        if self._comparing:  # the chooser follows the pins also while the view is closed
            self.surface.send(cmd.Compare(pin_id))

    def _compare_closed(self) -> None:
        """No pinned picture is made while the view is closed (open_compare asks for one again)."""
        self._comparing = False
        self.surface.send(cmd.Compare(None))

    def _live_label(self) -> str:
        """How the live run differs from the pinned run it is compared with."""
        chosen = None if self.compare is None else self.compare.chosen()
        pin = next((p for p in self.pins if p.id == chosen), None)
        return "" if pin is None else difference_label(self.surface.config, [pin.config])

    def _on_frame(self, packet: FramePacket) -> None:
        if self.pins and (packet.frame.loss_name, packet.frame.problem) != self._live_kind:
            self.set_pins(self.pins)  # the live run's loss changed: which pinned curves compare changes too
        new = packet.compare is not None and packet.compare is not self._pinned
        self._pinned = packet.compare or self._pinned
        if self.compare is not None and self.compare.isVisible():
            self.compare.show_live(packet.frame, self._live_label())
            if new and self._pinned is not None:  # the two sides of one frame
                self.compare.show_pinned(self._pinned)
