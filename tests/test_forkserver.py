"""Grading kernels forked from a preloaded process behave like fresh kernels.

framing/grading/forkserver.py forks them; framing/grading/forkstub.py is what
jupyter_client starts and signals. These tests drive them through
jupyter_client, as nbclient (and so otter) does.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from jupyter_client import KernelManager
from nbclient import NotebookClient

from conftest import ROOT
from framing.grading import release
from framing.grading.worker import KERNEL_NAME, install_kernelspec, start_fork_server


#: The limits the fork server is started with (a grading worker's: framing.grading.kernel).
CPU_LIMIT, MEMORY_LIMIT = 600, 3 * 1024**3


@pytest.fixture(scope="module")
def kernelspecs(tmp_path_factory):
    """JUPYTER_PATH entries of a forked and of a fresh framing-grader kernelspec, the fork log
    and the server."""
    tmp = tmp_path_factory.mktemp("fork")
    log = tmp / "kernels.jsonl"
    saved = dict(os.environ)
    os.environ.update(FRAMING_FORK_LOG=str(log), FRAMING_GRADE_CPU=str(CPU_LIMIT),
                      FRAMING_GRADE_MEMORY=str(MEMORY_LIMIT))
    server = start_fork_server(str(tmp))
    assert server, "the fork server did not start"
    specs = {"forked": install_kernelspec(str(tmp / "forked"), server.path),
             "fresh": install_kernelspec(str(tmp / "fresh"), None), "log": log, "server": server}
    yield specs
    server.stop()
    os.environ.clear()
    os.environ.update(saved)


def records(kernelspecs, job):
    """The fork server's log lines for kernels asked for under FRAMING_GRADE_JOB=job."""
    lines = kernelspecs["log"].read_text().splitlines() if kernelspecs["log"].exists() else []
    return [r for r in map(json.loads, lines) if r["job"] == job]


