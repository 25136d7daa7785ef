"""Grade a whole class: each notebook in a sandbox of its own, its tests where no student code runs.

For every submission, several at once:

1. the bundle and every submission are read once, hashed, and copied into a
   private folder; only the copies are used from then on;
2. the notebook runs in a bubblewrap sandbox (:mod:`framing.grading.sandbox`)
   that sees nothing but its own copy and the software it needs, under limits
   on CPU, memory, processes, file size, disk and wall-clock time; when it ends,
   every process it started is gone;
3. what comes out is data only: the names the tests read, as JSON with exact
   built-in types (:mod:`framing.grading.plain`), at most 8 MB;
4. the tests run on that data in a new process that has never run student code
   (:mod:`framing.grading.checks`); scores are capped at each question's points;
5. the CSV, the feedback files, the hand-grading sheets, the class report and
   the manifest are written at the end, each atomically, the manifest with the
   CSV's hash.

Every submission gets one row, whatever it does:

============== ==============================================================
status         meaning
============== ==============================================================
ok             graded (cells that raised errors are listed in ``message``)
not attempted  no question has an answer (every name the tests read is ``...``
               or undefined)
timeout        a cell ran past the cell limit (interrupted, grading went on), or
               the notebook used up its CPU or wall-clock time (no answers)
memory         a cell ran out of its memory limit
output         the notebook printed more than the output limit
crashed        the notebook's run ended without answers (``os._exit``, a crash),
               or what it sent out was not plain data
unreadable     empty, not JSON, not a notebook, too large, or a notebook of
               another assignment
error          the grader could not run this notebook (not the notebook's doing)
============== ==============================================================
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import queue
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from framing.errors import FramingError
from framing.grading import sandbox as sandboxes
from framing.grading.checks import TEST_SECONDS, TestServer, load_questions
from framing.grading.files import HAND_MARK, SCORE_MARK, file_name, frame_csv, plain_name, write_atomic
from framing.grading.manual import read_answers, read_manual
from framing.grading.report import write_report
from framing.grading.sheets import write_sheets
from framing.grading.similar import similar_answers
from framing.grading.plain import MAX_BYTES

__all__ = ["grade", "Limits", "STATUSES"]

STATUSES = ("ok", "not attempted", "timeout", "memory", "output", "crashed", "unreadable", "error")
#: Largest submission file read (bytes).
MAX_NOTEBOOK = 64 * 1024 * 1024


class Limits:
    """Resource limits for one submission.

    Parameters
    ----------
    wall : int, default 300
        Wall-clock seconds for the whole notebook; past it the sandbox is killed.
    cpu : int, default 120
        CPU seconds (the notebook is stopped past it, even in a C loop).
    memory_mb : int, default 2048
        Memory in MB: each process's address space (an allocation past it raises
        MemoryError), and all the notebook's processes together (their proportional
        resident memory, checked four times a second: past it the sandbox is stopped).
    cell : int, default 60
        Seconds one cell may run before it is interrupted.
    processes : int, default 64
        Processes and threads the notebook may have at once.
    file_mb : int, default 64
        Largest file the notebook may write, in MB.
    disk_mb : int, default 256
        Size of each of its writable folders (its home and /tmp), in MB.
    tests : int, default 30
        Seconds its tests may take, in their own process, after the notebook has run.
    """

    def __init__(self, wall: int = 300, cpu: int = 120, memory_mb: int = 2048, cell: int = 60,
                 processes: int = 64, file_mb: int = 64, disk_mb: int = 256, tests: int = TEST_SECONDS):
        for name, value in (("wall", wall), ("cpu", cpu), ("memory_mb", memory_mb), ("cell", cell),
                            ("processes", processes), ("file_mb", file_mb), ("disk_mb", disk_mb), ("tests", tests)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise FramingError(f"The {name!r} limit must be a whole number > 0. Got {value!r} instead.")
        self.wall, self.cpu, self.memory_mb, self.cell = wall, cpu, memory_mb, cell
        self.processes, self.file_mb, self.disk_mb, self.tests = processes, file_mb, disk_mb, tests

    def as_dict(self) -> dict:
        return {"wall_seconds": self.wall, "cpu_seconds": self.cpu, "memory_mb": self.memory_mb,
                "cell_seconds": self.cell, "processes": self.processes, "file_mb": self.file_mb,
                "disk_mb": self.disk_mb, "test_seconds": self.tests}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _student(path: Path, notebook_name: str) -> str:
    return plain_name(" ".join(_student_name(path, notebook_name).split())) or "_"


def _student_name(path: Path, notebook_name: str) -> str:
    """alice.ipynb -> alice; alice/01_corpus.ipynb and alice/01_corpus (1).ipynb (a second download) -> alice.

    >>> _student(Path("subs/alice/01_corpus (2).ipynb"), "01_corpus.ipynb"), _student(Path("bob\\nx.ipynb"), "01_corpus.ipynb")
    ('alice', 'bob x')
    """
    stem = notebook_name[: -len(".ipynb")]
    if re.fullmatch(re.escape(stem) + r"( ?\(\d+\))?\.ipynb", path.name) and path.parent.name:
        return path.parent.name
    return path.stem


def _versions() -> dict:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for name in ("framing", "otter-grader", "ipython", "pandas"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            out[name] = None
    return out


def _bwrap_version() -> str | None:
    path = sandboxes.find_bwrap()
    if not path:
        return None
    done = subprocess.run([path, "--version"], capture_output=True, text=True)
    return done.stdout.strip() or None


def _bundle(bundle: Path, root: Path):
    """Copy, hash and read the bundle: (sha256, assignment, questions, hand-graded questions)."""
    import zipfile

    if not bundle.is_file():
        raise FramingError(f"{bundle}: no such autograder bundle (framing release writes them).")
    data = bundle.read_bytes()
    copy = root / "bundle.zip"
    copy.write_bytes(data)
    try:
        with zipfile.ZipFile(copy) as zf:
            config = json.loads(zf.read("otter_config.json")) if "otter_config.json" in zf.namelist() else {}
        questions = load_questions(copy)
        manual = read_manual(copy)
    except FramingError:
        raise
    except Exception as err:
        raise FramingError(f"{bundle}: not an otter autograder bundle ({type(err).__name__}: {err}).") from None
    if not questions:
        raise FramingError(f"{bundle}: the bundle has no tests.")
    return _sha256(data), config.get("assignment_name"), questions, manual


def _read_submission(path: Path) -> tuple[bytes | None, str, str | None]:
    """(bytes or None, SHA-256, why it cannot be graded or None), reading a regular file only, once."""
    import stat

    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return None, "", "not a readable notebook (a link, not a file: submit the notebook itself)"
        if not stat.S_ISREG(info.st_mode):
            return None, "", "not a readable notebook (not a regular file)"
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        return None, "", f"not a readable notebook ({err.strerror})"
    digest, chunks, size = hashlib.sha256(), [], 0
    with os.fdopen(fd, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
            if size <= MAX_NOTEBOOK:
                chunks.append(block)
    if size > MAX_NOTEBOOK:
        return None, digest.hexdigest(), f"not a readable notebook (larger than {MAX_NOTEBOOK // 1024 // 1024} MB)"
    return b"".join(chunks), digest.hexdigest(), None


class _Run:
    """What one run of a notebook's runner left: its output, how it ended, its CPU time."""

    def __init__(self):
        self.raw, self.too_large, self.wall, self.setup_failed = b"", False, False, False
        self.exit, self.signal, self.cpu, self.seconds, self.diagnostic = None, None, 0.0, 0.0, ""
        self.memory = False  # stopped because its processes together held more than the memory limit
        self.started = False  # the runner said, on stderr, that the notebook's code was about to run


