"""SIGINT, SIGTERM and SIGHUP at random moments of `nnviz train` and `nnviz render --gif`: exit 128 + the signal,
no traceback, no temporary file, no half-written output (issue 18 §3)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]
LIVENESS_S = 120  # only bounds a hang: a stopped command ends within a step

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


def _start(args: list[str], folder: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-m", "nnviz", *args], cwd=folder, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(folder: Path, proc: subprocess.Popen[str], pattern: str) -> None:
    """Until a file matching `pattern` exists (the command is under way), or the command has ended."""
    for _ in range(int(LIVENESS_S / 0.02)):
        if list(folder.glob(pattern)) or proc.poll() is not None:
            return
        time.sleep(0.02)


def _stop(proc: subprocess.Popen[str], signum: int, delay: float) -> tuple[int, str]:
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signum)
    _, err = proc.communicate(timeout=LIVENESS_S)
    return proc.returncode, err


@pytest.mark.parametrize("seed", range(3))
def test_a_signal_while_render_records_a_gif_leaves_nothing_behind(tmp_path, seed):
    rng = random.Random(seed)
    signum = SIGNALS[seed % len(SIGNALS)]
    proc = _start(["render", "--dataset", "xor", "--points", "200", "--epochs", "4000", "--every", "1",
                   "--panel", "boundary", "--size", "64x64", "--gif", "out.gif", "--screenshot", "out.png",
                   "--save", "out.nnviz"], tmp_path)
    _wait_for(tmp_path, proc, ".out.gif.*.tmp")  # recording: the GIF's temporary file exists
    code, err = _stop(proc, signum, rng.uniform(0.0, 1.5))
    assert code == 128 + signum, err
    assert "Traceback" not in err and "Segmentation" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no GIF, no picture, no session, no temporary file


@pytest.mark.parametrize("seed", range(3))
def test_a_signal_while_train_runs_or_saves_leaves_no_temporary_file(tmp_path, seed):
    rng = random.Random(100 + seed)
    signum = SIGNALS[seed % len(SIGNALS)]
    proc = _start(["train", "--dataset", "spiral", "--points", "2000", "--hidden", "16,16", "--epochs", "100000",
                   "--log-every", "1", "--save", "out.nnviz"], tmp_path)
    assert proc.stdout is not None
    proc.stdout.readline()  # the first epoch is done: training is under way
    code, err = _stop(proc, signum, rng.uniform(0.0, 1.0))
    assert code == 128 + signum, err
    assert "Traceback" not in err, err
    assert [p.name for p in tmp_path.iterdir() if p.name != "out.nnviz"] == []
