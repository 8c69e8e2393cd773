"""A session file at the cap opens within the documented memory budget (issue 18 §4).

Each file is opened in a child process whose address space is capped (RLIMIT_AS, as `ulimit -v` does) at what it
has mapped after its imports plus caps.SESSION_LOAD_BUDGET. Every file ends in a loaded session or one NnvizError
line; never a MemoryError. The largest session nnviz can save stays well under the cap and opens the same way
(with the memory its training needs on top, as nnviz.io.memory estimates it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from nnviz.io import caps
from nnviz.io.memory import training_bytes

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")

CHILD = """
import json, resource, sys
from nnviz.errors import NnvizError
from nnviz.io import caps
from nnviz.io.memory import training_bytes
from nnviz.io.memory import mapped_bytes
from nnviz.session.files import open_file
limit = mapped_bytes() + caps.SESSION_LOAD_BUDGET + int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    open_file(sys.argv[1]).__getitem__(0).snapshot(4)
    result = {"outcome": "loaded"}
except NnvizError as exc:
    result = {"outcome": "refused", "message": str(exc)}
except MemoryError:
    result = {"outcome": "MemoryError"}
print(json.dumps(result), flush=True)
"""
SIZE = caps.MAX_SESSION_BYTES


def _fill(head: bytes, item: bytes, tail: bytes) -> bytes:
    """`head`, then as many `item`s as fit in the cap, then `tail` (the last item loses its comma)."""
    count = (SIZE - len(head) - len(tail)) // len(item)
    return head + item * count + tail


def _session_head() -> tuple[bytes, bytes]:
    from nnviz.session import Config, Session
    from nnviz.session.files import session_to_dict

    doc = session_to_dict(Session(Config(points=12, hidden=(2,))))
    doc["network"]["params"] = "PARAMS"  # type: ignore[index]
    head, tail = json.dumps(doc).encode().split(b'"PARAMS"')
    return head + b"[", b"0.0]" + tail


SHAPES: dict[str, Callable[[], bytes]] = {
    "floats": lambda: _fill(b"[", b"0.0,", b"0.0]"),  # about 8 bytes of memory per byte of text
    "small ints": lambda: _fill(b"[", b"0,", b"0]"),
    "empty lists": lambda: _fill(b"[", b"[],", b"[]]"),  # refused by the count of lists and objects
    "empty objects": lambda: _fill(b"[", b"{},", b"{}]"),
    "short strings": lambda: _fill(b"[", b'"ab",', b'"ab"]'),  # refused by the count of strings
    "one wide string": lambda: _fill('{"a":"\U0001f600'.encode(), b"a", b'"}'),  # 4 bytes per character
    "point pairs": lambda: _fill(b"[", b"[0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0],", b"[]]"),
    "a session with a long parameter list": lambda: _fill(*_session_head()[:1], b"0.0,", _session_head()[1]),
}


def _open_capped(path: Path, training: int = 0) -> dict[str, str]:
    """Open in a child held to the load budget (plus `training` bytes for the session's own arrays)."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(training)], capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    result: dict[str, str] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_hostile_file_at_the_cap_opens_or_is_refused_within_the_budget(tmp_path, shape):
    path = tmp_path / "at-the-cap.nnviz"
    path.write_bytes(SHAPES[shape]())
    assert SIZE - 64 <= path.stat().st_size <= SIZE
    result = _open_capped(path)
    assert result["outcome"] in ("loaded", "refused"), result
    assert "\n" not in result.get("message", "")


def test_a_file_one_byte_over_the_cap_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "over.nnviz"
    path.write_bytes(b" " * (SIZE + 1))
    result = _open_capped(path)
    assert result["outcome"] == "refused" and "too large" in result["message"]


def test_the_largest_session_nnviz_saves_is_far_below_the_cap_and_opens_within_the_budget(tmp_path):
    from nnviz.data import FEATURES
    from nnviz.session import Config, Session
    from nnviz.session.files import save_session

    largest = Session(Config(dataset="plane", problem="regression", points=caps.MAX_POINTS, hidden=(194, 194),
                             optimizer="adam", features=tuple(FEATURES)))
    largest.step(1)
    path = tmp_path / "largest.nnviz"
    save_session(largest, path)
    assert path.stat().st_size < SIZE // 2
    n_train = len(largest.train_set.points)
    training = training_bytes(largest.spec.sizes, caps.MAX_POINTS, n_train, largest.config.batch_size)
    assert _open_capped(path, training) == {"outcome": "loaded"}  # the file within the budget, then its training
