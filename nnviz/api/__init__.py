"""The scripting API in the tutorials' vocabulary: Neuron, Layer, Network, Trainer, Architect.

Every neuron and connection object is a live view into the network's storage
(an engine MLP); see docs/scripting.md.
"""

from nnviz.api.architect import Architect
from nnviz.api.bridge import from_mlp, to_mlp
from nnviz.api.layer import Layer
from nnviz.api.network import Network
from nnviz.api.neuron import Connection, Neuron
from nnviz.api.randomness import seed
from nnviz.api.squash import Squash
from nnviz.api.trainer import Trainer

__all__ = [
    "Architect",
    "Connection",
    "Layer",
    "Network",
    "Neuron",
    "Squash",
    "Trainer",
    "from_mlp",
    "seed",
    "to_mlp",
]
