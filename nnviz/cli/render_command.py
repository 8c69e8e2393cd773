"""`nnviz render`: train (or continue a saved session), then draw the app's views offscreen to PNG, SVG or GIF.

    nnviz render [FILE | training options] --epochs N --screenshot out.png|out.svg
                 [--panel window|network|boundary|loss] [--scale 2] [--size 1280x800]
                 [--gif out.gif --every 10]

Every option and the session file are checked before anything is trained or
written: a bad one exits 2 with one line and leaves no file behind.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nnviz.cli import train_command
from nnviz.cli.config_flags import config_from_args
from nnviz.cli.interrupts import SignalFlag, deferred_signals
from nnviz.cli.session_source import save_path, session_from_args
from nnviz.errors import ConfigError, DivergenceError, NnvizError
from nnviz.io import caps, check_writable
from nnviz.io.memory import check_image_memory

if TYPE_CHECKING:
    from nnviz.session import Session
    from nnviz.ui.export.render import Renderer
    from nnviz.ui.export.stage import StageWindow

PANELS = ("window", "network", "boundary", "loss")  # nnviz.ui.export.stage.HEADLESS_PANELS, without Qt
MAX_SIDE = 8192
MAX_PIXELS = 64_000_000  # width x height x scale² of one image
MAX_SCALE = 4.0
MAX_GIF_FRAMES = caps.MAX_GIF_FRAMES
MAX_GIF_PIXELS = caps.MAX_GIF_PIXELS


def add_parser(sub: argparse._SubParsersAction, summary: str = "") -> None:  # type: ignore[type-arg]
    """Register the `render` subcommand: train's options plus the picture's (`summary`: its --help line)."""
    p = sub.add_parser("render", parents=[_train_options()], conflict_handler="resolve", help=summary)
    p.add_argument("--epochs", type=int, default=None,
                   help="epochs to train before the picture (default 100; 0 with --epoch)")
    p.add_argument("--epoch", type=int, default=None, metavar="N",
                   help="draw the session file as it was at epoch N of its timeline")
    p.add_argument("--screenshot", default="", metavar="OUT",
                   help="write the picture here: .png or .svg")
    p.add_argument("--panel", default="window", choices=PANELS, help="what to draw (default: window)")
    p.add_argument("--scale", type=float, default=1.0, help="device pixels per pixel, 1 to 4 (default 1)")
    p.add_argument("--size", default="", metavar="WxH",
                   help="size of the window or panel in pixels (default: window 1280x800, each panel its own)")
    p.add_argument("--gif", default="", metavar="OUT", help="also record an animated GIF of the training")
    p.add_argument("--every", type=int, default=10, help="a GIF frame every N epochs, and one at the start")
    p.add_argument("--frame-ms", type=int, default=100, help="how long each GIF frame shows, in ms")
    p.set_defaults(func=run)


def _train_options() -> argparse.ArgumentParser:
    """`nnviz train`'s parser, whose options (data, network, training, session file) render shares."""
    holder = argparse.ArgumentParser(add_help=False)
    sub = holder.add_subparsers()
    train_command.add_parser(sub)
    return sub.choices["train"]


@dataclass(frozen=True)
class RenderPlan:
    """The checked picture options."""

    screenshot: str
    panel: str
    scale: float
    size: tuple[int, int] | None
    gif: str
    every: int
    frame_ms: int


def plan_from_args(args: argparse.Namespace) -> RenderPlan:
    """The picture options, checked (ConfigError with one line on the first bad one)."""
    if not args.screenshot and not args.gif:
        raise ConfigError("nothing to render: give --screenshot out.png|out.svg and/or --gif out.gif")
    if args.screenshot and Path(args.screenshot).suffix.lower() not in (".png", ".svg"):
        raise ConfigError(f"--screenshot must end in .png or .svg, got {args.screenshot!r}")
    if args.gif and Path(args.gif).suffix.lower() != ".gif":
        raise ConfigError(f"--gif must end in .gif, got {args.gif!r}")
    if not 1.0 <= args.scale <= MAX_SCALE:
        raise ConfigError(f"--scale must be in 1..{MAX_SCALE:g}, got {args.scale:g}")
    if args.epochs is None:  # a past epoch is drawn as it was; otherwise 100 epochs are trained first
        args.epochs = 0 if args.epoch is not None else 100
    if args.epochs < 0:
        raise ConfigError(f"--epochs must be >= 0, got {args.epochs}")
    if args.epoch is not None and args.from_epoch is not None:
        raise ConfigError("give --epoch or --from-epoch, not both")
    if args.every < 1:
        raise ConfigError(f"--every must be >= 1, got {args.every}")
    if not 20 <= args.frame_ms <= 60_000:
        raise ConfigError(f"--frame-ms must be in 20..60000, got {args.frame_ms}")
    size = _size(args.size) if args.size else None
    if size is not None and size[0] * size[1] * args.scale**2 > MAX_PIXELS:
        raise ConfigError(f"--size {args.size} at --scale {args.scale:g} is over {MAX_PIXELS:,} pixels")
    return RenderPlan(args.screenshot, args.panel, float(args.scale), size, args.gif, args.every, args.frame_ms)


def _size(text: str) -> tuple[int, int]:
    parts = text.lower().replace("×", "x").split("x")
    try:
        w, h = (int(t) for t in parts)
    except ValueError:
        raise ConfigError(f"--size takes WIDTHxHEIGHT in pixels, like 1280x800, got {text!r}") from None
    if not (16 <= w <= MAX_SIDE and 16 <= h <= MAX_SIDE):
        raise ConfigError(f"--size sides must be in 16..{MAX_SIDE}, got {text}")
    return w, h


