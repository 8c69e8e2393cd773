"""Golden images of the network graph and the boundary view, and proof that the comparison can fail.

When the look of a view changes on purpose, regenerate the PNGs (tests/ui/golden/regenerate.py),
look at them, and commit them with the change.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from golden_scenes import (
    MAX_MEAN_ABS,
    MAX_STRAY_FRACTION,
    RENDERERS,
    compare,
    golden_frame,
    golden_path,
    load_png,
    to_image,
)


def _check(name: str, actual: np.ndarray, tmp_path: Path) -> None:
    golden = load_png(golden_path(name))
    result = compare(actual, golden)
    if not result.ok:
        out = tmp_path / f"{name}-diff.png"
        to_image(result.diff).save(str(out))
        to_image(actual).save(str(tmp_path / f"{name}-actual.png"))
        print(f"golden image mismatch for {name}: diff image at {out}")
        pytest.fail(f"{name} differs from {golden_path(name)}: {result.summary()}; diff image: {out} "
                    "(if the look changed on purpose, run tests/ui/golden/regenerate.py)")


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_the_view_matches_its_golden_image(styled_app, tmp_path, name):
    _check(name, RENDERERS[name](golden_frame()), tmp_path)


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_rendering_the_same_frame_twice_gives_the_same_pixels(styled_app, name):
    frame = golden_frame()
    assert np.array_equal(RENDERERS[name](frame), RENDERERS[name](frame))


# --- the comparison can fail --------------------------------------------------------------------
@pytest.mark.parametrize(("name", "changes"), [
    ("graph", {(2, 1, 0): -1.4}),  # one edge changes sign: its colour flips from blue to orange
    ("graph", {(1, 0, 1): 0.0}),  # one edge fades to grey and thins
    ("boundary", {(2, 2, 0): 2.2}),  # one hidden unit's vote flips: the boundary moves
])
def test_a_changed_weight_fails_the_comparison(styled_app, name, changes):
    result = compare(RENDERERS[name](golden_frame(changes)), load_png(golden_path(name)))
    assert not result.ok, f"a changed weight went unnoticed: {result.summary()}"


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_a_paler_palette_or_a_moved_view_fails_the_comparison(name):
    golden = load_png(golden_path(name))
    paler = (golden.astype(np.int16) + (255 - golden) // 8).astype(np.uint8)  # everything 1/8 nearer white
    assert not compare(paler, golden).ok
    moved = np.roll(golden, 3, axis=1)  # the drawing shifted by 3 px
    assert not compare(moved, golden).ok
    assert not compare(golden[:-1], golden).ok


def test_the_tolerance_forgives_antialiasing_and_a_one_pixel_shift():
    golden = load_png(golden_path("graph"))
    assert compare(golden, golden).ok and compare(golden, golden).stray_fraction == 0.0
    assert compare(np.roll(golden, 1, axis=0), golden).stray_fraction <= MAX_STRAY_FRACTION
    rng = np.random.default_rng(0)
    jitter = np.clip(golden.astype(np.int16) + rng.integers(-4, 5, golden.shape), 0, 255).astype(np.uint8)
    result = compare(jitter, golden)  # rounding noise everywhere, as from another rasterizer
    assert result.ok and result.mean_abs <= MAX_MEAN_ABS
