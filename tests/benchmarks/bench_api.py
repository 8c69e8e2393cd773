"""Benchmark the scripting API's per-sample paths against naive references measured in the same run.

A standalone script, not a pytest test:

    .venv/bin/python tests/benchmarks/bench_api.py            # about 30 s
    .venv/bin/python tests/benchmarks/bench_api.py --quick    # fewer rounds
    .venv/bin/python tests/benchmarks/bench_api.py --only 1   # the XOR tutorial only (workloads 1-2)

Workloads
 1. The Synaptic XOR tutorial: 2-3-1 LOGISTIC, 20,000 x 4 `net.activate(x)` +
    `net.propagate(0.3, y)` (target: at most 0.2 s; Synaptic in Node: about 21 ms).
 2. The same 80,000 updates through `Trainer.train` (which also measures the MSE).
 3. The two-neuron tutorial: 20,000 x (A.activate(1), B.activate(), B.propagate(0.3, 0)).
 4. The hand-written tutorial: Network([2, 10, 10, 1]).train(x, y), 20,000 random rows, backprop + momentum.
 5. A wider network per sample (the numpy path): [64, 32, 10], 2,000 train() calls, and the same 2,048
    steps through `Trainer.train` (its data checked once up front, not again per sample).

References, same rule and arithmetic, timed in interleaved rounds with nnviz:
 - "numpy per sample": one np.dot / np.exp / np.outer call per layer and step, the obvious numpy code
   (Synaptic's rule for 1-3, backprop with momentum for 4-5);
 - "python objects": one Python object per neuron and per connection, as Synaptic's uncompiled mode.
Figures are the best (minimum) over rounds, with the median beside them, and the best of the process's
CPU time (less moved than the wall clock when other jobs share the cores); every title gives the load average.
To compare two trees, run this script from each in turn, alternating, and compare ratios.
"""

from __future__ import annotations

import os
import sys

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import nnviz  # noqa: F401  (first: limits BLAS to one thread before numpy loads)

# isort: split

import argparse
import math
import random
import statistics
import time
from collections.abc import Callable

import numpy as np

from nnviz.api import Layer, Network, Neuron, Trainer, seed

XOR = [([0.0, 0.0], [0.0]), ([0.0, 1.0], [1.0]), ([1.0, 0.0], [1.0]), ([1.0, 1.0], [0.0])]
SYNAPTIC_NODE_MS = 21.0  # the figure for Synaptic in Node on the XOR tutorial


# --- references ----------------------------------------------------------------------------------
class NumpyNet:
    """The obvious numpy code: per sample, a dot, an exp and an outer product per layer (Synaptic's rule)."""

    def __init__(self, sizes: list[int], rng: np.random.Generator) -> None:
        self.W = [rng.uniform(-0.1, 0.1, (sizes[k + 1], sizes[k])) for k in range(len(sizes) - 1)]
        self.b = [rng.uniform(-0.1, 0.1, sizes[k + 1]) for k in range(len(sizes) - 1)]
        self.acts: list[np.ndarray] = []

    def activate(self, x: list[float]) -> list[float]:
        a = np.asarray(x, dtype=np.float64)
        self.acts = [a]
        for W, b in zip(self.W, self.b, strict=True):
            a = 1.0 / (1.0 + np.exp(-(W @ a + b)))
            self.acts.append(a)
        return a.tolist()

    def propagate(self, rate: float, target: list[float]) -> None:
        e = np.asarray(target) - self.acts[-1]
        for k in range(len(self.W) - 1, -1, -1):
            self.W[k] += rate * np.outer(e, self.acts[k])
            self.b[k] += rate * e
            if k:
                a = self.acts[k]
                e = a * (1.0 - a) * (self.W[k].T @ e)


class NumpyBackpropNet(NumpyNet):
    """The obvious numpy code for textbook backprop with momentum (deltas first, then the changes)."""

    def __init__(self, sizes: list[int], rng: np.random.Generator, momentum: float = 0.1) -> None:
        super().__init__(sizes, rng)
        self.momentum = momentum
        self.cW = [np.zeros_like(W) for W in self.W]

    def propagate(self, rate: float, target: list[float]) -> None:
        a = self.acts[-1]
        deltas = [(np.asarray(target) - a) * a * (1.0 - a)]
        for k in range(len(self.W) - 1, 0, -1):
            a = self.acts[k]
            deltas.append((self.W[k].T @ deltas[-1]) * a * (1.0 - a))
        deltas.reverse()
        for k, d in enumerate(deltas):
            self.cW[k] = rate * np.outer(d, self.acts[k]) + self.momentum * self.cW[k]
            self.W[k] += self.cW[k]
            self.b[k] += rate * d  # as brain.js: no momentum on biases


