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
from nnviz.session.files import load_session, save_session

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
    _run_child(tmp_path, "crash")
    store = AutosaveStore(tmp_path)  # the next start
    crashed = store.crashed()
    assert len(crashed) == 1 and crashed[0].name.startswith("autosave-")
    restored = load_session(crashed[0])
    assert restored.epoch == 3 and restored.config.dataset == "xor"
    store.forget(crashed[0])
    assert store.crashed() == [] and list(tmp_path.iterdir()) == []


def test_a_clean_exit_leaves_nothing_to_restore(tmp_path):
    _run_child(tmp_path, "clean")
    assert AutosaveStore(tmp_path).crashed() == []
    assert list(tmp_path.iterdir()) == []


def test_a_running_instance_is_not_taken_for_a_crash(tmp_path):
    other = AutosaveStore(tmp_path)  # another run, alive: it holds its lock
    other.begin()
    other.path.write_text("{}", encoding="utf-8")
    assert AutosaveStore(tmp_path).crashed() == []
    other.end()
    assert list(tmp_path.iterdir()) == []


def test_runs_are_told_apart_by_their_lock_not_their_process_id(tmp_path):
    """In a container every run is pid 1: a crashed run that had this very pid is still a crashed run."""
    gone = AutosaveStore(tmp_path)
    gone.begin()
    save_session(Session(Config(dataset="xor", seed=2)), gone.path)
    gone.release()  # the process ended without a clean exit (its lock went with it)
    assert (tmp_path / f"run-{gone.run_id}.lock").read_text(encoding="utf-8").strip() == str(os.getpid())
    store = AutosaveStore(tmp_path)
    store.begin()
    assert store.crashed() == [gone.path]
    store.end()
    assert gone.path.is_file()  # a clean exit removes its own files only


def test_a_crashed_run_is_offered_to_one_instance_only(tmp_path):
    gone = AutosaveStore(tmp_path)
    gone.begin()
    gone.path.write_text("{}", encoding="utf-8")
    gone.release()
    first, second = AutosaveStore(tmp_path), AutosaveStore(tmp_path)
    assert first.crashed() == [gone.path]
    assert second.crashed() == []  # the first holds the crashed run's lock while it asks
    recovered = first.restore(gone.path)
    assert recovered is not None and recovered.read_text(encoding="utf-8") == "{}"
    assert second.restore(gone.path) is None  # too late: no FileNotFoundError
    first.end()
    second.end()
    assert [p.name for p in tmp_path.iterdir()] == [recovered.name]


RESTORER = """
import sys
from pathlib import Path
from nnviz.session.autosave import AutosaveStore
store = AutosaveStore(Path(sys.argv[1]))
store.begin()
barrier = Path(sys.argv[2])
(barrier / sys.argv[3]).touch()  # ready
while not (barrier / "go").exists():  # both look once both are ready: a barrier, not a clock
    pass
found = store.crashed()
print(store.restore(found[0]) if found else None, flush=True)
store.end()
"""


def test_two_instances_answering_yes_at_once_one_gets_it_and_neither_fails(tmp_path):
    gone = AutosaveStore(tmp_path)
    gone.begin()
    gone.path.write_text("{}", encoding="utf-8")
    gone.release()
    barrier = tmp_path.parent / f"{tmp_path.name}-barrier"
    barrier.mkdir()
    children = [subprocess.Popen([sys.executable, "-c", RESTORER, str(tmp_path), str(barrier), f"ready-{i}"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
                for i in range(2)]
    while not all((barrier / f"ready-{i}").exists() for i in range(2)):
        if any(child.poll() is not None for child in children):
            break  # a child ended early: its output says why below
    (barrier / "go").touch()
    answers = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], [err for _, err in answers]
    got = [out.strip() for out, _ in answers]
    (winner,) = [answer for answer in got if answer != "None"]
    assert got.count("None") == 1 and Path(winner).is_file() and Path(winner).name.startswith("recovered-")


def test_folders_and_fifos_with_autosave_names_are_ignored(tmp_path):
    for name in ("running-123", "run-abc.lock", "autosave-abc.nnviz", "run-def.lock"):
        (tmp_path / name).mkdir()
    os.mkfifo(tmp_path / "run-fifo.lock")
    (tmp_path / "run-ghi.lock").symlink_to(tmp_path / "running-123")
    store = AutosaveStore(tmp_path)
    store.begin()
    assert store.crashed() == []
    store.end()


def test_begin_fails_with_oserror_where_the_folder_cannot_be_made(tmp_path):
    (tmp_path / "data").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        AutosaveStore(tmp_path / "data" / "autosave").begin()
