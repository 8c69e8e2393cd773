"""Teaching mode in the main window: Explain step, Run for N, inspect a point, lessons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nnviz.ui.teach.explain_mode import ExplainMode
from nnviz.ui.teach.lessons_ui import Lessons
from nnviz.ui.teach.link import WorkerLink

if TYPE_CHECKING:
    from nnviz.ui.window.main_window import MainWindow


@dataclass
class Teaching:
    """The teaching parts of a window."""

    link: WorkerLink
    explain: ExplainMode
    lessons: Lessons


def install_teaching(window: MainWindow) -> Teaching:
    """Add the teaching mode to a main window: its actions, toolbar button, docks and menus."""
    link = WorkerLink(window)
    explain = ExplainMode(window, link)
    toolbar = window.toolbar
    separators = [a for a in toolbar.actions() if a.isSeparator()]
    if separators:
        toolbar.insertAction(separators[0], explain.toggle)
    else:
        toolbar.addAction(explain.toggle)
    lessons = Lessons(window, link)
    teaching = Teaching(link, explain, lessons)
    window.teaching = teaching  # type: ignore[attr-defined]
    return teaching
