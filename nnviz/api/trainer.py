"""Trainer: Synaptic's training loop over a set of samples, with its costs, schedules and built-in tasks.

One iteration runs every sample once (activate, then propagate with the
network's rule) and measures the mean cost; training stops after `iterations`
or when the error falls to `error`. As in Synaptic, `error` starts at 1 and
the cost is measured on each sample's output before its update.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from math import floor, isfinite
from typing import Any

import numpy as np

from nnviz.api import randomness, tasks
from nnviz.api.network import Network
from nnviz.api.neuron_storage import check_rate, finite
from nnviz.engine import activations as act
from nnviz.engine import losses
from nnviz.errors import ConfigError, DataError, DivergenceError, unknown_name

logger = logging.getLogger(__name__)

Cost = Callable[[Sequence[float], Sequence[float]], float]


def binary(target: Sequence[float], output: Sequence[float]) -> float:
    """Synaptic's BINARY: how many outputs round (to halves, as JavaScript does) differently from targets."""
    return float(sum(floor(t * 2 + 0.5) != floor(o * 2 + 0.5) for t, o in zip(target, output, strict=True)))


# the costs of the engine's loss table that have a Synaptic name, and Synaptic's BINARY (a count, not a loss)
COSTS: dict[str, Cost] = {**{s.api_name: s.api_cost for s in losses.SPECS.values() if s.api_name and s.api_cost},
                          "binary": binary}


def _cost(cost: str | Cost, net: Network) -> Cost:
    if callable(cost):
        return cost
    key = str(cost).strip().lower().replace("-", "_")
    if key not in COSTS:
        raise ConfigError(unknown_name("cost", cost, COSTS) + " or pass a function")
    spec = next((s for s in losses.SPECS.values() if s.api_name == key), None)
    if spec is not None and spec.paired is not None:  # a cost of outputs in (0, 1), as its activation gives
        low, high = act.SPECS[spec.paired].output_range
        squash = net.squashes[-1].name
        if not any(a.api_name == squash and low <= a.output_range[0] <= a.output_range[1] <= high
                   for a in act.SPECS.values()):
            raise ConfigError(f"the {key} cost needs outputs in ({low:g}, {high:g}): a "
                              f"{act.SPECS[spec.paired].api_name} output layer; use cost='mse' for other outputs")
    return COSTS[key]


def _rate(value: Any, what: str) -> float:
    """A rate in [0, MAX_LEARNING_RATE] (what the CLI takes, and 0), or ConfigError."""
    return check_rate(value, what)


