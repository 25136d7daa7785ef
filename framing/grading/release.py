"""Release: student notebooks and autograder bundles from the master notebooks.

Each master (``instructor/masters/NN_name.ipynb``, otter-grader's notebook
format with solutions and hidden tests) goes through ``otter assign``, which
also grades the solutions against every test (a master whose own solutions
fail does not release). The student version goes to ``notebooks/`` under the
same name (its first cell opens the notebook by that name); the autograder
bundle, with the hidden tests, to ``instructor/dist/NN_name-autograder.zip``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from framing.errors import FramingError

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


def _stable_ids(source: Path, target: Path) -> None:
    """Copy a notebook, giving the cells otter generated ids that do not change between releases."""
    import hashlib

    import nbformat

    nb = nbformat.read(source, as_version=4)
    for i, cell in enumerate(nb.cells):
        cell["id"] = hashlib.sha1(f"{i}:{cell.source}".encode()).hexdigest()[:8]
    nbformat.write(nb, target)


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
            _stable_ids(student, students / master.name)
            bundle = bundles / f"{master.stem}-autograder.zip"
            shutil.copyfile(zips[0], bundle)
            item = {"assignment": master.stem, "student": str(students / master.name), "bundle": str(bundle)}
            if solutions is not None:
                Path(solutions).mkdir(parents=True, exist_ok=True)
                item["solution"] = str(Path(solutions) / master.name)
                shutil.copyfile(Path(tmp) / "autograder" / master.name, item["solution"])
            made.append(item)
    return made
