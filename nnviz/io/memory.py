"""Memory a run will need, estimated before anything is allocated, against what this process may still use.

"What it may use" is the smallest of: the address-space limit (`ulimit -v`, RLIMIT_AS) less
what the process has mapped already, the memory the kernel reports available (MemAvailable
plus free swap), and a cgroup's limit less its usage (containers). Where none of these can be
read, nothing is refused. The estimates are upper bounds of the arrays nnviz allocates; a
refusal is one line that names the setting to lower.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Sequence
from pathlib import Path

from nnviz.errors import NnvizError

MB = 1 << 20
FLOAT_BYTES = 8  # the engine's arrays are float64 unless the config says float32
BASE_MARGIN = 32 * MB  # what Python itself allocates on the way (temporaries, the interpreter's own growth)
# transient arrays a reproducible pass makes, each of the widest layer's size (with its ones row): a product's
# rounded copy or |operand| (engine/rounded_product.py), or an activation's probe of its bits (reproducible.bound)
# one at a time; tests/engine/test_pass_memory.py measures the peak against this
SCRATCH_ARRAYS = 2
IMAGE_BYTES_PER_PIXEL = 16  # the drawn image (4), its copy for the encoder (4), the encoder's buffers (8)


def _meminfo() -> dict[str, int]:
    """/proc/meminfo in bytes ({} where there is none)."""
    values: dict[str, int] = {}
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            key, _, rest = line.partition(":")
            values[key] = int(rest.split()[0]) * 1024
    return values


def mapped_bytes() -> int | None:
    """This process's address space now (VmSize), or None where it cannot be read."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return None


def _address_space_left() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    mapped = mapped_bytes()
    if soft == resource.RLIM_INFINITY or soft < 0 or mapped is None:
        return None
    return soft - mapped


def _cgroup_left() -> int | None:
    with contextlib.suppress(OSError, ValueError):
        limit = Path("/sys/fs/cgroup/memory.max").read_text(encoding="ascii").strip()
        if limit != "max":
            used = int(Path("/sys/fs/cgroup/memory.current").read_text(encoding="ascii").strip())
            return int(limit) - used
    return None


def available_bytes() -> int | None:
    """The memory this process may still allocate, or None when nothing limits it that can be read."""
    info = _meminfo()
    system = info["MemAvailable"] + info.get("SwapFree", 0) if "MemAvailable" in info else None
    known = [left for left in (_address_space_left(), _cgroup_left(), system) if left is not None]
    return max(0, min(known)) if known else None


def megabytes(n: int) -> str:
    """A size for a message: "1,234 MB"."""
    return f"{max(1, round(n / MB)):,} MB"


def check_fits(needed: int, what: str, lower: str, error: type[NnvizError]) -> None:
    """Refuse with one line ("{what} needs about N MB of memory, but nnviz has M MB here; lower {lower}") when
    `needed` bytes do not fit in what this process may still allocate."""
    left = available_bytes()
    if left is not None and needed + BASE_MARGIN > left:
        raise error(f"{what} needs about {megabytes(needed)} of memory, but nnviz has {megabytes(left)} here; "
                    f"lower {lower}")


def training_bytes(sizes: Sequence[int], n_points: int, n_train: int, batch_size: int, itemsize: int = 8) -> int:
    """An upper bound of what training a network of these layer sizes on n_points points needs.

    The evaluation pass's workspace holds every layer's pre-activations, activations, derivative
    factors and deltas for all points (4 x neurons x points); a training step's, the same for its
    batch (4 x neurons x batch); the reproducible numerics work in up to SCRATCH_ARRAYS
    transient arrays the size of the widest layer (ones row included); the data, its features
    and targets, and the parameters with the optimizer's state come on top."""
    neurons = sum(sizes)
    batch = min(max(batch_size, 1), max(n_train, 1))
    scratch = SCRATCH_ARRAYS * (max(sizes) + 1) * (n_points + batch)
    activations = 4 * neurons * (n_points + batch) + scratch
    data = n_points * (2 * sizes[0] + 2 * sizes[-1] + 6)
    params = sum((a + 1) * b for a, b in itertools.pairwise(sizes))
    return itemsize * (activations + 6 * params) + FLOAT_BYTES * data


def check_training_memory(sizes: Sequence[int], n_points: int, n_train: int, batch_size: int,
                          error: type[NnvizError], itemsize: int = 8) -> None:
    """Refuse a network and data set whose training would not fit in memory, naming what to lower."""
    needed = training_bytes(sizes, n_points, n_train, batch_size, itemsize)
    batch = min(max(batch_size, 1), max(n_train, 1))
    if 4 * batch >= n_points:  # the batch's arrays are a large part (over 25 %)
        lower = "the batch size (--batch), the number of points (--points) or the hidden layer sizes (--hidden)"
    else:
        lower = "the number of points (--points) or the hidden layer sizes (--hidden)"
    hidden = ",".join(str(n) for n in sizes[1:-1]) or "none"
    check_fits(needed, f"training {n_points:,} points through hidden layers {hidden} with batches of {batch:,}",
               lower, error)


def check_image_memory(size: tuple[int, int], scale: float, error: type[NnvizError]) -> None:
    """Refuse a picture whose drawing and encoding would not fit in memory."""
    width, height = (round(side * scale) for side in size)
    check_fits(width * height * IMAGE_BYTES_PER_PIXEL, f"a {width}x{height} picture", "--size or --scale", error)
