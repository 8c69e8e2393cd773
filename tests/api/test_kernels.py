"""The generated scalar code, the numpy per-sample path and the per-neuron path agree."""

from __future__ import annotations

import numpy as np
import pytest

import nnviz.api.neuron_storage as core_module
from nnviz.api import Network, Neuron, Trainer
from nnviz.api.codegen import activate_source, prefers_scalar, synaptic_source
from nnviz.api.squash import LOGISTIC, TANH
from nnviz.errors import ConfigError

SQUASHES = ["sigmoid", "tanh", "identity", "hlim", "relu", "leaky_relu"]


def _run(net: Network, steps: int, rate: float) -> list[list[float]]:
    rng = np.random.default_rng(0)
    outs = []
    for _ in range(steps):
        x = rng.uniform(-1, 1, net.inputs()).tolist()
        t = rng.uniform(0, 1, net.outputs()).tolist()
        outs.append(net.activate(x))
        net.propagate(rate, t)
    return outs


@pytest.mark.parametrize("rule", ["synaptic", "backprop"])
@pytest.mark.parametrize("activation", SQUASHES)
def test_scalar_and_numpy_paths_agree(rule: str, activation: str, monkeypatch: pytest.MonkeyPatch) -> None:
    scalar = Network([3, 4, 3, 2], activation=activation, rule=rule, init_range=0.5,
                     momentum=0.5 if rule == "backprop" else 0.0)
    vector = scalar.clone()
    scalar.activate([0.0, 0.0, 0.0])  # kernels are picked on first use
    monkeypatch.setattr(core_module, "prefers_scalar", lambda n_params, n_layers: False)
    vector.activate([0.0, 0.0, 0.0])
    assert type(scalar._core.kernel).__name__ == "ScalarKernel"
    assert type(vector._core.kernel).__name__ == "VectorKernel"
    a = _run(scalar, 30, 0.05)
    b = _run(vector, 30, 0.05)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    np.testing.assert_allclose(scalar._core.engine_params(), vector._core.engine_params(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(scalar._core.R, vector._core.R, rtol=0, atol=1e-12)


def test_scalar_kernel_is_chosen_for_small_networks() -> None:
    net = Network([2, 3, 1])
    net.activate([0, 0])
    assert type(net._core.kernel).__name__ == "ScalarKernel"
    assert prefers_scalar(151, 3) and not prefers_scalar(5000, 2)


def test_generated_source_follows_synaptic_order() -> None:
    src = activate_source([2, 1], [None, LOGISTIC])
    assert "s2 = w2 + a0 * w0 + a1 * w1" in src  # bias first, then inputs in order
    assert "v_ = libm_exp(-s2)" in src and "r0_ = exp(-s2)" in src and "a2 = 1.0 / (1.0 + r0_)" in src
    back = synaptic_source([1, 2, 1], [None, TANH, LOGISTIC])
    # the hidden responsibility reads the output weights after their update, which comes first
    assert back.index("w4 += rate * (e3 * a1)") < back.index("e1 = (1.0 - a1 * a1) * (e3 * w4)")


def test_overflow_falls_back_to_the_safe_path() -> None:
    net = Network([1, 1], activation="sigmoid")
    out = net.layers[1].neurons[0]
    out.inputs()[0].weight = 1000.0
    out.bias = 0.0
    assert net.activate([-1.0]) == [0.0]  # exp(1000) overflows; JavaScript gives 1 / (1 + inf) = 0
    assert net.activate([1.0]) == [1.0]
    n = Neuron()
    n.bias = -800.0
    assert n.activate() == 0.0


def test_inputs_and_targets_as_arrays_tuples_and_numbers() -> None:
    net = Network([2, 1], activation="identity")
    ref = net.activate([1.0, 2.0])
    assert net.activate(np.array([1.0, 2.0])) == ref
    assert net.activate((1, 2)) == ref
    net.propagate(0.1, 1.0)  # a number is fine for one output
    net.propagate(0.1, np.array([1.0]))


@pytest.mark.parametrize("bad", [[1.0], [1.0, 2.0, 3.0], ["a", "b"], [None, 1.0], "12", 5.0, np.array([np.nan, 1.0])])
def test_bad_inputs_raise_a_clear_error(bad: object) -> None:
    net = Network([2, 1])
    before = net.to_json()
    with pytest.raises(ConfigError, match="the network's input must be"):
        net.activate(bad)
    assert net.to_json() == before


def _one_bad_value(bad: object, n_out: int) -> object:
    """A one-item bad target padded with good values to the network's output count."""
    return [*bad, *[0.5] * (n_out - 1)] if isinstance(bad, list) and len(bad) == 1 else bad


@pytest.mark.parametrize("sizes", [[2, 2, 1], [64, 32, 10]])  # the generated code and the numpy path
@pytest.mark.parametrize("rule", ["synaptic", "backprop"])
@pytest.mark.parametrize("bad", [[1.0, 2.0], ["x"], None, [float("nan")], [float("-inf")], [None], [10**400]])
def test_bad_targets_raise_before_any_update(bad: object, rule: str, sizes: list[int]) -> None:
    net = Network(sizes, rule=rule)
    net.activate([1.0] * sizes[0])
    assert type(net._core.kernel).__name__ == ("ScalarKernel" if sizes[0] == 2 else "VectorKernel")
    before = net.to_json()
    with pytest.raises(ConfigError, match="target"):
        net.propagate(0.3, _one_bad_value(bad, sizes[-1]))
    assert net.to_json() == before
    with pytest.raises(ConfigError, match="target"):
        net.train([1.0] * sizes[0], _one_bad_value(bad, sizes[-1]))
    assert net.to_json() == before


@pytest.mark.parametrize("rule", ["synaptic", "backprop"])
def test_training_on_the_numpy_path_checks_its_data_once_not_every_sample(rule: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Trainer.train refuses nan/inf in its data up front: the per-sample numpy path does not check it again."""
    net = Network([64, 32, 10], rule=rule)
    rng = np.random.default_rng(5)
    data = [{"input": rng.uniform(-1, 1, 64).tolist(), "output": rng.uniform(0, 1, 10).tolist()} for _ in range(20)]
    Trainer(net).train(data, iterations=1)  # the kernel is made
    assert type(net._core.kernel).__name__ == "VectorKernel"
    real, calls = np.isfinite, []
    monkeypatch.setattr(np, "isfinite", lambda *a, **k: calls.append(1) or real(*a, **k))
    twin = net.clone()
    Trainer(net).train(data, iterations=3, shuffle=False, error=0.0, rate=0.2)
    monkeypatch.setattr(np, "isfinite", real)
    assert len(calls) < len(data), len(calls)  # 60 samples trained; main checked each input and target (121)
    for sample in data * 3:  # the same steps through the public, checking calls: the same bits
        twin.activate(sample["input"])
        twin.propagate(0.2, sample["output"])
    assert net.to_json() == twin.to_json()


@pytest.mark.parametrize("sizes", [[2, 2, 1], [64, 32, 10]])  # the generated code and the numpy path
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 10**400], ids=["nan", "inf", "int_beyond_float"])
def test_non_finite_inputs_are_refused_and_change_nothing(bad: object, sizes: list[int]) -> None:
    net = Network(sizes, rule="backprop", momentum=0.5)
    good = [0.5] * sizes[0]
    net.activate(good)  # the kernels are ready: the quick path runs
    twin = net.clone()
    twin.activate(good)
    with pytest.raises(ConfigError, match="the network's input must be a finite number"):
        net.activate([bad, *good[1:]])
    target = [0.25] * sizes[-1]
    net.propagate(0.3, target)  # learns from the last accepted input, as if the bad one never came
    twin.propagate(0.3, target)
    assert net.to_json() == twin.to_json()


@pytest.mark.parametrize("value", [float("nan"), 10**400], ids=["nan", "int_beyond_float"])
def test_a_neuron_refuses_a_non_finite_value_with_a_clear_error(value: object) -> None:
    with pytest.raises(ConfigError, match="an activation value must be a finite number"):
        Neuron().activate(value)  # type: ignore[arg-type]


def test_bad_rate_raises() -> None:
    net = Network([2, 1])
    net.activate([1, 1])
    with pytest.raises(ConfigError, match="rate"):
        net.propagate("fast", [1.0])  # type: ignore[arg-type]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_the_numpy_path_keeps_its_calls_on_its_own_buffers(activation: str) -> None:
    """The per-sample numpy kernel makes its squash calls once: every later sample must still go through them."""
    net = Network([64, 32, 10], activation=activation, rule="backprop", momentum=0.3)
    rng = np.random.default_rng(3)
    for _ in range(6):
        x = rng.uniform(-1, 1, 64).tolist()
        out = net.activate(x)
        assert type(net._core.kernel).__name__ == "VectorKernel"
        fresh = net.clone()
        assert out == fresh.activate(x)  # a new kernel, new buffers: the same bits
        assert net.layers[1][5].activation == fresh.layers[1][5].activation  # the neurons' views too
        assert net.layers[2][3].state == fresh.layers[2][3].state
        net.propagate(0.2, rng.uniform(0, 1, 10).tolist())
