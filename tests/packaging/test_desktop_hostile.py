"""--install-desktop from hostile folder names, --uninstall-desktop with a hostile manifest (issue 18 §2)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nnviz import desktop

HOSTILE_FOLDERS = [
    "/opt/a%f b/nnviz",  # a field code inside the path: must not be substituted
    "/opt/new\nline/nnviz",
    "/opt/tab\there/nnviz",
    "/opt/back\\slash/nnviz",
    '/opt/"double" \'single\'/nnviz',
    "/opt/$HOME `id` ;&|<>~*?#()/nnviz",
    "/opt/%%u %U %i/nnviz",
    "/opt/ünïcödé €/nnviz",
    "/opt/trailing\\",
]


def _unescape_string(value: str) -> str:
    """A Desktop Entry string value's escapes (\\s \\n \\t \\r \\\\) undone."""
    out, i = [], 0
    table = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in table:
            out.append(table[value[i + 1]])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _exec_arguments(value: str) -> list[str]:
    """The arguments a launcher reads from an Exec value, as the Desktop Entry spec defines them."""
    text = _unescape_string(value)
    args: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        arg = []
        if text[i] == '"':
            i += 1
            while text[i] != '"':
                if text[i] == "\\" and text[i + 1] in '"`$\\':
                    i += 1
                arg.append(text[i])
                i += 1
            i += 1
        else:
            while i < len(text) and text[i] != " ":
                arg.append(text[i])
                i += 1
        args.append("".join(arg))
    return [a.replace("%%", "\0").replace("%f", "<FILE>").replace("\0", "%") for a in args]


def _exec_of(home: Path) -> str:
    lines = (home / "applications" / "nnviz.desktop").read_text(encoding="utf-8").splitlines()
    execs = [line for line in lines if line.startswith("Exec=")]
    assert len(execs) == 1, lines  # nothing split the line
    return execs[0].removeprefix("Exec=")


@pytest.mark.parametrize("folder", HOSTILE_FOLDERS)
def test_a_hostile_folder_name_gives_a_launcher_that_runs_exactly_that_program(tmp_path, folder):
    home = tmp_path / "share"
    desktop.install(home, [folder, "-m", "nnviz"], refresh=False)
    assert _exec_arguments(_exec_of(home)) == [folder, "-m", "nnviz", "<FILE>"]
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (Debian package desktop-file-utils)")
    check = subprocess.run(["desktop-file-validate", str(home / "applications" / "nnviz.desktop")],
                           capture_output=True, text=True, timeout=60)
    problems = [line for line in check.stdout.splitlines() if "error:" in line or "warning:" in line]
    assert check.returncode == 0 and problems == [], check.stdout + check.stderr


@pytest.mark.parametrize("folder", ["/opt/bell\a/nnviz", "/opt/cr\r/nnviz", "/opt/del\x7f/nnviz",
                                    "/opt/" + b"\xff".decode("utf-8", "surrogateescape") + "/nnviz"])
def test_a_folder_name_a_launcher_cannot_express_is_refused_with_one_line(tmp_path, folder):
    home = tmp_path / "share"
    with pytest.raises(desktop.DesktopInstallError, match="cannot start") as caught:
        desktop.install(home, [folder], refresh=False)
    assert "\n" not in str(caught.value)
    assert not home.exists()  # nothing written


def _write_manifest(home: Path, files: list[str], folders: list[str] | None = None) -> None:
    manifest = home / desktop.MANIFEST
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"exec": "nnviz", "files": files, "folders": folders or []}), encoding="utf-8")


def test_uninstall_never_removes_a_file_outside_the_data_folder(tmp_path):
    home = tmp_path / "share"
    home.mkdir()
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "b.txt").write_text("mine", encoding="utf-8")
    (home / "link").symlink_to(victim, target_is_directory=True)
    _write_manifest(home, [f"{home}/../victim/b.txt", f"{home}/link/b.txt", str(victim / "b.txt"), "b.txt", 7],
                    folders=[str(victim), f"{home}/link"])
    result = desktop.uninstall(home, refresh=False)
    assert (victim / "b.txt").read_text(encoding="utf-8") == "mine"
    assert victim.is_dir() and (home / "link").is_symlink()
    assert result.removed == [home / desktop.MANIFEST]
    assert len(result.ignored) == 5


def test_uninstall_removes_only_nnvizs_own_names_with_nnvizs_content(tmp_path):
    home = tmp_path / "share"
    desktop.install(home, ["/opt/nnviz"], refresh=False)
    own_entry = home / "applications" / "nnviz.desktop"
    changed_icon = home / "icons/hicolor/16x16/apps/nnviz.png"
    changed_icon.write_bytes(b"the user's own icon")
    stranger = home / "applications" / "other.desktop"
    stranger.write_text("[Desktop Entry]\n", encoding="utf-8")
    record = json.loads((home / desktop.MANIFEST).read_text(encoding="utf-8"))
    record["files"].append(str(stranger))  # listed, but not a name nnviz writes
    (home / desktop.MANIFEST).write_text(json.dumps(record), encoding="utf-8")
    result = desktop.uninstall(home, refresh=False)
    assert not own_entry.exists()
    assert changed_icon.read_bytes() == b"the user's own icon" and stranger.is_file()
    assert sorted(result.ignored) == sorted([f"{str(changed_icon)!r} (changed since nnviz wrote it)",
                                             f"{str(stranger)!r} (not a file nnviz writes)"])


def test_uninstall_leaves_a_special_file_with_nnvizs_name_alone(tmp_path):
    home = tmp_path / "share"
    (home / "applications").mkdir(parents=True)
    fifo = home / "applications" / "nnviz.desktop"
    os.mkfifo(fifo)
    _write_manifest(home, [str(fifo)])
    result = desktop.uninstall(home, refresh=False)
    assert fifo.exists() and result.ignored == [f"{str(fifo)!r} (not a regular file)"]


def test_the_command_line_says_what_it_left_alone(tmp_path):
    import sys

    home = tmp_path / "data"
    _write_manifest(home, [str(tmp_path / "elsewhere.txt")])
    (tmp_path / "elsewhere.txt").write_text("x", encoding="utf-8")
    env = dict(os.environ, HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(home))
    out = subprocess.run([sys.executable, "-m", "nnviz", "--uninstall-desktop"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "left alone 1 manifest entries" in out.stdout and "outside the data folder" in out.stdout
    assert (tmp_path / "elsewhere.txt").is_file()
