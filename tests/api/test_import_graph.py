"""The scripting API's modules import each other in one direction only: no cycles, no imports hidden in functions."""

from __future__ import annotations

import ast
from pathlib import Path

API = Path(__file__).resolve().parents[2] / "nnviz" / "api"


def _module(path: Path) -> str:
    parts = path.relative_to(API.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported nnviz.api module, whether the import sits inside a function or class)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nnviz.api"):
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            targets = [n for n in names if (API.parent.parent / Path(*n.split("."))).with_suffix(".py").exists()]
            for target in targets or [node.module]:
                found.append((target, id(node) not in top))
        elif isinstance(node, ast.Import):
            found += [(alias.name, id(node) not in top) for alias in node.names if alias.name.startswith("nnviz.api")]
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in API.rglob("*.py"):
        if path.name == "__init__.py":
            continue
        graph[_module(path)] = {t for t, _ in _imports(path) if t != "nnviz.api" and not t.endswith("__init__")}
    return graph


def test_no_module_of_the_api_imports_another_inside_a_function() -> None:
    hidden = [(_module(p), t) for p in API.rglob("*.py") for t, inner in _imports(p) if inner]
    assert hidden == []


def test_the_api_modules_form_no_cycle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " -> ".join((*trail, module))
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, (*trail, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
    assert "nnviz.api.network" in graph and "nnviz.api.formats.json_io" in graph["nnviz.api.network"]


def test_the_core_counts_invalidations_not_epochs() -> None:
    from nnviz.api import Network

    net = Network([2, 2, 1])
    core = net._layout()
    before = core.invalidations
    net.layers[1].neurons[0].bias = 0.5
    net.activate([0.0, 1.0])
    assert not hasattr(core, "epoch") and core.invalidations >= before
