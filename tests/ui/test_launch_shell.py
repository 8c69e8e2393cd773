"""The app paints its window before it loads pyqtgraph, then makes its plots (issue 23: launch)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from nnviz.session import Config, Session
from nnviz.session.files import save_session
from nnviz.ui.window.shell import MENU_TITLES

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 30_000
# what the first paint does not need: pyqtgraph (the plots are made right after it) and the Qt modules it brings
NOT_BEFORE_THE_FIRST_PAINT = ("pyqtgraph", "PySide6.QtSvg", "PySide6.QtTest", "PySide6.QtOpenGL",
                              "PySide6.QtOpenGLWidgets",
                              "numpy.ma",  # loaded by np.unique: a shipped table read for the picker's pictures
                              # the training machinery: made when training starts, right after the first paint
                              "multiprocessing", "nnviz.session.runner", "nnviz.session.training_process",
                              "nnviz.ui.autosave",  # autosave starts then too (nothing can have changed before)
                              # the CSV and table readers: no file is read to paint the default window
                              "nnviz.data.csv_loader", "nnviz.data.table", "nnviz.data.csv_lines", "csv",
                              "importlib.abc",  # (it loads importlib.resources): a finder needs only find_spec
                              # no JSON is read, no lesson's HTML checked, no tooltip escaped before it
                              "json", "html.parser", "html.entities", "nnviz.session.lesson_html")
# Qt classes no part of the first window uses: PySide6 makes a class (and a Python enum for each of its enums, about
# half a millisecond each) when it is first read, so they are read where a dialog opens
NOT_MADE_BEFORE_USE = {"QtWidgets": ("QFileDialog", "QMessageBox", "QInputDialog", "QDialogButtonBox"),
                       "QtCore": ("QStandardPaths",), "QtGui": ("QTextCursor",)}
# what no part of the first window shows: docks, dialogs, the lessons' list; each loads when first opened
NOT_BUILT_BEFORE_USE = ("nnviz.ui.tables.slice_panel", "nnviz.ui.tables.confusion_view",
                        "nnviz.ui.tables.import_dialog", "nnviz.ui.tables.export", "nnviz.ui.teach.explain_panel",
                        "nnviz.ui.lessons.panel", "nnviz.ui.lessons.editor", "nnviz.ui.lessons.safe_text",
                        "nnviz.ui.export.dialog", "nnviz.ui.export.network_data", "nnviz.cli.command_line",
                        "nnviz.session.explain.sample",  # the explanation's maths: when a sample is explained
                        "nnviz.session.explain.phases", "nnviz.ui.teach.overlay")  # and its phases, on the graph
PROBE = f"NOT_MADE_BEFORE_USE = {NOT_MADE_BEFORE_USE!r}\n" + """
import os, sys
sys.argv = ["nnviz"]
import nnviz.ui.app as app
seen = []  # the modules loaded when the built window first paints
shell_seen = []  # when the window first paints, before it is built (its title and menu bar: issue 23)
docks = []
built = []
icons = []
sheets = []
made = []
collecting = []
looked = []
first_shell = []  # the window's class, title, id and menu titles at its first paint
built_window = []  # its id, menu titles and title when it first paints built
first_paint_hooks = []  # other probes add what they note at the first paint
quit_after_first_paint = app._quit_after_first_paint

def watching(window, screenshot):
    # Qt is read here, once the app has loaded it (the app loads the session's modules before Qt)
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QDockWidget

    class Watch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not shell_seen:
                shell_seen.append(sorted(sys.modules))
                first_shell.append((type(watched).__name__, watched.windowTitle(), id(watched),
                                    [a.text() for a in watched.menuBar().actions()]))
            if event.type() == QEvent.Type.Paint and not seen and type(watched).__name__ == "MainWindow":
                built_window.append((id(watched), [a.text() for a in watched.menuBar().actions()],
                                     watched.windowTitle()))
                for hook in first_paint_hooks:
                    hook()
                seen.append(sorted(sys.modules))  # the modules loaded when the window first paints
                import PySide6.QtWidgets as widgets
                built.append("QWizard" in vars(widgets))  # PySide6 builds its classes as they are first used
                # a combo box's popup list: nothing of nnviz uses one, only a search reading every widget back builds it
                built.append("QListView" in vars(widgets))
                icons.append(QApplication.windowIcon().isNull())
                collecting.append(QApplication.instance()._nnviz_gc.timer.isActive())
                looked.append("numpy._core.multiarray" in sys.modules["shibokensupport.feature"].pyside_feature_dict)
                import PySide6
                made.extend(f"{module}.{name}" for module, names in NOT_MADE_BEFORE_USE.items()
                            for name in names if name in vars(getattr(PySide6, module)))
                sheets.append(QApplication.instance().styleSheet())
                docks.extend(w.objectName() for w in QApplication.allWidgets() if isinstance(w, QDockWidget))
            return False

    window._watch = Watch(window)
    window.installEventFilter(window._watch)
    quit_after_first_paint(window, screenshot)

