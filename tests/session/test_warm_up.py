"""The training process loads its compiled step before the first Play (session/warm_up.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np

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
