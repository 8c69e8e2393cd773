"""`python -m nnviz` and the `nnviz` console script."""

from __future__ import annotations

import sys


def main() -> int:
    """Entry point of the nnviz command (`nnviz [FILE]` opens the app)."""
    if getattr(sys, "frozen", False):  # freeze_support() does nothing in a program that is not frozen
        # lazy: multiprocessing (pickle, sockets) loads when the training process starts, after the first paint
        import multiprocessing

        multiprocessing.freeze_support()  # a frozen app's training process starts here, and stops here
    # lazy: after freeze_support: a frozen training child never loads the CLI
    from nnviz.cli.interrupts import raise_on_signals
    from nnviz.cli.main import main as cli_main

    raise_on_signals()  # SIGTERM and SIGHUP end the command as Ctrl+C does: cleaned up, exit 128 + the signal

    return cli_main(sys.argv[1:])


def gui_main() -> int:
    """Entry point of the windowed launcher and the frozen bundle: the same command, without a console."""
    return main()


if __name__ == "__main__":
    sys.exit(main())
