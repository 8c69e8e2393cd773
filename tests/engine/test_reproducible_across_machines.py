"""The same seed trains to the same bits whatever BLAS kernel, numpy SIMD level or libm variant a machine uses.

Each run is a subprocess with a forced variant: OpenBLAS kernels (`OPENBLAS_CORETYPE`; only those this CPU
can run, another one crashes), numpy's SIMD dispatch switched off (`NPY_DISABLE_CPU_FEATURES`) and glibc's
FMA/AVX2 code paths of exp, log, sin, cos switched off (`GLIBC_TUNABLES`), as on a CPU without them.
Every variant must give the digests stored once in data/reproducible_runs.json.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).parent
SCRIPT = HERE / "reproducible_runs.py"
STORED = json.loads((HERE / "data" / "reproducible_runs.json").read_text())
NO_FMA_LIBM = "glibc.cpu.hwcaps=-AVX2_Usable,-FMA_Usable,-AVX2,-FMA"


def cpu_flags() -> set[str]:
    """This CPU's feature flags (empty where /proc/cpuinfo is not there)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    return set(next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), []))


def numpy_dispatch_here() -> list[str]:
    """numpy's dispatched SIMD targets that this CPU runs (the ones NPY_DISABLE_CPU_FEATURES can switch off)."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]


def variants() -> dict[str, dict[str, str]]:
    """Name -> environment changes, for the variants this machine can run."""
    flags = cpu_flags()
    found: dict[str, dict[str, str]] = {"as it comes": {}}
    for kernel, needs in (("SkylakeX", "avx512f"), ("Haswell", "avx2"), ("Sandybridge", "avx"), ("Nehalem", "sse4_2")):
        if needs in flags:
            found[f"OpenBLAS {kernel}"] = {"OPENBLAS_CORETYPE": kernel}
    dispatch = numpy_dispatch_here()
    if dispatch:
        found[f"numpy without {', '.join(dispatch)}"] = {"NPY_DISABLE_CPU_FEATURES": " ".join(dispatch)}
    if "fma" in flags:
        old = {"OPENBLAS_CORETYPE": "Nehalem", "GLIBC_TUNABLES": NO_FMA_LIBM}
        if dispatch:
            old["NPY_DISABLE_CPU_FEATURES"] = " ".join(dispatch)
        found["an older CPU: Nehalem BLAS, no numpy SIMD, libm without FMA"] = old
    return found


def run(changes: dict[str, str]) -> subprocess.Popen[str]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", **changes}
    return subprocess.Popen([sys.executable, str(SCRIPT)], env=env, cwd=HERE.parents[1],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64") or not cpu_flags(),
                    reason="the forced variants are x86-64 Linux ones")
def test_every_variant_trains_the_cases_to_the_stored_bits():
    found = variants()
    assert len(found) >= 4, found  # as it comes, two OpenBLAS kernels at least, numpy without its SIMD
    results = {}
    names = list(found)
    for i in range(0, len(names), 2):  # two at a time: CI has 2 cores
        procs = {name: run(found[name]) for name in names[i : i + 2]}
        for name, proc in procs.items():
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, f"{name}: {err.strip().splitlines()[-1:]}"
            results[name] = json.loads(out)
    for name, digests in results.items():
        differ = sorted(case for case in STORED if digests.get(case) != STORED[case])
        assert not differ, f"{name} (numpy {np.__version__}) trains {differ} to other bits than the stored run"
