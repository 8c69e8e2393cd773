"""Runs that do not fit in memory are refused before anything is allocated, in one line naming what to lower; a
MemoryError anywhere is one line (issue 18 §4). The child processes run under `ulimit -v 1000000`, as the issue's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from nnviz.cli.main import main
from nnviz.errors import OUT_OF_MEMORY
from nnviz.io import memory

LIMIT_KB = 1_000_000  # ulimit -v 1000000
CAPPED = f"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({LIMIT_KB} * 1024, {LIMIT_KB} * 1024))
from nnviz.cli.main import main
sys.exit(main(sys.argv[1:]))
"""

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")


def _capped(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CAPPED, *args], capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(("args", "lower"), [
    (["--points", "100000", "--hidden", "390"], "lower the number of points (--points) or the hidden layer sizes"),
    (["--points", "100000", "--hidden", "130,130,130", "--batch", "100000"], "lower the batch size (--batch)"),
])
def test_a_run_that_does_not_fit_is_refused_in_one_line_before_it_allocates(args, lower):
    out = _capped("train", *args, "--epochs", "1")
    assert out.returncode == 2, out.stderr[-2000:]
    err = out.stderr.strip()
    assert err.startswith("nnviz: training 100,000 points") and lower in err and "\n" not in err, err
    assert "Traceback" not in err and out.stdout == ""


def test_a_run_that_fits_trains_under_the_same_limit():
    out = _capped("train", "--points", "2000", "--hidden", "16", "--epochs", "2")
    assert out.returncode == 0, out.stderr[-2000:]
    assert "epoch       2" in out.stdout


@pytest.mark.parametrize(("points", "hidden", "batch"), [(20_000, "100", 10), (20_000, "48,48", 10_000)])
def test_the_estimate_is_at_least_what_a_run_takes(points, hidden, batch):
    """A run given its estimate (plus what the program has mapped already) as its address space trains; the
    check itself is switched off in the child, so that only the real use can fail."""
    from nnviz.session import Config, Session

    session = Session(Config(points=points, hidden=tuple(int(h) for h in hidden.split(",")), batch_size=batch))
    n_train = len(session.train_set.points)
    needed = memory.training_bytes(session.spec.sizes, points, n_train, batch) + memory.BASE_MARGIN
    code = f"""
import resource, sys
from nnviz.io import memory
from nnviz.session import Config, Session
memory.available_bytes = lambda: None
limit = memory.mapped_bytes() + {needed}
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
session = Session(Config(points={points}, hidden=({hidden},), batch_size={batch}))
session.train(2)
print(session.epoch)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0 and out.stdout.strip() == "2", out.stderr[-2000:]


def test_a_memory_error_in_a_command_is_one_line(monkeypatch, capsys):
    from nnviz.session import Session

    def exhausted(self):  # type: ignore[no-untyped-def]
        raise MemoryError

    monkeypatch.setattr(Session, "run_epoch", exhausted)
    assert main(["train", "--epochs", "1"]) == 2
    assert capsys.readouterr().err.strip() == f"nnviz: {OUT_OF_MEMORY}"


def test_a_memory_error_in_the_runner_pauses_with_one_line_and_the_loop_lives_on(monkeypatch):
    from nnviz.session import Config, Session
    from nnviz.session import commands as cmd
    from nnviz.session import events as ev
    from nnviz.session.runner import Runner

    events: list[object] = []
    runner = Runner(Session(Config(points=40)), events.append)

    def exhausted(self):  # type: ignore[no-untyped-def]
        raise MemoryError

    monkeypatch.setattr(Session, "regenerate", exhausted)
    runner.handle(cmd.Regenerate())
    failures = [e.message for e in events if isinstance(e, ev.Failed)]
    assert failures == [OUT_OF_MEMORY]
    runner.handle(cmd.StepEpoch())
    assert runner.session.epoch == 1


def test_a_memory_error_opening_the_apps_file_is_one_line(monkeypatch, tmp_path):
    from nnviz.session import opening
    from nnviz.ui import app

    def exhausted(path, base=None):  # type: ignore[no-untyped-def]
        raise MemoryError

    monkeypatch.setattr(opening, "open_path", exhausted)
    opened, problem = app._open_argument(str(tmp_path / "big.nnviz"))
    assert opened is None and problem == f"{tmp_path / 'big.nnviz'}: {OUT_OF_MEMORY}"
