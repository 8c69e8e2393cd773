"""Features plug into the window through its surface; graph clicks travel as typed refs to every listener."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QPointF, Qt

from nnviz.session import Config, Frame, Session
from nnviz.session.graph_refs import BiasRef, EdgeRef, NeuronRef
from nnviz.ui.graph.view import NetworkGraphView
from nnviz.ui.window.surface import WindowSurface
from tests.ui.probes import bias_position, edge_position, node_position

WAIT_MS = 10_000
UI = Path(__file__).resolve().parents[2] / "nnviz" / "ui"
FEATURE_FILES = sorted([*(UI / "teach").glob("*.py"), *(UI / "tables").glob("*.py"),
                        UI / "export" / "menu.py", UI / "export" / "panels.py",
                        UI / "export" / "recorder.py"])


class Listener:
    """A feature of a test: it keeps what the surface tells it."""

    def __init__(self, surface: WindowSurface) -> None:
        self.surface = surface
        self.frames: list[int] = []
        self.configs: list[Config] = []
        self.clicks: list[object] = []
        surface.frameDrawn.connect(lambda packet: self.frames.append(packet.frame.epoch))
        surface.configChanged.connect(lambda config, problem: self.configs.append(config))
        surface.graph_view.targetClicked.connect(self.clicks.append)
        self.menu = surface.menu("Listener")
        self.menu.addAction("Listen")


def test_a_feature_in_the_list_gets_frames_config_changes_and_clicks(qtbot, make_window, monkeypatch):
    from nnviz.ui.window import features, main_window

    monkeypatch.setattr(main_window, "FEATURES", (*features.FEATURES, ("listener", Listener)))
    window = make_window(Config(points=40, hidden=(2,)))
    listener = window.features["listener"]
    assert isinstance(listener, Listener) and listener.surface.frame.epoch == 0  # drawn before features are built
    window.step_epoch()
    qtbot.waitUntil(lambda: 1 in listener.frames, timeout=WAIT_MS)
    window.request_config({"learning_rate": 0.1})
    qtbot.waitUntil(lambda: any(c.learning_rate == 0.1 for c in listener.configs), timeout=WAIT_MS)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Listener" in titles and "Teach" in titles  # the window's own features are still there
    assert titles[-1] == "Help"  # Help stays the last menu, whatever features add
    _click(qtbot, window.graph_view, NeuronRef(1, 0))
    teaching = window.features["teaching"]
    assert listener.clicks == [NeuronRef(1, 0)] and not teaching.explain.active  # both listen; nobody steals


def _scene_point(view: NetworkGraphView, ref) -> QPointF:  # type: ignore[no-untyped-def]
    """The scene position of a neuron's centre, a bias marker's centre or an edge's midpoint."""
    if isinstance(ref, EdgeRef):
        return edge_position(view, ref.layer, ref.src, ref.dst)
    if isinstance(ref, BiasRef):
        return bias_position(view, ref.layer, ref.neuron)
    return node_position(view, ref.layer, ref.neuron)


def _click(qtbot, view: NetworkGraphView, ref) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(_scene_point(view, ref)))


def _frame() -> Frame:
    session = Session(Config(points=40, hidden=(1,)))  # sizes (2, 1, 1): well separated edges
    return session.snapshot(40)


def test_graph_clicks_are_published_as_typed_refs_and_a_blocking_feature_stops_the_editor(qtbot):
    view = NetworkGraphView()
    qtbot.addWidget(view)
    view.resize(700, 480)
    view.show()
    qtbot.waitExposed(view)
    view.set_frame(_frame())
    first: list[object] = []
    second: list[object] = []
    view.targetClicked.connect(first.append)
    view.targetClicked.connect(second.append)
    for ref in (EdgeRef(1, 1, 0), BiasRef(2, 0), NeuronRef(0, 1)):
        _click(qtbot, view, ref)
    assert first == second == [EdgeRef(1, 1, 0), BiasRef(2, 0), NeuronRef(0, 1)]
    edited: list[object] = []
    view.weightEdited.connect(lambda edge, value: edited.append(edge))
    _click(qtbot, view, EdgeRef(1, 0, 0))
    editor = view.findChild(type(view._editing.editor))
    assert editor is not None and editor.isVisible()  # an edge opens the inline editor
    view.block_edits("test", True)
    assert not editor.isVisible()
    _click(qtbot, view, EdgeRef(1, 0, 0))
    assert not editor.isVisible() and first[-1] == EdgeRef(1, 0, 0)  # published, not edited
    view.block_edits("test", False)
    _click(qtbot, view, BiasRef(1, 0))
    assert editor.isVisible()


def _imports_and_private_names(path: Path) -> tuple[set[str], list[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    private = [f"{path.name}:{node.lineno} .{node.attr}" for node in ast.walk(tree)
               if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
               and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))]
    return imported, private


def test_features_never_import_the_main_window_nor_touch_a_private_name():
    assert len(FEATURE_FILES) >= 10
    for path in FEATURE_FILES:
        imported, private = _imports_and_private_names(path)
        assert "nnviz.ui.window.main_window" not in imported, path.name
        assert private == [], private
    probe = UI.parent.parent / "tests" / "ui" / "test_surface.py"  # this file reads view._editing: the scan sees it
    assert any("._editing" in p for p in _imports_and_private_names(probe)[1])
