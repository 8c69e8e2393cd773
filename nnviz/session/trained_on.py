"""Which kind of machine a session file was trained on, and the one line the app shows when it is another kind.

Reproducible numerics give the same bits on every machine of the same architecture running the same
numpy minor version (the order of einsum's sums is numpy's code); fast numerics only on the same CPU
features and BLAS kernel. A trained session file records its kind as
{"trained_on": {"numerics": ..., "machine": ...}}; an untrained one (a lesson) records nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nnviz.engine.reproducible import machine_kind

if TYPE_CHECKING:
    from nnviz.session.session import Session


def trained_on_keys(session: Session) -> dict[str, Any]:
    """{"trained_on": ...} for a session that has trained, else {} (files of untrained sessions stay as they were)."""
    if not session.steps:
        return {}
    numerics = session.config.numerics
    return {"trained_on": {"numerics": numerics, "machine": machine_kind(numerics)}}


def machine_note(doc: dict[str, Any]) -> str:
    """One line when a file was trained on another kind of machine or with fast numerics, else ""."""
    trained = doc.get("trained_on")
    if not isinstance(trained, dict):
        return ""
    numerics, machine = str(trained.get("numerics", ""))[:40], str(trained.get("machine", ""))[:120]
    if numerics == "fast":
        return f"trained with fast numerics on {machine}: training on gives other numbers than there"
    if machine and machine != machine_kind("reproducible"):
        return f"trained on another kind of machine ({machine}): training on can give other numbers than there"
    return ""
