"""L1 regularization gives exact zeros that stay zero while the data gradient is weaker than the pull."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.data import FEATURES
from nnviz.engine.optimizers import Optimizer
from nnviz.session import Config, Session


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_a_zero_weight_stays_zero_while_the_data_gradient_is_weaker_than_the_pull(kind):
    mask = np.array([1.0, 1.0, 0.0])  # two weights and a bias
    opt = Optimizer(kind, learning_rate=0.1, weight_mask=mask, regularization="l1", reg_rate=0.01)
    params = np.array([0.0, 0.0, 0.0])
    for _ in range(50):
        opt.update(params, np.array([0.004, 0.05, 0.004]))  # weak on weight 0, strong on weight 1
    assert params[0] == 0.0  # exactly: no 1e-9 jitter around zero
    assert params[1] < -0.01  # a strong gradient still grows a weight
    assert params[2] != 0.0  # biases are never regularized


def test_the_readme_l1_run_switches_weights_off_exactly():
    """The run a user reported: circle, 3x8 hidden, all features, L1 0.01, 323 epochs."""
    s = Session(Config(dataset="circle", hidden=(8, 8, 8), features=tuple(FEATURES), regularization="l1",
                       reg_rate=0.01))
    s.train(323)
    w = s.net.params[s.net.weight_mask == 1]
    tiny = (w != 0) & (np.abs(w) < 1e-4)
    assert not tiny.any(), f"{int(tiny.sum())} weights hover near 0 without being 0"
    assert (w == 0).sum() >= w.size // 2
    assert s.metrics().train_accuracy >= 0.95
