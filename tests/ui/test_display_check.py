"""No display: `nnviz` says so in one line and how to run it; `nnviz render` with a display that is gone draws
offscreen. A display counts when it answers on its socket, not when DISPLAY is merely set."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from nnviz.ui import display_check

GONE = ":9871"  # no X server listens here


@pytest.fixture
def x11_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "x11"
    folder.mkdir()
    monkeypatch.setattr(display_check, "X11_SOCKETS", str(folder))
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return folder


def test_a_display_counts_only_when_it_answers(x11_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":5")
    (x11_folder / "X5").write_text("")  # a stale socket file left by a server that died
    assert not display_check.display_available()
    (x11_folder / "X5").unlink()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(x11_folder / "X5"))
        server.listen(1)
        assert display_check.display_available()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:  # ssh -X: a display on a TCP port
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        if port >= display_check.X11_TCP_BASE:
            monkeypatch.setenv("DISPLAY", f"127.0.0.1:{port - display_check.X11_TCP_BASE}.0")
            assert display_check.display_available()
    monkeypatch.delenv("DISPLAY")
    assert not display_check.display_available()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # a platform the user chose is trusted
    assert display_check.display_available()


def _env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(changes)
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is Linux's")
def test_the_app_without_a_display_says_so_in_one_line() -> None:
    out = subprocess.run([sys.executable, "-m", "nnviz"], capture_output=True, text=True, env=_env(DISPLAY=GONE),
                         timeout=60)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "no display found" in out.stderr and "xvfb-run" in out.stderr
    assert "nnviz render" in out.stderr and "libxcb" not in out.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is Linux's")
def test_render_with_a_display_that_is_gone_draws_offscreen(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    run = subprocess.run([sys.executable, "-m", "nnviz", "render", "--points", "40", "--epochs", "1",
                          "--screenshot", str(out), "--size", "1100x760"], capture_output=True, text=True,
                         env=_env(DISPLAY=GONE), timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert out.stat().st_size > 0
