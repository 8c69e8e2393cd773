"""A timeline checkpoint's arrays are encoded once (issue 23: the training process sends its state every 2 s)."""

from __future__ import annotations

import base64
import gc

import numpy as np
import pytest

from nnviz.session import Config, Session, kept_text
from nnviz.session.files import session_from_dict, session_to_dict


def test_a_second_checkpoint_of_the_same_timeline_encodes_no_array_again(monkeypatch: pytest.MonkeyPatch) -> None:
    session = Session(Config(points=100))
    session.train(6)
    first = session_to_dict(session)
    calls = []
    encode = base64.b64encode
    monkeypatch.setattr(base64, "b64encode", lambda data: calls.append(len(data)) or encode(data))
    again = session_to_dict(session)
    assert again == first
    assert sum(calls) < 0.1 * sum(len(c["params"]) for c in first["timeline"]["checkpoints"])  # only the net's own
    assert session_from_dict(again).timeline.checkpoints[-1].params.tobytes() == \
        session.timeline.checkpoints[-1].params.tobytes()


def test_the_text_is_the_arrays_bytes_and_goes_with_the_array() -> None:
    a = np.arange(5, dtype=np.float64)
    text = kept_text.kept_base64_text(a, "<f8")
    assert base64.b64decode(text) == a.astype("<f8").tobytes()
    assert kept_text.kept_base64_text(a, "<f8") is text
    key = (id(a), "<f8")
    assert key in kept_text._TEXTS
    del a
    gc.collect()
    assert key not in kept_text._TEXTS  # no text outlives its array