def _ensure_platform() -> None:
    """Offscreen Qt when there is no display to draw on (a server, CI, ssh, a display that is gone)."""
    from nnviz.ui.display_check import display_available  # lazy: Qt-free, decides before Qt loads

    if not display_available():  # none set, or one that no longer answers (a closed ssh -X session)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def check_outputs(plan: RenderPlan, save: str) -> None:
    """Every file the render will write can be written (a regular file or a new name, in a folder that takes a
    new file): checked before any training, so a late failure cannot cost the training."""
    for out, what in ((plan.screenshot, "the picture"), (plan.gif, "the GIF")):
        if out:
            check_writable(out, error=ConfigError, what=what)
    if save:
        check_writable(save, error=ConfigError, what="the session")


def gif_frames(epochs: int, every: int) -> int:
    """How many frames a GIF of `epochs` epochs gets: the start, every `every` epochs, and the end."""
    return 1 + epochs // every + (1 if epochs % every else 0)


def check_gif(plan: RenderPlan, epochs: int, size: tuple[int, int]) -> None:
    """Refuse a GIF with more than MAX_GIF_FRAMES frames or more than MAX_GIF_PIXELS pixels in all, before any
    frame is drawn."""
    frames = gif_frames(epochs, plan.every)
    width, height = (round(side * plan.scale) for side in size)
    if frames > MAX_GIF_FRAMES:
        raise ConfigError(f"--gif would get {frames:,} frames, more than nnviz's limit of {MAX_GIF_FRAMES:,}; "
                          f"raise --every (now {plan.every}) or lower --epochs")
    if frames * width * height > MAX_GIF_PIXELS:
        raise ConfigError(f"--gif would get {frames:,} frames of {width}x{height} pixels (up to "
                          f"{frames * width * height / 1e9:.1f} GB), more than nnviz's limit of "
                          f"{MAX_GIF_PIXELS / 1e9:.0f} GB; raise --every (now {plan.every}), lower --epochs or --size")


def run(args: argparse.Namespace) -> int:
    """Train as the options say, drawing GIF frames on the way, then write the picture."""
    plan = plan_from_args(args)
    live = session_from_args(args, config_from_args)
    session = train_command.rewound(live, args.epoch if args.epoch is not None else args.from_epoch)
    save = save_path(args)
    check_outputs(plan, save)
    _ensure_platform()
    # lazy: after the platform is chosen, before numpy's BLAS starts
    from nnviz.engine.blas import limit_threads

    limit_threads()
    with deferred_signals() as interrupted:  # Qt calls back into Python: a signal is acted on between steps
        # lazy: Qt loads after the offscreen platform is chosen
        from nnviz.ui.export.render import Renderer

        interrupted.check()
        renderer = Renderer(session, plan.panel, plan.size, plan.scale, window=window_without_training)
        try:
            size = renderer.image_size()
            check_image_memory(size, plan.scale, ConfigError)
            if plan.gif:
                check_gif(plan, args.epochs + max(0, session.epoch - live.timeline.first_epoch), size)
        except BaseException:
            renderer.close()
            raise
        from nnviz.session.timeline_view import replay  # lazy: the timeline replays only with --from-epoch

        past = replay(live, session.epoch, plan.every) if plan.gif else iter(())
        outcome = _render(session, renderer, plan, args.epochs, interrupted, past)
    written = outcome.written
    if save:
        # lazy: the file writer loads only with --save
        from nnviz.session.files import save_session

        save_session(session, save)  # the training is kept, even when a picture could not be written
        written.append(save)
    if written:
        print(f"nnviz: epoch {session.epoch}: wrote {', '.join(written)}", flush=True)
    if outcome.failure:
        raise ConfigError(outcome.failure)
    if outcome.diverged:
        print(f"nnviz: {outcome.diverged}", file=sys.stderr)
        return train_command.EXIT_DIVERGED
    return train_command.EXIT_OK


@dataclass
class _Outcome:
    written: list[str]
    diverged: str = ""
    failure: str = ""  # a picture that could not be written: nothing of the render is kept


def _render(session: Session, renderer: Renderer, plan: RenderPlan, epochs: int, interrupted: SignalFlag,
            past: Iterator[Session]) -> _Outcome:
    """Replay `past` and train, drawing GIF frames, then the picture; a failed picture leaves no GIF; a signal
    leaves no file."""
    outcome = _Outcome([])
    try:
        if plan.gif:
            renderer.start_gif(plan.gif, plan.frame_ms, past)
        target = session.epoch + epochs
        try:
            while session.epoch < target:
                interrupted.check()
                session.run_epoch()
                if plan.gif and (session.epoch % plan.every == 0 or session.epoch == target):
                    interrupted.check()
                    renderer.add_gif_frame()
        except DivergenceError as exc:
            outcome.diverged = str(exc)
        interrupted.check()
        try:
            if plan.screenshot:  # first: when it fails, the GIF is dropped too
                outcome.written.append(str(renderer.screenshot(plan.screenshot)))
            interrupted.check()
            if plan.gif:
                outcome.written.append(str(renderer.finish_gif()))
        except NnvizError as exc:
            for path in outcome.written:
                Path(path).unlink(missing_ok=True)
            outcome.written, outcome.failure = [], str(exc)
    finally:
        renderer.close()  # an unfinished GIF is removed
    return outcome


def window_without_training(session: Session) -> StageWindow:
    """The app's window over the session with no training behind it (the render trains the session itself)."""
    # lazy: Qt loads after the offscreen platform is chosen
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(session, backend="none")
    return window, window.draw
