"""Hypothesis strategies for hostile files: CSV text from a grammar, and JSON documents mutated from good ones.

A mutated document starts from a file nnviz itself writes (a session, or a network in nnviz, Synaptic or
brain.js JSON) and gets a few edits at random places: a value replaced by an odd one (huge, negative,
NaN, a bool, a string, a list, nothing), a key dropped, a list cut or stretched. Then the text may be cut
short, get a BOM, or garbage bytes. The sizes stay small so that a case runs in milliseconds; the big
files are in test_big_files.py, each in a subprocess under an rlimit.
"""

from __future__ import annotations

import json
import math
import os
from functools import cache
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

LONG = os.environ.get("NNVIZ_FUZZ_LONG") == "1"
EXAMPLES = 2000 if LONG else 60  # per reader; the default run of the whole fuzz suite takes seconds

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

# --- odd values --------------------------------------------------------------------------------------
ODD_INTS = st.sampled_from([0, 1, -1, 2, 3, 7, 255, 2**31, -(2**31), 10**6, 10**9, 10**18, 10**30])
ODD_FLOATS = st.sampled_from([0.0, -0.0, 0.5, -2.5, 1e-320, 1e308, -1e308, math.inf, -math.inf, math.nan])
ODD_STRINGS = st.sampled_from(["", "x", "tanh", "relu", "softmax", "circle", "csv", "input", "output", "hidden",
                               "LOGISTIC", "nnviz-session", "nnviz.network", "\x00", "é", "1e999", "NaN"])
SCALARS = st.one_of(st.none(), st.booleans(), ODD_INTS, ODD_FLOATS, ODD_STRINGS,
                    st.integers(-5, 40), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8))
ODD_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)


# --- mutated JSON documents ---------------------------------------------------------------------------
def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document (the root is the empty path)."""
    found = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc[:6]):  # the first few items are enough to reach every kind of field
            found += _paths(value, (*prefix, i))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


@st.composite
def mutated(draw: st.DrawFn, base: Any, max_edits: int = 3) -> Any:
    """A copy of a JSON document with a few edits at random places."""
    doc = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, max_edits))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            return draw(ODD_VALUES)
        path = draw(st.sampled_from(paths))
        parent, key = _parent(doc, path), path[-1]
        edit = draw(st.sampled_from(["replace", "replace", "replace", "drop", "stretch", "cut", "wrap"]))
        value = parent[key]
        if edit == "replace":
            parent[key] = draw(ODD_VALUES)
        elif edit == "drop" and isinstance(parent, dict):
            del parent[key]
        elif edit == "stretch" and isinstance(value, list) and value:
            parent[key] = value + value[: draw(st.integers(1, len(value)))]
        elif edit == "cut" and isinstance(value, list):
            parent[key] = value[: draw(st.integers(0, max(0, len(value) - 1)))]
        elif edit == "wrap":
            parent[key] = [value]
    return doc


@st.composite
def as_bytes(draw: st.DrawFn, doc: Any) -> bytes:
    """A JSON document as a file's bytes: mostly whole, sometimes cut short, with a BOM or with garbage."""
    data = json.dumps(doc, allow_nan=True).encode("utf-8")  # NaN and Infinity are not JSON, but files carry them
    how = draw(st.sampled_from(["whole"] * 6 + ["cut", "bom", "garbage"]))
    if how == "cut":
        return data[: draw(st.integers(0, len(data)))]
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "garbage":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


@cache
def good_documents() -> dict[str, Any]:
    """Small files nnviz writes itself: a session and one network in every format, as JSON values."""
    from nnviz.api import Network
    from nnviz.session import Config, Session
    from nnviz.session.files import session_to_dict

    session = Session(Config(points=12, hidden=(2,), batch_size=4))
    session.step(1)  # mid-epoch: the file carries an epoch position too
    net = Network([2, 2, 1])
    docs = {"session": session_to_dict(session)}
    docs.update({fmt: net.to_json(fmt) for fmt in ("nnviz", "synaptic", "brainjs", "brainjs1")})
    return json.loads(json.dumps(docs))


def network_files() -> st.SearchStrategy[bytes]:
    """Bytes of mutated network files in every format nnviz reads."""
    docs = good_documents()
    return st.sampled_from(["nnviz", "synaptic", "brainjs", "brainjs1"]).flatmap(
        lambda fmt: mutated(docs[fmt]).flatmap(as_bytes))


def session_files() -> st.SearchStrategy[bytes]:
    """Bytes of mutated session files."""
    return mutated(good_documents()["session"]).flatmap(as_bytes)


# --- CSV text from a grammar ----------------------------------------------------------------------------
CELLS = st.one_of(
    st.sampled_from(["0", "1", "2", "-1", "0.5", "-3.25", "1e3", "1,5", "1e308", "-1e308", "1e400", "nan", "inf",
                     "-inf", "", " ", "x1", "x2", "label", "X1", "oops", "0x10", "1_000", "+2", ".5", "5.", "١"]),
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=5),
)
SEPARATORS = st.sampled_from([",", ";", "\t", " ", ", ", "  ", "|"])
DIRECTIVES = st.builds(
    "# nnviz: kind={} n_classes={}".format,
    st.sampled_from(["classification", "regression", "other"]), st.sampled_from([0, 1, 2, 3, 16, 17, 1000]))
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """Bytes of a CSV-like file: an optional header, directive and comments, rows of odd cells."""
    sep, end = draw(SEPARATORS), draw(LINE_ENDS)
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(DIRECTIVES))
    if draw(st.booleans()):
        header = draw(st.permutations(["x1", "x2", "label"]) | st.lists(CELLS, max_size=4))
        lines.append(sep.join(header))
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["row"] * 8 + ["blank", "comment"]))
        if kind == "blank":
            lines.append("")
        elif kind == "comment":
            lines.append("# " + draw(st.text(max_size=10)))
        else:
            lines.append(sep.join(draw(st.lists(CELLS, min_size=0, max_size=5))))
    text = end.join(lines) + draw(st.sampled_from(["", end]))
    data = text.encode("utf-8", "surrogatepass")
    how = draw(st.sampled_from(["plain"] * 6 + ["bom", "utf16", "garbage"]))
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "utf16":
        return text.encode("utf-16", "surrogatepass")
    if how == "garbage":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


def raw_bytes() -> st.SearchStrategy[bytes]:
    """Anything at all, small."""
    return st.binary(max_size=64)
