"""How explain mode writes numbers: significant digits a teacher chooses (3, 4 or 6), and more where needed;
short ones on the graph (`short`); a short exponent everywhere (`compact`: −7.0e126, never -6.98e+126).

Two rules keep the arithmetic honest. A change is never hidden: an old and a new value
that differ are written with as many digits as it takes to tell them apart
(`distinct`). A line can be recomputed: the inputs of a line are written with as many
digits as it takes for the formula, applied to the numbers as written, to give the
result as written (`recomputable`). The choice is process-wide (`set_digits`), like a
view setting; the text functions read it when they write.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

DIGIT_CHOICES = (3, 4, 6)
DEFAULT_DIGITS = 4
MAX_DIGITS = 17  # enough to write any float64 exactly
FIXED_RANGE = (1e-3, 1e5)  # magnitudes written without an exponent
SHORT_DIGITS = 2  # significant digits a number on the graph starts from (more only where a change needs them)
SHORT_RANGE = (0.005, 1000.0)  # magnitudes the graph writes with 2 decimals (3 digits from 100 on)
SHORT_WHOLE_BELOW = 1e5  # from SHORT_RANGE's top up to this, the graph writes whole numbers (1235, −98765)

_digits = DEFAULT_DIGITS


def digits() -> int:
    """The significant digits explain mode writes now."""
    return _digits


def set_digits(n: int) -> None:
    """Write numbers with n significant digits (one of DIGIT_CHOICES)."""
    global _digits
    if n not in DIGIT_CHOICES:
        raise ValueError(f"digits must be one of {', '.join(map(str, DIGIT_CHOICES))}, got {n}")
    _digits = n


def fmt(v: float, n: int | None = None) -> str:
    """v with n significant digits (default: the chosen ones), an exponent only when tiny or huge, and a
    true minus sign: fmt(-0.31415, 3) = '−0.314', fmt(4.52e-5, 3) = '4.52e−5'."""
    n = digits() if n is None else max(1, int(n))
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0.0:
        return "0"
    if FIXED_RANGE[0] <= abs(v) < FIXED_RANGE[1]:
        decimals = max(0, n - 1 - math.floor(math.log10(abs(v))))
        text = f"{v:.{decimals}f}"
        if decimals == 0 and abs(round(v)) >= 10 ** n:  # rounding crossed a power of ten
            text = f"{v:.{n - 1}e}"
    else:
        text = f"{v:.{n - 1}e}"
    return compact(text)


def compact(text: str) -> str:
    """A number's text with a short exponent and a true minus sign: '-6.98e+126' -> '−6.98e126', '1e-09' -> '1e−9'."""
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "−")


def plain(v: float, n: int = 6) -> str:
    """v as a person writes it (at most n significant digits, no trailing zeros), exponent as `compact` writes it."""
    v = float(v)
    return compact(f"{v:.{n}g}") if math.isfinite(v) else fmt(v)


def short(v: float) -> str:
    """A number on the graph, in at most 9 characters, with a true minus sign: 2 decimals (3 digits from 100 on)
    in SHORT_RANGE, whole from 1000 to 99999 (short(1234.6) = '1235'), else SHORT_DIGITS significant digits:
    short(-6.98e126) = '−7.0e126', short(1e-9) = '1.0e−9'."""
    v = float(v)
    if SHORT_RANGE[1] <= abs(v) < SHORT_WHOLE_BELOW and round(abs(v)) < SHORT_WHOLE_BELOW:
        return f"{v:.0f}".replace("-", "−")
    if v == 0 or SHORT_RANGE[0] <= abs(v) < SHORT_RANGE[1]:
        text = f"{v:.2f}" if abs(v) < 100 else f"{v:.3g}"
        if "e" not in text:
            return text.replace("-", "−")
    return fmt(v, SHORT_DIGITS)


def parse(text: str) -> float:
    """The number a shown text stands for (the inverse of fmt, up to its rounding)."""
    text = text.replace("−", "-").replace("∞", "inf")
    return float(text)


def distinct(old: float, new: float, n: int | None = None) -> int:
    """The fewest significant digits (at least n) that write two different numbers differently."""
    n = digits() if n is None else n
    if old == new or not (math.isfinite(old) and math.isfinite(new)):
        return n
    d = n
    while d < MAX_DIGITS and fmt(old, d) == fmt(new, d):
        d += 1
    return d


def recomputable(formula: Callable[..., float], inputs: Sequence[float], result: float,
                 n: int | None = None, apart: tuple[float, float] | None = None) -> tuple[int, int]:
    """(input digits, result digits) for a line: the result gets n significant digits (more when `apart`,
    two values that differ, would read alike), and the inputs the fewest digits (at least the result's)
    with which `formula` applied to them as written rounds to the result as written."""
    n = digits() if n is None else n
    out = n if apart is None else distinct(*apart, n)
    if not (all(math.isfinite(x) for x in inputs) and math.isfinite(result)):
        return out, out
    want = fmt(result, out)
    for d in range(out, MAX_DIGITS + 1):
        try:
            again = formula(*(parse(fmt(x, d)) for x in inputs))
        except (ValueError, ZeroDivisionError, OverflowError):
            again = math.nan
        if fmt(again, out) == want:
            return d, out
    return MAX_DIGITS, out
