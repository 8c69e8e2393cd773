"""One parser for `nnviz`, `nnviz app`, `nnviz FILE` and the subcommands; `--version` from pyproject."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from nnviz.cli import app_command
from nnviz.cli.main import build_parser, main
from nnviz.version import version, version_line

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_version() -> str:
    found = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.MULTILINE)
    assert found
    return found.group(1)


def test_version_matches_the_pyproject(capsys):
    assert version() == _pyproject_version()
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"nnviz-studio {_pyproject_version()}"


def test_the_console_script_prints_the_version():
    out = subprocess.run([sys.executable, "-m", "nnviz", "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == version_line()
    import nnviz

    assert nnviz.__version__ == _pyproject_version()


@pytest.mark.parametrize(("argv", "routed"), [
    ([], ["app"]),
    (["run.nnviz"], ["app", "run.nnviz"]),
    (["data.csv", "--smoke"], ["app", "data.csv", "--smoke"]),
    (["--smoke"], ["app", "--smoke"]),
    (["app", "x.json"], ["app", "x.json"]),
    (["train", "--epochs", "3"], ["train", "--epochs", "3"]),
    (["datasets"], ["datasets"]),
    (["--version"], ["--version"]),
    (["-h"], ["-h"]),
])
def test_anything_that_names_no_subcommand_goes_to_the_app(argv, routed):
    parser = build_parser()
    assert app_command.route(argv, parser) == routed
    args = parser.parse_args(routed) if routed[0] not in ("--version", "-h") else None
    if args is not None and routed[0] == "app":
        assert args.func is app_command.run
        assert args.file == (routed[1] if len(routed) > 1 and not routed[1].startswith("-") else "")


@pytest.mark.parametrize("argv", [["a.nnviz", "b.nnviz"], ["--bogus"], ["--smoke", "--smoke=1"]])
def test_bad_app_arguments_are_one_line_errors(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("nnviz: ") and err.count("\n") == 1


def test_help_lists_every_subcommand_and_each_still_parses_in_full(capsys):
    assert main(["--help"]) == 0
    listing = capsys.readouterr().out
    for name in ("train", "render", "datasets", "app"):
        assert f"\n    {name} " in listing
    assert build_parser("train").parse_args(["train", "--epochs", "3"]).epochs == 3
    assert build_parser("render").parse_args(["render", "--panel", "loss"]).panel == "loss"


def test_opening_the_app_does_not_import_the_headless_commands():
    code = ("import sys\nfrom nnviz.cli.main import build_parser\nfrom nnviz.cli import app_command\n"
            "parser = build_parser('f.csv')\nparser.parse_args(app_command.route(['f.csv'], parser))\n"
            "print(sorted(m for m in sys.modules if m in ('nnviz.cli.train_command', 'nnviz.cli.render_command',"
            " 'nnviz.data', 'importlib.metadata')))\n"
            "build_parser('train')\nprint('nnviz.cli.train_command' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["[]", "True"]
