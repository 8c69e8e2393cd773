"""File names built from titles: one sanitiser that gives a name valid on Windows, macOS and Linux.

A suggested file name often comes from text a user or a lesson wrote ("Lesson 2:
XOR with a 2-3-1 network"). `safe_file_stem` turns such text into a stem that
every common file system accepts: no path separators, no characters Windows
forbids (`<>:"/\\|?*`), no control characters, no leading dot (a hidden file) or
trailing dot or space (Windows drops them), none of Windows' reserved device
names (CON, NUL, COM1, ...), and at most `max_bytes` bytes of UTF-8, cut on a
character boundary. Letters of any script are kept. Qt-free, numpy-free.
"""

from __future__ import annotations

import re
import unicodedata

FORBIDDEN = '<>:"/\\|?*'  # Windows refuses these; "/" and ":" are also special on Linux and macOS
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{n}" for n in "123456789¹²³"]
    + [f"LPT{n}" for n in "123456789¹²³"]
)
_SEPARATORS = re.compile(r"[\s\-]+")
_DOTS = re.compile(r"\.{2,}")  # "..": never a path step, even inside a name
_DOT_BEFORE_SEPARATOR = re.compile(r"\.-")  # a word's full stop: "6. Spiral" gives "6-spiral", not "6.-spiral"
MAX_STEM_BYTES = 100  # far below every file system's 255-byte limit, leaving room for a suffix and a folder


def _allowed(char: str) -> bool:
    """Whether a character may stay in a file name (not forbidden, not a control or format character)."""
    return char not in FORBIDDEN and unicodedata.category(char)[0] != "C"


def _cut_utf8(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` whose UTF-8 encoding fits in `max_bytes`."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def safe_file_stem(text: str, *, fallback: str = "untitled", lower: bool = True,
                   max_bytes: int = MAX_STEM_BYTES) -> str:
    """A file-name stem from `text`, valid on Windows, macOS and Linux; words joined by "-".

    Forbidden and control characters become separators, runs of spaces and dashes
    become one "-" (a full stop before one goes), leading dots and trailing dots, dashes and spaces go. An empty
    result, or one of Windows' reserved device names, becomes `fallback` (or the
    name followed by "-file"). `lower` lowercases the result.
    """
    text = unicodedata.normalize("NFC", text)
    kept = "".join(char if _allowed(char) else " " for char in text)
    stem = _DOT_BEFORE_SEPARATOR.sub("-", _SEPARATORS.sub("-", _DOTS.sub(".", kept))).strip("-")
    if lower:
        stem = stem.lower()
    stem = _cut_utf8(stem, max_bytes)
    stem = stem.lstrip(". -~").rstrip(". -")  # no hidden file, option-like name or home shorthand
    if not stem:
        stem = fallback
    head, dot, rest = stem.partition(".")
    if head.upper() in _WINDOWS_RESERVED:
        stem = f"{head}-file{dot}{rest}"
    return stem


def safe_file_name(text: str, suffix: str, *, fallback: str = "untitled", lower: bool = True) -> str:
    """`safe_file_stem(text)` followed by `suffix` (".png", "-network.json"), which the caller vouches for."""
    return safe_file_stem(text, fallback=fallback, lower=lower) + suffix
