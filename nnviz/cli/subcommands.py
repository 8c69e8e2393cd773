"""The heavy subcommands of `nnviz`, registered lazily: only the one named on the command line is imported."""

from __future__ import annotations

import argparse
from collections.abc import Callable

EXIT_BAD_INPUT = 2  # a bad argument or file: the exit code of every nnviz command

Register = Callable[[argparse._SubParsersAction, str], None]  # type: ignore[type-arg]


def _train(sub: argparse._SubParsersAction, summary: str) -> None:  # type: ignore[type-arg]
    from nnviz.cli import train_command  # lazy: the training flags and their imports load only for `nnviz train`

    train_command.add_parser(sub, summary)


def _render(sub: argparse._SubParsersAction, summary: str) -> None:  # type: ignore[type-arg]
    from nnviz.cli import render_command  # lazy: `nnviz render`'s options load only when it is named

    render_command.add_parser(sub, summary)


# name -> (what registers it in full, the one line `nnviz --help` shows)
HEAVY: dict[str, tuple[Register, str]] = {
    "train": (_train, "train a network headless and print progress"),
    "render": (_render, "train, then draw the app's views offscreen to PNG, SVG or an animated GIF"),
}


def add_heavy(sub: argparse._SubParsersAction, wanted: str | None) -> None:  # type: ignore[type-arg]
    """Register train and render: in full when `wanted` names them (or is None), else as a one-line entry."""
    for name, (register, summary) in HEAVY.items():
        if wanted is None or wanted == name:
            register(sub, summary)
        else:
            sub.add_parser(name, help=summary, add_help=False)
