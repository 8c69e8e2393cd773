"""Fuzzing the readers: every input ends in a usable object or one NnvizError with a one-line message.

Run longer with NNVIZ_FUZZ_LONG=1 (2,000 examples per reader instead of 60). Every case runs under a cap
on the address space (the process's size now + MEMORY_CAP), so an input that makes a reader allocate
gigabytes fails as a MemoryError instead of taking the machine down.
"""

from __future__ import annotations

import json
import resource
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fuzz_inputs import FUZZ, csv_files, network_files, raw_bytes, session_files
from hypothesis import given

from nnviz.api import Network
from nnviz.data import load_csv
from nnviz.errors import NnvizError
from nnviz.session import Config, Session
from nnviz.session.files import open_file

MEMORY_CAP = 1536 * 1024 * 1024  # bytes a case may add to the address space


def _address_space() -> int:
    """This process's virtual size in bytes (Linux), or 0 when unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@contextmanager
def memory_cap() -> Iterator[None]:
    """Lower the soft RLIMIT_AS to the current size + MEMORY_CAP for the block, then put it back."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    size = _address_space()
    if not size:
        yield
        return
    cap = size + MEMORY_CAP
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


MAX_MESSAGE = 300  # characters besides the file's path: a status-bar line, not a dump of the file


def one_line(error: NnvizError, path: Path | None = None) -> None:
    """A message for the status bar: one line, not empty, not a dump of what the file held."""
    message = str(error)
    assert message.strip(), f"{type(error).__name__} with an empty message"
    assert "\n" not in message and "\r" not in message, repr(message)
    length = len(message.replace(str(path), "")) if path else len(message)
    assert length <= MAX_MESSAGE, f"{length} characters besides the path: {message[:300]}..."


def loaded_or_refused(load: Callable[[], Any], path: Path | None = None) -> Any:
    """What `load` returns, or None when it refused with a one-line NnvizError; anything else fails."""
    with memory_cap():
        try:
            return load()
        except NnvizError as error:
            one_line(error, path)
            return None


def usable(session: Session) -> None:
    """A loaded session draws and trains, or refuses to train with a one-line NnvizError."""
    frame = session.snapshot(4)
    assert frame.sizes == session.net.sizes
    assert all(np.isfinite(w).all() for w in frame.weights)
    loaded_or_refused(lambda: session.step(2))


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the fuzz cases' files (a function-scoped tmp_path would be shared across examples)."""
    return tmp_path_factory.mktemp("fuzz")


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@FUZZ
@given(data=csv_files() | raw_bytes())
def test_the_csv_reader_loads_or_refuses_in_one_line(case_dir: Path, data: bytes) -> None:
    path = _write(case_dir, "case.csv", data)
    dataset = loaded_or_refused(lambda: load_csv(path), path)
    if dataset is None:
        return
    n = len(dataset.points)
    assert n >= 1 and dataset.points.shape == (n, 2) and np.isfinite(dataset.points).all()
    assert dataset.labels.shape == (n,) and np.isfinite(dataset.labels).all()
    if dataset.kind == "classification":
        assert dataset.labels.min() >= 0 and dataset.labels.max() < dataset.n_classes
    session = loaded_or_refused(lambda: Session(Config(dataset="csv", csv_path=str(path), points=n)), path)
    if session is not None:
        usable(session)


@FUZZ
@given(data=session_files() | raw_bytes())
def test_the_session_reader_loads_or_refuses_in_one_line(case_dir: Path, data: bytes) -> None:
    path = _write(case_dir, "case.json", data)
    opened = loaded_or_refused(lambda: open_file(path), path)
    if opened is not None:
        usable(opened[0])


@FUZZ
@given(data=network_files())
def test_the_network_readers_load_or_refuse_in_one_line(case_dir: Path, data: bytes) -> None:
    net = loaded_or_refused(lambda: Network.from_json(data))
    if net is not None:
        out = net.activate([0.5] * net.sizes[0])
        assert len(out) == net.sizes[-1]
    path = _write(case_dir, "net.json", data)
    opened = loaded_or_refused(lambda: open_file(path), path)  # the app opens network files as sessions
    if opened is not None:
        usable(opened[0])


# --- what the fuzzing found ----------------------------------------------------------------------------
LONG_VALUE = [{"key": "v" * 40, "more": list(range(60))}]  # a field holding a big value instead of a word


def _with_long_value(doc: dict[str, Any], where: tuple[Any, ...]) -> dict[str, Any]:
    doc = json.loads(json.dumps(doc))
    parent = doc
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = LONG_VALUE
    return doc


@pytest.mark.parametrize(("kind", "where"), [
    pytest.param("session", ("version",), id="session-version"),
    pytest.param("session", ("config", "activations", 0), id="session-config-activation"),
    pytest.param("brainjs", ("type",), id="brainjs-type"),
    pytest.param("synaptic", ("neurons", 0, "layer"), id="synaptic-neuron-layer"),
    pytest.param("nnviz", ("activations", 0), id="nnviz-activation"),
])
def test_a_big_value_where_a_word_belongs_gets_a_short_message(case_dir: Path, kind: str,
                                                                where: tuple[Any, ...]) -> None:
    """Found by the long fuzz run: a field holding a big JSON value instead of a word or a number."""
    from fuzz_inputs import good_documents

    path = _write(case_dir, f"{kind}.json", json.dumps(_with_long_value(good_documents()[kind], where)).encode())
    with pytest.raises(NnvizError) as caught:
        open_file(path)
    one_line(caught.value, path)
    assert len(str(caught.value).splitlines()) == 1, repr(str(caught.value))


def test_the_documents_the_mutations_start_from_do_load(case_dir: Path) -> None:
    """The fuzzing reaches the 'loaded' branch: unmutated, every starting document loads and is usable."""
    from fuzz_inputs import good_documents

    for kind, doc in good_documents().items():
        path = _write(case_dir, f"good-{kind}.json", json.dumps(doc).encode())
        usable(open_file(path)[0])
        if kind != "session":
            assert Network.from_json(json.dumps(doc)).sizes == (2, 2, 1)
    path = _write(case_dir, "good.csv", b"x1,x2,label\n1,2,0\n3,4,1\n-1,0.5,1\n")
    assert len(load_csv(path).points) == 3


@pytest.mark.parametrize("key", ["\r", "a\nb", "a\x0bb", "\u2028", "\x1c"])
def test_an_unknown_config_key_with_a_line_break_keeps_the_message_on_one_line(case_dir: Path, key: str) -> None:
    """Found by the long fuzz run (seed 31): an unknown config key was quoted raw and broke the message's line."""
    from fuzz_inputs import good_documents

    doc = json.loads(json.dumps(good_documents()["session"]))
    doc["config"] = {key: None}
    path = _write(case_dir, "key.json", json.dumps(doc).encode())
    with pytest.raises(NnvizError) as caught:
        open_file(path)
    one_line(caught.value, path)
    assert len(str(caught.value).splitlines()) == 1, repr(str(caught.value))
