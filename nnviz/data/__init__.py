"""nnviz.data: data sets, input features and CSV import (numpy only, no Qt).

The CSV and table readers load on first use (`nnviz.data.load_csv` imports them then): the app paints its
window before it reads any file (issue 23).
"""

from typing import TYPE_CHECKING

from nnviz.data.dataset import (
    CLASSIFICATION,
    KINDS,
    PLANE_EXTENT,
    REGRESSION,
    Dataset,
    fitted_extent,
    nearest_index,
    nice_ceiling,
    split,
    with_point,
    without_nearest,
)
from nnviz.data.features import (
    DEFAULT_FEATURES,
    FEATURE_LABELS,
    FEATURES,
    check_coordinates,
    check_targets,
    compute_features,
    grid_axis,
    grid_points,
    normalize_features,
    parse_features,
)
from nnviz.data.generators import (
    GENERATORS,
    MAX_NOISE,
    MAX_POINTS,
    MIN_POINTS,
    GeneratorInfo,
    generate,
    nspiral,
    points_problem,
)
from nnviz.data.inputs import (
    AXES_MODES,
    SCALINGS,
    Plane,
    Scaling,
    SliceSpec,
    column_plane,
    network_inputs,
    pca_plane,
    plane_inputs,
)
from nnviz.data.shipped import SHIPPED, ShippedInfo, load_shipped, load_shipped_result, shipped_file

if TYPE_CHECKING:
    from nnviz.data.csv_loader import MAX_ROWS, load_csv, parse_csv, save_csv
    from nnviz.data.table import Table, TableChoice, TableResult, parse_table, read_table, table_dataset

_LOADED_ON_USE = {"nnviz.data.csv_loader": ("MAX_ROWS", "load_csv", "parse_csv", "save_csv"),
                  "nnviz.data.table": ("Table", "TableChoice", "TableResult", "parse_table", "read_table",
                                       "table_dataset")}

__all__ = [
    "AXES_MODES",
    "CLASSIFICATION",
    "DEFAULT_FEATURES",
    "FEATURES",
    "FEATURE_LABELS",
    "GENERATORS",
    "KINDS",
    "MAX_NOISE",
    "MAX_POINTS",
    "MAX_ROWS",
    "MIN_POINTS",
    "PLANE_EXTENT",
    "REGRESSION",
    "SCALINGS",
    "SHIPPED",
    "Dataset",
    "GeneratorInfo",
    "Plane",
    "Scaling",
    "ShippedInfo",
    "SliceSpec",
    "Table",
    "TableChoice",
    "TableResult",
    "check_coordinates",
    "check_targets",
    "column_plane",
    "compute_features",
    "fitted_extent",
    "generate",
    "grid_axis",
    "grid_points",
    "load_csv",
    "load_shipped",
    "load_shipped_result",
    "nearest_index",
    "network_inputs",
    "nice_ceiling",
    "normalize_features",
    "nspiral",
    "parse_csv",
    "parse_features",
    "parse_table",
    "pca_plane",
    "plane_inputs",
    "points_problem",
    "read_table",
    "save_csv",
    "shipped_file",
    "split",
    "table_dataset",
    "with_point",
    "without_nearest",
]


def __getattr__(name: str) -> object:
    """The CSV and table readers' names, loaded on first use."""
    for module, names in _LOADED_ON_USE.items():
        if name in names:
            # lazy: the readers load when a file is read, not with the package (the app's launch needs none)
            import importlib

            return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module 'nnviz.data' has no attribute {name!r}")
