"""A plan: one training step (or a forward or backward pass) written once, as a list of numpy calls.

A plan is a list of `(function, args)` calls with every buffer bound when the
plan is made. An argument that changes from call to call (the batch, its
targets, the learning rate) is a `Slot`, filled in when the plan runs.

A plan runs two ways:
- `run(plan, **slots)` walks the list: the reference, used by
  `MLP.forward_into`, `MLP.backward_into` and teaching mode;
- `compile_plan(plan)` writes the same calls as one straight-line Python
  function with every function and buffer bound to a name (no loops, no
  indexing, no attribute lookups): the fast step the trainer takes. Small
  networks are limited by the cost of each numpy call (about 0.5 us), so the
  Python around the calls matters.

Both execute the same calls on the same arguments in the same order, so their
results are bit-identical by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Slot:
    """A plan argument given at run time, by name."""

    name: str


X, X_ROWS, Y, LR = Slot("x"), Slot("x_rows"), Slot("y"), Slot("lr")
STEP_SLOTS: tuple[Slot, ...] = (X, X_ROWS, Y, LR)  # the parameters of a compiled step, in order

Call = tuple[Callable[..., Any], tuple[Any, ...]]


@dataclass
class Plan:
    """Calls to make in order; the value of call `result_at` (if set) is the plan's result."""

    calls: list[Call] = field(default_factory=list)
    result_at: int | None = None

    def add(self, fn: Callable[..., Any], *args: Any) -> None:
        """Append one call."""
        self.calls.append((fn, args))

    def extend(self, calls: Sequence[Call]) -> None:
        """Append several calls."""
        self.calls.extend(calls)

    def add_result(self, fn: Callable[..., Any], *args: Any) -> None:
        """Append the call whose value the plan returns."""
        self.result_at = len(self.calls)
        self.calls.append((fn, args))


def run(plan: Plan, **slots: Any) -> Any:
    """Make the plan's calls one by one, filling the slots from keyword arguments; returns its result."""
    result = None
    for i, (fn, args) in enumerate(plan.calls):
        value = fn(*[slots[a.name] if isinstance(a, Slot) else a for a in args])
        if i == plan.result_at:
            result = value
    return result


def compile_plan(plan: Plan, slots: Sequence[Slot] = STEP_SLOTS, name: str = "step") -> Callable[..., Any]:
    """The plan as one straight-line function taking the slots positionally; returns the plan's result."""
    env: dict[str, Any] = {}
    names: dict[int, str] = {}

    def bind(obj: Any) -> str:
        if isinstance(obj, Slot):
            if obj not in slots:
                raise ValueError(f"the plan uses slot {obj.name!r}, which the compiled function does not take")
            return obj.name
        key = id(obj)
        if key not in names:
            names[key] = f"_{len(names)}"
            env[names[key]] = obj
        return names[key]

    body = []
    for i, (fn, args) in enumerate(plan.calls):
        call = f"{bind(fn)}({', '.join(bind(a) for a in args)})"
        body.append(f"    result = {call}" if i == plan.result_at else f"    {call}")
    body.append("    return result" if plan.result_at is not None else "    return None")
    params = ", ".join(s.name for s in slots)
    lines = [f"def {name}({params}):", *body]
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<nnviz plan {name}>", "exec"), env)
    fn = env[name]
    fn.source = source
    return fn  # type: ignore[no-any-return]
