"""The timeline in the window: the loss chart and a slider pick a past epoch, replay, carry on, undo."""

from __future__ import annotations

from nnviz.ui.timeline.feature import TimelineFeature, install_timeline
from nnviz.ui.timeline.pins_menu import PinsFeature

__all__ = ["PinsFeature", "TimelineFeature", "install_timeline"]
