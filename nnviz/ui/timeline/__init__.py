"""The timeline in the window: the loss chart and a slider pick a past epoch, replay, carry on, undo."""

from __future__ import annotations

from nnviz.ui.timeline.feature import TimelineFeature, install_timeline

__all__ = ["TimelineFeature", "install_timeline"]
