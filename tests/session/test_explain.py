"""The explanation's step and its undo, Run for N, and lesson fields in session files (headless)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.errors import ConfigError, SessionFileError
from nnviz.session import Config, Session
from nnviz.session.explain import apply_update, explain_sample, undo_update
from nnviz.session.explain_tasks import RunFor
from nnviz.session.files import load_session, save_session


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("alone", [True, False])
def test_undo_restores_weights_and_optimizer_state_bit_for_bit(optimizer: str, alone: bool) -> None:
    session = Session(Config(dataset="xor", points=40, hidden=(3,), optimizer=optimizer, batch_size=4,
                             regularization="l1", reg_rate=0.003))
    session.train(2)  # some optimizer state to restore
    params, state, steps = session.net.params.copy(), session.optimizer.state_dict(), session.steps
    ex = explain_sample(session, 5)
    assert np.array_equal(session.net.params, params), "explaining changes nothing"
    apply_update(session, ex, alone)
    assert not np.array_equal(session.net.params, params) and session.steps == steps + 1
    undo_update(session, ex, alone)
    assert session.net.params.tobytes() == params.tobytes()
    assert session.steps == steps
    after = session.optimizer.state_dict()
    assert after.keys() == state.keys()
    for key, value in state.items():
        assert np.array_equal(np.asarray(after[key]), np.asarray(value)), key


def test_batch_step_averages_the_per_sample_gradients() -> None:
    session = Session(Config(dataset="xor", points=40, hidden=(3,), batch_size=3))
    ex = explain_sample(session, 0)
    assert ex.batch is not None and ex.batch.samples == (0, 1, 2)
    singles = [explain_sample(session, i).alone.gradient for i in (0, 1, 2)]
    np.testing.assert_allclose(ex.batch.gradient, np.mean(singles, axis=0), rtol=1e-12, atol=1e-15)
    lr = session.config.learning_rate
    np.testing.assert_allclose(ex.batch.params_after, ex.params_before - lr * ex.batch.gradient, rtol=0, atol=1e-15)


def test_a_stale_explanation_is_refused() -> None:
    session = Session(Config(dataset="xor", points=40, hidden=(3,)))
    ex = explain_sample(session, 0)
    session.step(1)
    with pytest.raises(ConfigError, match="changed"):
        apply_update(session, ex)
    with pytest.raises(ConfigError, match="no training sample"):
        explain_sample(session, 10_000)


@pytest.mark.parametrize(("unit", "total"), [("epochs", 7), ("steps", 450)])
def test_run_for_n_stops_at_exactly_n(unit: str, total: int) -> None:
    session = Session(Config(dataset="circle", points=100, batch_size=3))
    session.step(5)  # start mid-epoch
    start = session.epoch if unit == "epochs" else session.steps
    task = RunFor(1, total, unit, -1)
    progress = task.run(session)
    chunks = 1
    while not progress.finished:
        progress = RunFor(1, total, unit, progress.start).run(session)
        chunks += 1
    assert progress.done == total and progress.message == ""
    assert (session.epoch if unit == "epochs" else session.steps) == start + total
    if unit == "steps":
        assert chunks == 3  # 200 + 200 + 50 batches


def test_run_for_stops_with_the_message_on_divergence() -> None:
    session = Session(Config(dataset="plane", points=100, hidden=(), learning_rate=100.0, batch_size=1))
    progress = RunFor(1, 50, "epochs", -1).run(session)
    assert progress.finished and "diverged" in progress.message and progress.done < 50


def test_lesson_fields_round_trip_through_a_session_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    session = Session(Config(dataset="xor", points=20))
    session.lesson = {"title": "My lesson", "text": "<p>Try this.</p>"}
    path = tmp_path / "lesson.json"
    save_session(session, path)
    assert load_session(path).lesson == {"title": "My lesson", "text": "<p>Try this.</p>"}
    doc = json.loads(path.read_text())
    doc["lesson"] = {"title": 5}
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionFileError, match="title"):
        load_session(path)
    del doc["lesson"]
    path.write_text(json.dumps(doc))
    assert load_session(path).lesson is None
