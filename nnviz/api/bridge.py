"""Between the scripting API and the engine: hand any Network to a Session, or view a Session's net.

`to_mlp(network)` makes a NEW engine MLP with the same sizes, activations and
weights (`Session.from_mlp(to_mlp(net), dataset=...)` then trains it in the
app). `from_mlp(mlp)` goes back: a copy by default, or with `live=True` a
Network whose neurons view the very same MLP (for instance a running
Session's), so its biases and weights always read the session's values.
"""

from __future__ import annotations

from nnviz.api.network import Network
from nnviz.engine import MLP


def to_mlp(network: Network) -> MLP:
    """A NEW engine MLP (float64) with the network's sizes, activations and current weights."""
    return network.to_mlp()


def from_mlp(mlp: MLP, *, rule: str = "backprop", live: bool = False, learning_rate: float = 0.3,
             momentum: float = 0.1) -> Network:
    """A Network over an engine MLP: a float64 copy, or with live=True views of the same parameters."""
    return Network.from_mlp(mlp, rule=rule, live=live, learning_rate=learning_rate, momentum=momentum)
