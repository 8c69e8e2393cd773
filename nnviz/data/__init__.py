"""nnviz.data: data sets, input features and CSV import (numpy only, no Qt)."""

from nnviz.data.csv_loader import MAX_ROWS, load_csv, parse_csv, save_csv
from nnviz.data.dataset import (
    CLASSIFICATION,
    KINDS,
    PLANE_EXTENT,
    REGRESSION,
    Dataset,
    nearest_index,
    split,
    with_point,
    without_nearest,
)
from nnviz.data.features import (
    DEFAULT_FEATURES,
    FEATURE_LABELS,
    FEATURES,
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
)

__all__ = [
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
    "Dataset",
    "GeneratorInfo",
    "compute_features",
    "generate",
    "grid_axis",
    "grid_points",
    "load_csv",
    "nearest_index",
    "normalize_features",
    "nspiral",
    "parse_csv",
    "parse_features",
    "save_csv",
    "split",
    "with_point",
    "without_nearest",
]
