"""A long-lived grading worker: imports otter once, then grades one submission per job.

Run by :mod:`framing.grading.grade` as ``python -m framing.grading.worker``. It
reads one JSON job per line on stdin and answers one ``@@RESULT {json}`` line
per job on a private copy of stdout: the worker's own stdout and stderr point
at /dev/null, so a kernel (which inherits them) cannot forge a result line.

Each submission is checked before otter sees it (readable JSON, a valid
notebook, the right assignment), copied under the notebook name the
assignment expects (its first cell opens the notebook by name), and run in
the kit's own kernelspec (``framing-grader``, see :mod:`framing.grading.kernel`)
whatever kernel the student's file names. Unless ``FRAMING_GRADE_FORK=0``, the
worker starts a fork server (:mod:`framing.grading.forkserver`) and the
kernelspec forks each kernel from it, with the imports done; if the server
cannot start, kernels are new processes, and the ``@@READY`` line says which. Cells get a wall-clock timeout with
an interrupt; the supervisor kills the whole process tree past a hard limit.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import resource
import shutil
import signal
import sys
import tempfile
import time

KERNEL_NAME = "framing-grader"
_ATTEMPTS = itertools.count(1)
#: Code a submission need not contain: each is flagged for the instructor to read.
SUSPICIOUS = ("otter", "run_doctest", "__eq__", "os._exit", "sys.modules", "builtins", "tests/", "fork(")


def install_kernelspec(root: str, fork_socket: str | None = None) -> str:
    """Write the framing-grader kernelspec under ``root`` and return the JUPYTER_PATH entry.

    With ``fork_socket`` (a running :mod:`framing.grading.forkserver`), the kernel is
    forked from that server through the small :mod:`framing.grading.forkstub`;
    without it, it is a new ``python -m framing.grading.kernel`` process.
    """
    spec_dir = os.path.join(root, "kernels", KERNEL_NAME)
    os.makedirs(spec_dir, exist_ok=True)
    if fork_socket:
        stub = os.path.join(os.path.dirname(os.path.abspath(__file__)), "forkstub.py")
        argv = [sys.executable, "-S", "-I", stub, fork_socket]
    else:
        argv = [sys.executable, "-m", "framing.grading.kernel"]
    # no IPython history database: nothing to recall in a graded run, and it costs start-up time
    argv += ["-f", "{connection_file}", "--HistoryManager.enabled=False"]
    with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as fh:
        json.dump({"argv": argv, "display_name": "framing grader (limited)", "language": "python"}, fh)
    return root


def read_line(stream, seconds: float) -> str:
    """The next line from a child process's pipe, or "" if none came within ``seconds``."""
    import selectors

    with selectors.DefaultSelector() as sel:
        sel.register(stream, selectors.EVENT_READ)
        return stream.readline() if sel.select(timeout=seconds) else ""


