"""`nnviz --install-desktop` / `--uninstall-desktop` into a temporary HOME: valid files, removed exactly."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nnviz import desktop

ROOT = Path(__file__).resolve().parents[2]
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _check_installed(home: Path, exec_start: str) -> None:
    entry = _entry(home / "applications" / "nnviz.desktop")
    for key in ("Name", "GenericName", "Comment", "Exec", "Icon", "Keywords"):
        assert entry[key].strip(), key
    assert entry["Type"] == "Application" and entry["Icon"] == "nnviz"
    assert entry["Categories"] == "Education;Science;"
    assert entry["MimeType"] == "application/x-nnviz-session;"
    assert entry["Exec"].startswith(exec_start) and entry["Exec"].endswith(" %f")
    for size in desktop.ICON_SIZES:
        assert _png_size(home / f"icons/hicolor/{size}x{size}/apps/nnviz.png") == (size, size)
    assert (home / "icons/hicolor/scalable/apps/nnviz.svg").read_bytes().lstrip().startswith(b"<")
    mime = ET.parse(home / "mime/packages/nnviz.xml").getroot()
    kind = mime.find(f"{MIME_NS}mime-type")
    assert kind is not None and kind.get("type") == "application/x-nnviz-session"
    assert [g.get("pattern") for g in kind.findall(f"{MIME_NS}glob")] == ["*.nnviz"]


def test_install_writes_valid_files_and_uninstall_removes_exactly_them(tmp_path):
    home = tmp_path / "share"
    (home / "applications").mkdir(parents=True)
    (home / "applications" / "other.desktop").write_text("[Desktop Entry]\n", encoding="utf-8")
    before = _tree(home)
    written = desktop.install(home, ["/opt/my apps/nnviz"], refresh=False)
    assert len(written) == 3 + len(desktop.ICON_SIZES)
    _check_installed(home, '"/opt/my apps/nnviz"')
    assert _tree(home) - before >= {"applications/nnviz.desktop", "nnviz/desktop-install.json"}
    result = desktop.uninstall(home, refresh=False)
    assert len(result.removed) == len(written) + 1 and result.ignored == []  # and the manifest
    assert _tree(home) == before
    assert desktop.uninstall(home, refresh=False).removed == []  # twice is harmless


def test_a_reinstall_points_at_the_new_command_and_still_uninstalls_cleanly(tmp_path):
    home = tmp_path / "share"
    desktop.install(home, ["/first/nnviz"], refresh=False)
    desktop.install(home, ["/second/nnviz"], refresh=False)
    assert _entry(home / "applications" / "nnviz.desktop")["Exec"] == "/second/nnviz %f"
    desktop.uninstall(home, refresh=False)
    assert not home.exists() or _tree(home) == set()


def test_install_refuses_to_write_through_a_symlink(tmp_path):
    home = tmp_path / "share"
    (home / "applications").mkdir(parents=True)
    (home / "applications" / "nnviz.desktop").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(desktop.DesktopInstallError, match="not a regular file"):
        desktop.install(home, ["/x/nnviz"], refresh=False)
    assert not (tmp_path / "elsewhere").exists()


def test_the_command_line_installs_into_xdg_data_home_pointing_at_this_install(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"))
    run = [sys.executable, "-m", "nnviz"]
    out = subprocess.run([*run, "--install-desktop"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    home = tmp_path / "data"
    _check_installed(home, str(Path(sys.executable).parent / "nnviz"))
    if shutil.which("update-mime-database"):  # the MIME database now knows .nnviz files
        assert (home / "mime" / "application" / "x-nnviz-session.xml").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(home / "applications" / "nnviz.desktop")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    out = subprocess.run([*run, "--uninstall-desktop"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "removed" in out.stdout
    assert not (home / "applications" / "nnviz.desktop").exists()
    assert not list(home.rglob("nnviz*"))
    if shutil.which("update-mime-database"):  # and the MIME database forgot the type (issue 17)
        assert not (home / "mime" / "application" / "x-nnviz-session.xml").exists()
        assert "nnviz" not in (home / "mime" / "globs2").read_text(encoding="utf-8")
    assert not (tmp_path / "home").exists()  # nothing written outside XDG_DATA_HOME


def test_the_committed_linux_files_are_the_templates_and_valid():
    assert (ROOT / "packaging/linux/nnviz.desktop").read_text(encoding="utf-8") == desktop.desktop_entry("nnviz")
    assert (ROOT / "packaging/linux/nnviz-mime.xml").read_text(encoding="utf-8") == desktop.mime_xml()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(ROOT / "packaging/linux/nnviz.desktop")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_exec_arguments_are_quoted_as_the_spec_asks():
    assert desktop._quote("/usr/bin/nnviz") == "/usr/bin/nnviz"
    assert desktop._quote('/a b/"q"$x') == '"/a b/\\\\"q\\\\"\\\\$x"'  # string escapes double each backslash
    assert desktop._quote("/a%f/nnviz") == "/a%%f/nnviz"
