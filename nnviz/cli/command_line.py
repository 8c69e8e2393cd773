"""The `nnviz train …` line that reproduces a config: the desktop's answer to Playground's shareable URL.

The line is built from the same table that makes `nnviz train`'s flags
(`nnviz.cli.config_flags.FLAGS`): every setting that differs from Config's default
and has a flag is written, so parsing the line gives the same Config back.
Settings with no flag are listed so the caller can say what the line leaves out.
"""

from __future__ import annotations

import dataclasses
import shlex
from typing import Any

from nnviz.cli.config_flags import FLAGS, PARSERS
from nnviz.session import Config

NOT_SETTINGS = frozenset({"name"})  # what a session is called is not part of how it trains
DEFAULTS = Config()


def _text(field: str, value: Any) -> str:
    """A value as its flag takes it."""
    if field in PARSERS:
        return str(PARSERS[field][1](value))
    return repr(value) if isinstance(value, float) else str(value)


def command_args(config: Config, epochs: int | None = None) -> tuple[list[str], list[str]]:
    """(the arguments after `nnviz train`, the settings that no flag can express)."""
    args: list[str] = []
    flagged = set()
    for flag in FLAGS:
        flagged.add(flag.field)
        value = getattr(config, flag.field)
        if flag.field == "dataset" and config.csv_path:
            continue  # --csv implies it
        if value != getattr(DEFAULTS, flag.field):
            args += [flag.flag, _text(flag.field, value)]
    missing = []
    for field in dataclasses.fields(Config):
        name = field.name
        if name in flagged or name in NOT_SETTINGS:
            continue
        value = getattr(config, name)
        if name == "activations" and len(set(value)) <= 1 and (not value or value[0] == config.activation):
            continue  # one activation for every hidden layer: --activation says it
        if value != getattr(DEFAULTS, name):
            missing.append(name)
    if epochs is not None:
        args += ["--epochs", str(epochs)]
    return args, missing


def command_line(config: Config, epochs: int | None = None) -> tuple[str, list[str]]:
    """The shell line `nnviz train …` for a config, and the settings it cannot express."""
    args, missing = command_args(config, epochs)
    return shlex.join(["nnviz", "train", *args]), missing
