"""The `nnviz` command: `nnviz [FILE]` opens the app; `train` and `datasets` work headless."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from nnviz.cli import app_command, subcommands
from nnviz.cli.interrupts import Interrupted
from nnviz.errors import OUT_OF_MEMORY, NnvizError
from nnviz.io.validate import brief, too_long_number

EXIT_BAD_INPUT = subcommands.EXIT_BAD_INPUT


def whole_number(text: str) -> int:
    """A flag's whole number; a number with too many digits, or anything else, is one clear line."""
    too_long = too_long_number(text)
    if too_long:
        raise argparse.ArgumentTypeError(too_long)
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {brief(text)}") from None


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one line and exit code 2 (no usage dump); every `type=int` flag
    is read by whole_number."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("type", int, whole_number)

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"nnviz: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


class _VersionAction(argparse.Action):
    """`--version`: prints the version line, read from the metadata only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        # lazy: the version is read from the metadata only for --version
        from nnviz.version import version_line

        print(version_line())
        parser.exit()


def _datasets(args: argparse.Namespace) -> int:
    # lazy: `nnviz --help` and the app's start do not load the data sets
    from nnviz.data import GENERATORS, SHIPPED

    for info in GENERATORS.values():
        print(f"{info.name:<12} {info.kind:<15} {info.title}: {info.description}")
    for table in SHIPPED.values():
        print(f"{table.name:<12} {table.kind:<15} real data (resources/data): {table.description}")
    return 0


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the nnviz command; with `command`, train/render are built in full only if named."""
    parser = _Parser(prog="nnviz", description="See a neural network learn. `nnviz [FILE]` opens the app.")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show program's version number and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    subcommands.add_heavy(sub, command)
    p = sub.add_parser("datasets", help="list the data set generators and the shipped real data sets")
    p.set_defaults(func=_datasets)
    app_command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the nnviz command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv[0] if argv else "")
    try:
        args = parser.parse_args(app_command.route(argv, parser))
    except SystemExit as exc:  # --help, --version, or a bad argument (already reported in one line)
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    try:
        return int(args.func(args))
    except NnvizError as exc:
        print(f"nnviz: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Interrupted as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        print(f"nnviz: {OUT_OF_MEMORY}", file=sys.stderr)
        return EXIT_BAD_INPUT
