"""Reading user files: regular files only, at most the cap plus one byte, a BOM is fine, one line per failure."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nnviz.api import Network
from nnviz.data import load_csv
from nnviz.errors import CsvError, ModelFormatError, NnvizError, SessionFileError
from nnviz.io import read_bytes
from nnviz.session import Config, Session
from nnviz.session.files import load_session, save_session

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")


def _one_line(exc: pytest.ExceptionInfo[NnvizError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("reader", [load_csv, load_session, Network.load])
def test_a_fifo_is_refused_without_being_opened(fed_fifo: Path, reader) -> None:
    with pytest.raises(NnvizError) as exc:
        reader(fed_fifo)
    assert "is a FIFO (named pipe)" in _one_line(exc)
    assert "nnviz reads only regular files" in str(exc.value)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
@pytest.mark.parametrize(("reader", "error"), [(load_csv, CsvError), (load_session, SessionFileError),
                                               (Network.load, ModelFormatError)])
def test_devices_are_refused_before_reading(device: str, reader, error: type[NnvizError]) -> None:
    with pytest.raises(error) as exc:
        reader(device)
    assert _one_line(exc).startswith(f"{device}: is a device, not a ")


def test_a_socket_is_refused(socket_path: Path) -> None:
    with pytest.raises(CsvError, match="is a socket"):
        load_csv(socket_path)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SessionFileError, match="is a folder"):
        load_session(tmp_path)


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.csv").write_text("0,0,0\n1,1,1\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    assert load_csv(tmp_path / "link.csv").n == 2


def test_reads_at_most_the_cap_plus_one_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * 100)
    asked: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        asked.append(len(data))
        return data

    monkeypatch.setattr("nnviz.io.reading.os.read", counting_read)
    assert read_bytes(path, error=CsvError, what="file", max_bytes=100) == b"x" * 100
    asked.clear()
    with pytest.raises(CsvError, match="too large"):
        read_bytes(path, error=CsvError, what="file", max_bytes=10)
    assert sum(asked) == 0  # refused from the size, before reading
    with pytest.raises(CsvError, match=r"too large \(100 bytes; the limit for a file is 10\)"):
        read_bytes(path, error=CsvError, what="file", max_bytes=10)


def test_a_session_file_with_a_byte_order_mark_opens(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    save_session(Session(Config(points=40)), path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_session(path).config.points == 40


def test_a_network_file_with_a_byte_order_mark_opens(tmp_path: Path) -> None:
    path = tmp_path / "net.json"
    path.write_text("\ufeff" + json.dumps(Network([2, 3, 1]).to_json()), encoding="utf-8")
    assert Network.load(path).sizes == (2, 3, 1)
    assert Network.from_json("\ufeff" + json.dumps(Network([2, 1]).to_json())).sizes == (2, 1)
