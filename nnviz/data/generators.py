"""Built-in data sets, drawn as TensorFlow Playground draws them, plus a few more.

Every generator takes its randomness only from the `np.random.Generator` passed
in, so the same seed gives bit-identical points and labels. Playground labels
map to classes as +1 -> class 1 and -1 -> class 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from nnviz.data import samplers
from nnviz.data.dataset import CLASSIFICATION, REGRESSION, Dataset
from nnviz.data.samplers import Sampler
from nnviz.errors import DataError, unknown_name
from nnviz.io.validate import brief

MIN_POINTS = 4
MAX_POINTS = 100_000
MAX_NOISE = 0.5
DEFAULT_SEED = 0


@dataclass(frozen=True)
class GeneratorInfo:
    """What the GUI and CLI need to know about one built-in data set."""

    name: str
    title: str
    kind: str
    n_classes: int
    description: str
    fixed_size: bool = False
    # the Playground draws 500 points for classification, 1,200 for regression
    default_points: int = 500


def _gate_info(name: str, title: str) -> GeneratorInfo:
    """Describe a 4-row logic-gate truth table."""
    return GeneratorInfo(
        name,
        title,
        CLASSIFICATION,
        2,
        f"The 4-row truth table of {title.split()[0]} on inputs 0 and 1.",
        fixed_size=True,
        default_points=4,
    )


_TABLE: tuple[tuple[GeneratorInfo, Sampler], ...] = (
    (
        GeneratorInfo(
            "circle",
            "Circle",
            CLASSIFICATION,
            2,
            "A disc of radius 2.5 (class 1) inside a ring from 3.5 to 5 (class 0).",
        ),
        samplers.circle,
    ),
    (
        GeneratorInfo(
            "xor",
            "Exclusive or",
            CLASSIFICATION,
            2,
            "Class 1 where x and y have the same sign, class 0 where they differ.",
        ),
        samplers.xor,
    ),
    (
        GeneratorInfo(
            "gauss",
            "Two Gaussians",
            CLASSIFICATION,
            2,
            "Two clouds at (2, 2) and (-2, -2); noise widens them.",
        ),
        samplers.gauss,
    ),
    (
        GeneratorInfo(
            "spiral",
            "Spiral",
            CLASSIFICATION,
            2,
            "Two arms winding 1.75 turns around each other.",
        ),
        samplers.spiral,
    ),
    (
        GeneratorInfo(
            "moons",
            "Two moons",
            CLASSIFICATION,
            2,
            "Two interleaving half-moons; noise jitters the points.",
        ),
        samplers.moons,
    ),
    (
        GeneratorInfo(
            "spiral3",
            "Three-arm spiral",
            CLASSIFICATION,
            3,
            "Three arms winding around each other: a three-class problem.",
        ),
        samplers.spiral3,
    ),
    (
        GeneratorInfo(
            "quadrants",
            "Quadrants",
            CLASSIFICATION,
            4,
            "Four classes, one per quadrant of the plane.",
        ),
        samplers.quadrants,
    ),
    (
        GeneratorInfo(
            "plane",
            "Plane",
            REGRESSION,
            0,
            "Regression on the tilted plane (x + y) / 10.",
            default_points=1200,
        ),
        samplers.plane,
    ),
    (
        GeneratorInfo(
            "multigauss",
            "Multi-Gaussian",
            REGRESSION,
            0,
            "Regression on six bumps of alternating sign.",
            default_points=1200,
        ),
        samplers.multigauss,
    ),
    (_gate_info("and", "AND gate"), samplers.gate((0, 0, 0, 1))),
    (_gate_info("or", "OR gate"), samplers.gate((0, 1, 1, 1))),
    (_gate_info("nand", "NAND gate"), samplers.gate((1, 1, 1, 0))),
    (_gate_info("xor_gate", "XOR gate"), samplers.gate((0, 1, 1, 0))),
)

GENERATORS: dict[str, GeneratorInfo] = {info.name: info for info, _ in _TABLE}
_SAMPLERS: dict[str, Sampler] = {info.name: sampler for info, sampler in _TABLE}


def _rng(rng: np.random.Generator | None) -> np.random.Generator:
    """Return `rng`, or a fresh Generator seeded with DEFAULT_SEED."""
    if rng is None:
        return np.random.default_rng(DEFAULT_SEED)
    if not isinstance(rng, np.random.Generator):
        raise DataError(f"rng must be a numpy.random.Generator; got {type(rng).__name__}")
    return rng


def points_problem(n_points: object) -> str:
    """Why n_points is not a number of points to generate ("" when it is): the one range and message the CLI,
    session files, the API and the generators share."""
    whole = isinstance(n_points, Integral) and not isinstance(n_points, bool)
    if not whole or not MIN_POINTS <= int(n_points) <= MAX_POINTS:  # type: ignore[call-overload]
        return f"the number of points must be a whole number from {MIN_POINTS} to {MAX_POINTS:,}; got {brief(n_points)}"
    return ""


def _check_n_points(n_points: object) -> int:
    """Return n_points as an int in [MIN_POINTS, MAX_POINTS], or raise."""
    problem = points_problem(n_points)
    if problem:
        raise DataError(problem)
    return int(n_points)  # type: ignore[call-overload]


def _check_noise(noise: object) -> float:
    """Return noise as a float in [0, MAX_NOISE], or raise."""
    if (
        isinstance(noise, bool)
        or not isinstance(noise, Real)
        or not 0.0 <= float(noise) <= MAX_NOISE  # also rejects NaN
    ):
        raise DataError(
            f"noise must be a fraction from 0 to {MAX_NOISE} (the 0-50 % slider divided by 100); got {noise!r}"
        )
    return float(noise)


def generate(
    name: str,
    n_points: int = 500,
    noise: float = 0.0,
    rng: np.random.Generator | None = None,
) -> Dataset:
    """Draw the built-in data set `name` with `n_points` points and label noise `noise`.

    `noise` is a fraction in [0, 0.5]. Fixed-size sets (the logic gates)
    ignore `n_points` and `noise` but still check them. With `rng` None a
    Generator seeded with 0 is used, so a bare call is reproducible.
    """
    info = GENERATORS.get(name) if isinstance(name, str) else None
    if info is None:
        raise DataError(unknown_name("data set", name, GENERATORS))
    n = _check_n_points(n_points)
    level = _check_noise(noise)
    points, labels = _SAMPLERS[name](n, level, _rng(rng))
    return Dataset(points, labels, info.kind, info.n_classes, info.name)


def nspiral(
    k: int,
    n_points: int = 500,
    noise: float = 0.0,
    rng: np.random.Generator | None = None,
) -> Dataset:
    """Return a k-class spiral (k >= 2 arms, arm j is class j)."""
    if isinstance(k, bool) or not isinstance(k, Integral) or not 2 <= k <= 16:
        raise DataError(f"a spiral needs 2..16 arms; got {k!r}")
    n = _check_n_points(n_points)
    level = _check_noise(noise)
    points, labels = samplers.nspiral(int(k), n, level, _rng(rng))
    return Dataset(points, labels, CLASSIFICATION, int(k), f"spiral{k}")
