"""nnviz.api."""
