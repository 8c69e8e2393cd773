"""Data and structure versions from one process-wide counter.

A view that remembers a version never mistakes a different session (an opened file, a rebuilt
session) for the one it drew last. A training process numbers from its own block.
"""

from __future__ import annotations

import itertools

_VERSIONS = itertools.count(1)


def next_version() -> int:
    """A version number no other session of this process has had."""
    return next(_VERSIONS)


def continue_versions_from(start: int) -> None:
    """Number this process's data and structure versions from `start` (a training process must not reuse
    the versions of the process that started it)."""
    global _VERSIONS
    _VERSIONS = itertools.count(start)
