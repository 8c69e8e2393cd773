"""Lessons: session files under resources/lessons/ that carry their own title and text.

A session file may hold an optional `"lesson": {"title": ..., "text": ..., "format": ...}`; the
text is Markdown (`"format": "markdown"`) or, in files written before Markdown, a small subset
of HTML (the default). A teacher writes a lesson by giving a session a title and a text and
saving it. The same checks (`make_lesson_dict`) run where the text is typed, before a file is
written and when one is read, so anything the app saves, it can open.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nnviz.errors import NnvizError, SessionFileError
from nnviz.resource_paths import resource_path
from nnviz.session.lesson_markup import FORMATS, HTML, LessonMarkupError, check_markup
from nnviz.session.message import Message

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
    try:
        return make_lesson_dict(lesson.get("title"), lesson.get("text", ""), lesson.get("format", HTML))
    except NnvizError as exc:
        raise SessionFileError(str(exc)) from None


def title_problem(title: object) -> str:
    """Why a lesson title cannot be used ('' when it can)."""
    if not isinstance(title, str) or not title.strip() or len(title.strip()) > MAX_TITLE:
        return f"the lesson needs a title of 1..{MAX_TITLE} characters"
    if any(c in title for c in "\r\n\0"):
        return "the lesson title must be one line"
    return ""


def text_problem(text: object, fmt: object = HTML) -> str:
    """Why a lesson text cannot be used ('' when it can): too long, or markup lessons cannot contain."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return f"the lesson text must be text of at most {MAX_TEXT:,} characters"
    if fmt not in FORMATS:
        return f"the lesson format must be {' or '.join(FORMATS)}"
    try:
        check_markup(text, str(fmt))
    except LessonMarkupError as exc:
        return str(exc)
    return ""


def make_lesson_dict(title: object, text: object, fmt: object = HTML) -> dict[str, str]:
    """A checked lesson {"title", "text", "format"}; LessonMarkupError (one line) when it cannot be used."""
    problem = title_problem(title) or text_problem(text, fmt)
    if problem:
        raise LessonMarkupError(problem)
    assert isinstance(title, str) and isinstance(text, str) and isinstance(fmt, str)
    return {"title": title.strip(), "text": text, "format": fmt}


def lessons_dir() -> Path:
    """The folder of the built-in lessons (resources/lessons, found by the one resource resolver)."""
    return resource_path("lessons")


class LessonEntry(Message):
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


def is_builtin_lesson(path: str | os.PathLike[str] | None) -> bool:
    """Whether a file is one of the lessons nnviz ships (read-only: saving one asks for a new file)."""
    if path is None or str(path) == "":
        return False
    folder = lessons_dir()
    try:
        real, base = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return False
    return real.parent == base or base in real.parents
