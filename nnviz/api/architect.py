"""Architect: ready-made networks, as Synaptic's Architect builds them."""

from __future__ import annotations

import itertools

from nnviz.api.layer import Layer
from nnviz.api.network import Network
from nnviz.errors import ConfigError


class Architect:
    """Builders of common networks: `Architect.Perceptron(2, 3, 1)`."""

    @staticmethod
    def Perceptron(*sizes: int, squash: object = None, rule: str | None = None) -> Network:
        """A layered perceptron from layer sizes (input, any number of hidden layers, output), Synaptic-style."""
        if len(sizes) < 2:
            raise ConfigError(f"a perceptron needs at least an input and an output size, got {list(sizes)}")
        layers = [Layer(n) for n in sizes]
        for a, b in itertools.pairwise(layers):
            a.project(b)
        if squash is not None:
            for layer in layers[1:]:
                layer.set(squash=squash)
        return Network(input=layers[0], hidden=layers[1:-1], output=layers[-1], rule=rule)
