"""Suggested file names: built from a sanitised name only, valid on Windows, macOS and Linux (Qt-free)."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 80  # characters of a suggested name, before its suffix
SESSION_SUFFIX = ".nnviz"
# names Windows reserves for devices, whatever their suffix
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{port}{i}" for port in ("com", "lpt") for i in range(1, 10))})
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)  # keep letters, digits, _ . - (any script); the rest becomes -


def portable_name(name: str, fallback: str = "session", max_len: int = MAX_NAME) -> str:
    """`name` as a file name stem: no separator, no `..`, no control or reserved character, at most max_len."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"[-.]*-[-.]*", "-", text).strip("-._")[:max_len].strip("-._")
    if not text or text.split(".")[0] in RESERVED:
        return fallback if text == "" else f"{fallback}-{text}"
    return text


def suggested_file(name: str, suffix: str = SESSION_SUFFIX) -> str:
    """A portable file name for a session (or an export) called `name`, with its suffix."""
    return portable_name(name) + suffix
