"""The numerical core: numpy only, no Qt, no I/O, no globals."""

from nnviz.engine.activations import ACTIVATIONS
from nnviz.engine.init import INITS, initialize
from nnviz.engine.losses import LOSSES
from nnviz.engine.mlp import MLP, NUMERICS, Grads, Trace
from nnviz.engine.optimizers import OPTIMIZERS, REGULARIZATIONS, Optimizer
from nnviz.engine.training import MinibatchTrainer

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "LOSSES",
    "MLP",
    "NUMERICS",
    "OPTIMIZERS",
    "REGULARIZATIONS",
    "Grads",
    "MinibatchTrainer",
    "Optimizer",
    "Trace",
    "initialize",
]