def _rate_at(rate: Any, iterations: int) -> Callable[[int, float], float]:
    """rate(iteration, last error): a constant, Synaptic's list of rates in equal buckets, or a function."""
    if callable(rate):
        return lambda it, err: _rate(rate(it, err), "the rate function's result")
    if isinstance(rate, list | tuple):
        if not rate:
            raise ConfigError("a list of rates must not be empty")
        rates = [_rate(r, "each rate of the list") for r in rate]
        bucket = max(1, iterations // len(rates))
        return lambda it, err: rates[min(it // bucket, len(rates) - 1)]
    value = _rate(rate, "the rate")
    return lambda it, err: value


def _count(value: Any, what: str) -> int:
    """A whole number >= 0, or ConfigError."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ConfigError(f"{what} must be a whole number >= 0, got {value!r}")
    return int(value)


def _schedule(schedule: Any) -> tuple[int, Callable[[dict[str, Any]], Any] | None]:
    """(every, callback) from schedule=(every, callback), or (0, None)."""
    if schedule is None:
        return 0, None
    if not isinstance(schedule, tuple | list) or len(schedule) != 2 or not callable(schedule[1]):
        raise ConfigError(f"schedule must be (every, callback), e.g. (100, print), got {schedule!r}")
    return _count(schedule[0], "the schedule's every"), schedule[1]


class Trainer:
    """Train a Network on samples: `train`, `test`, and the built-in tasks `xor` and `quadrants`."""

    def __init__(self, network: Network, *, rate: Any = 0.2, iterations: int = 20000, error: float = 0.005,
                 cost: str | Cost = "mse", shuffle: bool = True) -> None:
        if not isinstance(network, Network):
            raise ConfigError(f"a Trainer trains a Network, got {type(network).__name__}")
        _rate_at(rate, 1)  # check the defaults now; train() applies them
        _count(iterations, "iterations")
        finite(error, "the error threshold")
        _cost(cost, network)
        self.network = network
        self.rate, self.iterations, self.error, self.cost, self.shuffle = rate, iterations, error, cost, shuffle

    def train(self, training_set: Any, targets: Any = None, *, rate: Any = None, iterations: int | None = None,
              error: float | None = None, shuffle: bool | None = None, cost: str | Cost | None = None,
              log: int = 0, schedule: tuple[int, Callable[[dict[str, Any]], Any]] | None = None,
              rate_schedule: Any = None) -> dict[str, Any]:
        """Train until `iterations` or the `error` threshold; returns {"error", "iterations", "time" (seconds)}."""
        net = self.network
        data = tasks.samples(training_set, targets, net.inputs(), net.outputs())
        if not data:
            raise DataError("the training set is empty")
        limit = _count(self.iterations if iterations is None else iterations, "iterations")
        threshold = finite(self.error if error is None else error, "the error threshold")
        rate_of = _rate_at(rate_schedule if rate_schedule is not None else self.rate if rate is None else rate, limit)
        cost_of = _cost(self.cost if cost is None else cost, net)
        mix = self.shuffle if shuffle is None else shuffle
        every, callback = _schedule(schedule)
        log = _count(log, "log")
        start = time.perf_counter()
        err, it, n = 1.0, 0, len(data)
        act, prop, synaptic = self._functions()
        core = net._core
        assert core.store is not None
        saved = core.engine_params(), core.store.changes()  # put back if training diverges
        mom = net.momentum
        while it < limit and err > threshold:
            it += 1
            r = rate_of(it, err)
            r_used = (r or 0.1) if synaptic else r
            total = 0.0
            for x, t in data:
                try:
                    out = act(x)
                except OverflowError:
                    out = net.activate(x)
                if synaptic:
                    prop(r_used, t)
                else:
                    prop(r_used, mom, t)
                total += cost_of(t, out)
            err = total / n
            net.steps += n
            if not isfinite(err):
                break
            if callback is not None and every and it % every == 0:
                if callback({"error": err, "iterations": it, "rate": r}):
                    break
            elif log and it % log == 0:
                logger.info("iterations %d error %.6g rate %g", it, err, r)
            if mix:
                randomness.shuffle(data)
            if net._prepared_at != net._core.invalidations:  # something outside changed the network: re-prepare
                act, prop, synaptic = self._functions()
                mom = net.momentum
        if not isfinite(err) or not np.isfinite(net._core.engine_params()).all():
            self._roll_back(*saved)
            what = f"the error became {err:g}" if not isfinite(err) else "the weights stopped being finite"
            raise DivergenceError(f"training diverged at iteration {it} ({what}); the weights are back as they "
                                  "were before this train() call: try a smaller rate")
        return {"error": err, "iterations": it, "time": time.perf_counter() - start}

    def _roll_back(self, params: np.ndarray, changes: np.ndarray) -> None:
        """Put back the weights and momentum changes a train() call started from."""
        net = self.network
        core = net._layout()
        if core.store is None or core.store.mlp.n_params != len(params):  # a callback changed the layout
            return
        core.store.load(params, changes)
        core.bump()
        core.finish()

    def _functions(self) -> tuple[Callable[[list[float]], list[float]], Any, bool]:
        """The fastest activate, propagate and whether it takes (rate, t) (Synaptic) or (lr, mom, t)."""
        net = self.network
        if net._layout().live:  # a shared engine network: every step must hand the record back
            if net.rule == "synaptic":
                return net.activate, net.propagate, True
            return net.activate, lambda lr, mom, t: net.propagate(lr, t), False
        kernel = net._prepare().kernel  # the samples were checked up front (tasks.samples): no check per sample
        assert kernel is not None
        synaptic = net.rule == "synaptic"
        return (*kernel.for_checked_data(synaptic), synaptic)

    def test(self, test_set: Any, targets: Any = None, *, cost: str | Cost | None = None) -> dict[str, Any]:
        """The mean cost over a set, without learning: {"error", "time" (seconds)}."""
        net = self.network
        data = tasks.samples(test_set, targets, net.inputs(), net.outputs())
        if not data:
            raise DataError("the test set is empty")
        cost_of = _cost(self.cost if cost is None else cost, net)
        start = time.perf_counter()
        total = sum(cost_of(t, net.activate(x)) for x, t in data)
        return {"error": total / len(data), "time": time.perf_counter() - start}

    def xor(self, **options: Any) -> dict[str, Any]:
        """Train on the XOR truth table (Synaptic's defaults: up to 100,000 iterations, shuffled, MSE)."""
        self._needs(2, 1, "xor")
        settings = {"iterations": 100000, "shuffle": True, "cost": "mse", **options}
        return self.train(tasks.xor_set(), **settings)

    def quadrants(self, n_points: int = 100, **options: Any) -> dict[str, Any]:
        """Train on random points labelled by quadrant (4 one-hot outputs); adds "accuracy" to the result."""
        self._needs(2, 4, "quadrants")
        data = tasks.quadrants_set(n_points)
        settings = {"iterations": 500, "shuffle": True, "cost": "mse", **options}
        result = self.train(data, **settings)
        hits = 0
        for sample in data:
            out = self.network.activate(sample["input"])
            hits += out.index(max(out)) == sample["output"].index(1.0)
        result["accuracy"] = hits / len(data)
        return result

    def _needs(self, n_in: int, n_out: int, task: str) -> None:
        net = self.network
        if net.inputs() != n_in or net.outputs() != n_out:
            raise ConfigError(f"the {task} task needs a network with {n_in} inputs and {n_out} output(s); "
                              f"this one has {net.inputs()} and {net.outputs()}")
