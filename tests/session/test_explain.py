"""The explanation's step and its undo, Run for N, and lesson fields in session files (headless)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from nnviz.errors import ConfigError, SessionFileError
from nnviz.session import Config, Session
from nnviz.session.explain.sample import apply_update, explain_sample, undo_update
from nnviz.session.explain.tasks import RunFor
from nnviz.session.files import load_session, save_session
from nnviz.session.graph_refs import EdgeRef, NeuronRef
from tests.numbers_shown import shown, shows


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
    assert load_session(path).lesson == {"title": "My lesson", "text": "<p>Try this.</p>", "format": "html"}
    doc = json.loads(path.read_text())
    doc["lesson"] = {"title": 5}
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionFileError, match="title"):
        load_session(path)
    del doc["lesson"]
    path.write_text(json.dumps(doc))
    assert load_session(path).lesson is None


def _hand_tanh_session(**settings: object) -> Session:
    """A 2-2-1 tanh session whose one training sample is (0.5, -0.5), class 1, with hand-set weights."""
    from nnviz.data import Dataset

    data = Dataset(np.array([[0.5, -0.5]]), np.array([1]), "classification", 2)
    session = Session(Config(dataset="xor", hidden=(2,), batch_size=1, **settings), data=data)  # type: ignore[arg-type]
    net = session.net
    net.weights(1)[...] = [[0.31, -1.2], [0.4, 0.7]]
    net.biases(1)[...] = [0.1, -0.2]
    net.weights(2)[...] = [[0.8, -0.6]]
    net.biases(2)[...] = [0.05]
    session.restore_state(net.params.copy(), data, data)
    return session


def _hand_gradient() -> float:
    """dL/dw for the weight from hidden neuron 1 to the output, worked out by hand."""
    import math

    a1 = math.tanh(0.31 * 0.5 + (-1.2) * (-0.5) + 0.1)
    a1b = math.tanh(0.4 * 0.5 + 0.7 * (-0.5) - 0.2)
    a2 = math.tanh(0.8 * a1 - 0.6 * a1b + 0.05)
    return (a2 - 1.0) * (1 - a2 * a2) * a1


def test_adam_update_shows_its_moments_with_the_hand_values() -> None:
    from nnviz.session.explain.phases import Phase
    from nnviz.session.explain.text import detail

    session = _hand_tanh_session(optimizer="adam", learning_rate=0.01)
    ex = explain_sample(session, 0)
    lines = detail(ex, Phase("update"), EdgeRef(2, 0, 0))
    g = _hand_gradient()
    # first Adam step by the textbook: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g², w ← w − lr·g/(|g| + ε)
    assert any(line.startswith("m ←") and line.endswith(f"= {shown(0.1 * g)}") for line in lines), lines
    assert any(line.startswith("step t = 1") and f"M = m / (1 − β₁ᵗ) = {shown(g)}" in line for line in lines), lines
    new = 0.8 - 0.01 * g / (abs(g) + 1e-8)
    assert lines[-1].startswith("w ←") and shows(lines[-1], new)
    assert ex.alone.params_after[session.net.offsets[1]] == pytest.approx(new, abs=1e-12)


def test_momentum_update_shows_the_velocity() -> None:
    from nnviz.session.explain.phases import Phase
    from nnviz.session.explain.text import detail

    session = _hand_tanh_session(optimizer="momentum", learning_rate=0.1)
    ex = explain_sample(session, 0)
    apply_update(session, ex)  # a first step leaves a velocity v = g
    ex2 = explain_sample(session, 0)
    lines = detail(ex2, Phase("update"), EdgeRef(2, 0, 0))
    g1 = _hand_gradient()
    velocity = [line for line in lines if line.startswith("velocity v ←")]
    first = re.search(r"= 0\.9·\(?([−\d.e]+)\)? \+ ", velocity[0]) if velocity else None
    assert first is not None, velocity  # μ·v with the first step's v = g1
    assert shows(f"= {first.group(1)}", g1)


def test_a_wide_layer_shows_the_first_terms_and_the_rest_summed() -> None:
    from nnviz.session.explain.phases import Phase
    from nnviz.session.explain.text import detail

    session = Session(Config(dataset="xor_gate", points=4, hidden=(10, 10), activation="sigmoid",
                             output_activation="sigmoid"))
    ex = explain_sample(session, 1)
    z_line = detail(ex, Phase("forward", 2), NeuronRef(2, 0))[1]
    w = session.net.weights(2)[0]
    a = ex.a[1]
    rest = float(w[4:] @ a[4:])  # the six terms after the first four, summed here
    assert z_line.count("·") >= 8 and f"[6 more: {shown(rest)}]" in z_line
    first = sum(float(w[i] * a[i]) for i in range(4))
    assert abs(first + rest + session.net.biases(2)[0] - ex.z[2][0]) < 1e-12
    delta_line = detail(ex, Phase("backward", 1), NeuronRef(1, 0))[1]
    back = float(session.net.weights(2)[4:, 0] @ ex.deltas[2][4:])
    assert f"[6 more: {shown(back)}]" in delta_line
