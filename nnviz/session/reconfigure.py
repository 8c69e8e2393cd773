"""Which settings a session changes in place (and how), which need new data, which read a CSV file again."""

from __future__ import annotations

from nnviz.engine import MinibatchTrainer, Optimizer
from nnviz.session.config import Config

# settings that change without a reset; any other change rebuilds the session
LIVE_FIELDS = frozenset({"learning_rate", "regularization", "reg_rate", "batch_size", "optimizer", "name",
                         "momentum", "beta1", "beta2"})
# settings that change the data; a change of any other rebuilds the network on the same points
DATA_FIELDS = frozenset({"dataset", "points", "noise", "train_ratio", "csv_path", "seed", "target", "columns",
                         "drop_missing"})
# the settings whose change reads a CSV file again (the others re-split the points a session holds)
CSV_READ_FIELDS = frozenset({"dataset", "csv_path", "target", "columns", "drop_missing", "problem"})


def changed_fields(old: Config, new: Config) -> set[str]:
    """The names of the settings whose values differ between two configs."""
    before = old.to_dict()
    return {k for k, v in new.to_dict().items() if before.get(k) != v}


def apply_live(optimizer: Optimizer, trainer: MinibatchTrainer, config: Config) -> None:
    """Give the optimizer and the trainer a live change's settings (the moments are kept unless the kind changes)."""
    optimizer.learning_rate = config.learning_rate
    optimizer.regularization, optimizer.reg_rate = config.regularization, config.reg_rate
    optimizer.set_coefficients(momentum=config.momentum, beta1=config.beta1, beta2=config.beta2)
    if optimizer.kind != config.optimizer:
        optimizer.kind = config.optimizer
        optimizer.reset()
    if trainer.batch_size != config.batch_size:
        trainer.batch_size = config.batch_size
        trainer.restart_epoch()
