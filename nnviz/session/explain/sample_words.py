"""A sample and a class as the user knows them: column names, values in the file's units, class names.

Two plain columns (generated points, an x1,x2,label file) keep the short form "at (0.500, −1.20)";
any other data names every column with its value as the file has it, and the standardised value
the network sees beside it when the inputs are standardised.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnviz.data import FEATURE_LABELS
from nnviz.data.inputs import Scaling
from nnviz.session.explain.numbers import fmt, plain, recomputable
from nnviz.session.explain.sample import PointReadout, SampleExplanation


def file_value(v: float) -> str:
    """A value in the file's units, as a person wrote it (up to 6 significant digits), with a true minus."""
    return plain(v)


def is_short_form(columns: Sequence[str], scaling: Scaling | None) -> bool:
    """Whether a point reads as "at (x, y)": two columns that the network sees unscaled."""
    return len(columns) <= 2 and scaling is None


def values_words(columns: Sequence[str], raw: Sequence[float], scaling: Scaling | None) -> str:
    """ "at (x, y)" for two plain columns, else "with name = value (standardised s), …" for every column."""
    if is_short_form(columns, scaling):
        return f"at ({fmt(raw[0])}, {fmt(raw[1])})"
    scaled = None if scaling is None else scaling.apply(np.asarray([raw], dtype=np.float64))[0]
    parts = [f"{name} = {file_value(v)}" + ("" if scaled is None else f" (standardised {fmt(scaled[i])})")
             for i, (name, v) in enumerate(zip(columns, raw, strict=True))]
    return "with " + ", ".join(parts)


def sample_words(ex: SampleExplanation) -> str:
    """The explained training sample's values (see values_words)."""
    raw = ex.raw or ex.point
    return values_words(ex.columns if ex.raw else ("x1", "x2"), raw, ex.scaling if ex.raw else None)


def class_words(k: int, names: Sequence[str]) -> str:
    """A class by its number and, when the data names its classes, its name: "2 (Gentoo)"."""
    return f"{k} ({names[k]})" if 0 <= k < len(names) else str(k)


def target_words(ex: SampleExplanation) -> str:
    """ "class 2 (Gentoo)", "class 1" or "target 3.5"."""
    if ex.problem == "regression":
        return f"target {ex.label:g}"
    return f"class {class_words(int(ex.label), ex.class_names)}"


def input_line(ex: SampleExplanation, j: int, symbol: str) -> str:
    """What input neuron j holds for the sample, and where it comes from (a column, standardised; a feature)."""
    a = ex.a[0][j]
    if ex.raw and len(ex.columns) == len(ex.a[0]) and not is_short_form(ex.columns, ex.scaling):
        name, raw = ex.columns[j], ex.raw[j]
        if ex.scaling is None:
            return f"{symbol} = {name} = {file_value(raw)}"
        mean, std = ex.scaling.mean[j], ex.scaling.std[j]
        n, r = recomputable(lambda x, m, s: (x - m) / s, [raw, mean, std], a)
        shown_mean = fmt(mean, n) if mean >= 0 else f"({fmt(mean, n)})"
        return (f"{symbol} = ({name} − mean) / standard deviation = ({fmt(raw, n)} − {shown_mean}) / "
                f"{fmt(std, n)} = {fmt(a, r)}")
    feature = ex.feature_names[j] if j < len(ex.feature_names) else ""
    return f"{symbol} = {FEATURE_LABELS.get(feature, feature)} {sample_words(ex)} = {fmt(a)}"


def readout_place(r: PointReadout) -> str:
    """Where a Shift+clicked point is, as the user knows it: "at (x, y)", or every column's value on the slice."""
    if not r.raw:
        return f"at ({fmt(r.point[0])}, {fmt(r.point[1])})"
    return values_words(r.columns, r.raw, r.scaling)
