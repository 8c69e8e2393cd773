"""`nnviz train`'s argument parser on its own, for tests that parse a command line back into a Config."""

from __future__ import annotations

import argparse

from nnviz.cli import train_command


def train_parser() -> argparse.ArgumentParser:
    """`nnviz train`'s argument parser."""
    holder = argparse.ArgumentParser(add_help=False)
    sub = holder.add_subparsers()
    train_command.add_parser(sub)
    return sub.choices["train"]
