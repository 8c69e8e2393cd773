"""Text from a file is never interpreted by Qt: hostile lessons and tooltips, shown under a memory and time cap.

Each batch of cases runs in a child process (hostile_text_child.py) that caps its address space and CPU time
(resource.setrlimit): an `<img>` that reads /dev/zero ends in MemoryError there instead of taking the machine
down, a FIFO or an exponential table ends in the timeout, and the test fails either way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QUrl

from nnviz.session.lesson_markup import HTML, MARKDOWN
from nnviz.ui.lessons.panel import LessonDock

CHILD = Path(__file__).with_name("hostile_text_child.py")
TIMEOUT_S = 150


def run_child(cases: list[dict[str, str]]) -> None:
    """Show the cases in a capped child process; fail with what it found."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    out = subprocess.run([sys.executable, str(CHILD)], input=json.dumps(cases), capture_output=True, text=True,
                         timeout=TIMEOUT_S, env=env)
    assert out.returncode == 0, f"rc {out.returncode}: {out.stdout[-2000:]} {out.stderr[-2000:]}"
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"done": len(cases)}


@pytest.fixture
def fifo(tmp_path: Path) -> str:
    path = tmp_path / "FIFO"
    os.mkfifo(path)
    return str(path)


def test_each_hostile_case_of_the_issue_is_shown_safely(fifo: str) -> None:
    nested = "<table><tr><td>" * 50 + "x" + "</td></tr></table>" * 50
    lessons = [
        '<p>See <a href="file:///etc/passwd">the class notes</a>.</p>',
        '<p><a href="https://example.org/notes">notes</a> and <a href="javascript:alert(1)">this</a></p>',
        '<img src="/dev/zero">', f'<img src="{fifo}">', nested,
        "[the notes](file:///etc/passwd) and [web](https://example.org) and <img src=/dev/zero>",
        "![zero](/dev/zero)", f"![fifo]({fifo})",
    ]
    cases = [{"kind": "lesson", "text": t, "format": fmt} for t in lessons for fmt in (HTML, MARKDOWN)]
    cases += [{"kind": "tooltip", "text": t} for t in ('<img src="/dev/zero">', f"<img src='{fifo}'>", nested)]
    run_child(cases)


HOSTILE_TAGS = ["p", "b", "i", "a", "img", "table", "tr", "td", "ul", "li", "style", "script", "h1", "pre", "font",
                "div", "span", "code", "iframe", "object", "link", "meta", "qt", "html", "body"]
ATTRIBUTES = ['src="/dev/zero"', 'href="file:///etc/passwd"', 'href="javascript:x"', 'href="https://e.org"',
              'style="background-image:url(/dev/zero)"', 'background="/dev/zero"', "width=999999999",
              'colspan="100000"', 'src="qrc:/x"']


@st.composite
def markup(draw: st.DrawFn, depth: int = 0) -> str:
    """A piece of HTML-ish or Markdown-ish text, nested a few levels, with hostile tags and attributes."""
    parts = draw(st.lists(st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
        st.sampled_from(["**b**", "*i*", "`c`", "# h\n", "> q\n", "- l\n", "1. n\n", "| a | b |\n|---|---|\n",
                         "![x](/dev/zero)", "[l](file:///etc/passwd)", "&lt;", "&#0;", "<!--", "]]>", "\\"]),
        st.tuples(st.sampled_from(HOSTILE_TAGS), st.lists(st.sampled_from(ATTRIBUTES), max_size=2),
                  st.just(depth)).flatmap(
            lambda t: (markup(t[2] + 1) if t[2] < 3 else st.just("x")).map(
                lambda inner: f"<{t[0]} {' '.join(t[1])}>{inner}</{t[0]}>"))), max_size=6))
    return "".join(parts)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts=st.lists(markup(), min_size=15, max_size=15))
def test_generated_markup_is_shown_safely_in_the_panel_and_every_tooltip(texts: list[str]) -> None:
    cases = [{"kind": "lesson", "text": t, "format": fmt} for t in texts for fmt in (HTML, MARKDOWN)]
    cases += [{"kind": "tooltip", "text": t} for t in texts]
    run_child(cases)


def test_links_open_only_http_in_the_browser_after_asking(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    dock = LessonDock(window)
    dock.show_lesson({"title": "Links", "format": MARKDOWN,
                      "text": "[notes](file:///etc/passwd), [web](https://example.org/a), [js](javascript:x)"})
    before = dock.browser.toPlainText()
    asked: list[str] = []
    opened: list[str] = []
    refused: list[str] = []
    links = dock.browser.links
    links.ask = lambda parent, url: asked.append(url.toString()) or len(asked) == 1  # yes once, then no
    links.open_url = lambda url: opened.append(url.toString()) or True
    links.refused.connect(refused.append)
    for href in ("file:///etc/passwd", "javascript:x", "https://example.org/a", "https://example.org/a"):
        dock.browser.anchorClicked.emit(QUrl(href))
    assert asked == ["https://example.org/a"] * 2 and opened == ["https://example.org/a"]  # the second: "no"
    assert len(refused) == 2 and "file:///etc/passwd" in refused[0] and "\n" not in refused[0]
    assert dock.browser.toPlainText() == before and "/etc/passwd" not in before.replace("file:///etc/passwd", "")
    assert not dock.browser.openLinks() and not dock.browser.openExternalLinks()
    window.deleteLater()
