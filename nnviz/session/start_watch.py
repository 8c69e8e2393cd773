"""A training process that starts and never answers (it hangs before its first word, and never exits) is stopped
after START_SECONDS; the next Play, Step, file command or teaching step starts a new one.

A child answers as soon as its loop runs: its first frame comes unasked, Play or not. START_SECONDS is the one
setting for how long it may take. Measured on 2026-12-07 on 2 cores shared with 3-4 other jobs, from the child's
start to its first event: in the app's window under Xvfb (its plots loading meanwhile), load 3-7.5, 1.8-3.9 s
(6 runs) and 2.3-6.8 s with an empty bytecode cache (every module compiled at import, as on a first launch; 4
runs); alone, with three more busy loops beside it (load 5), 1.6-5.7 s, and 3.7-15.1 s with the cache empty. A slow
start killed by mistake costs a teacher more than a hang seen late (and a Play pressed meanwhile can be cancelled):
the limit is three times the slowest start seen.

What was sent to the child that never answered is sent again to the next one (it applied none of it: edits to
the weights, the points or the settings stay), except what the window was told failed with the time-out (Play,
Step, files, teaching steps: pressed again, they start the new child) and Pause (nothing runs).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from nnviz.session import commands as cmd
from nnviz.session.explain.tasks import TEACHING_STEPS

START_SECONDS = 45.0  # how long a starting training process may take to answer before it is stopped
NOT_STARTED = (f"the training process did not start within {START_SECONDS:.0f} s and was stopped; "
               "press Play to try again")
# asked by the user after a time-out: a new child (tasks the window sends by itself, a slice, a lesson, a copy saved at
# exit, do not start one; sent to the child that never answered, they are sent again to the next)
RETRY_COMMANDS = (*cmd.STARTING_COMMANDS, *cmd.FILE_COMMANDS, *TEACHING_STEPS)
NOT_SENT_AGAIN = (*RETRY_COMMANDS, cmd.Pause, cmd.SetSpeed, cmd.FrameConsumed, cmd.Stop, cmd.Wake)


class StartWatch:
    """When the current child started, what it was sent before it answered, and whether a new one is asked for
    after a time-out (the caller holds its send lock around every call but `overdue`)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started: float | None = None  # None: no child is starting (it answered, or none runs)
        self._unanswered: list[cmd.Command] = []
        self.timed_out = False  # a start timed out and no child runs until a RETRY_COMMAND asks for one
        self.retry_asked = False

    def started(self) -> None:
        """A child was started: it has START_SECONDS to answer."""
        self._started = self._clock()
        self._unanswered = []
        self.timed_out = self.retry_asked = False

    def sent(self, command: cmd.Command) -> None:
        """A command went to the child (kept until it answers)."""
        if self._started is not None:
            self._unanswered.append(command)

    def answered(self) -> None:
        """The child sent its first event: it is up."""
        self._started = None
        self._unanswered = []

    def overdue(self) -> bool:
        """Whether the starting child has not answered within START_SECONDS."""
        started = self._started
        return started is not None and self._clock() - started >= START_SECONDS

    def give_up(self) -> list[cmd.Command]:
        """The child is stopped: the commands the next child is sent first."""
        again: list[cmd.Command] = [c for c in self._unanswered if not isinstance(c, NOT_SENT_AGAIN)]
        self._started = None
        self._unanswered = []
        self.timed_out = True
        return again

    def asks_for_child(self, command: cmd.Command) -> bool:
        """Whether this command, sent while no child runs after a time-out, starts a new one (an autosave does not:
        no frame comes while nothing trains, and it would start one unasked)."""
        return self.timed_out and isinstance(command, RETRY_COMMANDS) and not getattr(command, "autosave", False)
