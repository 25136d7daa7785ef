"""The tests of an assignment, run where no student code has ever run, on plain data.

An autograder bundle (from ``framing release``) holds one otter test file per
question (``tests/q1.py``: public and hidden test cases, each a doctest with
its points). Here:

* :func:`load_questions` reads them (otter's own parser) and finds, in each
  case's code, the names it reads from the notebook (:func:`needed_names`);
* :class:`TestServer` runs every case, in a fresh process forked from one
  that has never run a submission's code, on the names that came out of the
  sandbox (:mod:`framing.grading.plain`), and gives each question its score:
  the points of the cases passed, never below 0 nor above the points possible.

>>> needed_names('''>>> from framing import normalize
... >>> assert type(q5_follows) is str and normalize(q5_follows.strip()) in ("المدعومة",)
... ''')
['q5_follows']
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from framing.doctests import called_names, natural_key, needed_names, run_case
from framing.errors import FramingError
from framing.grading.plain import PlainDataError, clean, decode_names

__all__ = ["Question", "TestServer", "load_questions", "needed_names", "called_names", "natural_key", "score_answers"]

#: Seconds the tests of one submission may take.
TEST_SECONDS = 30


class Question:
    """One test file: its name, cases (dicts) and points possible."""

    def __init__(self, name: str, cases: list[dict]):
        self.name, self.cases = name, cases
        self.possible = float(sum(c["points"] for c in cases))
        self.names = list(dict.fromkeys(n for c in cases for n in c["names"]))

    def __repr__(self):
        return f"Question({self.name!r}, {len(self.cases)} cases, {self.possible:g} points)"


def load_questions(bundle) -> dict[str, Question]:
    """The questions of an autograder bundle (a zip), in natural order (q1, q2 ... q10)."""
    from otter.test_files import OKTestFile

    bundle = Path(bundle)
    questions = {}
    with zipfile.ZipFile(bundle) as zf:
        for member in zf.namelist():
            if not (member.startswith("tests/") and member.endswith(".py")):
                continue
            source = zf.read(member).decode("utf-8")
            scope: dict = {}
            exec(compile(source, f"{bundle.name}/{member}", "exec"), scope)  # the instructor's own test file
            test = OKTestFile.from_spec(scope["test"], path=member)
            cases = []
            for case in test.test_cases:
                points = float(case.points or 0)
                if points < 0:
                    raise FramingError(f"{bundle}: {member}, case {case.name!r}: negative points ({points:g}).")
                cases.append({"name": case.name, "hidden": bool(case.hidden), "points": points,
                              "body": case.body, "names": needed_names(case.body),
                              "success": case.success_message, "failure": case.failure_message})
            questions[test.name] = Question(test.name, cases)
    return dict(sorted(questions.items(), key=lambda kv: natural_key(kv[0])))


def score_answers(raw: bytes, questions: dict) -> dict:
    """Check a runner's JSON, decode the names, run every case (in a process that runs no student code)."""

    try:
        data = json.loads(raw.decode("utf-8"))
        if type(data) is not dict or data.get("version") != 1:
            raise PlainDataError("not a result object of version 1")
        for key in ("fatal", "unreadable"):
            if key in data:
                return {key: clean(data[key])}
        names, errors, printed = data.get("names"), data.get("errors"), data.get("printed", 0)
        if type(errors) is not list or type(printed) is not int or type(names) is not dict:
            raise PlainDataError("names, errors and printed have the wrong types")
        clean_errors = []
        for e in errors[:200]:
            if type(e) is not dict or type(e.get("cell")) is not int or type(e.get("ename")) is not str \
                    or type(e.get("evalue", "")) is not str:
                raise PlainDataError("an error entry is not {cell, ename, evalue}")
            clean_errors.append({"cell": e["cell"], "ename": clean(e["ename"], 100), "evalue": clean(e.get("evalue", ""))})
        out = {}
        for qname, q in questions.items():
            env = decode_names(names, q.names)  # a fresh copy per question: one test cannot change another's data
            attempted = any(n in env and env[n] is not Ellipsis for n in q.names) or not q.names
            cases, score = [], 0.0
            for case in q.cases:
                passed, reason = run_case(case["body"], env, f"{qname} {case['name']}")
                score += case["points"] if passed else 0.0
                cases.append({"name": case["name"], "hidden": case["hidden"], "points": case["points"],
                              "passed": passed, "note": (case["success"] if passed else case["failure"]) or "",
                              "output": "" if case["hidden"] or passed else reason[:600]})
            out[qname] = {"score": min(max(score, 0.0), q.possible), "possible": q.possible,
                          "attempted": attempted, "cases": cases}
        return {"questions": out, "errors": clean_errors, "printed": printed}
    except (PlainDataError, ValueError, RecursionError, MemoryError) as err:
        return {"invalid": f"{type(err).__name__}: {err}"[:300]}


