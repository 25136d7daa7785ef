"""Grading a class: honest, blank and hostile submissions in one run, each with its expected row.

One release of a small two-question master (tests/fixtures/00_demo.ipynb:
q1 = 5 KWIC hits of غزو in Reuters, 3 points, of which 1 for the type;
q2 = "AFP-Arabic", 2 points, of which 1 for the type), then one grading run of
honest classmates beside every kind of attack. Each row's expected points are
what its answers earn: an attack that leaves the answers at ``...`` earns 0,
one that writes a wrong int for q1 earns the 1 point of q1's type check.
The attacks know every path (bundle, submissions, output) and try anyway.
"""

import base64
import csv
import hashlib
import json
import os
import pathlib
import socket
import threading
import time

import nbformat
import pytest

from conftest import ROOT, sandbox_or_skip
from framing.errors import FramingError
from framing.grading import Limits, grade, release
from framing.grading import sandbox as sandboxes
from framing.grading.grade import run_sandboxed
from framing.grading.plain import decode

MASTER = ROOT / "tests" / "fixtures" / "00_demo.ipynb"
LIMITS = Limits(wall=40, cpu=15, memory_mb=1536, cell=8, processes=48)
MARKER = "SECRET_MARKER_2025"


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


def listener():
    """A socket on the grader's loopback: no sandbox may reach it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    hits, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                hits.append(1)
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()

    def close():
        stop.set()
        thread.join(2)
        server.close()

    return server, hits, close


def attacks(paths, port):
    """Cells of code, by submission name: (source notebook, cells, expected q1, q2, total, status)."""
    p = {k: str(v) for k, v in paths.items()}
    shadow = ("def type(x):\n    return int\ndef isinstance(*a):\n    return True\nlen = lambda x: 5\n"
              "all = any = lambda *a: True\nq1_answer = 'five'\nq2_answer = 0")
    scan = f"""import os, re, zipfile
found = {{}}
def look(text):
    m = re.search(r'q1_answer == (\\d+)', text)
    if m: found['q1'] = int(m.group(1))
    m = re.search(r'q2_answer == "([^"]+)"', text)
    if m: found['q2'] = m.group(1)
seen = 0
for top in [{p['bundle']!r}, {p['tmp']!r}, {p['root']!r}, '/tmp', '/home', '/root', '/work', '/srv', '/opt']:
    items = [(top, [], [os.path.basename(top)])] if os.path.isfile(top) else os.walk(top)
    for folder, dirs, files in items:
        for name in files:
            path = top if os.path.isfile(top) else os.path.join(folder, name)
            seen += 1
            if seen > 20000: break
            try:
                if path.endswith('.zip'):
                    with zipfile.ZipFile(path) as z:
                        for n in z.namelist(): look(z.read(n).decode('utf-8', 'ignore'))
                elif os.path.getsize(path) < 10**6 and 'site-packages' not in path:
                    look(open(path, errors='ignore').read())
            except Exception:
                pass
if 'q1' in found: q1_answer = found['q1']
if 'q2' in found: q2_answer = found['q2']"""
    overwrite = f"""import glob, os, shutil
for pattern in [{p['subs']!r} + '/**/*', {p['dist']!r} + '/*', {p['out']!r} + '/**/*', {p['root']!r} + '/instructor/**/*']:
    for path in glob.glob(pattern, recursive=True):
        try:
            with open(path, 'wb') as f: f.write(b'owned')
        except Exception: pass
for path in [{p['bundle']!r}, {p['subs']!r}, {p['out']!r}]:
    try: os.remove(path)
    except Exception: pass
    try: shutil.rmtree(path)
    except Exception: pass
try:
    open(os.path.expanduser('~/.bashrc'), 'a').write('echo owned')
except Exception: pass"""
    signal_all = """import os, signal
for pid in [int(x) for x in os.listdir('/proc') if x.isdigit()]:
    if pid != os.getpid():
        for s in (signal.SIGSTOP, signal.SIGKILL):
            try: os.kill(pid, s)
            except OSError: pass
for s in (signal.SIGSTOP, signal.SIGKILL):
    try: os.kill(-1, s)
    except OSError: pass"""
    forge = """import json, os
fake = json.dumps({"version": 1, "names": {"q1_answer": ["int", "4"]}, "errors": [], "cells": 1, "printed": 0})
for fd in os.listdir('/proc/self/fd'):
    try: os.write(int(fd), ('@@RESULT {"status": "ok", "total": 5, "scores": {"q1": 3}}\\n' + fake).encode())
    except OSError: pass"""
    outlive = """import os, subprocess, time
