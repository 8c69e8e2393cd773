"""The sampling formulas behind the built-in data sets: pure numpy, no validation.

Each sampler takes (n, noise, rng) with n >= 4 and noise in [0, 0.5] already
checked, draws only from `rng`, and returns ((n, 2) float64 points, (n,) labels):
int64 class indices, or float64 targets for regression. The Playground's label
+1 is class 1 and -1 is class 0. `nnviz.data.generators` registers them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from nnviz.engine import reproducible

_SIN, _COS = reproducible.function("sin"), reproducible.function("cos")
Pair = tuple[np.ndarray, np.ndarray]  # ((n, 2) points, (n,) labels)
Sampler = Callable[[int, float, np.random.Generator], Pair]


def _halves(n: int) -> tuple[int, int]:
    """Split n into (class-1 count, class-0 count); class 1 gets the odd point."""
    return n - n // 2, n // 2


def _label_shift(n: int, noise: float, radius: float, rng: np.random.Generator) -> np.ndarray:
    """Return the (n, 2) shift uniform(-radius, radius) * noise that only the label sees."""
    return rng.uniform(-radius, radius, size=(n, 2)) * noise


def _polar(r: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """Return (n, 2) points x = r sin(angle), y = r cos(angle), as the Playground does."""
    # the engine's sin and cos: the same points on every machine (libm's change bits with FMA)
    return np.column_stack([r * _SIN(angle), r * _COS(angle)])


def circle(n: int, noise: float, rng: np.random.Generator) -> Pair:
    """Half inside r <= 2.5, half on the ring 3.5 <= r <= 5; label from the shifted point."""
    radius = 5.0
    n_in, n_out = _halves(n)
    r = np.concatenate(
        [
            rng.uniform(0.0, 0.5 * radius, n_in),
            rng.uniform(0.7 * radius, radius, n_out),
        ]
    )  # (n,)
    angle = rng.uniform(0.0, 2.0 * math.pi, n)  # (n,)
    points = _polar(r, angle)  # (n, 2)
    shifted = points + _label_shift(n, noise, radius, rng)  # (n, 2)
    inside = np.hypot(shifted[:, 0], shifted[:, 1]) < 0.5 * radius
    return points, inside.astype(np.int64)


def xor(n: int, noise: float, rng: np.random.Generator) -> Pair:
    """Uniform on (-5, 5)^2 pushed 0.3 off the axes; class 1 where x*y >= 0 after the shift."""
    points = rng.uniform(-5.0, 5.0, size=(n, 2))  # (n, 2)
    points += np.where(points > 0.0, 0.3, -0.3)
    shifted = points + _label_shift(n, noise, 5.0, rng)  # (n, 2)
    same_sign = shifted[:, 0] * shifted[:, 1] >= 0.0
    return points, same_sign.astype(np.int64)


def gauss(n: int, noise: float, rng: np.random.Generator) -> Pair:
    """Two clouds at (2, 2) (class 1) and (-2, -2) (class 0); variance 0.5 -> 4 with noise."""
    variance = 0.5 + 3.5 * noise / 0.5  # linear: 0.5 at noise 0, 4 at noise 0.5
    n_pos, n_neg = _halves(n)
    centres = np.concatenate([np.full((n_pos, 2), 2.0), np.full((n_neg, 2), -2.0)])  # (n, 2)
    points = centres + math.sqrt(variance) * rng.standard_normal((n, 2))
    labels = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    return points, labels


def _spiral_arm(n_arm: int, delta: float, noise: float, rng: np.random.Generator) -> np.ndarray:
    """Return (n_arm, 2) points r = 5 i/n_arm, t = 1.75 * 2 pi i/n_arm + delta, plus jitter."""
    i = np.arange(n_arm, dtype=np.float64)
    r = 5.0 * i / n_arm
    t = 1.75 * 2.0 * math.pi * i / n_arm + delta
    return _polar(r, t) + rng.uniform(-1.0, 1.0, size=(n_arm, 2)) * noise


def spiral(n: int, noise: float, rng: np.random.Generator) -> Pair:
    """Two interleaved arms: class 1 with delta 0, class 0 with delta pi."""
    n_pos, n_neg = _halves(n)
    points = np.concatenate(
        [
            _spiral_arm(n_pos, 0.0, noise, rng),
            _spiral_arm(n_neg, math.pi, noise, rng),
        ]
    )
    labels = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n_neg, np.int64)])
    return points, labels


def nspiral(k: int, n: int, noise: float, rng: np.random.Generator) -> Pair:
    """k arms; arm j (class j) has delta 2 pi j / k; the first n % k arms get one more point."""
    sizes = [n // k + (1 if j < n % k else 0) for j in range(k)]
    points = np.concatenate([_spiral_arm(size, 2.0 * math.pi * j / k, noise, rng) for j, size in enumerate(sizes)])
    labels = np.repeat(np.arange(k, dtype=np.int64), sizes)
    return points, labels


def spiral3(n: int, noise: float, rng: np.random.Generator) -> Pair:
    """Three arms, classes 0, 1, 2."""
    return nspiral(3, n, noise, rng)


def moons(n: int, noise: float, rng: np.random.Generator) -> Pair:
    """Two interleaving half-moons over about [-5, 5] x [-3.75, 3.75]; upper moon is class 1."""
    n_up, n_down = _halves(n)
    t_up = rng.uniform(0.0, math.pi, n_up)
    t_down = rng.uniform(0.0, math.pi, n_down)
    unit = np.concatenate(
        [
            np.column_stack([_COS(t_up), _SIN(t_up)]),  # upper arc, centre (0, 0)
            np.column_stack([1.0 - _COS(t_down), 0.5 - _SIN(t_down)]),  # lower arc
        ]
    )  # (n, 2), spans x in [-1, 2], y in [-0.5, 1]
    scale = np.array([10.0 / 3.0, 5.0])
    points = (unit - np.array([0.5, 0.25])) * scale
    points += rng.standard_normal((n, 2)) * (2.0 * noise)  # std 1.0 at noise 0.5
    labels = np.concatenate([np.ones(n_up, np.int64), np.zeros(n_down, np.int64)])
    return points, labels


def quadrants(n: int, noise: float, rng: np.random.Generator) -> Pair:
    """Uniform on (-6, 6)^2; class = quadrant 0 (+,+), 1 (-,+), 2 (-,-), 3 (+,-) after the shift."""
    points = rng.uniform(-6.0, 6.0, size=(n, 2))  # (n, 2)
    shifted = points + _label_shift(n, noise, 6.0, rng)
    right = shifted[:, 0] >= 0.0
    upper = shifted[:, 1] >= 0.0
    labels = np.where(upper, np.where(right, 0, 1), np.where(right, 3, 2))
    return points, labels.astype(np.int64)


def plane(n: int, noise: float, rng: np.random.Generator) -> Pair:
    """Uniform on (-6, 6)^2; target (x + y) / 10 of the shifted point, not clamped."""
    points = rng.uniform(-6.0, 6.0, size=(n, 2))
    shifted = points + _label_shift(n, noise, 6.0, rng)
    return points, (shifted[:, 0] + shifted[:, 1]) / 10.0


_BUMPS = np.array(
    [  # (6, 3): centre x, centre y, sign
        [-4.0, 2.5, 1.0],
        [0.0, 2.5, -1.0],
        [4.0, 2.5, 1.0],
        [-4.0, -2.5, -1.0],
        [0.0, -2.5, 1.0],
        [4.0, -2.5, -1.0],
    ]
)


def multigauss(n: int, noise: float, rng: np.random.Generator) -> Pair:
    """Six bumps sign * clamp(1 - d/2, 0, 1); the target is the one of largest magnitude."""
    points = rng.uniform(-6.0, 6.0, size=(n, 2))
    shifted = points + _label_shift(n, noise, 6.0, rng)  # (n, 2)
    d = np.hypot(shifted[:, None, 0] - _BUMPS[:, 0], shifted[:, None, 1] - _BUMPS[:, 1])  # (n, 6)
    values = np.clip(1.0 - d / 2.0, 0.0, 1.0) * _BUMPS[:, 2]  # (n, 6)
    best = np.argmax(np.abs(values), axis=1)  # (n,) first bump on ties
    return points, values[np.arange(n), best] + 0.0  # + 0.0 turns -0.0 into 0.0


_GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # (4, 2)


def gate(outputs: tuple[int, int, int, int]) -> Sampler:
    """Return a sampler for a 2-input truth table; n, noise and rng are ignored."""

    def sample(n: int, noise: float, rng: np.random.Generator) -> Pair:
        return _GATE_INPUTS.copy(), np.array(outputs, dtype=np.int64)

    return sample
