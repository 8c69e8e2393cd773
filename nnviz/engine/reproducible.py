"""Numerics that give the same bits on every machine: fixed-order products, transcendentals rounded with a proof.

Why: BLAS sums a matrix product in an order that depends on the CPU kernel
OpenBLAS picks, and numpy's tanh/exp/log/sin/cos (and glibc's, which numpy
calls without AVX-512) change their last bits with the SIMD level and with FMA.
A difference of 1e-17 at the first step grows through training.

- Products: `matmul` runs numpy's einsum inner loop (no BLAS), which sums in
  the order its code fixes, whatever the CPU. Element-wise + - * / and
  np.add.reduce are exactly rounded or fixed-order already.
- Transcendentals: a function f here returns f(x) correctly rounded to double,
  then rounded to nearest on a coarser grid of 2**DROPPED_BITS ulps
  (a 35-bit significand, relative error < 3e-11). numpy computes f(x) fast,
  within a few ulps of the truth on any machine (measured: at most 2); when
  that value lies more than MARGIN ulps from a rounding boundary of the grid,
  every machine's value rounds to the same grid point, the one the exact value
  rounds to. The rare values nearer a boundary (about 1 in 11,000) are
  recomputed exactly with Python's `decimal`, which uses integer arithmetic
  only. So the result is a function of x alone, not of the machine, as long as
  numpy's f is within MARGIN ulps of the truth (the tests check it here).

float32 arrays are computed through float64 and then cast, which is exact
arithmetic's result rounded twice: still a function of x alone. The same
functions of one Python float are in scalar_rounding.py.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np

from nnviz.engine.rounding_grid import DROPPED_BITS, HALF, KEEP, MARGIN, PROBE_MASK, bits_of, to_grid

try:  # numpy's einsum without the Python wrapper (2 us less per call); the same loop
    from numpy._core.multiarray import c_einsum as _einsum
except ImportError:  # pragma: no cover - numpy < 2
    from numpy.core.multiarray import c_einsum as _einsum  # type: ignore[no-redef]

# the grid (DROPPED_BITS, MARGIN and the masks) is defined in rounding_grid.py
# half a grid step, against the exact value: 2.9e-11 (for subnormal results, 2**-1057 absolute)
MAX_RELATIVE_ERROR = 2.0 ** (DROPPED_BITS - 53)
# numpy adds a 0-d int64 array to an int64 array faster than a Python int (0.56 against 0.91 us)
_HALF_0D, _KEEP_0D, _HALF_MARGIN, _PROBE = (np.array(v, np.int64) for v in (HALF, KEEP, HALF + MARGIN, PROBE_MASK))
# a pass with at most this many rounded values rounds them all, then checks them at once (Verifier); a larger
# one checks each layer as it goes (a value near a boundary somewhere among many would redo the pass)
STACKED_MAX_VALUES = 2048
# decimal digits for the exact path: a relative 1e-45, where f(x) of a double is not expected nearer than
# about 2**-100 (1e-30) to a rounding boundary of the 35-bit grid; 60 digits took twice as long (54 us an exp)
_DIGITS = 45
_CTX = decimal.Context(prec=_DIGITS, Emax=10**6, Emin=-(10**6))

ArrayFn = Callable[[np.ndarray, np.ndarray], None]


# --- exact reference values (integer arithmetic only) -------------------------------
def _pi() -> Decimal:
    """pi to _DIGITS digits by Machin's formula, pi = 16 atan(1/5) - 4 atan(1/239)."""

    def atan_inv(n: int) -> Decimal:
        x, total, k, sign = _CTX.divide(1, n), Decimal(0), 1, 1
        power, n2 = x, n * n
        while True:
            term = _CTX.divide(power, k)
            if term == 0 or term.adjusted() < -_DIGITS - 5:
                return total
            total = _CTX.add(total, term) if sign > 0 else _CTX.subtract(total, term)
            power, k, sign = _CTX.divide(power, n2), k + 2, -sign

    return _CTX.subtract(_CTX.multiply(16, atan_inv(5)), _CTX.multiply(4, atan_inv(239)))


