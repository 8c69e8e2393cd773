"""`nnviz --install-desktop`: a launcher, icons and the .nnviz file type for this user (XDG, Linux and BSDs).

Everything written is listed in a manifest, so that `--uninstall-desktop` removes
exactly that. The launcher's Exec line points at what is running now: the frozen
bundle, the venv's `nnviz` script, or `python -m nnviz`.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from nnviz.errors import NnvizError
from nnviz.resource_paths import resource_path

log = logging.getLogger(__name__)

APP_ID = "nnviz"
MIME_TYPE = "application/x-nnviz-session"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MANIFEST = "nnviz/desktop-install.json"  # under the data home: what --install-desktop wrote
HICOLOR = "icons/hicolor"

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Version=1.0
Name=nnviz
GenericName=Neural network playground
Comment=See a neural network learn: train one and watch its weights and decision boundary change
Exec={exec_line} %f
Icon={icon}
Terminal=false
Categories=Education;Science;
Keywords=neural;network;machine;learning;playground;perceptron;backpropagation;
MimeType={mime_type};
StartupWMClass=nnviz
"""

MIME_XML = """<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{mime_type}">
    <comment>nnviz session</comment>
    <sub-class-of type="application/json"/>
    <icon name="{icon}"/>
    <glob pattern="*.nnviz"/>
  </mime-type>
</mime-info>
"""


class DesktopInstallError(NnvizError):
    """The launcher could not be installed or removed."""


def desktop_entry(exec_line: str) -> str:
    """The text of nnviz.desktop with this Exec command (the file is opened as %f)."""
    return DESKTOP_ENTRY.format(exec_line=exec_line, icon=APP_ID, mime_type=MIME_TYPE)


def mime_xml() -> str:
    """The shared-mime-info description of .nnviz session files."""
    return MIME_XML.format(mime_type=MIME_TYPE, icon=APP_ID)


def _quote(arg: str) -> str:
    """One Exec argument, quoted as the Desktop Entry spec asks when it holds a reserved character."""
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def current_command() -> list[str]:
    """The command that starts the nnviz running now: the bundle, the venv's nnviz script, or python -m nnviz."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.executable).parent / ("nnviz.exe" if os.name == "nt" else "nnviz")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "nnviz"]


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    return Path(configured) if configured and Path(configured).is_absolute() else Path.home() / ".local" / "share"


@dataclass(frozen=True)
class Planned:
    """One file to write: where (relative to the data home) and its bytes."""

    relative: str
    content: bytes


def planned_files(exec_line: str) -> list[Planned]:
    """Every file --install-desktop writes."""
    files = [
        Planned(f"applications/{APP_ID}.desktop", desktop_entry(exec_line).encode()),
        Planned(f"mime/packages/{APP_ID}.xml", mime_xml().encode()),
        Planned(f"{HICOLOR}/scalable/apps/{APP_ID}.svg", resource_path("nnviz.svg").read_bytes()),
    ]
    for size in ICON_SIZES:
        png = resource_path(f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png")
        if not png.is_file():
            raise DesktopInstallError(f"the {size} px icon is missing ({png}); run packaging/make_icons.py")
        files.append(Planned(f"{HICOLOR}/{size}x{size}/apps/{APP_ID}.png", png.read_bytes()))
    return files


def _refresh(home: Path) -> list[str]:
    """Rebuild the desktop, MIME and icon databases with the tools that are installed; what ran."""
    commands = [
        ["update-desktop-database", "-q", str(home / "applications")],
        ["update-mime-database", str(home / "mime")],
        ["gtk-update-icon-cache", "-q", "-t", "-f", str(home / HICOLOR)],
    ]
    ran = []
    for command in commands:
        tool = shutil.which(command[0])
        needs = home / "mime" / "packages" if command[0] == "update-mime-database" else Path(command[-1])
        if tool is None or not needs.is_dir():
            continue
        result = subprocess.run([tool, *command[1:]], capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            log.warning("%s failed: %s", command[0], result.stderr.strip()[:300])
        ran.append(command[0])
    return ran


def install(home: Path | None = None, command: list[str] | None = None, refresh: bool = True) -> list[Path]:
    """Write the launcher, icons and MIME type under the data home; the files written (also in the manifest)."""
    home = home or data_home()
    exec_line = " ".join(_quote(a) for a in (command or current_command()))
    manifest = home / MANIFEST
    if manifest.exists():
        uninstall(home, refresh=False)  # a reinstall (another venv or bundle) replaces the old files exactly
    written: list[Path] = []
    created: list[Path] = []  # folders that did not exist before: removed again if the uninstall empties them
    try:
        for item in planned_files(exec_line):
            target = home / item.relative
            _make_folders(target.parent, created)
            if target.is_symlink() or (target.exists() and not target.is_file()):
                raise DesktopInstallError(f"{target} exists and is not a regular file; remove it first")
            target.write_bytes(item.content)
            written.append(target)
        _make_folders(manifest.parent, created)
        record = {"exec": exec_line, "files": [str(p) for p in written], "folders": [str(p) for p in created]}
        manifest.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise DesktopInstallError(f"cannot install the launcher under {home}: {exc.strerror or exc}") from None
    if refresh:
        _refresh(home)
    return written


def uninstall(home: Path | None = None, refresh: bool = True) -> list[Path]:
    """Remove exactly the files the last install listed in its manifest, and the folders it made; the files."""
    home = home or data_home()
    manifest = home / MANIFEST
    if not manifest.is_file():
        return []
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
        listed, folders = list(record["files"]), list(record.get("folders", []))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DesktopInstallError(f"{manifest} cannot be read ({exc}); remove the nnviz files by hand") from None
    removed = []
    for name in [*listed, str(manifest)]:
        path = Path(name)
        if home not in path.parents or not path.is_file() or path.is_symlink():
            continue  # only regular files that the install wrote under this data home
        path.unlink()
        removed.append(path)
    for name in sorted(folders, key=len, reverse=True):  # deepest first
        folder = Path(name)
        if home in folder.parents and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if refresh:
        _refresh(home)
    return removed


def _make_folders(folder: Path, created: list[Path]) -> None:
    """mkdir -p, noting each folder it made."""
    missing = [f for f in [folder, *folder.parents] if not f.exists()]
    for f in reversed(missing):
        f.mkdir()
        created.append(f)


def main(install_launcher: bool) -> int:
    """`nnviz --install-desktop` / `--uninstall-desktop`: do it and print one line; the exit code."""
    home = data_home()
    if install_launcher:
        written = install(home)
        print(f"nnviz: installed the launcher, {len(written) - 3} icons and the .nnviz file type under {home} "
              f"(Exec={shlex.join(current_command())})")
    else:
        removed = uninstall(home)
        print(f"nnviz: removed {len(removed)} files from {home}" if removed else
              f"nnviz: nothing to remove (no {home / MANIFEST})")
    return 0
