"""The import graph of ``src/barrierfree``: no cycles, and no route module imports another.

Every ``import`` statement counts, wherever it is: at the top of a module, deferred inside a
function, or under ``if TYPE_CHECKING:``; so does ``importlib.import_module("a.literal")``.
A cycle that only type checking sees still ties two modules together for whoever reads or
moves them.  ``from pkg import name`` counts as an import
of ``pkg.name`` when that is a module, else of ``pkg``; a package's ``__init__`` running before
its submodules is how Python works, not an edge.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

import barrierfree

SRC = Path(barrierfree.__file__).resolve().parent.parent
ROUTES = "barrierfree.web.routes"


def module_names(src: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``src``: dotted name → file."""
    modules = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of ``from <level dots><target> import …`` written in ``module``."""
    if level == 0:
        return target or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _known(name: str, modules: Iterable[str]) -> str | None:
    """``name`` or its longest prefix that is a module of ours (``import a.b.c`` of a name)."""
    known = set(modules)
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of ours that ``module`` imports, anywhere in its source."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):  # every statement: top level, functions, TYPE_CHECKING blocks
        if isinstance(node, ast.Import):
            for alias in node.names:
                hit = _known(alias.name, modules)
                if hit:
                    found.add(hit)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, is_package, node.level, node.module)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                hit = submodule if submodule in modules else _known(source, modules)
                if hit:
                    found.add(hit)
        elif isinstance(node, ast.Call) and _imports_by_name(node):
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                hit = _known(arg.value, modules)
                if hit:
                    found.add(hit)
    found.discard(module)
    return found


def _imports_by_name(call: ast.Call) -> bool:
    """``importlib.import_module("…")`` or ``import_module("…")`` with a literal name."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name == "import_module" and bool(call.args)


def import_graph(src: Path, package: str) -> dict[str, set[str]]:
    modules = module_names(src, package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _describe(graph: dict[str, set[str]], component: list[str]) -> str:
    members = set(component)
    edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a]) if b in members]
    return "; ".join(edges)


# ------------------------------------------------------------------------------- the rules


def test_the_package_has_no_import_cycles() -> None:
    graph = import_graph(SRC, "barrierfree")
    assert len(graph) > 50 and "barrierfree.web.app" in graph  # walked the real package
    found = cycles(graph)
    assert found == [], "import cycles:\n" + "\n".join(_describe(graph, c) for c in found)


def test_no_route_module_imports_another() -> None:
    graph = import_graph(SRC, "barrierfree")
    routes = [name for name in graph if name.startswith(ROUTES + ".")]
    assert len(routes) >= 8
    crossing = {
        name: sorted(t for t in graph[name] if t == ROUTES or t.startswith(ROUTES + "."))
        for name in routes
    }
    assert {name: hits for name, hits in crossing.items() if hits} == {}


# ------------------------------------------------------------- the walker sees every import


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


@pytest.mark.parametrize(
    ("files", "cycle"),
    [
        pytest.param(
            {"a.py": "from . import b\n", "b.py": "from .a import X\n"},
            ["pkg.a", "pkg.b"],
            id="top-level",
        ),
        pytest.param(
            {"a.py": "import pkg.b\n", "b.py": "def f():\n    from . import a\n"},
            ["pkg.a", "pkg.b"],
            id="deferred-in-function",
        ),
        pytest.param(
            {
                "a.py": "from .sub import c\n",
                "sub/__init__.py": "",
                "sub/c.py": "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from ..a import A\n",
            },
            ["pkg.a", "pkg.sub.c"],
            id="type-checking-only",
        ),
        pytest.param(
            {
                "a.py": "import importlib\nimportlib.import_module('pkg.b')\n",
                "b.py": "from .a import X\n",
            },
            ["pkg.a", "pkg.b"],
            id="import-module-by-name",
        ),
        pytest.param(
            {"a.py": "from .sub import C\n", "sub/__init__.py": "from ..a import A\n"},
            ["pkg.a", "pkg.sub"],
            id="through-a-package",
        ),
        pytest.param(
            {"a.py": "from .sub import c\n", "sub/__init__.py": "", "sub/c.py": "X = 1\n"},
            None,
            id="no-cycle",
        ),
    ],
)
def test_the_walker_finds_each_kind_of_import(
    tmp_path: Path, files: dict[str, str], cycle: list[str] | None
) -> None:
    _write(tmp_path / "pkg", {"__init__.py": "", **files})
    found = cycles(import_graph(tmp_path, "pkg"))
    assert found == ([cycle] if cycle else [])


def test_relative_imports_resolve_from_modules_and_packages() -> None:
    assert _resolve("p.web.routes.demo", False, 2, "state") == "p.web.state"
    assert _resolve("p.web.routes.demo", False, 3, None) == "p"
    assert _resolve("p.web", True, 1, "app") == "p.web.app"
    assert _resolve("p.web", True, 2, "cache") == "p.cache"
