"""Qt-free session layer: config, Session, history, Frame snapshots and files."""

from nnviz.session.config import LEARNING_RATES, PROBLEMS, REG_RATES, SCHEMA_VERSION, Config
from nnviz.session.frame import Frame
from nnviz.session.history import History, HistoryView
from nnviz.session.model_spec import ModelSpec
from nnviz.session.session import Metrics, Session

__all__ = [
    "LEARNING_RATES",
    "PROBLEMS",
    "REG_RATES",
    "SCHEMA_VERSION",
    "Config",
    "Frame",
    "History",
    "HistoryView",
    "Metrics",
    "ModelSpec",
    "Session",
]
