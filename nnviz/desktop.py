"""`nnviz --install-desktop`: a launcher, icons and the .nnviz file type for this user (XDG, Linux and BSDs).

Everything written is listed in a manifest, so that `--uninstall-desktop` removes
exactly that. The launcher's Exec line points at what is running now: the frozen
bundle, the venv's `nnviz` script, or `python -m nnviz`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnviz.errors import NnvizError
from nnviz.io.reading import read_text
from nnviz.resource_paths import resource_path

log = logging.getLogger(__name__)

APP_ID = "nnviz"
MIME_TYPE = "application/x-nnviz-session"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MANIFEST = "nnviz/desktop-install.json"  # under the data home: what --install-desktop wrote
MANIFEST_BYTES = 1 << 20
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


RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")  # the Desktop Entry spec's characters that need quotes
ESCAPED_IN_QUOTES = frozenset('"`$\\')  # inside quotes each takes a backslash
STRING_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n"}  # a string value's own escapes, applied after quoting


def _quote(arg: str) -> str:
    """One Exec argument written as the Desktop Entry spec asks: quoted and escaped, % doubled.

    Raises DesktopInstallError for what a launcher cannot express (other control characters, bytes that are
    not UTF-8).
    """
    bad = [c for c in arg if (ord(c) < 32 and c not in "\t\n") or ord(c) == 127 or "\ud800" <= c <= "\udfff"]
    if bad or not arg:
        shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise DesktopInstallError(f"a launcher cannot start {shown!r}: its path holds a control character or bytes "
                                  "that are not UTF-8; move nnviz to a folder with a plainer name")
    if any(c in RESERVED for c in arg):
        arg = '"' + "".join("\\" + c if c in ESCAPED_IN_QUOTES else c for c in arg) + '"'
    arg = "".join(STRING_ESCAPES.get(c, c) for c in arg)
    return arg.replace("%", "%%")


def exec_value(command: list[str]) -> str:
    """The Exec value (without the %f) that runs `command`."""
    return " ".join(_quote(a) for a in command)


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


def planned_names() -> list[str]:
    """Where --install-desktop writes, relative to the data home (the only names uninstall removes)."""
    icons = [f"{HICOLOR}/{size}x{size}/apps/{APP_ID}.png" for size in ICON_SIZES]
    return [f"applications/{APP_ID}.desktop", f"mime/packages/{APP_ID}.xml", f"{HICOLOR}/scalable/apps/{APP_ID}.svg",
            *icons]


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


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _run_tool(command: list[str]) -> bool:
    """Run one database tool if it is installed; whether it ran."""
    tool = shutil.which(command[0])
    if tool is None:
        return False
    result = subprocess.run([tool, *command[1:]], capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        log.warning("%s failed: %s", command[0], result.stderr.strip()[:300])
    return True


def _refresh(home: Path) -> list[str]:
    """Rebuild the desktop, MIME and icon databases with the tools that are installed; what ran.

    After an uninstall the MIME database is rebuilt too (from an empty packages folder if nothing else is
    there), so that *.nnviz no longer maps to nnviz's type."""
    ran = []
    if (home / "applications").is_dir() and _run_tool(["update-desktop-database", "-q", str(home / "applications")]):
        ran.append("update-desktop-database")
    mime, packages = home / "mime", home / "mime" / "packages"
    if mime.is_dir() and shutil.which("update-mime-database"):
        made = not packages.exists()
        if made:
            packages.mkdir()  # the tool refuses a database without one
        try:
            if _run_tool(["update-mime-database", str(mime)]):
                ran.append("update-mime-database")
        finally:
            if made:
                packages.rmdir()
    if (home / HICOLOR).is_dir() and _run_tool(["gtk-update-icon-cache", "-q", "-t", "-f", str(home / HICOLOR)]):
        ran.append("gtk-update-icon-cache")
    return ran


def install(home: Path | None = None, command: list[str] | None = None, refresh: bool = True) -> list[Path]:
    """Write the launcher, icons and MIME type under the data home; the files written (also in the manifest)."""
    home = Path(os.path.realpath(home or data_home()))  # the manifest lists real paths
    exec_line = exec_value(command or current_command())  # refuses a command a launcher cannot express
    manifest = home / MANIFEST
    if manifest.exists():
        uninstall(home, refresh=False)  # a reinstall (another venv or bundle) replaces the old files exactly
    written: list[Path] = []
    digests: dict[str, str] = {}
    created: list[Path] = []  # folders that did not exist before: removed again if the uninstall empties them
    try:
        for item in planned_files(exec_line):
            target = home / item.relative
            _make_folders(target.parent, created)
            if target.is_symlink() or (target.exists() and not target.is_file()):
                raise DesktopInstallError(f"{target} exists and is not a regular file; remove it first")
            target.write_bytes(item.content)
            written.append(target)
            digests[str(target)] = _digest(item.content)
        _make_folders(manifest.parent, created)
        record = {"exec": exec_line, "files": [str(p) for p in written], "sha256": digests,
                  "folders": [str(p) for p in created]}
        manifest.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise DesktopInstallError(f"cannot install the launcher under {home}: {exc.strerror or exc}") from None
    if refresh:
        _refresh(home)
    return written


