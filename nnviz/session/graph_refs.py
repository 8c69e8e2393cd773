"""Names of the parts of a drawn network: a neuron, a weight (edge) or a bias, as small frozen values.

The graph view publishes clicks with them, the weight editor edits them, the explain mode
selects them and the commands carry them; one vocabulary from the mouse to the runner.
Layers count as the engine does: 0 is the input layer, L the output layer.
"""

from __future__ import annotations

from nnviz.session.message import Message


class NeuronRef(Message):
    """Neuron `neuron` of layer `layer` (0..L)."""

    layer: int
    neuron: int


class EdgeRef(Message):
    """The weight from neuron `src` of layer `layer` - 1 to neuron `dst` of layer `layer` (1..L)."""

    layer: int
    src: int
    dst: int


class BiasRef(Message):
    """The bias of neuron `neuron` of layer `layer` (1..L)."""

    layer: int
    neuron: int

    def owner(self) -> NeuronRef:
        """The neuron this bias belongs to."""
        return NeuronRef(self.layer, self.neuron)


GraphRef = NeuronRef | EdgeRef | BiasRef  # anything a click on the graph can name
Selection = NeuronRef | EdgeRef | None  # what the explain mode points at (None: nothing)
EditTarget = EdgeRef | BiasRef  # a number the user can type a new value for
