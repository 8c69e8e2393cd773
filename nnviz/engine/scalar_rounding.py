"""One Python float's reproducible tanh, exp, log, log1p, sin and cos (the neuron-level API's), and the same
rounding as statements for generated straight-line code: libm's value rounded to reproducible.py's grid with
float arithmetic alone, the bit patterns or the exact value only near a grid boundary.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from nnviz.engine.reproducible import exactly_rounded
from nnviz.engine.rounding_grid import DROPPED_BITS, HALF, MARGIN, bits_of, near_boundary, to_grid

SCALAR_FAST: dict[str, Callable[[float], float]] = {  # libm's f, which the scalar functions round
    "tanh": math.tanh, "exp": math.exp, "log": math.log, "log1p": math.log1p, "sin": math.sin, "cos": math.cos,
}
# Rounding one float to the grid with float arithmetic alone. For v with u = ulp(v), the grid step is
# q = 2**DROPPED_BITS * u, and c = SHIFT * u = 1.5 * 2**(DROPPED_BITS + 52) * u is a number whose ulp is q,
# whatever v's sign: r = (v + c) - c is v rounded to the nearest grid point, exactly (the subtraction and
# v - r are exact). Subnormal v (u = 2**-1074) get the grid 2**-1056, as on the bit patterns. Only a tie
# could round otherwise than the bit patterns do, and every tie lies within MARGIN ulps of a boundary: a
# value whose remainder |v - r| is under (HALF - MARGIN) u is neither. c * NEAR is below that (by about
# one ulp: NEAR's and the product's roundings cannot make up for it), so a remainder under it is safe.
# Everything else takes the bit-pattern path: near a boundary, ties, inf, nan, |v| >= 2**1006 (where c
# overflows). A result of zero takes v's sign (float arithmetic gives +0.0 where the bit patterns keep -0.0).
SHIFT = 1.5 * 2.0 ** (DROPPED_BITS + 52)
NEAR = (HALF - MARGIN - 1) / SHIFT
# The same rounding as statements, for generated straight-line code (nnviz/api/codegen.py: no call per value).
# {fast} is libm's f, {rounded} the whole scalar function: it answers where libm raises (NaN fails the check).
_ROUNDING_LINES = ("try: v_ = {fast}({x})",
                   "except (OverflowError, ValueError): v_ = NAN",
                   "c_ = ulp(v_) * SHIFT; {r} = v_ + c_ - c_",
                   "if not abs(v_ - {r}) < c_ * NEAR: {r} = {rounded}({x})",
                   "elif not {r}: {r} = v_ * 0.0")
ROUNDING_NAMES: dict[str, object] = {"ulp": math.ulp, "SHIFT": SHIFT, "NEAR": NEAR, "NAN": math.nan}


def rounding_lines(fast: str, rounded: str, x: str, r: str) -> list[str]:
    """Statements that set the name r to fast(x) on the grid; they need ROUNDING_NAMES and set v_ and c_."""
    return [line.format(fast=fast, rounded=rounded, x=x, r=r) for line in _ROUNDING_LINES]


def round_bits(value: float, exact: Callable[[], float]) -> float:
    """value rounded to the grid on its bit pattern; `exact()` instead when value lies near a boundary."""
    if not math.isfinite(value):
        return value
    bits = bits_of(value)
    return exact() if near_boundary(bits) else to_grid(bits)


def scalar(name: str) -> Callable[[float], float]:
    """f(x) of one Python float, with the same bits as the array functions give (for the neuron-level API)."""
    return rounded_scalar(SCALAR_FAST[name], lambda x: exactly_rounded(name, x), name)


def rounded_scalar(fast: Callable[[float], float], exact: Callable[[float], float],
                   name: str) -> Callable[[float], float]:
    """x -> fast(x) rounded to the grid (float arithmetic; see SHIFT), or exact(x) near a boundary."""
    ulp, shift, near, inf, nan = math.ulp, SHIFT, NEAR, math.inf, math.nan

    def f(x: float) -> float:
        try:
            v = fast(x)
        except OverflowError:  # math.exp past the range, where numpy gives inf
            return inf
        except ValueError:  # log of a negative number
            return nan
        c = ulp(v) * shift
        r = (v + c) - c
        if abs(v - r) < c * near:
            return r or v * 0.0
        return round_bits(v, lambda: exact(x))

    f.__name__ = name
    return f
