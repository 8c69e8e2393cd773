"""The training process's side: rebuild the session from its checkpoint and run a Runner on the pipes.

`child_main` is what `TrainingProcess` (session/training_process.py) starts in a child process ("spawn"): it
rebuilds the session, runs a Runner whose commands come from one pipe and whose events (light frames, checkpoints)
go out through the other, and ends when the parent says Stop or goes away.
"""

from __future__ import annotations

import math
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from nnviz.session import commands as cmd
from nnviz.session import events as ev
from nnviz.session.checkpoint_wire import CheckpointSender, PackedCheckpoint
from nnviz.session.frame_wire import FrameSender, PackedFrame
from nnviz.session.machine_cpu import app_cpu_reader
from nnviz.session.pins import continue_pin_ids_from
from nnviz.session.runner import Runner
from nnviz.session.session import Session

JOIN_SECONDS = 0.3  # how long a stopping child gets before it is terminated (and its event sender before it ends)


class PipeInbox:
    """The child's inbox: commands from the parent's pipe; a closed pipe means Stop."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, timeout: float) -> cmd.Command | None:
        """The next command, or None after `timeout` seconds."""
        try:
            if not self._conn.poll(timeout):
                return None
            command: cmd.Command = self._conn.recv()
        except (EOFError, OSError):
            return cmd.Stop()
        return command


def _exit_on_terminate(signum: int, frame: Any) -> None:
    """SIGTERM in the training process: leave through SystemExit, so `finally` blocks (the atomic writer's) run."""
    raise SystemExit(128 + signum)


def child_main(checkpoint: ev.Checkpoint, options: dict[str, Any], commands: Connection, events: Connection) -> None:
    """The training process: rebuild the session from its state and run a Runner on the pipes."""
    # lazy: the child process loads what it runs; the parent does not
    from nnviz.engine.blas import limit_threads
    from nnviz.session.files import session_from_dict
    from nnviz.session.versions import continue_versions_from
    from nnviz.session.warm_up import warm_up

    limit_threads()
    signal.signal(signal.SIGTERM, _exit_on_terminate)  # a save cut short still removes its temporary file
    for name in ("SIGINT", "SIGHUP"):  # Ctrl+C or a closed terminal reach the whole group: the app decides
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    continue_versions_from(options["version_base"])
    continue_pin_ids_from(options["pin_ids_from"])  # a pin removed before the crash never lends its id to another
    session = session_from_dict(checkpoint.state)
    session.grid.extent = checkpoint.extent
    session.points.version, session.structure_version = checkpoint.versions

    outbox: queue.SimpleQueue[ev.Event | None] = queue.SimpleQueue()
    frames = FrameSender()  # a frame travels as what changed since the one before
    checkpoints = CheckpointSender()  # a checkpoint's long texts (the timeline's arrays) travel once

    def pack(event: ev.Event) -> ev.Event | PackedFrame | PackedCheckpoint:
        if isinstance(event, ev.FramePacket):
            return frames.pack(event)
        return checkpoints.pack(event) if isinstance(event, ev.Checkpoint) else event

    def send_events() -> None:  # training never waits for the parent to read (it may be busy painting)
        while (event := outbox.get()) is not None:
            try:
                events.send(pack(event))
            except OSError:  # the parent is gone: nobody to train for
                runner.request_stop()
                return

    runner = child_runner(session, outbox.put, options)
    sender = threading.Thread(target=send_events, name="nnviz-events", daemon=True)
    sender.start()
    # the compiled step loads while the user looks at the window, not at the first Play (session/warm_up.py)
    threading.Thread(target=warm_up(session), name="nnviz-warm-up", daemon=True).start()
    if options.get("announce") is not None:
        runner.announce_config(options["announce"])
    if options.get("compare") is not None:
        runner.pins.resume_compare(options["compare"])
    runner.run(PipeInbox(commands))
    outbox.put(None)
    sender.join(JOIN_SECONDS)
    os._exit(0)  # every event is sent; skip the interpreter's teardown (slow on a busy machine): quit stays quick


def child_runner(session: Session, emit: Callable[[ev.Event], None], options: dict[str, Any],
                 clock: Callable[[], float] = time.perf_counter) -> Runner:
    """The child's Runner: light frames, checkpoints, and a frame only when the reader asks (FrameConsumed).

    It has no ACK_TIMEOUT of its own: the reader's FrameHandoff keeps the one clock and asks for a frame when
    it hands one on, also after that timeout (two clocks raced: the child sent a frame unasked and the reader's
    late ask made it send another, so the hand-off dropped one)."""
    return Runner(session, emit, clock=clock, resolution=options["resolution"],
                  frame_interval=options["frame_interval"], grids=False, checkpoint_every=options["checkpoint_every"],
                  ack_timeout=math.inf, cpu_clock=time.thread_time, app_cpu=app_cpu_reader(os.getppid()))
