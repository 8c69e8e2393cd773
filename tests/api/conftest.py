"""Shared helpers for the scripting API tests."""

from __future__ import annotations

import pytest

from nnviz.api import seed


@pytest.fixture(autouse=True)
def _seeded() -> None:
    """Every test starts from the same random draws."""
    seed(1234)
