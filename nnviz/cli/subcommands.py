"""The heavy subcommands of `nnviz`, registered lazily: only the one named on the command line is imported."""

from __future__ import annotations

import argparse
import importlib

EXIT_BAD_INPUT = 2  # a bad argument or file: the exit code of every nnviz command

# name -> (module whose add_parser registers it, the one line `nnviz --help` shows)
HEAVY = {
    "train": ("nnviz.cli.train_command", "train a network headless and print progress"),
    "render": ("nnviz.cli.render_command",
               "train, then draw the app's views offscreen to PNG, SVG or an animated GIF"),
}


def add_heavy(sub: argparse._SubParsersAction, wanted: str | None) -> None:  # type: ignore[type-arg]
    """Register train and render: in full when `wanted` names them (or is None), else as a one-line entry."""
    for name, (module, summary) in HEAVY.items():
        if wanted is None or wanted == name:
            importlib.import_module(module).add_parser(sub)
        else:
            sub.add_parser(name, help=summary, add_help=False)
