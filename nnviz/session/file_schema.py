"""The schema version of session files, and the migrations that bring an older file up to date.

Version 1 is what nnviz has written since its first release. A future format
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
FILE_VERSION = 1
Migration = Callable[[dict[str, Any]], dict[str, Any]]
# MIGRATIONS[n] turns a version-n document into a version n + 1 document
MIGRATIONS: dict[int, Migration] = {}


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
