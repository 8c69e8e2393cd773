"""`nnviz train` on tables: --dataset iris, --csv with --target and --columns, `nnviz datasets`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnviz.cli.main import main
from nnviz.session.files import load_session


def test_a_4_8_3_network_learns_iris_to_90_percent(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["train", "--dataset", "iris", "--hidden", "8", "--lr", "0.1", "--epochs", "150", "--json"])
    out = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert code == 0
    assert out["test_accuracy"] >= 0.9


def test_target_and_columns_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "own.csv"
    path.write_text("name,size,weight,age,kind\n" + "".join(
        f"n{i},{i % 9},{(i * 5) % 7},{i % 4},{'xy'[(i % 9) > 4]}\n" for i in range(60)))
    saved = tmp_path / "own.nnviz"
    code = main(["train", "--csv", str(path), "--columns", "size,weight", "--target", "kind", "--epochs", "2",
                 "--save", str(saved)])
    capsys.readouterr()
    session = load_session(saved)
    assert code == 0 and session.data.columns == ("size", "weight") and session.data.class_names == ("x", "y")
    assert session.config.columns == ("size", "weight") and session.config.target == "kind"
    code = main(["train", "--csv", str(path), "--epochs", "1"])
    err = capsys.readouterr().err
    assert code != 0 and "line 2, column 'name': 'n0' is not a number" in err


def test_datasets_lists_the_shipped_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    assert "iris" in out and "penguins" in out and "diabetes" in out
