"""Text from a file shown by Qt as exactly that text: tooltips that Qt cannot read as HTML."""

from __future__ import annotations

import html


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` word for word: escaped inside a rich-text wrapper, so Qt never guesses HTML.

    Qt decides per tooltip whether it is rich text; escaped text alone would show its `&lt;` entities, and
    unescaped text from a file could be read as markup (an `<img>` that loads a file)."""
    if not text:
        return ""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
