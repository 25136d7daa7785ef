"""The package's imports run one way (a DAG) and no private name crosses a module.

Read from the source with ``ast``: every ``import`` and ``from ... import`` of a
``framing`` module, at the top of a file or inside a function, is an edge.
``from framing.grading import sandbox`` is an edge to the submodule
``framing.grading.sandbox``. A cycle, or ``from framing.kwic import _find`` in
another module, fails with the modules named.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "framing"


def module_files() -> dict[str, Path]:
    mods = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


MODULES = module_files()


def imports(module: str):
    """(target module, imported name or None, line) for every framing import in ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in MODULES:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if sub in MODULES:
                    yield sub, None, node.lineno
                else:
                    yield node.module, alias.name, node.lineno


def graph() -> dict[str, set[str]]:
    return {m: {t for t, _, _ in imports(m) if t != m} for m in MODULES}


def find_cycle(edges: dict[str, set[str]]):
    """One cycle as a list of modules, or None (depth-first search, colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for t in sorted(edges.get(m, ())):
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if t not in state:
                found = visit(t)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(edges):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_dag():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_package_is_read_whole():
    # the walk must see the modules it is meant to police
    assert {"framing", "framing.kwic", "framing.search", "framing.grading.grade", "framing.lite"} <= set(MODULES)
    assert ("framing.search", "find") in {(t, n) for t, n, _ in imports("framing.kwic")}


def test_imports_form_a_dag():
    cycle = find_cycle(graph())
    assert cycle is None, "the imports run in a circle: " + " -> ".join(cycle)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_name_is_imported_from_another_module(module):
    private = [f"line {line}: from {target} import {name}" for target, name, line in imports(module)
               if name and name.startswith("_") and not name.startswith("__")]
    assert not private, f"{module} imports private names of other modules: " + "; ".join(private)
