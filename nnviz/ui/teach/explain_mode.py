"""The Explain step mode: one sample walked through the network, phase by phase, in the main window.

It pauses training, takes over clicks on the graph (select a neuron or an edge: the view's
edits are blocked meanwhile) and on the output view (pick the training sample nearest to the
click: no point is added meanwhile), and sends every change of the session (the update and
its undo) to the worker as a task. Leaving the mode keeps the update.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from nnviz.session.explain.tasks import ApplyExplainedUpdate, ExplainSample, UndoExplainedUpdate, UpdateApplied
from nnviz.session.graph_refs import BiasRef, GraphRef, Selection
from nnviz.ui import look
from nnviz.ui.plots.plane_clicks import PlaneClick
from nnviz.ui.teach.worker_link import WorkerLink
from nnviz.ui.window.surface import WindowSurface

if TYPE_CHECKING:
    import pyqtgraph as pg

    from nnviz.session.explain.phases import Phase, PhaseDisplay
    from nnviz.session.explain.sample import SampleExplanation
    from nnviz.ui.plots.boundary_view import BoundaryView
    from nnviz.ui.teach.explain_panel import ExplainPanel
    from nnviz.ui.teach.overlay import TeachOverlay

OWNER = "explain"  # the name under which the mode blocks the views' own edits

EXPLAIN_KEY = "E"
ROOM_TRIES, ROOM_RETRY_MS = 5, 20  # presentation begun while explaining: the share is given this often, this apart
EXPLAIN_SHARE = 0.4  # the share of the window's height the explanation takes as it opens in presentation mode


class ExplainMode(QObject):
    """State and wiring of the explain mode: the explanation, the phase, the selection, the update."""

    def __init__(self, surface: WindowSurface, link: WorkerLink) -> None:
        super().__init__(surface)
        self.surface, self.link = surface, link
        self.active = False
        self.explanation: SampleExplanation | None = None
        self.phase_index = 0
        self.selection: Selection = None
        self.alone = True
        self.applied = False
        self.busy = False  # a task is on its way; further moves wait for its answer
        self._room_tries = 0  # turns left to give the panel its share in presentation mode
        self._presenting = look.current().large  # the look's size when it last changed (high contrast changes it too)
        self._room_timer = QTimer(self, singleShot=True)  # (goes with the window: never fires after it)
        self._room_timer.timeout.connect(self._give_room_again)
        self.sample = 0
        self.overlay: TeachOverlay | None = None
        self._panel: ExplainPanel | None = None  # the panel and its dock: built the first time they are shown
        self._dock: QDockWidget | None = None
        self._marker: pg.ScatterPlotItem | None = None  # made with the output view's plot (after the first paint)
        surface.boundary_view.when_built(self._add_marker)
        self.toggle = self._action("Explain step", EXPLAIN_KEY, "Walk one sample through the network, phase by phase")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self.set_active)
        self.next_action = self._action("Next phase", "Right", "Next phase (explain mode)", self.next_phase)
        self.back_action = self._action("Previous phase", "Left",
                                        "Previous phase (explain mode; undoes the update)", self.back)
        self.next_sample_action = self._action("Next sample", "Down", "Next training sample (explain mode)",
                                               lambda: self.move_sample(1))
        self.prev_sample_action = self._action("Previous sample", "Up", "Previous training sample (explain mode)",
                                               lambda: self.move_sample(-1))
        self._mode_actions = (self.next_action, self.back_action, self.next_sample_action, self.prev_sample_action)
        for action in self._mode_actions:
            action.setEnabled(False)
        link.result.connect(self._on_result)
        link.failed.connect(self._on_failed)
        surface.configChanged.connect(self._on_config_changed)
        self._retried = False
        surface.graph_view.rebuilt.connect(self._on_graph_rebuilt)
        surface.graph_view.targetClicked.connect(self._on_graph_click)
        surface.boundary_view.planeClicked.connect(self._on_plane_click)
        look.signal().changed.connect(self._on_look_changed)

    @property
    def panel(self) -> ExplainPanel:
        """The explanation panel (in its dock, built now if not yet)."""
        if self._panel is None:
            self._panel = self._build_panel()
        return self._panel

    @property
    def dock(self) -> QDockWidget:
        """The explanation's dock, at the bottom of the window."""
        if self._dock is None:
            self._panel = self._build_panel()
        assert self._dock is not None  # built with the panel
        return self._dock

    def _build_panel(self) -> ExplainPanel:
        # lazy: the panel's module loads the first time the explanation is shown (start-up time, issue 23)
        from nnviz.ui.teach.explain_panel import ExplainPanel

        window = self.surface.window
        p = ExplainPanel()
        dock = self._dock = QDockWidget("Explain step", window)
        dock.setObjectName("explainDock")
        dock.setWidget(p)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        p.nextPhase.connect(self.next_phase)
        p.previousPhase.connect(self.back)
        p.nextSample.connect(lambda: self.move_sample(1))
        p.previousSample.connect(lambda: self.move_sample(-1))
        p.aloneToggled.connect(self.set_alone)
        p.finished.connect(lambda: self.toggle.setChecked(False))
        return p

    def _add_marker(self, view: BoundaryView) -> None:
        import pyqtgraph as pg  # lazy: loaded by the output view's plot, after the first paint (issue 23)

        from nnviz.ui.teach.overlay import ACCENT  # lazy: the overlay's module loads after the first paint

        self._marker = pg.ScatterPlotItem(size=18, pxMode=True, pen=pg.mkPen(ACCENT, width=2.5), brush=None)
        self._marker.setZValue(20)
        self._marker.hide()
        view.plot_item.addItem(self._marker)

    def _action(self, text: str, key: str, tip: str, slot: Any = None) -> QAction:
        action = QAction(text, self.surface.window)
        action.setShortcut(QKeySequence(key))
        action.setToolTip(f"{tip} ({key})")
        action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        self.surface.window.addAction(action)
        return action

    # --- the mode -----------------------------------------------------------------------
    def _training_actions(self) -> tuple[QAction, ...]:
        a = self.surface.actions
        return (a.play, a.step, a.step_batch, a.reset)

    def shown_panel(self) -> QWidget | None:
        """The explanation panel while it is shown (an exportable panel), else None."""
        return self._panel if self._panel is not None and self._panel.isVisible() else None

    def set_active(self, on: bool) -> None:
        """Enter (pausing training) or leave (keeping any update) the explain mode."""
        if on == self.active:
            return
        self.active = on
        self.surface.graph_view.block_edits(OWNER, on)
        self.surface.boundary_view.block_point_edits(OWNER, on)  # sample numbers must stay put
        if on:
            self.surface.pause()
            for action in self._training_actions():
                action.setEnabled(False)  # their keys (Space, →) belong to the mode now
            for action in self._mode_actions:
                action.setEnabled(True)
            self.dock.show()  # the loss chart stays: the step's loss is read against it
            QTimer.singleShot(0, self._give_room)
            self._install_overlay()
            self.request(self.sample)
        else:
            for action in self._mode_actions:
                action.setEnabled(False)
            for action in self._training_actions():
                action.setEnabled(True)
            if self._dock is not None:
                self._dock.hide()
            self._remove_overlay()
            if self._marker is not None:
                self._marker.hide()
            self.explanation, self.applied, self.busy = None, False, False
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)

    def _give_room(self) -> None:
        """In presentation size the panel takes EXPLAIN_SHARE of the window's height as it opens, so that its
        large formulas show (the views keep their least size)."""
        window = self.surface.window
        if look.current().large and self.dock.isVisible() and not self.dock.isFloating():
            window.resizeDocks([self.dock], [int(window.height() * EXPLAIN_SHARE)], Qt.Orientation.Vertical)

    def _on_look_changed(self) -> None:
        """Presentation mode begun while explaining: the panel takes its share, as if it had opened in it (not at
        another change of the look, such as high contrast: a height the user gave the panel stays)."""
        began = look.current().large and not self._presenting
        self._presenting = look.current().large
        if self.active and began:
            self._room_tries = ROOM_TRIES
            self._room_timer.start(0)

    def _give_room_again(self) -> None:
        """Give the panel its share in the turns after presentation mode began: the window's layout passes that
        fold the settings and take up the larger text undo a share given before them."""
        self._give_room()
        self._room_tries -= 1
        if self._room_tries > 0 and self.active:
            self._room_timer.start(ROOM_RETRY_MS)

    def request(self, index: int) -> None:
        """Explain training sample `index` (with the network as it is now)."""
        frame = self.surface.frame
        n = 0 if frame is None else len(frame.train_points)
        self.sample = max(0, int(index)) if int(index) < n or n == 0 else 0
        self.busy = True
        self.panel.show_waiting(f"Working out sample {self.sample + 1}…")
        self.link.send(ExplainSample(self.sample))

    @property
    def phases(self) -> tuple[Phase, ...]:
        """The phases of the current explanation."""
        # lazy: the phases and the graph's overlay load when a sample is first explained (start-up, issue 23)
        from nnviz.session.explain.phases import phases

        return phases(self.explanation.n_layers) if self.explanation is not None else ()

    @property
    def phase(self) -> Phase | None:
        """The phase shown now."""
        return self.phases[self.phase_index] if self.explanation is not None else None

    def next_phase(self) -> None:
        """One phase on; into Update it takes the step."""
        ex = self.explanation
        if ex is None or self.busy or self.phase_index >= len(self.phases) - 1:
            return
        if self.phase_index + 1 == len(self.phases) - 1:
            self.busy = True
            self.link.send(ApplyExplainedUpdate(ex, self.alone))
            return
        self.go_to(self.phase_index + 1)

    def back(self) -> None:
        """One phase back; out of Update it undoes the step exactly."""
        ex = self.explanation
        if ex is None or self.busy or self.phase_index == 0:
            return
        if self.applied:
            self.busy = True
            self.link.send(UndoExplainedUpdate(ex, self.alone))
            return
        self.go_to(self.phase_index - 1)

    def go_to(self, index: int) -> None:
        """Show phase `index` (no update or undo: use next_phase/back for those)."""
        self.phase_index = max(0, min(len(self.phases) - 1, index))
        self.selection = None
        self.refresh()

    def move_sample(self, delta: int) -> None:
        """The previous or next training sample (an applied update stays)."""
        frame = self.surface.frame
        n = 0 if frame is None else len(frame.train_points)
        if not self.active or self.busy or n == 0:
            return
        base = self.explanation.index if self.explanation is not None else self.sample
        self.request((base + delta) % n)

    def set_alone(self, alone: bool) -> None:
        """Step with this sample alone, or with its mini-batch's mean gradient."""
        if alone == self.alone:
            return
        ex = self.explanation
        if ex is not None and self.applied and not self.busy:
            self.busy = True
            self.link.send(UndoExplainedUpdate(ex, self.alone))
            self.link.send(ApplyExplainedUpdate(ex, alone))
        self.alone = alone
        self.refresh()

    # --- answers from the worker ---------------------------------------------------------
    def _on_result(self, result: object) -> None:
        if not self.active:
            return
        # lazy: loaded by the worker's explanation (the module loads when a sample is first explained)
        from nnviz.session.explain.sample import SampleExplanation

        if isinstance(result, SampleExplanation):
            self.explanation, self.applied, self.busy, self._retried = result, False, False, False
            self.sample = result.index
            self.go_to(0)
        elif isinstance(result, UpdateApplied) and self._same(result.explanation):
            self.applied = result.applied
            if result.applied:
                self.busy = False
                self.go_to(len(self.phases) - 1)
            else:
                self.busy = result.alone != self.alone  # an Apply with the other choice follows
                if not self.busy:
                    self.go_to(len(self.phases) - 2)

    def _same(self, ex: SampleExplanation) -> bool:
        """Whether an answer is about the explanation shown (answers from a training process are copies)."""
        mine = self.explanation
        return mine is not None and (ex is mine or (ex.index == mine.index and ex.steps_before == mine.steps_before
                                                    and np.array_equal(ex.params_before, mine.params_before)))

    def _on_failed(self, message: str) -> None:
        if self.active and self.busy and not self._retried:  # a refused task: start again from the network as it is
            self._retried = True
            self.request(0)
        elif self.active:
            if self.busy and self.explanation is None:  # refused again: the panel says why, not "Working out…"
                self.panel.show_waiting(message)
            self.busy = False

    def _on_config_changed(self, config: object, problem: str) -> None:
        if self.active and not self.busy:  # another network or other data: explain again from the start
            self.request(self.sample)

    # --- clicks --------------------------------------------------------------------------
    def _on_graph_click(self, target: GraphRef) -> None:
        """A click on a neuron (or its bias marker) or an edge selects it."""
        if not self.active or self.explanation is None:
            return
        self.selection = target.owner() if isinstance(target, BiasRef) else target
        self.refresh()

    def _on_plane_click(self, click: PlaneClick) -> None:
        """A left click on the output view picks the nearest training sample (Shift+click inspects instead)."""
        shift = click.modifiers & Qt.KeyboardModifier.ShiftModifier
        if not self.active or click.button != Qt.MouseButton.LeftButton or shift or self.busy:
            return
        frame = self.surface.frame
        if frame is not None:
            # lazy: the explanation's maths loads when explain mode first picks a sample (start-up, issue 23)
            from nnviz.session.explain.sample import nearest_sample

            index = nearest_sample(frame.train_points, (click.x, click.y))
            if index >= 0:
                self.request(index)

    # --- drawing -------------------------------------------------------------------------
    def current_display(self) -> PhaseDisplay:
        """What the graph shows now."""
        # lazy: the phases and the graph's overlay load when a sample is first explained (start-up, issue 23)
        from nnviz.session.explain.phases import PhaseDisplay, display

        ex, phase = self.explanation, self.phase
        return PhaseDisplay() if ex is None or phase is None else display(ex, phase, self.alone)

    def refresh(self) -> None:
        """Redraw the panel, the overlay and the sample marker."""
        # lazy: the phases and the graph's overlay load when a sample is first explained (start-up, issue 23)
        from nnviz.ui.teach.overlay import ACCENT

        ex, phase = self.explanation, self.phase
        if ex is None or phase is None:
            return
        shown = self.current_display()
        if self.selection is None:
            self.selection = shown.default
        self.panel.show_phase(ex, phase, self.phase_index, len(self.phases), self.selection, self.alone)
        if self.overlay is not None:
            self.overlay.show_display(shown, self.selection)
        if self._marker is None:
            self.surface.boundary_view.build()  # a sample explained before the plot was made: make it now
        assert self._marker is not None  # made by the build
        self._marker.setData(pos=np.asarray([self._marker_place(ex)], dtype=np.float64))
        self._marker.setPen(QColor(ACCENT), width=2.5)
        self._marker.show()

    def _marker_place(self, ex: SampleExplanation) -> tuple[float, float]:
        """Where the boundary draws the sample: its place on the shown slice (its first two columns
        are not that place when the data has more columns or the view shows principal components)."""
        frame = self.surface.frame
        if frame is not None and 0 <= ex.index < len(frame.train_points):
            x, y = frame.train_points[ex.index][:2]
            return float(x), float(y)
        return ex.point

    def _install_overlay(self) -> None:
        # lazy: the phases and the graph's overlay load when a sample is first explained (start-up, issue 23)
        from nnviz.ui.teach.overlay import TeachOverlay

        lay = self.surface.graph_view.graph_layout
        if lay is None:
            return
        self.overlay = TeachOverlay(lay)
        self.surface.graph_view.scene().addItem(self.overlay)
        self.refresh()

    def _remove_overlay(self) -> None:
        if self.overlay is not None and self.overlay.scene() is not None:
            self.overlay.scene().removeItem(self.overlay)
        self.overlay = None

    def _on_graph_rebuilt(self) -> None:
        self.overlay = None  # the scene was cleared: the old item is gone
        if self.active:
            self._install_overlay()