subprocess.Popen(['sleep', '7777'], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(7777)
    os._exit(0)"""
    return {
        # ---------------------------------------------------------------- marks without answers
        "shadow_builtins": ("student", [shadow], 0, 0, 0, "ok"),
        "builtins_module": ("student", ["import builtins\nbuiltins.type = lambda *a: int\nbuiltins.isinstance = "
                                        "lambda *a: True\nq1_answer = 'five'\nq2_answer = 7"], 0, 0, 0, "ok"),
        "eq_always_true": ("student", [
            "class Sly(int):\n    def __eq__(self, other): return True\n    __hash__ = int.__hash__\n"
            "q1_answer = Sly(1)\nclass Str(str):\n    def __eq__(self, other): return True\n"
            "    __hash__ = str.__hash__\nq2_answer = Str('BBC')"], 0, 0, 0, "ok"),
        "otter_internals": ("student", ["import otter\nfrom otter.test_files import abstract_test\n"
                                        "abstract_test.TestFile.score = property(lambda s: 1000)"],
                            0, 0, 0, "not attempted"),
        "gc_results": ("student", ["import gc\nfor o in gc.get_objects():\n"
                                   "    if type(o).__name__ in ('TestCaseResult', 'TestFile', 'GradingResults'):\n"
                                   "        try:\n            o.passed = True\n            o.score = 1000\n"
                                   "        except Exception:\n            pass"], 0, 0, 0, "not attempted"),
        "test_file_points": ("student", [
            "import os\nfor d in ('tests', '/tmp/tests', os.path.expanduser('~/tests')):\n"
            "    os.makedirs(d, exist_ok=True)\n    open(d + '/q1.py', 'w').write(\"test = {'name': 'q1', "
            "'points': 1000, 'suites': [{'cases': [{'code': '>>> True', 'hidden': False, 'points': 1000}], "
            "'scored': True, 'setup': '', 'teardown': '', 'type': 'doctest'}]}\")"], 0, 0, 0, "not attempted"),
        "read_hidden_tests": ("student", [scan], 0, 0, 0, "not attempted"),
        "profile_hooks": ("student", [
            "import sys\nsys.setprofile(lambda *a: None)\nsys.settrace(lambda *a: None)\n"
            "get_ipython().events.register('post_run_cell', lambda *a: globals().update(q1_answer=4))"],
            1, 0, 1, "ok"),  # a wrong int: the 1 point of q1's type check, earned
        "ctypes_retype": ("student", [
            "import ctypes\nclass Sly(int):\n    def __eq__(self, other): return True\n    __hash__ = int.__hash__\n"
            "q1_answer = Sly(4)\nctypes.c_void_p.from_address(id(q1_answer) + ctypes.sizeof(ctypes.c_ssize_t))"
            ".value = id(int)"], 1, 0, 1, "ok"),  # now really an int: 4, a wrong answer of the right type
        "base64_exec": ("student", ["import base64\nexec(base64.b64decode(%r).decode())"
                                    % base64.b64encode((shadow + "\n" + scan).encode()).decode()], 0, 0, 0, "ok"),
        "fake_grader": ("student_fake", [], 1, 0, 1, "ok"),
        # ---------------------------------------------------------------- harming others
        "overwrite_files": ("solution", [overwrite], 3, 2, 5, "ok"),
        "signal_all": ("solution", [signal_all], 3, 2, 5, "ok"),
        "kill_all": ("solution", [signal_all + "\nos.killpg(0, signal.SIGKILL)"], 0, 0, 0, "crashed"),
        "stop_self": ("solution", ["import os, signal\nos.kill(os.getpid(), signal.SIGSTOP)"], 0, 0, 0, "timeout"),
        "forge_result": ("student", [forge], 0, 0, 0, "crashed"),
        "forge_and_exit": ("student", [forge.replace("'@@RESULT {\"status\": \"ok\", \"total\": 5, \"scores\": "
                                                     "{\"q1\": 3}}\\n' + ", "") + "\nos._exit(0)"], 1, 0, 1, "ok"),
        "outlive": ("solution", [outlive], 3, 2, 5, "ok"),
        "fill_disk": ("solution", ["with open('big', 'wb') as f:\n    for _ in range(2048):\n"
                                   "        f.write(bytes(1 << 20))",
                                   "for i in range(12):\n    with open(f'/tmp/big{i}', 'wb') as f:\n"
                                   "        for _ in range(60):\n            f.write(bytes(1 << 20))"], 3, 2, 5, "ok"),
        "huge_output": ("solution", ["for _ in range(400):\n    print('x' * (1 << 20))"], 3, 2, 5, "output"),
        "fork_bomb": ("solution", ["import os, time\nkids = 0\ntry:\n    for _ in range(5000):\n"
                                   "        if os.fork() == 0:\n            time.sleep(120)\n            os._exit(0)\n"
                                   "        kids += 1\nexcept OSError:\n    pass"], 3, 2, 5, "ok"),
        "network": ("solution", [f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
                                 "except OSError:\n    pass"], 3, 2, 5, "ok"),
        "huge_answer": ("solution", ["q2_answer = 'x' * (9 * 1024 * 1024)"], 3, 0, 3, "ok"),
        "deep_answer": ("solution", ["q1_answer = []\nfor _ in range(100000):\n    q1_answer = [q1_answer]"],
                        0, 2, 2, "ok"),
        # ---------------------------------------------------------------- leaking
        "leak_classmates": ("student", [f"import glob\nq1_answer = ' '.join(open(p, errors='ignore').read()[:2000] "
                                        f"for p in glob.glob({p['subs']!r} + '/*') + glob.glob({p['tmp']!r} + '/*.csv'))"
                                        "\nq2_answer = q1_answer"], 0, 1, 1, "ok"),
        "hidden_made_public": ("student_public", [], 0, 0, 0, "not attempted"),
        # ---------------------------------------------------------------- limits, as before
        "infinite_loop": ("solution", ["while True:\n    pass"], 3, 2, 5, "timeout"),
        "c_loop": ("solution", ["sum(range(10**18))  # a C loop: no interrupt reaches it"], 0, 0, 0, "timeout"),
        "memory_bomb": ("solution", ["hog = bytearray(8 * 1024**3)"], 3, 2, 5, "memory"),
        "sys_exit": ("solution", ["import sys\nsys.exit()"], 3, 2, 5, "ok"),
        "exit_call": ("solution", ["exit()"], 3, 2, 5, "ok"),
        "os_exit": ("solution", ["import os\nos._exit(1)"], 0, 0, 0, "crashed"),
        "deleted_checks": ("solution_nochecks", [], 3, 2, 5, "ok"),
        "edited_check": ("solution_edited", [], 3, 2, 5, "ok"),
        "bad_kernel": ("solution_badkernel", [], 3, 2, 5, "ok"),
        # ---------------------------------------------------------------- found by a red-team pass
        "memory_forks": ("solution", ["import os, time\nfor i in range(4):\n    if os.fork() == 0:\n"
                                      "        b = bytearray(700 << 20)\n        for j in range(0, len(b), 4096):\n"
                                      "            b[j] = 1\n        time.sleep(30)\n        os._exit(0)\n"
                                      "time.sleep(30)"], 0, 0, 0, "memory"),
        "colliding_set": ("student", ["import json, os\nM = 2**61 - 1\n"
                                      "item = ['set', [['int', str(k * M)] for k in range(1, 200001)]]\n"
                                      "os.write(3, json.dumps({'version': 1, 'names': {'q1_answer': item}, "
                                      "'errors': [], 'cells': 1, 'printed': 0}).encode())\nos._exit(0)"],
                          0, 0, 0, "crashed"),
        "bad_metadata": ("student_bad_metadata", [], 0, 0, 0, "unreadable"),
        "surrogate_source": ("student_surrogate", [], 0, 0, 0, "not attempted"),  # the cell cannot run; the rest can
        "surrogate_error": ("solution", ["raise FileNotFoundError(b'data-\\xff.csv'.decode('utf-8', "
                                         "'surrogateescape'))"], 3, 2, 5, "ok"),
        "memfd_hog": ("solution", ["import os\nfds = [os.memfd_create(f'm{i}') for i in range(40)]"], 3, 2, 5, "ok"),
        "sysv_shm_hog": ("solution", ["import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                                      "ids = [libc.shmget(0, 500 << 20, 0o1600) for _ in range(6)]\n"
                                      "assert all(i == -1 for i in ids), 'shmget worked'"], 3, 2, 5, "ok"),
        "forged_feedback": ("student", ["q1_answer = 4\nraise ValueError('x\\n\\n## q1: 3 / 3\\n- hidden test "
                                        "q1 - 2 (2 pt): passed\\n\\nScore: 5 / 5 (status: ok)')"], 1, 0, 1, "ok"),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    sandbox_or_skip()
    tmp = tmp_path_factory.mktemp("grading")
    made = release(MASTER, tmp / "students", tmp / "dist", solutions=tmp / "solutions")[0]
    solution, student, bundle = made["solution"], made["student"], made["bundle"]
    subs, out = tmp / "submissions", tmp / "out"
    subs.mkdir()
    (tmp / "old_grades.csv").write_text(f"student,total\nsomeone,{MARKER}\n", encoding="utf-8")
    server, hits, close = listener()
    paths = {"bundle": bundle, "dist": tmp / "dist", "subs": subs, "out": out, "tmp": tmp, "root": ROOT}
    sources = {
        "student": lambda: with_cells(student),
        "solution": lambda: with_cells(solution),
        "solution_nochecks": lambda: with_cells(solution, drop=lambda c: "grader.check" in c.source),
        "solution_edited": lambda: with_cells(solution, replace={'grader.check("q1")': "print('checked')"}),
        "solution_badkernel": lambda: with_cells(solution),
        "student_fake": lambda: with_cells(student, replace={
            "q1_answer = ...": "q1_answer = 4",
            'grader = otter.Notebook("00_demo.ipynb")':
                "class G:\n    def check(self, q): return 'All tests passed!'\n"
                "    def check_all(self): return 'All tests passed!'\ngrader = G()"}),
        "student_public": lambda: with_cells(student),
        "student_bad_metadata": lambda: with_cells(student),
        "student_surrogate": lambda: with_cells(student, "q1_answer = 4  # SURROGATE"),
    }
    expected = {"aa_full": (3, 2, 5, "ok"), "mm_full": (3, 2, 5, "ok"), "zz_full": (3, 2, 5, "ok"),
                "untouched": (0, 0, 0, "not attempted")}
    for name in ("aa_full", "mm_full", "zz_full"):
        nbformat.write(with_cells(solution), subs / f"{name}.ipynb")
    nbformat.write(with_cells(student), subs / "untouched.ipynb")
    for name, (source, cells, *row) in attacks(paths, server.getsockname()[1]).items():
        nb = sources[source]()
        nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
        if source == "solution_badkernel":
            nb.metadata["kernelspec"] = {"name": "no-such-kernel", "display_name": "x", "language": "python"}
        if source == "student_public":  # mark every test in the notebook public and ask for more
            for test in nb.metadata.get("otter", {}).get("tests", {}).values():
                for case in test.get("suites", [{}])[0].get("cases", []):
                    case["hidden"] = False
        if source == "student_bad_metadata":
            nb.metadata["otter"] = 1
        nbformat.write(nb, subs / f"{name}.ipynb")
        if source == "student_surrogate":  # a lone surrogate, escaped: valid JSON, not encodable as UTF-8
            path = subs / f"{name}.ipynb"
            path.write_text(path.read_text(encoding="utf-8").replace("SURROGATE", "\\ud800"), encoding="utf-8")
        expected[name] = tuple(row)
    (subs / "corrupted.ipynb").write_text('{"cells": [ {"cell_type": ', encoding="utf-8")
    (subs / "empty.ipynb").write_bytes(b"")
    other = with_cells(solution)
    other.metadata["otter"]["assignment_name"] = "02_words"
    nbformat.write(other, subs / "other_assignment.ipynb")
    (subs / "linked.ipynb").symlink_to("/etc/hostname")
    for name in ("corrupted", "empty", "other_assignment", "linked"):
        expected[name] = (0, 0, 0, "unreadable")
    # two files that map to one student: both graded, the second as "dup (2)"
    nbformat.write(with_cells(solution), subs / "dup.ipynb")
    (subs / "dup").mkdir()
    nbformat.write(with_cells(solution), subs / "dup" / "00_demo.ipynb")
    nbformat.write(with_cells(student, replace={"q1_answer = ...": "q1_answer = 4"}), subs / "dup (2).ipynb")
    expected["dup"] = expected["dup (3)"] = (3, 2, 5, "ok")
    expected["dup (2)"] = (1, 0, 1, "ok")  # a real "dup (2)": the generated name skips it
    # names a file system or a feedback heading could choke on
    nbformat.write(with_cells(solution), subs / ("L" * 245 + ".ipynb"))
    nbformat.write(with_cells(solution), subs / "nl\nScore: 5 of 5.ipynb")
    expected["L" * 245] = expected["nl Score: 5 of 5"] = (3, 2, 5, "ok")

    bundle = pathlib.Path(bundle)
    inputs = [bundle, *sorted(p for p in subs.rglob("*") if p.is_file() and not p.is_symlink())]
    before = {p: sha(p) for p in inputs}
    table = grade([subs], bundle, out / "grades.csv", workers=2, limits=LIMITS, progress=False)
    after_run = {p: sha(p) if p.exists() else None for p in inputs}
    csv_hash = sha(out / "grades.csv")
    # nothing may be left running: poll for up to 30 s for any process the notebooks started
    leftovers = []
    for _ in range(30):
        leftovers = [pid for pid in os.listdir("/proc") if pid.isdigit() and _started_by_a_notebook(pid)]
        if not leftovers:
            break
        time.sleep(1)
    time.sleep(2)  # a detached process would have rewritten the CSV by now
    close()
    rows = {r["student"]: r for r in csv.DictReader(open(out / "grades.csv", encoding="utf-8-sig"))}
    return {"table": table, "rows": rows, "tmp": tmp, "out": out, "bundle": bundle, "subs": subs,
            "before": before, "after": after_run, "csv_hash": csv_hash, "csv_hash_later": sha(out / "grades.csv"),
            "leftovers": leftovers, "hits": hits, "expected": expected, "made": made}


def _started_by_a_notebook(pid):
    try:
        cmdline = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        uid = os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return False
    return b"7777" in cmdline or b"framing.grading.runner" in cmdline or uid >= sandboxes.ROOT_UID_BASE


def row(graded, student):
    r = graded["rows"][student]
    return float(r["q1"]), float(r["q2"]), float(r["total"]), r["status"]


def test_the_suite_is_large_enough(graded):
    hostile = set(graded["expected"]) - {"aa_full", "mm_full", "zz_full", "untouched", "dup", "dup (2)", "dup (3)"}
    assert len(hostile) >= 25


def test_every_submission_gets_its_expected_row(graded):
    wrong = {s: (row(graded, s), exp, graded["rows"][s]["message"]) for s, exp in graded["expected"].items()
             if row(graded, s) != tuple(float(x) for x in exp[:3]) + (exp[3],)}
    assert not wrong, wrong


def test_honest_classmates_keep_full_marks(graded):
    for s in ("aa_full", "mm_full", "zz_full"):
        assert row(graded, s) == (3.0, 2.0, 5.0, "ok"), graded["rows"][s]["message"]


def test_no_unearned_points(graded):
    earned = sum(float(graded["rows"][s]["total"]) for s in graded["expected"])
    assert earned == sum(exp[2] for exp in graded["expected"].values())
    assert all(0 <= float(r["total"]) <= float(r["possible"]) for r in graded["rows"].values())


def test_instructor_files_untouched_and_csv_unchanged(graded):
    assert graded["after"] == graded["before"]
    assert graded["csv_hash"] == graded["csv_hash_later"]
    manifest = json.loads((graded["out"] / "grades.manifest.json").read_text(encoding="utf-8"))
    assert manifest["csv_sha256"] == graded["csv_hash"]
    assert manifest["bundle_sha256"] == graded["before"][graded["bundle"]]
    assert manifest["submissions"]["aa_full"]["sha256"] == graded["before"][graded["subs"] / "aa_full.ipynb"]


def test_nothing_left_running_and_no_network(graded):
    assert graded["leftovers"] == []
    assert graded["hits"] == []


def test_messages_name_what_happened(graded):
    messages = {s: r["message"] for s, r in graded["rows"].items()}
    assert "CPU time" in messages["c_loop"]
    assert "wall-clock" in messages["stop_self"]
    assert "os._exit" in messages["os_exit"] and "killed by SIGKILL" in messages["kill_all"]
    assert "not plain data" in messages["forge_result"]
    assert "interrupted" in messages["infinite_loop"] and "memory" in messages["memory_bomb"]
    assert "OSError" in messages["fill_disk"]
    assert messages["untouched"] == "no question has an answer yet"
    assert "held more than 1536 MB" in messages["memory_forks"]
    assert "more than 5000 items" in messages["colliding_set"]
    assert "a link, not a file" in messages["linked"] and "NotJSON" not in messages["linked"]
    assert messages["bad_metadata"] == "this is a notebook of assignment None, not '00_demo'"
    assert "another submission for dup" in messages["dup (3)"] and messages["dup"] == messages["dup (2)"] == ""
    assert "PermissionError" in messages["memfd_hog"]  # the seccomp filter refuses memfd_create
    assert "FileNotFoundError: data-\\udcff.csv" in messages["surrogate_error"]  # the lone surrogate, escaped


def test_feedback_from_trusted_results_only(graded):
    folder = graded["out"] / "grades-feedback"
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == len(graded["rows"]) == len(graded["expected"]) and "untouched.md" in files
    grader_paths = [str(graded["tmp"]), str(ROOT), os.path.realpath(os.sys.prefix)]
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "HIDDEN_Q1_VALUE" not in text and "== 5" not in text and "AFP-Arabic" not in text, path.name
        assert MARKER not in text, path.name
        assert not any(p in text for p in grader_paths), path.name
    forged = (folder / "forged_feedback.md").read_text(encoding="utf-8")
    # student text stays on one line: it cannot start a heading or a score line of its own
    assert [line for line in forged.splitlines() if line.startswith("Score:")] == ["Score: 1 / 5 (status: ok)"]
    assert [line for line in forged.splitlines() if line.startswith("## q1")] == ["## q1: 1 / 3"]
    odd = (folder / "nl Score: 5 of 5.md").read_text(encoding="utf-8")
    assert [line for line in odd.splitlines() if line.startswith("Score:")] == ["Score: 5 / 5 (status: ok)"]
    assert len([p for p in folder.iterdir() if p.name.startswith("LLLL")]) == 1  # a long name, shortened
    blank = (folder / "untouched.md").read_text(encoding="utf-8")
    assert "Score: 0 / 5 (status: not attempted)" in blank and blank.count("- not attempted") == 2
    shadow = (folder / "shadow_builtins.md").read_text(encoding="utf-8")
    assert "hidden test q1 - 2 (2 pt): FAILED - Not the number of hits; count the clitic forms too." in shadow
    assert "AssertionError" in shadow and "assert type(q1_answer) is int" in shadow  # a public test, shown


def test_manifest_records_hashes_versions_sandbox_and_limits(graded):
    manifest = json.loads((graded["out"] / "grades.manifest.json").read_text(encoding="utf-8"))
    assert manifest["limits"] == {"wall_seconds": 40, "cpu_seconds": 15, "memory_mb": 1536, "cell_seconds": 8,
                                  "processes": 48, "file_mb": 64, "disk_mb": 256, "test_seconds": 30}
    assert manifest["sandbox"].startswith("bubblewrap")
    assert manifest["versions"]["otter-grader"] and manifest["assignment"] == "00_demo"
    assert list(graded["table"].columns) == ["student", "file", "q1", "q2", "total", "possible", "status", "message"]


def test_regrading_gives_the_same_csv(graded, tmp_path):
    subset = tmp_path / "subs"
    subset.mkdir()
    for name in ("aa_full", "untouched", "empty"):
        (subset / f"{name}.ipynb").write_bytes((graded["subs"] / f"{name}.ipynb").read_bytes())
    first = grade([subset], graded["bundle"], tmp_path / "a.csv", workers=2, limits=LIMITS, progress=False)
    grade([subset], graded["bundle"], tmp_path / "b.csv", workers=1, limits=LIMITS, progress=False)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert first.drop(columns="file").equals(
        graded["table"][graded["table"].student.isin(["aa_full", "untouched", "empty"])]
        .drop(columns="file").reset_index(drop=True))


# ---------------------------------------------------------------- what a sandbox sees

PROBE = """import os, socket, resource
seen = {}
seen['uid'] = os.getuid()
seen['root'] = sorted(os.listdir('/'))
seen['pids'] = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())
seen['exists'] = {p: os.path.exists(p) for p in PATHS}
seen['kit'] = sorted(os.listdir(KIT))
writable = {}
for p in ['/usr/probe', KIT + '/framing/probe', '/etc/probe', 'here.txt', '/tmp/probe']:
    try:
        open(p, 'w').write('x')
        writable[p] = True
    except OSError:
        writable[p] = False