def _score_in_child(raw: bytes, questions: dict, seconds: int) -> dict:
    """Fork; score in the child; the parent waits at most ``seconds`` and kills it past that."""
    import select

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: score, send the result, and end
        os.close(read_fd)
        try:
            result = score_answers(raw, questions)
        except BaseException as err:  # a test that crashed on odd data: the submission's result, said plainly
            result = {"invalid": f"the tests could not run on these answers ({type(err).__name__}: {err})"[:300]}
        data = json.dumps(result, ensure_ascii=True, default=str).encode("ascii")
        with os.fdopen(write_fd, "wb") as f:
            f.write(data)
        os._exit(0)
    os.close(write_fd)
    chunks, deadline = [], time.monotonic() + seconds
    with os.fdopen(read_fd, "rb", buffering=0) as f:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([f], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return {"invalid": f"the tests took longer than {seconds} s on these answers"}
            data = f.read(1 << 16)
            if not data:
                break
            chunks.append(data)
    os.waitpid(pid, 0)
    try:
        return json.loads(b"".join(chunks).decode("utf-8"))
    except ValueError:
        return {"invalid": "the tests stopped on these answers"}


def _read_exact(stream, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = stream.read(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def serve(bundle: str, seconds: int = TEST_SECONDS) -> None:
    """The test server: read requests on stdin, answer on stdout (8-byte length, then the bytes)."""
    # jsonschema (through otter and nbformat) builds an IRI grammar when rfc3987-syntax is there:
    # seconds of start-up for a format check no test uses
    sys.modules.setdefault("rfc3987_syntax", None)
    import pandas  # noqa: F401

    import framing  # noqa: F401  (what the tests import: once, before any fork)

    if sys.flags.optimize:
        raise SystemExit("the tests are assert statements: run without -O")
    questions = load_questions(bundle)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            raw = _read_exact(stdin, int.from_bytes(_read_exact(stdin, 8), "big"))
        except EOFError:
            return
        answer = json.dumps(_score_in_child(raw, questions, seconds), ensure_ascii=True).encode("ascii")
        stdout.write(len(answer).to_bytes(8, "big") + answer)
        stdout.flush()


class TestServer:
    """A process that has never run student code and scores submissions, each in a fork of its own.

    It imports the kit and reads the bundle's tests once; for each submission it
    forks a child that decodes the plain data, runs every case and ends, so
    nothing one submission's data does reaches another's tests.
    """

    def __init__(self, bundle, seconds: int = TEST_SECONDS):
        self.bundle, self.seconds = bundle, seconds
        # -I: none of the grader's PYTHON* variables (PYTHONOPTIMIZE would strip every assert) and no user site
        self.proc = subprocess.Popen([sys.executable, "-I", "-m", "framing.grading.checks", str(bundle), str(seconds)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     cwd="/" if os.name == "posix" else None)

    def score(self, raw: bytes) -> dict:
        """Score one submission: ``raw`` is what its sandbox wrote.

        Returns ``{"questions": {q: {score, possible, attempted, cases}}, "errors":
        [...], "printed": n}``, or ``{"invalid": reason}`` when what came out is not
        plain data in the runner's schema, or ``{"fatal": reason}`` when the runner
        said it failed.
        """
        try:
            self.proc.stdin.write(len(raw).to_bytes(8, "big") + raw)
            self.proc.stdin.flush()
            size = int.from_bytes(_read_exact(self.proc.stdout, 8), "big")
            return json.loads(_read_exact(self.proc.stdout, size).decode("utf-8"))
        except (EOFError, OSError, ValueError) as err:
            raise FramingError(f"the grader's test process stopped ({type(err).__name__}); grading cannot go on") from None

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else TEST_SECONDS)