def _tree_memory(root: int) -> int:
    """Bytes of memory a process and all its descendants hold (their PSS: shared pages counted once, in shares)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    children: dict = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError):
            continue
    return total


def _running(pid: int) -> bool:
    """Whether a child has not ended yet (without reaping it)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
    except ChildProcessError:
        return False


def _collect(proc, status_fd: int | None, limit_bytes: int, wall: int, memory_mb: int = 0) -> _Run:
    """Read the runner's output (capped) and status until it ends, the wall clock runs out, or
    its processes together hold more than ``memory_mb`` (each one alone is held to it by RLIMIT_AS)."""
    run = _Run()
    next_look = 0.0
    started = time.monotonic()
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, "out")
    sel.register(proc.stderr, selectors.EVENT_READ, "err")
    if status_fd is not None:
        sel.register(status_fd, selectors.EVENT_READ, "status")
    chunks, err, status = [], b"", b""
    size = 0
    while sel.get_map() or _running(proc.pid):  # its pipes can close before it ends (unsandboxed)
        now = time.monotonic()
        left = wall - (now - started)
        if left <= 0:
            run.wall = True
            break
        if memory_mb and now >= next_look and os.path.isdir("/proc"):
            next_look = now + 0.25
            if _tree_memory(proc.pid) > memory_mb * 1024 * 1024:
                run.memory = True
                break
        if not sel.get_map():
            time.sleep(min(left, 0.25))
            continue
        for key, _ in sel.select(timeout=min(left, 0.25)):
            fd = key.fileobj if isinstance(key.fileobj, int) else key.fileobj.fileno()
            data = os.read(fd, 1 << 16)
            if not data:
                sel.unregister(key.fileobj)
                continue
            if key.data == "out":
                size += len(data)
                if size > limit_bytes:
                    run.too_large = True
                    break
                chunks.append(data)
            elif key.data == "err":
                err = (err + data)[-4000:]
            else:
                status = (status + data)[-4000:]
        if run.too_large:
            break
    if run.wall or run.too_large or run.memory:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # bwrap leads its own group; its sandbox dies with it
        except (ProcessLookupError, PermissionError):
            proc.kill()
    _, wait_status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(wait_status)
    run.cpu = usage.ru_utime + usage.ru_stime
    run.seconds = time.monotonic() - started
    run.raw = b"".join(chunks)
    text = err.decode("utf-8", "replace")
    run.started = sandboxes.STARTED in text  # the runner reached the notebook's code
    run.diagnostic = text.replace(sandboxes.STARTED, "").strip()[-300:]
    code = proc.returncode
    if status_fd is not None:
        os.close(status_fd)
        records = [json.loads(line) for line in status.decode("utf-8", "replace").splitlines()
                   if line.strip().startswith("{")] if status else []
        merged = {k: v for r in records if isinstance(r, dict) for k, v in r.items()}
        run.setup_failed = "child-pid" not in merged and not (run.wall or run.memory or run.too_large)
        code = merged.get("exit-code", code)
    if isinstance(code, int) and code < 0:
        run.signal = -code
    elif isinstance(code, int) and code > 128:
        run.signal = code - 128
    run.exit = code
    for stream in (proc.stdout, proc.stderr):
        stream.close()
    return run


