"""Old home of the file readers, kept so that code written before `nnviz.io` still imports: use nnviz.io."""

from nnviz.io.reading import parse_json, read_text

__all__ = ["parse_json", "read_text"]
