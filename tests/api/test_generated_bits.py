"""Generated straight-line code (its tanh and exp inlined) gives the bits of plain loops.

The backprop reference computes tanh and exp with the rounding on bit patterns the scalar path used before
(tests/engine/struct_rounding.py); the Synaptic rule is compared with the neuron-by-neuron path.
"""

from __future__ import annotations

import struct

import numpy as np
import pytest

from nnviz.api import Network
from nnviz.api.squash import Squash, lookup
from tests.engine.struct_rounding import reference_scalar

SQUASHES = ["sigmoid", "tanh", "identity", "relu", "leaky_relu", "hlim"]


def _bits(values: list[float]) -> bytes:
    return struct.pack(f"<{len(values)}d", *values)


def _samples(n_in: int, n_out: int, steps: int) -> list[tuple[list[float], list[float]]]:
    rng = np.random.default_rng(5)
    rows = []
    for k in range(steps):
        x = rng.uniform(-3, 3, n_in).tolist() if k % 5 else [0.0, -0.0, 700.0][:n_in]  # zeros and saturation
        rows.append((x, rng.uniform(0, 1, n_out).tolist()))
    return rows


class PlainBackprop:
    """Textbook backprop with momentum as loops over one flat parameter list, in the documented order."""

    def __init__(self, sizes: list[int], squash: Squash, params: list[float]) -> None:
        self.sizes, self.squash, self.p, self.c = sizes, squash, params, [0.0] * len(params)
        names = {"exp": reference_scalar("exp"), "tanh": reference_scalar("tanh")}
        self.function = eval(f"lambda s: {squash.code.format(s='s')}", names)  # the engine table's text
        self.rows = []  # param index of each weight layer's first row
        at = 0
        for k in range(len(sizes) - 1):
            self.rows.append(at)
            at += sizes[k + 1] * (sizes[k] + 1)
        self.a: list[list[float]] = []

    def row(self, k: int, j: int) -> int:
        return self.rows[k] + j * (self.sizes[k] + 1)

    def activate(self, x: list[float]) -> list[float]:
        self.a = [list(x)]
        for k in range(len(self.sizes) - 1):
            out = []
            for j in range(self.sizes[k + 1]):
                r = self.row(k, j)
                s = self.p[r + self.sizes[k]]
                for i, a in enumerate(self.a[k]):
                    s = s + a * self.p[r + i]
                out.append(self.function(s))
            self.a.append(out)
        return self.a[-1]

    def propagate(self, lr: float, mom: float, t: list[float]) -> None:
        f = self.squash.derivative_of_output
        e = [[(tj - a) * f(a) for tj, a in zip(t, self.a[-1], strict=True)]]
        for k in range(len(self.sizes) - 2, 0, -1):  # hidden layers, from the old weights
            layer = []
            for j in range(self.sizes[k]):
                err = e[0][0] * self.p[self.row(k, 0) + j]
                for o in range(1, self.sizes[k + 1]):
                    err = err + e[0][o] * self.p[self.row(k, o) + j]
                layer.append(err * f(self.a[k][j]))
            e.insert(0, layer)
        for k in range(len(self.sizes) - 1):
            for j, ej in enumerate(e[k]):
                r, g = self.row(k, j), lr * ej
                for i, a in enumerate(self.a[k]):
                    self.c[r + i] = g * a + mom * self.c[r + i]
                    self.p[r + i] += self.c[r + i]
                self.p[r + self.sizes[k]] += g


@pytest.mark.parametrize("activation", SQUASHES)
def test_generated_backprop_gives_the_bits_of_plain_loops(activation: str) -> None:
    sizes = [3, 4, 3, 2]
    net = Network(sizes, activation=activation, rule="backprop", init_range=2.0, momentum=0.5,
                  learning_rate=0.05)
    plain = PlainBackprop(sizes, lookup(activation), net._core.engine_params().tolist())
    for x, t in _samples(3, 2, 60):
        assert _bits(net.activate(x)) == _bits(plain.activate(x))
        net.propagate(0.05, t)
        plain.propagate(0.05, 0.5, t)
    assert type(net._core.kernel).__name__ == "ScalarKernel"
    assert _bits(net._core.engine_params().tolist()) == _bits(plain.p)


