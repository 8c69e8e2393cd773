"""The machine's and the app's CPU seconds for the busy-machine look (session/machine_cpu.py), on fake /proc files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nnviz.session.machine_cpu import app_cpu_reader, machine_busy_ticks, process_ticks

STAT = "cpu  100 5 40 9000 30 7 3 2 50 0\ncpu0 50 2 20 4500 15 3 1 1 25 0\nintr 1 2 3\n"


def test_the_machines_busy_ticks_leave_out_idle_and_waiting_for_disk() -> None:
    assert machine_busy_ticks(STAT) == 100 + 5 + 40 + 7 + 3 + 2  # guest (50) is inside user already
    with pytest.raises(ValueError, match="not a /proc/stat"):
        machine_busy_ticks("intr 1 2 3\n")


def test_a_process_ticks_are_user_plus_system_even_when_its_name_holds_spaces_and_brackets() -> None:
    fields = ["S", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "1234", "56", "7", "8"]
    assert process_ticks(f"4321 (nnviz (x) y) {' '.join(fields)}\n") == 1234 + 56


def test_the_reader_adds_the_other_process_to_this_one_and_gives_up_quietly_without_proc(tmp_path: Path) -> None:
    (tmp_path / "stat").write_text(STAT, encoding="ascii")
    (tmp_path / "77").mkdir()
    fields = ["S", *["0"] * 10, "300", "200", "0", "0"]
    (tmp_path / "77" / "stat").write_text(f"77 (python) {' '.join(fields)}\n", encoding="ascii")
    tick = float(os.sysconf("SC_CLK_TCK"))
    before = os.times()
    reading = app_cpu_reader(77, tmp_path)()
    after = os.times()
    assert reading is not None
    machine, app = reading
    assert machine == pytest.approx(157 / tick)
    own = app - 500 / tick  # this process's CPU seconds, read between `before` and `after`
    slack = 1e-9  # float sums: 0.89 + 0.1 is above 5.99 - 5.0 in the last bit (a failure seen under load)
    assert before.user + before.system - slack <= own <= after.user + after.system + slack
    assert app_cpu_reader(78, tmp_path)() is None  # no such process
    missing = app_cpu_reader(77, tmp_path / "nowhere")
    assert missing() is None and missing() is None
