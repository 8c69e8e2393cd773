"""The graph maps every frame's neuron maps into the same work arrays, with the same pixels (issue 23)."""

from __future__ import annotations

import numpy as np

from nnviz.ui.graph.neuron_thumbnails import ThumbnailBuffers, network_thumbnails


def maps(seed: int, n_classes: int = 3) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    grids = [rng.normal(0.0, 2.0, (3, 9, 9)).astype(np.float32),  # raw inputs: scaled by their peak
             np.tanh(rng.normal(0.0, 1.0, (4, 9, 9))).astype(np.float32),
             rng.uniform(0.0, 1.0, (n_classes, 9, 9)).astype(np.float32)]
    grids[1][0, 2, 3] = np.nan  # a diverged cell is grey
    return tuple(grids)


def test_mapping_into_reused_arrays_gives_the_pixels_of_fresh_ones():
    buffers = ThumbnailBuffers()
    activations, shown = ("", "tanh", "softmax"), (3, 4, 3)
    first = network_thumbnails(maps(1), activations, shown, 1, class_output=True, buffers=buffers)
    expected_first = network_thumbnails(maps(1), activations, shown, 1, class_output=True)
    assert np.array_equal(first, expected_first)
    kept = first.copy()
    second = network_thumbnails(maps(2), activations, shown, 1, class_output=True, buffers=buffers)
    assert second is first  # the next frame is written where the last one was: no new arrays every frame
    assert np.array_equal(second, network_thumbnails(maps(2), activations, shown, 1, class_output=True))
    assert not np.array_equal(second, kept)


def test_a_new_shape_gets_arrays_of_its_own():
    buffers = ThumbnailBuffers()
    small = network_thumbnails(maps(1), ("", "tanh", "sigmoid"), (3, 4, 3), 1, buffers=buffers)
    strided = network_thumbnails(maps(1), ("", "tanh", "sigmoid"), (2, 2, 1), 2, buffers=buffers)
    assert small.shape == (10, 9, 9) and strided.shape == (5, 5, 5)
    assert np.array_equal(strided, network_thumbnails(maps(1), ("", "tanh", "sigmoid"), (2, 2, 1), 2))


def test_one_multiply_add_per_cell_draws_each_value_within_one_colour_level_of_its_range():
    """tanh spans -1..1 and sigmoid 0..1 over the 256 colours; raw inputs by their peak; nan is grey."""
    from nnviz.ui.graph.neuron_thumbnails import diverging_lut32

    grids = maps(3, n_classes=2)
    pixels = network_thumbnails(grids, ("", "tanh", "sigmoid"), (3, 4, 2), 1)
    level = {int(p): k for k, p in enumerate(diverging_lut32())}
    shown = np.vectorize(lambda p: level[int(p)])(pixels)
    peak = np.abs(grids[0]).max(axis=(1, 2))[:, None, None]
    t = np.concatenate([grids[0] / peak, np.nan_to_num(grids[1], nan=0.0), 2.0 * grids[2] - 1.0])[:, ::-1, :]
    exact = np.floor((np.clip(t, -1.0, 1.0) + 1.0) * 127.5).astype(int)
    assert np.abs(shown - exact).max() <= 1
    assert shown[3, 9 - 1 - 2, 3] == 127  # the nan cell (row 2, flipped), grey
