"""Grade a whole class: every submission in its own kernel, under limits, in parallel.

otter's own ``otter grade`` needs Docker, and ``otter run`` grades one
submission with no time limit and pays its start-up each time. Here each of
``workers`` long-lived worker processes (:mod:`framing.grading.worker`)
imports otter once and grades submission after submission, each in a fresh
kernel limited in CPU time and memory, with a wall-clock limit enforced from
outside (the worker and every process under it are killed past it).

Every submission gets one row, whatever it does:

========== ==================================================================
status     meaning
========== ==================================================================
ok         graded (cells that raised errors are listed in ``message``)
timeout    a cell ran past the wall-clock limit, or the CPU limit was reached
memory     a cell ran out of the memory limit
crashed    the kernel died (``os._exit``, a crash) or grading failed
unreadable empty, not JSON, not a notebook, or a notebook of another assignment
========== ==================================================================
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import platform
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from framing.errors import FramingError
from framing.grading.kernel import CPU_VAR, MEMORY_VAR

__all__ = ["grade", "Limits"]


class Limits:
    """Resource limits for one submission."""

    def __init__(self, wall: int = 300, cpu: int = 120, memory_mb: int = 2048, cell: int = 60):
        for name, value in (("wall", wall), ("cpu", cpu), ("memory_mb", memory_mb), ("cell", cell)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise FramingError(f"The {name!r} limit must be a whole number > 0. Got {value!r} instead.")
        self.wall, self.cpu, self.memory_mb, self.cell = wall, cpu, memory_mb, cell

    def as_dict(self) -> dict:
        return {"wall_seconds": self.wall, "cpu_seconds": self.cpu, "memory_mb": self.memory_mb,
                "cell_seconds": self.cell}


class _Worker:
    """One worker process, restarted (with everything under it killed) when it overruns."""

    #: Seconds a worker may take to start (import otter, start its fork server).
    START_SECONDS = 300

    def __init__(self, limits: Limits, root: str, fork: bool = True):
        self.limits, self.root, self.fork, self.proc = limits, root, fork, None
        self.kernels = None  # "forked" or "fresh", as the worker says when it is ready

    def _start(self):
        tmp = tempfile.mkdtemp(prefix="w-", dir=self.root)  # otter's scratch (hidden tests) goes here
        # the worker writes the framing-grader kernelspec there (forked kernels or plain ones)
        env = dict(os.environ, TMPDIR=tmp, JUPYTER_PATH=os.path.join(tmp, "share"),
                   **{CPU_VAR: str(self.limits.cpu), MEMORY_VAR: str(self.limits.memory_mb * 1024 * 1024)},
                   FRAMING_GRADE_CELL_TIMEOUT=str(self.limits.cell),
                   FRAMING_GRADE_FORK="1" if self.fork else "0",
                   PYDEVD_DISABLE_FILE_VALIDATION="1")
        self.tmp = tmp
        self.proc = subprocess.Popen([sys.executable, "-m", "framing.grading.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
                                     env=env, cwd=tmp)
        from framing.grading.worker import read_line

        ready = read_line(self.proc.stdout, self.START_SECONDS)  # it imports otter, starts its fork server
        if not ready.startswith("@@READY"):
            self.kill()
            raise FramingError("the grading worker did not start: is otter-grader installed? "
                               "python -m pip install -e \".[lab]\"")
        self.kernels = ready.split()[1] if len(ready.split()) > 1 else "fresh"

    def kill(self):
        import psutil

        if self.proc is None:
            return
        try:
            parent = psutil.Process(self.proc.pid)
            procs = parent.children(recursive=True) + [parent]
        except psutil.NoSuchProcess:
            procs = []
        for p in procs:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(procs, timeout=5)
        self.proc = None
        shutil.rmtree(self.tmp, ignore_errors=True)

    def grade(self, job: dict) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + self.limits.wall
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(timeout=left):
                self.kill()
                return {"status": "timeout", "message": f"no result within {self.limits.wall} s (wall clock); stopped"}
            line = self.proc.stdout.readline()
            if not line:
                self.kill()
                return {"status": "crashed", "message": "the grading worker died"}
            if line.startswith("@@RESULT "):
                return json.loads(line[len("@@RESULT "):])


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _student(path: Path, notebook_name: str) -> str:
    """alice.ipynb -> alice; alice/01_corpus.ipynb -> alice."""
    return path.parent.name if path.name == notebook_name else path.stem


def _versions() -> dict:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for name in ("framing", "otter-grader", "nbclient", "nbconvert", "ipykernel", "pandas"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            out[name] = None
    return out


def _bundle_info(bundle: Path):
    from framing.grading.worker import bundle_assignment, expected_tests

    if not bundle.is_file():
        raise FramingError(f"{bundle}: no such autograder bundle (framing release writes them).")
    try:
        expected = expected_tests(str(bundle))
        assignment = bundle_assignment(str(bundle))
    except Exception as err:
        raise FramingError(f"{bundle}: not an otter autograder bundle ({type(err).__name__}: {err}).") from None
    if not expected:
        raise FramingError(f"{bundle}: the bundle has no tests.")
    return assignment, expected


def _feedback_text(student: str, assignment: str, row: dict, result: dict) -> str:
    lines = [f"# Feedback: {assignment}, {student}", "",
             f"Score: {row['total']} / {row['possible']} (status: {row['status']})"]
    if row["message"]:
        lines += ["", row["message"]]
    for q, info in (result.get("feedback") or {}).items():
        lines += ["", f"## {q}: {info['score']:g} / {info['possible']:g}"]
        for case in info["cases"]:
            kind = "hidden test" if case["hidden"] else "test"
            mark = "passed" if case["passed"] else "FAILED"
            lines.append(f"- {kind} {case['name']} ({case['points']:g} pt): {mark}"
                         + (f" - {case['note']}" if case.get("note") else ""))
            if case.get("output") and not case["passed"]:
                lines += ["", "```", case["output"].strip(), "```", ""]
    return "\n".join(lines) + "\n"


def grade(submissions, bundle, out, *, workers: int | None = None, limits: Limits | None = None,
          feedback_dir=None, progress: bool = True, fork: bool = True):
    """Grade every submission against an autograder bundle; write the grades CSV.

    Parameters
    ----------
    submissions : list of paths
        Notebooks (``.ipynb``) or folders holding them (searched recursively).
    bundle : path
        The assignment's autograder zip, from ``framing release``.
    out : path
        The CSV to write: student, file, one column per question, total,
        possible, status, message. Sorted by student: re-running gives the
        same file.
    workers : int, optional
        Submissions graded at once (default: one per core).
    limits : Limits, optional
        Wall-clock seconds, CPU seconds and memory per submission.
    feedback_dir : path, optional
        Where to write one Markdown feedback file per student (default: a
        ``<out>-feedback/`` folder beside ``out``). Hidden tests appear by name and
        message only, never their code.
    fork : bool, default True
        Fork each submission's kernel from a process per worker that has already
        imported ipykernel, pandas, otter and framing
        (:mod:`framing.grading.forkserver`): about twice as fast, with the same
        limits and the same grades. ``False`` starts every kernel as a new Python
        process. The manifest's ``kernels`` says which was used.

    Returns
    -------
    pandas.DataFrame
        The rows written to ``out``. ``<out>.manifest.json`` beside it records the
        SHA-256 of the bundle and of every submission, the package versions
        and the limits used.
    """
    import pandas as pd

    bundle, out = Path(bundle), Path(out)
    limits = limits or Limits()
    assignment, expected = _bundle_info(bundle)
    files = []
    for item in map(Path, submissions):
        if item.is_dir():
            files += sorted(p for p in item.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        elif item.exists():
            files.append(item)
        else:
            raise FramingError(f"{item}: no such submission file or folder.")
    if not files:
        raise FramingError("no submissions to grade (no .ipynb files found).")
    notebook_name = f"{assignment}.ipynb"
    students = [_student(p, notebook_name) for p in files]
    seen = {}
    for s, p in zip(students, files):
        if s in seen:
            raise FramingError(f"two submissions for student {s!r}: {seen[s]} and {p}.")
        seen[s] = p
    workers = max(1, min(workers or os.cpu_count() or 1, len(files)))

    root = tempfile.mkdtemp(prefix="framing-grading-")
    pool = [_Worker(limits, root, fork) for _ in range(workers)]
    free = list(pool)
    lock = threading.Lock()
    done = [0]

    def run(path: Path) -> dict:
        with lock:
            worker = free.pop()
        try:
            job = {"submission": str(path.resolve()), "bundle": str(bundle.resolve()), "assignment": assignment,
                   "notebook_name": notebook_name, "cpu": limits.cpu, "memory_mb": limits.memory_mb,
                   "cell_timeout": limits.cell}
            result = worker.grade(job)
        finally:
            with lock:
                free.append(worker)
                done[0] += 1
                if progress:
                    bar = "#" * int(30 * done[0] / len(files))
                    print(f"\rgrading {assignment}: [{bar:<30}] {done[0]}/{len(files)}", end="", file=sys.stderr,
                          flush=True)
        return result

    try:
        with ThreadPoolExecutor(workers) as ex:
            results = list(ex.map(run, files))
        kernels = sorted({w.kernels for w in pool if w.kernels})
    finally:
        for w in pool:
            w.kill()
        shutil.rmtree(root, ignore_errors=True)
        if progress:
            print(file=sys.stderr)

    questions = list(expected)
    possible = sum(e["possible"] for e in expected.values())
    rows = []
    for student, path, result in zip(students, files, results):
        scores = result.get("scores") or {}
        row = {"student": student, "file": str(path)}
        row.update({q: float(scores.get(q, 0.0)) for q in questions})
        row.update(total=float(result.get("total", 0.0)), possible=float(possible),
                   status=result["status"], message=result.get("message", ""))
        rows.append((row, result))
    rows.sort(key=lambda r: r[0]["student"])
    table = pd.DataFrame([r for r, _ in rows], columns=["student", "file", *questions, "total", "possible",
                                                         "status", "message"])
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")

    fb_dir = Path(feedback_dir) if feedback_dir else out.parent / f"{out.stem}-feedback"
    fb_dir.mkdir(parents=True, exist_ok=True)
    for row, result in rows:
        (fb_dir / f"{row['student']}.md").write_text(_feedback_text(row["student"], assignment, row, result),
                                                      encoding="utf-8")
    manifest = {
        "assignment": assignment, "bundle": str(bundle), "bundle_sha256": _sha256(bundle),
        "submissions": {row["student"]: {"file": row["file"], "sha256": _sha256(Path(row["file"])),
                                         "seconds": result.get("seconds")} for row, result in rows},
        "versions": _versions(), "limits": limits.as_dict(), "workers": workers,
        "kernels": "/".join(kernels) or None,
        "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    out.with_suffix(".manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return table
