"""`nnviz train FILE --epochs N [--save]` continues a saved session exactly where it stopped."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.session.files import load_session
from tests.cli.test_cli import nnviz, nnviz_here

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
    assert continued.streams.state() == uninterrupted.streams.state()
    assert np.array_equal(continued.history.to_dict()["rows"], uninterrupted.history.to_dict()["rows"])


def test_config_flag_continues_a_session_or_starts_from_a_bare_config(tmp_path, capsys):
    saved, cfg = tmp_path / "s.json", tmp_path / "cfg.json"
    assert nnviz_here(capsys, "train", "--epochs", "2", "--save", str(saved)).returncode == 0
    out = nnviz_here(capsys, "train", "--config", str(saved), "--epochs", "3", "--json")
    assert json.loads(out.stdout.splitlines()[-1])["epochs"] == 5
    cfg.write_text(json.dumps({"dataset": "xor", "hidden": [3], "points": 50}))
    out = nnviz_here(capsys, "train", "--config", str(cfg), "--epochs", "4", "--save", str(saved))
    assert out.returncode == 0, out.stderr
    session = load_session(saved)
    assert session.epoch == 4 and session.config.dataset == "xor" and session.config.hidden == (3,)


@pytest.mark.parametrize("content, message", [
    ('{"format": "nnviz-session", "version": 1', "not valid JSON"),
    ('{"format": "nnviz-session", "version": 9}', "newer nnviz"),
    ('[1, 2, 3]', "not an nnviz session file"),
])
def test_a_bad_session_file_exits_2_and_writes_nothing(tmp_path, capsys, content, message):
    bad, out_file = tmp_path / "bad.json", tmp_path / "out.json"
    bad.write_text(content)
    out = nnviz_here(capsys, "train", str(bad), "--epochs", "2", "--save", str(out_file))
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and not out_file.exists()
    assert bad.read_text() == content


def test_bare_save_needs_a_session_file(capsys):
    out = nnviz_here(capsys, "train", "--epochs", "1", "--save")
    assert out.returncode == 2 and "--save without a file name" in out.stderr


def _v1() -> dict:
    from pathlib import Path

    return json.loads((Path(__file__).parents[1] / "session" / "data" / "session_v1.json").read_text())


def _bad_files() -> dict[str, tuple[object, str]]:
    """name -> (file content: bytes, or a function of the kept v1 document, or a size; the expected words)."""
    def edit(change):  # type: ignore[no-untyped-def]
        def make() -> bytes:
            doc = _v1()
            change(doc)
            return json.dumps(doc).encode()
        return make

    return {
        "truncated": (lambda: json.dumps(_v1()).encode()[:500], "not valid JSON"),
        "wrong type": (edit(lambda d: d.update(network=[1, 2])), "network must be a JSON object"),
        "missing keys": (edit(lambda d: d.pop("config")), "config is missing"),
        "weights of the wrong shape": (edit(lambda d: d["network"].update(params=[0.1] * 5)), "parameters"),
        "NaN": (edit(lambda d: d["network"]["params"].__setitem__(0, float("nan"))), "finite"),
        "newer version": (edit(lambda d: d.update(version=99)), "newer nnviz"),
        "binary": (lambda: bytes(range(256)) * 4, "not UTF-8"),
        "1 GB": (2**30, "too large"),
    }


@pytest.mark.parametrize("case", list(_bad_files()))
def test_each_bad_session_file_exits_2_with_one_line_naming_the_problem(tmp_path, capsys, case):
    from nnviz.cli.main import main

    content, words = _bad_files()[case]
    bad = tmp_path / "bad.json"
    if isinstance(content, int):
        with open(bad, "wb") as fh:  # sparse: no gigabyte is written to disk
            fh.truncate(content)
    else:
        bad.write_bytes(content())  # type: ignore[operator]
    before = bad.stat().st_size
    out = tmp_path / "out.json"
    assert main(["train", str(bad), "--epochs", "1", "--save", str(out)]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists() and bad.stat().st_size == before
    assert main(["train", str(bad), "--epochs", "1", "--save"]) == 2  # nor is the file itself overwritten
    assert bad.stat().st_size == before
