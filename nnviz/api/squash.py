"""Squash (activation) functions of single neurons, in Synaptic's names, as scalar Python.

A `Squash` knows its Synaptic name (LOGISTIC, TANH, IDENTITY, HLIM, RELU, plus
LEAKY_RELU from brain.js), the engine's name for the same function, the scalar
function, its derivative written from the output a = f(s) (Synaptic computes
the same values from the state), and the source text that the code generator
inlines for both. The scalar functions are compiled from that text too, with
each tanh and exp inlined as libm's value rounded to the engine's grid
(`squash_lines`), so a neuron and a generated network compute the same bits.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from nnviz.engine import activations as engine_act
from nnviz.engine import scalar_rounding
from nnviz.errors import ConfigError

LEAKY_SLOPE = engine_act.LEAKY_SLOPE
# the engine's tanh and exp, the same bits on every machine; squash code calls them by these names
tanh = scalar_rounding.scalar("tanh")
exp = scalar_rounding.scalar("exp")
CODE_NAMES: dict[str, Callable[[float], float]] = {"tanh": tanh, "exp": exp}
# what code with the rounding inlined needs: the scalar functions, libm's, and the rounding's constants
INLINE_NAMES: dict[str, object] = {**CODE_NAMES, **scalar_rounding.ROUNDING_NAMES,
                                   **{f"libm_{name}": scalar_rounding.SCALAR_FAST[name] for name in CODE_NAMES}}


def squash_lines(expression: str, target: str) -> list[str]:
    """Statements that set target = expression, each call of the reproducible tanh or exp inlined.

    Only calls that the expression always evaluates are inlined (hoisted before it): a call in a
    branch of `x if c else y`, after the first operand of `and`/`or` or of a chained comparison
    stays a call of the same function (same bits), evaluated only when Python would evaluate it.
    """
    lines: list[str] = []
    root = ast.parse(expression, mode="eval").body

    class Inline(ast.NodeTransformer):
        def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
            node.test = self.visit(node.test)  # the branches keep their calls
            return node

        def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
            node.values[0] = self.visit(node.values[0])
            return node

        def visit_Compare(self, node: ast.Compare) -> ast.AST:
            node.left = self.visit(node.left)
            node.comparators[0] = self.visit(node.comparators[0])  # a chained comparison stops at the first False
            return node

        def visit_Call(self, node: ast.Call) -> ast.AST:
            self.generic_visit(node)
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            if name not in CODE_NAMES or len(node.args) != 1 or node.keywords:
                return node
            r = target if node is root else f"r{len(lines)}_"  # the argument is evaluated again only near a boundary
            lines.extend(scalar_rounding.rounding_lines(f"libm_{name}", name, ast.unparse(node.args[0]), r))
            return ast.Name(r, ast.Load())

    body = Inline().visit(root)
    if not lines:
        return [f"{target} = {expression}"]
    if body is not root and isinstance(body, ast.Name) and body.id == target:  # the expression was one call
        return lines
    return [*lines, f"{target} = {ast.unparse(body)}"]


def _compiled(expression: str, variable: str) -> Callable[[float], float]:
    """A scalar function from a squash's code (the engine's table holds the one text for both), tanh/exp inlined."""
    body = "\n".join(f"    {line}" for line in squash_lines(expression, "value_"))
    env = dict(INLINE_NAMES)
    exec(compile(f"def {variable}_function({variable}):\n{body}\n    return value_\n", "<squash>", "exec"), env)
    return env[f"{variable}_function"]  # type: ignore[return-value]


@dataclass(frozen=True, eq=False)
class Squash:
    """One neuron activation function: call it as f(x), or f(x, derivate=True) for f'(x)."""

    name: str  # Synaptic's name
    engine: str  # nnviz.engine's name
    function: Callable[[float], float]
    derivative_of_output: Callable[[float], float]  # f'(s) written from a = f(s)
    code: str  # expression of `{s}`
    derivative_code: str  # expression of `{a}`; "" when f' = 1

    def __call__(self, x: float, derivate: bool = False) -> float:
        a = self.function(float(x))
        return self.derivative_of_output(a) if derivate else a

    def __repr__(self) -> str:
        return f"Neuron.squash.{self.name}"


def _from_spec(spec: engine_act.ActivationSpec) -> Squash:
    code, slope = spec.code, spec.slope_code
    return Squash(spec.api_name, spec.name, _compiled(code.format(s="s"), "s"),
                  _compiled(slope.format(a="a") if slope else "1.0", "a"), code, slope)


SYNAPTIC_NAMES: tuple[str, ...] = ("LOGISTIC", "TANH", "IDENTITY", "HLIM", "RELU")
_BY_NAME = {spec.api_name: _from_spec(spec) for spec in engine_act.SPECS.values() if spec.api_name}
# Synaptic's five in Synaptic's order, then brain.js's LEAKY_RELU and any added to the engine's table
ALL: tuple[Squash, ...] = tuple(sorted(_BY_NAME.values(), key=lambda sq: (sq.name not in SYNAPTIC_NAMES,
                                                                          SYNAPTIC_NAMES.index(sq.name)
                                                                          if sq.name in SYNAPTIC_NAMES else 0)))
_BY_ENGINE = {sq.engine: sq for sq in ALL}
LOGISTIC, TANH, IDENTITY = _BY_NAME["LOGISTIC"], _BY_NAME["TANH"], _BY_NAME["IDENTITY"]
HLIM, RELU, LEAKY_RELU = _BY_NAME["HLIM"], _BY_NAME["RELU"], _BY_NAME["LEAKY_RELU"]


class SquashFunctions:
    """The namespace `Neuron.squash`: LOGISTIC, TANH, IDENTITY, HLIM, RELU (and LEAKY_RELU)."""

    LOGISTIC = LOGISTIC
    TANH = TANH
    IDENTITY = IDENTITY
    HLIM = HLIM
    RELU = RELU
    LEAKY_RELU = LEAKY_RELU

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(ALL)

    def __repr__(self) -> str:
        return f"Neuron.squash ({', '.join(sq.name for sq in ALL)})"


for _squash in ALL:  # and any activation added to the engine's table
    setattr(SquashFunctions, _squash.name, _squash)
SQUASH = SquashFunctions()


def lookup(value: object) -> Squash:
    """The Squash for a Squash, a Synaptic name ("TANH") or an engine name ("tanh", "sigmoid")."""
    if isinstance(value, Squash):
        return value
    if isinstance(value, str):
        key = value.strip()
        if key.upper() in _BY_NAME:
            return _BY_NAME[key.upper()]
        try:
            engine = engine_act.canonical(key)
        except ConfigError:
            engine = ""
        if engine in _BY_ENGINE:
            return _BY_ENGINE[engine]
    names = ", ".join(sq.name for sq in ALL)
    raise ConfigError(f"unknown squash {value!r}; use Neuron.squash.<name> with one of {names}, "
                      "or an activation name such as 'sigmoid' or 'tanh'")
