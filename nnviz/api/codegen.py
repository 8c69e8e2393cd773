"""Straight-line Python for one small network's activate and propagate, as Synaptic's optimizer writes JS.

Per-sample training of a tiny network is dominated by interpreter overhead:
loops, indexing and numpy calls cost more than the arithmetic. So for a given
layout we write the source of three functions with every neuron a local name
and every parameter a constant list index, then `exec` it once:

- `activate(x) -> outputs`: state s = bias + sum(a_in * w) in Synaptic's order,
  activation a = f(s); fills the activation list A and state list S (a nan or
  inf input raises ValueError first, with nothing written).
- `propagate_synaptic(rate, t)`: Synaptic's rule. Output responsibility
  e = t - a; layers output-first, neurons last-to-first; a hidden e = f'(a) *
  sum(e_out * w_out) through the already-updated outgoing weights; every
  weight += rate * (e * a_in) and bias += rate * e. Fills the list R.
- `propagate_backprop(lr, mom, t)`: textbook backprop with momentum. All deltas
  first, from the old weights: output e = (t - a) f'(a), hidden e = f'(a) *
  sum(e_out * w_out); then change = lr * e * a_in + mom * previous change for
  each weight, and bias += lr * e (no momentum on biases, as brain.js does).

All three work on the plain list `p` (MLP.params layout: weight layer k is a
row-major (n_{k+1}, n_k + 1) block, bias last in each row) and `c` (previous
changes), read into local names w<k> and m<k> at the start and written back at
the end (a propagate that raises has changed nothing: both raise ValueError
first when a target is not finite, TypeError when it is not a number). The squashes' code calls
the engine's reproducible tanh and exp (`squash.CODE_NAMES`), inlined here as
libm's value rounded to the grid with float arithmetic (`squash.squash_lines`),
so a generated network computes the same bits on every machine. Callers still
fall back to the per-neuron path on an OverflowError.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from nnviz.api.squash import INLINE_NAMES, Squash, squash_lines

# Per sample, generated code costs about 0.15 us per parameter and numpy about 25 us per weight layer
# (measured by tests/benchmarks/bench_api.py), so straight-line code wins below ~160 params per layer.
SCALAR_PARAMS_PER_LAYER = 160
MAX_SCALAR_PARAMS = 2000  # bounds the size of generated source


def prefers_scalar(n_params: int, n_weight_layers: int) -> bool:
    """True when generated straight-line code beats numpy per sample for this network."""
    return n_params <= min(MAX_SCALAR_PARAMS, SCALAR_PARAMS_PER_LAYER * n_weight_layers)


class ScalarKernel:
    """Generated activate/propagate functions bound to one core's lists."""

    def __init__(self, sizes: Sequence[int], squashes: Sequence[Squash | None],
                 p: list[float], c: list[float], A: list[float], S: list[float], R: list[float]) -> None:
        self.sizes = tuple(sizes)
        self.squashes = tuple(squashes)
        self._env: dict[str, object] = {**INLINE_NAMES, "p": p, "c": c, "A": A, "S": S, "R": R}
        self.activate: Callable[[Sequence[float]], list[float]] = self._build("activate", activate_source)
        self._synaptic: Callable[[float, Sequence[float]], None] | None = None
        self._backprop: Callable[[float, float, Sequence[float]], None] | None = None

    @property
    def propagate_synaptic(self) -> Callable[[float, Sequence[float]], None]:
        """propagate_synaptic(rate, targets), generated on first use."""
        if self._synaptic is None:
            self._synaptic = self._build("propagate_synaptic", synaptic_source)
        return self._synaptic

    @property
    def propagate_backprop(self) -> Callable[[float, float, Sequence[float]], None]:
        """propagate_backprop(lr, momentum, targets), generated on first use."""
        if self._backprop is None:
            self._backprop = self._build("propagate_backprop", backprop_source)
        return self._backprop

    def for_checked_data(self, synaptic: bool) -> tuple[Callable[..., list[float]], Callable[..., None]]:
        """activate and propagate (the rule's) for samples already checked: the same functions, whose inline
        check costs about what one comparison per value does."""
        return self.activate, (self.propagate_synaptic if synaptic else self.propagate_backprop)

    def _build(self, name: str, writer: Callable[[Sequence[int], Sequence[Squash | None]], str]):  # type: ignore[no-untyped-def]
        source = writer(self.sizes, self.squashes)
        code = compile(source, f"<nnviz {name} {list(self.sizes)}>", "exec")
        exec(code, self._env)  # our own generated source
        fn = self._env[name]
        fn.source = source  # type: ignore[attr-defined]
        return fn