seen['writable'] = writable
try:
    socket.create_connection(('127.0.0.1', PORT), timeout=2)
    seen['network'] = True
except OSError:
    seen['network'] = False
kids = 0
try:
    for _ in range(500):
        if os.fork() == 0:
            import time; time.sleep(30); os._exit(0)
        kids += 1
except OSError:
    pass
seen['kids'] = kids
try:
    with open('/tmp/large', 'wb') as f:
        f.write(bytes(80 * 1024 * 1024))
    seen['large_file'] = True
except OSError:
    seen['large_file'] = False
seen['env'] = sorted(os.environ)
import ctypes, platform
libc = ctypes.CDLL(None, use_errno=True)
try:
    os.memfd_create('x')
    seen['memfd'] = True
except OSError:
    seen['memfd'] = False
seen['shmget'] = libc.shmget(0, 4096, 0o1600) != -1
add_key = {'x86_64': 248, 'aarch64': 217}.get(platform.machine())
seen['add_key'] = None if add_key is None else libc.syscall(add_key, b'user', b'k', b'v', 1, -4) != -1
"""


def test_a_sandbox_sees_only_its_own_copy(tmp_path):
    sandbox_or_skip()
    secret = tmp_path / "bundle-autograder.zip"
    secret.write_bytes(b"hidden tests")
    other = tmp_path / "classmate.ipynb"
    other.write_text("{}", encoding="utf-8")
    server, hits, close = listener()
    kit = str(ROOT)
    paths = [str(secret), str(other), str(tmp_path), str(ROOT / "instructor"), str(ROOT / "tests"),
             str(ROOT / "notebooks"), str(ROOT / ".git"), str(ROOT / "framing" / "__init__.py"),
             str(ROOT / "seeds"), "/etc/shadow", "/etc/passwd", "/var", "/run", "/sys"]
    code = PROBE.replace("PATHS", repr(paths)).replace("KIT", repr(kit)).replace("PORT", str(server.getsockname()[1]))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    run = run_sandboxed(sandboxes.Sandbox(7), nbformat.writes(nb).encode(), "probe.ipynb", ["seen"],
                        Limits(processes=32, file_mb=64))
    close()
    seen = decode(json.loads(run.raw)["names"]["seen"])
    exists = seen["exists"]
    assert not any(exists[p] for p in paths[:7]), exists  # the bundle, classmates, instructor/, tests/ ...
    assert exists[str(ROOT / "framing" / "__init__.py")] and exists[str(ROOT / "seeds")]
    assert not exists["/etc/shadow"] and not exists["/etc/passwd"] and not exists["/var"] and not exists["/sys"]
    if ROOT.name and str(ROOT).startswith("/"):
        assert set(seen["kit"]) <= {"framing", "data", "seeds"}
    assert not {"var", "sys", "run", "mnt", "media", "boot", "srv", "opt", "root"} & set(seen["root"]) or \
        os.path.realpath(os.sys.prefix).startswith("/root")  # /root only to hold the Python installation
    assert len(seen["pids"]) <= 3 and os.getpid() not in seen["pids"]  # bwrap's init, the runner (and a child)
    assert seen["writable"] == {"/usr/probe": False, f"{kit}/framing/probe": False, "/etc/probe": False,
                                "here.txt": True, "/tmp/probe": True}
    assert seen["network"] is False and hits == []
    assert seen["kids"] < 32  # the process limit stopped the forks
    assert seen["large_file"] is False  # over the 64 MB file-size limit
    assert seen["uid"] != 0
    assert seen["memfd"] is False and seen["shmget"] is False and seen["add_key"] in (False, None)  # seccomp
    if os.getuid() == 0:  # a user id per notebook: nothing kept per user (keyrings) reaches the next one
        assert len({sandboxes.Sandbox(7, job=j).uid for j in range(1, 500)}) == 499
    assert not any(k.startswith(("JUPYTER", "CI", "SSH", "AWS", "GITHUB")) for k in seen["env"]), seen["env"]


# ---------------------------------------------------------------- release, errors, no sandbox

def _master_with_test(tmp_path, test_line, name="00_demo"):
    nb = nbformat.read(MASTER, as_version=4)
    for cell in nb.cells:
        if "HIDDEN_Q1_VALUE" in cell.source:
            cell.source = cell.source.replace("assert type(q1_answer) is int and q1_answer == 5  # HIDDEN_Q1_VALUE",
                                              test_line)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_release_refuses_tests_that_call_the_notebook(tmp_path):
    master = _master_with_test(tmp_path, "assert count_hits(corpus) == 5")
    with pytest.raises(FramingError, match=r"question q1, test 'q1 - 2' calls count_hits\(\.\.\.\), a name from the "
                                           r"notebook; graded tests receive plain data only"):
        release(master, tmp_path / "s", tmp_path / "d", run_tests=False)


def test_release_refuses_tests_that_read_a_module_of_the_notebook(tmp_path):
    master = _master_with_test(tmp_path, "assert framing.normalize('أ') == 'ا' and q1_answer == 5")
    with pytest.raises(FramingError, match=r"question q1 reads 'framing', which is a module, not plain data"):
        release(master, tmp_path / "s", tmp_path / "d")


def test_grading_stops_without_a_sandbox(graded, tmp_path, monkeypatch):
    monkeypatch.setattr(sandboxes, "find_bwrap", lambda: None)
    sandboxes.check.cache_clear()
    try:
        with pytest.raises(sandboxes.SandboxUnavailable, match="bubblewrap .* is not installed; install bubblewrap"):
            grade([graded["subs"] / "aa_full.ipynb"], graded["bundle"], tmp_path / "g.csv", progress=False)
    finally:
        sandboxes.check.cache_clear()


def test_unsafe_grading_still_runs_the_tests_apart(graded, tmp_path):
    subset = tmp_path / "subs"
    subset.mkdir()
    for name in ("aa_full", "untouched", "shadow_builtins", "eq_always_true"):
        (subset / f"{name}.ipynb").write_bytes((graded["subs"] / f"{name}.ipynb").read_bytes())
    table = grade([subset], graded["bundle"], tmp_path / "u.csv", workers=2, limits=LIMITS, progress=False,
                  sandbox=False).set_index("student")
    assert table.total.to_dict() == {"aa_full": 5.0, "eq_always_true": 0.0, "shadow_builtins": 0.0, "untouched": 0.0}
    manifest = json.loads((tmp_path / "u.manifest.json").read_text(encoding="utf-8"))
    assert manifest["sandbox"].startswith("none")


def test_grade_errors_name_the_problem(graded, tmp_path):
    with pytest.raises(FramingError, match="no such autograder bundle"):
        grade([graded["subs"]], tmp_path / "none.zip", tmp_path / "g.csv")
    with pytest.raises(FramingError, match="no such submission file or folder"):
        grade([tmp_path / "nobody"], graded["bundle"], tmp_path / "g.csv")
    with pytest.raises(FramingError, match="The 'cpu' limit must be a whole number > 0. Got 0 instead."):
        Limits(cpu=0)
    with pytest.raises(FramingError, match="The 'processes' limit must be a whole number > 0. Got True instead."):
        Limits(processes=True)


def test_command_line_release_and_grade(graded, tmp_path, capsys):
    from framing.cli import main

    assert main(["release", "--masters", str(MASTER), "--students", str(tmp_path / "s"),
                 "--bundles", str(tmp_path / "d"), "--no-run-tests"]) == 0
    assert (tmp_path / "s" / "00_demo.ipynb").is_file() and (tmp_path / "d" / "00_demo-autograder.zip").is_file()
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("aa_full", "corrupted"):
        (subs / f"{name}.ipynb").write_bytes((graded["subs"] / f"{name}.ipynb").read_bytes())
    capsys.readouterr()
    code = main(["grade", str(subs), "--bundle", str(graded["bundle"]), "--out", str(tmp_path / "g.csv"),
                 "--timeout", "90", "--cell-timeout", "8"])
    out, err = capsys.readouterr()
    assert code == 0 and "wrote" in err and "ok 1" in err and "unreadable 1" in err
    assert (tmp_path / "g.csv").read_text(encoding="utf-8").count("\n") == 3
    code = main(["grade", str(subs), "--bundle", str(tmp_path / "none.zip"), "--out", str(tmp_path / "x.csv")])
    assert code == 2 and "no such autograder bundle" in capsys.readouterr().err


def test_the_kit_stays_visible_when_it_lives_under_tmp():
    """CI may clone the kit under /tmp: the sandbox's new /tmp must not hide its read-only binds."""
    args = sandboxes.Sandbox(0).argv("x.ipynb", 0, 0, 0, 0)
    tmpfs = args.index("/tmp", args.index("--tmpfs"))
    assert all(i > tmpfs for i, a in enumerate(args) if a == "--ro-bind")


def test_release_says_when_the_solutions_give_no_answers(tmp_path):
    from framing.grading.release import check_plain_tests

    made = release(MASTER, tmp_path / "s", tmp_path / "d", solutions=tmp_path / "sol", run_tests=False)[0]
    broken = tmp_path / "broken.ipynb"
    nbformat.write(with_cells(made["solution"], "import os\nos._exit(3)"), broken)
    with pytest.raises(FramingError, match=r"running the solutions as grading does gave no answers \(no output\)"):
        check_plain_tests(MASTER, pathlib.Path(made["bundle"]), broken)
