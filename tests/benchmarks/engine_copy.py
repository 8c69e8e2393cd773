"""The live run's state, copied for the engine alone: bench_scale's paired measurement (see its docstring).

`WriteEngineCopy` is a SessionTask: the window sends it to its training process, which runs it between two
chunks, on the live session itself, and writes that session's training state to a file (weights, optimizer
moments, random streams, the place in the epoch, the data). `engine_epochs_per_second` (in the engine's own
process) rebuilds a Session from that file and trains it flat out: the same batches, from the same epoch, as
the live run trains next. Only nnviz's session modules are imported here, lazily: the training process
imports this module to unpickle the task.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from nnviz.session.commands import SessionTask
from nnviz.session.message import Message


class EngineCopyWritten(Message):
    """The answer to WriteEngineCopy `seq`: the file written, the live run's epoch and batches then ("": failed)."""

    path: str
    epoch: int = 0
    steps: int = 0
    error: str = ""
    seq: int = 0


class WriteEngineCopy(SessionTask):
    """Write the live session's training state to `path` as JSON (the session file's form, less its timeline
    and pins: Session.step never reads them). An empty path writes nothing: the answer says the pause before
    it took effect."""

    path: str
    seq: int = 0  # echoed in the answer: a late answer to an earlier request is not taken for this one's

    def run(self, session: Any) -> EngineCopyWritten:
        """In the training process, between chunks; a failure is the answer, not an exception."""
        # lazy: the training process loads them on the first copy
        from nnviz.session.files import session_to_dict
        from nnviz.session.timeline import Timeline

        if not self.path:  # only an answer: the pause before it has taken effect
            return EngineCopyWritten("", session.epoch, session.steps, seq=self.seq)
        kept, session.timeline = session.timeline, Timeline()  # not encoded (0.3 s and more at 8x64): not needed
        try:
            doc = session_to_dict(session, pins=False)
            with open(self.path + ".part", "w", encoding="utf-8") as f:
                json.dump(doc, f)
            os.replace(self.path + ".part", self.path)
        except (OSError, ValueError, TypeError) as exc:
            return EngineCopyWritten("", error=f"{type(exc).__name__}: {exc}", seq=self.seq)
        finally:
            session.timeline = kept
        return EngineCopyWritten(self.path, session.epoch, session.steps, seq=self.seq)


def load_copy(path: str) -> Any:
    """The Session written by WriteEngineCopy."""
    from nnviz.session.files import session_from_dict

    with open(path, encoding="utf-8") as f:
        return session_from_dict(json.load(f))


def engine_epochs_per_second(path: str, seconds: float) -> dict[str, float]:
    """Train the copied session flat out (Session.step, 50 batches at a time, as bench_app's engine alone) for
    about `seconds`: epochs/s from the batches trained, and the CPU seconds it took per wall second."""
    session = load_copy(path)
    per_epoch = -(-len(session.train_set.points) // session.config.batch_size)  # batches in an epoch
    session.step(1)  # its buffers are made at the first step (untimed, one batch)
    start, t0, c0 = session.steps, time.perf_counter(), time.thread_time()
    while time.perf_counter() - t0 < seconds:
        session.step(50)
    wall = time.perf_counter() - t0
    return {"epochs/s": (session.steps - start) / per_epoch / wall, "cores": (time.thread_time() - c0) / wall}
