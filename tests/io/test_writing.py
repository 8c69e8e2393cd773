"""Saving: every file is replaced atomically, special files are refused, a symlink keeps pointing at the saved file."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from nnviz.api import Network
from nnviz.api import seed as api_seed
from nnviz.data import generate, load_csv, save_csv
from nnviz.errors import CsvError, ModelFormatError, NnvizError, SessionFileError
from nnviz.io import save_target, write_atomic
from nnviz.session import Config, Session
from nnviz.session.files import save_session


def _save_csv(path: Path, seed: int) -> None:
    save_csv(generate("xor", n_points=20, rng=np.random.default_rng(seed)), path)


def _save_session(path: Path, seed: int) -> None:
    save_session(Session(Config(points=20, seed=seed)), path)


def _save_network(path: Path, seed: int) -> None:
    api_seed(seed)
    Network([2, seed + 1, 1]).save(path)


SAVERS = [(_save_csv, CsvError), (_save_session, SessionFileError), (_save_network, ModelFormatError)]
IDS = ["csv", "session", "network"]


@pytest.mark.parametrize(("save", "error"), SAVERS, ids=IDS)
def test_a_save_replaces_the_file_instead_of_writing_into_it(tmp_path: Path, save, error) -> None:
    path = tmp_path / "out.json"
    save(path, 1)
    old = path.read_bytes()
    os.link(path, tmp_path / "other-name")  # a second name for the old file's contents
    save(path, 2)
    assert path.read_bytes() != old
    assert (tmp_path / "other-name").read_bytes() == old  # written in place, this would have changed too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-name", "out.json"]  # no temp file left


@pytest.mark.parametrize(("save", "error"), SAVERS, ids=IDS)
def test_a_save_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path, save, error) -> None:
    target = tmp_path / "real.json"
    save(target, 1)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    save(link, 2)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert link.read_bytes() == target.read_bytes()
    fresh = tmp_path / "fresh.json"
    save(fresh, 2)
    assert target.read_bytes() == fresh.read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
@pytest.mark.parametrize(("save", "error"), SAVERS, ids=IDS)
def test_a_save_onto_a_fifo_or_a_folder_is_refused(tmp_path: Path, save, error) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(error, match=r"pipe: it is a FIFO \(named pipe\), not a file; choose a file name"):
        save(fifo, 1)
    assert fifo.is_fifo()
    with pytest.raises(error, match="it is a folder, not a file"):
        save(tmp_path, 1)
    link = tmp_path / "to-pipe"
    link.symlink_to(fifo)
    with pytest.raises(error, match="it is a FIFO"):
        save(link, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "to-pipe"]


def test_a_save_onto_a_socket_is_refused(socket_path: Path) -> None:
    with pytest.raises(SessionFileError, match="it is a socket"):
        _save_session(socket_path, 1)


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_device_is_never_a_save_target() -> None:
    with pytest.raises(SessionFileError, match="cannot save the session to /dev/null: it is a device"):
        save_target("/dev/null", error=SessionFileError, what="the session")


def test_a_failed_callback_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"old")

    def half_written(tmp: str) -> None:
        Path(tmp).write_bytes(b"new but incompl")
        raise OSError(28, "No space left on device")

    with pytest.raises(NnvizError, match=r"cannot save the image to .*image\.png: No space left on device"):
        write_atomic(path, half_written, error=NnvizError, what="the image")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["image.png"]


def test_a_callback_writes_through_a_temp_path_in_the_same_folder(tmp_path: Path) -> None:
    seen: list[str] = []

    def write(tmp: str) -> None:
        seen.append(tmp)
        Path(tmp).write_bytes(b"\x89PNG")

    write_atomic(tmp_path / "a.png", write, error=NnvizError, what="the image")
    assert (tmp_path / "a.png").read_bytes() == b"\x89PNG"
    assert Path(seen[0]).parent == tmp_path and not Path(seen[0]).exists()


def test_a_new_file_gets_a_document_mode_and_an_old_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    _save_csv(path, 1)
    assert path.stat().st_mode & 0o777 == 0o644
    path.chmod(0o600)
    _save_csv(path, 2)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_csv(path).n == 20
