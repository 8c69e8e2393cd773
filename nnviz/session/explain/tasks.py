"""Commands of the teaching mode: values the GUI queues and the training loop runs on its Session.

Each task's `run(session)` is called by the runner between training chunks, in the thread that
owns the session, and its return value goes back as a TaskDone event (the worker's `taskDone`). A task
that raises NnvizError leaves the session as it was and the message reaches the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nnviz.errors import NnvizError
from nnviz.session.commands import SessionTask
from nnviz.session.lesson_markup import MARKDOWN
from nnviz.session.lessons import make_lesson_dict
from nnviz.session.message import Message
from nnviz.session.session import Session

if TYPE_CHECKING:
    from nnviz.session.explain.sample import SampleExplanation

RUN_CHUNK_BATCHES = 200  # batches per RunFor chunk: the loop looks at its queue and sends a frame between chunks


class ExplainSample(SessionTask):
    """Walk one training sample through the network (nothing changes); returns a SampleExplanation."""

    index: int
    reads_shown_epoch = True  # explain step works on any past epoch of the timeline

    def run(self, session: Session) -> SampleExplanation:
        """The explanation of the sample."""
        # lazy: the explanation's maths loads when a sample is first explained (the app's start-up, issue 23)
        from nnviz.session.explain.sample import explain_sample

        return explain_sample(session, self.index)


class UpdateApplied(Message):
    """The answer to ApplyExplainedUpdate / UndoExplainedUpdate."""

    explanation: SampleExplanation
    applied: bool
    alone: bool


class ApplyExplainedUpdate(SessionTask):
    """Take the explained step (with the sample alone, or with its mini-batch)."""

    explanation: SampleExplanation
    alone: bool = True
    carries_on = True

    def run(self, session: Session) -> UpdateApplied:
        """Write the step into the session."""
        # lazy: loaded by the explanation this update comes from
        from nnviz.session.explain.sample import apply_update

        apply_update(session, self.explanation, self.alone)
        session.timeline.edited(session)  # an edit of the run: the timeline keeps the state after it
        return UpdateApplied(self.explanation, True, self.alone)


class UndoExplainedUpdate(SessionTask):
    """Put the weights and optimizer state back from before the explained step, bit for bit."""

    explanation: SampleExplanation
    alone: bool = True
    carries_on = True

    def run(self, session: Session) -> UpdateApplied:
        """Undo the step."""
        # lazy: loaded by the explanation this update comes from
        from nnviz.session.explain.sample import undo_update

        undo_update(session, self.explanation, self.alone)
        session.timeline.rolled_back(session)  # the step is no longer part of the run
        return UpdateApplied(self.explanation, False, self.alone)


class RunProgress(Message):
    """How far a Run for N has come; `message` says why it stopped early (e.g. divergence)."""

    run_id: int
    start: int  # the counter when the run began
    done: int
    total: int
    unit: str  # "epochs" or "steps"
    finished: bool
    message: str = ""


class RunFor(SessionTask):
    """One chunk of "train exactly N epochs (or N steps), then pause", counted from `start`.

    `start` is the session's epoch (or step) counter when the run began (-1: now, for the
    first chunk); the GUI sends the next chunk when the answer arrives, so the loop stays
    responsive and frames flow between chunks.
    """

    run_id: int
    total: int
    unit: str  # "epochs" or "steps"
    start: int
    carries_on = True  # from an epoch shown on the timeline: it becomes the live run

    def run(self, session: Session) -> RunProgress:
        """Train up to RUN_CHUNK_BATCHES batches toward the target, never past it."""
        start = run_counter(session, self.unit) if self.start < 0 else self.start
        done = run_counter(session, self.unit) - start
        budget = RUN_CHUNK_BATCHES
        try:
            while done < self.total and budget > 0:
                if self.unit == "epochs":
                    n = min(budget, session.trainer.batches_left)
                    session.step(n)
                else:
                    n = min(budget, self.total - done)
                    session.step(n)
                done = run_counter(session, self.unit) - start
                budget -= n
        except NnvizError as exc:
            done = run_counter(session, self.unit) - start
            return RunProgress(self.run_id, start, done, self.total, self.unit, True, str(exc))
        return RunProgress(self.run_id, start, done, self.total, self.unit, done >= self.total)


def run_counter(session: Session, unit: str) -> int:
    """The counter a RunFor of this unit counts: the epoch or the step."""
    return session.epoch if unit == "epochs" else session.steps


class LessonText(Message):
    """The session's lesson ({"title", "text"}) or None: the answer to SetLesson and GetLesson."""

    lesson: dict[str, str] | None


class SetLesson(SessionTask):
    """Attach a lesson's title and text to the session (saved with it); an empty title removes it.

    The text is checked as a file reader checks it (length, markup): what is set can be saved and opened."""

    title: str
    text: str
    fmt: str = MARKDOWN

    def run(self, session: Session) -> LessonText:
        """Store the lesson on the session (LessonMarkupError, one line, when it cannot be used)."""
        session.lesson = make_lesson_dict(self.title, self.text, self.fmt) if self.title.strip() else None
        return LessonText(session.lesson)


class GetLesson(SessionTask):
    """Ask for the session's lesson (after a session was opened)."""

    def run(self, session: Session) -> LessonText:
        """The session's lesson."""
        return LessonText(session.lesson)


TEACHING_STEPS = (ExplainSample, ApplyExplainedUpdate, UndoExplainedUpdate, RunFor)  # asked by the user of a trainer
