"""Child process of test_hostile_text: renders hostile lesson texts and tooltips under a memory and CPU cap.

Reads a JSON list of cases on stdin ({"kind": "lesson"|"tooltip", "text", "format"}), caps its address space
at its size after start-up + CAP_BYTES and its CPU time at CPU_SECONDS, then shows each case in the real
widgets (the lesson panel; the data caption, the status bar and a graph tooltip), clicks every link a lesson
has, and writes one JSON line per problem found. Exit 0: every case was shown safely.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
CAP_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 90


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def main() -> int:
    cases = json.loads(sys.stdin.read())
    from PySide6.QtCore import QPoint, QUrl
    from PySide6.QtGui import QTextCursor, QTextDocument
    from PySide6.QtWidgets import QApplication, QMainWindow, QToolTip

    from nnviz.session import Config
    from nnviz.ui.controls.data_panel import DataPanel
    from nnviz.ui.lessons.panel import LessonDock
    from nnviz.ui.plain_text import MESSAGE_CHARS, plain_line, plain_tooltip
    from nnviz.ui.window.status_bar import TrainingStatusBar

    app = QApplication([])
    window = QMainWindow()
    dock = LessonDock(window)
    opened: list[str] = []
    dock.browser.links.ask = lambda parent, url: True  # the user says yes to every question
    dock.browser.links.open_url = lambda url: opened.append(url.toString()) or True
    data_panel = DataPanel()
    status = TrainingStatusBar()
    window.setStatusBar(status)
    window.resize(900, 600)
    window.show()
    app.processEvents()
    resource.setrlimit(resource.RLIMIT_AS, (_vm_size() + CAP_BYTES,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    problems = 0

    def report(case: dict[str, str], what: str) -> None:
        nonlocal problems
        problems += 1
        print(json.dumps({"problem": what, "text": case["text"][:300]}), flush=True)

    def shows_exactly(tooltip: str, text: str) -> bool:
        doc = QTextDocument()
        doc.setHtml(tooltip)
        return " ".join(doc.toPlainText().split()) == " ".join(text.split())

    for case in cases:
        text = case["text"]
        if case["kind"] == "lesson":
            dock.show_lesson({"title": "Hostile", "text": text, "format": case["format"]})
            dock.browser.grab()  # lay the whole text out and paint it
            shown = dock.browser.toPlainText()
            cursor = QTextCursor(dock.browser.document())
            hrefs = set()
            block = dock.browser.document().begin()
            while block.isValid():
                it = block.begin()
                while not it.atEnd():
                    href = it.fragment().charFormat().anchorHref()
                    if href:
                        hrefs.add(href)
                    it += 1
                block = block.next()
            del cursor
            for href in hrefs:
                dock.browser.anchorClicked.emit(QUrl(href))
                app.processEvents()
                if dock.browser.toPlainText() != shown:
                    report(case, f"a click on {href!r} changed the panel")
            for url in opened:
                if not url.lower().startswith(("http://", "https://")):
                    report(case, f"opened {url!r}")
            opened.clear()
        else:
            for name, tooltip in (("data caption", None), ("status bar", None), ("graph", plain_tooltip(text))):
                if name == "data caption":
                    data_panel.set_config(Config(dataset="csv", csv_path=text or "x"))
                    tooltip = data_panel.caption.toolTip()
                    text_shown = text or "x"
                elif name == "status bar":
                    status.show_error("cannot read " + text + " " + "x" * 400)  # long: the whole line in a tooltip
                    tooltip = status.toolTip()
                    text_shown = plain_line("cannot read " + text + " " + "x" * 400, MESSAGE_CHARS)  # cut, one line
                else:
                    text_shown = text
                assert tooltip is not None
                QToolTip.showText(QPoint(20, 20), tooltip, window)
                app.processEvents()
                QToolTip.hideText()
                if tooltip and not shows_exactly(tooltip, text_shown[:1].upper() + text_shown[1:]) \
                        and not shows_exactly(tooltip, text_shown):
                    report(case, f"the {name} tooltip does not show the text as it is")
    print(json.dumps({"done": len(cases)}), flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
