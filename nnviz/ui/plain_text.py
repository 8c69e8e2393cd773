"""Text from a file shown by Qt as exactly that text: tooltips that Qt cannot read as HTML."""

from __future__ import annotations

from nnviz.io.validate import one_line

NAME_CHARS = 80  # a name from a file, shown in a title or a question, is cut to this many characters
MESSAGE_CHARS = 400  # a message that quotes a file's values, in the status bar (and its tooltip)
DIALOG_CHARS = 1200  # the same in a file-error dialog, which shows long paths whole


def plain_line(text: str, limit: int) -> str:
    """Text from a file as one plain line: whitespace runs (line breaks too) become one space, other control
    characters are escaped (\\x07), and more than `limit` characters are cut with an ellipsis."""
    line = one_line(" ".join(str(text).split()))
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` word for word: escaped inside a rich-text wrapper, so Qt never guesses HTML.

    Qt decides per tooltip whether it is rich text; escaped text alone would show its `&lt;` entities, and
    unescaped text from a file could be read as markup (an `<img>` that loads a file)."""
    if not text:
        return ""
    import html  # lazy: tooltips are made on hover; its entity table is not needed before the first paint (issue 23)

    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
