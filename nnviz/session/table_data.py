"""A config's table data: a CSV file or a shipped data set read as the config says, and its scaling."""

from __future__ import annotations

from nnviz import data as nd
from nnviz.session.config import CSV_DATASET, Config


def table_kind(config: Config) -> str | None:
    """The target kind the config's problem asks for (None: chosen from the values)."""
    if config.problem == "regression":
        return nd.REGRESSION
    return None if config.problem == "auto" else nd.CLASSIFICATION


def table_choice(config: Config) -> nd.TableChoice | None:
    """What the config takes from a CSV table; None when it names nothing (x1, x2, label files load as before)."""
    if not (config.target or config.columns or config.drop_missing):
        return None
    return nd.TableChoice(config.target, config.columns, table_kind(config), config.drop_missing)


def load_config_data(config: Config) -> nd.Dataset:
    """The data of a csv or shipped data set config."""
    kind = table_kind(config)
    if config.dataset == CSV_DATASET:
        return nd.load_csv(config.csv_path, kind, table_choice(config))
    if config.target or config.columns:
        choice = nd.TableChoice(config.target, config.columns, kind, config.drop_missing
                                or nd.SHIPPED[config.dataset].drop_missing)
        return nd.table_dataset(nd.read_table(nd.shipped_file(config.dataset)), choice).dataset.renamed(
            config.dataset)
    return nd.load_shipped(config.dataset, kind)


def is_table_config(config: Config) -> bool:
    """Whether the config's data comes from a file (a CSV or a shipped table) rather than a generator."""
    return config.dataset == CSV_DATASET or config.dataset in nd.SHIPPED


def wants_scaling(config: Config, data: nd.Dataset) -> bool:
    """Whether inputs are standardised: as the config says, or (auto) for tables with named columns."""
    if config.scaling == "auto":
        return data.from_table
    return config.scaling == "standard"
