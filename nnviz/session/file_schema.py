"""The schema version of session files, and the migrations that bring an older file up to date.

Version 1 is what nnviz wrote in its first releases; version 2 adds the run's
timeline (a version-1 file opens with a timeline that starts where it does). A future format
change bumps FILE_VERSION and registers one step in MIGRATIONS that turns a
version n document into version n + 1; loading applies the steps in order, so a
file of any earlier version opens in every later nnviz.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nnviz.errors import SessionFileError
from nnviz.io import brief

FORMAT = "nnviz-session"
FILE_VERSION = 2  # 2: the run's timeline ("timeline", session/timeline_file.py)
Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no timeline: without one, the loaded session's timeline starts where the file does."""
    doc.pop("timeline", None)  # a key of that name in a version-1 file was never a timeline
    return doc


# MIGRATIONS[n] turns a version-n document into a version n + 1 document
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}


def migrate_session_doc(doc: Any, current: int | None = None) -> dict[str, Any]:
    """A session document brought to the current version (SessionFileError for a non-session or a newer one)."""
    current = FILE_VERSION if current is None else current
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SessionFileError(f"not an nnviz session file (no \"format\": \"{FORMAT}\")")
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SessionFileError(f"the session file has no valid \"version\" (got {brief(version)})")
    if version > current:
        raise SessionFileError(f"the session file is version {version}, written by a newer nnviz; "
                               f"this one reads versions 1 to {current}: update nnviz to open it")
    while version < current:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SessionFileError(f"no migration from session file version {version}")
        doc = step(dict(doc))
        version += 1
        doc["version"] = version
    return doc