app._quit_after_first_paint = watching
make_application = app._application

def application():
    made = make_application()
    sheets.append(made.styleSheet())  # what the window's widgets are put together under
    return made

app._application = application
from nnviz.__main__ import main
main()
from PySide6.QtWidgets import QApplication
print("at first paint:", " ".join(seen[0]))
print("at the shell's paint:", " ".join(shell_seen[0]))
print("shell:", repr(first_shell[0]))
print("built:", repr(built_window[0]))
print("docks at first paint:", " ".join(docks))
print("every QtWidgets class built at first paint:", built[0])
print("every widget read back at first paint:", built[1])
print("no icon at first paint:", icons[0], "and at the end:", QApplication.windowIcon().isNull())
print("style sheet while the window is built:", bool(sheets[0]), "at first paint:", bool(sheets[1]))
print("Qt classes made at first paint:", " ".join(made))
print("numpy's modules read by PySide6 for its feature switches:", looked[0])
print("collector's timer at first paint:", collecting[0], "and at the end:",
      QApplication.instance()._nnviz_gc.timer.isActive())
"""


def _launch(probe: str, home: Path, **variables: str | None) -> list[str]:
    """The lines a probe prints when it launches the app (offscreen, quitting after its first paint); a variable
    given as None is unset."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NNVIZ_AUTOSAVE_DIR=str(home), HOME=str(home),
               NNVIZ_EXIT_AFTER_PAINT="1")
    for name, value in variables.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.splitlines()


def test_the_first_paint_comes_before_pyqtgraph_and_the_plots_come_after_it(tmp_path):
    lines = _launch(PROBE, tmp_path)
    loaded = next(line for line in lines if line.startswith("at first paint:")).split()[3:]
    assert "nnviz.ui.window.main_window" in loaded  # the probe did see the window's paint
    assert [m for m in loaded if m.split(".")[0] == "pyqtgraph" or m in NOT_BEFORE_THE_FIRST_PAINT] == []
    assert any(line.startswith("nnviz: plots painted") for line in lines), lines  # made after it
    assert [m for m in loaded if m in NOT_BUILT_BEFORE_USE] == []
    docks = next(line for line in lines if line.startswith("docks at first paint:")).split()[4:]
    assert docks == []  # every dock (explain, slice, confusion, lessons, hidden space) is built when first shown
    # a widget Qt made (a scroll area's viewport) read back from Qt makes PySide6 build every QtWidgets class
    assert "every QtWidgets class built at first paint: False" in lines, lines
    # nor is every widget read back (a search of the whole window: ~300 Python wrappers, and their classes built)
    assert "every widget read back at first paint: False" in lines, lines
    # the app's icon (SVG: Qt's SVG icon engine) is read after the first paint, and set before the app quits
    assert "no icon at first paint: True and at the end: False" in lines, lines
    # the window is put together before the app's style sheet is set (each step would style its widgets again),
    # and shows with it
    assert "style sheet while the window is built: False at first paint: True" in lines, lines
    made = next(line for line in lines if line.startswith("Qt classes made at first paint:")).split(":")[1].split()
    assert made == []  # the dialogs' classes (and their enums) are made when a dialog first opens
    # the garbage collector's timer starts after the first paint: due while the window is built, it would fire first
    # thing in the event loop, before the paint, and its first look counts every object the launch made
    assert "collector's timer at first paint: False and at the end: True" in lines, lines


