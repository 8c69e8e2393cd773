"""The live frames' cadence (issue 23): lateness does not add up, frames never come more often on average."""

from __future__ import annotations

import itertools

import pytest

from nnviz.session.frame_cadence import FrameCadence

GAP = 0.03


def test_a_late_frame_brings_the_next_one_sooner() -> None:
    cadence = FrameCadence()
    cadence.restart(0.0, GAP)
    cadence.kept(0.04, GAP)  # due at 0.03, made at 0.04
    assert cadence.due == pytest.approx(0.06)  # one gap after 0.03, not after 0.04


def test_never_sooner_than_a_quarter_gap_after_a_frame() -> None:
    cadence = FrameCadence()
    cadence.restart(0.0, GAP)
    cadence.kept(0.055, GAP)  # 25 ms late: the next would be due 5 ms later
    assert cadence.due == pytest.approx(0.055 + GAP / 4)


def test_a_frame_more_than_a_gap_late_starts_a_fresh_cadence() -> None:
    cadence = FrameCadence()
    cadence.restart(0.0, GAP)
    cadence.kept(0.5, GAP)  # the consumer was away: nothing to catch up
    assert cadence.due == pytest.approx(0.5 + GAP)


def test_dues_stay_a_gap_apart_whatever_the_lateness() -> None:
    cadence = FrameCadence()
    cadence.restart(0.0, GAP)
    dues = [cadence.due]
    for late in (0.0, 0.02, 0.001, 0.029, 0.0, 0.015):
        cadence.kept(cadence.due + late, GAP)
        dues.append(cadence.due)
    assert all(b - a >= GAP - 1e-12 for a, b in itertools.pairwise(dues))


@pytest.mark.parametrize(("left", "n", "expected"), [(0.010, 100, 10), (0.0105, 100, 11), (0.010, 4, 4),
                                                     (0.0001, 100, 1), (-0.01, 100, 100), (0.010, 0, 0)])
def test_the_chunk_ends_with_the_batch_that_reaches_the_due_time(left: float, n: int, expected: int) -> None:
    cadence = FrameCadence()
    cadence.restart(0.0, 1.0)
    assert cadence.batches_before(1.0 - left, 0.001, n) == expected


def test_before_the_batch_time_is_known_the_chunk_is_whole() -> None:
    cadence = FrameCadence()
    cadence.restart(0.0, 1.0)
    assert cadence.batches_before(0.5, 0.0, 7) == 7