class ForkServer:
    """This worker's fork server: started once, checked before each job, started again if it died.

    It imports what notebooks import once, and is killed with the worker's process tree.
    """

    #: Seconds the server may take to import and say it is ready.
    START_SECONDS = 120

    def __init__(self, folder: str):
        self.path = os.path.join(folder, "fork.sock")
        if len(self.path) > 100:  # a Unix socket path has at most 107 bytes
            self.path = os.path.join(tempfile.mkdtemp(prefix="fork-", dir="/tmp"), "fork.sock")
        self.proc = None

    def start(self) -> bool:
        """Start the server; False if it refused (a preload started a thread), failed or took too long."""
        import subprocess

        if os.path.exists(self.path):
            os.unlink(self.path)
        self.proc = subprocess.Popen([sys.executable, "-m", "framing.grading.forkserver", self.path],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        if not read_line(self.proc.stdout, self.START_SECONDS).startswith("@@READY"):
            self.stop()
            return False
        return True

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def start_fork_server(folder: str):
    """Start a fork server in ``folder``; return it, or None if it cannot serve.

    >>> server = start_fork_server(tempfile.mkdtemp())
    >>> server.alive() and os.path.exists(server.path)
    True
    >>> server.stop()
    """
    server = ForkServer(folder)
    return server if server.start() else None


def _fork_records(job_tag: str) -> list:
    """What the fork server logged of the kernels it forked for ``job_tag`` (FRAMING_GRADE_JOB)."""
    log = os.environ.get("FRAMING_FORK_LOG")
    if not log or not os.path.exists(log):
        return []
    with open(log, encoding="utf-8") as fh:
        return [r for r in map(json.loads, filter(str.strip, fh)) if r.get("job") == job_tag]


def _kernel_cpu(job_tag: str) -> float:
    """CPU seconds used by kernels: those this worker started (all of them, so far) and those
    forked for ``job_tag``."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime + sum(r["cpu"] for r in _fork_records(job_tag))


def _stopped_by_cpu_limit(job_tag: str, cpu_before: float, limit) -> bool:
    """Was the kernel of this job attempt stopped by its CPU limit (RLIMIT_CPU: SIGXCPU, then SIGKILL)?"""
    if not limit:
        return False
    if os.environ.get("FRAMING_FORK_LOG") and not _fork_records(job_tag):
        time.sleep(0.5)  # a kernel whose stand-in was killed is reaped (and logged) a moment later
    cpu = _kernel_cpu(job_tag) - cpu_before
    return cpu >= limit - 1 or any(r["signal"] == signal.SIGXCPU for r in _fork_records(job_tag))


def _install_cell_timeout(seconds: int) -> None:
    """otter builds nbconvert's ExecutePreprocessor with no timeout: give it one.

    otter imports the class at call time, so a subclass with other trait
    defaults is picked up: a cell that runs too long is interrupted
    (KeyboardInterrupt) and grading goes on; kernels shut down at once.
    """
    import nbconvert.preprocessors as pp
    from traitlets import default

    class TimedExecutePreprocessor(pp.ExecutePreprocessor):
        @default("timeout")
        def _timeout(self):
            return seconds

        @default("interrupt_on_timeout")
        def _interrupt(self):
            return True

        @default("shutdown_kernel")
        def _shutdown(self):
            return "immediate"

    pp.ExecutePreprocessor = TimedExecutePreprocessor


def expected_tests(bundle: str) -> dict:
    """Question name -> possible points and test-case names, from the autograder zip.

    Read once per bundle file version (path, size and modification time), not once per submission.
    """
    stat = os.stat(bundle)
    return _expected_tests(os.path.abspath(bundle), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _expected_tests(bundle: str, size: int, mtime: int) -> dict:
    import zipfile

    from otter.test_files import OKTestFile

    out = {}
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(bundle) as zf:
        for name in zf.namelist():
            if name.startswith("tests/") and name.endswith(".py"):
                zf.extract(name, tmp)
                test = OKTestFile.from_file(os.path.join(tmp, name))
                out[test.name] = {"possible": test.possible, "cases": [c.name for c in test.test_cases]}
    return out


def bundle_assignment(bundle: str) -> str | None:
    """The assignment name recorded in the autograder zip's otter_config.json."""
    import zipfile

    with zipfile.ZipFile(bundle) as zf:
        try:
            config = json.loads(zf.read("otter_config.json"))
        except KeyError:
            return None
    return config.get("assignment_name")


def feedback(results, expected: dict) -> dict:
    """What a student may see: scores, public test output, hidden tests by name and message only."""
    questions = {}
    for qname, test in results.results.items():
        cases = []
        for tcr in test.test_case_results:
            case = tcr.test_case
            item = {"name": case.name, "hidden": bool(case.hidden), "points": case.points, "passed": bool(tcr.passed)}
            note = case.success_message if tcr.passed else case.failure_message
            if note:
                item["note"] = note
            if not case.hidden:
                item["output"] = tcr.message
            cases.append(item)
        questions[qname] = {"score": float(test.score), "possible": float(test.possible), "cases": cases}
    return questions


def _cell_errors(notebook) -> list[str]:
    return [f"{o.get('ename')}: {str(o.get('evalue'))[:120]}"
            for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def grade_job(job: dict) -> dict:
    """Grade one submission; always returns a dict with a status."""
    import nbformat

    expected = expected_tests(job["bundle"])
    base = {"possible": sum(e["possible"] for e in expected.values()),
            "scores": {q: 0.0 for q in expected}, "total": 0.0, "feedback": {}, "flags": []}
    try:
        nb = nbformat.read(job["submission"], as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # not JSON, empty, not a notebook, not UTF-8 ...
        reason = "empty file" if os.path.getsize(job["submission"]) == 0 else f"{type(err).__name__}: {str(err)[:150]}"
        return {**base, "status": "unreadable", "message": f"not a readable notebook ({reason})"}
    got = (nb.metadata.get("otter") or {}).get("assignment_name")
    if job.get("assignment") and got != job["assignment"]:
        return {**base, "status": "unreadable",
                "message": f"this is a notebook of assignment {got!r}, not {job['assignment']!r}"}
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "framing grader", "language": "python"}
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    flags = sorted(w for w in SUSPICIOUS if w in code.replace("import otter", "").replace("otter.Notebook", ""))

    from otter.api import grade_submission

    tmp = tempfile.mkdtemp(prefix="framing-grade-")
    try:
        path = os.path.join(tmp, job["notebook_name"])
        nbformat.write(nb, path)
        for attempt in (1, 2):
            # the kernel's environment names the attempt, and the fork server logs it with its CPU time
            tag = os.environ["FRAMING_GRADE_JOB"] = f"{os.getpid()}-{next(_ATTEMPTS)}"
            cpu_before = _kernel_cpu(tag)
            try:
                results = grade_submission(path, job["bundle"], quiet=True)
                break
            except Exception as err:  # the kernel died: os._exit, CPU limit, a crash, or a hiccup
                if _stopped_by_cpu_limit(tag, cpu_before, job.get("cpu")):
                    return {**base, "flags": flags, "status": "timeout",
                            "message": f"stopped after {job['cpu']} s of CPU time (the limit)"}
                if attempt == 2:  # a second failure is the submission's, not a passing fault of the machine
                    return {**base, "flags": flags, "status": "crashed",
                            "message": f"the notebook's kernel stopped twice ({type(err).__name__}: {str(err)[:80]}); "
                                       "did the code call os._exit or crash Python?"}
        errors = _cell_errors(results.notebook)
        status, message = "ok", ""
        if any(e.startswith("MemoryError") for e in errors):
            status, message = "memory", f"a cell ran out of memory (limit {job.get('memory_mb')} MB)"
        elif any("KeyboardInterrupt" in e or "CellTimeoutError" in e for e in errors):
            status, message = "timeout", f"a cell ran longer than {job.get('cell_timeout')} s and was stopped"
        elif errors:
            message = f"{len(errors)} cell(s) raised an error, first: {errors[0]}"
        if flags:
            message = (message + "; " if message else "") + "review: the code mentions " + ", ".join(flags)
        scores = {q: float(t.score) for q, t in results.results.items() if q in expected}
        return {**base, "status": status, "message": message, "flags": flags,
                "scores": {q: scores.get(q, 0.0) for q in expected},
                "total": float(sum(scores.values())), "feedback": feedback(results, expected)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def serve() -> None:
    """The worker loop (see the module docstring)."""
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    _install_cell_timeout(int(os.environ.get("FRAMING_GRADE_CELL_TIMEOUT", "60")))
    scratch = os.environ.get("TMPDIR") or tempfile.gettempdir()
    specs = os.environ.get("JUPYTER_PATH") or os.path.join(scratch, "share")
    server = None
    if os.environ.get("FRAMING_GRADE_FORK", "1") != "0":
        os.environ["FRAMING_FORK_LOG"] = os.path.join(scratch, "kernels.jsonl")
        server = start_fork_server(scratch)
    install_kernelspec(specs, server.path if server else None)
    import otter.api  # noqa: F401  (imported once, for every job)

    print("@@READY " + ("forked" if server else "fresh"), file=proto, flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        started = time.perf_counter()
        if server and not server.alive() and not server.start():  # it died: again, or fresh kernels from now on
            server = None
            os.environ.pop("FRAMING_FORK_LOG")
            install_kernelspec(specs, None)
        try:
            out = grade_job(job)
        except BaseException as err:  # one bad job never ends the worker
            out = {"status": "crashed", "message": f"grading failed: {type(err).__name__}: {str(err)[:200]}"}
        out["seconds"] = round(time.perf_counter() - started, 2)
        print("@@RESULT " + json.dumps(out, default=str), file=proto, flush=True)


if __name__ == "__main__":
    serve()
