"""`nnviz train FILE --epochs N [--save]` continues a saved session exactly where it stopped."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.session.files import load_session
from tests.cli.test_cli import nnviz

FLAGS = ["--dataset", "spiral", "--hidden", "6,5", "--optimizer", "adam", "--batch", "7", "--noise", "10",
         "--regularization", "l2", "--reg-rate", "0.001", "--points", "200"]


def test_save_then_continue_is_bit_identical_to_one_run(tmp_path):
    first, whole = tmp_path / "first.json", tmp_path / "whole.json"
    assert nnviz("train", *FLAGS, "--epochs", "6", "--save", str(first)).returncode == 0
    out = nnviz("train", str(first), "--epochs", "9", "--save", "--json")  # bare --save writes back
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[-1])["epochs"] == 15
    assert nnviz("train", *FLAGS, "--epochs", "15", "--save", str(whole)).returncode == 0
    continued, uninterrupted = load_session(first), load_session(whole)
    assert continued.epoch == uninterrupted.epoch == 15
    assert np.array_equal(continued.net.params, uninterrupted.net.params)
    assert continued.random_state() == uninterrupted.random_state()
    assert np.array_equal(continued.history.to_dict()["rows"], uninterrupted.history.to_dict()["rows"])


def test_config_flag_continues_a_session_or_starts_from_a_bare_config(tmp_path):
    saved, cfg = tmp_path / "s.json", tmp_path / "cfg.json"
    assert nnviz("train", "--epochs", "2", "--save", str(saved)).returncode == 0
    out = nnviz("train", "--config", str(saved), "--epochs", "3", "--json")
    assert json.loads(out.stdout.splitlines()[-1])["epochs"] == 5
    cfg.write_text(json.dumps({"dataset": "xor", "hidden": [3], "points": 50}))
    out = nnviz("train", "--config", str(cfg), "--epochs", "4", "--save", str(saved))
    assert out.returncode == 0, out.stderr
    session = load_session(saved)
    assert session.epoch == 4 and session.config.dataset == "xor" and session.config.hidden == (3,)


@pytest.mark.parametrize("content, message", [
    ('{"format": "nnviz-session", "version": 1', "not valid JSON"),
    ('{"format": "nnviz-session", "version": 9}', "newer nnviz"),
    ('[1, 2, 3]', "not an nnviz session file"),
])
def test_a_bad_session_file_exits_2_and_writes_nothing(tmp_path, content, message):
    bad, out_file = tmp_path / "bad.json", tmp_path / "out.json"
    bad.write_text(content)
    out = nnviz("train", str(bad), "--epochs", "2", "--save", str(out_file))
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and not out_file.exists()
    assert bad.read_text() == content


def test_bare_save_needs_a_session_file():
    out = nnviz("train", "--epochs", "1", "--save")
    assert out.returncode == 2 and "--save without a file name" in out.stderr
