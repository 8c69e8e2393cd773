"""`nnviz train`'s flags come from Config: same defaults, the values Config accepts, and --help shows them."""

from __future__ import annotations

import pytest

from nnviz.cli.config_flags import FLAGS, config_from_args
from nnviz.cli.main import build_parser, main
from nnviz.session import Config


def test_no_flags_give_the_default_config():
    args = build_parser().parse_args(["train"])
    assert config_from_args(args) == Config()


def test_every_config_flag_and_its_default_are_in_the_help(capsys):
    assert main(["train", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    defaults = build_parser().parse_args(["train"])
    for flag in FLAGS:
        assert flag.flag in text
        shown = getattr(defaults, flag.field)
        if shown != "":
            assert f"(default: {shown})" in text, flag.flag
    assert "(default: 100)" in text  # --epochs too
    assert "--seed SEED fixes the data, the initial weights and the shuffling" in text


def test_dataset_csv_without_a_file_names_the_csv_flag(capsys):
    assert main(["train", "--dataset", "csv", "--epochs", "1"]) == 2
    assert "--csv FILE" in capsys.readouterr().err


@pytest.mark.parametrize(("flag", "value"), [("--optimizer", "nope"), ("--regularization", "l3"), ("--init", "x")])
def test_a_value_config_refuses_is_refused_with_the_choices(flag, value, capsys):
    assert main(["train", flag, value]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice" in err


def test_choices_accept_any_case_and_the_tutorials_spellings():
    args = build_parser().parse_args(["train", "--activation", "Logistic", "--optimizer", "ADAM"])
    config = config_from_args(args)
    assert config.activation == "sigmoid" and config.optimizer == "adam"
