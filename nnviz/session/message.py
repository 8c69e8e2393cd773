"""Message: the base of small immutable values (the commands, events and teaching tasks that travel between the
window and the runner, and the views' small geometry values), as a frozen dataclass behaves, but made without
compiling anything.

`@dataclass(frozen=True)` compiles six methods for each class it makes (`__init__`, `__repr__`, `__eq__`,
`__hash__`, `__setattr__`, `__delattr__`): about 1 ms a class, and the window imports some 50 message types
before its first paint. A Message subclass shares one set of methods that read the class's field names, so
making the class costs what a plain class costs. What a user of the class sees is the frozen dataclass's:
fields are the annotated names (inherited ones first), with their defaults; arguments by position or by
name; equality and hash by the fields' values (same class only); a repr with the fields; assigning or
deleting an attribute raises `dataclasses.FrozenInstanceError`; `match` patterns by position; pickling and
copying. Type checkers see a frozen dataclass (`dataclass_transform`). Not offered: `dataclasses.fields`,
`dataclasses.replace`, `field(...)`: a type that needs them stays a dataclass.
"""

from __future__ import annotations

import inspect
from dataclasses import FrozenInstanceError
from typing import Any, ClassVar, dataclass_transform

_MUTABLE_DEFAULTS = (list, dict, set)  # shared by every instance: refused, as a dataclass refuses them


@dataclass_transform(frozen_default=True)
class Message:
    """An immutable value with named fields: subclass it and annotate the fields (see the module's notes)."""

    __match_args__: ClassVar[tuple[str, ...]] = ()
    _message_fields: ClassVar[tuple[str, ...]] = ()
    _message_defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name, kind in inspect.get_annotations(cls).items() if "ClassVar" not in str(kind)]
        fields = list(cls._message_fields) + [name for name in own if name not in cls._message_fields]
        defaults = dict(cls._message_defaults)
        for name in own:
            if name in cls.__dict__:
                default = cls.__dict__[name]
                if isinstance(default, _MUTABLE_DEFAULTS):
                    raise ValueError(f"mutable default {type(default)} for field {name} is not allowed")
                defaults[name] = default
        required_after_default = [name for i, name in enumerate(fields)
                                  if name not in defaults and any(f in defaults for f in fields[:i])]
        if required_after_default:
            raise TypeError(f"non-default argument {required_after_default[0]!r} follows default argument")
        cls._message_fields, cls._message_defaults = tuple(fields), defaults
        cls.__match_args__ = tuple(fields)  # type: ignore[misc]  # `match` patterns by position, as for a dataclass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields, name = self._message_fields, type(self).__name__
        if len(args) > len(fields):
            raise TypeError(f"{name}() takes {len(fields)} positional arguments but {len(args)} were given")
        values = dict(zip(fields, args, strict=False))
        for key, value in kwargs.items():
            if key not in fields:
                raise TypeError(f"{name}() got an unexpected keyword argument {key!r}")
            if key in values:
                raise TypeError(f"{name}() got multiple values for argument {key!r}")
            values[key] = value
        own = self.__dict__
        for field in fields:
            if field in values:
                own[field] = values[field]
            elif field in self._message_defaults:
                own[field] = self._message_defaults[field]
            else:
                raise TypeError(f"{name}() missing required argument: {field!r}")

    def _message_values(self) -> tuple[Any, ...]:
        own = self.__dict__
        return tuple(own[field] for field in self._message_fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._message_values() == other._message_values()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._message_values())

    def __repr__(self) -> str:
        own = self.__dict__
        shown = ", ".join(f"{field}={own[field]!r}" for field in self._message_fields)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
