"""nnviz.cli."""
