"""Copy as command: the `nnviz train …` line gives the same Config back, for every data set and every option."""

from __future__ import annotations

import dataclasses
import shlex

import pytest

from nnviz.cli.command_line import NOT_SETTINGS, command_line
from nnviz.cli.config_flags import FLAGS, config_from_args
from nnviz.data import GENERATORS
from nnviz.errors import ConfigError
from nnviz.session import Config
from tests.cli.train_parser import train_parser

# a value other than the default for every setting
OTHER_VALUES: dict[str, object] = {
    "points": 123, "noise": 17.5, "train_ratio": 70.0, "features": ("x1", "x2", "x1x2", "sinx2"), "seed": 42,
    "hidden": (5, 3, 2), "activation": "relu", "problem": "regression", "output_activation": "sigmoid",
    "loss": "mse", "optimizer": "adam", "learning_rate": 0.003, "batch_size": 25, "regularization": "l1",
    "reg_rate": 0.01, "init": "xavier", "init_scale": 0.25, "dtype": "float32", "activations": ("relu", "relu", "relu"),
    "target": "kind", "columns": ("a", "b c"), "drop_missing": True, "scaling": "standard",
    "numerics": "fast",
    "momentum": 0.1, "beta1": 0.8, "beta2": 0.99,
}


def round_trip(config: Config) -> Config:
    line, missing = command_line(config)
    assert not missing, f"{line} cannot express {missing}"
    words = shlex.split(line)
    assert words[:2] == ["nnviz", "train"]
    return config_from_args(train_parser().parse_args(words[2:]))


def flag_fields() -> list[str]:
    return [flag.field for flag in FLAGS]


@pytest.mark.parametrize("dataset", sorted(GENERATORS))
def test_every_data_set_round_trips(dataset):
    config = Config(dataset=dataset, hidden=(3,), learning_rate=0.1)
    assert round_trip(config) == config


def test_a_csv_data_set_round_trips(tmp_path):
    path = tmp_path / "my points.csv"  # a space: the line must quote it
    path.write_text("x1,x2,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n")
    config = Config(dataset="csv", csv_path=str(path), hidden=(2,))
    assert round_trip(config) == config


@pytest.mark.parametrize("field", [f for f in OTHER_VALUES if f != "activations"])
def test_every_option_round_trips(field):
    assert field in flag_fields(), f"`nnviz train` has no flag for {field}"
    config = Config(**{field: OTHER_VALUES[field]})  # type: ignore[arg-type]
    assert round_trip(config) == config


def test_every_setting_is_covered_here():
    settings = {f.name for f in dataclasses.fields(Config)} - NOT_SETTINGS - {"dataset", "csv_path"}
    assert settings == set(OTHER_VALUES)


def test_all_options_at_once_round_trip():
    changes = {k: v for k, v in OTHER_VALUES.items() if k != "activations"}
    config = Config(dataset="spiral", **changes)  # type: ignore[arg-type]
    assert round_trip(config) == config


def test_the_default_config_is_a_bare_command():
    assert command_line(Config()) == ("nnviz train", [])


def test_settings_without_a_flag_are_named_not_dropped_silently():
    config = Config(hidden=(3, 3), activations=("relu", "tanh"), name="my run")
    line, missing = command_line(config)
    assert "activations" in missing or round_trip(config) == config
    assert "my run" not in line  # the name is not a training setting


@pytest.mark.parametrize(("words", "says"), [
    (["--init-scale", "200"], "init_scale must be in 0..100"),
    (["--dtype", "float16"], None),  # argparse refuses it: not a choice
])
def test_init_scale_and_dtype_are_checked(words, says):
    if says is None:
        with pytest.raises(SystemExit):
            train_parser().parse_args(words)
        return
    with pytest.raises(ConfigError, match=says):
        config_from_args(train_parser().parse_args(words))


def test_init_scale_and_dtype_defaults_come_from_config():
    args = train_parser().parse_args([])
    assert (args.init_scale, args.dtype) == (Config().init_scale, Config().dtype)
    assert "(default: float64)" in " ".join(train_parser().format_help().split())


def test_epochs_can_be_added():
    assert command_line(Config(), epochs=50)[0] == "nnviz train --epochs 50"
