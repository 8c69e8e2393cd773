"""Keep BLAS single-threaded: nnviz's matrices are small, and threads only add stalls."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)
_done = False


def limit_threads() -> None:
    """Limit BLAS/OpenMP thread pools to one thread (once; harmless to call again)."""
    global _done
    if _done:
        return
    _done = True
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        log.debug("threadpoolctl is missing; relying on OPENBLAS_NUM_THREADS")
        return
    threadpool_limits(1)
