"""Open whatever file the user names: a session (.nnviz or .json), a network JSON, or a CSV of points.

`cannot_open` tells, before the window asks about unsaved changes, why a file cannot be opened as what its name
says, where that is cheap to tell: not a regular file (missing, a folder, a pipe), too large, and what its first
bytes or its text say. A session or network file of at most CHECKED_BYTES is read and parsed as JSON, and must be
a network file or a session file of a version this nnviz reads; a larger one must start as a JSON object (parsing
25 MB takes a second in the GUI thread). A table must have a table in its first PREVIEW_BYTES (what the import
dialog shows). The worker reads the whole file again and may still refuse it (a bad setting inside): then the
question came first, and the session stays as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from nnviz import data as nd
from nnviz.errors import CsvError, NnvizError, SessionFileError
from nnviz.io import caps
from nnviz.io.reading import decode_text, read_start
from nnviz.session.config import CSV_DATASET, Config
from nnviz.session.session import Session

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
PREVIEW_BYTES = 256 * 1024  # the most the import dialog reads of a table (a few thousand rows); OK reads it all
CHECKED_BYTES = 4 * 1024 * 1024  # a session or network file parsed before the question (0.1-0.15 s at most, load 4)
JSON_START = 4096  # the bytes of a larger one read to see it starts as a JSON object
_BLANK = b"\xef\xbb\xbf \t\r\n"  # a byte-order mark and white space before the JSON


@dataclass(frozen=True)
class TablePreview:
    """The start of a table file, as the import dialog shows it."""

    table: nd.Table  # the rows in the preview
    partial: bool  # the file goes on past the preview
    size: int  # the file's size in bytes


def read_preview(path: str, limit: int = PREVIEW_BYTES) -> TablePreview:
    """The table in the first `limit` bytes of a file, cut at the last whole line (CsvError on a bad file)."""
    data, size = read_start(path, error=CsvError, what="CSV file", max_bytes=caps.MAX_CSV_BYTES, limit=limit)
    partial = len(data) < size
    if partial:
        cut = data.rfind(b"\n")
        if cut < 0:
            raise CsvError(f"{path}: no line ends within the first {limit:,} bytes; is this a table?")
        data = data[: cut + 1]
    return TablePreview(nd.parse_table(decode_text(data, error=CsvError, what="CSV file", source=path), path),
                        partial, size)


@dataclass(frozen=True)
class OpenedFile:
    """A session made from a file; `session_file` is the path to save back to (None: Save asks for a name)."""

    session: Session
    session_file: Path | None


def is_csv_name(path: str | os.PathLike[str]) -> bool:
    """Whether the name says a CSV of points (anything else is read as a session or network JSON)."""
    return Path(path).suffix.lower() in CSV_SUFFIXES


def csv_session(path: str | os.PathLike[str], base: Config, multiclass: bool = False) -> Session:
    """A session on a CSV file's points, with `base`'s other settings (the problem follows the labels)."""
    dataset = nd.load_csv(path)  # read once: the session trains on these very points
    problem = "regression" if dataset.kind == nd.REGRESSION else "multiclass" if multiclass else "auto"
    return Session(base.replace(dataset=CSV_DATASET, csv_path=str(path), problem=problem), data=dataset)


def open_path(path: str | os.PathLike[str], base: Config | None = None) -> OpenedFile:
    """A session from a session file, a network file or a CSV (trained with `base`'s other settings).

    Raises an NnvizError whose one-line message names the file.
    """
    path = Path(path)
    if is_csv_name(path):
        return OpenedFile(csv_session(path, base or Config()), None)
    # lazy: a CSV opens without loading the session file formats
    from nnviz.session.files import open_file

    try:
        session, is_session_file = open_file(path)
    except NnvizError as exc:
        message = str(exc)
        if str(path) not in message:
            raise type(exc)(f"{path}: {message}") from None
        raise
    return OpenedFile(session, path if is_session_file else None)


def cannot_open(path: str | os.PathLike[str]) -> str:
    """Why `path` cannot be opened as the file its name says (the line its reader would give), or '' when it
    looks right or cannot be looked at now (the reader then says why): see the module's notes."""
    source = os.fspath(path)
    try:  # a path that is not a regular file (missing, a folder, a pipe) is refused before it is opened
        if is_csv_name(source):
            read_preview(source)
        else:
            _check_session_or_network(source)
    except NnvizError as exc:
        return str(exc)
    except (OSError, ValueError):
        return ""
    return ""


def _check_session_or_network(source: str) -> None:
    # lazy: a CSV opens without loading the session file formats
    from nnviz.session.file_schema import migrate_session_doc
    from nnviz.session.files import MAX_FILE_BYTES, read_session_json
    from nnviz.session.network_files import looks_like_network

    head, size = read_start(source, error=SessionFileError, what="session file", max_bytes=MAX_FILE_BYTES,
                            limit=JSON_START)  # the size is checked before anything is read
    if size > CHECKED_BYTES:
        if not head.lstrip(_BLANK).startswith(b"{"):
            raise SessionFileError(f"{source}: not an nnviz session or network file (it does not start as JSON)")
        return
    doc = read_session_json(source, "session file")
    if not looks_like_network(doc):
        try:
            migrate_session_doc(doc)
        except SessionFileError as exc:
            raise SessionFileError(f"{source}: {exc}") from None
