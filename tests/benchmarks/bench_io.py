"""Benchmark reading CSV files: the numpy fast path against the line parser, measured in the same run.

A standalone script, not a pytest test:

    .venv/bin/python tests/benchmarks/bench_io.py            # about 30 s
    .venv/bin/python tests/benchmarks/bench_io.py --quick    # fewer rounds

Workloads (files written to a temporary folder, read with `load_csv`, so the figures include the read):
 1. 100,000 rows x1,x2,label as `save_csv` writes them (target: at most 0.3 s);
 2. the same rows with ';' and decimal commas;
 3. a 60 MB CSV of one line (refused);
 4. 10 MB of blank lines (refused).
Reference: the line parser, which was the only parser before the fast path (the same per-line code,
forced by making the fast path step aside). Figures are the best (minimum) over rounds, median beside;
peak memory is traced (tracemalloc) in a separate run of each workload. The machine may be shared.
"""

from __future__ import annotations

import os
import sys

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import argparse
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

from nnviz.data import Dataset, csv_loader, load_csv, save_csv
from nnviz.errors import CsvError


def _files(folder: Path) -> dict[str, Path]:
    rng = np.random.default_rng(0)
    data = Dataset(rng.normal(size=(100_000, 2)), rng.integers(0, 2, 100_000), "classification", 2, "big")
    files = {"100k rows": folder / "rows.csv", "100k rows, ';' and decimal commas": folder / "semicolon.csv",
             "60 MB on one line (refused)": folder / "one-line.csv",
             "10 MB of blank lines (refused)": folder / "blank.csv"}
    save_csv(data, files["100k rows"])
    text = files["100k rows"].read_text().replace(",", ";").replace(".", ",")
    files["100k rows, ';' and decimal commas"].write_text(text)
    files["60 MB on one line (refused)"].write_text("1," * 30_000_000 + "1\n")
    files["10 MB of blank lines (refused)"].write_text("\n" * 10_000_000)
    return files


def _read(path: Path) -> str:
    try:
        return f"{load_csv(path).n:,} rows"
    except CsvError as exc:
        return f"refused: {str(exc).split(': ', 1)[1][:60]}"


def _line_parser_only() -> Callable[[], None]:
    """Make the fast path step aside; returns the undo."""
    fast = csv_loader._parse_fast
    csv_loader._parse_fast = lambda *args: None  # type: ignore[assignment]

    def undo() -> None:
        csv_loader._parse_fast = fast  # type: ignore[assignment]

    return undo


def _time(path: Path, rounds: int, line_parser: bool) -> tuple[float, float, str]:
    undo = _line_parser_only() if line_parser else (lambda: None)
    try:
        times, outcome = [], ""
        for _ in range(rounds):
            start = time.perf_counter()
            outcome = _read(path)
            times.append(time.perf_counter() - start)
        return min(times), statistics.median(times), outcome
    finally:
        undo()


def _peak(path: Path, line_parser: bool) -> float:
    undo = _line_parser_only() if line_parser else (lambda: None)
    try:
        tracemalloc.start()
        _read(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak / 2**20
    finally:
        undo()


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args()
    rounds = 2 if args.quick else 5
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; best of {rounds} (median)")
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(Path(tmp))
        for name, path in files.items():
            size = path.stat().st_size / 2**20
            fast = _time(path, rounds, line_parser=False)
            slow = _time(path, max(1, rounds // 2), line_parser=True)
            mem_fast, mem_slow = _peak(path, False), _peak(path, True)
            print(f"\n{name} ({size:.1f} MB): {fast[2]}")
            print(f"  fast path    {fast[0]:7.3f} s ({fast[1]:.3f})  peak {mem_fast:7.1f} MB")
            print(f"  line parser  {slow[0]:7.3f} s ({slow[1]:.3f})  peak {mem_slow:7.1f} MB   [{slow[2]}]")
            print(f"  speed-up     {slow[0] / fast[0]:7.1f}x")


if __name__ == "__main__":
    main()
