"""Fixtures for the I/O tests: special files to refuse."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def socket_path(tmp_path: Path) -> Iterator[Path]:
    """The path of a listening UNIX socket (skips where none can be made)."""
    path = tmp_path / "s.csv"
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("needs UNIX sockets")
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(path))
        except OSError:
            pytest.skip("cannot bind a UNIX socket here")
        yield path


@pytest.fixture
def fed_fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO with a writer waiting to feed it CSV rows: a reader that opens it gets data (and, without a
    writer, would wait forever); nnviz must refuse it without opening it."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs POSIX FIFOs")
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)

    def feed() -> None:
        with contextlib.suppress(OSError):
            fifo.write_text("0,0,0\n1,1,1\n0,1,1\n1,0,0\n")

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    yield fifo
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # held open until the writer is done, so it cannot block
    try:
        writer.join(5)
    finally:
        os.close(reader)
