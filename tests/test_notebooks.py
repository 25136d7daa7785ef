"""The graded notebooks: released student versions up to date and free of answers,
every notebook runs top to bottom headless, masters score full marks and the
untouched student versions zero.
"""

import json
import os
import pathlib
import re
import time

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from framing.grading import Limits, grade, release

MASTERS = sorted((ROOT / "instructor" / "masters").glob("*.ipynb"))
NAMES = [m.stem for m in MASTERS]


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("release")
    made = release(ROOT / "instructor" / "masters", tmp / "students", tmp / "dist", solutions=tmp / "solutions",
                   run_tests=False)
    return {m["assignment"]: m for m in made}


def comparable(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return json.dumps(nb, sort_keys=True, ensure_ascii=False, indent=1)


def test_there_are_six_graded_notebooks():
    assert NAMES == ["01_corpus", "02_words", "03_kwic", "04_lexicons", "05_comparing", "06_validating"]


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_is_up_to_date(released, name):
    committed = ROOT / "notebooks" / f"{name}.ipynb"
    assert committed.is_file(), f"run: framing release (notebooks/{name}.ipynb is missing)"
    assert comparable(committed) == comparable(pathlib.Path(released[name]["student"])), (
        f"notebooks/{name}.ipynb is out of date with its master: run framing release")


def secrets(master):
    """What otter removes from a master: what students must never see.

    In solution cells, the right-hand side of each line marked ``# SOLUTION``
    and every line of a ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` block (other
    lines stay, as set-up code); solution Markdown cells whole; hidden tests.
    """
    nb = nbformat.read(master, as_version=4)
    found, public, in_solution, in_tests = [], [], False, False
    for cell in nb.cells:
        src = cell.source.strip()
        if cell.cell_type != "raw" and not in_solution and not in_tests:
            public.append(cell.source)  # the prompt and set-up text a student sees anyway
        if cell.cell_type == "raw":
            in_solution = src.startswith("# BEGIN SOLUTION") or (in_solution and not src.startswith("# END SOLUTION"))
            in_tests = src.startswith("# BEGIN TESTS") or (in_tests and not src.startswith("# END TESTS"))
            continue
        if in_solution and cell.cell_type == "markdown":
            found += [ln.strip() for ln in cell.source.splitlines()]
        if cell.cell_type == "code":
            block = False
            for ln in cell.source.splitlines():
                mark = ln.strip()
                if mark == "# BEGIN SOLUTION":
                    block = True
                elif mark == "# END SOLUTION":
                    block = False
                elif block:
                    found.append(mark)
                elif mark.endswith("# SOLUTION"):
                    code = mark[: -len("# SOLUTION")].strip()
                    found.append(code.split("=", 1)[1].strip() if "=" in code.split("(")[0] else code)
        if in_tests and cell.cell_type == "code" and ("hidden: true" in cell.source or src.startswith("# HIDDEN")):
            body = cell.source.split("# END TEST CONFIG")[-1]
            found += [ln.strip() for ln in body.splitlines()]
    public_text = "\n".join(public)
    return [s for s in found if len(s) > 12 and not s.startswith(("import ", "from ")) and s not in public_text]


@pytest.mark.parametrize("name", NAMES)
def test_no_solution_or_hidden_test_in_student_notebook(name):
    student = (ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8")
    text = json.loads(student)
    flat = "\n".join(c if isinstance(c, str) else "".join(c) for cell in text["cells"]
                     for c in [cell["source"]])
    flat += json.dumps(text["metadata"], ensure_ascii=False)
    leaks = [s for s in secrets(ROOT / "instructor" / "masters" / f"{name}.ipynb") if s in flat]
    assert not leaks, f"{name}: solution or hidden-test text in the student notebook: {leaks[:3]}"


def run_notebook(path, timeout=120):
    """Run a notebook in a kernel of its own; the kernel talks over IPC sockets, so no two race for a TCP port."""
    import tempfile

    from jupyter_client import KernelManager

    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "k"))
        NotebookClient(nb, km=km, timeout=timeout, resources={"metadata": {"path": str(path.parent)}},
                       allow_errors=True).execute()
    errors = [(o.get("ename"), o.get("evalue")) for c in nb.cells if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    return nb, errors, time.perf_counter() - started


@pytest.mark.parametrize("name", NAMES)
def test_solved_notebook_runs_top_to_bottom(released, name):
    from pathlib import Path

    nb, errors, seconds = run_notebook(Path(released[name]["solution"]))
    assert not errors, f"{name}: {errors[:3]}"
    # the checks in the notebook itself all pass on the solutions
    checks = [o for c in nb.cells if c.cell_type == "code" and "grader.check(" in c.source for o in c.outputs]
    assert checks and not any("failed" in json.dumps(o).lower() for o in checks)
    # every cell that draws one of the kit's plots shows it (not only the first of the session)
    drawn = [c for c in nb.cells if c.cell_type == "code" and re.search(r"\bplot_\w+\(", c.source)]
    blank = [c.source[:70] for c in drawn if not any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert not blank, f"{name}: plot cells with no image: {blank}"


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_runs_without_crashing(name):
    nb, errors, seconds = run_notebook(ROOT / "notebooks" / f"{name}.ipynb")
    # unanswered questions are `...`: checks fail politely, nothing raises
    assert not errors, f"{name}: {errors[:3]}"
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        shown = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in c.outputs)
        if re.fullmatch(r'grader\.check\("\w+"\)', c.source.strip()):
            # one line: the question, and that it is not answered yet (no doctest transcript)
            assert re.fullmatch(r"q\d+: not answered yet: [^\n]+", shown.strip()), f"{name}: {shown[:300]}"
        if "otter_answer_cell" in c.metadata.get("tags", []):
            assert "Ellipsis" not in shown, f"{name}: an answer cell shows Ellipsis: {c.source[:80]}"
            assert c.source.strip().splitlines()[0].strip() != "...", f"{name}: an answer cell starts with ..."


def test_masters_get_full_marks_and_untouched_students_zero(released, tmp_path):
    for name, made in released.items():
        subs = tmp_path / name
        (subs / "solution").mkdir(parents=True)
        (subs / "untouched").mkdir()
        (subs / "solution" / f"{name}.ipynb").write_bytes(open(made["solution"], "rb").read())
        (subs / "untouched" / f"{name}.ipynb").write_bytes((ROOT / "notebooks" / f"{name}.ipynb").read_bytes())
        table = grade([subs], made["bundle"], tmp_path / f"{name}.csv", workers=2,
                      limits=Limits(wall=300, cpu=200, cell=120), progress=False).set_index("student")
        assert table.loc["solution", "status"] == "ok", table.loc["solution", "message"]
        assert table.loc["untouched", "status"] == "not attempted", table.loc["untouched", "message"]
        assert table.loc["solution", "total"] == table.loc["solution", "possible"] > 0, name
        assert table.loc["untouched", "total"] == 0, name


@pytest.mark.parametrize("name", NAMES)
def test_notebook_teaches_before_it_tests(name):
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert re.search(r"learning objectives", text, flags=re.I)
    assert text.count("grader.check") or any("grader.check" in c.source for c in nb.cells)
    # every question notebook asks at least 4 auto-graded questions and one by hand
    checks = {m for c in nb.cells if c.cell_type == "code" for m in re.findall(r'grader\.check\("(\w+)"\)', c.source)}
    assert len(checks) >= 4
    assert re.search(r"rubric", text, flags=re.I)
