"""The training process loads its compiled step before the first Play, not at it.

numba's import (about 0.4 s) and loading the training kernels' machine code from its disk cache
(packaging/setup.sh fills it) used to happen at the first step: Play answered 0.6-1 s late on a
quiet machine, 1.5-3 s on a busy one. The training process starts after the window's first
paint and then waits for the user; in that wait, one throwaway step of a twin of the network
(same layer sizes, activations, numerics, loss, optimizer and batch size, its own zero weights,
on zero data) and one forward pass at the evaluation's size load everything the real first
step and its evaluation call (that pass only where the evaluation calls the compiled kernel: a
small one; a big table's evaluation runs numpy's calls, which need no loading). The session
itself is never touched: its weights, its optimizer's moments and its random streams are the
same bits after the warm-up as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from nnviz.engine import MLP, MinibatchTrainer, fused_step
from nnviz.session.session import Session

log = logging.getLogger(__name__)


def warm_up(session: Session) -> Callable[[], None]:
    """The work that loads the session's compiled training step (run it in a thread of its own); it reads the
    session now, in the caller's thread, and never later."""
    net, loss, batch = session.net, session.spec.loss, session.trainer.full_batch  # what its steps compile for
    sizes, activations, dtype, numerics = tuple(net.sizes), tuple(net.activations), net.dtype, net.numerics
    optimizer = session.optimizer.copy(state=False)
    points = max(1, len(session.train_set.points) + len(session.test_set.points))

    def run() -> None:
        try:
            twin = MLP(sizes, activations, dtype, numerics=numerics)
            optimizer.weight_mask = twin.weight_mask
            trainer = MinibatchTrainer(twin, loss, optimizer, batch)
            trainer.set_data(np.zeros((batch, sizes[0]), dtype), np.zeros((batch, sizes[-1]), dtype))
            with np.errstate(all="ignore"):
                trainer.step(np.random.default_rng(0))
                if fused_step.forward_uses_kernel(twin, points):  # else the evaluation loads nothing: numpy's calls
                    x_aug = np.zeros((sizes[0] + 1, points), dtype)  # (a big table's would double its buffers)
                    x_aug[-1] = 1.0
                    twin.forward_into(twin.workspace(points), x_aug)
        except Exception:  # the warm-up only saves time: the first real step loads what it needs anyway
            log.debug("the training step's warm-up failed", exc_info=True)

    return run
