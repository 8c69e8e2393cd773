"""Which commands change the session, so that the window knows when there is work to save (Qt-free)."""

from __future__ import annotations

from nnviz.session import commands as cmd
from nnviz.session.explain.tasks import ExplainSample, GetLesson

# commands that leave the session as it was (or replace it: a file opened or a new session starts clean)
KEEPS_SESSION: tuple[type, ...] = (
    cmd.Pause, cmd.SetSpeed, cmd.FrameConsumed, cmd.Wake, cmd.Stop, cmd.SaveSession, cmd.OpenFile, cmd.NewSession,
    GetLesson, ExplainSample,
)


def changes_session(command: object) -> bool:
    """Whether a command may change what a save would write (training, edits, settings, lesson text, data)."""
    return not isinstance(command, KEEPS_SESSION)


class ChangeCount:
    """Counts the changes sent and the ones a save has written: the session has changes when they differ.

    While training runs the session changes without a command, so a save sent while running leaves it
    changed. Saves are answered in the order they were sent; a failed one is simply never answered, which
    leaves the session marked as changed (the safe side)."""

    def __init__(self) -> None:
        self.sent = 0
        self.saved = 0
        self._saving: list[int] = []  # what each save on its way will have written

    def note(self, command: object, running: bool) -> None:
        """A command was sent to the worker."""
        if isinstance(command, cmd.SaveSession):
            if not command.autosave:
                self._saving.append(self.sent)
                if running:
                    self.sent += 1  # training goes on after the copy is taken
        elif changes_session(command):
            self.sent += 1

    def on_saved(self) -> None:
        """The oldest save on its way was written."""
        if self._saving:
            self.saved = self._saving.pop(0)

    def clean(self) -> None:
        """A file was opened or a new session made: nothing to save."""
        self._saving.clear()
        self.saved = self.sent

    def has_changes(self, running: bool) -> bool:
        """Whether the session differs from what was saved or opened last."""
        return running or self.sent != self.saved
