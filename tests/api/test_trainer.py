"""Trainer: Synaptic's loop, costs, thresholds, schedules, data forms and clear errors."""

from __future__ import annotations

import logging
from math import log

import numpy as np
import pytest

from nnviz.api import Architect, Network, Trainer
from nnviz.api.trainer import binary
from nnviz.engine.losses import synaptic_cross_entropy as cross_entropy
from nnviz.engine.losses import synaptic_mse as mse
from nnviz.errors import ConfigError, DataError, DivergenceError

XOR = [{"input": [0, 0], "output": [0]}, {"input": [0, 1], "output": [1]},
       {"input": [1, 0], "output": [1]}, {"input": [1, 1], "output": [0]}]


def test_cost_functions_by_hand() -> None:
    assert mse([1.0, 0.0], [0.5, 0.25]) == pytest.approx((0.25 + 0.0625) / 2)
    assert cross_entropy([1.0, 0.0], [0.8, 0.1]) == pytest.approx(-(log(0.8 + 1e-15) + log(1 + 1e-15 - 0.1)))
    assert binary([1.0, 0.0, 1.0], [0.8, 0.3, 0.2]) == 2.0  # round(1.6) = 2, round(0.6) = 1 != 0, round(0.4) = 0
    assert binary([0.5], [0.25]) == 0.0  # JavaScript rounds halves up: round(0.5) = 1 = round(1.0)


def test_train_returns_error_iterations_and_time_and_stops_at_the_limit() -> None:
    net = Architect.Perceptron(2, 3, 1)
    result = Trainer(net).train(XOR, iterations=7, error=0.0)
    assert result["iterations"] == 7 and set(result) == {"error", "iterations", "time"}
    assert net.steps == 28
    # the reported error is the mean cost over the last iteration, measured before each sample's update
    assert 0.0 < result["error"] < 1.0


def test_error_is_measured_before_each_update() -> None:
    net = Network([1, 1], activation="identity", rule="synaptic")
    out = net.layers[1].neurons[0]
    out.bias, out.inputs()[0].weight = 0.0, 0.0
    result = Trainer(net).train([{"input": [1.0], "output": [1.0]}], rate=0.25, iterations=1, shuffle=False)
    assert result["error"] == 1.0  # (1 - 0)^2 before the update
    assert out.bias == 0.25 and out.inputs()[0].weight == 0.25


def test_train_stops_at_the_error_threshold() -> None:
    net = Architect.Perceptron(2, 4, 1)
    result = Trainer(net).train(XOR, error=0.05, iterations=50000)
    assert result["error"] <= 0.05
    assert 1 < result["iterations"] < 50000
    assert Trainer(net).test(XOR)["error"] <= 0.06


def test_schedule_callback_sees_progress_and_can_stop() -> None:
    seen = []

    def every_ten(info: dict) -> bool:
        seen.append(dict(info))
        return info["iterations"] >= 30

    result = Trainer(Architect.Perceptron(2, 3, 1)).train(XOR, error=0.0, iterations=1000, schedule=(10, every_ten))
    assert result["iterations"] == 30
    assert [s["iterations"] for s in seen] == [10, 20, 30]
    assert all(s["rate"] == 0.2 for s in seen)


def test_a_callback_that_changes_the_network_is_seen_at_once() -> None:
    net = Architect.Perceptron(2, 2, 1)

    def change(info: dict) -> None:
        if info["iterations"] == 1:
            net.layers[2].neurons[0].bias = 100.0  # a view write
            net.layers[2].set(squash="IDENTITY")  # a new kernel: the loop must pick it up

    result = Trainer(net).train(XOR, rate=1e-9, iterations=2, error=0.0, schedule=(1, change), shuffle=False)
    assert net.activations == ("sigmoid", "linear")
    # iteration 2 ran the identity output with the new bias: outputs near 100, so (t - o)^2 is near 1e4;
    # had it kept the old kernel, the sigmoid output would keep the error below 1
    assert 9000 < result["error"] < 11000


def test_rate_list_in_buckets_and_rate_function() -> None:
    rates: list[float] = []

    def spy(info: dict) -> None:
        rates.append(info["rate"])

    Trainer(Network([2, 1])).train(XOR, rate=[0.3, 0.2, 0.1], iterations=9, error=0.0, schedule=(1, spy))
    assert rates == [0.3, 0.3, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1]  # Synaptic's buckets of iterations // 3
    calls: list[tuple[int, float]] = []

    def decay(iteration: int, error: float) -> float:
        calls.append((iteration, error))
        return 0.5 / iteration

    rates.clear()
    Trainer(Network([2, 1])).train(XOR, rate_schedule=decay, iterations=3, error=0.0, schedule=(1, spy))
    assert rates == pytest.approx([0.5, 0.25, 0.5 / 3])
    assert [c[0] for c in calls] == [1, 2, 3] and calls[0][1] == 1.0


def test_numpy_arrays_and_tuple_sets() -> None:
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([0, 1, 1, 0], dtype=float)
    a = Architect.Perceptron(2, 3, 1)
    b, c = a.clone(), a.clone()
    ra = Trainer(a).train(XOR, iterations=20, shuffle=False, error=0.0)
    rb = Trainer(b).train(X, Y, iterations=20, shuffle=False, error=0.0)
    rc = Trainer(c).train((X, Y[:, None]), iterations=20, shuffle=False, error=0.0)
    assert ra["error"] == rb["error"] == rc["error"]
    assert a.to_json() == b.to_json() == c.to_json()


