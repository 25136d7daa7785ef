"""Otter's test cases as doctests: what names a case reads, and running one.

Shared by the checks a student runs in a notebook (:mod:`framing.selfcheck`)
and the grader's test server (:mod:`framing.grading.checks`). Only the
standard library: it runs in the browser too.

>>> needed_names('''>>> from framing import normalize
... >>> assert type(q5_follows) is str and normalize(q5_follows.strip()) in ("المدعومة",)
... ''')
['q5_follows']
>>> run_case(">>> assert type(x) is int, 'x must be an int'", {"x": "3"})
(False, "assert type(x) is int, 'x must be an int'\\nAssertionError: x must be an int")
"""

from __future__ import annotations

import ast
import builtins
import doctest
import io
import re
from contextlib import redirect_stderr, redirect_stdout

__all__ = ["natural_key", "needed_names", "called_names", "run_case"]

_BUILTINS = frozenset(dir(builtins))


def natural_key(name: str):
    """Sort key that puts q2 before q10.

    >>> sorted(["q10", "q2", "q1"], key=natural_key)
    ['q1', 'q2', 'q10']
    """
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _sources(body: str) -> str:
    return "\n".join(ex.source for ex in doctest.DocTestParser().get_examples(body))


def _scan(body: str):
    tree = ast.parse(_sources(body))
    loads, stores, calls = [], set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loads.append(node.id) if isinstance(node.ctx, ast.Load) else stores.add(node.id))
        elif isinstance(node, ast.alias):
            stores.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stores.add(node.name)
        elif isinstance(node, ast.arg):
            stores.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            stores.add(node.name)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.add(node.func.id)
    free = [n for n in dict.fromkeys(loads) if n not in stores and n not in _BUILTINS]
    return free, sorted(c for c in calls if c in free)


def needed_names(body: str) -> list[str]:
    """The notebook names a test case's code reads (not builtins, not names it binds itself)."""
    return _scan(body)[0]


def called_names(body: str) -> list[str]:
    """Notebook names a test case calls as functions: plain data cannot carry them."""
    return _scan(body)[1]


class _Runner(doctest.DocTestRunner):
    """A doctest runner that keeps the first failure as one short line."""

    def __init__(self):
        super().__init__(verbose=False)  # otter's own flags: none
        self.first = None

    def report_failure(self, out, test, example, got):
        if self.first is None:
            self.first = (example.source.strip(), f"expected {example.want.strip()!r}, got {got.strip()!r}")

    def report_unexpected_exception(self, out, test, example, exc_info):
        if self.first is None:
            kind, value = exc_info[0], exc_info[1]
            self.first = (example.source.strip(), f"{kind.__name__}: {value}"[:400])


def run_case(body: str, env: dict, name: str = "test") -> tuple[bool, str]:
    """(passed, one-line reason) for one doctest case run in ``env`` (as otter runs it)."""
    examples = doctest.DocTestParser().parse(body, name)
    test = doctest.DocTest([e for e in examples if isinstance(e, doctest.Example)], env, name, None, None, body)
    runner = _Runner()
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        runner.run(test, clear_globs=False)
    if runner.failures == 0:
        return True, ""
    source, reason = runner.first or ("", "failed")
    return False, (f"{source.splitlines()[0][:200]}\n{reason}" if source else reason)
