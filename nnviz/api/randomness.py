"""The scripting API's one source of randomness (Synaptic draws from Math.random; we draw from here).

`seed(n)` makes every later initial weight, bias and shuffle reproducible.
"""

from __future__ import annotations

import random

_source = random.Random()


def seed(value: int | None = None) -> None:
    """Reseed the API's random source (None: from the operating system)."""
    _source.seed(value)


def uniform(low: float, high: float) -> float:
    """One draw from U(low, high)."""
    return _source.uniform(low, high)


def uniforms(n: int, low: float, high: float) -> list[float]:
    """n draws from U(low, high)."""
    u = _source.uniform
    return [u(low, high) for _ in range(n)]


def shuffle(items: list) -> None:  # type: ignore[type-arg]
    """Shuffle a list in place."""
    _source.shuffle(items)


def randrange(n: int) -> int:
    """A random integer in 0..n-1."""
    return _source.randrange(n)
