"""Is there a display to open a window on? (Qt-free, imported before Qt.)

Qt's xcb platform aborts with a misleading message ("libxcb-cursor0 is needed … Reinstalling may fix")
when DISPLAY names a server that is not there. nnviz looks first: an X display answers on its socket
(or its TCP port), a Wayland display has its socket; QT_QPA_PLATFORM set by the user is trusted.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

X11_SOCKETS = "/tmp/.X11-unix"  # where X servers listen, one socket X<N> per display
X11_TCP_BASE = 6000
CONNECT_TIMEOUT_S = 1.0
NO_DISPLAY = ("no display found (DISPLAY and WAYLAND_DISPLAY name none that answers): run nnviz in a desktop "
              "session, or under a virtual one with `xvfb-run -a nnviz`, or draw pictures with `nnviz render`")


def _answers(family: int, address: str | tuple[str, int]) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(CONNECT_TIMEOUT_S)
            sock.connect(address)
        return True
    except OSError:
        return False


def x11_display_answers(display: str) -> bool:
    """Whether the X display `display` (":0", "unix:1.0", "localhost:10.0") accepts a connection."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not number.isdigit():
        return False
    if host in ("", "unix") or host.startswith("/"):
        path = str(Path(X11_SOCKETS) / f"X{number}")
        if _answers(socket.AF_UNIX, path):
            return True
        return sys.platform.startswith("linux") and _answers(socket.AF_UNIX, "\0" + path)  # the abstract socket
    return _answers(socket.AF_INET, (host, X11_TCP_BASE + int(number)))


def wayland_display_answers(name: str) -> bool:
    """Whether the Wayland display `name` has a socket that accepts a connection."""
    path = Path(name) if os.path.isabs(name) else Path(os.environ.get("XDG_RUNTIME_DIR", "")) / name
    return bool(os.environ.get("XDG_RUNTIME_DIR") or os.path.isabs(name)) and _answers(socket.AF_UNIX, str(path))


def display_available() -> bool:
    """Whether a window can be shown: always off Linux; on Linux, a display that answers (or a chosen platform)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    wayland, x11 = os.environ.get("WAYLAND_DISPLAY", ""), os.environ.get("DISPLAY", "")
    return bool((wayland and wayland_display_answers(wayland)) or (x11 and x11_display_answers(x11)))
