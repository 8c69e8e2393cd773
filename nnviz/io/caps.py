"""The documented limits on every size a file or a flag can ask for, checked before anything is allocated.

A tiny file must not be able to make nnviz allocate gigabytes: every count a
file or flag declares (classes, layers, neurons, parameters, points, heatmap
cells) is compared with these caps first. The README's "Limits" table lists them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from nnviz.errors import NnvizError

MAX_CLASSES = 64  # classes of a classification data set (a CSV may declare its count)
MAX_OUTPUTS = MAX_CLASSES  # output neurons: one per class at most
MAX_HIDDEN_LAYERS = 32  # hidden layers of a network
MAX_LAYERS = MAX_HIDDEN_LAYERS + 2  # with the input and output layers
MAX_NEURONS = 4096  # neurons in one layer
MAX_PARAMETERS = 1_000_000  # weights and biases of a whole network (8 MB as float64)
MAX_POINTS = 100_000  # data points (CSV rows, generated points, points in a session file)
HEATMAP_RESOLUTION = 200  # the finest output heatmap the app draws (cells per side)
THUMB_RESOLUTION = 64  # the finest neuron thumbnail the app computes (cells per side; drawn <= 64 px)
MAX_HEATMAP_CELLS = 16_000_000  # neurons x resolution^2 of one snapshot (64 MB as float32)
MAX_FILE_BYTES = 256 * 1024 * 1024  # network JSON files read by the scripting library (Network.load)
# Session files, and anything the app or the CLI opens as one (network files too). The largest session nnviz can
# save (100,000 points, 400 neurons, Adam's state, a full history) is about 9 MB; at this cap a file parses in
# at most SESSION_LOAD_BUDGET of memory, because it may also hold at most MAX_JSON_CONTAINERS lists and objects
# and MAX_JSON_STRINGS strings (each costs far more memory than its few bytes of text).
MAX_SESSION_BYTES = 32 * 1024 * 1024
MAX_JSON_CONTAINERS = 250_000  # one list per data point, and a few hundred more
MAX_JSON_STRINGS = 500_000  # keys and names (a Synaptic network of 40,000 connections has 160,000 keys)
SESSION_LOAD_BUDGET = 500 * 1024 * 1024  # memory to open a session file at the cap, above the program's own
MAX_CSV_BYTES = 64 * 1024 * 1024  # CSV files: 100,000 rows take a few MB
MAX_CSV_LINE_CHARS = 10_000  # one row of a CSV file
MAX_GIF_FRAMES = 5_000  # frames of one GIF (nnviz render --gif, Record GIF)
MAX_GIF_PIXELS = 2_000_000_000  # frames x width x height of one GIF: at most about 2 GB before compression
MAX_LEARNING_RATE = 100.0  # the CLI, session files and the scripting library accept rates up to this
MAX_COLUMNS = 32  # input columns of a table (the network's inputs)

LIMITS: tuple[tuple[str, str], ...] = (
    ("classes of a data set / outputs of a network", f"{MAX_CLASSES}"),
    ("hidden layers", f"{MAX_HIDDEN_LAYERS}"),
    ("neurons in one layer", f"{MAX_NEURONS:,}"),
    ("parameters (weights and biases) of a network", f"{MAX_PARAMETERS:,}"),
    ("data points", f"{MAX_POINTS:,}"),
    ("heatmap cells per snapshot (neurons x thumbnail² + outputs x output²)", f"{MAX_HEATMAP_CELLS:,}"),
    ("size of a session file (anything the app opens as a session)", f"{MAX_SESSION_BYTES // 2**20} MB"),
    ("lists and objects / strings in a session file", f"{MAX_JSON_CONTAINERS:,} / {MAX_JSON_STRINGS:,}"),
    ("size of a network JSON file read by the scripting library", f"{MAX_FILE_BYTES // 2**20} MB"),
    ("size of a CSV file", f"{MAX_CSV_BYTES // 2**20} MB"),
    ("characters in one line of a CSV file", f"{MAX_CSV_LINE_CHARS:,}"),
    ("frames of a GIF / frames x pixels", f"{MAX_GIF_FRAMES:,} / {MAX_GIF_PIXELS:,}"),
    ("input columns of a table", f"{MAX_COLUMNS}"),
)


def amount(count: int) -> str:
    """A count for a message: with thousands separators, or as a power of two when it is absurdly large."""
    return f"{count:,}" if count < 10**15 else f"about 2^{count.bit_length() - 1}"


def check_count(count: int, cap: int, what: str, error: type[NnvizError], where: str = "") -> int:
    """`count` if it is at most `cap`, else `error` saying which limit it passes; `where` prefixes the message."""
    if count > cap:
        prefix = f"{where}: " if where else ""
        raise error(f"{prefix}{amount(count)} {what} is more than nnviz's limit of {cap:,}")
    return count


def parameter_count(sizes: Sequence[int]) -> int:
    """Weights and biases of a fully connected network of these layer sizes."""
    return sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))


def check_layers(sizes: Sequence[int], error: type[NnvizError], where: str = "") -> None:
    """Refuse layer sizes beyond the layer, neuron and parameter caps (before any matrix is built)."""
    check_count(len(sizes), MAX_LAYERS, "layers", error, where)
    widest = max(sizes, default=0)
    check_count(widest, MAX_NEURONS, "neurons in one layer", error, where)
    check_count(parameter_count(sizes), MAX_PARAMETERS, "parameters", error, where)


def check_heatmaps(neurons: int, resolution: int, error: type[NnvizError], where: str = "") -> None:
    """Refuse a snapshot whose neuron heatmaps (neurons x resolution²) pass MAX_HEATMAP_CELLS."""
    cells = neurons * resolution * resolution
    if cells > MAX_HEATMAP_CELLS:
        prefix = f"{where}: " if where else ""
        raise error(
            f"{prefix}{amount(neurons)} neurons with {resolution}x{resolution} heatmaps need {amount(cells)} cells, "
            "more than "
            f"nnviz's limit of {MAX_HEATMAP_CELLS:,}; use fewer neurons"
        )


def drawn_heatmap_cells(sizes: Sequence[int]) -> int:
    """Cells the app computes for a network: every neuron's thumbnail at THUMB_RESOLUTION², the outputs at
    HEATMAP_RESOLUTION² (the hidden layers of the output pass are computed a chunk at a time, not kept)."""
    return sum(sizes) * THUMB_RESOLUTION**2 + (sizes[-1] if sizes else 0) * HEATMAP_RESOLUTION**2


def check_drawn_heatmaps(sizes: Sequence[int], error: type[NnvizError], where: str = "") -> None:
    """Refuse a network whose drawn heatmaps (see drawn_heatmap_cells) pass MAX_HEATMAP_CELLS."""
    cells = drawn_heatmap_cells(sizes)
    if cells > MAX_HEATMAP_CELLS:
        prefix = f"{where}: " if where else ""
        raise error(
            f"{prefix}{amount(sum(sizes))} neurons need {amount(cells)} heatmap cells "
            f"({THUMB_RESOLUTION}x{THUMB_RESOLUTION} a neuron), more than nnviz's limit of {MAX_HEATMAP_CELLS:,}; "
            "use fewer neurons"
        )


def max_drawn_neurons(outputs: int = 1) -> int:
    """The most neurons (inputs and outputs included) a network with `outputs` outputs may have for its heatmaps."""
    return (MAX_HEATMAP_CELLS - outputs * HEATMAP_RESOLUTION**2) // THUMB_RESOLUTION**2
