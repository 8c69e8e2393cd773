"""The fast training path: compiled steps, optimizers, determinism, dtypes."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.engine import MLP, MinibatchTrainer, Optimizer, initialize
from nnviz.engine.mlp import WORKSPACE_CACHE
from nnviz.errors import ConfigError


def _net(acts=("tanh", "tanh", "tanh"), sizes=(3, 5, 4, 1), seed=0, dtype=np.float64) -> MLP:
    net = MLP(sizes, list(acts), dtype)
    initialize(net, np.random.default_rng(seed), "uniform")
    return net


@pytest.mark.parametrize(
    "acts,loss,n_out",
    [
        (("tanh", "tanh", "tanh"), "mse", 1),
        (("relu", "sigmoid", "sigmoid"), "bce", 1),
        (("sigmoid", "leaky_relu", "softmax"), "cross_entropy", 3),
        (("tanh", "tanh", "linear"), "mse", 2),
        (("step", "relu", "tanh"), "mse", 1),
    ],
)
@pytest.mark.parametrize("kind,regularization", [("sgd", "none"), ("sgd", "l2"), ("momentum", "none"), ("adam", "l1")])
def test_compiled_step_is_bit_identical_to_the_reference_passes(acts, loss, n_out, kind, regularization):
    rng = np.random.default_rng(1)
    a, b = _net(acts, (3, 5, 4, n_out)), _net(acts, (3, 5, 4, n_out))
    X = rng.normal(size=(6, 3))
    Y = np.eye(n_out)[rng.integers(0, n_out, 6)] if loss == "cross_entropy" else rng.uniform(size=(6, n_out))
    opt_a = Optimizer(kind, 0.1, a.weight_mask, regularization, 0.01)
    opt_b = Optimizer(kind, 0.1, b.weight_mask, regularization, 0.01)
    trainer = MinibatchTrainer(a, loss, opt_a, batch_size=6)
    trainer.set_data(X, Y)
    assert (trainer._steps == {}) and opt_a.fusable == (kind == "sgd" and regularization == "none")
    x, y = b.augment(X), Y.T.copy()
    gb = np.zeros_like(b.params)
    ws = b.workspace(6)
    for _ in range(3):
        trainer.step(rng)  # one batch is the whole (shuffled) set: its order does not change the sums...
        order = trainer._order
        b.forward_into(ws, x[:, order])
        summed = opt_b.fusable  # plain SGD folds 1/batch into its learning rate
        error = b.backward_into(ws, x[:, order], y[:, order], loss, b._views(gb), 1.0 if summed else 1.0 / 6)
        opt_b.update(b.params, gb, 1.0 / 6 if summed else 1.0)
        assert np.array_equal(a.params, b.params)  # ...and the same order makes them bit-identical
        assert trainer.batch_error == error
    assert opt_a.steps == opt_b.steps == 3


@pytest.mark.parametrize("acts,loss,n_out", [(("tanh", "tanh"), "mse", 1), (("relu", "sigmoid"), "bce", 1),
                                             (("tanh", "softmax"), "cross_entropy", 3), (("tanh", "linear"), "mse", 2)])
def test_batch_error_is_non_finite_exactly_when_the_batch_loss_is(acts, loss, n_out):
    rng = np.random.default_rng(3)
    net = _net(acts, (3, 4, n_out))
    X = rng.normal(size=(8, 3))
    Y = np.eye(n_out)[rng.integers(0, n_out, 8)] if n_out > 1 or loss == "bce" else rng.uniform(-1, 1, (8, 1))
    if loss == "bce":
        Y = Y[:, :1]
    trainer = MinibatchTrainer(net, loss, Optimizer("sgd", 0.0, net.weight_mask), batch_size=4)
    X[5, 1] = np.nan  # one sample of the second batch
    trainer.set_data(X, Y)
    trainer.resume_epoch(np.arange(8), 0)
    with np.errstate(invalid="ignore"):
        for batch in range(2):
            trainer.step(rng)
            rows = slice(4 * batch, 4 * batch + 4)
            loss_value = net.loss(X[rows], Y[rows], loss)
            assert np.isfinite(trainer.batch_error) == np.isfinite(loss_value) == (batch == 0)


def test_the_compiled_step_cache_is_bounded():
    net = _net()
    trainer = MinibatchTrainer(net, "mse", Optimizer("sgd", 0.01, net.weight_mask), batch_size=1)
    rng = np.random.default_rng(0)
    trainer.set_data(rng.normal(size=(50, 3)), rng.uniform(-1, 1, size=(50, 1)))
    for batch in range(1, 41):
        trainer.batch_size = batch
        trainer.restart_epoch()
        trainer.step(rng)
    assert 1 <= len(trainer._steps) <= WORKSPACE_CACHE
    assert (40, True) in trainer._steps  # the newest stays
    assert len(net._workspaces) <= WORKSPACE_CACHE


def test_batch_error_is_the_mse_loss_sum_and_turns_infinite_with_the_loss():
    net = MLP((1, 1), ["linear"])
    net.params[...] = [2.0, 0.0]
    trainer = MinibatchTrainer(net, "mse", Optimizer("sgd", 0.0, net.weight_mask), batch_size=2)
    trainer.set_data(np.array([[1.0], [3.0]]), np.array([[0.0], [0.0]]))
    trainer.step(np.random.default_rng(0))
    assert trainer.batch_error == 2.0**2 + 6.0**2  # outputs 2 and 6, targets 0
    net.params[...] = [1e300, 0.0]
    with np.errstate(over="ignore"):
        trainer.step(np.random.default_rng(0))
    assert trainer.batch_error == np.inf


def test_trainer_matches_manual_sgd_on_full_batch():
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(8, 3)), rng.uniform(-1, 1, size=(8, 1))
    net, ref = _net(), _net()
    trainer = MinibatchTrainer(net, "mse", Optimizer("sgd", 0.05, net.weight_mask), batch_size=8)
    trainer.set_data(X, Y)
    for _ in range(5):
        assert trainer.step(rng) is True  # one batch = one epoch
        g = ref.backward(ref.forward(X), Y, "mse").flat
        ref.params -= 0.05 * g
    assert np.allclose(net.params, ref.params, rtol=0, atol=1e-14)


def test_same_seed_gives_bit_identical_weights_and_training():
    def run(seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        net = _net(seed=seed)
        trainer = MinibatchTrainer(net, "mse", Optimizer("adam", 0.01, net.weight_mask), 4)
        trainer.set_data(rng.normal(size=(30, 3)), rng.uniform(-1, 1, size=(30, 1)))
        for _ in range(40):
            trainer.step(rng)
        return net.params.copy()

    assert np.array_equal(run(5), run(5))
    assert not np.array_equal(run(5), run(6))


def _reference_update(kind, p, grads, lr, mu=0.9, b1=0.9, b2=0.999, eps=1e-8):
    """Textbook momentum and Adam, step by step, for comparison."""
    p = p.copy()
    v = np.zeros_like(p)
    m = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        if kind == "momentum":
            v = mu * v + g
            p = p - lr * v
        else:
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            mhat, vhat = m / (1 - b1**t), v / (1 - b2**t)
            p = p - lr * mhat / (np.sqrt(vhat) + eps)
    return p


@pytest.mark.parametrize("kind", ["momentum", "adam"])
def test_optimizers_match_textbook_formulas(kind):
    rng = np.random.default_rng(4)
    p0 = rng.normal(size=10)
    grads = [rng.normal(size=10) for _ in range(5)]
    opt, p = Optimizer(kind, 0.01), p0.copy()
    for g in grads:
        opt.update(p, g.copy())
    assert np.allclose(p, _reference_update(kind, p0, grads, 0.01), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("reg", ["l1", "l2"])
def test_regularization_touches_weights_not_biases(reg):
    net = _net()
    net.params[:] = 0.5
    before = net.params.copy()
    opt = Optimizer("sgd", 0.1, net.weight_mask, reg, 0.2)
    opt.update(net.params, np.zeros_like(net.params))
    changed = net.params != before
    assert np.array_equal(changed, net.weight_mask.astype(bool))
    expected = 0.5 - 0.1 * 0.2 * (0.5 if reg == "l2" else 1.0)
    assert np.allclose(net.params[net.weight_mask == 1], expected)


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_l1_sets_weights_that_cross_zero_to_exactly_zero(kind):
    net = _net()
    net.params[:] = 0.01  # small enough that one L1 step of 0.1 * 0.5 crosses zero
    opt = Optimizer(kind, 0.1, net.weight_mask, "l1", 0.5)
    opt.update(net.params, np.zeros_like(net.params))
    weights, biases = net.params[net.weight_mask == 1], net.params[net.weight_mask == 0]
    assert np.all(weights == 0.0)
    assert np.all(biases == 0.01)  # biases are neither regularized nor clipped
    grown = Optimizer("sgd", 0.1, net.weight_mask, "l1", 0.5)
    grad = np.full_like(net.params, -2.0)  # unlike Playground's dead links, a clipped weight still learns
    grown.update(net.params, grad)
    assert np.all(net.params[net.weight_mask == 1] > 0.0)


def test_float32_trains_and_stays_float32():
    rng = np.random.default_rng(0)
    net = _net(dtype=np.float32)
    trainer = MinibatchTrainer(net, "mse", Optimizer("sgd", 0.1, net.weight_mask), 5)
    X = rng.normal(size=(40, 3))
    trainer.set_data(X, np.tanh(X[:, :1]))
    first = trainer.evaluate(X, np.tanh(X[:, :1]))[0]
    for _ in range(200):
        trainer.step(rng)
    assert net.params.dtype == np.float32
    assert trainer.evaluate(X, np.tanh(X[:, :1]))[0] < first * 0.5


def test_weight_and_bias_accessors_are_live_views():
    net = _net()
    net.set_weight(2, 3, 1, 0.75)
    net.set_bias(1, 4, -0.25)
    assert net.get_weight(2, 3, 1) == 0.75 == net.W[1][1, 3]
    assert net.get_bias(1, 4) == -0.25 == net.W[0][4, -1]
    x = np.ones((1, 3))
    before = net.predict(x)
    net.weights(3)[0, 0] += 1.0
    assert not np.array_equal(before, net.predict(x))


def test_bad_structures_raise_config_errors():
    with pytest.raises(ConfigError, match="activations"):
        MLP([2, 3, 1], ["tanh"])
    with pytest.raises(ConfigError, match="softmax"):
        MLP([2, 3, 1], ["softmax", "tanh"])
    with pytest.raises(ConfigError, match="unknown activation"):
        MLP([2, 1], ["swish"])
    with pytest.raises(ConfigError, match="inputs per sample"):
        _net().forward(np.ones((2, 7)))
    with pytest.raises(ConfigError, match="cross_entropy"):
        MinibatchTrainer(_net(), "cross_entropy", Optimizer(), 1)


@pytest.mark.parametrize("method", ["uniform", "xavier", "he", "zero"])
def test_initializers(method):
    net = MLP([4, 6, 2], "tanh")
    initialize(net, np.random.default_rng(0), method)
    w = net.weights(1)
    if method == "zero":
        assert not net.params.any()
    elif method == "uniform":
        assert np.abs(w).max() <= 0.5 and np.all(net.biases(1) == 0.1)
    elif method == "xavier":
        assert np.abs(w).max() <= np.sqrt(6 / 10) and not net.biases(1).any()
    else:
        assert w.std() > 0.2 and not net.biases(1).any()


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "relu", "leaky_relu", "linear", "step", "softmax"])
def test_every_activation_works_in_place(name):
    from nnviz.engine import activations as act

    z = np.linspace(-2, 2, 12).reshape(3, 4)
    expected = np.empty_like(z)
    act.apply(name, z, expected)
    inplace = z.copy()
    act.apply(name, inplace, inplace)
    assert np.array_equal(inplace, expected)
