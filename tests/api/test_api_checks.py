"""The scripting library checks what the command line checks (issue 18 §5): learning rates in the CLI's range,
finite targets; a refused call changes nothing."""

from __future__ import annotations

import pytest

from nnviz.api import Network, Trainer
from nnviz.errors import ConfigError
from nnviz.io import caps

BAD_RATES = [-1, -0.001, caps.MAX_LEARNING_RATE * 1.01, float("inf")]


@pytest.mark.parametrize("rate", BAD_RATES)
def test_a_learning_rate_the_cli_refuses_is_refused_everywhere(rate: float) -> None:
    with pytest.raises(ConfigError, match="learning rate must be"):
        Network([2, 3, 1], learning_rate=rate)
    net = Network([2, 3, 1])
    with pytest.raises(ConfigError, match="learning rate must be"):
        net.learning_rate = rate
    with pytest.raises(ConfigError, match="rate must be"):
        Trainer(net, rate=rate)
    net.activate([0.0, 1.0])
    before = net.to_json()
    with pytest.raises(ConfigError, match="rate must be"):
        net.propagate(rate, [1.0])
    assert net.to_json() == before


@pytest.mark.parametrize("target", [float("inf"), float("-inf"), float("nan")])
def test_a_target_that_is_not_finite_is_refused_before_any_update(target: float) -> None:
    net = Network([2, 3, 1])
    before = net.to_json()
    with pytest.raises(ConfigError, match="the target must be a finite number"):
        net.train([0.0, 1.0], [target])
    net.activate([1.0, 0.0])
    with pytest.raises(ConfigError, match="the target must be a finite number"):
        net.propagate(0.3, [target])
    assert net.to_json() == before


def test_a_rate_of_zero_is_accepted_as_synaptic_takes_it() -> None:
    net = Network([2, 3, 1], rule="synaptic")
    net.activate([0.0, 1.0])
    before = net.to_json()
    net.propagate(0.0, [1.0])  # Synaptic's `rate || 0.1`: the default rate
    assert net.to_json() != before


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "x", None])
def test_a_neuron_refuses_values_rates_and_targets_that_are_not_finite_numbers(bad: object) -> None:
    from nnviz.api import Neuron

    a, b = Neuron(), Neuron()
    a.project(b)
    a.activate(1.0)
    b.activate()
    weight, bias = a.outputs()[0].weight, b.bias
    if bad is not None:  # activate(None) computes the neuron's value
        with pytest.raises(ConfigError, match="an activation value must be a"):
            a.activate(bad)  # type: ignore[arg-type]
        with pytest.raises(ConfigError, match="the rate must be a"):
            b.propagate(bad, 0.0)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="a target must be a"):
        b.propagate(0.3, bad if bad is not None else float("-inf"))  # type: ignore[arg-type]
    assert (a.outputs()[0].weight, b.bias) == (weight, bias)


def test_a_neuron_takes_any_kind_of_number_and_gives_python_floats() -> None:
    import numpy as np

    from nnviz.api import Neuron

    a, b = Neuron(), Neuron()
    a.project(b)
    assert type(a.activate(np.float32(0.5))) is float and a.activate(1) == 1.0
    out = b.activate()
    b.propagate(np.float64(0.3), 1)
    assert type(out) is float and type(b.bias) is float
