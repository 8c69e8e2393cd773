"""`python -m nnviz` and the `nnviz` console script."""

from __future__ import annotations

import sys


def main() -> int:
    """Entry point of the nnviz command."""
    from nnviz.cli.main import main as cli_main

    return cli_main(sys.argv[1:])


def gui_main() -> int:
    """Entry point that always opens the desktop app."""
    from nnviz.ui.app import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
