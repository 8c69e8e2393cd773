"""The `nnviz train …` line that reproduces a config: the desktop's answer to Playground's shareable URL.

The line is built from `nnviz train`'s own parser: every setting that differs from
the parser's default and has a flag is written, so parsing the line gives the
same Config back. Settings with no flag (a session's name, for one) are listed
so the caller can say what the line leaves out.
"""

from __future__ import annotations

import argparse
import dataclasses
import shlex
from typing import Any

from nnviz.session import Config

# Config fields whose argparse dest differs from the field: none, the flags are derived from Config
# (nnviz/cli/config_flags.py keeps each flag's dest equal to its field)
FLAG_DESTS: dict[str, str] = {}
IMPLIED = frozenset({"dataset"})  # written only when not implied by another flag (--csv implies csv)
NOT_SETTINGS = frozenset({"name"})  # what a session is called is not part of how it trains


def train_parser() -> argparse.ArgumentParser:
    """`nnviz train`'s argument parser."""
    from nnviz.cli import train_command

    holder = argparse.ArgumentParser(add_help=False)
    sub = holder.add_subparsers()
    train_command.add_parser(sub)
    return sub.choices["train"]


def _text(value: Any) -> str:
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value) if value else "none"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def command_args(config: Config, epochs: int | None = None) -> tuple[list[str], list[str]]:
    """(the arguments after `nnviz train`, the settings that no flag can express)."""
    parser = train_parser()
    actions = {a.dest: a for a in parser._actions if a.option_strings}
    defaults = Config()
    args: list[str] = []
    missing: list[str] = []
    for field in dataclasses.fields(Config):
        name = field.name
        value, default = getattr(config, name), getattr(defaults, name)
        if name in NOT_SETTINGS or (name == "dataset" and config.csv_path):
            continue
        # activations: one per hidden layer; a flag of its own, or --activation when all agree
        if name == "activations" and len(set(value)) <= 1 and (not value or value[0] == config.activation):
            continue
        action = actions.get(FLAG_DESTS.get(name, name))
        if action is None:
            if value != default:
                missing.append(name)
            continue
        text = _text(value)
        if text != _text(action.default) or (name in IMPLIED and value != default):
            args += [action.option_strings[-1], text]
    if epochs is not None:
        args += ["--epochs", str(epochs)]
    return args, missing


def command_line(config: Config, epochs: int | None = None) -> tuple[str, list[str]]:
    """The shell line `nnviz train …` for a config, and the settings it cannot express."""
    args, missing = command_args(config, epochs)
    return shlex.join(["nnviz", "train", *args]), missing
