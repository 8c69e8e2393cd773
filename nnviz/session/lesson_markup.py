"""What a lesson's text may contain, checked when a file is read and before one is written (Qt-free).

A lesson is written in Markdown (read by Qt's own Markdown reader, with raw HTML shown as text)
or, as older lessons are, in a small subset of HTML. Either way it holds what a lesson needs:
paragraphs, emphasis, lists, headings, code and simple tables, plus links that the app shows
but never follows by itself. Images, styles, scripts, nested tables and deep nesting are
refused with one line, so a received file cannot make the rich-text engine load a file,
follow a link or lay out an exponential table.
"""

from __future__ import annotations

import re

from nnviz.errors import NnvizError

MARKDOWN, HTML = "markdown", "html"
FORMATS: tuple[str, ...] = (MARKDOWN, HTML)
MAX_DEPTH = 12  # open elements inside one another (HTML), or quote and list levels (Markdown)


class LessonMarkupError(NnvizError):
    """A lesson text with markup that lessons cannot contain."""


def check_markup(text: str, fmt: str) -> None:
    """Refuse (LessonMarkupError, one line) a lesson text beyond what lessons may contain."""
    if fmt == HTML:
        # lazy: Python's HTML parser loads with the first HTML lesson, not before the app's first paint (issue 23)
        from nnviz.session.lesson_html import check_html

        check_html(text, LessonMarkupError, MAX_DEPTH)
    elif fmt == MARKDOWN:
        _check_markdown(text)
    else:
        raise LessonMarkupError(f"the lesson format must be {' or '.join(FORMATS)}, got {fmt[:20]!r}")


_IMAGE = re.compile(r"!\[[^\]\n]*\]\s*[(\[]")
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])")


def _check_markdown(text: str) -> None:
    """Markdown: no images; quotes and lists nested at most MAX_DEPTH deep (raw HTML is shown as text)."""
    if _IMAGE.search(text):
        raise LessonMarkupError("lesson texts cannot contain images")
    for number, line in enumerate(text.splitlines(), 1):
        depth, rest = 0, line
        while (match := _CONTAINER.match(rest)) is not None:
            depth += 1
            rest = rest[match.end():]
            if depth > MAX_DEPTH:
                raise LessonMarkupError(f"line {number} of the lesson text nests quotes or lists more than "
                                        f"{MAX_DEPTH} deep")
        indent = len(line) - len(line.lstrip(" \t"))
        if indent > 4 * MAX_DEPTH:
            raise LessonMarkupError(f"line {number} of the lesson text is indented more than {4 * MAX_DEPTH} "
                                    "spaces")
