"""Run one submission's notebook inside its sandbox and send out its answers as plain data.

:mod:`framing.grading.grade` starts this module inside a bubblewrap sandbox
(:mod:`framing.grading.sandbox`) as ``python -m framing.grading.runner JOB``,
where ``JOB`` is a JSON file copied into the sandbox: the notebook's path there,
the names the tests read, the limits and, when the sandbox was started by
root, the unprivileged user id to run as. It

1. drops to that user (when started as root) and sets its limits: CPU seconds,
   address space, processes, file size, open files, no core files; then reads
   the notebook (a notebook of the right assignment, or an ``unreadable`` answer);
2. runs the notebook's code cells in order in an IPython shell, as a kernel
   would (magics included); a cell past ``cell_seconds`` is interrupted and the
   next one runs; whatever the cells print is counted and thrown away;
3. writes one JSON object on its standard output (a private copy of it: the
   cells' own standard output and error are ``/dev/null``): the exported names
   in the tagged form of :mod:`framing.grading.plain`, the cells' errors and the
   bytes printed.

Everything here runs beside the student's code and may be tampered with by it:
the grader trusts none of it. It reads the JSON with a size limit, checks it
against the schema and runs the tests elsewhere; a notebook that forges its own
output only sets its own answers, which it could do by answering.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys

from framing.grading.plain import clean
from framing.grading.sandbox import STARTED

SCHEMA_VERSION = 1
#: Printed output that makes the run stop (a cell printing without end).
MAX_PRINTED = 256 * 1024 * 1024


class CellTimeout(KeyboardInterrupt):
    """Raised in a cell that runs past its time (a KeyboardInterrupt, as Jupyter's interrupt)."""


class _Sink:
    """A text stream that counts what is written to it and keeps nothing."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self):
        self.count = 0

    def write(self, text):
        self.count += len(text)
        if self.count > MAX_PRINTED:
            raise RuntimeError(f"printed more than {MAX_PRINTED // 1024 // 1024} MB")
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        raise OSError("no file descriptor")

    def writable(self):
        return True


def drop_privileges(uid: int, gid: int) -> None:
    """Become an unprivileged user (with no groups) for good: used when the grader runs as root."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit("could not drop privileges")


def set_limits(limits: dict) -> None:
    """Hard and soft limits on this process and all it starts."""
    cpu = int(limits["cpu_seconds"])
    memory = int(limits["memory_mb"]) * 1024 * 1024
    pairs = [
        (resource.RLIMIT_CPU, (cpu, cpu + 2)),
        (resource.RLIMIT_AS, (memory, memory)),
        (resource.RLIMIT_NPROC, (int(limits["processes"]),) * 2),
        (resource.RLIMIT_FSIZE, (int(limits["file_mb"]) * 1024 * 1024,) * 2),
        (resource.RLIMIT_NOFILE, (256, 256)),
        (resource.RLIMIT_CORE, (0, 0)),
    ]
    for which, value in pairs:
        resource.setrlimit(which, value)


class Unreadable(Exception):
    """The file is not a notebook this assignment can grade (the message says why)."""


def code_cells(notebook_path: str, assignment: str | None = None) -> list[str]:
    """The source of every code cell, in order; :class:`Unreadable` for anything that is not such a notebook."""
    with open(notebook_path, "rb") as f:
        data = f.read()
    if not data.strip():
        raise Unreadable("empty file")
    try:
        nb = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8 text") from None
    except ValueError as err:
        raise Unreadable(f"not JSON ({clean(err, 120)})") from None
    except (RecursionError, MemoryError):
        raise Unreadable("not a notebook (JSON nested too deep or too large to read)") from None
    if type(nb) is not dict or type(nb.get("cells")) is not list or type(nb.get("metadata")) is not dict:
        raise Unreadable("not a notebook (no list of cells and metadata)")
    if type(nb.get("nbformat")) is not int or nb["nbformat"] < 4:
        raise Unreadable(f"not a notebook of format 4 (nbformat: {clean(nb.get('nbformat'), 20)}); "
                         "open it in JupyterLab and save it again")
    otter = nb["metadata"].get("otter")
    got = otter.get("assignment_name") if type(otter) is dict else None
    if assignment and got != assignment:
        raise Unreadable(f"this is a notebook of assignment {clean(repr(got), 60)}, not {assignment!r}")
    out = []
    for number, cell in enumerate(nb["cells"], 1):
        if type(cell) is not dict:
            raise Unreadable(f"cell {number} is not a cell")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if type(source) is list and all(type(line) is str for line in source):
            source = "".join(source)
        if type(source) is not str:
            raise Unreadable(f"code cell {number} has no text source")
        out.append(source)
    return out


class _StandInNotebook:
    """``otter.Notebook`` while grading: checks do nothing (the grader runs every test, outside)."""

    def __init__(self, *args, **kwargs):
        pass

    def check(self, *args, **kwargs):
        return None

    check_all = export = to_pdf = submit = run_plugin = add_plugin_files = check


def install_otter_stand_in() -> None:
    """Make the first cell's ``grader`` a stand-in whose checks do nothing.

    Both first cells are met: otter's (``otter.Notebook``; importing otter
    takes 3 s) and the kit's (``framing.selfcheck.Checks``).
    """
    import types

    module = types.ModuleType("otter", "Stand-in for otter-grader while a notebook is graded by framing.")
    module.Notebook = _StandInNotebook
    sys.modules["otter"] = module
    selfcheck = types.ModuleType("framing.selfcheck", "Stand-in for the public checks while a notebook is graded.")
    selfcheck.Checks = _StandInNotebook
    sys.modules["framing.selfcheck"] = selfcheck


def _alarm(signum, frame):
    raise CellTimeout


def run_cells(cells: list[str], cell_seconds: int, sink: _Sink):
    """Run the cells in one IPython shell; return its namespace and the cells' errors."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    errors = []
    signal.signal(signal.SIGALRM, _alarm)
    for number, source in enumerate(cells, 1):
        error = None
        signal.setitimer(signal.ITIMER_REAL, cell_seconds)
        try:
            result = shell.run_cell(source, store_history=False)
            error = result.error_before_exec or result.error_in_exec
        except BaseException as err:  # an interrupt that landed outside the cell's own code
            error = err
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if error is not None:
            name = "CellTimeout" if isinstance(error, CellTimeout) else type(error).__name__
            errors.append({"cell": number, "ename": clean(name, 100), "evalue": clean(error)})
        if sink.count > MAX_PRINTED:
            errors.append({"cell": number, "ename": "OutputLimit", "evalue": "the notebook printed too much"})
            break
    return shell.user_ns, errors


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    out = os.fdopen(os.dup(1), "w", encoding="ascii", errors="backslashreplace")
    try:
        result = _run(argv[0])
    except Unreadable as err:
        result = {"version": SCHEMA_VERSION, "unreadable": clean(err)}
    except BaseException as err:  # the runner itself failed: say how, for the grader's message
        result = {"version": SCHEMA_VERSION, "fatal": clean(f"{type(err).__name__}: {err}")}
    try:
        from framing.grading.plain import dumps

        text = dumps(result)
    except BaseException:  # the notebook broke what writes the answers: say so, the only way left
        text = '{"version": %d, "fatal": "the notebook broke the writing of its answers"}' % SCHEMA_VERSION
    out.write(text)
    out.flush()
    os._exit(0)  # no atexit handlers or threads of the notebook's: the sandbox ends here


def _run(job_path: str) -> dict:
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    if os.getuid() == 0 and job.get("uid") is not None:
        drop_privileges(int(job["uid"]), int(job["gid"]))
    set_limits(job["limits"])
    cells = code_cells(job["notebook"], job.get("assignment"))  # under the limits: the file is the student's
    # the last line on stderr before the notebook's code: without it, the runner itself could not start
    os.write(2, STARTED.encode() + b"\n")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    sink = _Sink()
    sys.stdin = open(os.devnull, encoding="utf-8")
    sys.stdout = sys.stderr = sink
    os.chdir(os.path.dirname(job["notebook"]))
    from framing.grading.plain import encode_names

    install_otter_stand_in()
    namespace, errors = run_cells(cells, int(job["cell_seconds"]), sink)
    signal.setitimer(signal.ITIMER_REAL, 0)
    return {"version": SCHEMA_VERSION, "names": encode_names(namespace, job["names"]), "errors": errors[:200],
            "cells": len(cells), "printed": sink.count}


if __name__ == "__main__":
    main()
