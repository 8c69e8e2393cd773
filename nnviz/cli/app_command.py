"""`nnviz [FILE]`, `nnviz app [FILE]` and the app's options: one subparser that the nnviz parser routes to."""

from __future__ import annotations

import argparse

APP = "app"
TOP_LEVEL_OPTIONS = ("-h", "--help", "--version")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the `app` subcommand: the desktop app, its smoke test and its desktop launcher."""
    p = sub.add_parser(APP, help="open the desktop app (the default: `nnviz [FILE]` is `nnviz app [FILE]`)",
                       description="Open the desktop app, optionally on a file.")
    p.add_argument("file", nargs="?", default="",
                   help="a session (.nnviz or .json), a network file (nnviz, Synaptic or brain.js JSON) or a CSV")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--smoke", action="store_true",
                      help="check the install: open the window (offscreen without a display), train about a "
                           "second, check the pictures are not blank, exit 0 (or 1 with one line)")
    what.add_argument("--install-desktop", action="store_true",
                      help="add nnviz to the desktop menu and make .nnviz files open in it (Linux: under "
                           "$XDG_DATA_HOME or ~/.local/share, pointing at this install)")
    what.add_argument("--uninstall-desktop", action="store_true",
                      help="remove exactly what --install-desktop wrote")
    p.set_defaults(func=run)


def route(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """The argv the parser reads: anything that names no subcommand (a file, an app option, nothing) goes to `app`."""
    commands = {name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
                for name in action.choices}
    if argv and (argv[0] in commands or argv[0] in TOP_LEVEL_OPTIONS):
        return argv
    return [APP, *argv]


def run(args: argparse.Namespace) -> int:
    """Carry out `nnviz app`."""
    if args.install_desktop or args.uninstall_desktop:
        # lazy: only --install-desktop needs the launcher code
        from nnviz import desktop

        return desktop.main(install_launcher=bool(args.install_desktop))
    # lazy: Qt loads only when the app opens, never for train or --help
    from nnviz.ui.app import run as run_app

    return run_app(args)