@pytest.mark.parametrize("activation", SQUASHES)
def test_generated_synaptic_rule_gives_the_bits_of_neuron_by_neuron_steps(activation: str) -> None:
    net = Network([2, 4, 3, 1], activation=activation, rule="synaptic", init_range=2.0)
    by_neuron = net.clone()
    i, h1, h2, o = by_neuron.layers
    for x, t in _samples(2, 1, 60):
        out = net.activate(x)
        net.propagate(0.3, t)
        i.activate(x)
        h1.activate()
        h2.activate()
        assert _bits(out) == _bits(o.activate())
        o.propagate(0.3, t)
        h2.propagate(0.3)
        h1.propagate(0.3)
    assert _bits(net._core.engine_params().tolist()) == _bits(by_neuron._core.engine_params().tolist())


def test_every_call_of_an_expression_is_inlined_with_the_same_bits() -> None:
    """An activation added to the engine's table may call tanh and exp several times, nested or not."""
    from nnviz.api.squash import INLINE_NAMES, squash_lines

    expression = "exp(s) / (1.0 + exp(-s)) + tanh(0.5 * tanh(s))"
    lines = squash_lines(expression, "a")
    assert sum("libm_" in line for line in lines) == 4 and not any("exp(s) /" in line for line in lines)
    env: dict[str, object] = dict(INLINE_NAMES)
    body = "\n".join("    " + line for line in lines)
    exec(compile(f"def f(s):\n{body}\n    return a\n", "<test>", "exec"), env)  # our own text
    names = {"exp": reference_scalar("exp"), "tanh": reference_scalar("tanh")}
    reference = eval(f"lambda s: {expression}", names)
    for s in [*np.random.default_rng(9).normal(scale=3.0, size=3_000).tolist(), 0.0, -0.0, 750.0, -750.0]:
        assert _bits([env["f"](s)]) == _bits([reference(s)]), s  # type: ignore[operator]


ADD_GUARDED = """
import numpy as np
from nnviz.engine import activations as act

def recip_tanh(z, out):  # tanh(1 / z), 0 at z = 0
    with np.errstate(divide="ignore"):
        np.tanh(np.divide(1.0, z, out=np.zeros_like(z), where=z != 0.0), out=out)

act.register(act.ActivationSpec("recip_tanh", "Tanh of 1/z", recip_tanh, None, (-1.0, 1.0), "RECIP_TANH",
                                code="(tanh(1.0 / {s}) if {s} != 0.0 else 0.0)"))
"""

CHECK_GUARDED = """
import struct
from nnviz.api import Network, Neuron

squash = Neuron.squash.RECIP_TANH
assert squash(0.0) == 0.0  # the guard holds: 1.0 / s is not evaluated at s = 0
for s in (0.5, -3.0, 1e-300):
    assert struct.pack("<d", squash(s)) == struct.pack("<d", Neuron.squash.TANH(1.0 / s)), s  # the same rounding
net = Network([2, 2, 1], activation="recip_tanh")
for layer in net.layers[1:]:
    for n in layer.neurons:
        n.bias = 0.0
out = net.activate([0.0, 0.0])  # every state is 0
assert type(net._core.kernel).__name__ == "ScalarKernel"  # the generated code ran
print("ok", out, net.activate([0.5, -0.25]))
"""


def test_calls_in_a_branch_stay_guarded_by_their_condition() -> None:
    """An activation `tanh(1/s) if s != 0 else 0` must not divide by s = 0 in a neuron nor in generated code."""
    from tests.engine.fresh_python import run_fresh

    assert run_fresh(ADD_GUARDED, CHECK_GUARDED).startswith("ok [0.0]")
