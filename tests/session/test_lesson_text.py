"""Lesson texts: the markup lessons may use, checked when typed, before writing and when read; the
built-in lessons are read-only; anything the app can save, it can open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnviz.errors import NnvizError, SessionFileError
from nnviz.session import Config, Session
from nnviz.session.explain.tasks import SetLesson
from nnviz.session.files import load_session, open_file, save_session, session_to_dict
from nnviz.session.lesson_markup import HTML, MARKDOWN, LessonMarkupError, check_markup
from nnviz.session.lessons import MAX_TEXT, MAX_TITLE, is_builtin_lesson, lessons_dir, make_lesson_dict


def _small() -> Session:
    return Session(Config(dataset="xor", points=20, hidden=(2,)))


HOSTILE_HTML = {
    "image from the disk": '<p>notes</p><img src="/dev/zero">',
    "image from a FIFO": "<img src='FIFO'>",
    "style sheet": '<p style="background-image:url(/dev/zero)">x</p>',
    "script": "<script>alert(1)</script>",
    "nested tables": "<table><tr><td>" * 20 + "x" + "</td></tr></table>" * 20,
    "one nested table": "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>",
    "deep nesting": "<b>" * 40 + "x",
    "deep lists": "<ul><li>" * 8 + "x",
    "an attribute": '<a href="https://example.org" onclick="x">x</a>',
    "a declaration": "<!DOCTYPE html><p>x</p>",
}


@pytest.mark.parametrize("text", HOSTILE_HTML.values(), ids=HOSTILE_HTML.keys())
def test_markup_lessons_cannot_contain_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(LessonMarkupError) as caught:
        check_markup(text, HTML)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 200


@pytest.mark.parametrize("text", [
    "<p>A <b>bold</b> and <i>italic</i> word, <code>code</code>, x<sub>1</sub>.</p>",
    "<h3>Steps</h3><ol><li>one<li>two</ol><ul><li><ul><li>inner</li></ul></li></ul>",
    "<table><tr><th>a</th><th>b</th></tr><tr><td>1<td>2</tr></table><p>after<p>more",
    '<p>See <a href="https://playground.tensorflow.org">Playground</a>.</p><br><hr>',
    "<p>" + "<p>x" * 200,  # paragraphs close each other: not nesting
])
def test_what_lessons_need_is_accepted(text: str) -> None:
    check_markup(text, HTML)


@pytest.mark.parametrize("text", ["![a picture](/dev/zero)", "text ![x][ref]\n\n[ref]: file:///etc/passwd",
                                  "> " * 20 + "deep", "- " * 20 + "deep", " " * 60 + "- deep"])
def test_markdown_images_and_deep_nesting_are_refused(text: str) -> None:
    with pytest.raises(LessonMarkupError):
        check_markup(text, MARKDOWN)


def test_a_file_with_a_hostile_lesson_is_refused_when_read(tmp_path: Path) -> None:
    doc = session_to_dict(_small())
    doc["lesson"] = {"title": "Week 3", "text": '<img src="/dev/zero">'}  # an HTML lesson (no format: older file)
    path = tmp_path / "hostile.nnviz"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SessionFileError, match="cannot contain <img>") as caught:
        open_file(path)
    assert "\n" not in str(caught.value)


def test_older_html_lessons_still_open(tmp_path: Path) -> None:
    doc = session_to_dict(_small())
    doc["lesson"] = {"title": "Old", "text": "<p>Press <b>Play</b>.</p>"}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load_session(path).lesson == {"title": "Old", "text": "<p>Press <b>Play</b>.</p>", "format": "html"}


def test_limits_are_enforced_where_the_lesson_is_set_and_before_writing(tmp_path: Path) -> None:
    session = _small()
    for title, text in (("x" * (MAX_TITLE + 1), "ok"), ("ok", "y" * (MAX_TEXT + 1)), ("two\nlines", "ok"),
                        ("ok", "![img](/dev/zero)")):
        with pytest.raises(NnvizError):
            SetLesson(title, text).run(session)
        assert session.lesson is None  # refused: nothing changed
    session.lesson = {"title": "t", "text": "y" * (MAX_TEXT + 1), "format": MARKDOWN}  # past every check
    with pytest.raises(SessionFileError, match="cannot save the lesson"):
        save_session(session, tmp_path / "never.nnviz")
    assert not (tmp_path / "never.nnviz").exists()


@settings(max_examples=40, deadline=None)
@given(title=st.text(max_size=MAX_TITLE + 20), text=st.text(max_size=300),
       fmt=st.sampled_from([MARKDOWN, HTML]))
def test_anything_the_app_can_save_it_can_open(tmp_path_factory: pytest.TempPathFactory, title: str, text: str,
                                               fmt: str) -> None:
    session = _small()
    try:
        SetLesson(title, text, fmt).run(session)
    except NnvizError as exc:
        assert "\n" not in str(exc)
        return
    path = tmp_path_factory.mktemp("saved") / "lesson.nnviz"
    save_session(session, path)
    assert load_session(path).lesson == session.lesson


def test_built_in_lessons_are_read_only(tmp_path: Path) -> None:
    lesson = lessons_dir() / "01-two-neurons.json"
    before = lesson.read_bytes()
    assert is_builtin_lesson(lesson) and not is_builtin_lesson(tmp_path / "01-two-neurons.json")
    with pytest.raises(SessionFileError, match="read-only"):
        save_session(load_session(lesson), lesson)
    assert lesson.read_bytes() == before


def test_lesson_dict_keeps_its_format() -> None:
    assert make_lesson_dict(" T ", "x", MARKDOWN) == {"title": "T", "text": "x", "format": "markdown"}