class PyNeuron:
    """One object per neuron with a list of input connections, as Synaptic's uncompiled mode."""

    def __init__(self) -> None:
        self.bias = random.uniform(-0.1, 0.1)
        self.inputs: list[PyLink] = []
        self.outputs: list[PyLink] = []
        self.activation = 0.0
        self.responsibility = 0.0

    def activate(self, value: float | None = None) -> float:
        if value is not None:
            self.activation = value
            return value
        s = self.bias
        for link in self.inputs:
            s += link.source.activation * link.weight
        self.activation = 1.0 / (1.0 + math.exp(-s))
        return self.activation

    def propagate(self, rate: float, target: float | None = None) -> None:
        if target is not None:
            e = target - self.activation
        else:
            err = 0.0
            for link in self.outputs:
                err += link.target.responsibility * link.weight
            e = self.activation * (1.0 - self.activation) * err
        self.responsibility = e
        for link in self.inputs:
            link.weight += rate * (e * link.source.activation)
        self.bias += rate * e


class PyLink:
    """One connection object."""

    def __init__(self, source: PyNeuron, target: PyNeuron) -> None:
        self.source, self.target, self.weight = source, target, random.uniform(-0.1, 0.1)
        source.outputs.append(self)
        target.inputs.append(self)


class PyNet:
    """Layers of PyNeurons, activated and propagated neuron by neuron."""

    def __init__(self, sizes: list[int]) -> None:
        self.layers = [[PyNeuron() for _ in range(n)] for n in sizes]
        for a, b in zip(self.layers, self.layers[1:], strict=False):
            for s in a:
                for t in b:
                    PyLink(s, t)

    def activate(self, x: list[float]) -> list[float]:
        for n, v in zip(self.layers[0], x, strict=True):
            n.activate(v)
        for layer in self.layers[1:]:
            for n in layer:
                n.activate()
        return [n.activation for n in self.layers[-1]]

    def propagate(self, rate: float, target: list[float]) -> None:
        for n, t in zip(self.layers[-1], target, strict=True):
            n.propagate(rate, t)
        for layer in reversed(self.layers[1:-1]):
            for n in reversed(layer):
                n.propagate(rate)


# --- workloads -----------------------------------------------------------------------------------
def xor_loop(net: object, rounds: int = 20000) -> Callable[[], None]:
    """The tutorial loop over any object with activate(x) and propagate(rate, y)."""
    act, prop = net.activate, net.propagate  # type: ignore[attr-defined]

    def run() -> None:
        for _ in range(rounds):
            for x, y in XOR:
                act(x)
                prop(0.3, y)
    return run


def nnviz_xor_net() -> Network:
    i, h, o = Layer(2), Layer(3), Layer(1)
    i.project(h)
    h.project(o)
    return Network(input=i, hidden=[h], output=o)


def trainer_run() -> Callable[[], None]:
    net = nnviz_xor_net()
    data = [{"input": x, "output": y} for x, y in XOR]
    return lambda: Trainer(net).train(data, rate=0.3, iterations=20000, error=0.0, shuffle=False)


def two_neurons() -> Callable[[], None]:
    A, B = Neuron(), Neuron()
    A.project(B)

    def run() -> None:
        for _ in range(20000):
            A.activate(1)
            B.activate()
            B.propagate(0.3, 0)
    return run


def two_py_neurons() -> Callable[[], None]:
    A, B = PyNeuron(), PyNeuron()
    PyLink(A, B)

    def run() -> None:
        for _ in range(20000):
            A.activate(1)
            B.activate()
            B.propagate(0.3, 0)
    return run


def sized_train(sizes: list[int], steps: int) -> Callable[[], None]:
    net = Network(sizes, activation="sigmoid", learning_rate=0.3, momentum=0.1)
    rows = random.Random(0)
    samples = [([rows.random() for _ in range(sizes[0])], [rows.random() for _ in range(sizes[-1])])
               for _ in range(64)]

    def run() -> None:
        for k in range(steps):
            x, y = samples[k % 64]
            net.train(x, y)
    return run


