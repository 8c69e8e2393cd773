"""A Message behaves as a frozen dataclass with the same fields does, and its class is made without compiling."""

from __future__ import annotations

import builtins
import copy
import dataclasses
import pickle
from typing import ClassVar

import pytest

from nnviz.session import commands as cmd
from nnviz.session.graph_refs import EdgeRef, NeuronRef
from nnviz.session.message import Message


class Point(Message):
    """Two fields, one with a default."""

    x: int
    label: str = "p"
    kind: ClassVar[str] = "not a field"


class Tagged(Point):
    """An inherited field's default changed, one field added, and a class attribute that is no field."""

    label: str = "t"
    size: float = 1.0
    shown = True


@dataclasses.dataclass(frozen=True)
class PointDataclass:
    """The dataclass Point stands for."""

    x: int
    label: str = "p"


def test_fields_arguments_and_defaults_are_a_frozen_dataclass_s():
    assert Point(1) == Point(x=1) == Point(1, "p") == Point(label="p", x=1)
    assert Point(1).label == "p" and Point(1, "q").label == "q"
    assert Tagged.__match_args__ == ("x", "label", "size")
    assert Tagged(2) == Tagged(2, "t", 1.0) and Tagged(2).shown
    assert repr(Tagged(2, size=3.5)) == "Tagged(x=2, label='t', size=3.5)"
    assert repr(Point(1)) == repr(PointDataclass(1)).replace("PointDataclass", "Point")
    for bad in (lambda: Point(), lambda: Point(1, "a", 3), lambda: Point(1, x=2), lambda: Point(1, colour=2)):
        with pytest.raises(TypeError):
            bad()


def test_equality_and_hash_go_by_class_and_field_values():
    assert Point(1) != Point(2) and Point(1) != Tagged(1) and Point(1) != PointDataclass(1)
    assert hash(Point(1, "a")) == hash(PointDataclass(1, "a")) == hash((1, "a"))
    assert {EdgeRef(1, 0, 2): "w"}[EdgeRef(1, 0, 2)] == "w"
    assert cmd.Play() == cmd.Play() and cmd.Play() != cmd.Pause() and len({cmd.Play(), cmd.Play()}) == 1


def test_a_message_is_frozen():
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.other = 2  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]
    assert point.x == 1


def test_a_message_crosses_a_process_boundary_and_copies():
    sent = cmd.SetWeight(EdgeRef(1, 0, 2), 0.5, structure=3)
    assert pickle.loads(pickle.dumps(sent)) == sent
    assert copy.deepcopy(Tagged(1, size=2.0)) == Tagged(1, size=2.0)
    assert copy.copy(NeuronRef(1, 2)) == NeuronRef(1, 2)


def test_match_patterns_by_position_and_by_name():
    match Tagged(4, "x"):
        case Tagged(x, label, size=size):
            assert (x, label, size) == (4, "x", 1.0)
        case _:
            pytest.fail("no match")


def test_a_mutable_default_or_a_required_field_after_a_default_is_refused_as_a_dataclass_refuses_it():
    with pytest.raises(ValueError, match="mutable default"):
        type("Bad", (Message,), {"__annotations__": {"items": "list[int]"}, "items": []})
    with pytest.raises(TypeError, match="non-default argument"):
        type("Bad", (Point,), {"__annotations__": {"y": "int"}})


def test_making_a_message_class_compiles_nothing(monkeypatch):
    compiled: list[object] = []
    real_exec, real_compile = builtins.exec, builtins.compile
    monkeypatch.setattr(builtins, "exec", lambda *args: (compiled.append(args[0]), real_exec(*args))[1])
    monkeypatch.setattr(builtins, "compile",
                        lambda *args, **kw: (compiled.append(args[0]), real_compile(*args, **kw))[1])
    type("Made", (Message,), {"__annotations__": {"a": "int", "b": "str"}, "b": ""})
    assert compiled == []
    dataclasses.dataclass(frozen=True)(type("MadeDataclass", (), {"__annotations__": {"a": "int"}}))
    assert compiled  # the check sees what a dataclass compiles
