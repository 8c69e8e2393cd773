"""Classes everyone can tell apart: the palette under simulated colour-vision deficiencies, a marker per class,
and the high-contrast look."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnviz.session import Config, Session
from nnviz.ui import colors, look
from tests.ui.probes import heatmap_rgba

# Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
# Deficiency", IEEE TVCG 15(6): the matrices for severity 1.0, applied to linear RGB.
MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
MIN_DELTA_E = 15.0  # CIE76 in CIELAB; about 2.3 is a just-noticeable difference, 15 reads as another colour
N_CLASSES = len(colors.CLASS_RGB)


def srgb_to_linear(rgb: np.ndarray) -> np.ndarray:
    c = np.asarray(rgb, np.float64) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_lab(lin: np.ndarray) -> np.ndarray:
    xyz = lin @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])  # D65 white
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def min_distance(rgb: np.ndarray, matrix: np.ndarray) -> tuple[float, int, int]:
    lab = linear_to_lab(np.clip(srgb_to_linear(rgb) @ matrix.T, 0.0, 1.0))
    return min((float(np.linalg.norm(lab[i] - lab[j])), i, j) for i, j in itertools.combinations(range(len(rgb)), 2))


@pytest.mark.parametrize("deficiency", sorted(MACHADO_2009))
def test_every_class_stays_distinct_under_simulated_colour_blindness(deficiency: str) -> None:
    distance, i, j = min_distance(colors.class_rgb(N_CLASSES), MACHADO_2009[deficiency])
    assert distance >= MIN_DELTA_E, f"classes {i} and {j} are only {distance:.1f} apart under {deficiency}"


def test_the_simulation_notices_colours_that_merge() -> None:
    red_green = np.array([[0xD6, 0x40, 0x4E], [0x3A, 0xA6, 0x55]])  # apart for most, alike without green cones
    assert min_distance(red_green, np.eye(3))[0] > 3 * MIN_DELTA_E
    assert min_distance(red_green, MACHADO_2009["deuteranopia"])[0] < MIN_DELTA_E


def test_the_binary_classes_are_the_heatmap_ends() -> None:
    assert tuple(colors.class_rgb(2)[0]) == colors.ORANGE and tuple(colors.class_rgb(2)[1]) == colors.BLUE


def test_each_class_has_its_own_marker(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Session(Config(points=80)))
    frame = window.frame
    symbols = window.boundary_view._train.data["symbol"]  # the markers the output view draws
    by_class = {int(k): {s for s, lab in zip(symbols, frame.train_labels, strict=True) if int(lab) == k}
                for k in np.unique(frame.train_labels)}
    assert all(len(shapes) == 1 for shapes in by_class.values())
    assert len({next(iter(s)) for s in by_class.values()}) == len(by_class) == 2
    assert len(set(colors.CLASS_SYMBOLS)) == len(colors.CLASS_SYMBOLS) >= N_CLASSES


def test_high_contrast_outlines_points_in_black_on_a_paler_map(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60))
    view = window.boundary_view
    before = heatmap_rgba(view).copy()
    try:
        look.set_look(high_contrast=True)
        pen = view._train.opts["pen"]
        assert pen.color().getRgb()[:3] == look.BLACK and pen.widthF() >= 2
        after = heatmap_rgba(view)
        assert after.astype(int)[..., :3].mean() > before.astype(int)[..., :3].mean() + 5  # paler under the points
    finally:
        look.set_look(high_contrast=False)
    assert view._train.opts["pen"].color().getRgb()[:3] == look.WHITE


def test_a_weight_colour_index_is_grey_for_nan_and_clamped_beyond_one():
    import numpy as np

    from nnviz.ui import colors

    w = np.array([np.nan, np.inf, -np.inf, 0.0, 1.0, -1.0, 7.5, -1e300, 0.5])
    grey, top = int(colors.weight_index(0.0)), int(colors.weight_index(1.0))
    assert colors.weight_index(w).tolist() == [grey, top, 0, grey, top, 0, top, 0, int(colors.weight_index(0.5))]
    assert int(colors.weight_index(float("nan"))) == grey and np.shape(colors.weight_index(0.25)) == ()
    assert 0 < int(colors.weight_index(-0.5)) < grey < int(colors.weight_index(0.5)) < top == 2 * grey
