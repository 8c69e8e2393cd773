"""The pure figures of bench_scale: spreads, paired ratios, rates, click phases and issue 23's verdicts.

Nothing here times anything or imports Qt or nnviz: the unit tests (tests/test_bench_verdicts.py) feed it
made-up numbers. bench_scale measures; this module turns its lists of measurements into the printed figures
and the one-line verdicts (met / NOT met) against the issue's thresholds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

CONFIDENCE = 0.9  # the median's interval covers the true median at least this often (distribution-free)

GOLDEN = (math.sqrt(5) - 1) / 2  # the click phases' stride: any first k of them spread evenly over a frame


def finite(values: Sequence[float]) -> list[float]:
    """The values that are numbers (a slice or a click that measured nothing is NaN)."""
    return [float(v) for v in values if math.isfinite(v)]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of the finite values, linear between the closest ranks (numpy's default);
    NaN when there is none."""
    data = sorted(finite(values))
    if not data:
        return float("nan")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is not within 0..100")
    rank = (len(data) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


def median_interval(values: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """A distribution-free interval for the median of what was sampled: (low, high, coverage), the k-th smallest
    and k-th largest finite value for the largest k whose chance of holding the median, 1 - 2 P(Binomial(n, 1/2)
    < k), is at least `confidence`; with too few values for that, the smallest and largest and their chance."""
    data = sorted(finite(values))
    n = len(data)
    if not n:
        return math.nan, math.nan, 0.0
    best = (data[0], data[-1], 1 - 2 / 2**n)
    for k in range(2, (n + 1) // 2 + 1):
        coverage = 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2**n
        if coverage < confidence:
            break
        best = (data[k - 1], data[n - k], coverage)
    return best


@dataclass(frozen=True)
class Spread:
    """Where a set of measurements lies: the median and its interval, the quartiles and the extremes."""

    n: int
    low: float
    q1: float
    median: float
    q3: float
    high: float
    interval: tuple[float, float, float]  # the median's (low, high, coverage): median_interval

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        """The spread of the finite values."""
        data = finite(values)
        return cls(len(data), min(data, default=math.nan), percentile(data, 25), percentile(data, 50),
                   percentile(data, 75), max(data, default=math.nan), median_interval(data))

    def text(self, fmt: str = ".2f", unit: str = "") -> str:
        """'median M (its C % interval A-B; all LOW-HIGH)' in this format."""
        def f(v: float) -> str:
            return f"{v:{fmt}}{unit}"

        low, high, coverage = self.interval
        return (f"median {f(self.median)} (its {100 * coverage:.0f} % interval {f(low)}–{f(high)}; all {f(self.low)}–"
                f"{f(self.high)})")


def pair_ratios(live: Sequence[float], engine: Sequence[float]) -> list[float]:
    """live[i] / engine[i] for each pair; NaN where the engine measured nothing."""
    if len(live) != len(engine):
        raise ValueError(f"{len(live)} live slices against {len(engine)} engine slices: not pairs")
    return [a / b if b > 0 and math.isfinite(b) else math.nan for a, b in zip(live, engine, strict=True)]


def per_core(rates: Sequence[float], cores: Sequence[float]) -> list[float]:
    """Each rate per CPU second of the process that made it (rate / cores busy); NaN where it used no CPU."""
    if len(rates) != len(cores):
        raise ValueError(f"{len(rates)} rates against {len(cores)} CPU figures")
    return [r / c if c > 0 else math.nan for r, c in zip(rates, cores, strict=True)]


def at_frame_rate(cores: Sequence[float], fps: Sequence[float], rate: float = 30.0) -> list[float]:
    """Each slice's cores scaled to `rate` frames a second (cores x rate / its frames/s); NaN where none was drawn."""
    if len(cores) != len(fps):
        raise ValueError(f"{len(cores)} CPU figures against {len(fps)} frame rates")
    return [c * rate / f if f > 0 else math.nan for c, f in zip(cores, fps, strict=True)]


def pair_orders(pairs: int) -> list[tuple[str, str]]:
    """Which side of each pair runs first: the engine, then the live run, then the other way round, and so on
    (a drift of the machine's speed during the run then favours neither side)."""
    return [("engine", "live") if i % 2 == 0 else ("live", "engine") for i in range(pairs)]


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of ys over xs (a rate from timestamped counts); NaN from fewer than 2 points."""
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} times against {len(ys)} counts")
    n = len(xs)
    if n < 2:
        return math.nan
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return math.nan
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def click_phases(clicks: int, period: float) -> list[float]:
    """Delays after a frame, in [0, period), for each click: any first k of them cover the frame's period
    evenly (a golden-ratio stride), so the slowest click is not the phase the clicks happened to fall on."""
    return [(i * GOLDEN) % 1.0 * period for i in range(clicks)]


@dataclass(frozen=True)
class Target:
    """One of issue 23's thresholds: the figure must be at least (or at most) `threshold`."""

    label: str
    threshold: float
    at_least: bool = True

    def meets(self, value: float) -> bool:
        """Whether one figure meets the target (NaN never does)."""
        if not math.isfinite(value):
            return False
        return value >= self.threshold if self.at_least else value <= self.threshold


def verdict(target: Target, values: Sequence[float], fmt: str = ".1f", unit: str = "") -> str:
    """'target LABEL: met' or 'NOT met', decided by the median of the measurements (each pair's, each slice's),
    with how many of them meet it; 'not sure' when the threshold lies within the median's interval."""
    spread = Spread.of(values)
    meeting = sum(target.meets(v) for v in values)
    ok = target.meets(spread.median)
    low, high, coverage = spread.interval
    unsure = (f"; not sure: the median's {100 * coverage:.0f} % interval {low:{fmt}}–{high:{fmt}}{unit} holds "
              f"{target.threshold:g}{unit}" if low < target.threshold < high else "")
    return (f"target {target.label}: {'met' if ok else 'NOT met'} (median {spread.median:{fmt}}{unit}, {meeting} of "
            f"{len(values)} meet it){unsure}")


def verdict_one(target: Target, value: float, figure: str) -> str:
    """A verdict on one figure (the slowest click, the memory), named as printed."""
    return f"target {target.label}: {'met' if target.meets(value) else 'NOT met'} ({figure})"


def click_summary(times: Sequence[float], between: int) -> str:
    """Clicks to pixels: median, 95th percentile, slowest, how many never painted, how many had a frame drawn
    before their pixels."""
    missing = len(times) - len(finite(times))
    slowest = math.inf if missing else max(times, default=math.nan)
    lost = f", {missing} never painted within 2 s" if missing else ""
    return (f"{len(times)} clicks to pixels: median {percentile(times, 50):.1f} ms, 95th percentile "
            f"{percentile(times, 95):.1f} ms, slowest {slowest:.1f} ms{lost}; a frame drawn in between in {between}")


def slowest_click(times: Sequence[float]) -> float:
    """The slowest click (infinite when one was never painted)."""
    return math.inf if len(finite(times)) < len(times) else max(times, default=math.nan)


FRAMES = Target(">= 30 frames/s", 30)
SHARE = Target(">= 80 % of the engine (live ÷ engine alone, per pair)", 80)  # in percent, as printed
GUI_CORES = Target("GUI <= 0.3 core (at >= 30 frames/s)", 0.3, at_least=False)
# the same, scaled to the 30 frames/s: the window draws 32 a second on a free machine (FRAME_INTERVAL),
# and its CPU goes with the frames drawn
GUI_CORES_AT_30 = Target("GUI <= 0.3 core at 30 frames/s (each slice's cores x 30 / its frames/s)", 0.3,
                         at_least=False)
MEMORY = Target("GUI <= 250 MB", 250, at_least=False)
SLOWEST_CLICK = Target("slowest click-to-pixels <= 10 ms", 10, at_least=False)
BURNT = Target(">= 70 % of the engine (live ÷ engine alone, per pair)", 70)


BUSY_CORES = 0.3  # other jobs took more than this (median over the slices): the live run lacked its share


def busy_note(others: Sequence[float]) -> str:
    """'' when other jobs left this benchmark's processes the machine; else a note for every verdict that wall
    time decides (frames/s, live ÷ engine, clicks): other jobs slow the live run's two processes otherwise than
    the engine's one, and not alike from one slice to the next."""
    cores = Spread.of(others).median
    if not others or not cores > BUSY_CORES:
        return ""
    return f"; busy machine: other jobs took {cores:.2f} cores (median over the slices), so this says little"


def verdicts(name: str, fps: Sequence[float], ratios: Sequence[float], gui_cores: Sequence[float], rss_mb: float,
             clicks: Sequence[float], others: Sequence[float] = ()) -> list[str]:
    """Issue 23's targets that this scenario's figures meet or miss, one line each (none for a scenario the issue
    sets no target for); `ratios` are the pairs' live ÷ engine in percent, `others` the cores that other jobs
    took in each slice (over 0.3: the wall-time verdicts say the machine was busy)."""
    busy = busy_note(others)
    lines = []
    if name.endswith(("8x32, 1000 points", "8x64, 1000 points")):
        lines += [verdict(FRAMES, fps) + busy, verdict(SHARE, ratios, ".0f", " %") + busy,
                  verdict_one(MEMORY, rss_mb, f"{rss_mb:.0f} MB")]
    if name == "spiral 6x8, 1000 points":
        fps_median = Spread.of(fps).median
        if FRAMES.meets(fps_median):
            lines += [verdict(GUI_CORES, gui_cores, ".2f"),
                      verdict(GUI_CORES_AT_30, at_frame_rate(gui_cores, fps), ".2f")]
        else:
            lines.append(verdict_one(GUI_CORES, math.nan, f"frames/s median {fps_median:.1f}, under 30") + busy)
    if clicks and name in ("spiral 6x8, 1000 points", "spiral 8x64, 1000 points"):
        slowest = slowest_click(clicks)
        lines.append(verdict_one(SLOWEST_CLICK, slowest, f"slowest {slowest:.1f} ms of {len(clicks)}") + busy)
    if name.endswith("core burnt"):
        lines.append(verdict(BURNT, ratios, ".0f", " %") + busy)
    return lines
