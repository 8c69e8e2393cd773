"""The one family of errors a user can cause; every message says what was wrong."""

from __future__ import annotations


class NnvizError(Exception):
    """Base class of every error a user can cause: bad input, bad config, divergence."""


class ConfigError(NnvizError):
    """An impossible or inconsistent configuration."""


class DataError(NnvizError):
    """Bad data: a bad generator name, bad points or labels."""


class CsvError(DataError):
    """A CSV file that cannot be used; the message names the line."""


class ModelFormatError(NnvizError):
    """A network file (nnviz, Synaptic or brain.js JSON) that cannot be read."""


class SessionFileError(NnvizError):
    """A session file that cannot be read or written."""


class DivergenceError(NnvizError):
    """Training produced NaN or inf; the weights were rolled back."""


class OutOfMemoryError(NnvizError):
    """A run or a file needs more memory than this machine (or its limit) gives nnviz; the message names the
    setting to lower."""


OUT_OF_MEMORY = ("out of memory: this needs more memory than nnviz may use here; lower the number of points, "
                 "the hidden layer sizes, the batch size or the image size")
