"""Grading a class: full marks, zero, and hostile submissions, each with its row.

One release of a small two-question master (tests/fixtures/00_demo.ipynb:
q1 = 5 KWIC hits of غزو in Reuters, 3 points; q2 = "AFP-Arabic", 2 points),
then one grading run over every kind of submission, with short limits.
"""

import csv
import hashlib
import json
import pathlib

import nbformat
import pytest

from conftest import ROOT
from framing.errors import FramingError
from framing.grading import Limits, grade, release

MASTER = ROOT / "tests" / "fixtures" / "00_demo.ipynb"
LIMITS = Limits(wall=90, cpu=15, memory_mb=1536, cell=8)


def sha(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def with_cells(source_nb, *extra, replace=None, drop=None):
    nb = nbformat.read(source_nb, as_version=4)
    if replace:
        for cell in nb.cells:
            for old, new in replace.items():
                cell.source = cell.source.replace(old, new)
    if drop:
        nb.cells = [c for c in nb.cells if not drop(c)]
    nb.cells += [nbformat.v4.new_code_cell(src) for src in extra]
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("grading")
    made = release(MASTER, tmp / "students", tmp / "dist", solutions=tmp / "solutions")[0]
    solution, student, bundle = made["solution"], made["student"], made["bundle"]
    subs = tmp / "submissions"
    subs.mkdir()
    cases = {
        "full": with_cells(solution),
        "untouched": with_cells(student),
        "infinite_loop": with_cells(solution, "while True:\n    pass"),
        "c_loop": with_cells(solution, "sum(range(10**18))  # a C loop: no interrupt reaches it"),
        "memory_bomb": with_cells(solution, "hog = bytearray(8 * 1024**3)"),
        "sys_exit": with_cells(solution, "import sys\nsys.exit()"),
        "os_exit": with_cells(solution, "import os\nos._exit(1)"),
        "deleted_checks": with_cells(solution, drop=lambda c: "grader.check" in c.source),
        "edited_check": with_cells(solution, replace={'grader.check("q1")': "print('I checked it myself')"}),
        "fake_grader": with_cells(student, replace={
            "q1_answer = ...": "q1_answer = 4",
            'grader = otter.Notebook("00_demo.ipynb")':
                "class G:\n    def check(self, q): return 'All tests passed!'\n"
                "    def check_all(self): return 'All tests passed!'\ngrader = G()"}),
        "eq_always_true": with_cells(
            student, "class Sly(int):\n    def __eq__(self, other): return True\n    __hash__ = int.__hash__\n"
                     "q1_answer = Sly(1)\n"
                     "class Str(str):\n    def __eq__(self, other): return True\n    __hash__ = str.__hash__\n"
                     "q2_answer = Str('BBC')"),
        "bad_kernel": with_cells(solution),
    }
    cases["bad_kernel"].metadata["kernelspec"] = {"name": "no-such-kernel", "display_name": "x", "language": "python"}
    for name, nb in cases.items():
        nbformat.write(nb, subs / f"{name}.ipynb")
    (subs / "corrupted.ipynb").write_text('{"cells": [ {"cell_type": ', encoding="utf-8")
    (subs / "empty.ipynb").write_bytes(b"")
    other = with_cells(solution)
    other.metadata["otter"]["assignment_name"] = "02_words"
    nbformat.write(other, subs / "other_assignment.ipynb")

    before = {p: sha(p) for p in (MASTER, bundle)}
    table = grade([subs], bundle, tmp / "grades.csv", workers=2, limits=LIMITS, progress=False)
    after = {p: sha(p) for p in (MASTER, bundle)}
    rows = {r["student"]: r for r in csv.DictReader(open(tmp / "grades.csv", encoding="utf-8"))}
    return {"table": table, "rows": rows, "tmp": tmp, "bundle": bundle, "subs": subs,
            "before": before, "after": after}


def row(graded, student):
    r = graded["rows"][student]
    return float(r["q1"]), float(r["q2"]), float(r["total"]), r["status"], r["message"]


def test_every_submission_has_a_row(graded):
    assert len(graded["rows"]) == 15
    assert list(graded["table"].columns) == ["student", "file", "q1", "q2", "total", "possible", "status", "message"]
    assert set(graded["table"].status) <= {"ok", "timeout", "memory", "crashed", "unreadable"}
    assert (graded["table"].possible == 5).all()


def test_full_marks_and_zero(graded):
    assert row(graded, "full")[:4] == (3.0, 2.0, 5.0, "ok")
    assert row(graded, "untouched")[:4] == (0.0, 0.0, 0.0, "ok")


@pytest.mark.parametrize("student, expected", [
    ("infinite_loop", (3.0, 2.0, 5.0, "timeout")),  # the cell is interrupted, grading goes on
    ("memory_bomb", (3.0, 2.0, 5.0, "memory")),
    ("sys_exit", (3.0, 2.0, 5.0, "ok")),  # SystemExit is a cell error, not the end of grading
    ("deleted_checks", (3.0, 2.0, 5.0, "ok")),  # the bundle's tests run, not the notebook's cells
    ("edited_check", (3.0, 2.0, 5.0, "ok")),
    ("bad_kernel", (3.0, 2.0, 5.0, "ok")),  # the kit's kernel is used, whatever the file names
    ("fake_grader", (1.0, 0.0, 1.0, "ok")),  # a redefined grader fools no test: 4 is an int, not 5
    ("eq_always_true", (0.0, 0.0, 0.0, "ok")),  # type checks first: int/str subclasses fail
])
def test_hostile_submission_rows(graded, student, expected):
    assert row(graded, student)[:4] == expected


def test_kernel_stopped_by_cpu_limit_or_exit(graded):
    q1, q2, total, status, message = row(graded, "c_loop")
    assert (total, status) == (0.0, "timeout") and "CPU time" in message
    q1, q2, total, status, message = row(graded, "os_exit")
    assert (total, status) == (0.0, "crashed") and "os._exit" in message


@pytest.mark.parametrize("student, words", [
    ("corrupted", "NotJSONError"), ("empty", "empty file"), ("other_assignment", "assignment '02_words', not '00_demo'"),
])
def test_unreadable_submissions(graded, student, words):
    q1, q2, total, status, message = row(graded, student)
    assert (total, status) == (0.0, "unreadable") and words in message


def test_suspicious_code_is_flagged_for_review(graded):
    assert "review: the code mentions __eq__" in row(graded, "eq_always_true")[4]
    assert "os._exit" in row(graded, "os_exit")[4] or row(graded, "os_exit")[3] == "crashed"


def test_instructor_files_untouched(graded):
    assert graded["before"] == graded["after"]


def test_feedback_never_shows_hidden_test_code(graded):
    folder = graded["tmp"] / "grades-feedback"
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 15 and "untouched.md" in files
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "HIDDEN_Q1_VALUE" not in text and "== 5" not in text and "AFP-Arabic" not in text
    zero = (folder / "untouched.md").read_text(encoding="utf-8")
    assert "hidden test q1 - 2 (2 pt): FAILED - Not the number of hits" in zero
    assert "Score: 0.0 / 5.0" in zero


def test_manifest_records_hashes_versions_and_limits(graded):
    manifest = json.loads((graded["tmp"] / "grades.manifest.json").read_text(encoding="utf-8"))
    assert manifest["bundle_sha256"] == sha(graded["bundle"])
    assert manifest["submissions"]["full"]["sha256"] == sha(graded["subs"] / "full.ipynb")
    assert manifest["limits"] == {"wall_seconds": 90, "cpu_seconds": 15, "memory_mb": 1536, "cell_seconds": 8}
    assert manifest["versions"]["otter-grader"] and manifest["assignment"] == "00_demo"


def test_regrading_gives_the_same_csv(graded, tmp_path):
    subset = tmp_path / "subs"
    subset.mkdir()
    for name in ("full", "untouched", "empty"):
        (subset / f"{name}.ipynb").write_bytes((graded["subs"] / f"{name}.ipynb").read_bytes())
    first = grade([subset], graded["bundle"], tmp_path / "a.csv", workers=2, limits=LIMITS, progress=False)
    grade([subset], graded["bundle"], tmp_path / "b.csv", workers=1, limits=LIMITS, progress=False)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert first.drop(columns="file").equals(
        graded["table"][graded["table"].student.isin(["full", "untouched", "empty"])]
        .drop(columns="file").reset_index(drop=True))


def test_grade_errors_name_the_problem(graded, tmp_path):
    with pytest.raises(FramingError, match="no such autograder bundle"):
        grade([graded["subs"]], tmp_path / "none.zip", tmp_path / "g.csv")
    with pytest.raises(FramingError, match="no such submission file or folder"):
        grade([tmp_path / "nobody"], graded["bundle"], tmp_path / "g.csv")
    with pytest.raises(FramingError, match="The 'cpu' limit must be a whole number > 0. Got 0 instead."):
        Limits(cpu=0)


def test_command_line_release_and_grade(graded, tmp_path, capsys):
    from framing.cli import main

    assert main(["release", "--masters", str(MASTER), "--students", str(tmp_path / "s"),
                 "--bundles", str(tmp_path / "d"), "--no-run-tests"]) == 0
    assert (tmp_path / "s" / "00_demo.ipynb").is_file() and (tmp_path / "d" / "00_demo-autograder.zip").is_file()
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("full", "corrupted"):
        (subs / f"{name}.ipynb").write_bytes((graded["subs"] / f"{name}.ipynb").read_bytes())
    capsys.readouterr()
    code = main(["grade", str(subs), "--bundle", str(graded["bundle"]), "--out", str(tmp_path / "g.csv"),
                 "--timeout", "90", "--cell-timeout", "8"])
    out, err = capsys.readouterr()
    assert code == 0 and "wrote" in err and "ok 1" in err and "unreadable 1" in err
    assert (tmp_path / "g.csv").read_text(encoding="utf-8").count("\n") == 3
    code = main(["grade", str(subs), "--bundle", str(tmp_path / "none.zip"), "--out", str(tmp_path / "x.csv")])
    assert code == 2 and "no such autograder bundle" in capsys.readouterr().err