_PI = _pi()


def _series(x: Decimal, start: Decimal, first_k: int) -> Decimal:
    """sum_n (-1)^n x^(2n + first_k) / (2n + first_k)!, from the term `start` = x^first_k / first_k!."""
    total, term, k, x2 = start, start, first_k, _CTX.multiply(x, x)
    while term != 0 and term.adjusted() > -_DIGITS - 5:
        term = _CTX.divide(_CTX.multiply(-term, x2), (k + 1) * (k + 2))
        total, k = _CTX.add(total, term), k + 2
    return total


def _reduce_angle(x: Decimal) -> Decimal:
    """x - 2 pi round(x / 2 pi), in [-pi, pi]."""
    two_pi = _CTX.multiply(2, _PI)
    turns = _CTX.divide(x, two_pi).to_integral_value(rounding=decimal.ROUND_HALF_EVEN)
    return _CTX.subtract(x, _CTX.multiply(turns, two_pi))


def exact_tanh(x: Decimal) -> Decimal:
    """tanh(x) to _DIGITS digits."""
    if abs(x) > 40:
        return Decimal(1).copy_sign(x)
    if abs(x) < Decimal("1e-15"):  # x - x^3/3 is exact to far beyond a double here
        return _CTX.subtract(x, _CTX.divide(_CTX.power(x, 3), 3))
    e = _CTX.exp(_CTX.multiply(2, x))
    return _CTX.divide(_CTX.subtract(e, 1), _CTX.add(e, 1))


EXACT: dict[str, Callable[[Decimal], Decimal]] = {
    "tanh": exact_tanh,
    "exp": _CTX.exp,
    "log": _CTX.ln,
    "log1p": lambda x: _CTX.ln(_CTX.add(1, x)),
    "sin": lambda x: _series(r := _reduce_angle(x), r, 1),
    "cos": lambda x: _series(_reduce_angle(x), Decimal(1), 0),
}
_FAST: dict[str, np.ufunc] = {
    "tanh": np.tanh, "exp": np.exp, "log": np.log, "log1p": np.log1p, "sin": np.sin, "cos": np.cos,
}


def _to_double(value: Decimal) -> float:
    """The double nearest an exact value (inf past the range)."""
    return float(value)


def exactly_rounded(name: str, x: float) -> float:
    """f(x) of one value, computed exactly, as a double already rounded to the grid (on its bit pattern)."""
    if not math.isfinite(x):
        with np.errstate(all="ignore"):
            return float(_FAST[name](np.float64(x)))
    try:
        value = _to_double(EXACT[name](Decimal(x)))
    except (decimal.InvalidOperation, decimal.DivisionByZero):  # log of 0 or of a negative number
        with np.errstate(all="ignore"):
            return float(_FAST[name](np.float64(x)))
    return to_grid(bits_of(value))


def _apply(name: str, x: np.ndarray, out: np.ndarray) -> None:
    """out = f(x), reproducibly; x and out may be the same array."""
    bound(name, x, out)()


def bound(name: str, x: np.ndarray, out: np.ndarray) -> Callable[[], None]:
    """A call that writes f(x) into out reproducibly (for plans: its work buffer is made once, when small).

    Four numpy calls where numpy's own f is one: f, and on the bit patterns
    b + HALF + MARGIN (rounding and probe at once), a look for values near a
    boundary, and clearing the dropped bits. (b + HALF + MARGIN) & KEEP is the
    rounding (b + HALF) & KEEP except within MARGIN of a boundary, and exactly
    those values are then recomputed.
    """
    fast = _FAST[name]
    direct = out.dtype == np.float64 and out.flags.c_contiguous and not np.shares_memory(out, x)
    large = x.size > STACKED_MAX_VALUES  # large arrays get their buffers per call: no memory held between passes
    kept = None if direct or large else np.empty(x.shape, np.float64)
    probe_kept = None if large else np.empty(x.shape, np.int64)
    quiet = name == "exp" or x.dtype != np.float64  # past 709.78 exp is inf, as it should be: no warning

    def run() -> None:
        work = out if direct else (kept if kept is not None else np.empty(x.shape, np.float64))
        if quiet:
            with np.errstate(over="ignore"):
                fast(x, out=work, dtype=np.float64)
        else:
            fast(x, out=work)
        bits = work.view(np.int64)
        np.add(bits, _HALF_MARGIN, out=bits)
        probe = np.bitwise_and(bits, _PROBE, out=probe_kept)
        exact = None if np.count_nonzero(probe) == probe.size else np.flatnonzero(probe == 0)
        np.bitwise_and(bits, _KEEP_0D, out=bits)
        if exact is not None:  # about 1 value in 16,000
            for index in zip(*np.unravel_index(exact, work.shape), strict=True):
                work[index] = exactly_rounded(name, float(x[index]))
        if not direct:
            _cast_quietly(out, work)

    return run


