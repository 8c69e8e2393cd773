"""Edge cases of the trainer: layouts, tiny data sets, every pairing without a hidden layer."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnviz.engine import MLP, MinibatchTrainer, Optimizer, initialize
from nnviz.engine import activations as act
from nnviz.errors import ConfigError

PAIRS = [
    (a, loss)
    for a, loss in itertools.product(act.ACTIVATIONS, ("mse", "bce", "cross_entropy"))
    if (loss == "cross_entropy") == (a == "softmax") and (loss != "bce" or a == "sigmoid")
]


@pytest.mark.parametrize(("activation", "loss"), PAIRS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("n", "batch"), [(1, 1), (1, 8), (5, 3), (5, 50)])
def test_no_hidden_layer_matches_the_reference_for_every_pairing(activation, loss, dtype, n, batch):
    rng = np.random.default_rng(4)
    n_out = 3 if activation == "softmax" else 1
    net = MLP([2, n_out], [activation], dtype)
    initialize(net, rng)
    ref = net.copy()
    X = rng.normal(size=(n, 2))
    Y = np.eye(3)[rng.integers(0, 3, n)] if activation == "softmax" else rng.uniform(size=(n, 1))
    trainer = MinibatchTrainer(net, loss, Optimizer("sgd", 0.1, net.weight_mask), batch)
    trainer.set_data(X, Y)
    trainer.epoch(np.random.default_rng(1))
    order, b = np.random.default_rng(1).permutation(n), min(batch, n)
    for i in range(0, n, b):
        idx = order[i : i + b]
        ref.params -= (0.1 * ref.backward(ref.forward(X[idx]), Y[idx], loss).flat).astype(dtype)
    assert net.params.dtype == dtype
    np.testing.assert_allclose(net.params, ref.params, atol=1e-5 if dtype == np.float32 else 1e-12)


def test_empty_training_data_is_accepted_and_a_step_says_so():
    net = MLP([2, 3, 2], ["tanh", "softmax"])
    trainer = MinibatchTrainer(net, "cross_entropy", Optimizer(), 4)
    trainer.set_data(np.empty((0, 2)), np.empty((0, 2)))
    assert trainer.n_samples == 0
    with pytest.raises(ConfigError, match="no training points"):
        trainer.step(np.random.default_rng(0))


def test_batches_left_counts_to_the_end_of_the_epoch_after_a_batch_size_change():
    rng = np.random.default_rng(0)
    net = MLP([2, 1], "tanh")
    trainer = MinibatchTrainer(net, "mse", Optimizer(), 10)
    trainer.set_data(rng.normal(size=(100, 2)), rng.normal(size=(100, 1)))
    assert trainer.batches_left == 10
    for _ in range(3):
        trainer.step(rng)
    assert trainer.batches_left == 7
    trainer.batch_size = 1
    trainer.restart_epoch()
    assert trainer.batches_left == 100


def test_float32_optimizer_moments_survive_a_float64_round_trip():
    net = MLP([2, 3, 1], "tanh", np.float32)
    opt = Optimizer("adam", 0.01, net.weight_mask)
    opt.update(net.params, np.ones_like(net.params))
    state = {k: np.asarray(v, dtype=np.float64) if isinstance(v, np.ndarray) else v
             for k, v in opt.state_dict().items()}
    other = Optimizer("adam", 0.01, net.weight_mask)
    other.load_state(state)
    p1, p2 = net.params.copy(), net.params.copy()
    opt.update(p1, np.ones_like(p1))
    other.update(p2, np.ones_like(p2))
    assert np.array_equal(p1, p2)


def test_resume_epoch_continues_the_same_batches():
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(23, 2)), rng.normal(size=(23, 1))
    nets = [MLP([2, 3, 1], "tanh") for _ in range(2)]
    initialize(nets[0], rng)
    nets[1].params[...] = nets[0].params
    a, b = (MinibatchTrainer(n, "mse", Optimizer("sgd", 0.1, n.weight_mask), 5) for n in nets)
    a.set_data(X, Y)
    b.set_data(X, Y)
    shuffle = np.random.default_rng(9)
    a.step(shuffle)
    a.step(shuffle)
    order, cursor = a.epoch_position()  # type: ignore[misc]
    b.resume_epoch(order, cursor)
    nets[1].params[...] = nets[0].params
    a.epoch(shuffle)
    b.epoch(shuffle)
    assert np.array_equal(nets[0].params, nets[1].params)
    with pytest.raises(ConfigError, match="permutation"):
        b.resume_epoch(np.zeros(23, int), 0)
