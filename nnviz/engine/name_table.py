"""One table of named things (activations, losses): specs by canonical name, their aliases, and the lookup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from nnviz.errors import ConfigError, unknown_name

Spec = TypeVar("Spec")


class NameTable(Generic[Spec]):
    """Specs by canonical name and the other spellings of each; `canonical` says which names are valid."""

    def __init__(self, kind: str, dashes_as_underscores: bool = False) -> None:
        self.kind = kind  # what an entry is, for the error: "activation", "loss"
        self.specs: dict[str, Spec] = {}
        self.aliases: dict[str, str] = {}  # another spelling -> the canonical name
        self._dashes_as_underscores = dashes_as_underscores

    def add(self, name: str, aliases: Iterable[str], spec: Spec) -> tuple[str, ...]:
        """Add (or replace) an entry; returns every canonical name, in the order added."""
        self.specs[name] = spec
        self.aliases.update({alias: name for alias in aliases})
        return tuple(self.specs)

    def canonical(self, name: str) -> str:
        """The canonical name of `name` or one of its aliases (any case); ConfigError lists the valid names."""
        key = str(name).strip().lower()
        if self._dashes_as_underscores:
            key = key.replace("-", "_")
        key = self.aliases.get(key, key)
        if key not in self.specs:
            raise ConfigError(unknown_name(self.kind, name, self.specs))
        return key
