"""Open one file under the issue's budget, in a child process, and print what happened as one JSON line.

    python big_file_child.py READER PATH

READER is csv, session or network. After the imports, the address space is capped at its current size
+ 200 MB + 20 bytes per byte of the file, and the CPU time at 2 s + 1 s per 10 MB (doubled for slow
machines). Printed: {"outcome": "loaded" | "refused" | "crashed", "type": ..., "message": ...}.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import traceback
from pathlib import Path

import numpy as np  # noqa: F401  (imported before the cap, like the app does)

from nnviz.api import Network
from nnviz.data import load_csv
from nnviz.errors import NnvizError
from nnviz.session import Config, Session
from nnviz.session.files import open_file

MB = 1024 * 1024


def virtual_size() -> int:
    """This process's address space in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def open_as(reader: str, path: str) -> object:
    """Open the file the way the app and the CLI do, and use what was loaded."""
    if reader == "csv":
        dataset = load_csv(path)
        session = Session(Config(dataset="csv", csv_path=path, points=len(dataset.points)))
        return session.snapshot(4)
    if reader == "session":
        return open_file(path)[0].snapshot(4)
    if reader == "network":
        Network.load(path)
        return open_file(path)[0].snapshot(4)
    raise SystemExit(f"unknown reader {reader}")


def main() -> None:
    """Cap memory and CPU time, open the file, report."""
    reader, path = sys.argv[1], sys.argv[2]
    size = os.stat(path).st_size if os.path.isfile(path) else 0
    budget = virtual_size() + 200 * MB + 20 * size
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    cpu = int(2 * (2 + size / (10 * MB))) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        open_as(reader, path)
        result = {"outcome": "loaded"}
    except NnvizError as exc:
        result = {"outcome": "refused", "type": type(exc).__name__, "message": str(exc)}
    except BaseException as exc:  # anything else is what the test reports
        lines = traceback.format_exception_only(type(exc), exc)
        result = {"outcome": "crashed", "type": type(exc).__name__, "message": "".join(lines)[-500:]}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