def start(kernelspecs, kind, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", kernelspecs[kind])
    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc


@contextlib.contextmanager
def kernel(kernelspecs, kind, monkeypatch):
    """A started kernel of that kind, shut down afterwards."""
    km, kc = start(kernelspecs, kind, monkeypatch)
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def run(kc, code, timeout=30):
    """Execute ``code``; return its stdout and the reply's status."""
    out = []
    reply = kc.execute_interactive(code, timeout=timeout,
                                   output_hook=lambda m: out.append(m["content"].get("text", "")))
    return "".join(out), reply["content"]["status"]


def test_forked_kernel_starts_with_the_imports_done_and_in_its_own_folder(kernelspecs, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with kernel(kernelspecs, "forked", monkeypatch) as (km, kc):
        out, status = run(kc, "import os, sys, threading\n"
                              "print(sorted(m for m in ('pandas', 'otter', 'framing.kwic') if m in sys.modules))\n"
                              "print(os.getcwd()); print(os.getppid())\n"
                              "import pandas; print(pandas.get_option('display.max_columns'))")
        lines = out.splitlines()
        assert status == "ok"
        assert lines[0] == "['framing.kwic', 'otter', 'pandas']"  # preloaded: not imported by this code
        assert lines[1] == str(tmp_path)
        assert lines[2] == str(kernelspecs["server"].proc.pid)  # forked by the server, not started
        assert lines[3] == "20"  # pandas' kernel default, not its terminal one (0)


@pytest.mark.parametrize("kind", ["forked", "fresh"])
def test_otters_log_handlers_write_into_the_cell(kernelspecs, monkeypatch, kind):
    # otter makes its handlers when imported: in the server, before ipykernel replaced sys.stderr
    with kernel(kernelspecs, kind, monkeypatch) as (km, kc):
        out, status = run(kc, "import logging, otter\n"
                              "(handler,) = logging.getLogger('otter.check').handlers\n"
                              "handler.stream.write('through otter\\n'); handler.flush()")
        assert (out, status) == ("through otter\n", "ok")


def test_a_fresh_kernel_has_not_imported_pandas(kernelspecs, monkeypatch):
    with kernel(kernelspecs, "fresh", monkeypatch) as (km, kc):
        out, status = run(kc, "import sys; print('pandas' in sys.modules)")
        assert (out.strip(), status) == ("False", "ok")


def started(kc, code, marker="started"):
    """Execute ``code`` (which prints ``marker`` first) and return once the marker is printed."""
    msg_id = kc.execute(code)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id and marker in msg["content"].get("text", ""):
            return msg_id
    pytest.fail(f"the cell never printed {marker!r}")


def interrupted(km, kc, msg_id):
    """Interrupt the kernel; return the seconds the running cell took to stop, and its error."""
    t = time.monotonic()
    km.interrupt_kernel()  # SIGINT to the stand-in's process group, forwarded to the kernel's
    reply = kc.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id
    return time.monotonic() - t, reply["content"].get("ename")


def test_interrupt_reaches_the_forked_kernel(kernelspecs, monkeypatch):
    with kernel(kernelspecs, "forked", monkeypatch) as (km, kc):
        msg_id = started(kc, "import time\nprint('started', flush=True)\nwhile True: time.sleep(0.01)")
        _, error = interrupted(km, kc, msg_id)
        assert error == "KeyboardInterrupt"
        out, status = run(kc, "print('still here')")  # same kernel, still alive
        assert (out.strip(), status) == ("still here", "ok")


def test_interrupt_reaches_a_process_the_cell_started(kernelspecs, monkeypatch):
    # as with a fresh kernel: jupyter_client signals the kernel's whole process group
    with kernel(kernelspecs, "forked", monkeypatch) as (km, kc):
        msg_id = started(kc, "import os\nprint('started', flush=True)\nos.system('sleep 30')")
        time.sleep(0.5)  # let the shell start sleep
        seconds, _ = interrupted(km, kc, msg_id)
        assert seconds < 10, f"the cell's sleep went on {seconds:.0f} s after the interrupt"


def test_a_forked_kernel_has_the_servers_limits_whatever_it_asks_for(kernelspecs, monkeypatch, tmp_path):
    # A stand-in asking with no limits in its environment (as code in a kernel could) gets them all the same.
    monkeypatch.delenv("FRAMING_GRADE_CPU")
    monkeypatch.delenv("FRAMING_GRADE_MEMORY")
    with kernel(kernelspecs, "forked", monkeypatch) as (km, kc):
        out, status = run(kc, "import resource, signal\n"
                              "print(resource.getrlimit(resource.RLIMIT_CPU)[0], resource.getrlimit(resource.RLIMIT_AS)[0])\n"
                              "print(signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN)")
        assert status == "ok"
        assert out.split() == [str(CPU_LIMIT), str(MEMORY_LIMIT), "True"]  # and a broken pipe raises, as in Python


def test_a_stand_in_that_hangs_up_early_does_not_stop_the_server(kernelspecs, monkeypatch):
    import socket

    server = kernelspecs["server"]
    for send in (b"", b'{"argv": [], "cwd": "/", "env": {}}\n'):  # nothing, then a request without its streams
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(server.path)
            conn.sendall(send)
        time.sleep(0.2)
    assert server.alive()
    with kernel(kernelspecs, "forked", monkeypatch) as (km, kc):
        assert run(kc, "print(6 * 7)") == ("42\n", "ok")


def test_exit_code_and_cpu_are_reported(kernelspecs, monkeypatch):
    monkeypatch.setenv("FRAMING_GRADE_JOB", "exit-test")
    km, kc = start(kernelspecs, "forked", monkeypatch)
    try:
        out, _ = run(kc, "import os; print(os.getpid())")
        pid = int(out)
        kc.execute("sum(range(3 * 10**7))\nos._exit(3)")
        deadline = time.monotonic() + 30
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert km.provisioner.process.wait(timeout=5) == 3  # the stand-in exits as the kernel did
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    (record,) = records(kernelspecs, "exit-test")
    assert record["pid"] == pid and record["exit"] == 3 and record["signal"] is None
    assert record["cpu"] > 0.2  # the summing loop ran in that kernel, and its CPU time was counted


def test_killing_the_stand_in_kills_its_kernel(kernelspecs, monkeypatch):
    km, kc = start(kernelspecs, "forked", monkeypatch)
    out, _ = run(kc, "import os; print(os.getpid())")
    pid = int(out)
    os.kill(km.provisioner.process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the kernel {pid} outlived its stand-in")
    kc.stop_channels()
    km.cleanup_resources()


def test_a_server_whose_imports_start_a_thread_refuses_to_serve(tmp_path):
    code = ("import threading, time, sys\n"
            "threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n"
            "from framing.grading import forkserver\nforkserver.serve(sys.argv[1])")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.sock")], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.startswith("@@REFUSED") and "1 thread" in done.stdout


def outputs(nb):
    """What a student sees of each output: stream text, errors, and the kinds of rich output.

    A cell's printed text can arrive in one stream message or several (the kernel
    flushes on a timer), so consecutive pieces of one stream in a cell are joined.
    """
    seen = []
    for cell in nb.cells:
        mine = []
        for o in cell.get("outputs", []):
            if o.output_type == "stream" and mine and mine[-1][0] == o.name:
                mine[-1] = (o.name, mine[-1][1] + o.text)
            elif o.output_type == "stream":
                mine.append((o.name, o.text))
            elif o.output_type == "error":
                mine.append(("error", o.ename, o.evalue))
            else:
                mine.append((o.output_type, sorted(o.get("data", {}))))
        seen += mine
    return seen


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("solved")
    made = release(ROOT / "instructor" / "masters", tmp / "students", tmp / "dist", solutions=tmp / "solutions",
                   run_tests=False)
    return {m["assignment"] + ".ipynb": m["solution"] for m in made}


@pytest.mark.parametrize("notebook", ["01_corpus.ipynb", "02_words.ipynb", "03_kwic.ipynb", "04_lexicons.ipynb",
                                      "05_comparing.ipynb"])
def test_each_solved_notebook_prints_the_same_in_a_forked_and_a_fresh_kernel(kernelspecs, solved, notebook,
                                                                             monkeypatch):
    path = solved[notebook]
    seen = {}
    for kind in ("forked", "fresh"):
        monkeypatch.setenv("JUPYTER_PATH", kernelspecs[kind])
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=120, allow_errors=True,
                       resources={"metadata": {"path": os.path.dirname(path)}}).execute()
        seen[kind] = outputs(nb)
    assert not [o for o in seen["forked"] if o[0] == "error"]
    assert len(seen["forked"]) > 20
    assert seen["forked"] == seen["fresh"]
