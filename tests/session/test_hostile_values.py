"""A session file's hostile value is quoted back short and on one line (the reader names it, never repeats it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nnviz.errors import NnvizError
from nnviz.session.files import load_session
from nnviz.session.lesson_book import LESSONS
from nnviz.session.lessons import lessons_dir

HOSTILE = "<img src=/dev/zero>\n\u2028" + "x" * 5000
LONGEST = 300  # characters of a message, its path aside


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


@pytest.mark.parametrize("path", [("data", "train", "points", 0, 0), ("data", "train", "labels", 0),
                                  ("data", "test", "kind"), ("config", "features", 0), ("config", "features"),
                                  ("config", "dataset"), ("config", "batch_size")])
def test_the_message_quotes_a_hostile_value_short_on_one_line(tmp_path: Path, path: tuple[Any, ...]) -> None:
    doc = json.loads((lessons_dir() / LESSONS[1].file).read_text(encoding="utf-8"))
    _set(doc, path, HOSTILE)
    bad = tmp_path / "bad.nnviz"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(NnvizError) as caught:
        load_session(bad)
    message = str(caught.value).replace(str(bad), "")
    assert len(message) <= LONGEST and "\n" not in message and "\u2028" not in message, message[:200]