def _job(notebook_path: str, names: list[str], limits: Limits, uid: int | None, assignment: str | None) -> bytes:
    return json.dumps({"notebook": notebook_path, "names": names, "cell_seconds": limits.cell, "uid": uid,
                       "assignment": assignment,
                       "gid": uid, "limits": {"cpu_seconds": limits.cpu, "memory_mb": limits.memory_mb,
                                              "processes": limits.processes, "file_mb": limits.file_mb}}).encode()


def run_sandboxed(box: sandboxes.Sandbox, notebook: bytes, notebook_name: str, names: list[str],
                  limits: Limits, assignment: str | None = None) -> _Run:
    """Run one notebook's runner in a bubblewrap sandbox."""
    with tempfile.TemporaryFile() as nb_file, tempfile.TemporaryFile() as job_file:
        nb_file.write(notebook)
        nb_file.seek(0)
        job_file.write(_job(f"{sandboxes.HOME}/{notebook_name}", names, limits, box.uid, assignment))
        job_file.seek(0)
        program = tempfile.TemporaryFile()
        program.write(sandboxes.seccomp_program())
        program.seek(0)
        status_r, status_w = os.pipe()
        fds = (nb_file.fileno(), job_file.fileno(), status_w, program.fileno())
        try:
            proc = subprocess.Popen(box.argv(notebook_name, *fds), pass_fds=fds, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        finally:
            os.close(status_w)
            program.close()
        return _collect(proc, status_r, MAX_BYTES + 256 * 1024, limits.wall, limits.memory_mb)


def run_unsandboxed(notebook: bytes, notebook_name: str, names: list[str], limits: Limits, scratch: Path,
                    assignment: str | None = None) -> _Run:
    """Run one notebook's runner as a plain process (no isolation: see ``sandbox=False``)."""
    home = Path(tempfile.mkdtemp(prefix="nb-", dir=scratch))
    try:
        (home / notebook_name).write_bytes(notebook)
        (home / ".framing-job.json").write_bytes(_job(str(home / notebook_name), names, limits, None, assignment))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON", "IPYTHON"))}
        env.update(sandboxes.runner_env(str(home), str(home)))
        proc = subprocess.Popen([*sandboxes.RUNNER, str(home / ".framing-job.json")],
                                cwd=home, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        run = _collect(proc, None, MAX_BYTES + 256 * 1024, limits.wall, limits.memory_mb)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return run
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _compile_kit() -> None:
    """Write the kit's bytecode once, where it can be written: each sandbox would compile it again."""
    import compileall

    package = Path(__file__).resolve().parents[1]
    if os.access(package, os.W_OK):
        compileall.compile_dir(str(package), quiet=2, workers=1)


def _score(servers: list, slot: int, raw: bytes) -> dict:
    """Score with the slot's test server; one that died (killed by the machine) is started again, once."""
    try:
        return servers[slot].score(raw)
    except FramingError:
        servers[slot].close()
        servers[slot] = TestServer(servers[slot].bundle, servers[slot].seconds)
        return servers[slot].score(raw)


def _signal_name(number: int | None) -> str:
    try:
        return signal.Signals(number).name
    except (ValueError, TypeError):
        return f"signal {number}"


def _verdict(run: _Run, scored: dict, limits: Limits) -> tuple[str, str]:
    """(status, message) of one submission, from how its run ended and what the tests found."""
    if run.wall:
        return "timeout", f"stopped after {limits.wall} s of wall-clock time (the limit); no answers were read"
    if run.memory:
        return "memory", (f"the notebook's processes together held more than {limits.memory_mb} MB (the limit) "
                          "and were stopped; no answers were read")
    if run.too_large:
        return "crashed", f"the notebook sent out more than {MAX_BYTES // 1024 // 1024} MB of answers; none were read"
    if "questions" not in scored:
        if run.signal == signal.SIGXCPU or (run.signal == signal.SIGKILL and run.cpu >= limits.cpu - 1):
            return "timeout", f"stopped after {limits.cpu} s of CPU time (the limit); no answers were read"
        if not run.raw and not run.started:  # it ended before any of the notebook's code ran
            return "error", ("the notebook's run could not start (not the notebook's doing): "
                             f"{run.diagnostic[-200:] or f'exit code {run.exit}'}")
        if not run.raw:
            how = f"killed by {_signal_name(run.signal)}" if run.signal else f"exit code {run.exit}"
            return "crashed", (f"the notebook's run ended without answers ({how}): did the code call os._exit, "
                               "kill its own process or crash Python?")
        if "unreadable" in scored:
            why = scored["unreadable"]
            return "unreadable", why if why.startswith("this is a notebook") else f"not a readable notebook ({why})"
        if "fatal" in scored:
            return "crashed", f"the notebook's run failed before answers were read ({scored['fatal']})"
        return "crashed", f"what the notebook's run sent out is not plain data ({scored.get('invalid')}); no answers read"
    errors = scored["errors"]
    first = next(iter(errors), None)
    kinds = {e["ename"] for e in errors}
    cells = ", ".join(str(e["cell"]) for e in errors[:10])
    if "OutputLimit" in kinds:
        status, message = "output", "the notebook printed too much and was stopped there"
    elif "MemoryError" in kinds:
        status, message = "memory", f"a cell ran out of memory (limit {limits.memory_mb} MB)"
    elif "CellTimeout" in kinds:
        status, message = "timeout", f"a cell ran longer than {limits.cell} s and was interrupted"
    elif not any(q["attempted"] for q in scored["questions"].values()):
        return "not attempted", "no question has an answer yet"
    else:
        status, message = "ok", ""
    if first is not None:
        message = (message + "; " if message else "") + (
            f"{len(errors)} cell(s) raised an error (code cell {cells}), first: {first['ename']}: {first['evalue'][:120]}")
    return status, message


def _scrub(text: str, paths: list[str]) -> str:
    for p in sorted({p for p in paths if p and len(p) > 1}, key=len, reverse=True):
        text = text.replace(p, "…")
    return re.sub(r'File "/[^"]*"', 'File "…"', text)


def _feedback_text(student: str, assignment: str, row: dict, scored: dict, paths: list[str],
                   manual: list | None = None) -> str:
    score = f"Score: {row['total']:g} / {row['possible']:g} (status: {row['status']})"
    if manual:
        hand = sum(q["points"] for q in manual)
        score = (f"Score: {row['total']:g} / {row['possible']:g} on the auto-graded questions (status: "
                 f"{row['status']}); {hand:g} more points are graded by hand")
    lines = [f"# Feedback: {assignment}, {student}", "", SCORE_MARK, score, SCORE_MARK]
    if row["message"]:
        lines += ["", " ".join(_scrub(row["message"], paths).split())]
    for q, info in (scored.get("questions") or {}).items():
        lines += ["", f"## {q}: {info['score']:g} / {info['possible']:g}"]
        if not info["attempted"]:
            lines.append("- not attempted")
            continue
        for case in info["cases"]:
            kind = "hidden test" if case["hidden"] else "test"
            mark = "passed" if case["passed"] else "FAILED"
            lines.append(f"- {kind} {case['name']} ({case['points']:g} pt): {mark}"
                         + (f" - {case['note']}" if case.get("note") else ""))
            if case.get("output") and not case["hidden"] and not case["passed"]:
                text = _scrub(case["output"].strip(), paths).replace("```", "'" * 3)
                lines += ["", "```", text, "```", ""]
    for q in manual or []:
        mark = HAND_MARK.format(q["name"])
        lines += ["", mark, f"## {q['name']} (graded by hand): not graded yet", mark]
    return "\n".join(lines) + "\n"




def _unique(students: list[str]) -> list[tuple[str, str]]:
    """(name, note) per submission; a second file for one student is graded too, as "alice (2)".

    >>> _unique(["alice", "bob", "alice", "alice (2)"])  # doctest: +NORMALIZE_WHITESPACE
    [('alice', ''), ('bob', ''), ('alice (3)', 'another submission for alice: decide which counts'),
     ('alice (2)', '')]
    """
    taken, seen, out = set(students), set(), []
    for name in students:
        if name not in seen:
            seen.add(name)
            out.append((name, ""))
            continue
        n = 2
        while f"{name} ({n})" in taken:
            n += 1
        taken.add(f"{name} ({n})")
        out.append((f"{name} ({n})", f"another submission for {name}: decide which counts"))
    return out




def _find(submissions) -> list[Path]:
    files = []
    for item in map(Path, submissions):
        if item.is_dir():
            files += sorted(p for p in item.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
                            and not p.name.startswith("._"))
        elif item.exists():
            files.append(item)
        else:
            raise FramingError(f"{item}: no such submission file or folder.")
    if not files:
        raise FramingError("no submissions to grade (no .ipynb files found).")
    return files


def _duration(seconds: float) -> str:
    """
    >>> _duration(42.4), _duration(125), _duration(3725)
    ('42 s', '2 min 5 s', '1 h 2 min')
    """
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


class Progress:
    """What grading is doing, on one line of stderr: count, elapsed and estimated time, the submission graded.

    On a terminal the line is redrawn in place; elsewhere (a log, a notebook) a
    line is printed at most every 10 seconds, and at the end.
    """

    def __init__(self, assignment: str, total: int, stream=None, clock=time.monotonic):
        self.assignment, self.total, self.done, self.clock = assignment, total, 0, clock
        self.stream = stream if stream is not None else sys.stderr
        self.started = self.printed = clock()
        self.current = ""
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())

    def line(self) -> str:
        elapsed = self.clock() - self.started
        text = f"grading {self.assignment}: {self.done}/{self.total} graded, {_duration(elapsed)}"
        if 0 < self.done < self.total:
            text += f", about {_duration(elapsed / self.done * (self.total - self.done))} left"
        if self.current and self.done < self.total:
            text += f"; now: {self.current[:40]}"
        return text

    def start(self, student: str) -> None:
        self.current = student
        self._show()

    def finish(self) -> None:
        self.done += 1
        self._show(force=self.done == self.total)

    def _show(self, force: bool = False) -> None:
        now = self.clock()
        if self.live:
            print("\r" + self.line().ljust(100)[:160], end="\n" if self.done == self.total else "",
                  file=self.stream, flush=True)
        elif force or now - self.printed >= 10:
            self.printed = now
            print(self.line(), file=self.stream, flush=True)


def _run_id(bundle_sha: str, staged: list, graded_at: str) -> str:
    """A grading run's id: what was graded, and when (sheets carry it, so merge refuses another run's)."""
    text = bundle_sha + "".join(sorted(digest for _, digest, _ in staged)) + graded_at
    # "r" first: a spreadsheet would read an id of digits, or digits with one e ("12e45"), as a number
    return "r" + hashlib.sha256(text.encode()).hexdigest()[:12]


def _results(assignment: str, run: str, questions: dict, manual: list, rows: list, paths: list,
             answers: dict) -> dict:
    """Every case of every student, for the class report (``<stem>.results.json``)."""
    def message(case):
        if case["passed"]:
            return ""
        if not case["hidden"] and case.get("output"):
            lines = [line.strip() for line in _scrub(case["output"], paths).strip().splitlines() if line.strip()]
            return lines[-1][:300] if lines else case.get("note", "")
        return case.get("note", "")[:300]

    students = {}
    for row, result, _ in rows:
        graded = (result["scored"].get("questions") or {}) if row["status"] not in ("unreadable", "error") else {}
        students[row["student"]] = {"status": row["status"], "questions": {
            q: {"score": row[q], "attempted": bool(info.get("attempted")),
                "cases": [{"name": c["name"], "hidden": c["hidden"], "points": c["points"], "passed": c["passed"],
                           "message": message(c)} for c in info.get("cases", [])]}
            for q, info in graded.items() if q in questions}}
        for q in manual:  # graded by hand: attempted when the answer is not blank; the score comes from merge
            answer = answers.get(row["student"], {}).get(q["name"], {})
            students[row["student"]]["questions"][q["name"]] = {
                "score": None, "attempted": bool(answer.get("found")) and not answer.get("blank", True), "cases": []}
    return {"version": 1, "assignment": assignment, "run": run,
            "questions": {**{q: {"possible": questions[q].possible, "manual": False,
                                 "cases": [{"name": c["name"], "hidden": c["hidden"], "points": c["points"]}
                                           for c in questions[q].cases]} for q in questions},
                          **{q["name"]: {"possible": q["points"], "manual": True, "cases": []} for q in manual}},
            "students": students}


def grade(submissions, bundle, out, *, workers: int | None = None, limits: Limits | None = None,
          feedback_dir=None, progress: bool = True, sandbox: bool = True, sheets_dir=None,
          seed: int | None = None, names: bool = False):
    """Grade every submission against an autograder bundle; write the grades CSV.

    Parameters
    ----------
    submissions : list of paths
        Notebooks (``.ipynb``) or folders holding them (searched recursively).
    bundle : path
        The assignment's autograder zip, from ``framing release``.
    out : path
        The CSV to write: student, file, one column per question (q1, q2 ... q10),
        total, possible, status, message. Sorted by student: re-running gives the
        same file.
    workers : int, optional
        Submissions graded at once (default: one per core).
    limits : Limits, optional
        Wall-clock, CPU, cell, memory, process, file and disk limits per submission.
    feedback_dir : path, optional
        Where to write one Markdown feedback file per student (default: a
        ``<out>-feedback/`` folder beside ``out``). Hidden tests appear by name
        and message only.
    sandbox : bool, default True
        Run each notebook in a bubblewrap sandbox; where none can start, grading
        stops with a message saying why. ``False`` runs notebooks as plain
        processes of yours: their tests still run apart, on plain data, but a
        notebook can then read and change your files (the hidden tests included),
        see and signal your processes, use the network and leave processes behind.
    sheets_dir : path, optional
        Where to write the hand-grading sheets of the ``manual`` questions
        (default: a ``<out>-sheets/`` folder beside ``out``;
        :mod:`framing.grading.sheets`). Nothing is written when the assignment
        has no such question.
    seed : int, optional
        Seed of the sheets' order and student codes (default: from the run's id;
        the manifest records it).
    names : bool, default False
        Show students' names on the sheets instead of codes only.

    Returns
    -------
    pandas.DataFrame
        The rows written to ``out``. ``<out stem>.manifest.json`` beside it records
        the SHA-256 of the bundle and of every submission as read before grading,
        of the CSV written, the package versions, the sandbox and the limits.
        ``<out stem>.results.json`` holds every test case's result for each
        student; ``<out stem>-report.html`` is the class report made from it
        (:func:`framing.grading.report.write_report`: per question and test case,
        who passed, the common failure messages, who did not attempt it);
        ``<out stem>-similar.csv`` lists pairs of students whose hand-graded
        answers are alike, or whose notebooks are the same file
        (:func:`framing.grading.similar.similar_answers`), to read, never a penalty.

    Examples
    --------
    >>> grade(["submissions/"], "instructor/dist/01_corpus-autograder.zip", "grades.csv")  # doctest: +SKIP
    """
    import pandas as pd

    bundle, out = Path(bundle), Path(out)
    limits = limits or Limits()
    if sandbox:
        sandboxes.check()
    files = _find(submissions)
    _compile_kit()
    root = Path(tempfile.mkdtemp(prefix="framing-grading-"))
    try:
        bundle_sha, assignment, questions, manual = _bundle(bundle, root)
        notebook_name = f"{assignment}.ipynb"
        students = _unique([_student(p, notebook_name) for p in files])
        # read every submission once, before any runs: the hashes are of what was graded
        staged = [_read_submission(p) for p in files]
        read_names = list(dict.fromkeys(n for q in questions.values() for n in q.names))
        workers = max(1, min(workers or os.cpu_count() or 1, len(files)))
        servers = [TestServer(root / "bundle.zip", limits.tests) for _ in range(workers)]
        slots: queue.Queue = queue.Queue()
        for i in range(workers):
            slots.put(i)
        shown = Progress(assignment, len(files)) if progress else None

        job_numbers = iter(range(1, 10**9))

        def one(index: int):
            data, _, unreadable = staged[index]
            if unreadable:
                if shown:
                    shown.finish()
                return {"status": "unreadable", "message": unreadable, "scored": {}, "seconds": 0.0}
            slot = slots.get()
            if shown:
                shown.start(students[index][0])
            try:
                for attempt in (1, 2):
                    if sandbox:
                        box = sandboxes.Sandbox(slot, limits.disk_mb, job=next(job_numbers))
                        run = run_sandboxed(box, data, notebook_name, read_names, limits, assignment)
                    else:
                        run = run_unsandboxed(data, notebook_name, read_names, limits, root, assignment)
                    if not run.setup_failed:
                        break
                if run.setup_failed:
                    return {"status": "error", "message": "the sandbox could not be set up for this notebook "
                            f"(not the notebook's doing): {run.diagnostic}", "scored": {}, "seconds": run.seconds}
                ended = run.too_large or run.wall or run.memory
                scored = _score(servers, slot, run.raw) if run.raw and not ended else {}
                status, message = _verdict(run, scored, limits)
                return {"status": status, "message": message, "scored": scored, "seconds": round(run.seconds, 2)}
            except Exception as err:  # the grader's own failure on this notebook: its row says so, the others go on
                return {"status": "error", "message": f"the grader failed on this notebook (not the notebook's "
                        f"doing, please report it): {type(err).__name__}: {err}"[:300], "scored": {}, "seconds": 0.0}
            finally:
                slots.put(slot)
                if shown:
                    shown.finish()

        try:
            with ThreadPoolExecutor(workers) as ex:
                results = list(ex.map(one, range(len(files))))
        finally:
            for server in servers:
                server.close()

        possible = sum(q.possible for q in questions.values())
        scrub_paths = [str(root), sys.prefix, sys.base_prefix, str(Path.home()),
                       str(Path(__file__).resolve().parents[2])]
        rows = []
        for (student, note), path, result, (_, digest, _) in zip(students, files, results, staged):
            scored = result["scored"].get("questions") if result["status"] not in ("unreadable", "error") else None
            scores = {q: float(min(max((scored or {}).get(q, {}).get("score", 0.0), 0.0), questions[q].possible))
                      for q in questions}
            message = _scrub("; ".join(m for m in (note, result["message"]) if m), scrub_paths)
            row = {"student": student, "file": str(path), **scores, "total": float(sum(scores.values())),
                   "possible": float(possible), "status": result["status"], "message": message}
            rows.append((row, result, digest))
        rows.sort(key=lambda r: r[0]["student"])
        data_of = {str(path): data for path, (data, _, _) in zip(files, staged)}
        answers = {row["student"]: read_answers(data_of[row["file"]], manual) for row, _, _ in rows} if manual else {}
        for row, _, _ in rows:  # an answer graded by hand is an attempt too
            written = [q for q, a in answers.get(row["student"], {}).items() if not a["blank"]]
            if row["status"] == "not attempted" and written:
                row["status"] = "ok"
                row["message"] = f"only the questions graded by hand are answered ({', '.join(written)})"
        graded_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        run_id = _run_id(bundle_sha, staged, graded_at)
        table = pd.DataFrame([r for r, _, _ in rows],
                             columns=["student", "file", *questions, "total", "possible", "status", "message"])

        fb_dir = Path(feedback_dir) if feedback_dir else out.parent / f"{out.stem}-feedback"
        feedback_hashes = {}
        for row, result, _ in rows:
            text = _feedback_text(row["student"], assignment, row, result["scored"], scrub_paths, manual).encode(
                "utf-8", "backslashreplace")
            write_atomic(fb_dir / f"{file_name(row['student'])}.md", text)
            feedback_hashes[row["student"]] = _sha256(text)
        csv_bytes = frame_csv(table)
        write_atomic(out, csv_bytes)
        results = _results(assignment, run_id, questions, manual, rows, scrub_paths, answers)
        write_atomic(out.with_suffix(".results.json"),
                      json.dumps(results, indent=1, ensure_ascii=False).encode("utf-8", "backslashreplace"))
        # pairs to read side by side (never a penalty), and what the class got wrong
        pairs = similar_answers(answers, notebooks={row["student"]: digest for row, _, digest in rows})
        similar_path = out.parent / f"{out.stem}-similar.csv"
        write_atomic(similar_path, frame_csv(pairs))
        report_path = write_report(results, out.parent / f"{out.stem}-report.html", similar=pairs)
        sheets = None
        if manual:
            seed = seed if seed is not None else int(run_id[1:9], 16) % 1_000_000
            sheets = Path(sheets_dir) if sheets_dir else out.parent / f"{out.stem}-sheets"
            by_row = {row["student"]: row for row, _, _ in rows}
            write_sheets(sheets, assignment=assignment, run=run_id, questions=manual, answers=answers,
                         why={s: f"status: {r['status']}" for s, r in by_row.items()}, seed=seed, names=names,
                         write=write_atomic)
        manifest = {
            "assignment": assignment, "run": run_id, "bundle": str(bundle), "bundle_sha256": bundle_sha,
            "csv": str(out), "csv_sha256": _sha256(csv_bytes),
            "submissions": {row["student"]: {"file": row["file"], "sha256": digest, "status": row["status"],
                                             "seconds": result.get("seconds"),
                                             "feedback_sha256": feedback_hashes[row["student"]]}
                            for row, result, digest in rows},
            "versions": _versions(), "limits": limits.as_dict(), "workers": workers,
            "sandbox": _bwrap_version() if sandbox else "none (sandbox=False: notebooks ran unisolated)",
            "graded_at": graded_at,
            "manual": {q["name"]: q["points"] for q in manual},
            "sheets": {"folder": str(sheets), "seed": seed, "names": names} if sheets else None,
            "feedback": str(fb_dir),
            "report": str(report_path), "similar": {"file": str(similar_path), "pairs": len(pairs)},
        }
        write_atomic(out.with_suffix(".manifest.json"),
                      json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8", "backslashreplace"))
        return table
    finally:
        shutil.rmtree(root, ignore_errors=True)