def _tuple(names: Sequence[str]) -> str:
    return names[0] + "," if len(names) == 1 else ", ".join(names)


class _Plan:
    """Names and parameter indices of one layout."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = list(sizes)
        self.L = len(sizes) - 1
        self.first: list[int] = []  # flat index of each layer's first neuron
        flat = 0
        for n in sizes:
            self.first.append(flat)
            flat += n
        self.n_neurons = flat
        self.row_start: list[int] = []  # param index of each weight layer's first row
        off = 0
        for k in range(self.L):
            self.row_start.append(off)
            off += sizes[k + 1] * (sizes[k] + 1)

    def row(self, layer: int, j: int) -> int:
        """Param index of the first weight of neuron j of `layer` (1..L)."""
        return self.row_start[layer - 1] + j * (self.sizes[layer - 1] + 1)

    def names(self, prefix: str, layer: int) -> list[str]:
        """Local names of one layer's neurons."""
        return [f"{prefix}{self.first[layer] + j}" for j in range(self.sizes[layer])]

    def params(self, prefix: str) -> str:
        """Local names of every parameter (or change), as a tuple's text."""
        return _tuple([f"{prefix}{k}" for k in range(self.row_start[-1] + self.sizes[-1] * (self.sizes[-2] + 1))])


def activate_source(sizes: Sequence[int], squashes: Sequence[Squash | None]) -> str:
    """Source of activate(x): the forward pass, in Synaptic's summation order."""
    plan = _Plan(sizes)
    inputs = plan.names("a", 0)
    lines = ["def activate(x):", f"    {_tuple(inputs)} = x", _refuse_non_finite(inputs, "an input"),
             f"    {plan.params('w')} = p"]
    states = []
    for layer in range(1, plan.L + 1):
        n_in = sizes[layer - 1]
        prev = plan.names("a", layer - 1)
        sq = squashes[layer]
        assert sq is not None
        for j, f in enumerate(range(plan.first[layer], plan.first[layer] + sizes[layer])):
            r = plan.row(layer, j)
            terms = [f"w{r + n_in}"] + [f"{prev[i]} * w{r + i}" for i in range(n_in)]
            lines.append(f"    s{f} = " + " + ".join(terms))
            lines.extend(f"    {line}" for line in squash_lines(sq.code.format(s=f"s{f}"), f"a{f}"))
            states.append(f"s{f}")
    all_a = [f"a{f}" for f in range(plan.n_neurons)]
    lines.append(f"    A[:] = ({_tuple(all_a)})")
    lines.append(f"    S[{sizes[0]}:] = ({_tuple(states)})")
    lines.append(f"    return [{', '.join(plan.names('a', plan.L))}]")
    return "\n".join(lines) + "\n"


def _refuse_non_finite(names: Sequence[str], what: str) -> str:
    """A line that raises ValueError unless every one of `names` is a finite number."""
    finite = " and ".join(f"-1e999 < {name} < 1e999" for name in names)  # 1e999 is inf; NaN fails too
    return f"    if not ({finite}): raise ValueError('{what} is not a finite number')"


