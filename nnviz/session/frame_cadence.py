"""When the next live frame is due, and how much training fits before it (issue 23).

A runner trains in chunks and looks for a due frame between two of them. Measured from
the frame before, every frame came late by the rest of the chunk it fell in, and by a
whole epoch end's evaluation when one fell there (about 19 ms at 8 hidden layers of 64 on
1,000 points): the spiral 8x64 drew 28 frames a second for a frame interval of 1/35 s.
So the frames keep a cadence instead: a frame made because it was due makes the next one
due one gap after this one was due (a late frame brings the next one sooner, so lateness
does not add up), never sooner than a quarter gap after it, and the chunk before a due frame
ends with the batch that reaches the due time. The dues stay at least a gap apart: on
average, frames never come more often than one a gap.
"""

from __future__ import annotations

import math


class FrameCadence:
    """The due time of the next live frame."""

    def __init__(self) -> None:
        self.due = -math.inf

    def restart(self, now: float, gap: float) -> None:
        """A frame made for a change (Play, an edit), not for its time: the next is due one gap from now."""
        self.due = now + gap

    def kept(self, now: float, gap: float) -> None:
        """A frame made because it was due: the next is due one gap after this one was due (a quarter gap from now
        at the soonest); one gap from now when this one came more than a gap late (nothing to catch up)."""
        following = self.due + gap
        self.due = now + gap if following < now else max(following, now + gap / 4)

    def is_due(self, now: float) -> bool:
        """Whether the next frame is due."""
        return now >= self.due

    def batches_before(self, now: float, batch_seconds: float, n: int) -> int:
        """At most n batches: those that reach the due time (at least 1 of n; all n when it has passed or the batch
        time is not known yet)."""
        left = self.due - now
        if left <= 0 or batch_seconds <= 0:
            return n
        return min(n, max(1, math.ceil(left / batch_seconds - 1e-6)))  # 10.000000000000009 batches: 10
