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
from html.parser import HTMLParser

from nnviz.errors import NnvizError

MARKDOWN, HTML = "markdown", "html"
FORMATS: tuple[str, ...] = (MARKDOWN, HTML)
MAX_DEPTH = 12  # open elements inside one another (HTML), or quote and list levels (Markdown)
MAX_LIST_DEPTH = 6
MAX_LINK = 2000  # characters of a link's address

VOID = frozenset({"br", "hr"})
INLINE = frozenset({"b", "strong", "i", "em", "u", "s", "code", "sub", "sup", "a", "span"})
BLOCKS = frozenset({"p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
                    "table", "thead", "tbody", "tr", "th", "td"})
ALLOWED = VOID | INLINE | BLOCKS
ATTRIBUTES: dict[str, frozenset[str]] = {"a": frozenset({"href"})}
# elements HTML closes by itself when a sibling starts: (the element, the elements that close it)
IMPLIED_END: dict[str, frozenset[str]] = {
    "p": frozenset({"p", "ul", "ol", "table", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}),
    "li": frozenset({"li"}),
    "td": frozenset({"td", "th", "tr"}),
    "th": frozenset({"td", "th", "tr"}),
    "tr": frozenset({"tr"}),
}
LISTS = frozenset({"ul", "ol"})


class LessonMarkupError(NnvizError):
    """A lesson text with markup that lessons cannot contain."""


def check_markup(text: str, fmt: str) -> None:
    """Refuse (LessonMarkupError, one line) a lesson text beyond what lessons may contain."""
    if fmt == HTML:
        _HtmlCheck().check(text)
    elif fmt == MARKDOWN:
        _check_markdown(text)
    else:
        raise LessonMarkupError(f"the lesson format must be {' or '.join(FORMATS)}, got {fmt[:20]!r}")


class _HtmlCheck(HTMLParser):
    """Walks an HTML lesson text once, keeping the open elements as HTML would, and stops at the first problem."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def check(self, text: str) -> None:
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            raise LessonMarkupError(f"lesson texts cannot contain <{tag[:20]}>; they may use paragraphs, "
                                    "emphasis, lists, headings, code, simple tables and links")
        allowed = ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed:
                raise LessonMarkupError(f"lesson texts cannot give <{tag}> the attribute {name[:20]!r}")
            if len(value or "") > MAX_LINK:
                raise LessonMarkupError(f"a link address in the lesson text is longer than {MAX_LINK} characters")
        if tag in VOID:
            return
        while self.open and self.open[-1] in IMPLIED_END and tag in IMPLIED_END[self.open[-1]]:
            self.open.pop()
        if tag == "table" and "table" in self.open:
            raise LessonMarkupError("lesson texts cannot put a table inside a table")
        if tag in LISTS and sum(t in LISTS for t in self.open) >= MAX_LIST_DEPTH:
            raise LessonMarkupError(f"lesson texts nest lists at most {MAX_LIST_DEPTH} deep")
        self.open.append(tag)
        if len(self.open) > MAX_DEPTH:
            raise LessonMarkupError(f"lesson texts nest elements at most {MAX_DEPTH} deep")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_decl(self, decl: str) -> None:
        raise LessonMarkupError("lesson texts cannot contain <!...> declarations")

    def handle_pi(self, data: str) -> None:
        raise LessonMarkupError("lesson texts cannot contain <?...?> instructions")

    def unknown_decl(self, data: str) -> None:
        raise LessonMarkupError("lesson texts cannot contain <![...]> sections")


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