def test_log_goes_to_logging(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="nnviz.api.trainer"):
        Trainer(Network([2, 1])).train(XOR, iterations=4, error=0.0, log=2)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and lines[0].startswith("iterations 2 error ")


def test_backprop_networks_train_with_their_momentum() -> None:
    net = Network([2, 4, 1], momentum=0.5)
    result = Trainer(net).train(XOR, rate=0.5, iterations=3000, error=0.01)
    assert result["error"] <= 0.01


@pytest.mark.parametrize(("data", "fragment"), [
    ([], "empty"),
    ({"input": [0, 0], "output": [0]}, "a training set is a list"),
    ([{"input": [0, 0]}], "sample 0 must be"),
    ([{"input": [0], "output": [0]}], "sample 0: the input must be a list of 2 numbers"),
    ([{"input": [0, "1"], "output": [0]}], "sample 0: the input must hold finite numbers"),
    ([{"input": [0, 1], "output": [float("inf")]}], "the output must hold finite numbers"),
])
def test_bad_training_sets(data: object, fragment: str) -> None:
    with pytest.raises(DataError, match=fragment):
        Trainer(Network([2, 1])).train(data)


def test_bad_arrays_costs_and_tasks() -> None:
    trainer = Trainer(Network([2, 1], activation="tanh"))
    with pytest.raises(DataError, match=r"inputs must be \(n, 2\) and targets \(n, 1\)"):
        trainer.train(np.zeros((4, 3)), np.zeros(4))
    with pytest.raises(ConfigError, match="unknown cost 'hinge'"):
        trainer.train(XOR, cost="hinge")
    with pytest.raises(ConfigError, match="cross_entropy cost needs outputs in"):
        trainer.train(XOR, cost="cross_entropy")
    with pytest.raises(ConfigError, match="the quadrants task needs a network with 2 inputs and 4 output"):
        trainer.quadrants()
    with pytest.raises(ConfigError, match="a Trainer trains a Network"):
        Trainer("net")  # type: ignore[arg-type]


def test_cross_entropy_training() -> None:
    net = Architect.Perceptron(2, 3, 1)
    result = Trainer(net).train(XOR, cost="cross_entropy", error=0.05, iterations=20000)
    assert result["error"] <= 0.05


@pytest.mark.parametrize(("options", "fragment"), [
    ({"rate": "fast"}, "the rate must be a number"),
    ({"rate": float("nan")}, "the rate must be a finite number"),
    ({"rate": -0.1}, r"the rate must be in \[0, 100\]"),
    ({"rate": [0.3, "x"]}, "each rate of the list must be a number"),
    ({"rate_schedule": lambda it, err: None}, "the rate function's result must be a number"),
    ({"iterations": "10"}, "iterations must be a whole number"),
    ({"iterations": 10.5}, "iterations must be a whole number"),
    ({"error": "low"}, "the error threshold must be a number"),
    ({"schedule": 5}, r"schedule must be \(every, callback\)"),
    ({"schedule": (5,)}, r"schedule must be \(every, callback\)"),
    ({"schedule": (-1, print)}, "the schedule's every must be a whole number"),
    ({"log": "often"}, "log must be a whole number"),
])
def test_bad_options_are_config_errors_and_leave_the_network_alone(options: dict, fragment: str) -> None:
    net = Architect.Perceptron(2, 3, 1)
    before = net.to_json()["layers"]
    with pytest.raises(ConfigError, match=fragment):
        Trainer(net).train(XOR, **options)
    assert net.to_json()["layers"] == before


def test_bad_trainer_defaults_are_refused_at_once() -> None:
    with pytest.raises(ConfigError, match="the rate must be a number"):
        Trainer(Network([2, 1]), rate="x")
    with pytest.raises(ConfigError, match="unknown cost"):
        Trainer(Network([2, 1]), cost="hinge")


@pytest.mark.parametrize("sizes", [[2, 3, 1], [2, 64, 64, 1]], ids=["scalar", "numpy"])
def test_divergence_raises_and_puts_the_weights_back(sizes: list[int]) -> None:
    net = Network(sizes, activation="identity")
    X = np.random.default_rng(0).uniform(-10, 10, (20, 2))
    before = net.to_json()
    with pytest.raises(DivergenceError, match=r"training diverged at iteration .* try a smaller rate"), \
            np.errstate(over="ignore", invalid="ignore"):
        Trainer(net).train(X, X.sum(axis=1), rate=5.0, iterations=100)
    assert net.to_json() == before
    assert np.isfinite(net.activate([1.0, 1.0])).all()


def test_a_truthy_callback_result_stops_as_in_synaptic() -> None:
    result = Trainer(Network([2, 1])).train(XOR, error=0.0, iterations=50, schedule=(5, lambda info: np.True_))
    assert result["iterations"] == 5


def test_lists_in_a_tuple_and_ragged_or_text_tables() -> None:
    a = Architect.Perceptron(2, 3, 1)
    b = a.clone()
    X, Y = [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]
    ra = Trainer(a).train((X, Y), iterations=5, shuffle=False, error=0.0)
    rb = Trainer(b).train(XOR, iterations=5, shuffle=False, error=0.0)
    assert ra["error"] == rb["error"]
    with pytest.raises(DataError, match="the inputs must be a table of numbers"):
        Trainer(a).train([[0, 0], [1]], [[0], [1]])
    with pytest.raises(DataError, match="the targets must be a table of numbers"):
        Trainer(a).train(X, [["a"], [1], [1], [0]])
    with pytest.raises(DataError, match="whole number of points"):
        Trainer(Architect.Perceptron(2, 4)).quadrants("many")  # type: ignore[arg-type]
