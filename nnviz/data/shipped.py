"""Real data sets that ship with nnviz (files under resources/data/, described in its README.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nnviz.data.dataset import CLASSIFICATION, REGRESSION, Dataset
from nnviz.errors import DataError, unknown_name
from nnviz.resource_paths import resource_path

if TYPE_CHECKING:
    from nnviz.data.table import TableChoice, TableResult


@dataclass(frozen=True)
class ShippedInfo:
    """One shipped table: its file, what to read from it, and a line for lists."""

    name: str
    file: str  # under resources/data/
    description: str
    target: str
    kind: str  # what the target makes: "classification" or "regression"
    columns: tuple[str, ...] = ()  # () : every column but the target
    drop_missing: bool = False

    def choice(self) -> TableChoice:
        """What to read from the file."""
        # lazy: the table reader loads when a table is read (the list of shipped sets needs none of it)
        from nnviz.data.table import TableChoice

        return TableChoice(target=self.target, columns=self.columns, drop_missing=self.drop_missing)


SHIPPED: dict[str, ShippedInfo] = {info.name: info for info in (
    ShippedInfo("iris", "iris.csv", "Fisher's iris flowers: 3 species from 4 measurements (150 rows)", "species",
                CLASSIFICATION),
    ShippedInfo("penguins", "penguins.csv",
                "3 penguin species from 4 measurements (344 rows; 2 with missing values dropped)",
                "species", CLASSIFICATION,
                ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"), True),
    ShippedInfo("diabetes", "diabetes.csv",
                "Disease progression after a year from 10 measurements (442 rows)", "progression",
                REGRESSION),
)}


def shipped_file(name: str) -> str:
    """The path of a shipped data set's file."""
    if name not in SHIPPED:
        raise DataError(unknown_name("shipped data set", name, SHIPPED))
    return str(resource_path(f"data/{SHIPPED[name].file}"))


def load_shipped_result(name: str, kind: str | None = None) -> TableResult:
    """A shipped data set read from its file, with what was decided (rows dropped, kind)."""
    # lazy: the table reader loads when a table is read (the list of shipped sets needs none of it)
    from nnviz.data.table import TableChoice, TableResult, read_table, table_dataset

    info = SHIPPED.get(name)
    if info is None:
        raise DataError(unknown_name("shipped data set", name, SHIPPED))
    choice = info.choice()
    if kind is not None:
        choice = TableChoice(choice.target, choice.columns, kind, choice.drop_missing)
    result = table_dataset(read_table(shipped_file(name)), choice)
    return TableResult(result.dataset.renamed(name), result.target, result.columns, result.kind_reason,
                       result.dropped)


def load_shipped(name: str, kind: str | None = None) -> Dataset:
    """A shipped data set (DataError for an unknown name)."""
    return load_shipped_result(name, kind).dataset