def rounded_calls(name: str, x: np.ndarray, raw: np.ndarray, out: np.ndarray) -> list[tuple[Any, tuple[Any, ...]]]:
    """Plan calls: raw = numpy's f(x) (float64), out = raw rounded to the grid; a Verifier checks raw afterwards.

    Three numpy calls for a float64 out (four for float32): the check for values
    near a boundary is made once for every layer's raw values together.
    """
    bits = raw.view(np.int64)
    if out.dtype == np.float64 and out.flags.c_contiguous:
        target, cast = out.view(np.int64), []
    else:
        target = np.empty_like(bits)
        cast = [(_cast_quietly, (out, target.view(np.float64)))]
    plain = x.dtype == np.float64 and name != "exp"
    compute = [(_FAST[name], (x, raw))] if plain else [(_cast_call(name), (x, raw))]
    return [*compute, (np.add, (bits, _HALF_0D, target)), (np.bitwise_and, (target, _KEEP_0D, target)), *cast]


def _cast_quietly(out: np.ndarray, values: np.ndarray) -> None:
    """out = values in out's dtype; past float32's range is inf, as it should be, without a warning."""
    with np.errstate(over="ignore"):
        np.copyto(out, values, casting="same_kind")


def _cast_call(name: str) -> Callable[[np.ndarray, np.ndarray], None]:
    """raw = f(x) in float64 from any x; exp past 709.78 is inf without a warning."""
    fast = _FAST[name]

    def call(x: np.ndarray, raw: np.ndarray) -> None:
        with np.errstate(over="ignore"):
            fast(x, out=raw, dtype=np.float64)

    return call


class Verifier:
    """Checks a stacked buffer of raw values after a pass; when one lies near a rounding boundary
    (about 1 in 16,000), `redo(x)` computes the pass again with each value checked on its own."""

    def __init__(self, raw: np.ndarray, redo: Callable[[Any], None]) -> None:
        self.bits = raw.view(np.int64)
        self.probe = np.empty_like(self.bits)
        self.redo = redo
        self.redone = 0  # how many passes needed the exact path (for tests and curiosity)

    def __call__(self, x: Any) -> None:
        """Check the raw values of the pass that just ran on input x."""
        np.add(self.bits, _HALF_MARGIN, out=self.probe)
        np.bitwise_and(self.probe, _PROBE, out=self.probe)
        if np.count_nonzero(self.probe) != self.probe.size:  # a third of ndarray.all()'s time
            self.redone += 1
            self.redo(x)


def tanh(x: np.ndarray, out: np.ndarray) -> None:
    """out = tanh(x), the same bits on every machine."""
    _apply("tanh", x, out)


def exp(x: np.ndarray, out: np.ndarray) -> None:
    """out = exp(x), the same bits on every machine."""
    _apply("exp", x, out)


def log(x: np.ndarray, out: np.ndarray) -> None:
    """out = log(x), the same bits on every machine."""
    _apply("log", x, out)


def log1p(x: np.ndarray, out: np.ndarray) -> None:
    """out = log(1 + x), the same bits on every machine."""
    _apply("log1p", x, out)


