"""Grading kernels forked from a process that has already imported what notebooks import.

A fresh grading kernel pays Python's start-up and the imports of ipykernel,
IPython, pandas, otter and framing (about a second of CPU) before the first
cell of a submission runs. With a whole class to grade, that is most of the
cost. So each grading worker starts one *fork server*: a process that imports
those modules once, then forks one kernel per submission on request. A forked
kernel starts with everything imported, and is otherwise a new process: its
own CPU and memory limits (:func:`framing.grading.kernel.apply_limits`, set
after the fork, counting from zero), its own session, working directory,
environment and standard streams.

jupyter_client does not talk to the fork server. It starts the kernelspec's
command as usual, which is the small stand-in :mod:`framing.grading.forkstub`:
the stand-in passes its connection file, working directory, environment and
standard streams to the server, forwards the signals it gets (an interrupt at a
cell timeout, a shutdown) to the forked kernel, and exits as the kernel exits,
with its status or of its signal. If the stand-in is killed, the server kills
its kernel.

The fork server never starts a thread (forking a process with threads can
leave a lock held forever in the child); it checks that before serving, and a
module whose import started one is reported so that ``serve`` refuses to run.
Each kernel that ends is written as one JSON line (pid, exit code or signal,
CPU seconds) to the file named by ``FRAMING_FORK_LOG``, which tells the worker
that a kernel was stopped by its CPU limit.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import selectors
import signal
import socket
import sys
import threading

#: Imported once by the server, so that no graded kernel pays for them. Only
#: modules that start no thread on import (see :func:`preload`).
PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "numpy", "pandas", "otter", "otter.check.notebook",
    "framing", "framing.corpus", "framing.tokens", "framing.index", "framing.kwic", "framing.terms",
    "framing.tfidf", "framing.keyness", "framing.frames", "framing.choices", "framing.lexicon",
)


def _threads() -> int:
    """Threads in this process, counted by the kernel (C-level threads included)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def preload(modules=PRELOAD) -> list[str]:
    """Import ``modules``; return the names of those that could not be imported.

    >>> preload(("json", "no_such_module_here"))
    ['no_such_module_here']
    """
    import importlib

    missing = []
    for name in modules:
        try:
            if name == "pandas":
                with _seen_from_a_kernel():
                    importlib.import_module(name)
            else:
                importlib.import_module(name)
        except Exception:
            missing.append(name)
    return missing


@contextlib.contextmanager
def _seen_from_a_kernel():
    """pandas picks its display defaults on import, by asking IPython whether it runs in a
    kernel (``display.max_columns`` is 20 there, 0 in a terminal): answer that it does."""
    class Kernel:
        kernel = True

    builtins.get_ipython = Kernel
    try:
        yield
    finally:
        del builtins.get_ipython


def _as_a_kernel_starts() -> None:
    """What a grading kernel does before the notebook's imports, done before the preload."""
    # As in the grading kernel: jsonschema (under otter) would build an IRI grammar.
    sys.modules.setdefault("rfc3987_syntax", None)
    # A kernel replaces pdb.Pdb with IPython's at start; doctest (imported by otter)
    # subclasses pdb.Pdb when imported, so replace it first, as a kernel would have.
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.init_pdb(None)  # uses no instance state


def _read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    """One JSON line from the stand-in, with the three standard streams it passed."""
    data, fds = b"", []
    while not data.endswith(b"\n"):
        chunk, got, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
        fds += got
        if not chunk:
            raise ConnectionError("the kernel stand-in closed the connection before its request")
        data += chunk
    return json.loads(data), fds


def _run_kernel(request: dict, fds: list[int]) -> None:
    """In the forked child: become the kernel the stand-in asked for. Never returns."""
    code = 1
    try:
        os.setsid()
        for sig in (signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
        for fd in fds:
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.path[0] = request["cwd"]
        # ipykernel's parent poller ends the kernel if this server dies (its default,
        # JPY_PARENT_PID, was read when the server imported ipykernel: give it here)
        sys.argv = ["framing.grading.kernel", *request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        if "numpy" in sys.modules:  # every kernel its own random state, as a fresh process has
            sys.modules["numpy"].random.seed()

        from framing.grading.kernel import apply_limits, launch

        apply_limits()
        launch()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _log_exit(pid: int, status: int, usage) -> None:
    path = os.environ.get("FRAMING_FORK_LOG")
    if not path:
        return
    record = {"pid": pid, "exit": os.waitstatus_to_exitcode(status),
              "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
              "cpu": round(usage.ru_utime + usage.ru_stime, 3)}
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")


def serve(path: str) -> None:
    """Listen on the Unix socket ``path`` and fork a kernel for each stand-in that connects.

    Prints ``@@READY`` (or ``@@REFUSED reason``) on stdout once, then serves until its
    parent process ends or it gets SIGTERM; its kernels are killed then.
    """
    parent = os.getppid()
    _as_a_kernel_starts()
    # BLAS libraries start their thread pools when numpy loads: one thread each, none
    # to fork (kernels inherit it; with one worker per core, more would compete anyway)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    missing = preload()
    threads = _threads()
    if threads != 1:
        print(f"@@REFUSED the preloaded imports started {threads - 1} thread(s)", flush=True)
        return
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ)
    kernels: dict[int, socket.socket] = {}  # pid -> the stand-in's connection
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    print("@@READY" + (f" (not preloaded: {', '.join(missing)})" if missing else ""), flush=True)

    while not stopping and os.getppid() == parent:
        for key, _ in sel.select(timeout=0.05):
            if key.fileobj is listener:
                conn, _ = listener.accept()
                try:
                    request, fds = _read_request(conn)
                except (OSError, ValueError):
                    conn.close()
                    continue
                pid = os.fork()
                if pid == 0:
                    sel.close()
                    listener.close()
                    conn.close()
                    for other in kernels.values():
                        other.close()
                    _run_kernel(request, fds)
                for fd in fds:
                    os.close(fd)
                kernels[pid] = conn
                sel.register(conn, selectors.EVENT_READ, pid)
                conn.sendall(f"pid {pid}\n".encode())
            else:  # a stand-in's connection closed: it was killed, so its kernel goes too
                try:
                    os.kill(key.data, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                sel.unregister(key.fileobj)
        while kernels:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            _log_exit(pid, status, usage)
            conn = kernels.pop(pid, None)
            if conn is not None:
                try:
                    conn.sendall(f"exit {status}\n".encode())
                except OSError:
                    pass
                try:
                    sel.unregister(conn)
                except (KeyError, ValueError):
                    pass
                conn.close()
    for pid in kernels:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    listener.close()
    try:
        os.unlink(path)
    except OSError:
        pass


if __name__ == "__main__":
    serve(sys.argv[1])
