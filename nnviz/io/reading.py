"""Reading the user's files: regular files only, never more than a cap, every failure one clear line.

CSV data, session files and network JSON all come from the user, so each
failure (missing, a folder, a device or a pipe, too large, unreadable, not
UTF-8, not JSON) becomes an NnvizError subclass whose message names the file.
A FIFO or a device such as /dev/zero is refused before it is read, and no
file is read past its size cap plus one byte.
"""

from __future__ import annotations

import os
import stat
from typing import Any

from nnviz.errors import NnvizError

BOM = "\ufeff"
_CHUNK = 1 << 20


def kind_of(mode: int) -> str:
    """What a non-regular file is, for messages ("a folder", "a FIFO (named pipe)", ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refuse_special(source: str, mode: int, error: type[NnvizError], what: str) -> None:
    if not stat.S_ISREG(mode):
        raise error(f"{source}: is {kind_of(mode)}, not a {what}; nnviz reads only regular files")


def _no_such_file(source: str) -> str:
    return f"{source}: no such file; check the path"


def read_bytes(path: str | os.PathLike[str], *, error: type[NnvizError], what: str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most max_bytes; `what` names the kind of file in messages."""
    data, _ = _read_regular(path, error, what, max_bytes, max_bytes + 1)
    _refuse_size(os.fspath(path), len(data), max_bytes, error, what)  # the file grew while it was read
    return data


def read_start(path: str | os.PathLike[str], *, error: type[NnvizError], what: str, max_bytes: int,
               limit: int) -> tuple[bytes, int]:
    """The first `limit` bytes of a regular file of at most max_bytes, and the file's size (a preview: the size
    is checked before anything is read, and no more than `limit` bytes are read however big the file is)."""
    return _read_regular(path, error, what, max_bytes, limit)


def _read_regular(path: str | os.PathLike[str], error: type[NnvizError], what: str, max_bytes: int,
                  limit: int) -> tuple[bytes, int]:
    source = os.fspath(path)
    try:
        _refuse_special(source, os.stat(source).st_mode, error, what)
        fd = _open_for_reading(source)
        try:
            info = os.fstat(fd)
            _refuse_special(source, info.st_mode, error, what)
            _refuse_size(source, info.st_size, max_bytes, error, what)
            return _read_at_most(fd, limit), info.st_size
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise error(_no_such_file(source)) from None
    except IsADirectoryError:
        raise error(f"{source}: is a folder, not a {what}") from None
    except OSError as exc:
        raise error(f"{source}: cannot read the file ({exc.strerror or exc})") from None


def _open_for_reading(source: str) -> int:
    """A read-only descriptor; O_NONBLOCK so that a path swapped for a FIFO since the stat cannot hang."""
    return os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))


def _refuse_size(source: str, size: int, max_bytes: int, error: type[NnvizError], what: str) -> None:
    if size > max_bytes:
        raise error(f"{source}: the file is too large ({size:,} bytes; the limit for a {what} is {max_bytes:,})")


def _read_at_most(fd: int, limit: int) -> bytes:
    parts: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, _CHUNK))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def decode_text(data: bytes, *, error: type[NnvizError], what: str, source: str) -> str:
    """UTF-8 text without a leading byte-order mark, or `error` naming the first bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lineno = data[: exc.start].count(b"\n") + 1
        raise error(f"{source}, line {lineno}: the file is not UTF-8 text; save the {what} as UTF-8") from None


def read_text(path: str | os.PathLike[str], *, error: type[NnvizError], what: str, max_bytes: int) -> str:
    """The UTF-8 text (a BOM is dropped) of a regular file of at most max_bytes."""
    data = read_bytes(path, error=error, what=what, max_bytes=max_bytes)
    return decode_text(data, error=error, what=what, source=os.fspath(path))


def parse_json(text: str, *, error: type[NnvizError], source: str) -> Any:
    """The value of a JSON document (a leading BOM is fine); `source` prefixes the message."""
    if text.startswith(BOM):
        text = text[1:]
    import json  # lazy: no JSON is read before the app's first paint (issue 23: launch)

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{source} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except ValueError as exc:  # a number with more digits than Python converts
        if "digits" in str(exc):
            raise error(f"{source}: a number in the file is too long (more than 4,300 digits)") from None
        raise error(f"{source} is not JSON nnviz can read: {exc}") from None
    except RecursionError:
        raise error(f"{source} is not JSON nnviz can read: lists and objects nested too deep") from None


def check_json_shape(text: str, *, error: type[NnvizError], source: str, max_containers: int,
                     max_strings: int) -> None:
    """Refuse JSON text with more lists and objects, or strings, than the caps, before it is parsed (each costs
    tens of bytes of memory for a few bytes of text). Brackets and quotes inside strings count too: an upper bound."""
    containers = text.count("[") + text.count("{")
    if containers > max_containers:
        raise error(f"{source}: {containers:,} lists and objects is more than nnviz's limit of {max_containers:,} "
                    "for this kind of file")
    strings = text.count('"') // 2
    if strings > max_strings:
        raise error(f"{source}: {strings:,} strings is more than nnviz's limit of {max_strings:,} "
                    "for this kind of file")


def read_json(path: str | os.PathLike[str], *, error: type[NnvizError], what: str, max_bytes: int,
              max_containers: int | None = None, max_strings: int | None = None) -> Any:
    """The parsed JSON value of a regular file of at most max_bytes (and, if given, at most that many lists and
    objects, and strings)."""
    text = read_text(path, error=error, what=what, max_bytes=max_bytes)
    if max_containers is not None or max_strings is not None:
        check_json_shape(text, error=error, source=os.fspath(path), max_containers=max_containers or len(text),
                         max_strings=max_strings or len(text))
    return parse_json(text, error=error, source=os.fspath(path))
