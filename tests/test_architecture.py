"""The import graph of nnviz, as docs/ARCHITECTURE.md draws it: layers, no circle between files, lazy imports
with a reason. Every import counts: at the top, inside functions, and those made only for the type checker."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nnviz"

# the layers, top to bottom: a module imports its own layer or a lower rank; layers of one rank not each other
CLI_SHARED = frozenset({"nnviz.cli.config_flags", "nnviz.cli.command_line", "nnviz.cli.interrupts"})
RANKS: dict[str, int] = {
    "entry": 6,  # nnviz.__main__
    "cli": 5,  # the nnviz command: train, render, datasets, and the app's arguments
    "ui": 4,  # Qt: the window, its views and features
    "cli_shared": 3,  # the Qt-free parts of the command line the app reuses (flags, Copy as Command, signals)
    "session": 2, "nnviz": 2,  # what every front end drives; the package's lazy door to the scripting API
    "api": 1, "data": 1, "desktop": 1,  # the scripting API; data sets; the desktop launcher
    "engine": 0, "io": 0,  # numerics; reading and writing files
    "errors": -1, "version": -1, "resource_paths": -1,
}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {_module(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(source: str, known: frozenset[str]) -> set[str]:
    """The nnviz modules a source imports, wherever the import sits."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "nnviz":
            module = node.module or ""
            for alias in node.names:
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                while name not in known and "." in name:
                    name = name.rsplit(".", 1)[0]
                if name.split(".")[0] == "nnviz":
                    found.add(name)
    return found & known


@cache
def graph() -> dict[str, frozenset[str]]:
    """Module -> the modules it imports."""
    known = frozenset(modules())
    return {m: frozenset(imports_of(p.read_text(encoding="utf-8"), known) - {m}) for m, p in modules().items()}


def circles(edges: dict[str, frozenset[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def layer(module: str) -> str:
    """The layer a module belongs to."""
    if module == "nnviz.__main__":
        return "entry"
    if module in CLI_SHARED:
        return "cli_shared"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "nnviz"


def test_no_circle_between_files():
    assert circles(graph()) == []
    assert circles({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset({"a"})}) \
        == [frozenset({"a", "b", "c"})]  # the search does find a circle


def test_every_import_goes_down_the_layers_as_architecture_md_draws_them():
    assert {layer(m) for m in modules()} == set(RANKS)  # every module has a layer, and every layer a module
    wrong = sorted(f"{m} -> {t}" for m, targets in graph().items() for t in targets
                   if layer(m) != layer(t) and RANKS[layer(t)] >= RANKS[layer(m)])
    assert wrong == []
    drawn = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").split("\n## ")[0]
    for name in RANKS:  # the picture at the top of ARCHITECTURE.md names every layer this test enforces
        assert name.replace("_", " ") in drawn or name in drawn, name


def test_the_lowest_layers_depend_on_nothing_above_errors():
    for m, targets in graph().items():
        if layer(m) in ("engine", "io", "errors", "version", "resource_paths"):
            assert {layer(t) for t in targets} <= {layer(m), "errors"}, m
        if layer(m) == "api":
            assert not {layer(t) for t in targets} & {"data", "session"}, m


def _lazy_imports_without_a_reason(source: str) -> list[int]:
    """Lines of imports inside functions with no `lazy:` reason on them, above their run, or a guarding try."""
    lines = source.splitlines()
    bad: list[int] = []

    def optional(node: ast.AST, parents: list[ast.AST]) -> bool:
        return any(isinstance(p, ast.Try) and node in p.body and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError") for h in p.handlers)
            for p in parents)

    def visit(node: ast.AST, inside: bool, parents: list[ast.AST]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and inside and not optional(child, parents):
                row = child.lineno - 1
                while row > 0 and lines[row - 1].strip().startswith(("from ", "import ")):
                    row -= 1  # the top of a run of imports
                context = lines[row - 1: child.end_lineno or child.lineno] if row > 0 else []
                if not any("lazy:" in text for text in context):
                    bad.append(child.lineno)
            visit(child, inside or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef), [*parents, child])

    visit(ast.parse(source), False, [])
    return bad


# the engine's owner is mid-change (issue 20 item 2): its reasons are to come with that work
LAZY_REASONS_TO_COME = {"nnviz/engine/reproducible.py"}


def test_every_import_inside_a_function_says_why_it_is_lazy():
    missing = [f"{p.relative_to(ROOT)}:{line}" for p in sorted(modules().values())
               if str(p.relative_to(ROOT)) not in LAZY_REASONS_TO_COME
               for line in _lazy_imports_without_a_reason(p.read_text(encoding="utf-8"))]
    assert missing == []
    sample = "def f():\n    import json\n    # lazy: a reason\n    import os\n    import re\n"
    assert _lazy_imports_without_a_reason(sample) == [2]  # the check does see an import with no reason
    assert _lazy_imports_without_a_reason("def f():\n    try:\n        import x\n    except ImportError:\n"
                                          "        pass\n") == []


def test_the_runner_and_the_session_hold_their_helpers_instead_of_mixing_them_in():
    from nnviz.session.runner import Runner
    from nnviz.session.session import Session

    for cls in (Runner, Session):  # a helper object with its own state: mypy checks what each side uses
        assert cls.__mro__ == (cls, object), cls.__mro__


def test_every_feature_of_the_window_is_installed_from_its_surface():
    found = []
    for module, path in modules().items():
        if layer(module) != "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("install_"):
                first = node.args.args[0].annotation if node.args.args else None
                found.append((f"{module}.{node.name}", ast.unparse(first) if first is not None else ""))
    assert {"nnviz.ui.files.flow.install_files", "nnviz.ui.window.help_menu.install_help",
            "nnviz.ui.window.keyboard.install_window_keys"} <= {name for name, _ in found}
    assert [name for name, kind in found if kind != "WindowSurface"] == []


def private_names_used(source: str, known: frozenset[str]) -> list[str]:
    """Another nnviz module's private names (a leading underscore) a source imports or reads as `module._name`."""
    tree = ast.parse(source)
    module_names: dict[str, str] = {}  # a local name -> the nnviz module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "nnviz":
            for alias in node.names:
                if f"{node.module}.{alias.name}" in known:
                    module_names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                elif alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            module_names.update({alias.asname: alias.name for alias in node.names if alias.asname})
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in module_names
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{module_names[node.value.id]}.{node.attr}")
    return found


def test_no_module_reaches_into_another_modules_private_names():
    """What two modules share has a public name in one of them (the rounding grid: engine/rounding_grid.py)."""
    known = frozenset(modules())
    used = {m: private_names_used(p.read_text(encoding="utf-8"), known) for m, p in modules().items()}
    assert {m: names for m, names in used.items() if names} == {}
