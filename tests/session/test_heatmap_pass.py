"""The live heatmap pass (issue 23): one pass for thumbnails and output, tanh and sigmoid through exp, same colours."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.data import FEATURES
from nnviz.engine import MLP
from nnviz.engine import activations as act
from nnviz.session import heatmap_pass
from nnviz.session.grid import GridEvaluator


def colour_levels(values: np.ndarray, activation: str) -> np.ndarray:
    """The index into the 256-colour map a value of a bounded layer is drawn with (ui/graph/neuron_thumbnails)."""
    t = 2.0 * values - 1.0 if activation == "sigmoid" else values  # to [-1, 1]
    return np.floor((np.clip(t, -1.0, 1.0) + 1.0) * 127.5).astype(int)


@pytest.mark.parametrize("name, factor", [("tanh", 2.0), ("sigmoid", -1.0)])
def test_the_display_activation_is_the_engine_s_within_a_few_roundings_everywhere(name: str, factor: float) -> None:
    z = np.concatenate([np.linspace(-40, 40, 400_001, dtype=np.float32),
                        np.array([np.inf, -np.inf, 0.0, -0.0, 1e-30, -1e-30, 1e30, -1e30, 3e38], np.float32)])
    exact = np.empty_like(z)
    act.apply(name, z, exact, reproducible=False)
    shown = np.empty_like(z)
    with np.errstate(over="ignore"):
        heatmap_pass.activate(name, (z * np.float32(factor)).astype(np.float32), shown)
    assert np.abs(shown - exact).max() <= 4e-7
    nan = np.array([np.nan], np.float32)
    heatmap_pass.activate(name, nan, nan)
    assert np.isnan(nan).all()  # as the engine's: a NaN is not drawn as a saturated value


def random_network(rng: np.random.Generator) -> tuple[MLP, tuple[str, ...]]:
    """A network of 1-8 hidden layers of 1-16 neurons, tanh or sigmoid, weights from mild to saturated."""
    hidden = [int(rng.integers(1, 17)) for _ in range(int(rng.integers(1, 9)))]
    picked = rng.choice(len(FEATURES), size=int(rng.integers(2, len(FEATURES) + 1)), replace=False)
    features = tuple(FEATURES[i] for i in sorted(picked))
    activations = [str(rng.choice(["tanh", "tanh", "sigmoid"])) for _ in range(len(hidden) + 1)]
    net = MLP((len(features), *hidden, 1), activations, np.float64)
    net.params[:] = rng.normal(0.0, float(rng.choice([0.3, 1.0, 3.0, 10.0])), net.params.shape)
    return net, features


def test_every_picture_of_many_random_networks_is_drawn_within_one_colour_level_of_the_exact_pass() -> None:
    rng = np.random.default_rng(23)
    for _ in range(120):
        net, features = random_network(rng)
        thumbs, outputs, _ = GridEvaluator().live(net, features, 13, 37)
        exact_thumbs = GridEvaluator().evaluate(net, features, 13)
        exact_outputs = GridEvaluator().evaluate(net, features, 37)[-1]
        pairs = [*zip(thumbs[1:], exact_thumbs[1:], net.activations, strict=True),
                 (outputs, exact_outputs, net.activations[-1])]
        for shown, exact, activation in pairs:
            assert shown.shape == exact.shape
            assert np.abs(shown - exact).max() < 1 / 255  # far from moving a colour two levels
            assert np.abs(colour_levels(shown, activation) - colour_levels(exact, activation)).max() <= 1


def test_one_pass_gives_the_thumbnails_the_output_and_the_hovered_neuron_of_separate_passes(monkeypatch) -> None:
    rng = np.random.default_rng(5)
    features = ("x1", "x2", "x1x2", "sinx1")
    net = MLP((len(features), 9, 7, 1), ("tanh", "relu", "sigmoid"), np.float64)
    net.params[:] = rng.normal(0.0, 1.0, net.params.shape)
    exact = GridEvaluator().evaluate(net, features, 30)  # np.tanh: the live pass's tanh is within 2e-7 of it
    for chunk in (1 << 20, 97):  # one chunk, and many that cut across the two grids
        monkeypatch.setattr("nnviz.session.grid.CHUNK_CELLS", chunk)
        grid = GridEvaluator()
        thumbs, outputs, picture = grid.live(net, features, 11, 30, None, (2, 3))
        assert [t.shape for t in thumbs] == [(n, 11, 11) for n in net.sizes]
        np.testing.assert_allclose(thumbs[2], grid.evaluate(net, features, 11)[2], rtol=1e-5, atol=1e-5)
        np.testing.assert_array_equal(thumbs[0], grid.inputs(11, features)[:-1].reshape(-1, 11, 11))
        assert not thumbs[1].flags.writeable and not outputs.flags.writeable
        np.testing.assert_allclose(outputs, exact[-1], rtol=1e-5, atol=1e-5)
        assert picture is not None
        np.testing.assert_allclose(picture, exact[2][3], rtol=1e-5, atol=1e-5)
        _, _, inputs_picture = grid.live(net, features, 11, 30, None, (0, 1))
        np.testing.assert_array_equal(inputs_picture, exact[0][1])
        assert grid.live(net, features, 11, 30, None, (3, 0))[2] is None  # an output: it is the output grid


def test_a_held_frame_s_thumbnails_never_change_when_later_frames_are_computed() -> None:
    rng = np.random.default_rng(8)
    net, features = random_network(rng)
    grid = GridEvaluator()
    held, _, _ = grid.live(net, features, 9, 20)
    copy = [t.copy() for t in held]
    for _ in range(6):
        net.params[:] = rng.normal(0.0, 1.0, net.params.shape)
        grid.live(net, features, 9, 20)
    for before, now in zip(copy, held, strict=True):
        np.testing.assert_array_equal(before, now)


def test_diverged_weights_still_draw_saturated_pictures_with_the_right_sign() -> None:
    net = MLP((2, 3, 1), ("tanh", "tanh"), np.float64)
    net.params[:] = 1e30  # past float32: the scaled pass
    thumbs, outputs, _ = GridEvaluator().live(net, ("x1", "x2"), 8, 16)
    assert np.isfinite(outputs).all() and np.isfinite(thumbs[1]).all()
    np.testing.assert_allclose(outputs, GridEvaluator().evaluate(net, ("x1", "x2"), 16)[-1], atol=1e-6)


def test_a_new_extent_moves_both_grids_of_the_live_pass() -> None:
    net = MLP((2, 3, 1), ("tanh", "tanh"), np.float64)
    net.params[:] = np.random.default_rng(2).normal(0.0, 1.0, net.params.shape)
    grid = GridEvaluator()
    grid.live(net, ("x1", "x2"), 6, 12)
    grid.extent = 2.5
    thumbs, outputs, _ = grid.live(net, ("x1", "x2"), 6, 12)
    assert np.abs(thumbs[0]).max() < 2.5  # the inputs of the plane [-2.5, 2.5]², not the old one
    np.testing.assert_allclose(outputs, grid.evaluate(net, ("x1", "x2"), 12)[-1], atol=1e-6)
