"""A name that is not in a table (activation, loss, optimizer, data set, ...) is quoted briefly, on one line.

The command line once echoed a 5,000-character value back whole: the message quotes an excerpt and lists the
valid names instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from nnviz import data as nd
from nnviz.engine import activations, losses
from nnviz.engine.init import INITS, initialize
from nnviz.engine.mlp import MLP, NUMERICS
from nnviz.engine.optimizers import COEFFICIENTS, OPTIMIZERS, REGULARIZATIONS, Optimizer
from nnviz.errors import NnvizError
from nnviz.session import Config

HUGE = "relu\n" + "x" * 5_000  # long, and with a line break that must not reach the message


def _net() -> MLP:
    return MLP((2, 1), ("sigmoid",))


LOOKUPS: dict[str, tuple[Callable[[str], Any], tuple[str, ...]]] = {
    "activation": (activations.canonical, tuple(activations.ACTIVATIONS)),
    "loss": (losses.canonical, tuple(losses.LOSSES)),
    "optimizer": (lambda v: Optimizer(kind=v), tuple(OPTIMIZERS)),
    "regularization": (lambda v: Optimizer(regularization=v), tuple(REGULARIZATIONS)),
    "optimizer coefficient": (lambda v: Optimizer().set_coefficients(**{v: 0.5}), tuple(COEFFICIENTS)),
    "initialization": (lambda v: initialize(_net(), np.random.default_rng(0), method=v), tuple(INITS)),
    "numerics": (lambda v: MLP((2, 1), ("sigmoid",), numerics=v), tuple(NUMERICS)),
    "data set": (lambda v: nd.generate(v, 10, 0.0), tuple(nd.GENERATORS)),
    "shipped data set": (nd.shipped_file, tuple(nd.SHIPPED)),
    "dataset": (lambda v: Config(dataset=v), tuple(nd.GENERATORS)),
    "config optimizer": (lambda v: Config(optimizer=v), tuple(OPTIMIZERS)),
}


@pytest.mark.parametrize("what", LOOKUPS)
def test_an_unknown_name_is_quoted_briefly_on_one_line_with_the_valid_names(what: str) -> None:
    lookup, valid = LOOKUPS[what]
    with pytest.raises(NnvizError) as raised:
        lookup(HUGE)
    message = str(raised.value)
    assert "\n" not in message and "xxxxxxxxxx" in message  # an excerpt of what was given, escaped to one line
    assert len(message) < 120 + len(", ".join(valid) + ", csv"), message  # not the 5,000 characters
    assert all(name in message for name in valid), message
