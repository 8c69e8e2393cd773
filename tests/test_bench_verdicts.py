"""bench_scale's pure figures (tests/benchmarks/bench_verdicts.py): made-up numbers in, spreads and verdicts out."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))

import bench_verdicts as bv


@pytest.mark.parametrize("q", [0, 5, 25, 50, 75, 95, 100])
def test_percentile_is_numpys_linear_one(q):
    values = [7.0, 1.0, 3.5, 12.0, 2.0, 9.0, 4.0]
    assert bv.percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_leaves_out_what_measured_nothing():
    assert bv.percentile([1.0, math.nan, 3.0], 50) == 2.0
    assert math.isnan(bv.percentile([math.nan], 50))
    with pytest.raises(ValueError, match=r"within 0\.\.100"):
        bv.percentile([1.0], 101)


def test_spread_names_median_quartiles_and_extremes():
    spread = bv.Spread.of([80.0, 90.0, 70.0, 100.0, 60.0])
    assert (spread.n, spread.low, spread.q1, spread.median, spread.q3, spread.high) == (5, 60, 70, 80, 90, 100)
    assert spread.text(".0f", " %") == "median 80 % (its 94 % interval 60 %–100 %; all 60 %–100 %)"


def test_the_medians_interval_is_the_order_statistics_that_hold_it_often_enough():
    values = [float(v) for v in range(1, 13)]  # 12 pairs: the 3rd and 10th hold the median 96.1 % of the time
    assert bv.median_interval(values) == (3.0, 10.0, pytest.approx(1 - 2 * (1 + 12 + 66) / 4096))
    assert bv.median_interval(values, 0.96) == (3.0, 10.0, pytest.approx(0.9614, abs=1e-4))
    assert bv.median_interval(values, 0.97)[:2] == (2.0, 11.0)  # the 4th and 9th: only 85.4 %
    low, high, coverage = bv.median_interval([5.0, 1.0, 3.0])  # too few for 90 %: all of them, 75 %
    assert (low, high, coverage) == (1.0, 5.0, 0.75)
    assert bv.median_interval([math.nan])[2] == 0.0


def test_pair_ratios_divide_each_live_slice_by_its_own_engine_slice():
    assert bv.pair_ratios([8.0, 9.0, 5.0], [10.0, 10.0, 0.0])[:2] == [0.8, 0.9]
    assert math.isnan(bv.pair_ratios([5.0], [0.0])[0])
    with pytest.raises(ValueError, match="not pairs"):
        bv.pair_ratios([1.0, 2.0], [1.0])


def test_per_core_is_the_rate_per_cpu_second_of_its_process():
    assert bv.per_core([300.0, 200.0], [0.75, 0.5]) == [400.0, 400.0]
    assert math.isnan(bv.per_core([300.0], [0.0])[0])
    with pytest.raises(ValueError, match="CPU figures"):
        bv.per_core([1.0], [])


def test_pairs_alternate_which_side_goes_first():
    assert bv.pair_orders(4) == [("engine", "live"), ("live", "engine"), ("engine", "live"), ("live", "engine")]


def test_slope_is_the_rate_of_timestamped_counts():
    times = [0.0, 0.03, 0.07, 0.1, 0.13]
    assert bv.slope(times, [100 + 250 * t for t in times]) == pytest.approx(250)
    assert math.isnan(bv.slope([1.0], [5.0]))
    assert math.isnan(bv.slope([1.0, 1.0], [5.0, 6.0]))


def test_click_phases_cover_the_frame_evenly():
    phases = bv.click_phases(60, 0.03)
    assert all(0 <= p < 0.03 for p in phases)
    tenths = np.histogram(phases, bins=10, range=(0, 0.03))[0]
    assert tenths.min() >= 5 and tenths.max() <= 7  # 6 a tenth, give or take one
    first = np.histogram(phases[:10], bins=5, range=(0, 0.03))[0]
    assert first.min() >= 1  # even the first few clicks are spread over the whole frame


def test_verdict_is_the_medians_with_the_count_that_meets_it():
    share = bv.Target(">= 80 %", 80)
    sure = [70, 82, 85, 86, 88, 90, 91, 95]  # 8 values: the 2nd and 7th (82, 91) hold the median 93 % of the time
    assert bv.verdict(share, sure, ".0f", " %") == "target >= 80 %: met (median 87 %, 7 of 8 meet it)"
    assert bv.verdict(share, [70, 72, 76, 79], ".0f") == "target >= 80 %: NOT met (median 74, 0 of 4 meet it)"


def test_verdict_is_not_sure_when_the_threshold_is_within_the_medians_interval():
    share = bv.Target(">= 80 %", 80)
    line = bv.verdict(share, [60, 75, 81, 84, 99], ".0f")
    assert line == ("target >= 80 %: met (median 81, 3 of 5 meet it); not sure: the median's 94 % interval 60–99 "
                    "holds 80")


def test_an_upper_limit_and_a_missing_figure():
    slowest = bv.Target("<= 10 ms", 10, at_least=False)
    assert slowest.meets(10.0) and not slowest.meets(10.1) and not slowest.meets(math.nan)
    assert bv.verdict_one(slowest, 12.5, "slowest 12.5 ms") == "target <= 10 ms: NOT met (slowest 12.5 ms)"


def test_a_click_never_painted_is_the_slowest():
    clicks = [3.0, 4.0, math.nan, 5.0]
    assert bv.slowest_click(clicks) == math.inf
    assert "1 never painted within 2 s" in bv.click_summary(clicks, 0)
    assert bv.click_summary([2.0, 3.0, 9.0], 1) == ("3 clicks to pixels: median 3.0 ms, 95th percentile 8.4 ms, "
                                                    "slowest 9.0 ms; a frame drawn in between in 1")


def test_the_gui_cores_are_also_judged_at_the_issues_30_frames_a_second():
    scaled = bv.at_frame_rate([0.32, 0.3], [32.0, 0.0])  # a slice that drew no frame says nothing
    assert scaled[0] == pytest.approx(0.3) and math.isnan(scaled[1])
    lines = bv.verdicts("spiral 6x8, 1000 points", [32.0, 32.0, 32.0], [90.0] * 3, [0.31, 0.32, 0.30], 150.0, [])
    assert lines[0].startswith("target GUI <= 0.3 core (at >= 30 frames/s): NOT met (median 0.31, 1 of 3")
    assert lines[1].startswith("target GUI <= 0.3 core at 30 frames/s (each slice's cores x 30 / its frames/s): met "
                               "(median 0.29, 3 of 3")
    with pytest.raises(ValueError, match="2 CPU figures against 1 frame rates"):
        bv.at_frame_rate([0.3, 0.3], [30.0])


def test_each_scenario_gets_the_issues_targets():
    fps, ratios, cores = [31.0, 32.0, 29.0], [85.0, 78.0, 90.0], [0.35, 0.4, 0.38]
    big = bv.verdicts("circle 8x64, 1000 points", fps, ratios, cores, 240.0, [])
    assert [line.split(":")[0] for line in big] == [
        "target >= 30 frames/s", "target >= 80 % of the engine (live ÷ engine alone, per pair)",
        "target GUI <= 250 MB"]
    assert all(": met" in line for line in big)
    spiral = bv.verdicts("spiral 6x8, 1000 points", fps, ratios, cores, 150.0, [2.0, 11.0])
    assert spiral == ["target GUI <= 0.3 core (at >= 30 frames/s): NOT met (median 0.38, 0 of 3 meet it)",
                      "target GUI <= 0.3 core at 30 frames/s (each slice's cores x 30 / its frames/s): NOT met "
                      "(median 0.38, 0 of 3 meet it)",
                      "target slowest click-to-pixels <= 10 ms: NOT met (slowest 11.0 ms of 2)"]
    slow = bv.verdicts("spiral 6x8, 1000 points", [20.0, 25.0], [90.0, 90.0], [0.2, 0.2], 150.0, [])
    assert slow == ["target GUI <= 0.3 core (at >= 30 frames/s): NOT met (frames/s median 22.5, under 30)"]
    burnt = bv.verdicts("spiral 6x8, 1000 points + 1 core burnt", fps, [65.0, 72.0, 75.0], cores, 150.0, [])
    assert burnt == ["target >= 70 % of the engine (live ÷ engine alone, per pair): met (median 72 %, 2 of 3 meet it); "
                     "not sure: the median's 75 % interval 65–75 % holds 70 %"]
    assert bv.verdicts("circle 2-4-2-1, 500 points", fps, ratios, cores, 150.0, []) == []


def test_a_busy_machine_is_named_beside_every_wall_time_verdict():
    fps, ratios, cores = [31.0, 32.0, 29.0], [85.0, 88.0, 90.0], [0.35, 0.4, 0.38]
    quiet = bv.verdicts("spiral 8x64, 1000 points", fps, ratios, cores, 240.0, [4.0, 9.0], [0.05, 0.3, 0.1])
    assert not any("busy" in line for line in quiet) and len(quiet) == 4  # frames, share, memory, clicks
    busy = bv.verdicts("spiral 8x64, 1000 points", fps, ratios, cores, 240.0, [4.0, 9.0], [0.1, 0.7, 1.2])
    noted = [line for line in busy if line.endswith("busy machine: other jobs took 0.70 cores (median over the "
                                                    "slices), so this says little")]
    assert len(noted) == 3 and "MB" in next(line for line in busy if line not in noted)  # memory is not wall time
    slow = bv.verdicts("spiral 6x8, 1000 points", [20.0, 25.0], [90.0, 90.0], [0.2, 0.2], 150.0, [], [0.9, 1.1])
    assert slow[0].endswith("(frames/s median 22.5, under 30); busy machine: other jobs took 1.00 cores (median over "
                            "the slices), so this says little")  # too few frames on a busy machine: says so
