"""numba's on-disk cache of the kernels is keyed on every kernel module (engine/kernels/disk_cache.py).

numba's own cache=True keys a function on its own file only: after an edit of a helper module, the step's
cached machine code (which holds the helper's code) would be loaded stale.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnviz.engine import kernels
from nnviz.engine.kernels import disk_cache

ROOT = Path(__file__).resolve().parents[2]
KERNELS = ROOT / "nnviz" / "engine" / "kernels"

# a training step of a small network through the one-call kernel, then what numba's cache did for it
STEP = """
import json
from nnviz.engine import kernels
from nnviz.session import Config, Session
Session(Config(points=40, hidden=(3,))).train(1)
stats = kernels.train_step.stats
print(json.dumps({"file": kernels.__file__, "hits": sum(stats.cache_hits.values()),
                  "misses": sum(stats.cache_misses.values())}))
"""


def _module(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_stamp_follows_every_source_and_every_value_a_kernel_freezes(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("SCALE = 2.0\n")
    (tmp_path / "step.py").write_text("import numba\nimport numpy as np\nLIMIT = 3\nTABLE = np.arange(4)\n\n\n"
                                      "@numba.njit\ndef kernel(x):\n    return x * LIMIT\n")
    helper, step = _module(tmp_path / "helper.py", "helper"), _module(tmp_path / "step.py", "step")
    stamp = disk_cache.stamp_of([helper, step])
    assert disk_cache.stamp_of([step, helper]) == stamp  # the same tree: the same stamp
    (tmp_path / "helper.py").write_text("SCALE = 2.0  # a comment\n")
    assert disk_cache.stamp_of([helper, step]) != stamp  # any edit of any module's source
    (tmp_path / "helper.py").write_text("SCALE = 2.0\n")
    step.LIMIT = 4  # as when it is taken from another module (step._HALF = grid.HALF) whose value changed
    assert disk_cache.stamp_of([helper, step]) != stamp
    step.LIMIT = 3
    step.TABLE[0] = 7  # a table the kernels read
    assert disk_cache.stamp_of([helper, step]) != stamp
    step.TABLE[0] = 0
    assert disk_cache.stamp_of([helper, step]) == stamp


def test_the_stamp_follows_numpy_scalars_and_refuses_a_value_it_cannot_digest(tmp_path: Path) -> None:
    (tmp_path / "scalars.py").write_text("import numba\nimport numpy as np\nCOUNT = np.int64(3)\n"
                                         "SCALE = np.float32(0.5)\n\n\n@numba.njit\ndef kernel(x):\n"
                                         "    return x * COUNT * SCALE\n")
    module = _module(tmp_path / "scalars.py", "scalars")
    stamp = disk_cache.stamp_of([module])
    module.COUNT = np.int64(4)  # as when taken from another module whose value changed
    assert disk_cache.stamp_of([module]) != stamp
    module.COUNT = np.int32(3)  # the same number, another type: other machine code
    assert disk_cache.stamp_of([module]) != stamp
    module.COUNT = np.int64(3)
    module.SCALE = np.float32(0.25)
    assert disk_cache.stamp_of([module]) != stamp
    module.SCALE = np.float32(0.5)
    assert disk_cache.stamp_of([module]) == stamp
    module.LIMITS = [1.0, 2.0]  # a value it has no faithful bytes for: refused, never left out of the stamp
    with pytest.raises(TypeError, match=r"scalars\.LIMITS"):
        disk_cache.stamp_of([module])


def test_the_stamp_is_the_same_in_every_process(tmp_path: Path) -> None:
    (tmp_path / "names.py").write_text("import numba\nNAMES = frozenset('tanh sigmoid relu softmax'.split())\n\n\n"
                                       "@numba.njit\ndef kernel(x):\n    return x\n")
    script = ("import importlib.util, sys\nfrom nnviz.engine.kernels.disk_cache import stamp_of\n"
              "spec = importlib.util.spec_from_file_location('names', sys.argv[1])\n"
              "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
              "print(stamp_of([module]))")
    stamps = {subprocess.run([sys.executable, "-c", script, str(tmp_path / "names.py")], check=True, text=True,
                             capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120).stdout
              for seed in ("1", "2", "3")}
    assert len(stamps) == 1  # a set's order follows the hash seed: the stamp must not, or no run reuses the cache


def test_every_kernel_is_cached_on_disk_under_the_one_stamp() -> None:
    modules = disk_cache.package_modules(kernels.__name__)
    assert {Path(m.__file__).name for m in modules} == {p.name for p in KERNELS.glob("*.py")}  # type: ignore[arg-type]
    found = disk_cache.kernels_of(modules)
    written = sum(len(re.findall(r"^@jit$", p.read_text(), re.M)) for p in KERNELS.glob("*.py"))
    assert len(found) == written > 20
    assert all(kernel.stats.cache_path for kernel in found)  # numba's NullCache has no path
    assert disk_cache.stamp_of(modules) == kernels.STAMP


def test_with_no_folder_to_write_the_kernels_compile_uncached(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []

    def no_locator(stamp: str) -> type:
        class Refused:  # numba refuses the third kernel: no folder it may write
            def __init__(self, py_func: object) -> None:
                if len(made) == 2:
                    raise RuntimeError("cannot cache function: no locator available")  # numba's words
                made.append(self)
        return Refused

    monkeypatch.setattr(disk_cache, "stamped_cache", no_locator)
    found = disk_cache.kernels_of(disk_cache.package_modules(kernels.__name__))
    before = [kernel._cache for kernel in found]
    assert disk_cache.cache_kernels(kernels.__name__) == ""  # one log line, no error: the kernels still compile
    assert len(made) == 2 and all(kernel._cache is cache for kernel, cache in zip(found, before, strict=True))


def _step_in(tree: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(tree), "NUMBA_CACHE_DIR": "", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", STEP], cwd=tree, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(str(result["file"])).is_relative_to(tree)  # the copy ran, with its own cache
    return result


def _cache_of_this_tree_into(tree: Path) -> None:
    """Train STEP's network here (its step compiled, or loaded from the cache: on disk either way), then copy this
    tree's kernel cache into the copy's, as if the copy had run it."""
    from nnviz.session import Config, Session

    Session(Config(points=40, hidden=(3,))).train(1)
    folder = tree / "nnviz" / "engine" / "kernels" / "__pycache__"
    folder.mkdir(exist_ok=True)
    for cached in Path(kernels.train_step.stats.cache_path).glob("*.nb[ic]"):
        shutil.copy2(cached, folder)


def test_editing_a_helper_module_recompiles_the_step_and_an_unchanged_tree_reuses_it(tmp_path: Path) -> None:
    if not kernels.STAMP:
        pytest.skip("no source files to key a cache on")
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "nnviz", tree / "nnviz", ignore=shutil.ignore_patterns("__pycache__", "resources"))
    _cache_of_this_tree_into(tree)  # one compile in this test, not two: the unchanged tree starts from a full cache
    reused = _step_in(tree)
    assert reused["misses"] == 0 and reused["hits"] == 1  # unchanged (even in another folder): loaded from the cache
    helper = tree / "nnviz" / "engine" / "kernels" / "exact_sums.py"  # the step's own file is left as it was
    helper.write_text(helper.read_text() + "\n# an edit of a helper module\n")
    edited = _step_in(tree)
    assert edited["misses"] == 1 and edited["hits"] == 0  # compiled again, not the stale code
    again = _step_in(tree)
    assert again["misses"] == 0 and again["hits"] == 1  # and written to the copy's cache: the next run loads it
