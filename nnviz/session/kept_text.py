"""The base64 text of an array that never changes, made once while the array lives (issue 23).

The training process sends its whole state every 2 s while it trains (a checkpoint to restart from after a
crash), and most of it is the timeline's checkpoints: about 100 arrays of 0.3 MB at 8 hidden layers of 64,
none of which changes once taken. Encoding them all again took the training thread 44-70 ms every 2 s
(quiet machine; 200 ms under load), a late frame each time and 2-3 % of the training. The text of such an
array is now made once and dropped with the array.
"""

from __future__ import annotations

import base64
import weakref

import numpy as np

_TEXTS: dict[tuple[int, str], tuple[weakref.ref[np.ndarray], str]] = {}


def kept_base64_text(a: np.ndarray, dtype: str) -> str:
    """The array as base64 of its bytes in `dtype`, for an array never written again (a timeline checkpoint's):
    made once, kept while `a` lives."""
    key = (id(a), dtype)
    known = _TEXTS.get(key)
    if known is not None and known[0]() is a:
        return known[1]
    text = base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")
    _TEXTS[key] = (weakref.ref(a, lambda _, key=key: _TEXTS.pop(key, None)), text)  # type: ignore[misc]
    return text
