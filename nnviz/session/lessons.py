"""Lessons: session files under resources/lessons/ that carry their own title and text.

A session file may hold an optional `"lesson": {"title": ..., "text": ...}`; the text is
rich text (a few paragraphs and "try this" steps). A teacher writes a lesson by giving a
session a title and a text and saving it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nnviz.errors import SessionFileError
from nnviz.resource_paths import resource_path

MAX_TITLE = 200
MAX_TEXT = 50_000
LESSON_SUFFIX = ".json"
MAX_LESSON_FILE_BYTES = 16 * 1024 * 1024  # a lesson is a small session: its title is read when the menu is built


def lesson_from_doc(doc: dict[str, Any]) -> dict[str, str] | None:
    """The validated `lesson` of a session file document, or None when it has none."""
    lesson = doc.get("lesson")
    if lesson is None:
        return None
    if not isinstance(lesson, dict):
        raise SessionFileError("'lesson' must be an object with a title and a text")
    title, text = lesson.get("title"), lesson.get("text", "")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        raise SessionFileError(f"the lesson needs a title of 1..{MAX_TITLE} characters")
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise SessionFileError(f"the lesson text must be text of at most {MAX_TEXT} characters")
    return {"title": title.strip(), "text": text}


def lessons_dir() -> Path:
    """The folder of the built-in lessons (resources/lessons, found by the one resource resolver)."""
    return resource_path("lessons")


@dataclass(frozen=True)
class LessonEntry:
    """A lesson file and its title."""

    path: Path
    title: str


def list_lessons(folder: str | os.PathLike[str] | None = None) -> list[LessonEntry]:
    """The lessons in a folder (the built-in ones by default), in file-name order; unreadable files are skipped."""
    # lazy: the lesson files are read only when the Lessons menu is filled
    from nnviz.io import read_json

    base = Path(folder) if folder is not None else lessons_dir()
    found = []
    for path in sorted(base.glob(f"*{LESSON_SUFFIX}")) if base.is_dir() else []:
        try:
            doc = read_json(path, error=SessionFileError, what="lesson file", max_bytes=MAX_LESSON_FILE_BYTES)
            lesson = lesson_from_doc(doc) if isinstance(doc, dict) else None
        except SessionFileError:
            continue
        if lesson is not None:
            found.append(LessonEntry(path, lesson["title"]))
    return found
