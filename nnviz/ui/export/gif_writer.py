"""An animated GIF written frame by frame: each frame is quantised and appended as it comes.

Memory stays bounded by one frame: nothing but the file on disk grows. The file is
written under a temporary name in the target folder and renamed by `close()`, so a
recording that fails or is cancelled leaves no partial GIF behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import GifImagePlugin, Image

from nnviz.ui.export.output import ExportError

MAX_SIDE = 4096  # GIF sizes are 16-bit; anything near this is far beyond a slide


class GifWriter:
    """Append RGB frames (numpy (h, w, 3) uint8) to an animated GIF; `close()` publishes it, `abort()` drops it."""

    def __init__(self, path: str | os.PathLike[str], frame_ms: int = 100, loop: bool = True) -> None:
        self.path = Path(path)
        self.frame_ms = max(20, int(frame_ms))
        self.loop = loop
        self.frames = 0
        self.size: tuple[int, int] | None = None
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if self.path.exists() and not self.path.is_file():
            raise ExportError(f"cannot write {self.path}: it exists and is not a regular file")
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise ExportError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        self._fh: BinaryIO | None = os.fdopen(fd, "wb")

    def add(self, rgb: np.ndarray) -> None:
        """Quantise one frame to 256 colours and append it (every frame must have the first one's size).

        Maximum coverage keeps the pale colours near a diverging map's middle; the fast octree merged
        them into white and left a white gap in the colour bar near 0.5."""
        if self._fh is None:
            raise ExportError("the recording is already finished")
        h, w = rgb.shape[:2]
        if self.size is None:
            if not (0 < w <= MAX_SIDE and 0 < h <= MAX_SIDE):
                self.abort()
                raise ExportError(f"a GIF frame of {w}x{h} pixels is outside 1..{MAX_SIDE}")
            self.size = (w, h)
        elif (w, h) != self.size:  # the view was resized: keep the first size
            rgb = np.asarray(Image.fromarray(rgb).resize(self.size, Image.Resampling.BILINEAR))
        frame = Image.fromarray(np.ascontiguousarray(rgb[..., :3])).quantize(256, Image.Quantize.MAXCOVERAGE)
        try:
            if self.frames == 0:
                info = {"loop": 0} if self.loop else {}
                info["duration"] = self.frame_ms
                header, _ = GifImagePlugin.getheader(frame, None, info)
                self._fh.write(b"".join(header))
            for chunk in GifImagePlugin.getdata(frame, (0, 0), duration=self.frame_ms, include_color_table=True):
                self._fh.write(chunk)
        except OSError as exc:
            self.abort()
            raise ExportError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        self.frames += 1

    def close(self) -> Path:
        """Finish the file and put it in place; returns the path (ExportError when there were no frames)."""
        if self._fh is None:
            raise ExportError("the recording is already finished")
        if self.frames == 0:
            self.abort()
            raise ExportError("nothing was recorded: no frame arrived before the recording stopped")
        try:
            self._fh.write(b";")  # GIF trailer
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
            os.chmod(self._tmp, 0o644)
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.abort()
            raise ExportError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        return self.path

    def abort(self) -> None:
        """Drop the recording: close and delete the temporary file."""
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)
