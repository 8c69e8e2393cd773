"""Caps before allocation: a small file cannot ask for gigabytes, and hostile files are refused under an rlimit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nnviz.api import Layer, Network
from nnviz.data import FEATURES, load_csv
from nnviz.errors import ConfigError, CsvError, ModelFormatError, SessionFileError
from nnviz.io import caps
from nnviz.session import Config, Session
from nnviz.session.files import load_session, open_file, session_to_dict

HERE = Path(__file__).resolve().parent


def _session_doc() -> dict[str, Any]:
    return session_to_dict(Session(Config(points=20)))


def hostile_files(folder: Path) -> dict[str, Path]:
    """Small files that ask for far more than nnviz allows, by name."""
    files: dict[str, Any] = {}
    files["classes.csv"] = "# nnviz: kind=classification n_classes=1000000000\nx1,x2,label\n0,0,0\n1,1,1\n"
    doc = _session_doc()
    doc["config"]["hidden"] = [4096] * 32
    doc["config"]["activations"] = ["tanh"] * 32
    files["wide-session.json"] = doc
    doc = _session_doc()
    doc["network"]["params"] = [0] * (caps.MAX_PARAMETERS + 1)
    files["long-params.json"] = doc
    files["synaptic-no-connections.json"] = {
        "neurons": [{"bias": 0, "layer": "input" if i % 2 else "output", "squash": "LOGISTIC"} for i in range(40_000)],
        "connections": []}
    n = 100_000
    files["100k-layers.json"] = {"format": "nnviz.network", "version": 1, "sizes": [1] * n,
                                 "activations": ["sigmoid"] * (n - 1),
                                 "layers": [{"weights": [[0]], "biases": [0]}] * (n - 1)}
    files["100k-layers-brainjs.json"] = {"sizes": [1] * n,
                                         "layers": [{}] + [{"weights": [[0]], "biases": [0]}] * (n - 1)}
    files["100k-layers-synaptic.json"] = {
        "neurons": [{"bias": 0, "layer": "input" if i == 0 else "output" if i == n - 1 else i - 1} for i in range(n)],
        "connections": [{"from": i, "to": i + 1, "weight": 0} for i in range(n - 1)]}
    files["wide-synaptic.json"] = {
        "neurons": [{"bias": 0, "layer": "input" if i < 3000 else "output"} for i in range(6000)],
        "connections": [{"from": 0, "to": 3000 + i, "weight": 0} for i in range(6000)]}
    files["one-line.csv"] = "1," * 3_000_000 + "1\n"
    files["blank-lines.csv"] = "\n" * 2_000_000
    paths = {}
    for name, content in files.items():
        path = folder / name
        path.write_text(content if isinstance(content, str) else json.dumps(content, separators=(",", ":")))
        paths[name] = path
    return paths


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile_files(tmp_path_factory.mktemp("hostile"))


def test_a_declared_class_count_is_capped_before_anything_is_sized(hostile: dict[str, Path]) -> None:
    path = hostile["classes.csv"]
    with pytest.raises(CsvError, match=r"classes\.csv, line 1: the file declares 1000000000 classes; nnviz's limit"):
        load_csv(path)


def test_a_session_asking_for_a_huge_network_is_refused_before_building_it(hostile: dict[str, Path]) -> None:
    with pytest.raises(SessionFileError, match="parameters is more than nnviz's limit"):
        load_session(hostile["wide-session.json"])


def test_a_long_parameter_list_is_refused_from_its_length(hostile: dict[str, Path]) -> None:
    with pytest.raises(SessionFileError, match="1,000,001 network parameters is more than nnviz's limit"):
        load_session(hostile["long-params.json"])


@pytest.mark.parametrize("hidden", [(4096, 4096), (4096,) * 32, (4000,)])
def test_config_refuses_networks_beyond_the_caps(hidden: tuple[int, ...]) -> None:
    with pytest.raises(ConfigError, match="more than nnviz's limit"):
        Config(hidden=hidden)


def test_config_accepts_networks_within_the_caps() -> None:
    assert Config(hidden=(64, 64, 64)).hidden == (64, 64, 64)


@pytest.mark.parametrize("hidden", [(64,) * 8, (120,) * 32, (3888,)])
def test_the_neuron_cap_follows_the_drawn_thumbnails_not_the_output_panel(hidden: tuple[int, ...]) -> None:
    assert Config(hidden=hidden, features=FEATURES).hidden == hidden  # 200² a neuron refused these


def test_a_network_whose_thumbnails_pass_the_cell_cap_is_refused() -> None:
    n = caps.max_drawn_neurons(1) - 7  # with 7 inputs and 1 output: one neuron over the cap
    with pytest.raises(ConfigError, match=r"neurons need [\d,]+ heatmap cells \(64x64 a neuron\)"):
        Config(hidden=(n + 1,), features=FEATURES)


def test_a_snapshot_is_capped_by_heatmap_cells() -> None:
    session = Session(Config(points=20, hidden=(8, 8)))
    assert session.snapshot(200).resolution == 200
    with pytest.raises(ConfigError, match=r"19 neurons with 1000x1000 heatmaps need 19,000,000 cells"):
        session.snapshot(1000)


def test_synaptic_neurons_beyond_what_the_connections_could_use_are_refused(hostile: dict[str, Path]) -> None:
    with pytest.raises(ModelFormatError, match="40,000 neurons but only 0 connections"):
        Network.load(hostile["synaptic-no-connections.json"])


def test_a_wide_synaptic_network_is_refused_before_its_matrix_is_built(hostile: dict[str, Path]) -> None:
    with pytest.raises(ModelFormatError, match="parameters is more than nnviz's limit"):
        Network.load(hostile["wide-synaptic.json"])


@pytest.mark.parametrize("name", ["100k-layers.json", "100k-layers-brainjs.json", "100k-layers-synaptic.json"])
def test_a_network_of_100k_layers_is_refused_from_its_layer_count(hostile: dict[str, Path], name: str) -> None:
    path = hostile[name]
    with pytest.raises(ModelFormatError, match="100,000 layers is more than nnviz's limit of 34"):
        Network.load(path)
    refused = r"(100,000 layers|lists and objects|strings) is more than nnviz's limit"
    with pytest.raises(SessionFileError, match=refused):
        open_file(path)  # as a session: the count of lists and objects, or strings, may refuse it first


def test_scripted_networks_are_capped_too() -> None:
    with pytest.raises(ConfigError, match="neurons in one layer is more than"):
        Network([2, 10**6, 1])
    with pytest.raises(ConfigError, match="1,000,000,000 neurons in one layer is more than"):
        Layer(10**9)


CHILD = """
import json, os, resource, sys
from pathlib import Path
import nnviz.api, nnviz.data, nnviz.session.files
from nnviz.errors import NnvizError
readers = {"csv": nnviz.data.load_csv, "session": nnviz.session.files.open_file, "network": nnviz.api.Network.load}
paths = [Path(p) for p in sys.argv[1:]]
biggest = max(p.stat().st_size for p in paths)
base = int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) * 1024
limit = base + 200 * 2**20 + 20 * biggest
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
results = {}
for path in paths:
    kinds = ["csv"] if path.suffix == ".csv" else ["session", "network"]
    for kind in kinds:
        try:
            readers[kind](path)
            results[f"{path.name} {kind}"] = "loaded"
        except NnvizError as exc:
            results[f"{path.name} {kind}"] = "refused" if "\\n" not in str(exc) else "multi-line"
print(json.dumps(results))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux's /proc and RLIMIT_AS")
def test_hostile_files_are_refused_within_the_memory_rule(hostile: dict[str, Path]) -> None:
    """Each file of N bytes is refused with at most ~200 MB + 20 N of memory (and 20 CPU seconds at worst)."""
    paths = hostile
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", CHILD, *map(str, paths.values())], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert results and set(results.values()) == {"refused"}, results


def test_the_readme_lists_every_cap() -> None:
    readme = (HERE.parents[1] / "README.md").read_text(encoding="utf-8")
    for limit, value in caps.LIMITS:
        assert f"| {limit} | {value} |" in readme
    one, many = caps.max_drawn_neurons(1), caps.max_drawn_neurons(64)
    assert f"at most\n{one:,} neurons with one output ({many:,} with 64)" in readme
    assert f"one hidden layer of {caps.max_drawn_neurons(1) - 8:,} with 7 inputs" in readme
