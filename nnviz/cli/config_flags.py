"""The training flags of `nnviz train`, derived from `Config`: its fields, their defaults and allowed values.

A flag names a Config field; its default is the field's default (written the way
the flag is typed), its choices are the values Config accepts, and `--help` shows
both. Defaults are therefore written once, in `Config`.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nnviz.data import FEATURES, GENERATORS, SCALINGS, SHIPPED, parse_features
from nnviz.engine import INITS, NUMERICS, OPTIMIZERS, REGULARIZATIONS
from nnviz.engine.activations import ACTIVATIONS, ALIASES
from nnviz.engine.losses import ALIASES as LOSS_ALIASES
from nnviz.engine.losses import LOSSES
from nnviz.errors import ConfigError, NnvizError
from nnviz.io.validate import brief, too_long_number
from nnviz.session import Config
from nnviz.session.config import CSV_DATASET, DTYPES, PROBLEMS

HIDDEN_ACTIVATIONS = tuple(a for a in ACTIVATIONS if a != "softmax")


@dataclass(frozen=True)
class Flag:
    """One command-line flag for one Config field."""

    flag: str
    field: str
    help: str
    choices: tuple[str, ...] | None = None


FLAGS: tuple[Flag, ...] = (
    Flag("--dataset", "dataset", f"data set (see `nnviz datasets`); {CSV_DATASET} needs --csv FILE",
         (*GENERATORS, *SHIPPED, CSV_DATASET)),
    Flag("--csv", "csv_path", "a CSV file: x1,x2,label rows, or a table with a header (implies --dataset csv)"),
    Flag("--points", "points", "number of points drawn by the generator"),
    Flag("--noise", "noise", "noise in percent, 0..50"),
    Flag("--ratio", "train_ratio", "training share of the points in percent, 10..90"),
    Flag("--features", "features", f"comma-separated inputs from {','.join(FEATURES)}, or all"),
    Flag("--seed", "seed", "fixes the data, the initial weights and the shuffling: same seed, same run"),
    Flag("--hidden", "hidden", "hidden layer sizes, e.g. 4,2; 'none' for no hidden layer"),
    Flag("--activation", "activation", "activation of every hidden layer", HIDDEN_ACTIVATIONS),
    Flag("--problem", "problem", "auto: from the data set", PROBLEMS),
    Flag("--output-activation", "output_activation", "auto: from the problem", ("auto", *ACTIVATIONS)),
    Flag("--loss", "loss", "auto: from the problem", ("auto", *LOSSES)),
    Flag("--optimizer", "optimizer", "how the weights follow the gradient", OPTIMIZERS),
    Flag("--lr", "learning_rate", "learning rate"),
    Flag("--momentum", "momentum", "momentum's coefficient μ (--optimizer momentum), in [0, 1)"),
    Flag("--beta1", "beta1", "Adam's β₁, the decay of the mean gradient, in [0, 1)"),
    Flag("--beta2", "beta2", "Adam's β₂, the decay of the mean squared gradient, in [0, 1)"),
    Flag("--batch", "batch_size", "points per weight update"),
    Flag("--regularization", "regularization", "penalty on the weights", REGULARIZATIONS),
    Flag("--reg-rate", "reg_rate", "regularization rate"),
    Flag("--init", "init", "how the initial weights are drawn", INITS),
    Flag("--init-scale", "init_scale", "spread of the initial weights, 0..100"),
    Flag("--dtype", "dtype", "number precision of the weights and the arithmetic", DTYPES),
    # your own data (issue 21)
    Flag("--target", "target", "the table's target column; default: label/class/target/species/y, else the last"),
    Flag("--columns", "columns", "the table's input columns, comma-separated; default: all but the target"),
    Flag("--drop-missing", "drop_missing", "drop the rows with a missing value (yes/no)"),
    Flag("--scaling", "scaling", "inputs standardised on the training part; auto: for tables", SCALINGS),
    Flag("--numerics", "numerics", "reproducible: the same numbers on every machine; fast: BLAS, machine-dependent",
         NUMERICS),
)


def _hidden(text: str) -> tuple[int, ...]:
    text = text.strip().lower()
    if text in ("", "none", "0", "-"):
        return ()
    for size in text.split(","):
        if too_long_number(size):
            raise ConfigError(f"--hidden: {too_long_number(size)}")
    try:
        return tuple(int(t) for t in text.split(","))
    except ValueError:
        raise ConfigError(f"--hidden takes sizes like 4,2 or 'none', got {brief(text)}") from None


def _name(text: str) -> str:
    """A choice as typed: any case, and the activations' Synaptic and brain.js spellings."""
    key = text.strip().lower()
    return ALIASES.get(key, key)


def _loss_name(text: str) -> str:
    """A loss as typed: any case, - or _, and the loss table's other names."""
    key = text.strip().lower().replace("-", "_")
    return LOSS_ALIASES.get(key, key)


def _columns(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


def _yes_no(text: str) -> bool:
    key = text.strip().lower()
    if key not in ("yes", "no", "true", "false", "1", "0"):
        raise ConfigError(f"--drop-missing takes yes or no, got {text!r}")
    return key in ("yes", "true", "1")


# fields whose flag is text that is parsed (ConfigError on bad text), and how their default is written
PARSERS: dict[str, tuple[Callable[[str], Any], Callable[[Any], str]]] = {
    "hidden": (_hidden, lambda v: ",".join(map(str, v)) or "none"),
    "features": (parse_features, ",".join),
    "columns": (_columns, ",".join),
    "drop_missing": (_yes_no, lambda v: "yes" if v else "no"),
}
DEFAULTS = Config()


def add_config_flags(p: argparse.ArgumentParser) -> None:
    """Add one flag per entry of FLAGS, its default taken from Config."""
    fields = {f.name: f for f in dataclasses.fields(Config)}
    for flag in FLAGS:
        default = getattr(DEFAULTS, flag.field)
        metavar = flag.flag.lstrip("-").replace("-", "_").upper()
        if flag.field in PARSERS:
            p.add_argument(flag.flag, default=PARSERS[flag.field][1](default), help=flag.help, dest=flag.field,
                           metavar=metavar)
        elif flag.choices is not None:
            p.add_argument(flag.flag, default=default, type=_loss_name if flag.field == "loss" else _name,
                           choices=flag.choices, help=flag.help,
                           dest=flag.field, metavar="{" + ",".join(flag.choices) + "}")
        else:
            kind = type(fields[flag.field].default)
            p.add_argument(flag.flag, default=default, type=kind, help=flag.help, dest=flag.field, metavar=metavar)


def config_from_args(args: argparse.Namespace) -> Config:
    """The Config that the command-line flags describe."""
    values: dict[str, Any] = {}
    for flag in FLAGS:
        value = getattr(args, flag.field)
        values[flag.field] = PARSERS[flag.field][0](value) if flag.field in PARSERS else value
    if values["csv_path"]:
        values["dataset"] = CSV_DATASET
    elif values["dataset"] == CSV_DATASET:
        raise ConfigError("--dataset csv needs the file: add --csv FILE")
    try:
        return Config(**values)
    except NnvizError as exc:
        raise ConfigError(str(exc)) from None
