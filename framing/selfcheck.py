"""``grader.check("q1")`` in a student notebook: the public checks, short and honest.

The first cell of every student notebook makes ``grader`` a :class:`Checks`
(``framing release`` writes it; in JupyterLab, Binder and JupyterLite alike).
``grader.check("q1")`` runs the question's **public** checks, the doctests of
otter's format that the notebook keeps in its own metadata. They check the
*form* of an answer (its type, that a name is one of the corpus's outlets, that
a count is possible, that a letter is one of the options), never its value:
the value is checked by the hidden tests when the instructor grades the work
(``framing grade``), which this module never sees.

What a student sees is one line per question: that the form is right, or
what to fix (the check's own hint), or that the question is not answered yet.
The full transcript of a failed check is one click away (``<details>`` in the
notebook; ``result.transcript`` as text).

The public checks are found without trusting the notebook's file name: a
renamed copy (``01_corpus (1).ipynb``, what a second download gives) finds
them through the kernel's session (``JPY_SESSION_NAME``, which Jupyter sets to
the notebook's path) or, failing that, through the assignment's name in the
metadata of the notebooks of its folder.

>>> import json, pathlib, tempfile
>>> case = {"code": ">>> assert type(q1_answer) is int, 'q1_answer must be a whole number (an int)'",
...         "hidden": False, "failure_message": "q1_answer must be an int", "points": 1}
>>> tests = {"q1": {"name": "q1", "points": 1, "suites": [
...     {"cases": [case], "setup": "", "teardown": "", "type": "doctest"}]}}
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> nb = {"metadata": {"otter": {"assignment_name": "demo", "tests": tests}}, "cells": []}
>>> _ = (folder / "demo (1).ipynb").write_text(json.dumps(nb))
>>> grader = Checks("demo", folder=folder)
>>> grader.check("q1", {"q1_answer": 3})
q1: form checked (1 public check passed); the value is checked when your work is graded.
>>> grader.check("q1", {"q1_answer": "3"})
q1: not yet. q1_answer must be a whole number (an int)
>>> grader.check("q1", {"q1_answer": ...})
q1: not answered yet: replace the ... in q1_answer = ... with your answer and run that cell.
"""

from __future__ import annotations

import builtins
import html
import json
import os
import sys
from pathlib import Path

from framing.doctests import natural_key, needed_names, run_case

__all__ = ["Checks", "CheckResult", "init_cell"]

#: Said after every passed check: what passing means.
PASSED = "form checked ({n} public check{s} passed); the value is checked when your work is graded."

_BUILTINS = frozenset(dir(builtins))


def init_cell(assignment: str) -> str:
    """The first cell of a student notebook: ``grader`` for the public checks.

    >>> print(init_cell("01_corpus"))
    # grader.check("q1") runs the public checks of question 1: they check the form of your answer
    # (its type, a name of the corpus, a possible count), not its value, which is checked when
    # your work is graded.
    from framing.selfcheck import Checks
    grader = Checks("01_corpus")
    """
    return ('# grader.check("q1") runs the public checks of question 1: they check the form of your answer\n'
            "# (its type, a name of the corpus, a possible count), not its value, which is checked when\n"
            "# your work is graded.\n"
            "from framing.selfcheck import Checks\n"
            f"grader = Checks({json.dumps(assignment)})")


def _assignment_of(path: Path):
    try:
        return _checks_in(path.read_text(encoding="utf-8"))
    except OSError:
        return None, None


