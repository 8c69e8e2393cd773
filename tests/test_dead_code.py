"""No dead code in nnviz: vulture finds nothing beyond the short, reasoned allow-list in tests/vulture_allow.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# parameters a signature must have (Qt and argparse callbacks) though the body does not read them
SIGNATURE_ONLY = "option,option_string,namespace,context,connection,widget"


def _vulture(*paths: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("vulture")
    found = str(exe) if exe.exists() else shutil.which("vulture")
    if not found:
        pytest.skip("vulture is not installed (pip install -e '.[test]')")
    return subprocess.run([found, *paths, "--min-confidence", "60", "--ignore-names", SIGNATURE_ONLY],
                          capture_output=True, text=True, cwd=ROOT)


def test_vulture_finds_no_dead_code_in_the_package():
    out = _vulture("nnviz", "tests/vulture_allow.py")
    assert out.returncode == 0, out.stdout[-3000:]


def test_vulture_does_report_an_unused_function(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def used() -> int:\n    return 1\n\n\ndef forgotten() -> int:\n    return 2\n\n\nused()\n",
                     encoding="utf-8")
    out = _vulture(str(probe))
    assert out.returncode != 0 and "forgotten" in out.stdout and "'used'" not in out.stdout
