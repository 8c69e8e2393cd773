"""`nnviz train`: headless training with TensorFlow Playground's defaults."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import Any

from nnviz.cli.config_flags import add_config_flags, config_from_args
from nnviz.cli.session_source import add_source_arguments, save_path, session_from_args
from nnviz.errors import ConfigError, DivergenceError
from nnviz.session import Session

EXIT_OK, EXIT_DIVERGED = 0, 3  # a bad argument or file: subcommands.EXIT_BAD_INPUT


def add_parser(sub: argparse._SubParsersAction, summary: str = "") -> None:  # type: ignore[type-arg]
    """Register the `train` subcommand (`summary`: its line in `nnviz --help`)."""
    p = sub.add_parser("train", help=summary,
                       formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    add_config_flags(p)
    p.add_argument("--epochs", type=int, default=100, help="epochs to train")
    p.add_argument("--from-epoch", type=int, default=None, metavar="N",
                   help="continue from epoch N of the session file's timeline (equals a fresh run to N, bit for bit)")
    p.add_argument("--log-every", type=int, default=0, help="print a progress line every N epochs (0: about 10 lines)")
    p.add_argument("--json", action="store_true", help="end with one JSON line of results")
    add_source_arguments(p)
    p.set_defaults(func=run)


def _fmt(v: float | None) -> str:
    """Four decimals, or scientific notation once a loss is too large to read that way."""
    if v is None:
        return "n/a"
    return f"{v:.4f}" if abs(v) < 1e5 else f"{v:.3e}"


def run(args: argparse.Namespace) -> int:
    """Train as the flags say; print progress and, with --json, a JSON result line."""
    for flag, value in (("--epochs", args.epochs), ("--log-every", args.log_every)):
        if value < 0:
            raise ConfigError(f"{flag} must be >= 0, got {value}")
    session = rewound(session_from_args(args, config_from_args), args.from_epoch)
    save = save_path(args)
    every = args.log_every or max(1, args.epochs // 10)
    train_seconds = 0.0
    diverged = ""
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        try:
            session.run_epoch()
        except DivergenceError as exc:
            diverged = str(exc)
            train_seconds += time.perf_counter() - t0
            break
        train_seconds += time.perf_counter() - t0
        if epoch % every == 0 or epoch == args.epochs:
            m = session.metrics()
            print(
                f"epoch {session.epoch:>7}  train loss {_fmt(m.train_loss)}  test loss {_fmt(m.test_loss)}"
                f"  train acc {_fmt(m.train_accuracy)}  test acc {_fmt(m.test_accuracy)}",
                flush=True,
            )
    m = session.metrics()
    if save:
        # lazy: the file writer loads only with --save
        from nnviz.session.files import save_session

        save_session(session, save)
    if args.json:
        result: dict[str, Any] = {
            "epochs": session.epoch,
            "train_loss": _json_number(m.train_loss),
            "test_loss": _json_number(m.test_loss),
            "train_accuracy": _json_number(m.train_accuracy),
            "test_accuracy": _json_number(m.test_accuracy),
            "train_seconds": round(train_seconds, 6),
        }
        if diverged:
            result["diverged"] = diverged
        if session.warning:
            result["warning"] = session.warning
        print(json.dumps(result, allow_nan=False), flush=True)
    if diverged:
        print(f"nnviz: {diverged}", file=sys.stderr)
        return EXIT_DIVERGED
    if session.warning:
        print(f"nnviz: warning: {session.warning}", file=sys.stderr)
    return EXIT_OK


def rewound(session: Session, epoch: int | None) -> Session:
    """The session carried on from `epoch` of its timeline (None: as it is)."""
    if epoch is None:
        return session
    # lazy: replaying the timeline is needed only with --from-epoch
    from nnviz.session.timeline_view import Rewinder

    rewinder = Rewinder()
    return rewinder.carry_on(session, rewinder.check_epoch(session, epoch))


def _json_number(v: float | None) -> float | None:
    """A figure for JSON: NaN and infinities, which JSON cannot hold, become null."""
    return v if v is not None and math.isfinite(v) else None
