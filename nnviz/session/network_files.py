"""Open a network file (nnviz, Synaptic or brain.js JSON) as a session, so a scripted network opens in the app.

A network file holds weights but no data, so the session gets the data set a
user of that network most likely means (`data_set_for`): the XOR truth table
for the tutorials' 2-input, 1-output networks, Playground's circle for other
binary networks, quadrants for four classes, and so on. The weights are the
file's; training then uses the session's optimizer (mini-batch SGD by default),
not the rule the network was scripted with.
"""

from __future__ import annotations

from typing import Any

from nnviz.errors import ModelFormatError, NnvizError, SessionFileError
from nnviz.session.session import Session

NETWORK_KEYS = ("neurons", "connections", "sizes", "layers")  # Synaptic's and brain.js's top-level keys


def looks_like_network(doc: Any) -> bool:
    """Whether a JSON document is a network file rather than a session file."""
    if not isinstance(doc, dict):
        return False
    return str(doc.get("format", "")).startswith("nnviz.network") or any(key in doc for key in NETWORK_KEYS)


def data_set_for(n_inputs: int, n_outputs: int, regression: bool) -> str:
    """The built-in data set a network of this shape is most likely meant for."""
    if regression:
        return "plane"
    if n_outputs == 1:
        return "xor_gate" if n_inputs == 2 else "circle"
    by_classes = {2: "circle", 3: "spiral3", 4: "quadrants"}  # 2 outputs: one per class, as brain.js nets often do
    if n_outputs not in by_classes:
        raise SessionFileError(
            f"a network with {n_outputs} outputs fits none of the built-in data sets (1 output for two classes "
            "or regression, 2 to 4 for one output per class); use Session.from_network with a CSV data set"
        )
    return by_classes[n_outputs]


def session_from_network_doc(doc: dict[str, Any], name: str = "") -> Session:
    """A session that shows and trains the network a JSON document describes."""
    from nnviz.api import Network  # lazy: the scripting API is only needed for network files

    try:
        net = Network.from_json(doc)
    except ModelFormatError as exc:
        raise SessionFileError(f"not a network nnviz can open: {exc}") from None
    mlp = net.to_mlp()
    sizes = mlp.sizes
    regression = sizes[-1] == 1 and mlp.activations[-1] == "linear"
    settings: dict[str, Any] = {"dataset": data_set_for(sizes[0], sizes[-1], regression), "name": name}
    if regression:
        settings["problem"] = "regression"
    elif sizes[-1] > 1:
        settings["problem"] = "multiclass"
    try:
        return Session.from_mlp(mlp, **settings)
    except NnvizError as exc:
        raise SessionFileError(f"the network cannot be shown: {exc}") from None
