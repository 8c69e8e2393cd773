"""Run a script in a fresh Python, from the repository root: a table registered there reaches every import."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def run_fresh(*parts: str) -> str:
    """The stdout of the parts, dedented and run in order in a new interpreter; fails with its last error lines."""
    code = "".join(textwrap.dedent(part) for part in parts)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr.strip().splitlines()[-3:]
    return done.stdout
