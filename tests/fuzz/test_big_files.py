"""Big and hostile files, each opened in a child process under the issue's memory and CPU budget.

The budget (issue 14.1): opening a file of N bytes uses at most about 200 MB + 20·N of memory and
2 s + 1 s/10 MB of CPU time (doubled here for slow machines); see big_file_child.py. Every file must
end in a loaded object or a one-line NnvizError, within that budget.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("big_file_child.py")
ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 60  # only a file that blocks the reader for ever gets near this
FIFO_GUARD_S = 5  # a pipe no one writes to blocks at once: no need to wait as long

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")


def _session_doc(**config: object) -> dict[str, object]:
    from nnviz.session import Config, Session
    from nnviz.session.files import session_to_dict

    doc = session_to_dict(Session(Config(points=12, hidden=(2,))))
    doc["config"].update(config)  # type: ignore[union-attr]
    return doc


def csv_classes(classes: int) -> Callable[[Path], Path]:
    """A tiny CSV that declares a huge number of classes."""
    def make(folder: Path) -> Path:
        path = folder / f"classes-{classes}.csv"
        path.write_text(f"# nnviz: kind=classification n_classes={classes}\nx1,x2,label\n1,2,0\n3,4,1\n",
                        encoding="utf-8")
        return path
    return make


def session_huge_hidden(folder: Path) -> Path:
    """A small session file asking for 32 hidden layers of 4,096 neurons."""
    path = folder / "huge-hidden.json"
    path.write_text(json.dumps(_session_doc(hidden=[4096] * 32, activations=["tanh"] * 32)), encoding="utf-8")
    return path


def session_long_params(folder: Path) -> Path:
    """A 25 MB session file whose parameter list is far longer than its network."""
    doc = _session_doc()
    doc["network"]["params"] = [0.123456789] * 2_000_000  # type: ignore[index]
    path = folder / "long-params.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def synaptic_no_connections(folder: Path) -> Path:
    """A Synaptic file with 200,000 neurons and no connections (about 10 MB)."""
    neurons = [{"layer": "input" if i < 2 else "output" if i == 199_999 else "0", "bias": 0.1,
                "squash": "LOGISTIC"} for i in range(200_000)]
    path = folder / "synaptic-200k.json"
    path.write_text(json.dumps({"neurons": neurons, "connections": []}), encoding="utf-8")
    return path


def nnviz_many_layers(folder: Path) -> Path:
    """An nnviz network file of 100,000 one-neuron layers."""
    n = 100_000
    layers = [{"weights": [[0.5]], "biases": [0.1]} for _ in range(n)]
    doc = {"format": "nnviz.network", "version": 1, "sizes": [1] * (n + 1), "activations": ["tanh"] * n,
           "layers": layers}
    path = folder / "many-layers.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def deep_nesting(folder: Path) -> Path:
    """100,000 levels of nested arrays."""
    path = folder / "deep.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    return path


def csv_one_long_line(folder: Path) -> Path:
    """A 20 MB CSV on a single line."""
    path = folder / "one-line.csv"
    path.write_bytes(b"1.5," * 5_000_000)
    return path


def csv_blank_lines(folder: Path) -> Path:
    """10 MB of blank lines."""
    path = folder / "blank.csv"
    path.write_bytes(b"\n" * 10_000_000)
    return path


def device(name: str) -> Callable[[Path], Path]:
    """A device node instead of a file."""
    return lambda folder: Path(name)


def fifo(folder: Path) -> Path:
    """A named pipe no one writes to."""
    path = folder / "pipe.csv"
    os.mkfifo(path)
    return path


CASES = [
    pytest.param("csv", csv_classes(1_000_000_000), id="csv-declaring-1e9-classes"),
    pytest.param("csv", csv_classes(1_000_000), id="csv-declaring-1e6-classes"),
    pytest.param("session", session_huge_hidden, id="session-32x4096-hidden"),
    pytest.param("session", session_long_params, id="session-25MB-params"),
    pytest.param("network", synaptic_no_connections, id="synaptic-200k-neurons-no-connections"),
    pytest.param("network", nnviz_many_layers, id="nnviz-100k-layers"),
    pytest.param("session", deep_nesting, id="json-100k-nesting"),
    pytest.param("csv", csv_one_long_line, id="csv-20MB-one-line"),
    pytest.param("csv", csv_blank_lines, id="csv-10MB-blank-lines"),
    pytest.param("csv", device("/dev/zero"), id="csv-dev-zero"),
    pytest.param("csv", fifo, id="csv-fifo"),
]


@pytest.mark.parametrize(("reader", "make"), CASES)
def test_a_big_or_hostile_file_is_loaded_or_refused_within_the_budget(tmp_path, reader, make):
    path = make(tmp_path)
    guard = FIFO_GUARD_S if make is fifo else HANG_GUARD_S
    try:
        out = subprocess.run([sys.executable, str(CHILD), reader, str(path)], capture_output=True, text=True,
                             cwd=ROOT, timeout=guard, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"opening {path.name} blocked for {guard} s")
    if out.returncode < 0:
        pytest.fail(f"the reader was killed by signal {-out.returncode} (SIGXCPU=24: over the CPU budget); "
                    f"stderr: {out.stderr[-500:]}")
    assert out.returncode == 0, out.stderr[-1000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["outcome"] in ("loaded", "refused"), f"{result['type']}: {result['message']}"
    if result["outcome"] == "refused":
        message = result["message"]
        assert "\n" not in message and len(message) <= 400, message
