"""Issue 14.2 from the command line: devices and FIFOs are never read, --save never replaces what is not a file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nnviz.cli.main import main
from nnviz.errors import CsvError
from nnviz.session import Config, Session
from nnviz.session.files import load_session, session_to_dict

posix = pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs POSIX")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["train", "--epochs", "1", "--points", "20", *args])
    return code, capsys.readouterr().err


@posix
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_train_refuses_a_device_as_csv(capsys: pytest.CaptureFixture[str], device: str) -> None:
    code, err = _run(capsys, "--csv", device)
    assert code == 2
    assert err == f"nnviz: {device}: is a device, not a CSV file; nnviz reads only regular files\n"


def test_train_refuses_a_fifo_as_csv(capsys: pytest.CaptureFixture[str], fed_fifo: Path) -> None:
    code, err = _run(capsys, "--csv", str(fed_fifo))
    assert code == 2 and "is a FIFO (named pipe), not a CSV file" in err and err.count("\n") == 1


@posix
def test_save_refuses_a_fifo_or_a_folder_before_training(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "out.nnviz"
    os.mkfifo(fifo)
    code, err = _run(capsys, "--save", str(fifo), "--json")
    assert code == 2 and "it is a FIFO (named pipe), not a file" in err
    assert fifo.is_fifo()
    code, err = _run(capsys, "--save", str(tmp_path))
    assert code == 2 and "it is a folder, not a file" in err


@posix
def test_save_refuses_a_device(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, "--save", "/dev/null")
    assert code == 2 and err == "nnviz: cannot save the session to /dev/null: it is a device, not a file; " \
                                "choose a file name\n"


def test_save_through_a_symlink_keeps_the_link(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "real.nnviz"
    target.write_text("old")
    link = tmp_path / "link.nnviz"
    link.symlink_to(target)
    code, _ = _run(capsys, "--save", str(link))
    assert code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_session(target).config.points == 20


@posix
def test_a_session_whose_csv_is_a_device_cannot_reload_it(tmp_path: Path) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text("0,0,0\n1,1,1\n0,1,1\n1,0,0\n")
    doc = session_to_dict(Session(Config(dataset="csv", csv_path=str(csv), points=4)))
    doc["config"]["csv_path"] = "/dev/zero"
    path = tmp_path / "s.nnviz"
    path.write_text(json.dumps(doc))
    session = load_session(path)  # the data is inside the file
    with pytest.raises(CsvError, match="/dev/zero: is a device"):
        Session(session.config)  # what Reload does: read the CSV again
