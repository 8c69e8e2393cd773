"""A copy of the session written on request, with an answer: the last autosave before a signal ends the app."""

from __future__ import annotations

from nnviz.errors import NnvizError
from nnviz.session.commands import SessionTask
from nnviz.session.message import Message
from nnviz.session.session import Session


class CopySaved(Message):
    """The answer to SaveCopy: where, and the one-line error ("" when it was written)."""

    path: str
    error: str = ""


class SaveCopy(SessionTask):
    """Write the session to `path` (atomically) without renaming it; answers with CopySaved."""

    path: str

    def run(self, session: Session) -> CopySaved:
        """Save in the runner's thread; a failure is the answer, not an exception."""
        # lazy: the file formats load with the first save
        from nnviz.session.files import save_session

        try:
            save_session(session, self.path)
        except NnvizError as exc:
            return CopySaved(self.path, str(exc))
        return CopySaved(self.path)
