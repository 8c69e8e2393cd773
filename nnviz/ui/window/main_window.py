"""The main window: panels and views around a training worker; it draws Frames and sends commands."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication

from nnviz.errors import NnvizError
from nnviz.session import Config, Frame, Session
from nnviz.session import commands as cmd
from nnviz.session.config_change import ConfigChange
from nnviz.session.events import FramePacket
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.heatmap_sizes import HeatmapSizes
from nnviz.ui.controls.network_panel import hidden_after_neuron_change
from nnviz.ui.files.flow import install_files
from nnviz.ui.first_paint import after_first_paint
from nnviz.ui.graph.view import NetworkGraphView
from nnviz.ui.plots.boundary_view import BoundaryView
from nnviz.ui.plots.deferred_canvas import show_settled
from nnviz.ui.plots.loss_chart import LossChart
from nnviz.ui.window.actions import build_actions, build_menus
from nnviz.ui.window.config_requests import ConfigRequests
from nnviz.ui.window.csv_choices import CsvChoices
from nnviz.ui.window.features import FEATURES
from nnviz.ui.window.file_answers import FileAnswers
from nnviz.ui.window.file_errors import FileErrorDialog
from nnviz.ui.window.geometry import remember_geometry
from nnviz.ui.window.input_watch import InputWatch
from nnviz.ui.window.layout import WindowParts, build_parts
from nnviz.ui.window.one_repaint import FrameRepaint
from nnviz.ui.window.pacing import (
    EDGES_INTERVAL,
    FRAME_INTERVAL,
    LOSS_INTERVAL,
    STATUS_INTERVAL,
    THUMBS_INTERVAL,
    Pacer,
)
from nnviz.ui.window.play_button import PlayButton
from nnviz.ui.window.session_files import SessionFileCommands
from nnviz.ui.window.shell import WindowShell
from nnviz.ui.window.status_bar import FrameRateMeter, TrainingStatusBar
from nnviz.ui.window.surface import WindowSurface
from nnviz.ui.window.toolbar import SettingsToolBar, TrainingToolBar
from nnviz.ui.window.training_controls import TrainingControls
from nnviz.ui.window.view_edits import ViewEdits
from nnviz.ui.worker import NoTraining, TrainingBackend, TrainingThread, start_training

log = logging.getLogger(__name__)

QUEUED = Qt.ConnectionType.QueuedConnection
BOUNDARY_RESOLUTION = 200


class MainWindow(SessionFileCommands, TrainingControls, WindowShell):
    """nnviz's window: a Session trained by a backend (a child process, a thread, or none), drawn live, edited."""

    def __init__(self, session: Session | None = None, *, backend: TrainingBackend = "process",
                 resolution: int = BOUNDARY_RESOLUTION, frame_interval: float = FRAME_INTERVAL,
                 session_path: str | Path | None = None, training_after_paint: bool = False,
                 plots_after_paint: bool = False) -> None:
        """plots_after_paint (the app): the window paints first, then makes its plots (pyqtgraph, issue 23)."""
        super().__init__()
        self._build(session, backend=backend, resolution=resolution, frame_interval=frame_interval,
                    session_path=session_path, training_after_paint=training_after_paint,
                    plots_after_paint=plots_after_paint)

    @classmethod
    def build_on(cls, shell: WindowShell, session: Session | None = None, *, backend: TrainingBackend = "process",
                 session_path: str | Path | None = None) -> MainWindow:
        """Make the window's parts on a shell that has painted (the app's launch, issue 23): the same window object
        becomes this MainWindow, its stand-in menus give way to the real ones in this turn; the plots, then the
        training process, follow its next paint."""
        shell.__class__ = cls  # the same Qt window, on screen already: its Python class gains the window's methods
        window = cast(MainWindow, shell)
        window.drop_placeholders()
        window._build(session, backend=backend, resolution=BOUNDARY_RESOLUTION, frame_interval=FRAME_INTERVAL,
                      session_path=session_path, training_after_paint=True, plots_after_paint=True)
        return window

    def _build(self, session: Session | None, *, backend: TrainingBackend, resolution: int, frame_interval: float,
               session_path: str | Path | None, training_after_paint: bool, plots_after_paint: bool) -> None:
        session = session if session is not None else Session(Config())
        self._requests = ConfigRequests(session.config)  # the one place the window holds settings
        self.csv_choices = CsvChoices(self)  # a csv_path that came in a file is read again only once confirmed
        self._running = False
        self._closed = False
        self.session_path: Path | None = Path(session_path) if session_path else None
        self.lesson_title = ""  # the lesson's own title, when the session has a lesson (the window title shows it)
        self.latest: FramePacket | None = None
        self._fps = FrameRateMeter()
        self._loss_pacer, self._status_pacer = Pacer(LOSS_INTERVAL), Pacer(STATUS_INTERVAL)
        self._edges_pacer = Pacer(EDGES_INTERVAL)
        self._thumbs_pacer = Pacer(THUMBS_INTERVAL)

        self.actions_ = build_actions(self, self)
        build_menus(self.menuBar(), self.actions_)
        a = self.actions_
        self.toolbar = TrainingToolBar(a.reset, a.play, a.step, a.step_batch)
        self.addToolBar(self.toolbar)
        self.parts: WindowParts = build_parts(self, plots_deferred=plots_after_paint)
        p = self.parts
        self.graph_view: NetworkGraphView = p.graph_view  # annotated: features import this module in a cycle
        self.boundary_view: BoundaryView = p.boundary_view
        self.loss_chart: LossChart = p.loss_chart
        settings_bar = SettingsToolBar(p.training_panel)
        self.addToolBarBreak()
        self.addToolBar(settings_bar)
        self.status = TrainingStatusBar()
        self.file_error = FileErrorDialog(self)
        self.setStatusBar(self.status)
        self.play_button = PlayButton(a.play, self.status)  # "Starting…" while the trainer is not up yet
        self._connect_views()
        self.edits = ViewEdits(p.graph_view, p.boundary_view, self.send,
                               lambda: 0 if self.latest is None else self.latest.frame.structure_version)
        self.surface: WindowSurface = WindowSurface(self, self, graph_view=p.graph_view, boundary_view=p.boundary_view,
                                     loss_chart=p.loss_chart, actions=a,
                                     training_bar=self.toolbar, settings_bar=settings_bar, status=self.status,
                                     file_error=self.file_error)
        self.file_answers = FileAnswers(self.surface)  # the answer to the file command in flight

        self._sync_panels(session.config, session.spec.problem)
        self.heatmap_sizes = HeatmapSizes(resolution)  # heatmaps are computed at the size they are drawn
        self.frame_repaint = FrameRepaint(self)  # every scene a frame changed is painted in one pass
        self.graph_view.set_edge_gate(self.frame_repaint.waits)  # edges stroked between events wait for that pass
        self.graph_view.neuronHovered.connect(self._on_neuron_hovered)  # that neuron's comes at the output's size
        first = FrameGrids(resolution, self.heatmap_sizes).with_grids(session.snapshot(resolution, grids=False))
        self.draw(FramePacket(first, False, 0.0, None))  # made before the worker owns the session: no race
        # training_after_paint (the app): the training process starts once the window has painted, not before
        self.training: TrainingThread | NoTraining = start_training(
            session, backend, resolution, frame_interval, self.heatmap_sizes, spawn_now=not training_after_paint)
        self.send(cmd.SetSpeed(self.toolbar.speed_limit()))  # a pace a person can follow, unless asked otherwise
        self.input_watch = InputWatch(self, self._input_seen)  # a click's pixels before the next frame, in one pass
        self._arrived: list[FramePacket] = []  # frames handed on; the newest is drawn in the next turn (_on_frame)
        self._frame_turn = QTimer(self, singleShot=True)
        self._frame_turn.timeout.connect(self._draw_arrived)
        # a running frame's loss chart redraws in a turn of its own after the frame's pass: a click waits for one of
        # the two, not both (issue 23)
        self._loss_turn = QTimer(self, singleShot=True)
        self._loss_turn.timeout.connect(self._draw_loss)
        after_first_paint(self, lambda: self.input_watch.watch(self.windowHandle()))
        self._connect_worker()
        self.files = install_files(self.surface)  # New, Open, Save, the unsaved-changes question
        self.update_title()
        self.features: dict[str, object] = {name: install(self.surface) for name, install in FEATURES}
        if session.pins.pins:  # an opened run's pinned runs show from the first paint, not once the trainer answers
            self.surface.pinsChanged.emit(session.pins.infos())  # (the trainer's thread has not started yet)
        self.files.start(session, self.session_path, watch_drops=not plots_after_paint)  # else with the plots
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)  # never leave a running QThread behind at exit
        if plots_after_paint:  # the plots first, then the training process, in one turn after the first paint
            after_first_paint(self, lambda: show_settled(self, (self.boundary_view, self.loss_chart), self.build_plots))
        if training_after_paint:  # (not once the window is shut down: the launch's event loop may end before)
            after_first_paint(self, lambda: None if self._closed else self.training.start())
        else:
            self.training.start()

    def build_plots(self) -> None:
        """Make the output view's and the loss chart's plots now, if they wait for the first paint (idempotent)."""
        self.boundary_view.build()
        self.loss_chart.build()
        self.files.drops.watch_children()  # a file dropped on a plot opens too

    # --- wiring ---------------------------------------------------------------------------
    def _connect_views(self) -> None:
        p = self.parts
        p.data_panel.config_source = p.network_panel.config_source = self._requests.requested
        p.data_panel.changeRequested.connect(self.request_config)
        p.data_panel.regenerateRequested.connect(self.regenerate)
        p.data_panel.loadCsvRequested.connect(self.actions_.load_csv.trigger)
        p.network_panel.changeRequested.connect(self.request_config)
        p.training_panel.changeRequested.connect(self.request_config)
        self.toolbar.speedChanged.connect(self.set_speed)
        self.graph_view.neuronCountChangeRequested.connect(self.change_neurons)
        p.connect_views()  # the views' own controls, and the graph's hover in the output view

    def _connect_worker(self) -> None:
        w = self.training.worker  # only bound methods of GUI-thread objects: they run in the GUI thread
        w.frameReady.connect(self._on_frame, QUEUED)
        w.runningChanged.connect(self._on_trainer_running, QUEUED)
        w.failed.connect(self.file_answers.failed, QUEUED)
        w.notice.connect(self.file_answers.notice, QUEUED)
        w.configChanged.connect(self._on_config_changed, QUEUED)
        w.saved.connect(self._on_saved, QUEUED)
        w.opened.connect(self._on_opened, QUEUED)
        w.taskDone.connect(self.surface.taskDone, QUEUED)
        w.setAside.connect(self.surface.setAside, QUEUED)
        w.pinsChanged.connect(self.surface.pinsChanged, QUEUED)
        w.trainerDown.connect(self.play_button.trainer_down, QUEUED)

    def _on_neuron_hovered(self, layer: int, neuron: int) -> None:
        self.heatmap_sizes.hover(layer, neuron)
        frame = self.frame  # an output is drawn at the output's size already
        if frame is not None and 0 <= layer < len(frame.sizes) - 1 and not self.running:
            self.send(cmd.ShowAgain())  # paused, no frame would come: it is sent again, with that picture

    def send(self, command: cmd.Command) -> None:
        """Queue a command for the training worker."""
        if not self._closed and self.surface.allows(command) and not self._refused_without_trainer(command):
            self.training.send(command)
            self.surface.commandSent.emit(command)

    # --- frames ---------------------------------------------------------------------------
    def _on_frame(self, packet: FramePacket) -> None:
        # drawn in the next turn of the event loop, after the input queued before it; a live frame handed on before
        # that input then waits as long as the hand-off holds frames for it, so the click's pixels come first
        self.play_button.trainer_sent_frame(packet.running)
        self._arrived.append(packet)
        self._frame_turn.start(0)

    def _draw_arrived(self) -> None:
        wait = self.training.hold_left()
        if wait > 0:
            self._frame_turn.start(math.ceil(wait * 1000))
            return
        if not self._arrived or self._closed:
            return
        *older, packet = self._arrived  # frames that came together: the newest shows the state they led to
        self._arrived.clear()
        for _ in older:  # acknowledged unseen: the hand-off counts every frame handed on
            self.send(cmd.FrameConsumed())
        try:
            self.draw(packet)
        finally:  # also when a view failed: a frame never acknowledged holds back every later one (FrameHandoff)
            self.send(cmd.FrameConsumed())

    def draw(self, packet: FramePacket) -> None:
        """Hand a frame to the views and paint them at once, while the worker holds back."""
        training = getattr(self, "training", None)
        if training is not None:
            training.drawing_started()
        try:
            self._draw_views(packet)
        finally:
            if training is not None:
                training.drawing_done()

    def _draw_views(self, packet: FramePacket) -> None:
        if self.latest is not None and packet.running != self.latest.running:  # paused: training's rate goes (it
            self._fps = FrameRateMeter()  # stayed while paused); started: measured from now, not from the pause
        self.latest = packet
        frame = packet.frame
        edges = self._edges_pacer.due(packet.running)
        loss = self._loss_pacer.due(packet.running, another=edges)  # its axes are costly to repaint
        if loss and not packet.running:
            self.loss_chart.set_frame(frame)
        thumbnails = self._thumbs_pacer.due(packet.running)  # a paused frame's: always its own
        self.graph_view.set_frame(frame, edges=edges, live=packet.running, thumbnails=thumbnails)
        self.boundary_view.set_frame(frame)
        self.parts.point_controls.show_frame(frame)
        self.toolbar.set_epoch(frame.epoch)
        self.status.show_epoch(frame.epoch)  # both counters from the same frame
        self.parts.data_panel.set_columns(len(frame.column_names) or 2)
        # the data panel says when the points were made by hand (a lesson's) and when none are held out to test on
        self.parts.data_panel.show_points(self.config.dataset, frame)
        self.surface.frameDrawn.emit(packet)  # features draw their part before the views repaint
        fps = self._fps.tick()
        if self._status_pacer.due(packet.running) or self.play_button.status_overdue():  # readable, and cheap
            rate = packet.epochs_per_second if packet.running else None
            self.status.show_frame(frame, rate, fps, starting=packet.running)  # no figure yet: "starting…"
            self.toolbar.show_rate(rate)
            self.play_button.after_status()  # a paused frame while the trainer starts up: not "paused"
        # no repaint here: the scenes post their changes and Qt paints every marked part in one pass when the
        # event loop next runs (a synchronous repaint painted little and held the frame longer: issue 23)
        self.heatmap_sizes.show(self.graph_view.thumbnail_pixels(), self.boundary_view.panel_pixels())
        if packet.running:  # the scenes process their changes in calls of their own: one repaint after all
            self.frame_repaint.hold()
            if loss:  # then the loss chart, in a turn of its own
                self.frame_repaint.after(lambda: self._loss_turn.start(0))

    def _input_seen(self) -> None:
        """A press, release, key or wheel: no live frame is handed on until it is drawn, and what it changes in
        the scenes (their queued calls) is painted in one pass with the widgets it changed (issue 23)."""
        self.training.input_seen()
        self.frame_repaint.hold()
        self.frame_repaint.after(self.training.input_drawn)  # the reader's heatmap pass gave way until then

    def _draw_loss(self) -> None:
        if self.latest is not None and not self._closed:
            self.loss_chart.set_frame(self.latest.frame)

    @property
    def frame(self) -> Frame | None:
        """The latest Frame drawn."""
        return None if self.latest is None else self.latest.frame

    # --- edits ----------------------------------------------------------------------------------
    def change_neurons(self, hidden_index: int, delta: int) -> None:
        """Add or remove neurons of a hidden layer (from the graph's +/- buttons or the panel)."""
        hidden = hidden_after_neuron_change(self._requests.requested().hidden, hidden_index, delta)
        if hidden is not None:
            self.request_config(ConfigChange(hidden=hidden))

    # --- config -----------------------------------------------------------------------------------
    @property
    def config(self) -> Config:
        """The config the worker confirmed last."""
        return self._requests.confirmed

    def request_config(self, changes: ConfigChange) -> bool:
        """Change settings: validated here, applied by the worker between steps. False when refused here.

        The panels show the change once the worker confirms it (or go back when it refuses)."""
        if not self.csv_choices.may_read(self._requests.requested(), changes):  # a change that reads the CSV again
            self._sync_panels(self._requests.confirmed)
            return False
        try:
            request = self._requests.request(changes)
        except NnvizError as exc:
            self.status.show_error(str(exc))
            self._sync_panels(self._requests.confirmed)
            return False
        if request is not None:
            self.send(cmd.ApplyConfig(*request))
        return True

    def _on_config_changed(self, seq: int, config: Config, problem: str) -> None:
        if self._requests.confirm(seq, config):
            self._sync_panels(config, problem)  # the session's own problem: the frame drawn last may be older
        self.surface.configChanged.emit(config, problem)

    def _sync_panels(self, config: Config, problem: str = "") -> None:
        p = self.parts
        p.data_panel.set_config(config, problem)
        p.network_panel.set_config(config)
        p.training_panel.set_config(config)
        self.update_title()

    # --- files (the rest: session_files.py) ------------------------------------------------------
    def open_file(self, path: str) -> None:
        """Open a file the way the user asked for it: the window's one way (nnviz.ui.files.flow)."""
        self.files.open(path)

    def shutdown(self) -> bool:
        """Stop the worker thread (idempotent); True when it has finished."""
        self._closed = True
        self.input_watch.stop()
        self.file_error.close()  # no modal message outlives the window
        return self.training.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop training cleanly before the window goes; remember where it was."""
        remember_geometry(self)
        self.shutdown()
        super().closeEvent(event)
