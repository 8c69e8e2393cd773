"""The scalar functions' rounding in float arithmetic gives the bits of the bit-pattern rounding it replaced.

The reference (struct_rounding.py) is the implementation the neuron-level API used before (struct
pack/unpack of each value); both are run with the identity as "f", so every double is a possible f(x),
and with a marker for the exact path, so the values sent to it must be the same ones too.
"""

from __future__ import annotations

import math
import struct

import numpy as np
import pytest

from nnviz.engine import reproducible as rep
from nnviz.engine import scalar_rounding as sr
from nnviz.engine.rounding_grid import near_boundary
from tests.engine.struct_rounding import HALF, LOW_BITS, reference, reference_scalar

_DOUBLE = struct.Struct("<d")


class Exact(float):
    """The marker the exact path returns: a float that remembers it came from there."""


def _marker(x: float) -> float:
    return Exact(x)


def _key(value: float) -> tuple[bool, bytes]:
    return isinstance(value, Exact), _DOUBLE.pack(value)


def _doubles(bits: np.ndarray) -> list[float]:
    return bits.astype(np.int64).view(np.float64).tolist()  # type: ignore[no-any-return]


def _every_kind_of_double() -> list[float]:
    """Random bit patterns (every binade, subnormals, inf, nan), every remainder near a boundary and ties,
    values about to carry into the next binade or to infinity, and the edges of the range."""
    rng = np.random.default_rng(23)
    patterns = rng.integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max, 150_000, dtype=np.int64)
    high = rng.integers(0, np.iinfo(np.int64).max, 2_000, dtype=np.int64) & ~np.int64(LOW_BITS)
    remainders = np.array([*range(HALF - 3 * rep.MARGIN, HALF + 3 * rep.MARGIN), 0, 1, 2, LOW_BITS - 1, LOW_BITS],
                          np.int64)
    near = (high[:, None] | remainders[None, :]).ravel()
    subnormal = rng.integers(0, 1 << 52, 5_000, dtype=np.int64)
    tiny = np.arange(0, 1 << 20, 997, dtype=np.int64)  # subnormals rounding to zero or to 2**-1056
    small = np.concatenate([near, subnormal, tiny])
    small = np.concatenate([small, small | np.int64(np.iinfo(np.int64).min)])  # and negative
    edges = [0.0, -0.0, math.inf, -math.inf, math.nan, -math.nan, 5e-324, -5e-324, 2.2250738585072014e-308,
             -2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308, -1.7976931348623157e308,
             2.0 ** 1006, 2.0 ** 1007, math.nextafter(2.0 ** 1006, 0.0), math.nextafter(2.0 ** 1007, 0.0),
             2.0 ** -1056, 2.0 ** -1057, math.nextafter(2.0 ** -1057, 1.0), math.nextafter(2.0 ** -1057, 0.0),
             0.5, 1.0, -1.0, 1.0 - 2.0 ** -53, 1.0 - 2.0 ** -36, 1.0 - 2.0 ** -37, -(1.0 - 2.0 ** -36)]
    below_powers = [math.nextafter(2.0 ** e, 0.0) for e in range(-1070, 1024, 7)]
    values = _doubles(patterns) + _doubles(small) + edges + below_powers
    return values + [-v for v in edges] + [-v for v in below_powers]


def test_the_float_rounding_matches_the_bit_patterns_for_every_kind_of_double() -> None:
    identity = float
    new, old = sr.rounded_scalar(identity, _marker, "identity"), reference(identity, _marker)
    values = _every_kind_of_double()
    assert len(values) > 300_000
    near = 0
    for v in values:
        got, want = new(v), old(v)
        assert _key(got) == _key(want), (v.hex(), got, want)
        near += isinstance(want, Exact)
    assert near > 60_000  # the boundary cases were really exercised


@pytest.mark.parametrize("name", ["tanh", "exp", "log", "log1p", "sin", "cos"])
def test_each_function_matches_the_bit_pattern_rounding_on_its_own_range(name: str) -> None:
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.uniform(-800, 800, 20_000), rng.normal(scale=4.0, size=20_000),
                        np.exp(rng.uniform(-745, 709, 10_000)), rng.normal(scale=1e-300, size=2_000),
                        [0.0, -0.0, math.inf, -math.inf, math.nan, 709.8, -745.2, -1.0, 1e308]]).tolist()
    fast = sr.SCALAR_FAST[name]  # the same libm function both run
    new, old = sr.rounded_scalar(fast, _marker, name), reference(fast, _marker)
    for v in x:
        assert _key(new(v)) == _key(old(v)), (name, v)
    scalar, exact_old = sr.scalar(name), reference_scalar(name)
    for v in x[:3_000] + x[-9:]:
        assert _key(scalar(v)) == _key(exact_old(v)), (name, v)


def test_a_value_near_a_boundary_is_computed_exactly() -> None:
    x = np.random.default_rng(2).uniform(-3, 3, 400_000)
    hard = x[near_boundary(np.tanh(x).view(np.int64))].tolist()
    assert hard
    tanh = sr.scalar("tanh")
    assert [tanh(v) for v in hard] == [rep.exactly_rounded("tanh", v) for v in hard]


def _inline(fast, rounded):  # type: ignore[no-untyped-def]
    """The statements generated code inlines, as a function of x."""
    body = "\n".join("    " + line for line in sr.rounding_lines("fast", "rounded", "x", "r"))
    env: dict[str, object] = {**sr.ROUNDING_NAMES, "fast": fast, "rounded": rounded}
    exec(compile(f"def f(x):\n{body}\n    return r\n", "<inline rounding>", "exec"), env)  # our own text
    return env["f"]


def test_the_inlined_statements_match_the_bit_patterns_for_every_kind_of_double() -> None:
    identity = float
    inline, old = _inline(identity, reference(identity, _marker)), reference(identity, _marker)
    for v in _every_kind_of_double():
        assert _key(inline(v)) == _key(old(v)), v.hex()
    exp, log = _inline(math.exp, sr.scalar("exp")), _inline(math.log, sr.scalar("log"))
    assert exp(710.0) == math.inf and _key(exp(-800.0)) == _key(0.0)  # libm raises past the range
    assert math.isnan(log(-1.0)) and log(math.e) == sr.scalar("log")(math.e)
    assert _key(_inline(math.tanh, sr.scalar("tanh"))(-0.0)) == _key(-0.0)  # zero keeps its sign
