"""The runner's file commands: open a session or network file, load a CSV, save; all off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from nnviz.errors import NnvizError
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.session import Session


class FileCommands:
    """Handlers of OpenFile, LoadCsv and SaveSession, mixed into the Runner."""

    session: Session
    _emit: Callable[[ev.Event], None]

    def _swap(self, session: Session) -> None:
        raise NotImplementedError

    def announce_config(self, seq: int) -> None:
        """Tell the consumer the session's config (the Runner's)."""
        raise NotImplementedError

    def _on_open(self, c: cmd.OpenFile) -> None:
        from nnviz.session.files import open_file

        try:
            session, is_session_file = open_file(c.path)
        except NnvizError:
            self.announce_config(c.seq)  # nothing changed: the GUI keeps (or reverts to) the session's config
            raise
        self._swap(session)
        self._emit(ev.Opened(c.path, is_session_file))
        self.announce_config(c.seq)
        self._emit(ev.Notice(f"opened {c.path}"))

    def _on_new(self, c: cmd.NewSession) -> None:
        from nnviz.session.config import Config

        self._swap(Session(Config()))
        self.announce_config(c.seq)
        self._emit(ev.Notice("a new session"))

    def _on_load_csv(self, c: cmd.LoadCsv) -> None:
        from nnviz.session.opening import csv_session

        try:
            session = csv_session(c.path, self.session.config, multiclass=c.multiclass)
        except NnvizError:
            self.announce_config(c.seq)
            raise
        self._swap(session)
        self.announce_config(c.seq)
        self._emit(ev.Notice(f"loaded {len(session.data.points)} points from {c.path}"))

    def _on_save(self, c: cmd.SaveSession) -> None:
        from nnviz.session.files import save_session

        s = self.session
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
