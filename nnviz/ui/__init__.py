"""nnviz.ui."""
