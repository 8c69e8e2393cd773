"""File ▸ Export, Edit ▸ Copy image, Export network/data, Copy as command, Open Recent and Record, in the window."""

from __future__ import annotations

import json
import os
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QDialog, QFileDialog

from nnviz.session import Config, Session
from nnviz.ui.export import dialog as export_dialog
from nnviz.ui.export.dialog import ExportChoice, ExportDialog
from tests.ui.probes import accuracy_shown

WAIT_MS = 8000


def stepped(qtbot, window, epochs: int) -> None:  # type: ignore[no-untyped-def]
    target = window.frame.epoch + epochs
    for _ in range(epochs):
        window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch == target, timeout=WAIT_MS)


def choose(monkeypatch, choice: ExportChoice, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Answer the export dialog with `choice` and the file dialog with `path`."""
    def exec_(self: ExportDialog) -> int:
        self.set_choice(choice)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_export_from_the_menu_writes_the_panel_at_its_scale_and_remembers_the_choice(
        qtbot, make_window, monkeypatch, tmp_path):
    window = make_window()
    stepped(qtbot, window, 3)
    out = tmp_path / "boundary.png"
    choose(monkeypatch, ExportChoice("boundary", "png", 2), out)
    window.features["export"].export_image.trigger()
    image = QImage(str(out))
    view = window.boundary_view
    assert (image.width(), image.height()) == (2 * view.width(), 2 * view.height())
    assert export_dialog.remembered_choice(["window", "boundary"]) == ExportChoice("boundary", "png", 2)
    assert ExportDialog(["window", "boundary", "loss"]).choice() == ExportChoice("boundary", "png", 2)


def test_the_loss_chart_exports_whole_as_svg(qtbot, make_window, monkeypatch, tmp_path):
    window = make_window()
    stepped(qtbot, window, 4)
    out = tmp_path / "loss.svg"
    choose(monkeypatch, ExportChoice("loss", "svg", 1), out)
    window.features["export"].export_image.trigger()
    root = ET.parse(out).getroot()
    texts = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    assert "loss" in texts and "epoch" in texts and "train" in texts and "test" in texts  # axes and legend
    assert accuracy_shown(window.loss_chart)  # a classification run: its accuracy plot is on the chart, exported
    assert "100 %" in texts  # its axis (the title "accuracy" only where the plot is tall enough for it)
    assert root.get("width") == f"{window.loss_chart.width()}px"
    fonts = {el.get("font-family") for el in root.iter() if el.get("font-family")}
    assert fonts and all(f.endswith("sans-serif") for f in fonts)


def test_the_menus_offer_the_exports_and_the_old_items_are_gone(make_window):
    window = make_window()
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu() is not None}
    shown = {a.text() for a in menus["File"].actions() if a.isVisible()}
    wanted = {"Open Recent", "Export Image…", "Export Network…", "Export Data…", "Record GIF…"}
    assert wanted <= shown
    assert not {"Export Screenshot…", "Export Loss Chart as SVG…"} & shown
    assert {"Copy Image", "Copy as Command"} <= {a.text() for a in menus["Edit"].actions()}
    assert window.features["export"].export_image.shortcut().toString() == "Ctrl+E"


def test_a_failed_export_says_so_and_leaves_no_file(qtbot, make_window, tmp_path):
    window = make_window()
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "old.png").write_bytes(b"old")
    target = folder / "old.png"
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores permissions: fall back on a folder that does not exist
            target = tmp_path / "missing" / "x.png"
        assert not window.features["export"].export_to(ExportChoice("window", "png", 1), str(target))
    finally:
        os.chmod(folder, 0o700)
    assert "cannot export" in window.status.currentMessage().lower()
    assert sorted(p.name for p in folder.iterdir()) == ["old.png"] and (folder / "old.png").read_bytes() == b"old"
    assert not (tmp_path / "missing").exists()


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window()
    target = tmp_path / "shot.png"
    target.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert not window.features["export"].export_to(ExportChoice("network", "png", 1), str(target))
    assert "no space left" in window.status.currentMessage().lower()
    assert [p.name for p in tmp_path.iterdir()] == ["shot.png"] and target.read_bytes() == b"old"


def test_copy_image_puts_the_window_on_the_clipboard(qtbot, make_window):
    window = make_window()
    action = window.features["export"].copy_image
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    QGuiApplication.clipboard().clear()
    action.trigger()  # the mouse is over no panel: the whole window
    image = QGuiApplication.clipboard().image()
    assert not image.isNull() and (image.width(), image.height()) == (window.width(), window.height())
    assert window.features["export"].copy_panel_image("network")
    assert QGuiApplication.clipboard().image().width() == window.graph_view.width()


@pytest.mark.parametrize("fmt", ["nnviz", "synaptic", "brainjs"])
def test_export_network_loads_back_with_the_drawn_weights(qtbot, make_window, tmp_path, fmt):
    from nnviz.api import Network

    window = make_window(Config(hidden=(3,), points=60))
    stepped(qtbot, window, 2)
    out = tmp_path / f"net-{fmt}.json"
    assert window.features["export"].export_network(str(out), fmt)
    network = Network.from_json(json.loads(out.read_text()))
    frame = window.frame
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    hidden = np.tanh(x @ frame.weights[0].T + frame.biases[0])
    expected = np.tanh(hidden @ frame.weights[1].T + frame.biases[1])
    got = np.array([network.activate(row.tolist()) for row in x])
    assert np.allclose(got, expected, atol=1e-9)


def test_export_data_writes_a_csv_that_loads_back(qtbot, make_window, tmp_path):
    from nnviz.data import load_csv

    window = make_window(Config(dataset="xor", points=50))
    out = tmp_path / "points.csv"
    assert window.features["export"].export_data(str(out))
    data, frame = load_csv(out), window.frame
    assert np.array_equal(data.points, np.concatenate([frame.train_points, frame.test_points]))
    assert np.array_equal(data.labels, np.concatenate([frame.train_labels, frame.test_labels]))


def test_copy_as_command_round_trips_the_window_config(qtbot, make_window):
    from nnviz.cli.config_flags import config_from_args
    from tests.cli.train_parser import train_parser

    config = Config(dataset="spiral", hidden=(5, 3), learning_rate=0.1, features=("x1", "x2", "sinx1"), noise=20)
    window = make_window(config)
    line = window.features["export"].copy_command()
    assert QGuiApplication.clipboard().text() == line
    words = shlex.split(line)
    assert words[:2] == ["nnviz", "train"]
    assert config_from_args(train_parser().parse_args(words[2:])) == config


def test_open_recent_lists_saved_and_opened_files_newest_first(qtbot, make_window, tmp_path):
    window = make_window()
    tools = window.features["export"]
    tools.recent.clear()
    paths = []
    for name in ("a.json", "b.json"):
        path = tmp_path / name
        window.save_session(str(path))
        qtbot.waitUntil(lambda p=path: tools.recent.files()[:1] == [str(p)], timeout=WAIT_MS)
        paths.append(path)
    window.open_session(str(paths[0]))
    qtbot.waitUntil(lambda: tools.recent.files()[:2] == [str(paths[0]), str(paths[1])], timeout=WAIT_MS)
    labels = [a.text() for a in tools.recent_menu.actions() if a.text()]
    assert labels[:2] == ["&1 a.json", "&2 b.json"]
    for i in range(12):
        tools.recent.add(tmp_path / f"f{i}.json")
    assert len(tools.recent.files()) == 10 and tools.recent.files()[0].endswith("f11.json")
    assert export_dialog.user_settings().value("files/lastFolder") == str(tmp_path)


@pytest.mark.parametrize("whole_window", [False, True])
def test_record_writes_an_epoch_stamped_gif(qtbot, make_window, tmp_path, whole_window):
    window = make_window(Config(points=60))
    tools = window.features["export"]
    tools.record_window.setChecked(whole_window)
    out = tmp_path / "run.gif"
    assert tools.start_recording(str(out), every=2)
    assert tools.record.isChecked()
    for _ in range(3):
        stepped(qtbot, window, 2)
        qtbot.waitUntil(lambda: tools.recorder._next_epoch > window.frame.epoch, timeout=WAIT_MS)
    assert tools.stop_recording() and not tools.record.isChecked()
    with Image.open(out) as gif:
        recorded = window if whole_window else window.boundary_view
        assert gif.n_frames == 4 and gif.size == (recorded.width(), recorded.height())
        gif.seek(3)
        last = np.asarray(gif.convert("RGB"))
    corner = last[:30, -110:]
    assert (corner.min(axis=2) < 100).any()  # the dark epoch stamp
    assert [p.name for p in tmp_path.iterdir()] == ["run.gif"]


def test_continue_after_open_matches_an_uninterrupted_run(qtbot, make_window, tmp_path):
    from nnviz.session.files import save_session

    config = Config(dataset="spiral", hidden=(4,), optimizer="adam", points=100, batch_size=7)
    saved = Session(config)
    saved.train(3)
    saved.step(2)  # mid-epoch
    path = tmp_path / "run.json"
    save_session(saved, path)
    window = make_window()
    window.open_session(str(path))
    qtbot.waitUntil(lambda: window.frame.epoch == 3 and window.frame.steps == saved.steps, timeout=WAIT_MS)
    stepped(qtbot, window, 4)
    whole = Session(config)
    whole.train(3)
    whole.step(2)
    whole.train(4)
    frame = window.frame
    assert frame.epoch == whole.epoch
    for k in range(whole.net.n_layers):
        assert np.array_equal(frame.weights[k], whole.net.weights(k + 1))
        assert np.array_equal(frame.biases[k], whole.net.biases(k + 1))


def test_the_open_dialog_starts_in_the_last_folder_used(qtbot, make_window, monkeypatch, tmp_path):
    window = make_window()
    folder = tmp_path / "lessons"
    folder.mkdir()
    window.features["export"].recent.remember_folder(folder / "any.json")
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, title, start, filters: (asked.append(start), ("", ""))[1])
    window.actions_.open.trigger()
    assert asked == [str(folder)]


def test_a_lesson_suggests_an_export_name_valid_on_every_system(qtbot, make_window, monkeypatch, tmp_path):
    window = make_window(Session(Config(name="Lesson 2: XOR with a 2-3-1 network")))
    asked: list[str] = []

    def exec_(self: ExportDialog) -> int:
        self.set_choice(ExportChoice("boundary", "png", 1))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    def ask(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    window.features["export"].export_image.trigger()
    name = Path(asked[0]).name
    assert name == "lesson-2-xor-with-a-2-3-1-network-boundary.png"
