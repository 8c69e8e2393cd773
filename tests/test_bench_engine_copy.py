"""bench_scale's engine alone trains a copy of the live run (tests/benchmarks/engine_copy.py): the same batches,
so the pairs it times are the same training, not two runs that merely share a config."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))

from engine_copy import EngineCopyWritten, WriteEngineCopy, load_copy

from nnviz.data import FEATURES
from nnviz.session import Config, Session


def test_the_copy_trains_the_same_bits_as_the_live_session(tmp_path):
    live = Session(Config(dataset="spiral", hidden=(8, 8), features=FEATURES, points=200, batch_size=10))
    live.step(37)  # mid-epoch: the copy must carry the place in the epoch and the shuffle's random stream
    path = str(tmp_path / "copy.json")
    timeline = live.timeline
    answer = WriteEngineCopy(path, seq=4).run(live)
    assert answer == EngineCopyWritten(path, live.epoch, live.steps, seq=4)
    assert live.timeline is timeline  # set aside while the copy is written (not needed there), then put back
    copy = load_copy(path)
    assert (copy.epoch, copy.steps) == (live.epoch, live.steps)
    live.step(45)
    copy.step(45)  # past an epoch end, into the next epoch's new order
    assert np.array_equal(copy.net.params, live.net.params)
    assert (copy.epoch, copy.steps) == (live.epoch, live.steps)


def test_an_empty_path_writes_nothing_and_answers_where_the_run_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative (empty) path would write here
    session = Session(Config(points=100))
    session.step(3)
    assert WriteEngineCopy("").run(session) == EngineCopyWritten("", session.epoch, 3)
    assert not list(tmp_path.iterdir())


def test_a_copy_that_cannot_be_written_is_an_answer_not_an_exception(tmp_path):
    answer = WriteEngineCopy(str(tmp_path / "no such folder" / "copy.json")).run(Session(Config(points=100)))
    assert answer.path == "" and answer.error.startswith("FileNotFoundError")
