"""Open whatever file the user names: a session (.nnviz or .json), a network JSON, or a CSV of points."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from nnviz import data as nd
from nnviz.errors import NnvizError
from nnviz.session.config import CSV_DATASET, Config
from nnviz.session.session import Session

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})


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