def sin(x: np.ndarray, out: np.ndarray) -> None:
    """out = sin(x), the same bits on every machine."""
    _apply("sin", x, out)


def cos(x: np.ndarray, out: np.ndarray) -> None:
    """out = cos(x), the same bits on every machine."""
    _apply("cos", x, out)


def function(name: str) -> Callable[[np.ndarray], np.ndarray]:
    """f(x) returning a new float64 array: the reproducible tanh, exp, log, log1p, sin or cos."""

    def f(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, np.float64)
        out = np.empty_like(x)
        _apply(name, x, out)
        return out

    f.__name__ = name
    return f


# numpy's einsum sums in an order fixed by its code and by the operands' memory layout (not by
# the CPU): every product here takes C-contiguous operands, writing any transpose into the subscripts
def matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out = a @ b for 2-D arrays, summed in a fixed order (numpy's einsum loop, no BLAS)."""
    _einsum("ij,jk->ik", np.ascontiguousarray(a), np.ascontiguousarray(b), out=out)


def matmul_contiguous(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """matmul for operands known to be C-contiguous (compiled plans check that once, when they are made)."""
    _einsum("ij,jk->ik", a, b, out=out)


def matmul_tn_contiguous(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """matmul_tn for C-contiguous operands."""
    _einsum("ji,jk->ik", a, b, out=out)


def matmul_nt_contiguous(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """matmul_nt for C-contiguous operands."""
    _einsum("ik,jk->ij", a, b, out=out)


def matvec(a: np.ndarray, v: np.ndarray, out: np.ndarray) -> None:
    """out = a @ v for a 2-D a and a 1-D v, summed in a fixed order."""
    _einsum("ij,j->i", np.ascontiguousarray(a), np.ascontiguousarray(v), out=out)


def vecmat(v: np.ndarray, a: np.ndarray) -> np.ndarray:
    """v @ a for a 1-D v and a 2-D a (that is a.T @ v), summed in a fixed order, as a new array."""
    return _einsum("j,ji->i", np.ascontiguousarray(v), np.ascontiguousarray(a))  # type: ignore[no-any-return]


def matmul_tn(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out = a.T @ b, summed in a fixed order."""
    _einsum("ji,jk->ik", np.ascontiguousarray(a), np.ascontiguousarray(b), out=out)


def matmul_nt(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out = a @ b.T, summed in a fixed order."""
    _einsum("ik,jk->ij", np.ascontiguousarray(a), np.ascontiguousarray(b), out=out)


def batched_nt(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out[l] = a[l] @ b[l].T for stacks of matrices, summed in a fixed order (one call for several layers)."""
    _einsum("lik,ljk->lij", a, b, out=out)


def machine_kind(numerics: str) -> str:
    """The kind of machine whose runs this one reproduces bit for bit, in words.

    reproducible: the architecture and numpy's version (its einsum loop fixes
    the order of the sums); fast: also numpy's SIMD level and OpenBLAS's kernel.
    """
    import platform

    kind = f"{platform.machine() or 'unknown CPU'}, numpy {'.'.join(np.__version__.split('.')[:2])}"
    if numerics == "reproducible":
        return kind
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

        simd = next((name for name in reversed(__cpu_dispatch__) if __cpu_features__.get(name)), "baseline")
    except ImportError:  # pragma: no cover - numpy < 2
        simd = "unknown SIMD"
    from threadpoolctl import threadpool_info

    kernels = [str(i.get("architecture")) for i in threadpool_info() if i.get("internal_api") == "openblas"]
    return f"{kind}, {simd}, OpenBLAS {kernels[0] if kernels else 'unknown'}"


def sum_of_squares(d: np.ndarray) -> float:
    """sum d^2 over every element, in a fixed order."""
    flat = d.reshape(-1)
    return float(np.add.reduce(flat * flat))


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """sum a * b over every element, in a fixed order."""
    return float(np.add.reduce((np.asarray(a) * np.asarray(b)).reshape(-1)))
