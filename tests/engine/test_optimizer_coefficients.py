"""The optimizer's coefficients (momentum, Adam's betas): given, checked, and used by the maths."""

import numpy as np
import pytest

from nnviz.engine.optimizers import COEFFICIENTS, OPTIMIZER_KINDS, Optimizer
from nnviz.errors import ConfigError


def _reference(kind, p, grads, lr, mu, b1, b2, eps=1e-8):
    """Textbook momentum (v = mu v + g; p -= lr v) and Adam with bias correction."""
    p, v, m = p.copy(), np.zeros_like(p), np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        if kind == "momentum":
            v = mu * v + g
            p = p - lr * v
        else:
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            p = p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    return p


@pytest.mark.parametrize("kind,mu,b1,b2", [("momentum", 0.1, 0.9, 0.999), ("momentum", 0.0, 0.9, 0.999),
                                           ("adam", 0.9, 0.5, 0.9), ("adam", 0.9, 0.0, 0.99)])
def test_given_coefficients_follow_the_textbook(kind, mu, b1, b2):
    rng = np.random.default_rng(7)
    p0, grads = rng.normal(size=12), [rng.normal(size=12) for _ in range(6)]
    opt, p = Optimizer(kind, 0.05, momentum=mu, beta1=b1, beta2=b2), p0.copy()
    for g in grads:
        opt.update(p, g.copy())
    assert np.allclose(p, _reference(kind, p0, grads, 0.05, mu, b1, b2), rtol=1e-12, atol=1e-14)
    default = Optimizer(kind, 0.05)
    q = p0.copy()
    for g in grads:
        default.update(q, g.copy())
    assert not np.array_equal(p, q)  # the coefficient really changed the run


def test_a_changed_coefficient_applies_from_the_next_step():
    rng = np.random.default_rng(1)
    p0, grads = rng.normal(size=5), [rng.normal(size=5) for _ in range(4)]
    opt, p = Optimizer("momentum", 0.1), p0.copy()
    opt.update(p, grads[0].copy())
    opt.set_coefficients(momentum=0.1)
    for g in grads[1:]:
        opt.update(p, g.copy())
    v = grads[0].copy()
    expected = p0 - 0.1 * v
    for g in grads[1:]:
        v = 0.1 * v + g
        expected = expected - 0.1 * v
    assert np.allclose(p, expected, rtol=1e-13)
    assert opt.coefficients() == {"momentum": 0.1}


@pytest.mark.parametrize("name,value", [("momentum", 1.0), ("momentum", -0.1), ("beta1", float("nan")),
                                        ("beta2", 1.5), ("beta2", "lots")])
def test_coefficients_out_of_range_are_refused_in_one_line(name, value):
    with pytest.raises(ConfigError, match=name) as info:
        Optimizer("adam", 0.01, **{name: value})
    assert "\n" not in str(info.value)
    opt = Optimizer("adam", 0.01)
    with pytest.raises(ConfigError):
        opt.set_coefficients(**{name: value})
    assert opt.coefficients() == {"beta1": COEFFICIENTS["beta1"].default, "beta2": COEFFICIENTS["beta2"].default}


def test_every_coefficient_an_optimizer_names_is_in_the_table():
    for kind in OPTIMIZER_KINDS.values():
        assert set(kind.coefficients) <= set(COEFFICIENTS)
        assert set(Optimizer(kind.name).coefficients()) == set(kind.coefficients)
