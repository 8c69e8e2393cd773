"""Reading the user's files: one place that turns every I/O and JSON failure into one clear line.

CSV data, session files and network JSON all come from the user, so each failure
(missing, a folder, too large, unreadable, not UTF-8, not JSON) must become an
NnvizError subclass whose message names the file and says what was wrong.
"""

from __future__ import annotations

import json
import os
from typing import Any

from nnviz.errors import NnvizError


def read_text(
    path: str | os.PathLike[str], *, error: type[NnvizError], what: str, max_bytes: int, encoding: str = "utf-8"
) -> str:
    """The text of a file of at most max_bytes; `what` names the kind of file in messages ("CSV file")."""
    source = os.fspath(path)
    try:
        size = os.path.getsize(source)
        if size > max_bytes:
            raise error(f"{source}: the file is too large ({size:,} bytes; the limit for a {what} is {max_bytes:,})")
        with open(source, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise error(f"{source}: no such file; check the path") from None
    except IsADirectoryError:
        raise error(f"{source}: is a folder, not a {what}") from None
    except OSError as exc:
        raise error(f"{source}: cannot read the file ({exc.strerror or exc})") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        lineno = data[: exc.start].count(b"\n") + 1
        raise error(f"{source}, line {lineno}: the file is not UTF-8 text; save the {what} as UTF-8") from None


def parse_json(text: str, *, error: type[NnvizError], source: str) -> Any:
    """The value of a JSON document; `source` prefixes the message ("my-run.json" or "the network JSON")."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{source} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:  # a number with too many digits, or nesting too deep
        raise error(f"{source} is not JSON nnviz can read: {exc}") from None
