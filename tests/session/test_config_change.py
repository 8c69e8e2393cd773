"""Setting changes are typed: ConfigChange names exactly Config's fields, and the type checker catches a typo."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from nnviz.errors import ConfigError
from nnviz.session import Config
from nnviz.session.config_change import ConfigChange

ROOT = Path(__file__).resolve().parents[2]


def test_config_change_has_every_config_field_with_its_type_in_order():
    fields = typing.get_type_hints(Config)
    assert list(typing.get_type_hints(ConfigChange).items()) == [(f.name, fields[f.name])
                                                                for f in dataclasses.fields(Config)]


def test_a_change_applies_and_a_bad_value_is_still_refused_at_run_time():
    config = Config().replace(**ConfigChange(learning_rate=0.1, hidden=(3,)))
    assert config.learning_rate == 0.1 and config.activations == ("tanh",)
    with pytest.raises(ConfigError):
        Config().replace(**ConfigChange(points=-5))


def test_the_type_checker_catches_a_misspelt_field_and_a_wrong_type(tmp_path):
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists() and not shutil.which("mypy"):
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    probe = tmp_path / "probe.py"
    probe.write_text("from nnviz.session import Config\nfrom nnviz.session.config_change import ConfigChange\n"
                     "Config().replace(learning_rat=0.1)\nConfigChange(points='many')\n"
                     "Config().replace(learning_rate=0.1)\n", encoding="utf-8")
    out = subprocess.run([str(mypy) if mypy.exists() else "mypy", str(probe)], capture_output=True, text=True,
                         cwd=ROOT).stdout
    lines = [line for line in out.splitlines() if "error:" in line]
    assert len(lines) == 2, out
    assert "probe.py:3" in lines[0] and "learning_rat" in lines[0]
    assert "probe.py:4" in lines[1] and "points" in lines[1]
