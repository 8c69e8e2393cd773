"""A change of settings, typed: some Config fields and their new values, as the type checker sees them.

`Config.replace(**change)` and the window's `request_config(change)` take a ConfigChange,
so a misspelt field or a wrong type is a type error, not a user-visible "unknown setting".
Its keys are Config's fields (a test keeps the two lists the same): a new Config field
is added here too, in the same order.
"""

from __future__ import annotations

from typing import TypedDict


class ConfigChange(TypedDict, total=False):
    """Config field -> new value, for any subset of the fields."""

    dataset: str
    points: int
    noise: float
    train_ratio: float
    features: tuple[str, ...]
    seed: int
    hidden: tuple[int, ...]
    activations: tuple[str, ...]
    activation: str
    problem: str
    output_activation: str
    loss: str
    optimizer: str
    learning_rate: float
    batch_size: int
    regularization: str
    reg_rate: float
    init: str
    init_scale: float
    dtype: str
    csv_path: str
    name: str
    target: str
    columns: tuple[str, ...]
    drop_missing: bool
    scaling: str
    numerics: str
    momentum: float
    beta1: float
    beta2: float
