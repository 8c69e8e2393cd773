"""End-to-end runs of the nnviz command."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def nnviz(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nnviz", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def nnviz_here(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    """The same command through `main(argv)` in this process: its exit code and what it printed. It saves a Python
    start per case; `nnviz(...)` keeps the real `python -m nnviz` path covered for every exit code (0, 2, 3)."""
    from nnviz.cli.main import main

    capsys.readouterr()  # what the test printed before is not the command's
    # what library code logs reaches a real run's stderr (Python's last-resort handler, as nothing is configured);
    # here pytest's own handlers would take it instead, and a second stderr line would go unseen
    last_resort = logging.StreamHandler(sys.stderr)
    last_resort.setLevel(logging.WARNING)
    logging.getLogger().addHandler(last_resort)
    try:
        code = main(list(args))
    finally:
        logging.getLogger().removeHandler(last_resort)
    printed = capsys.readouterr()
    return subprocess.CompletedProcess(["nnviz", *args], code, printed.out, printed.err)


def test_an_in_process_run_shows_what_the_library_logs_on_stderr_as_a_real_run_does(capsys, monkeypatch):
    from nnviz.session.session import Session

    made = Session.__init__

    def logging_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        logging.getLogger("nnviz.session.session").warning("a line logged by the library")
        made(self, *args, **kwargs)

    monkeypatch.setattr(Session, "__init__", logging_init)
    out = nnviz_here(capsys, "train", "--epochs", "0", "--json")
    assert out.returncode == 0
    assert "a line logged by the library" in out.stderr.splitlines()  # as `python -m nnviz` prints it


def test_train_prints_progress_and_a_json_line():
    out = nnviz("train", "--epochs", "40", "--json", "--seed", "3")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert any(line.startswith("epoch") for line in lines[:-1])
    result = json.loads(lines[-1])
    assert set(result) == {"epochs", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "train_seconds"}
    assert result["epochs"] == 40 and 0.0 <= result["test_accuracy"] <= 1.0 and result["train_seconds"] > 0


def test_regression_reports_null_accuracy(capsys):
    out = nnviz_here(capsys, "train", "--dataset", "plane", "--epochs", "3", "--json")
    result = json.loads(out.stdout.splitlines()[-1])
    assert result["train_accuracy"] is None and result["test_accuracy"] is None


def test_bad_arguments_exit_2_with_one_line(capsys):
    for args in (["--dataset", "nope"], ["--hidden", "4,x"], ["--features", "x9"], ["--lr", "abc"], ["--noise", "90"]):
        out = nnviz_here(capsys, "train", *args)
        assert out.returncode == 2, args
        assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr, out.stderr


def test_bad_csv_exits_2_naming_the_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2,0\n3,abc,1\n")
    out = nnviz("train", "--csv", str(bad))
    assert out.returncode == 2 and "line 3" in out.stderr


def test_divergence_exits_3():
    out = nnviz("train", "--dataset", "plane", "--lr", "10", "--activation", "linear", "--json")
    assert out.returncode == 3 and "diverged" in out.stderr
    assert "diverged" in json.loads(out.stdout.splitlines()[-1])


def _strict_json(text: str) -> dict:
    def refuse(name: str) -> None:
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def test_a_loss_gone_infinite_exits_3_with_strict_json_and_the_same_line_on_stderr(capsys):
    out = nnviz_here(capsys, "train", "--dataset", "plane", "--lr", "10", "--activation", "relu", "--json")
    assert out.returncode == 3
    result = _strict_json(out.stdout.splitlines()[-1])
    assert result["diverged"].startswith("diverged at epoch ") and "loss became inf" in result["diverged"]
    assert out.stderr.strip().splitlines() == [f"nnviz: {result['diverged']}"]


def test_json_never_holds_nan_or_infinity(monkeypatch, capsys):
    from nnviz.cli.main import main
    from nnviz.session import Session
    from nnviz.session.session import Metrics

    monkeypatch.setattr(Session, "metrics", lambda self: Metrics(float("inf"), float("nan"), None, None))
    assert main(["train", "--epochs", "1", "--json"]) == 0
    result = _strict_json(capsys.readouterr().out.splitlines()[-1])
    assert result["train_loss"] is None and result["test_loss"] is None


def test_a_collapsed_network_warns_on_one_stderr_line_and_exits_0(capsys):
    out = nnviz_here(capsys, "train", "--dataset", "xor", "--lr", "10", "--activation", "relu", "--epochs", "300",
                     "--json")
    assert out.returncode == 0
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith("nnviz: warning: all ") and "ReLU units of layer" in line
    assert "the learning rate (10) is too high or the initial weights too large" in line
    assert _strict_json(out.stdout.splitlines()[-1])["warning"] == line.removeprefix("nnviz: warning: ")


def test_huge_losses_print_in_scientific_notation(capsys):
    out = nnviz_here(capsys, "train", "--dataset", "plane", "--lr", "10", "--activation", "relu", "--hidden", "8,8",
                "--epochs", "50", "--log-every", "5")
    progress = [line for line in out.stdout.splitlines() if line.startswith("epoch")]
    assert out.returncode == 3 and progress
    assert "e+" in progress[-1] and max(len(line) for line in progress) < 120


def test_datasets_lists_the_generators():
    out = nnviz("datasets")
    assert out.returncode == 0
    names = [line.split()[0] for line in out.stdout.splitlines()]
    assert {"circle", "xor", "gauss", "spiral", "plane", "multigauss", "moons", "quadrants"} <= set(names)


def test_zero_epochs_reports_the_untrained_network(capsys):
    out = nnviz_here(capsys, "train", "--epochs", "0", "--json")
    assert out.returncode == 0 and out.stderr == ""
    assert json.loads(out.stdout.splitlines()[-1])["epochs"] == 0


def test_save_writes_a_session_that_loads(tmp_path, capsys):
    from nnviz.session.files import load_session

    path = tmp_path / "run.json"
    out = nnviz_here(capsys, "train", "--epochs", "2", "--save", str(path), "--optimizer", "adam", "--regularization",
                     "l2", "--reg-rate", "0.01", "--init", "he", "--features", "all", "--points", "100",
                     "--hidden", "none")
    assert out.returncode == 0, out.stderr
    session = load_session(path)
    assert session.epoch == 2 and session.config.optimizer == "adam" and session.net.sizes == (7, 1)


def test_more_bad_inputs_exit_2_with_one_line(tmp_path, capsys):
    for args in (["--epochs", "-1"], ["--log-every", "-1"], ["--output-activation", "softmax"],
                 ["--problem", "regression"], ["--loss", "bce"], ["--batch", "0"], ["--csv", str(tmp_path / "no.csv")],
                 ["--epochs", "1", "--save", str(tmp_path / "no" / "dir.json")], ["--unknown"]):
        out = nnviz_here(capsys, "train", *args)
        assert out.returncode == 2, (args, out.stdout)
        assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr, out.stderr
