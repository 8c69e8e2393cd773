"""One table per loss: a loss added to the engine's table, in one place, reaches everything."""

from __future__ import annotations

from tests.engine.fresh_python import run_fresh

ADD_QUARTIC = """
import numpy as np
from nnviz.engine import losses

def quartic_total(a, y, ops):  # sum of (a - y)^4 / 4
    d = a - y
    d2 = d * d
    return 0.25 * ops.dot(d2, d2)

def quartic_gradient(plan, a, y, delta):  # dL/da = (a - y)^3
    plan.add(np.subtract, a, y, delta)
    plan.add(lambda d: np.multiply(d, d * d, out=d), delta)

def quartic_cost(target, output):
    return sum((t - o) ** 4 for t, o in zip(target, output)) / 4

losses.register(losses.LossSpec(
    "quartic", "quartic error", quartic_total, quartic_gradient, None, ("quart",), "quartic", quartic_cost,
    "¼·Σ (ŷ − y)⁴", "({a} − {y})⁴", "¼·[{terms}]",
    sample=lambda a, y, na, ny: 0.25 * sum((p - t) ** 4 for p, t in zip(a, y))))
"""

CHECKS = """
import math, os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from tests.cli.train_parser import train_parser
from nnviz.cli.config_flags import config_from_args
from nnviz.engine import MLP
from nnviz.session import Config, Session
from nnviz.session.files import session_from_dict, session_to_dict
from nnviz.session.explain.phases import Phase
from nnviz.session.explain.sample import explain_sample
from nnviz.session.explain.text import loss_lines, summary
from nnviz.api import Architect, Trainer

config = config_from_args(train_parser().parse_args(["--loss", "quart", "--hidden", "3"]))
assert config.loss == "quartic", config.loss  # the CLI, with the alias
session = Session(config.replace(points=40))
session.train(3)
assert session.spec.loss == "quartic" and math.isfinite(session.snapshot(20).train_loss)
again = session_from_dict(session_to_dict(session))  # the file format
assert again.config.loss == "quartic" and (again.net.params == session.net.params).all()

rng = np.random.default_rng(1)  # the engine: the value and its derivative against a central difference (fast
# numerics: the reproducible ones round tanh, which the difference would see)
net = MLP([2, 3, 2], "tanh", params=rng.normal(size=17), numerics="fast")
X, Y = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
out = net.predict(X)
assert abs(net.loss(X, Y, "quartic") - 0.25 * ((out - Y) ** 4).sum() / 5) < 1e-12
grads = net.backward(net.forward(X), Y, loss="quartic")
for i in (0, 7, 16):
    up, down = net.params.copy(), net.params.copy()
    up[i] += 1e-6
    down[i] -= 1e-6
    numeric = (MLP([2, 3, 2], "tanh", params=up, numerics="fast").loss(X, Y, "quartic")
               - MLP([2, 3, 2], "tanh", params=down, numerics="fast").loss(X, Y, "quartic")) / 2e-6
    assert abs(grads.flat[i] - numeric) < 1e-6 * max(1.0, abs(numeric)), (i, grads.flat[i], numeric)

ex = explain_sample(session, 0)  # explain
line = next(line for line in loss_lines(ex) if line.startswith("L ="))
assert line.startswith("L = ¼·Σ (ŷ − y)⁴ = ¼·[("), line
assert "quartic error loss" in summary(ex, Phase("loss"))

from PySide6.QtWidgets import QApplication  # the app: the status bar names the loss
from nnviz.ui.window.status_bar import TrainingStatusBar
app = QApplication([])
bar = TrainingStatusBar()
bar.show_frame(session.snapshot(20), None, 0.0)
assert "quartic error" in bar.loss.toolTip(), bar.loss.toolTip()

net = Architect.Perceptron(2, 3, 1)  # the API's Trainer, by its cost name
result = Trainer(net).train([{"input": [0, 1], "output": [1]}, {"input": [1, 1], "output": [0]}],
                            cost="quartic", iterations=5)
assert math.isfinite(result["error"]), result
print("ok", line)
"""


def test_a_loss_added_to_the_table_reaches_the_cli_engine_app_api_explain_and_files():
    assert run_fresh(ADD_QUARTIC, CHECKS).startswith("ok")
