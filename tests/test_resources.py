"""The one resource resolver finds every icon and lesson: from source, installed, and in a frozen bundle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nnviz.resource_paths as res

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources"


def _resource_names() -> list[str]:
    """Every data file under resources/ (icons, lessons, the app icon), relative to it."""
    names = [p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*")
             if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert any(n.startswith("icons/") for n in names) and any(n.startswith("lessons/") for n in names)
    return sorted(names)


def test_from_source_every_file_is_found_in_the_package_folder():
    for name in _resource_names():
        found = res.resource_path(name)
        assert found == SOURCE / name and found.is_file(), name
    assert res.resource_files("lessons", "*.json") == sorted((SOURCE / "lessons").glob("*.json"))


def test_in_a_frozen_bundle_the_bundles_copy_is_used(tmp_path, monkeypatch):
    bundle = tmp_path / "_internal"
    shutil.copytree(SOURCE, bundle / "nnviz" / "resources", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    for name in _resource_names():
        found = res.resource_path(name)
        assert found == bundle / "nnviz" / "resources" / name and found.is_file(), name
    assert [p.name for p in res.resource_files("lessons")] == [p.name for p in sorted((SOURCE / "lessons").glob("*"))]


def test_installed_as_a_wheel_the_site_packages_copy_is_used(tmp_path):
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "nnviz", site / "nnviz", ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import nnviz.resource_paths as r\n"
        "for name in sys.argv[2:]:\n"
        "    print(r.resource_path(name))\n"
    )
    names = _resource_names()
    out = subprocess.run([sys.executable, "-c", code, str(site), *names], capture_output=True, text=True,
                         check=True, cwd=tmp_path, timeout=60).stdout.split("\n")
    for name, line in zip(names, out, strict=False):
        assert Path(line) == site / "nnviz" / "resources" / name and Path(line).is_file(), name


def test_a_missing_resource_is_a_path_that_does_not_exist():
    missing = res.resource_path("icons/no-such-icon.svg")
    assert missing == SOURCE / "icons" / "no-such-icon.svg" and not missing.exists()
    assert res.resource_files("no-such-folder") == []


def test_the_wheel_declares_the_resources_as_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'nnviz = ["resources/**/*"]' in pyproject
    link = ROOT / "nnviz" / "resources"  # one place only: the top-level folder, linked into the package
    assert link.is_symlink() and link.resolve() == SOURCE.resolve()