def test_the_window_first_paints_its_title_and_menu_bar_without_numpy_then_the_same_window_is_built(tmp_path):
    """The launch's first paint is the main window itself (not a picture of it), titled and with its menu bar's
    titles, before numpy and the session load; that very window object is then built (issue 23: launch)."""
    lines = _launch(PROBE, tmp_path)
    loaded = next(line for line in lines if line.startswith("at the shell's paint:")).split()[4:]
    assert "PySide6.QtWidgets" in loaded  # the probe did see a paint
    assert [m for m in loaded if m.split(".")[0] == "numpy" or m.startswith("nnviz.session")
            or m in ("nnviz.engine", "nnviz.ui.window.main_window", "pyqtgraph")] == []
    shell = ast.literal_eval(next(line for line in lines if line.startswith("shell:")).split(":", 1)[1])
    built = ast.literal_eval(next(line for line in lines if line.startswith("built:")).split(":", 1)[1])
    kind, title, window_id, menus = shell
    assert (kind, title) == ("WindowShell", "Untitled — nnviz")
    assert window_id == built[0]  # the same object, now a MainWindow
    assert menus == built[1] == list(MENU_TITLES)  # the bar's titles, at the same places, before and after
    assert built[2] == title


def test_a_file_named_at_launch_titles_the_window_from_its_first_paint(tmp_path):
    """The file is read before the window shows: its session's name is the title from the first paint on."""
    path = tmp_path / "named.nnviz"
    save_session(Session(Config(dataset="xor", hidden=(3,), name="My <b>xor</b>")), path)
    probe = PROBE.replace('sys.argv = ["nnviz"]', f'sys.argv = ["nnviz", {str(path)!r}]')
    lines = _launch(probe, tmp_path)
    shell = ast.literal_eval(next(line for line in lines if line.startswith("shell:")).split(":", 1)[1])
    built = ast.literal_eval(next(line for line in lines if line.startswith("built:")).split(":", 1)[1])
    assert shell[1] == built[2] == "My <b>xor</b> — nnviz"  # plain text, as the built window shows it


def test_the_window_paints_then_makes_its_plots_and_draws_the_frame_in_them(qtbot, styled_app):
    from nnviz.ui.smoke import blank_reason
    from nnviz.ui.window.main_window import MainWindow

    session = Session(Config(points=60))
    session.train(3)  # a history for the loss chart to draw
    window = MainWindow(session, backend="none", resolution=40, plots_after_paint=True)
    qtbot.addWidget(window)
    boundary, chart = window.boundary_view, window.loss_chart
    assert not boundary.built and not chart.built  # nothing of pyqtgraph made before the first paint
    assert "train" in chart.summary.text()  # the legend is a label: its figures show from the first paint
    window.resize(1024, 700)
    window.show()
    qtbot.waitUntil(lambda: boundary.built and chart.built, timeout=WAIT_MS)
    frame = window.frame
    assert frame is not None
    assert boundary._image.image.shape[:2] == frame.boundary().shape  # the frame drawn before the plot existed
    assert len(frame.history) > 0 and list(chart.train_curve.xData) == list(frame.history.epoch)
    explain = window.features["teaching"].explain  # type: ignore[attr-defined]
    assert explain._marker in boundary.plot_item.items  # features' plot items are added once the plot exists
    assert blank_reason(boundary.grab().toImage()) == ""


def test_a_plot_part_read_before_the_build_makes_the_plot(qtbot, styled_app):
    """Tests and features may read a part at once: the view then builds itself (no wait, no event loop)."""
    from nnviz.ui.plots.boundary_view import BoundaryView
    from nnviz.ui.plots.loss_chart import LossChart

    view, chart = BoundaryView(deferred=True), LossChart(deferred=True)
    qtbot.addWidget(view)
    qtbot.addWidget(chart)
    added = []
    view.when_built(added.append)
    assert not view.built and not chart.built and added == []
    assert view.plot_item is not None and chart.accuracy_item is not None
    assert view.built and chart.built and added == [view]


