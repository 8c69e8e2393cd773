"""The runner's file commands: open a session or network file, load a CSV, save; all off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from nnviz import data as nd
from nnviz.errors import NnvizError
from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.config import CSV_DATASET
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

    def _on_load_csv(self, c: cmd.LoadCsv) -> None:
        try:
            dataset = nd.load_csv(c.path)  # read once: the new session trains on these very points
        except NnvizError:
            self.announce_config(c.seq)
            raise
        problem = "regression" if dataset.kind == nd.REGRESSION else "multiclass" if c.multiclass else "auto"
        config = self.session.config.replace(dataset=CSV_DATASET, csv_path=str(c.path), problem=problem)
        self._swap(Session(config, data=dataset))
        self.announce_config(c.seq)
        self._emit(ev.Notice(f"loaded {len(dataset.points)} points from {c.path}"))

    def _on_save(self, c: cmd.SaveSession) -> None:
        from nnviz.session.files import save_session

        s = self.session
        before = s.config
        if c.name and not before.name:
            s.with_config(before.replace(name=c.name))  # a live field: nothing is rebuilt
        try:
            save_session(s, c.path)
        except NnvizError:
            s.with_config(before)  # a failed save leaves the session as it was, name included
            raise
        self._emit(ev.Saved(c.path, s.config.name))