def _prologue(plan: _Plan, head: str) -> list[str]:
    targets = [f"t{j}" for j in range(plan.sizes[-1])]
    return [
        head,
        f"    {_tuple(targets)} = t",
        _refuse_non_finite(targets, "a target"),
        f"    {_tuple([f'a{f}' for f in range(plan.n_neurons)])} = A",
        f"    {plan.params('w')} = p",
    ]


def _back_sum(plan: _Plan, layer: int, j: int) -> str:
    """sum over the next layer of e_out * w(out <- this neuron), in the next layer's order."""
    terms = [f"e{plan.first[layer + 1] + k} * w{plan.row(layer + 1, k) + j}" for k in range(plan.sizes[layer + 1])]
    return " + ".join(terms)


def _with_derivative(sq: Squash | None, a: str, value: str, derivative_first: bool) -> str:
    assert sq is not None
    if not sq.derivative_code:
        return f"({value})" if derivative_first else value
    d = sq.derivative_code.format(a=a)
    return f"{d} * ({value})" if derivative_first else f"({value}) * {d}"


def _epilogue(plan: _Plan) -> list[str]:
    names = [f"e{f}" for f in range(plan.first[1], plan.n_neurons)]
    return [f"    p[:] = ({plan.params('w')})", f"    R[{plan.sizes[0]}:] = ({_tuple(names)})"]


def synaptic_source(sizes: Sequence[int], squashes: Sequence[Squash | None]) -> str:
    """Source of propagate_synaptic(rate, t): Synaptic's update, exactly in its operation order."""
    plan = _Plan(sizes)
    lines = _prologue(plan, "def propagate_synaptic(rate, t):")
    # every output responsibility first (they need no weights), so bad targets raise before any update
    for j in range(sizes[-1]):
        lines.append(f"    e{plan.first[plan.L] + j} = t{j} - a{plan.first[plan.L] + j}")
    for layer in range(plan.L, 0, -1):
        n_in = sizes[layer - 1]
        prev = plan.names("a", layer - 1)
        order = range(sizes[layer]) if layer == plan.L else range(sizes[layer] - 1, -1, -1)
        for j in order:
            f = plan.first[layer] + j
            if layer < plan.L:
                back = _back_sum(plan, layer, j)
                lines.append(f"    e{f} = " + _with_derivative(squashes[layer], f"a{f}", back, True))
            r = plan.row(layer, j)
            for i in range(n_in):
                lines.append(f"    w{r + i} += rate * (e{f} * {prev[i]})")
            lines.append(f"    w{r + n_in} += rate * e{f}")
    lines.extend(_epilogue(plan))
    return "\n".join(lines) + "\n"


def backprop_source(sizes: Sequence[int], squashes: Sequence[Squash | None]) -> str:
    """Source of propagate_backprop(lr, mom, t): every delta first, then the updates (momentum on weights)."""
    plan = _Plan(sizes)
    lines = _prologue(plan, "def propagate_backprop(lr, mom, t):")
    for layer in range(plan.L, 0, -1):
        for j in range(sizes[layer]):
            f = plan.first[layer] + j
            err = f"t{j} - a{f}" if layer == plan.L else _back_sum(plan, layer, j)
            lines.append(f"    e{f} = " + _with_derivative(squashes[layer], f"a{f}", err, False))
    lines.append(f"    {plan.params('m')} = c")
    for layer in range(1, plan.L + 1):
        n_in = sizes[layer - 1]
        prev = plan.names("a", layer - 1)
        for j in range(sizes[layer]):
            f = plan.first[layer] + j
            r = plan.row(layer, j)
            lines.append(f"    g = lr * e{f}")
            for i in range(n_in):
                lines.append(f"    m{r + i} = g * {prev[i]} + mom * m{r + i}")
                lines.append(f"    w{r + i} += m{r + i}")
            lines.append(f"    w{r + n_in} += g")  # as brain.js: the bias takes no momentum
    lines.append(f"    c[:] = ({plan.params('m')})")
    lines.extend(_epilogue(plan))
    return "\n".join(lines) + "\n"
