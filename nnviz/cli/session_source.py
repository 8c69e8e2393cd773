"""Where a headless run gets its session: a saved file to continue, a config file, or the training flags.

`nnviz train FILE --epochs N` and `nnviz render FILE ...` continue a saved session
exactly where it stopped (weights, optimizer state, random state and the place in
the epoch are all in the file), so save-then-continue equals one uninterrupted run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from nnviz.errors import ConfigError, NnvizError, SessionFileError
from nnviz.io import check_writable
from nnviz.session import Config, Session

SAVE_BACK = "\0save-back"  # `--save` with no file: write the continued session back over the file it came from


def add_source_arguments(p: argparse.ArgumentParser, *, with_save: bool = True) -> None:
    """The session file (positional) and --config; with_save adds --save [FILE]."""
    p.add_argument("session_file", nargs="?", default="", metavar="FILE",
                   help="a saved session (or network) file to continue; its settings replace the training options")
    p.add_argument("--config", default="", metavar="FILE",
                   help="a session file to continue, or a JSON file holding just a config, to start from")
    if with_save:
        p.add_argument("--save", nargs="?", const=SAVE_BACK, default="", metavar="FILE",
                       help="save the session after training (to FILE; with no FILE, back to the session file)")


def session_from_args(args: argparse.Namespace, config_from_args: Callable[[argparse.Namespace], Config]) -> Session:
    """The session a headless command works on (SessionFileError or ConfigError on bad input)."""
    source = _source_file(args)
    if not source:
        return Session(config_from_args(args))
    # lazy: the file formats load only when a file is named
    from nnviz.session.files import open_file, read_session_json

    if source == args.config:
        doc = read_session_json(source, "config file")
        if isinstance(doc, dict) and "format" not in doc and "dataset" in doc:  # a bare config, not a session
            if getattr(args, "save", "") == SAVE_BACK:
                raise ConfigError(f"{source} holds a config, not a session: give --save a file name")
            try:
                return Session(Config.from_dict(doc))
            except NnvizError as exc:
                raise SessionFileError(f"{source}: {exc}") from None
    session, is_session_file = open_file(source)
    if getattr(args, "save", "") == SAVE_BACK and not is_session_file:
        raise ConfigError(f"{source} is a network file, not a session: give --save a new file name")
    return session


def _source_file(args: argparse.Namespace) -> str:
    positional, config = getattr(args, "session_file", ""), getattr(args, "config", "")
    if positional and config:
        raise ConfigError("give the session file either as FILE or as --config FILE, not both")
    return str(positional or config)


def save_path(args: argparse.Namespace) -> str:
    """Where --save writes ("" for nowhere); a bare --save means the file the session came from."""
    save = getattr(args, "save", "")
    if save != SAVE_BACK:
        return _writable(str(save))
    source = _source_file(args)
    if not source:
        raise ConfigError("--save without a file name needs a session file to write back to")
    return _writable(str(Path(source)))


def _writable(path: str) -> str:
    """The path, once it is known that a save there can happen: not a device, FIFO, socket or folder, in a folder
    that takes a new file (checked before any training)."""
    if path:
        check_writable(path, error=SessionFileError, what="the session")
    return path
