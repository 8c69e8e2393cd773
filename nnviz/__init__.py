"""nnviz: see a neural network learn."""

import os as _os

# Small matrices are all nnviz multiplies: threaded BLAS only adds stalls (measured 20x
# slower grid passes with two OpenBLAS threads). Must be set before numpy loads;
# nnviz.engine.blas.limit_threads() covers the case where numpy was loaded first.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
for _var in BLAS_THREAD_VARIABLES:
    _os.environ.setdefault(_var, "1")

_API_NAMES = ("Neuron", "Layer", "Network", "Trainer", "Architect", "Connection", "Squash", "seed")


def __getattr__(name: str) -> object:
    """Load the scripting API on first use, so `import nnviz` stays light."""
    if name == "__version__":  # pyproject.toml is the one place the version is written
        # lazy: the version is read from the metadata only when asked for
        from nnviz.version import version

        return version()
    if name == "api":
        # lazy: `import nnviz` stays light: the scripting API loads on first use
        import importlib

        return importlib.import_module("nnviz.api")
    if name in _API_NAMES:
        # lazy: `import nnviz` stays light: the scripting API loads on first use
        from nnviz import api

        return getattr(api, name)
    raise AttributeError(f"module 'nnviz' has no attribute {name!r}")
