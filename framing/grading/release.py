"""Release: student notebooks and autograder bundles from the master notebooks.

Each master (``instructor/masters/NN_name.ipynb``, otter-grader's notebook
format with solutions and hidden tests) goes through ``otter assign``, which
also grades the solutions against every test (a master whose own solutions
fail does not release). The student version goes to ``notebooks/`` under the
same name (its first cell opens the notebook by that name); the autograder
bundle, with the hidden tests, to ``instructor/dist/NN_name-autograder.zip``;
the bundle also records the questions graded by hand, with their model
answers (:mod:`framing.grading.manual`), for the hand-grading sheets.

Grading runs the tests on plain data only (:mod:`framing.grading.plain`), so a
master is refused when its tests need more: a test that calls a function of the
notebook, or (when the solutions are run) reads a name whose solved value is
not plain data, such as a module or a numpy number; the message names the
question and the name.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from framing.errors import FramingError
from framing.grading.checks import called_names, load_questions, score_answers
from framing.grading.grade import Limits, run_unsandboxed
from framing.grading.manual import add_to_bundle, master_questions, read_answers
from framing.grading.plain import decode
from framing.selfcheck import init_cell

__all__ = ["release", "masters_in"]


def masters_in(masters) -> list[Path]:
    """The master notebooks in a folder (or the one file given), in name order."""
    path = Path(masters)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise FramingError(f"{path}: no such folder of master notebooks.")
    found = sorted(p for p in path.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise FramingError(f"{path}: no master notebooks (*.ipynb) in this folder.")
    return found


def _student_copy(source: Path, target: Path, assignment: str) -> None:
    """Copy a notebook otter wrote, with cell ids that do not change between releases and our first cell.

    otter's first cell (``grader = otter.Notebook("NN_name.ipynb")``) opens the
    checks by the notebook's file name, and fails in a renamed copy; it becomes
    :func:`framing.selfcheck.init_cell`, which finds them by the assignment's name.
    """
    import hashlib
    import re

    import nbformat

    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"^\s*grader\s*=\s*otter\.Notebook\(", cell.source, re.M):
            cell.source = init_cell(assignment)
            break
    for i, cell in enumerate(nb.cells):
        cell["id"] = hashlib.sha1(f"{i}:{cell.source}".encode()).hexdigest()[:8]
    nbformat.write(nb, target)


def check_plain_tests(master: Path, bundle: Path, solved: Path | None = None) -> None:
    """Refuse a master whose tests need more than plain data (see the module docstring).

    With ``solved`` (the master with its solutions), also run it as grading
    would and require every name the tests read to be plain data and every
    test to pass on it.
    """

    questions = load_questions(bundle)
    for q in questions.values():
        for case in q.cases:
            for name in called_names(case["body"]):
                raise FramingError(
                    f"{master}: question {q.name}, test {case['name']!r} calls {name}(...), a name from the "
                    "notebook; graded tests receive plain data only (int, float, str, bool, None, list, tuple, "
                    "dict, set, DataFrame). Import what the test calls inside the test itself "
                    f"(e.g. `from framing import normalize`), or test the value {name} returns.")
    if solved is None:
        return
    import json

    names = list(dict.fromkeys(n for q in questions.values() for n in q.names))
    with tempfile.TemporaryDirectory(prefix="framing-release-run-") as scratch:
        run = run_unsandboxed(solved.read_bytes(), f"{master.stem}.ipynb", names, Limits(), Path(scratch))
    try:
        data = json.loads(run.raw.decode("utf-8"))
    except ValueError:
        data = {}
    values = data.get("names") if isinstance(data, dict) else None
    if not isinstance(values, dict):
        why = run.diagnostic or (data.get("fatal") or data.get("unreadable") if isinstance(data, dict) else None)
        raise FramingError(f"{master}: running the solutions as grading does gave no answers "
                           f"({why or 'no output'}).")
    for q in questions.values():
        for name in q.names:
            item = values.get(name, ["missing"])
            if item[0] in ("other", "toolarge", "missing"):
                what = {"missing": "is never defined by the solutions",
                        "toolarge": "is too large"}.get(item[0], f"is a {decode(item).what}, not plain data")
                raise FramingError(
                    f"{master}: question {q.name} reads {name!r}, which {what}. Graded tests receive plain data only "
                    "(int, float, str, bool, None, list, tuple, dict, set, DataFrame): have the question ask for a "
                    "plain value, or import what the test needs inside the test.")
    scored = score_answers(run.raw, questions)
    if "questions" not in scored:
        raise FramingError(f"{master}: the solutions' answers could not be tested ({scored}).")
    for qname, info in scored["questions"].items():
        for case in info["cases"]:
            if not case["passed"]:
                raise FramingError(f"{master}: question {qname}, test {case['name']!r} fails on the solutions when "
                                   "run on plain data, as grading runs it.")


def _record_manual(master: Path, student: Path, bundle: Path) -> None:
    """Put the hand-graded questions (prompt, points, model answer, unanswered template) in the bundle."""
    questions = master_questions(master)
    blank = read_answers(student.read_bytes(), questions)
    for q in questions:
        if not blank[q["name"]]["found"]:
            raise FramingError(f"{master}: hand-graded question {q['name']} is not in the student notebook "
                               "otter wrote (no <!-- BEGIN QUESTION --> cell with its text).")
        q["template"] = blank[q["name"]]["text"]
    add_to_bundle(bundle, questions)


def release(masters, students="notebooks", bundles="instructor/dist", *, solutions=None,
            run_tests: bool = True) -> list[dict]:
    """Build the student notebooks and the autograder bundles.

    Parameters
    ----------
    masters : path
        A folder of master notebooks, or one master (any path: keep masters
        with solutions in a private copy if they must stay secret).
    students : path, default "notebooks"
        Where the student notebooks are written (same file names).
    bundles : path, default "instructor/dist"
        Where the autograder bundles are written (``NAME-autograder.zip``).
    solutions : path, optional
        Also write each master's solved notebook here (as a student would
        submit it, with full marks): useful to check the grading.
    run_tests : bool, default True
        Let ``otter assign`` grade the solutions (slower, and safer).

    Returns
    -------
    list of dict
        For each master: ``assignment``, ``student`` and ``bundle`` paths.
    """
    students, bundles = Path(students), Path(bundles)
    students.mkdir(parents=True, exist_ok=True)
    bundles.mkdir(parents=True, exist_ok=True)
    made = []
    for master in masters_in(masters):
        with tempfile.TemporaryDirectory(prefix="framing-release-") as tmp:
            cmd = [sys.executable, "-m", "otter", "assign", str(master.resolve()), tmp]
            if not run_tests:
                cmd.append("--no-run-tests")
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=master.parent)
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()[-12:]
                raise FramingError(f"{master}: otter assign failed:\n" + "\n".join(tail))
            student = Path(tmp) / "student" / master.name
            zips = sorted((Path(tmp) / "autograder").glob("*-autograder_*.zip"))
            if not student.is_file() or len(zips) != 1:
                raise FramingError(f"{master}: otter assign did not write one student notebook and one bundle.")
            solved = Path(tmp) / "autograder" / master.name
            check_plain_tests(master, zips[0], solved if run_tests else None)
            _student_copy(student, students / master.name, master.stem)
            bundle = bundles / f"{master.stem}-autograder.zip"
            shutil.copyfile(zips[0], bundle)
            _record_manual(master, students / master.name, bundle)
            item = {"assignment": master.stem, "student": str(students / master.name), "bundle": str(bundle)}
            if solutions is not None:
                Path(solutions).mkdir(parents=True, exist_ok=True)
                item["solution"] = str(Path(solutions) / master.name)
                _student_copy(solved, Path(item["solution"]), master.stem)
            made.append(item)
    return made
