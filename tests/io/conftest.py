"""Fixtures for the I/O tests: special files to refuse."""

from __future__ import annotations

import socket
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
