"""Exporting pictures: PNG and SVG."""
