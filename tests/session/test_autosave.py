"""Autosave timing (fake clock) and crash detection (a process killed with SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nnviz.session import Config, Session
from nnviz.session.autosave import AutosavePolicy, AutosaveStore
from nnviz.session.files import load_session

ROOT = Path(__file__).resolve().parents[2]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_autosave_waits_for_a_change_and_then_the_interval():
    clock = FakeClock()
    policy = AutosavePolicy(interval=60.0, clock=clock)
    clock.now += 600
    assert not policy.due()  # nothing changed: nothing to save however long it has been
    policy.changed()
    assert policy.due()  # changed, and more than 60 s since the session was opened
    policy.saved()
    policy.changed()
    clock.now += 59.9
    assert not policy.due()
    clock.now += 0.2
    assert policy.due()
    policy.saved()
    clock.now += 120
    assert not policy.due()  # saved, and no change since


CHILD = """
import sys, time
from pathlib import Path
from nnviz.session import Config, Session
from nnviz.session.autosave import AutosaveStore
from nnviz.session.files import save_session
store = AutosaveStore(Path(sys.argv[1]))
store.begin()
session = Session(Config(dataset="xor", seed=5))
session.train(3)
save_session(session, store.path)
if sys.argv[2] == "clean":
    store.end()
print("ready", flush=True)
time.sleep(120)
"""


def _run_child(folder: Path, how: str) -> int:
    with subprocess.Popen([sys.executable, "-c", CHILD, str(folder), how], stdout=subprocess.PIPE, text=True,
                          cwd=ROOT) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        os.kill(proc.pid, signal.SIGKILL)  # the crash
        proc.wait(timeout=30)
    return proc.pid


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_run_leaves_its_autosave_for_the_next_start(tmp_path):
    pid = _run_child(tmp_path, "crash")
    store = AutosaveStore(tmp_path)  # the next start
    crashed = store.crashed()
    assert crashed == [tmp_path / f"autosave-{pid}.nnviz"]
    restored = load_session(crashed[0])
    assert restored.epoch == 3 and restored.config.dataset == "xor"
    store.forget(crashed[0])
    assert store.crashed() == [] and list(tmp_path.iterdir()) == []


def test_a_clean_exit_leaves_nothing_to_restore(tmp_path):
    _run_child(tmp_path, "clean")
    assert AutosaveStore(tmp_path).crashed() == []
    assert list(tmp_path.iterdir()) == []


def test_a_running_instance_is_not_taken_for_a_crash(tmp_path):
    other = AutosaveStore(tmp_path, pid=os.getppid())  # a process that is alive
    other.begin()
    other.path.write_text("{}", encoding="utf-8")
    assert AutosaveStore(tmp_path).crashed() == []
    Session(Config())  # (a session needs nothing from the store)
