"""nnviz.ui: the window and everything it paints (the only package that imports Qt)."""

import os as _os

# Qt's raster engine hands every large fill, blend and smooth scaling to a pool of threads and waits for them
# (QLatch). Each live frame of the spiral 6x8 made ~0.9 ms of such work, the hand-off cost as much as it saved,
# and on a busy machine the window waited for a pool thread to get a core (issue 23). Painted in the GUI thread
# alone the same frames take ~10 % less CPU (tests/ui/test_serial_painting.py). Qt reads this once, at its first
# pooled fill, so it is set before any window paints; any value switches the pool off.
_os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