def test_before_its_plot_the_output_view_paints_the_frame_s_heatmap_where_the_plane_goes(qtbot, styled_app):
    from nnviz.ui.plots.boundary_view import BoundaryView
    from nnviz.ui.plots.plane_preview import preview_plane

    frame = Session(Config(points=60)).snapshot(40)
    view = BoundaryView(deferred=True)
    qtbot.addWidget(view)
    view.resize(420, 380)
    view.set_frame(frame)
    view.show()
    qtbot.waitExposed(view)
    shot = view.grab().toImage()
    plane = preview_plane(view._canvas_rect()[0])
    rgba = view._output_picture(frame)[0]  # (R, R, 4), row 0 at the bottom: what the plot will show
    top_left = rgba[-1, 0, :3]  # the plane's top-left corner
    corner = shot.pixelColor(int(plane.x()) + 2, int(plane.y()) + 2)
    assert max(abs(corner.red() - top_left[0]), abs(corner.green() - top_left[1]),
               abs(corner.blue() - top_left[2])) <= 12
    outside = shot.pixelColor(2, 2)
    assert (outside.red(), outside.green(), outside.blue()) == (255, 255, 255)  # the view's own white around it
    assert not view.built  # painting the preview made no plot


BLAS_PROBE = PROBE + """
from threadpoolctl import threadpool_info
print("blas threads:", " ".join(str(pool["num_threads"]) for pool in threadpool_info()))
"""


def test_the_app_runs_numpy_on_one_blas_thread_without_threadpoolctl_before_the_first_paint(tmp_path):
    """numpy loads after nnviz has set the BLAS thread variables: one thread, no threadpoolctl scan at launch;
    a user's own count (or numpy loaded earlier) is still brought down to one by threadpoolctl."""
    for user_threads, scanned in (("", False), ("2", True)):
        lines = _launch(BLAS_PROBE, tmp_path, OPENBLAS_NUM_THREADS=user_threads or None, OMP_NUM_THREADS=None,
                        MKL_NUM_THREADS=None)  # None: unset, as nnviz finds them on most machines
        loaded = next(line for line in lines if line.startswith("at first paint:")).split()[3:]
        assert ("threadpoolctl" in loaded) is scanned
        threads = next(line for line in lines if line.startswith("blas threads:")).split()[2:]
        assert threads and set(threads) == {"1"}, (user_threads, threads)


GC_PROBE = PROBE.replace("from nnviz.__main__ import main", """import gc
collections = []
run = app._run

def counting_run(args, early):
    gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "stop" else None)
    return run(args, early)

app._run = counting_run
first_paint_hooks.append(lambda: print("collections before the first paint:", len(collections)))
from nnviz.__main__ import main""")


def test_no_garbage_collection_runs_between_the_launch_and_the_first_paint(tmp_path):
    """The launch frees little: Python's collections wait for the GUI-thread collector, after the first paint."""
    lines = _launch(GC_PROBE, tmp_path)
    counted = next(line for line in lines if line.startswith("collections before the first paint:"))
    assert counted.split(":")[1].strip() == "0", lines


def test_a_launch_that_opens_no_window_leaves_garbage_collection_on():
    """With no display the app says so and returns: the process's own collections are as they were."""
    code = """
import argparse, gc
from nnviz.ui import app, display_check
display_check.display_available = lambda: False
assert gc.isenabled()
print("exit", app.run(argparse.Namespace(file="", smoke=False)), "collecting", gc.isenabled())
"""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["exit", "1", "collecting", "True"], out.stdout + out.stderr[-1000:]


def test_the_play_button_is_measured_again_when_the_style_sheet_comes_after_the_toolbar(qtbot):
    """Play is as wide as "Pause" needs in the style the bar is shown in, also when that style comes later."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication

    from nnviz.ui.style import STYLE_SHEET
    from nnviz.ui.window.toolbar import TrainingToolBar

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    widths = []
    try:
        for late in (False, True):
            app.setStyleSheet("" if late else STYLE_SHEET)
            actions = [QAction(name) for name in ("Reset", "Play", "Step", "Step batch")]
            bar = TrainingToolBar(*actions)
            qtbot.addWidget(bar)
            if late:
                app.setStyleSheet(STYLE_SHEET)
            bar.resize(2000, 60)  # wide enough for every label (narrower, the bar shows icons only)
            bar.show()
            play = bar.widgetForAction(actions[1])
            assert play is not None
            widths.append(play.minimumWidth())
    finally:
        app.setStyleSheet(before)
    assert widths[0] > 0 and widths[1] == widths[0], widths
