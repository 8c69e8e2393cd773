"""The `nnviz` command: no arguments opens the app; `train` and `datasets` work headless."""

from __future__ import annotations

import argparse
import sys

from nnviz.cli import render_command, train_command
from nnviz.errors import NnvizError

EXIT_BAD_INPUT = train_command.EXIT_BAD_INPUT


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one line and exit code 2 (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"nnviz: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _datasets(args: argparse.Namespace) -> int:
    from nnviz.data import GENERATORS

    for info in GENERATORS.values():
        print(f"{info.name:<12} {info.kind:<15} {info.title}: {info.description}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the nnviz command."""
    parser = _Parser(prog="nnviz", description="See a neural network learn.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    train_command.add_parser(sub)
    render_command.add_parser(sub)
    p = sub.add_parser("datasets", help="list the data set generators")
    p.set_defaults(func=_datasets)
    p = sub.add_parser("app", help="open the desktop app (the default)")
    p.add_argument("session_file", nargs="?", default="", help="a session file to open")
    p.set_defaults(func=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the nnviz command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] == "app" or argv[0].endswith(".json"):
        from nnviz.ui.app import main as app_main

        return app_main(argv[1:] if argv and argv[0] == "app" else argv)
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.func(args))
    except NnvizError as exc:
        print(f"nnviz: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
