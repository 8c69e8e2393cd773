"""Any API network goes to the engine (and so to a Session and the app), and back."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.api import Architect, Network, Neuron, Trainer, from_mlp, to_mlp
from nnviz.engine import MLP
from nnviz.errors import ConfigError

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1], [0.25, -0.75]], dtype=float)


@pytest.mark.parametrize("squash", ["LOGISTIC", "TANH", "IDENTITY", "HLIM", "RELU", "LEAKY_RELU"])
def test_to_mlp_has_the_same_sizes_activations_and_outputs(squash: str) -> None:
    net = Architect.Perceptron(2, 3, 2, squash=squash)
    Trainer(net).train(X, np.abs(X[:, :1]) * 0.5 + np.zeros((5, 2)), iterations=5, error=0.0)
    mlp = to_mlp(net)
    assert isinstance(mlp, MLP) and mlp.sizes == (2, 3, 2) and mlp.dtype == np.float64
    assert mlp.activations == (getattr(Neuron.squash, squash).engine,) * 2
    np.testing.assert_allclose(mlp.predict(X), [net.activate(x) for x in X.tolist()], rtol=0, atol=1e-12)
    assert mlp.get_weight(1, 1, 2) == net.layers[1].neurons[2].inputs()[1].weight
    assert mlp.get_bias(2, 0) == net.layers[2].neurons[0].bias


def test_to_mlp_is_a_new_network() -> None:
    net = Network([2, 2, 1])
    mlp = to_mlp(net)
    mlp.params[:] = 0.0
    assert net.layers[1].neurons[0].bias != 0.0
    assert to_mlp(net) is not mlp and net.to_mlp().params.tolist() == to_mlp(net).params.tolist()


def test_from_mlp_round_trip() -> None:
    mlp = MLP([3, 4, 2], ["tanh", "sigmoid"])
    mlp.params[:] = np.sin(np.arange(mlp.n_params))
    net = from_mlp(mlp)
    assert net.sizes == (3, 4, 2) and net.activations == ("tanh", "sigmoid") and net.rule == "backprop"
    np.testing.assert_allclose([net.activate(x) for x in [[1, 2, 3], [0, -1, 0.5]]],
                               mlp.predict(np.array([[1, 2, 3], [0, -1, 0.5]])), rtol=0, atol=1e-12)
    assert to_mlp(net).params.tolist() == mlp.params.tolist()
    f32 = MLP([2, 1], ["relu"], np.float32)
    assert from_mlp(f32).activations == ("relu",)
    with pytest.raises(ConfigError, match="live view needs a float64"):
        from_mlp(f32, live=True)
    with pytest.raises(ConfigError, match="no softmax neurons"):
        from_mlp(MLP([2, 3], ["softmax"]))
    with pytest.raises(ConfigError, match=r"needs an nnviz\.engine\.MLP"):
        from_mlp("mlp")  # type: ignore[arg-type]


def test_a_session_trains_an_api_network_and_a_live_view_follows_it() -> None:
    from nnviz.session import Session

    net = Architect.Perceptron(2, 3, 1)
    session = Session.from_mlp(to_mlp(net), dataset="xor", points=100, learning_rate=0.3, seed=3)
    view = Network.from_mlp(session.net, live=True)
    before = view.layers[1].neurons[0].bias
    assert before == net.layers[1].neurons[0].bias  # the session started from the API network's weights
    session.step(5)
    after = view.layers[1].neurons[0].bias
    assert after != before and after == session.net.get_bias(1, 0)
    assert view.activate([1.0, -1.0])[0] == pytest.approx(session.net.predict(np.array([[1.0, -1.0]]))[0, 0],
                                                          abs=1e-12)