def sized_trainer(sizes: list[int], iterations: int) -> Callable[[], None]:
    net = Network(sizes, activation="sigmoid", learning_rate=0.3, momentum=0.1)
    rows = random.Random(0)
    data = [{"input": [rows.random() for _ in range(sizes[0])], "output": [rows.random() for _ in range(sizes[-1])]}
            for _ in range(64)]
    return lambda: Trainer(net).train(data, rate=0.3, iterations=iterations, error=0.0, shuffle=False)


def numpy_sized(sizes: list[int], steps: int) -> Callable[[], None]:
    net = NumpyBackpropNet(sizes, np.random.default_rng(0))
    rows = random.Random(0)
    samples = [([rows.random() for _ in range(sizes[0])], [rows.random() for _ in range(sizes[-1])])
               for _ in range(64)]

    def run() -> None:
        for k in range(steps):
            x, y = samples[k % 64]
            net.activate(x)
            net.propagate(0.3, y)
    return run


def measure(cases: dict[str, Callable[[], None]], rounds: int) -> dict[str, tuple[float, float, float]]:
    """Interleaved rounds; (best, median, best CPU) seconds per case."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, fn in cases.items():
            t, c = time.perf_counter(), time.process_time()
            fn()
            times[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    return {name: (min(ts), statistics.median(ts), min(cpu[name])) for name, ts in times.items()}


def report(title: str, results: dict[str, tuple[float, float, float]], reference: str) -> None:
    print(f"\n{title} (load {os.getloadavg()[0]:.2f})")
    ref = results[reference][0]
    for name, (best, median, cpu) in results.items():
        if name == reference:
            ratio = ""
        elif best <= ref:
            ratio = f"  {ref / best:6.1f}x faster than {reference}"
        else:
            ratio = f"  {best / ref:6.1f}x slower than {reference}"
        print(f"  {name:<34} best {best * 1000:8.1f} ms   median {median * 1000:8.1f} ms   "
              f"cpu {cpu * 1000:8.1f} ms{ratio}")


def main() -> None:
    """Run every workload and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--only", default="1,3,4,5", help="workloads to run, e.g. 1 (the XOR tutorial) or 1,3")
    args = parser.parse_args()
    rounds = 3 if args.quick else 7
    only = {part.strip() for part in args.only.split(",")}
    seed(1)
    random.seed(1)
    if "1" in only:
        xor_tutorial(rounds)
    if "3" in only:
        two = measure({"nnviz Neuron objects": two_neurons(), "python objects per neuron": two_py_neurons()},
                      rounds)
        report("3. Two neurons learn 1 -> 0, 20,000 x 3 neuron calls", two, "python objects per neuron")
    if "4" in only:
        sized = measure({"nnviz Network.train": sized_train([2, 10, 10, 1], 20000),
                         "numpy per sample": numpy_sized([2, 10, 10, 1], 20000)}, rounds)
        report("4. Network([2, 10, 10, 1]).train, 20,000 rows (backprop + momentum)", sized, "numpy per sample")
    if "5" in only:
        wide = measure({"nnviz Network.train (numpy path)": sized_train([64, 32, 10], 2000),
                        "nnviz Trainer.train, 32 x 64 rows": sized_trainer([64, 32, 10], 32),
                        "numpy per sample": numpy_sized([64, 32, 10], 2000)}, rounds)
        report("5. Network([64, 32, 10]).train, 2,000 rows", wide, "numpy per sample")


def xor_tutorial(rounds: int) -> None:
    """Workloads 1-2 and the verdict on the 0.2 s target."""
    xor = measure({
        "nnviz Network.activate/propagate": xor_loop(nnviz_xor_net()),
        "nnviz Trainer.train": trainer_run(),
        "python objects per neuron": xor_loop(PyNet([2, 3, 1])),
        "numpy per sample": xor_loop(NumpyNet([2, 3, 1], np.random.default_rng(1))),
    }, rounds)
    report("1-2. Synaptic XOR tutorial, 2-3-1, 80,000 activate+propagate", xor, "numpy per sample")
    best, _, cpu = xor["nnviz Network.activate/propagate"]
    verdict = "meets" if best <= 0.2 else "MISSES"
    print(f"  -> the tutorial loop takes {best:.3f} s ({cpu:.3f} s of CPU): {verdict} the 0.2 s target "
          f"({best * 1000 / SYNAPTIC_NODE_MS:.1f}x Synaptic's {SYNAPTIC_NODE_MS:.0f} ms in Node, from the issue)")


if __name__ == "__main__":
    main()