def _checks_in(text: str):
    """(assignment name, tests) of a notebook's text, or (None, None)."""
    try:
        otter = json.loads(text)["metadata"]["otter"]
        return otter.get("assignment_name"), otter["tests"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, None


#: Where a JupyterLite site built by ``framing lite`` serves the notebooks, from its root.
LITE_NOTEBOOKS = "files/notebooks"


def _from_lite_site(assignment: str):
    """The site's own copy of the notebook, read over http: (url, tests), or (None, None).

    JupyterLite without a service worker (a page over plain http from another
    computer) gives the kernel no access to the notebooks' folder; the Pyodide
    kernel runs in a web worker under the site's ``extensions/`` folder, and a
    synchronous request from a worker still reaches the site.
    """
    try:
        import js
        from pyodide.http import open_url
    except ImportError:  # not in Pyodide
        return None, None
    from urllib.parse import quote

    root = str(js.location.href).rpartition("/extensions/")[0]
    url = f"{root}/{LITE_NOTEBOOKS}/{quote(assignment)}.ipynb"
    try:
        text = open_url(url).read()
    except Exception:  # the request failed in the browser (pyodide.ffi.JsException, a network error)
        return None, None
    name, tests = _checks_in(text)
    return (url, tests) if name == assignment and isinstance(tests, dict) else (None, None)


class CheckResult:
    """What :meth:`Checks.check` returns: one line in a notebook, the transcript one click away.

    ``passed`` is True (every public check passed), False (one failed, or the
    question is not answered yet) or None (the checks could not be run);
    ``message`` is the line shown; ``transcript`` what the failed check ran.
    """

    def __init__(self, question: str, passed, message: str, transcript: str = ""):
        self.question, self.passed, self.message, self.transcript = question, passed, message, transcript

    def __repr__(self) -> str:
        return f"{self.question}: {self.message}"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        colour = {True: "#1a7f37", False: "#b35900", None: "#666"}[self.passed]
        line = (f'<div style="color:{colour}"><b>{html.escape(self.question)}</b>: '
                f'<bdi dir="auto">{html.escape(self.message)}</bdi></div>')
        if not self.transcript:
            return line
        return (line + '<details style="color:#555"><summary style="cursor:pointer">what was checked</summary>'
                f'<pre dir="ltr" style="white-space:pre-wrap">{html.escape(self.transcript)}</pre></details>')


class _AllResults:
    """What :meth:`Checks.check_all` returns: one line per question, in notebook order."""

    def __init__(self, results, note: str = ""):
        self.results, self.note = list(results), note

    @property
    def passed(self):
        if self.note or any(r.passed is None for r in self.results):
            return None
        return all(r.passed for r in self.results)

    def __repr__(self) -> str:
        lines = [repr(r) for r in self.results]
        return "\n".join(([self.note] if self.note else []) + lines)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        parts = [f"<div>{html.escape(self.note)}</div>"] if self.note else []
        return "".join(parts + [r._repr_html_() for r in self.results])


class Checks:
    """The public checks of one assignment, run on the notebook's own variables.

    Parameters
    ----------
    assignment : str or path
        The assignment's name (``"01_corpus"``), or the path of a notebook
        that holds its checks.
    folder : path, optional
        Where to look for the notebook; default: the working folder (a
        notebook's kernel starts in the notebook's folder).

    Examples
    --------
    See the module's docstring. In a notebook: ``grader = Checks("01_corpus")``,
    then ``grader.check("q1")`` after answering question 1.
    """

    def __init__(self, assignment, folder=None):
        self.assignment = Path(str(assignment)).stem if str(assignment).endswith(".ipynb") else str(assignment)
        self._given = Path(str(assignment)) if str(assignment).endswith(".ipynb") else None
        self.folder = Path(folder) if folder is not None else None
        self.tests, self.source, self.problem = {}, None, ""
        self._load()

    def _candidates(self):
        folder = self.folder or Path.cwd()
        if self._given is not None:
            yield self._given if self._given.is_absolute() else folder / self._given
        session = os.environ.get("JPY_SESSION_NAME", "")
        if session.endswith(".ipynb") and self.folder is None:
            yield Path(session)
        yield folder / f"{self.assignment}.ipynb"
        try:
            others = sorted(folder.glob("*.ipynb"), key=lambda p: -p.stat().st_mtime)
        except OSError:
            others = []
        yield from others

    def _load(self) -> None:
        for path in self._candidates():
            name, tests = _assignment_of(path)
            if isinstance(tests, dict) and (name == self.assignment or path == self._given):
                self.tests, self.source, self.problem = tests, path, ""
                return
        where = self.folder or Path.cwd()
        if sys.platform == "emscripten" and self.folder is None and where.parts[1:2] != ("drive",):
            # JupyterLite mounts the notebooks' files at /drive through a service worker, which the
            # browser gives only to a page over https or from localhost: read the site's copy.
            url, tests = _from_lite_site(self.assignment)
            if tests is not None:
                self.tests, self.source, self.problem = tests, url, ""
                return
            self.problem = (f"cannot find the checks of {self.assignment}: this browser gives the notebook no "
                            "access to its files, as when the site comes over plain http from another computer. "
                            "Open the site over https, or on the computer that serves it (http://localhost). "
                            "Your answers are still graded when you hand the notebook in.")
            return
        self.problem = (f"cannot find the checks of {self.assignment}: no notebook of that assignment in "
                        f"{where}. Keep the notebook in the folder it came in. Your answers are still graded "
                        "when you hand the notebook in.")

    def questions(self) -> list:
        """The questions that have checks, in notebook order (q2 before q10)."""
        return sorted(self.tests, key=natural_key)

    def check(self, question: str, env=None) -> CheckResult:
        """Run the public checks of ``question`` on ``env`` (default: the calling notebook's variables)."""
        if env is None:
            env = sys._getframe(1).f_globals
        if not self.tests:
            self._load()
        if self.problem:
            return CheckResult(question, None, self.problem)
        if question not in self.tests:
            known = ", ".join(self.questions()) or "none"
            return CheckResult(question, None, f"no such question here; the questions are {known}.")
        cases = [(suite, case) for suite in self.tests[question].get("suites", [])
                 for case in suite.get("cases", []) if not case.get("hidden")]
        names = list(dict.fromkeys(n for _, case in cases for n in needed_names(case["code"])))
        unanswered = [n for n in names if env.get(n, None) is Ellipsis]
        if unanswered:
            spots = " and ".join(f"{n} = ..." for n in unanswered)
            answers = "answer" if len(unanswered) == 1 else "answers"
            return CheckResult(question, False, f"not answered yet: replace the ... in {spots} with your "
                                                f"{answers} and run that cell.")
        missing = [n for n in names if n not in env]
        if missing:
            return CheckResult(question, False, f"not answered yet: {missing[0]} is not defined; run the cell "
                                                "where you assign it.")
        # Only the answers, with the real built-ins: a name the notebook redefined (``type``,
        # ``list``) cannot change what a check means.
        scope = {n: env[n] for n in names if n not in _BUILTINS}
        for suite, case in cases:
            code = "\n".join(s for s in (suite.get("setup"), case["code"], suite.get("teardown")) if s)
            ok, report = run_case(code, dict(scope), question)
            if not ok:
                return CheckResult(question, False, "not yet. " + _hint(report, case), report)
        n = len(cases)
        return CheckResult(question, True, PASSED.format(n=n, s="" if n == 1 else "s"))

    def check_all(self, env=None) -> _AllResults:
        """Run every question's public checks: one line per question, in notebook order."""
        if env is None:
            env = sys._getframe(1).f_globals
        if not self.tests:
            self._load()
        if self.problem:
            return _AllResults([], self.problem)
        return _AllResults(self.check(q, env) for q in self.questions())


def _hint(report: str, case: dict) -> str:
    """The check's own message (``assert ..., "hint"``), else the case's failure message."""
    last = report.strip().splitlines()[-1] if report.strip() else ""
    if last.startswith("AssertionError: ") and len(last) > len("AssertionError: "):
        return last[len("AssertionError: "):]
    message = case.get("failure_message") or "a public check failed"
    if last and not last.startswith("AssertionError"):
        return f"{message} ({last[:160]})"
    return message
