"""The real app under SIGINT, SIGTERM and SIGHUP at random moments, and with an app-data folder it cannot write
(issue 18 §3): it quits cleanly with 128 + the signal, or starts and works without autosave."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]
LIVENESS_S = 120  # bounds a hang only

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


def _app(folder: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    full = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(folder / "home"), **env)
    return subprocess.Popen([sys.executable, "-m", "nnviz", *args], cwd=folder, env=full, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _until(check, proc: subprocess.Popen[str]) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(LIVENESS_S / 0.02)):
        if check() or proc.poll() is not None:
            return
        time.sleep(0.02)


@pytest.mark.parametrize("seed", range(3))
def test_a_signal_at_a_random_moment_quits_the_app_cleanly(tmp_path, seed):
    rng = random.Random(seed)
    signum = SIGNALS[seed % len(SIGNALS)]
    autosave = tmp_path / "autosave"
    proc = _app(tmp_path, {"NNVIZ_AUTOSAVE_DIR": str(autosave)})
    _until(lambda: any(autosave.glob("run-*.lock")), proc)  # the window and its autosave are set up
    time.sleep(rng.uniform(0.0, 2.0))
    assert proc.poll() is None
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=LIVENESS_S)
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err, err
    assert list(autosave.iterdir()) == []  # nothing changed: nothing kept, and the lock is gone


def test_the_app_starts_when_its_data_folder_is_a_file_and_says_autosave_is_off(tmp_path):
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    session = tmp_path / "s.nnviz"
    from nnviz.session import Config, Session
    from nnviz.session.files import save_session

    save_session(Session(Config(dataset="xor", points=50)), session)
    env = {k: v for k, v in os.environ.items() if k != "NNVIZ_AUTOSAVE_DIR"}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.Popen([sys.executable, "-m", "nnviz", str(session)], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    said = proc.stderr.readline()  # the app is up (the window exists) when it says this
    assert "autosave is off: cannot write to" in said, said + proc.stderr.read()
    time.sleep(0.5)
    assert proc.poll() is None  # it runs on
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=LIVENESS_S)
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err, err
