"""Between the scripting API and the engine: hand any Network to a Session, or view a Session's net.

`to_mlp(network)` makes a NEW engine MLP with the same sizes, activations and
weights (`Session.from_mlp(to_mlp(net), dataset=...)` then trains it in the
app). `from_mlp(mlp)` goes back: a copy by default, or with `live=True` a
Network whose neurons view the very same MLP (for instance a running
Session's), so its biases and weights always read the session's values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nnviz.api import squash as sq
from nnviz.engine import MLP
from nnviz.errors import ConfigError

if TYPE_CHECKING:
    from nnviz.api.network import Network


def parts(network: Network) -> tuple[MLP, list[sq.Squash], list[float], list[sq.Squash]]:
    """A new MLP with the network's current weights, its squashes, input biases and input squashes."""
    core = network._layout()
    params = core.engine_params()
    squashes = [s for s in core.squashes[1:] if s is not None]
    mlp = MLP(core.sizes, [s.engine for s in squashes], params=params)
    return mlp, squashes, list(core.in_bias), list(core.in_squash)


def to_mlp(network: Network) -> MLP:
    """A NEW engine MLP (float64) with the network's sizes, activations and current weights."""
    return parts(network)[0]


def from_mlp(mlp: MLP, *, rule: str = "backprop", live: bool = False, learning_rate: float = 0.3,
             momentum: float = 0.1) -> Network:
    """A Network over an engine MLP: a float64 copy, or with live=True views of the same parameters."""
    from nnviz.api.network import Network

    if not isinstance(mlp, MLP):
        raise ConfigError(f"from_mlp needs an nnviz.engine.MLP, got {type(mlp).__name__}")
    if "softmax" in mlp.activations:
        raise ConfigError("the scripting API has no softmax neurons; networks with a softmax output can "
                          "only be trained in a Session")
    squashes = [sq.lookup(a) for a in mlp.activations]
    if live and mlp.dtype != np.float64:
        raise ConfigError("a live view needs a float64 engine network; use live=False for a float32 one")
    target = mlp if live else MLP(mlp.sizes, mlp.activations, np.float64, mlp.params.astype(np.float64))
    return Network._from_parts(target, squashes, rule=rule, learning_rate=learning_rate, momentum=momentum,
                               live=live)
