"""`python -m nnviz` and the `nnviz` console script."""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    """Entry point of the nnviz command."""
    multiprocessing.freeze_support()  # a frozen app's training process starts here, and stops here
    from nnviz.cli.main import main as cli_main

    return cli_main(sys.argv[1:])


def gui_main() -> int:
    """Entry point that always opens the desktop app."""
    multiprocessing.freeze_support()
    from nnviz.ui.app import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
