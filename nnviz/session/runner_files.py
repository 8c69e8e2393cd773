"""The runner's file commands: open a session or network file, load a CSV, save; all off the GUI thread.

`FileCommands` is a helper the Runner owns: it is handed the ways to read the runner's
session, swap in another, emit events and announce the config, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.errors import NnvizError
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.session import Session


class FileCommands:
    """Handlers of OpenFile, LoadCsv and SaveSession for a Runner."""

    def __init__(self, current: Callable[[], Session], swap: Callable[[Session], None],
                 emit: Callable[[ev.Event], None], announce_config: Callable[[int], None]) -> None:
        self._current = current  # the session the runner trains now
        self._swap = swap  # train another session from now on
        self._emit = emit
        self._announce_config = announce_config  # tell the consumer the session's config, answering request seq

    def open(self, c: cmd.OpenFile) -> None:
        """Open a session or network file; a bad one changes nothing (the GUI keeps its config)."""
        from nnviz.session.files import open_file  # lazy: the file formats load with the first file

        try:
            session, is_session_file = open_file(c.path)
        except NnvizError:
            self._announce_config(c.seq)  # nothing changed: the GUI keeps (or reverts to) the session's config
            raise
        self._swap(session)
        self._emit(ev.Opened(c.path, is_session_file))
        self._announce_config(c.seq)
        note = session.machine_note  # said once: trained on another kind of machine
        self._emit(ev.Notice(f"opened {c.path}" + (f"; {note}" if note else "")))

    def new(self, c: cmd.NewSession) -> None:
        """Replace the session with a new default one (File ▸ New)."""
        from nnviz.session.config import Config  # lazy: needed only for File > New

        self._swap(Session(Config()))
        self._announce_config(c.seq)
        self._emit(ev.Notice("a new session"))

    def load_csv(self, c: cmd.LoadCsv) -> None:
        """Train on a CSV file's points (read once); a bad file changes nothing."""
        from nnviz.session.opening import csv_session  # lazy: the CSV reader loads with the first CSV

        try:
            session = csv_session(c.path, self._current().config, multiclass=c.multiclass)
        except NnvizError:
            self._announce_config(c.seq)
            raise
        self._swap(session)
        self._announce_config(c.seq)
        self._emit(ev.Notice(f"loaded {len(session.data.points)} points from {c.path}"))

    def save(self, c: cmd.SaveSession) -> None:
        """Save the session (an autosave keeps its name); a failed save leaves the session as it was."""
        from nnviz.session.files import save_session  # lazy: the file formats load with the first save

        s = self._current()
        if c.autosave:
            save_session(s, c.path)
            return
        before = s.config
        if c.name and not before.name:
            s.with_config(before.replace(name=c.name))  # a live field: nothing is rebuilt
        try:
            save_session(s, c.path)
        except NnvizError:
            s.with_config(before)  # a failed save leaves the session as it was, name included
            raise
        self._emit(ev.Saved(c.path, s.config.name))
