"""numba's on-disk cache of the kernels, keyed on every kernel module at once.

numba's `cache=True` keys a compiled function on its own source file alone. But a kernel's machine code
holds everything it calls from the other kernel modules, and every module-level value it reads, frozen at
compile time (some come from reproducible.py, rounded_product.py and activations.py). Editing a helper
module, or one of those values, would leave the step's cached code stale: wrong bits, or a crash.

So every kernel is cached under one stamp: a digest of the source of every module in this package and of
the values of their module-level constants (a kernel takes a value from another module into a module-level
name, as `step._HALF = grid.HALF`, never as `grid.HALF` inside its body). The files stay where numba puts
them (the package's __pycache__, or numba's user cache folder where that is read-only, or NUMBA_CACHE_DIR);
numba's index holds the stamp and compiles again when it differs. A frozen app has no source files to key
a cache on: its kernels compile once per process instead.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import logging
import os
import pkgutil
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, ModuleType
from typing import Any

import numpy as np
from numba.core.caching import (
    CompileResultCacheImpl,
    FunctionCache,
    InTreeCacheLocator,
    UserProvidedCacheLocator,
    UserWideCacheLocator,
)
from numba.core.registry import CPUDispatcher

log = logging.getLogger(__name__)
_VALUE_TYPES = (bool, int, float, complex, str, bytes, tuple, dict)  # what repr writes in full, in a fixed order
# names that hold no value a kernel freezes: code (compiled apart and keyed by its source) and the
# `annotations` that `from __future__ import annotations` binds
_CODE_TYPES = (ModuleType, FunctionType, BuiltinFunctionType, type, CPUDispatcher,
               type(importlib.import_module("__future__").annotations))


def package_modules(package: str) -> list[ModuleType]:
    """Every module of a package (imported now if it was not yet), by name."""
    root = importlib.import_module(package)
    names = sorted(info.name for info in pkgutil.iter_modules(root.__path__))
    return [root, *(importlib.import_module(f"{package}.{name}") for name in names)]


def stamp_of(modules: list[ModuleType]) -> str:
    """A digest of the modules' source files and the values of the module-level constants of those that
    define kernels (numba freezes what a kernel reads from its own module's globals)."""
    digest = hashlib.sha256()
    for module in sorted(modules, key=lambda m: m.__name__):
        digest.update(module.__name__.encode() + b"\0" + Path(inspect.getfile(module)).read_bytes())
        if not kernels_of([module]):
            continue
        for name, value in sorted(vars(module).items()):
            if name.startswith("__"):
                continue
            if isinstance(value, np.ndarray):
                digest.update(f"{name}:{value.dtype}{value.shape}".encode() + np.ascontiguousarray(value).tobytes())
            elif isinstance(value, np.generic):  # np.int64(3), np.float32(0.5): their type and bits
                digest.update(f"{name}:{value.dtype}".encode() + value.tobytes())
            elif isinstance(value, frozenset | set):  # in an order that no hash seed changes
                digest.update(f"{name}={sorted(map(repr, value))!r}".encode())
            elif isinstance(value, _VALUE_TYPES):
                digest.update(f"{name}={value!r}".encode())
            elif not isinstance(value, _CODE_TYPES):  # a value a kernel may freeze that the stamp would miss
                raise TypeError(f"the kernels' cache stamp cannot digest {module.__name__}.{name} "
                                f"({type(value).__name__}): teach disk_cache.stamp_of its bytes")
    return digest.hexdigest()


def stamped_cache(stamp: str) -> type[FunctionCache]:
    """numba's function cache, in numba's places, whose index is keyed on `stamp` instead of one file's content."""

    class Stamped:
        def get_source_stamp(self) -> str:
            return stamp

    locators = [type(f"Stamped{base.__name__}", (Stamped, base), {})
                for base in (UserProvidedCacheLocator, InTreeCacheLocator, UserWideCacheLocator)]
    impl = type("StampedCacheImpl", (CompileResultCacheImpl,), {"_locator_classes": locators})
    return type("StampedFunctionCache", (FunctionCache,), {"_impl_class": impl})


def kernels_of(modules: list[ModuleType]) -> list[Any]:
    """The compiled functions (numba dispatchers) the modules define."""
    return [value for module in modules for value in vars(module).values()
            if isinstance(value, CPUDispatcher) and value.py_func.__module__ == module.__name__]


def cache_kernels(package: str) -> str:
    """Give every kernel of the package numba's on-disk cache under one stamp of all its modules; returns the
    stamp ("" in a frozen app, which caches nothing). Call it before any kernel compiles."""
    modules = package_modules(package)
    if not all(os.path.isfile(inspect.getfile(module)) for module in modules):
        return ""
    stamp = stamp_of(modules)
    cache = stamped_cache(stamp)
    kernels = kernels_of(modules)
    try:
        caches = [cache(kernel.py_func) for kernel in kernels]
    except RuntimeError as error:  # numba found no folder it may write: compile in every process instead
        log.info("the training kernels are not cached on disk (%s)", error)
        return ""
    for kernel, its_cache in zip(kernels, caches, strict=True):
        kernel._cache = its_cache  # what numba's enable_caching() does, with our cache class
    return stamp
