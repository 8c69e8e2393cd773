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

from nnviz.cli import train_command
from nnviz.cli.config_flags import config_from_args
from nnviz.cli.session_source import save_path, session_from_args
from nnviz.cli.subcommands import HEAVY
from nnviz.errors import ConfigError, DivergenceError
from nnviz.session import Session

PANELS = ("window", "network", "boundary", "loss")  # nnviz.ui.export.panels.HEADLESS_PANELS, without Qt
MAX_SIDE = 8192
MAX_PIXELS = 64_000_000  # width x height x scale² of one image
MAX_SCALE = 4.0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the `render` subcommand: train's options plus the picture's."""
    p = sub.add_parser("render", parents=[_train_options()], conflict_handler="resolve",
                       help=HEAVY["render"][1])
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
    for out in (args.screenshot, args.gif):
        folder = Path(out).parent if out else None
        if folder is not None and str(folder) and not folder.is_dir():
            raise ConfigError(f"cannot write {out}: the folder {folder} does not exist")
        if out and Path(out).exists() and not Path(out).is_file():
            raise ConfigError(f"cannot write {out}: it exists and is not a regular file")
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


def replay_timeline(live: Session, until: int, every: int) -> Iterator[Session]:
    """The run's past from its timeline, every `every` epochs up to (not including) `until`."""
    from nnviz.session.timeline_view import Rewinder

    rewinder = Rewinder()
    first = live.timeline.first_epoch
    for epoch in range(first, min(until, live.epoch + 1), max(1, every)):
        yield rewinder.session_at(live, epoch)


def _ensure_platform() -> None:
    """Offscreen Qt when there is no display to draw on (a server, CI, ssh)."""
    if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def run(args: argparse.Namespace) -> int:
    """Train as the options say, drawing GIF frames on the way, then write the picture."""
    plan = plan_from_args(args)
    live = session_from_args(args, config_from_args)
    session = train_command.rewound(live, args.epoch if args.epoch is not None else args.from_epoch)
    save = save_path(args)
    _ensure_platform()
    from nnviz.engine.blas import limit_threads

    limit_threads()
    from nnviz.ui.export.render import Renderer

    renderer = Renderer(session, plan.panel, plan.size, plan.scale)
    diverged = ""
    try:
        if plan.gif:
            renderer.start_gif(plan.gif, plan.frame_ms, replay_timeline(live, session.epoch, plan.every))
        target = session.epoch + args.epochs
        try:
            while session.epoch < target:
                session.run_epoch()
                if plan.gif and (session.epoch % plan.every == 0 or session.epoch == target):
                    renderer.add_gif_frame()
        except DivergenceError as exc:
            diverged = str(exc)
        written = []
        if plan.gif:
            written.append(str(renderer.finish_gif()))
        if plan.screenshot:
            written.append(str(renderer.screenshot(plan.screenshot)))
    finally:
        renderer.close()
    if save:
        from nnviz.session.files import save_session

        save_session(session, save)
        written.append(save)
    print(f"nnviz: epoch {session.epoch}: wrote {', '.join(written)}", flush=True)
    if diverged:
        print(f"nnviz: {diverged}", file=sys.stderr)
        return train_command.EXIT_DIVERGED
    return train_command.EXIT_OK
