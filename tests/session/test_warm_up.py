"""The training process loads its compiled step before the first Play (session/warm_up.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from nnviz.engine import MLP, MinibatchTrainer, fused_step
from nnviz.engine.training import StepFn
from nnviz.engine.workspace import Workspace
from nnviz.session import Config, Session
from nnviz.session.warm_up import warm_up

FRESH = textwrap.dedent("""
    import sys
    from nnviz.session import Config, Session
    from nnviz.session.warm_up import warm_up
    session = Session(Config(dataset="spiral", hidden=(8, 8), optimizer="adam"))
    assert "numba" not in sys.modules, "a session alone loads no compiled step"
    warm_up(session)()
    from nnviz.engine import kernels
    print(len(kernels.train_step.signatures), len(kernels.adam.signatures), len(kernels.forward.signatures))
""")


def test_the_warm_up_loads_the_step_the_evaluation_and_the_optimizer_in_a_fresh_process() -> None:
    out = subprocess.run([sys.executable, "-c", FRESH], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    step, adam, forward = (int(n) for n in out.stdout.split())
    assert step >= 1 and adam >= 1 and forward >= 1


def test_the_warm_up_leaves_the_session_and_its_training_exactly_as_they_were() -> None:
    config = Config(dataset="spiral", hidden=(8, 8), optimizer="adam", seed=7)
    warmed, plain = Session(config), Session(config)
    params = warmed.net.params.copy()
    warm_up(warmed)()
    assert np.array_equal(warmed.net.params, params) and warmed.optimizer.steps == 0
    for session in (warmed, plain):
        session.step(25)
    assert np.array_equal(warmed.net.params, plain.net.params)  # the same bits: weights, moments and data order
    assert warmed.optimizer.state_dict()["steps"] == plain.optimizer.state_dict()["steps"] == 25


def test_a_big_table_s_evaluation_is_not_made_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    # 20,000 points on a 6x8 network: the evaluation runs numpy's calls, not the compiled forward pass, so the
    # warm-up has nothing to load there; a forward pass of its own at that size doubled the child's biggest buffers
    # (a 100,000-row table on 8x64: 1.7 GB more) and took the first Play's core for seconds
    session = Session(Config(dataset="spiral", points=20_000, hidden=(8,) * 6))
    columns = len(session.train_set.points) + len(session.test_set.points)
    assert not fused_step.forward_uses_kernel(session.net, columns)
    widths = _forward_widths_of_warm_up(session, monkeypatch)
    assert columns not in widths


def test_a_small_evaluation_is_warmed_at_its_own_size(monkeypatch: pytest.MonkeyPatch) -> None:
    session = Session(Config(dataset="spiral", hidden=(8, 8)))
    columns = len(session.train_set.points) + len(session.test_set.points)
    assert fused_step.forward_uses_kernel(session.net, columns)  # the evaluation calls the compiled forward pass
    widths = _forward_widths_of_warm_up(session, monkeypatch)
    assert columns in widths


def test_the_twin_trains_the_batch_the_session_trains_not_a_batch_size_above_its_points(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a batch size above the training points trains every point at once: the memory check counts that batch; a twin
    # at the batch size asked for (up to 100,000) allocated arrays that wide unchecked, and warmed a step never taken
    session = Session(Config(dataset="spiral", points=100, batch_size=50_000, hidden=(8, 8)))
    compiled: list[int] = []
    compile_step = MinibatchTrainer._compile

    def recorded(trainer: MinibatchTrainer, batch: int, fusable: bool) -> StepFn:
        compiled.append(batch)
        return compile_step(trainer, batch, fusable)

    monkeypatch.setattr(MinibatchTrainer, "_compile", recorded)
    warm_up(session)()
    warmed, compiled[:] = list(compiled), []
    session.step(1)
    assert warmed == compiled == [len(session.train_set.points)]


def _forward_widths_of_warm_up(session: Session, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The widths (columns) of every forward pass the session's warm-up ran."""
    widths: list[int] = []
    forward_into = MLP.forward_into

    def recorded(net: MLP, ws: Workspace, x_aug: np.ndarray) -> None:
        widths.append(x_aug.shape[1])
        forward_into(net, ws, x_aug)

    monkeypatch.setattr(MLP, "forward_into", recorded)
    warm_up(session)()
    return widths
