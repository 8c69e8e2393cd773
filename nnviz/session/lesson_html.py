"""An HTML lesson text checked against what lessons may contain (Qt-free; loaded with the first HTML lesson).

Older lessons are written in a small subset of HTML: paragraphs, emphasis, lists, headings, code,
simple tables and links. `check_html` walks the text once with Python's HTML parser and raises the
caller's error, in one line, at the first element, attribute or nesting beyond that subset.
"""

from __future__ import annotations

from html.parser import HTMLParser

from nnviz.errors import NnvizError

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


def check_html(text: str, error: type[NnvizError], max_depth: int) -> None:
    """Raise `error` (one line) at the first thing in the HTML `text` that lessons cannot contain."""
    _HtmlCheck(error, max_depth).check(text)


class _HtmlCheck(HTMLParser):
    """Walks an HTML lesson text once, keeping the open elements as HTML would, and stops at the first problem."""

    def __init__(self, error: type[NnvizError], max_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.error, self.max_depth = error, max_depth

    def check(self, text: str) -> None:
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            raise self.error(f"lesson texts cannot contain <{tag[:20]}>; they may use paragraphs, "
                             "emphasis, lists, headings, code, simple tables and links")
        allowed = ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed:
                raise self.error(f"lesson texts cannot give <{tag}> the attribute {name[:20]!r}")
            if len(value or "") > MAX_LINK:
                raise self.error(f"a link address in the lesson text is longer than {MAX_LINK} characters")
        if tag in VOID:
            return
        while self.open and self.open[-1] in IMPLIED_END and tag in IMPLIED_END[self.open[-1]]:
            self.open.pop()
        if tag == "table" and "table" in self.open:
            raise self.error("lesson texts cannot put a table inside a table")
        if tag in LISTS and sum(t in LISTS for t in self.open) >= MAX_LIST_DEPTH:
            raise self.error(f"lesson texts nest lists at most {MAX_LIST_DEPTH} deep")
        self.open.append(tag)
        if len(self.open) > self.max_depth:
            raise self.error(f"lesson texts nest elements at most {self.max_depth} deep")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_decl(self, decl: str) -> None:
        raise self.error("lesson texts cannot contain <!...> declarations")

    def handle_pi(self, data: str) -> None:
        raise self.error("lesson texts cannot contain <?...?> instructions")

    def unknown_decl(self, data: str) -> None:
        raise self.error("lesson texts cannot contain <![...]> sections")
