"""Qt's own messages: drop the offscreen platform's harmless notice, pass every other message on."""

from __future__ import annotations

import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

NOISE = ("This plugin does not support propagateSizeHints()",)


def _handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message not in NOISE:
        sys.stderr.write(message + "\n")


def hide_offscreen_noise() -> None:
    """Install a message handler that leaves out the offscreen plugin's notices (unless one is installed)."""
    previous = qInstallMessageHandler(_handler)
    if previous is not None:  # someone (pytest-qt) listens already: leave theirs in place
        qInstallMessageHandler(previous)
