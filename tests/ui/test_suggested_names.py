"""A session's name cannot steer a save dialog (issue 18 §2): Save As, Export and Record GIF suggest a sanitised
name in the last folder used, or the documents folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from nnviz.session import Config, Session
from nnviz.ui.export.dialog import ExportChoice, ExportDialog

HOSTILE_NAMES = ["/root/.config/autostart/week 3", "../../../../../root/.ssh/authorized_keys",
                 "C:\\Users\\x\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\a",
                 "..", "~/.bashrc", "a/../../b" + "x" * 300]


def _suggestions(window, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def ask(_parent: object, _title: str, suggested: str, _filter: str = "") -> tuple[str, str]:
        asked.append(suggested)
        return "", ""

    def exec_(self: ExportDialog) -> int:
        self.set_choice(ExportChoice("boundary", "png", 1))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    monkeypatch.setattr(ExportDialog, "exec", exec_)
    tools = window.features["export"]
    window.actions_.save_as.trigger()
    tools.export_image.trigger()
    tools.ask_export_network()
    tools.ask_export_data()
    tools.record.trigger()
    return asked


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_suggested_path_is_a_plain_name_in_the_last_folder(make_window, monkeypatch, tmp_path, name):
    window = make_window(Session(Config(name=name)))
    folder = tmp_path / "work"
    folder.mkdir()
    window.features["export"].recent.remember_folder(folder / "earlier.nnviz")
    asked = _suggestions(window, monkeypatch)
    assert len(asked) == 5
    for suggested in asked:
        path = Path(suggested)
        assert path.parent == folder, suggested
        assert "/" not in path.name and "\\" not in path.name and ".." not in path.name, suggested
        assert not path.name.startswith((".", "-", "~")) and len(path.name.encode()) <= 120, suggested


def test_without_a_last_folder_the_documents_folder_is_suggested(make_window, monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda kind: str(documents))
    monkeypatch.chdir(tmp_path)  # not the current folder either
    window = make_window(Session(Config(name="week 3")))
    window.features["export"].recent.remember_folder(tmp_path / "gone" / "x.nnviz")  # a folder that no longer exists
    for suggested in _suggestions(window, monkeypatch):
        assert Path(suggested).parent == documents, suggested
