"""One table per activation: an activation added to the engine's table, in one place, reaches everything."""

from __future__ import annotations

from tests.engine.fresh_python import run_fresh

ADD_SOFTSIGN = """
import numpy as np
from nnviz.engine import activations as act

def softsign(z, out):
    np.divide(z, 1.0 + np.abs(z), out=out)

def softsign_slope(a, out):  # f'(z) = 1 / (1 + |z|)^2 = (1 - |a|)^2
    np.abs(a, out=out)
    np.subtract(1.0, out, out=out)
    np.multiply(out, out, out=out)

act.register(act.ActivationSpec(
    "softsign", "Softsign", softsign, softsign_slope, (-1.0, 1.0), "SOFTSIGN", ("soft-sign",),
    "({s} / (1.0 + abs({s})))", "((1.0 - abs({a})) * (1.0 - abs({a})))",
    "a = z / (1 + |z|) = {z} / (1 + |{z}|) = {a}", "(1 − |a|)²", "(1 − |{pa}|)²"))
"""

CHECKS = """
from tests.cli.train_parser import train_parser
from nnviz.cli.config_flags import config_from_args
from nnviz.session import Config, Session
from nnviz.session.files import session_from_dict, session_to_dict
from nnviz.session.explain.sample import explain_sample
from nnviz.session.explain.text import activation_line, slope_line
from nnviz.ui.controls.common import ACTIVATION_TITLES
from nnviz.api import Architect, Neuron

config = config_from_args(train_parser().parse_args(["--activation", "soft-sign", "--hidden", "3"]))
assert config.activation == "softsign", config.activation  # the CLI, with the alias
session = Session(config.replace(points=40))
session.train(3)
again = session_from_dict(session_to_dict(session))  # the file format
assert again.config.activation == "softsign" and (again.net.params == session.net.params).all()
assert ACTIVATION_TITLES["softsign"] == "Softsign"  # the app's menu
ex = explain_sample(session, 0)  # explain
assert activation_line(ex, 1, 0).startswith("a = z / (1 + |z|) = "), activation_line(ex, 1, 0)
z, a = float(ex.z[1][0]), float(ex.a[1][0])
assert abs(slope_line(ex, 1, 0)[2] - 1.0 / (1.0 + abs(z)) ** 2) < 1e-12
net = Architect.Perceptron(2, 3, 1, squash=Neuron.squash.SOFTSIGN)  # the API, by its Synaptic-style name
for layer in net.layers[1:]:
    for n in layer.neurons:
        n.bias = 0.25
out = net.activate([0.5, -1.0])[0]
softsign_ = lambda s: s / (1.0 + abs(s))
hidden = [softsign_(0.25 + sum(c.weight * x for c, x in zip(n.inputs(), [0.5, -1.0]))) for n in net.layers[1].neurons]
expected = softsign_(0.25 + sum(c.weight * h for c, h in zip(net.layers[2].neurons[0].inputs(), hidden)))
assert abs(out - expected) < 1e-12, (out, expected)
print("ok", out, activation_line(ex, 1, 0))
"""


def test_an_activation_added_to_the_table_reaches_the_cli_menus_api_explain_and_files():
    assert run_fresh(ADD_SOFTSIGN, CHECKS).startswith("ok")
