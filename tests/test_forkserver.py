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


@pytest.fixture(scope="module")
def kernelspecs(tmp_path_factory):
    """JUPYTER_PATH entries of a forked and of a fresh framing-grader kernelspec, and the fork log."""
    tmp = tmp_path_factory.mktemp("fork")
    log = tmp / "kernels.jsonl"
    saved = dict(os.environ)
    os.environ["FRAMING_FORK_LOG"] = str(log)
    sock = start_fork_server(str(tmp))
    assert sock, "the fork server did not start"
    specs = {"forked": install_kernelspec(str(tmp / "forked"), sock),
             "fresh": install_kernelspec(str(tmp / "fresh"), None), "log": log}
    yield specs
    os.environ.clear()
    os.environ.update(saved)


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
                              "print(os.getcwd()); print(os.getppid() != int(os.environ['JPY_PARENT_PID']))\n"
                              "import pandas; print(pandas.get_option('display.max_columns'))")
        lines = out.splitlines()
        assert status == "ok"
        assert lines[0] == "['framing.kwic', 'otter', 'pandas']"  # preloaded: not imported by this code
        assert lines[1] == str(tmp_path)
        assert lines[2] == "True"  # its parent is the fork server, not the manager's stand-in
        assert lines[3] == "20"  # pandas' kernel default, not its terminal one (0)


def test_a_fresh_kernel_has_not_imported_pandas(kernelspecs, monkeypatch):
    with kernel(kernelspecs, "fresh", monkeypatch) as (km, kc):
        out, status = run(kc, "import sys; print('pandas' in sys.modules)")
        assert (out.strip(), status) == ("False", "ok")


def test_interrupt_reaches_the_forked_kernel(kernelspecs, monkeypatch):
    with kernel(kernelspecs, "forked", monkeypatch) as (km, kc):
        msg_id = kc.execute("import time\nwhile True: time.sleep(0.01)")
        time.sleep(1.0)
        km.interrupt_kernel()  # SIGINT to the stand-in's process group, forwarded to the kernel
        reply = kc.get_shell_msg(timeout=20)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        out, status = run(kc, "print('still here')")  # same kernel, still alive
        assert (out.strip(), status) == ("still here", "ok")


def test_exit_code_and_cpu_are_reported(kernelspecs, monkeypatch):
    km, kc = start(kernelspecs, "forked", monkeypatch)
    kc.execute("pid = __import__('os').getpid()\nsum(range(3 * 10**7))\n__import__('os')._exit(3)")
    deadline = time.monotonic() + 30
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert km.provisioner.process.wait(timeout=5) == 3  # the stand-in exits as the kernel did
    kc.stop_channels()
    km.cleanup_resources()
    records = [json.loads(line) for line in kernelspecs["log"].read_text().splitlines()]
    last = records[-1]
    assert last["exit"] == 3 and last["signal"] is None
    assert last["cpu"] > 0.2  # the summing loop ran in that kernel, and its CPU time was counted


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
    assert not (tmp_path / "s.sock").exists()


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