@dataclass
class Removal:
    """What an uninstall removed, and the manifest entries it left alone (each with the reason)."""

    removed: list[Path] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def _read_manifest(manifest: Path) -> dict[str, Any]:
    try:
        record = json.loads(read_text(manifest, error=DesktopInstallError, what="manifest", max_bytes=MANIFEST_BYTES))
        if not isinstance(record, dict) or not isinstance(record.get("files"), list):
            raise ValueError("no list of files")
    except (DesktopInstallError, ValueError, RecursionError) as exc:
        raise DesktopInstallError(f"{manifest} cannot be read ({exc}); remove the nnviz files by hand") from None
    return record


def _expected_digest(name: str, relative: str, record: dict[str, Any]) -> str | None:
    """The sha256 the file must have to be nnviz's: as the manifest noted it, else as nnviz writes it now."""
    noted = record.get("sha256")
    if isinstance(noted, dict) and isinstance(noted.get(name), str):
        return str(noted[name])
    exec_line = record.get("exec")
    if not isinstance(exec_line, str):
        return None
    try:
        return next(_digest(p.content) for p in planned_files(exec_line) if p.relative == relative)
    except (StopIteration, DesktopInstallError, OSError):
        return None


def _removable(name: object, root: Path, record: dict[str, Any]) -> tuple[Path | None, str]:
    """The real path to remove for one manifest entry, or None and why it is left alone."""
    if not isinstance(name, str):
        return None, "not a path"
    path = Path(name)
    if not path.is_absolute():
        return None, "not an absolute path"
    real = Path(os.path.realpath(path))
    if real != path or os.path.islink(path):
        return None, "reached through a symlink or '..'"
    try:
        relative = real.relative_to(root).as_posix()
    except ValueError:
        return None, "outside the data folder"
    if relative not in planned_names():
        return None, "not a file nnviz writes"
    try:
        info = os.lstat(real)
    except OSError:
        return None, "already gone"
    if not stat.S_ISREG(info.st_mode):
        return None, "not a regular file"
    expected = _expected_digest(name, relative, record)
    try:
        matches = expected is not None and _digest(real.read_bytes()) == expected
    except OSError:
        matches = False
    return (real, "") if matches else (None, "changed since nnviz wrote it")


def uninstall(home: Path | None = None, refresh: bool = True) -> Removal:
    """Remove the files the last install wrote: regular files, inside the data home, with nnviz's names and
    the content nnviz wrote; every other manifest entry is left alone and reported."""
    home = home or data_home()
    result = Removal()
    root = Path(os.path.realpath(home))
    manifest = root / MANIFEST
    if not manifest.is_file():
        return result
    if Path(os.path.realpath(manifest)) != manifest:
        raise DesktopInstallError(f"{manifest} is reached through a symlink; remove the nnviz files by hand")
    record = _read_manifest(manifest)
    for name in record["files"]:
        path, why = _removable(name, root, record)
        if path is None:
            result.ignored.append(f"{name!r} ({why})")
            continue
        path.unlink()
        result.removed.append(path)
    manifest.unlink()
    result.removed.append(manifest)
    keep = {(root / n).parent for n in [*planned_names(), MANIFEST]}
    folders = {p for n in keep for p in [n, *n.parents] if root in p.parents}
    for name in sorted((f for f in record.get("folders", []) if isinstance(f, str)), key=len, reverse=True):
        folder = Path(name)  # deepest first; only the folders nnviz's own files live in
        if folder in folders and not folder.is_symlink() and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if refresh:
        _refresh(home)
    return result


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
        return 0
    result = uninstall(home)
    print(f"nnviz: removed {len(result.removed)} files from {home}" if result.removed else
          f"nnviz: nothing to remove (no {home / MANIFEST})")
    if result.ignored:
        print(f"nnviz: left alone {len(result.ignored)} manifest entries nnviz did not write: "
              + "; ".join(result.ignored[:10]))
    return 0
