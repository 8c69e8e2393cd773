"""nnviz's one I/O layer: capped reads of regular files, atomic writes, the validator kit, and the size caps."""

from nnviz.io import caps
from nnviz.io.reading import decode_text, parse_json, read_bytes, read_json, read_text
from nnviz.io.validate import Checker, brief, brief_names, show
from nnviz.io.writing import check_writable, save_target, write_atomic

__all__ = [
    "Checker",
    "brief",
    "brief_names",
    "caps",
    "check_writable",
    "decode_text",
    "parse_json",
    "read_bytes",
    "read_json",
    "read_text",
    "save_target",
    "show",
    "write_atomic",
]
