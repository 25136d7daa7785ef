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

from framing.grading.kernel import CPU_VAR, MEMORY_VAR

#: Imported once by the server, so that no graded kernel pays for them. Only
#: modules that start no thread on import (see :func:`preload`).
PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "numpy", "pandas", "otter", "otter.check.notebook",
    "framing", "framing.corpus", "framing.tokens", "framing.index", "framing.kwic", "framing.terms",
    "framing.tfidf", "framing.keyness", "framing.frames", "framing.choices", "framing.lexicon",
)


#: The environment variables of the kernel limits (read by framing.grading.kernel.apply_limits).
LIMITS = (CPU_VAR, MEMORY_VAR)
#: Seconds a stand-in has to send its request once connected.
REQUEST_SECONDS = 5


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


def _close(fds) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


def _read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    """One JSON line from the stand-in, with the three standard streams it passed.

    A stand-in gets a few seconds to send it (it sends at once): one that connects and
    says nothing must not hold up the kernels of the submissions after it.
    """
    data, fds = b"", []
    conn.settimeout(REQUEST_SECONDS)
    try:
        while not data.endswith(b"\n"):
            chunk, got, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
            fds += got
            if not chunk:
                raise ConnectionError("the kernel stand-in closed the connection before its request")
            data += chunk
        if len(fds) != 3:
            raise ValueError(f"the kernel stand-in passed {len(fds)} standard streams, not 3")
        request = json.loads(data)
    except BaseException:
        _close(fds)
        raise
    conn.settimeout(None)
    return request, fds


class _CurrentStream:
    """Writes to whatever ``sys.<name>`` is when it writes (the kernel replaces them)."""

    def __init__(self, name: str):
        self.name = name

    def write(self, text):
        return getattr(sys, self.name).write(text)

    def flush(self):
        getattr(sys, self.name).flush()


def _logs_to_the_kernel() -> None:
    """Log handlers made during the preload write to the server's stderr; in a kernel
    started fresh they would have been made after ipykernel replaced sys.stderr, and
    their messages would show in the cell's output. Point them at the current stream."""
    import logging

    loggers = [logging.getLogger()] + [lg for lg in logging.root.manager.loggerDict.values()
                                       if isinstance(lg, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                for name in ("stderr", "stdout"):
                    if handler.stream in (getattr(sys, name), getattr(sys, f"__{name}__")):
                        try:
                            handler.stream = _CurrentStream(name)
                        except AttributeError:  # logging's last resort: it looks sys.stderr up itself
                            pass


def _run_kernel(request: dict, fds: list[int], limits: dict) -> None:
    """In the forked child: become the kernel the stand-in asked for. Never returns."""
    code = 1
    try:
        os.setsid()
        for sig in (signal.SIGTERM, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as Python sets it: BrokenPipeError, not death
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
        for fd in fds:
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # the limits are the server's (the worker's), never the asker's: code in a kernel
        # could reach the socket and ask for a kernel without them
        for name in LIMITS:
            os.environ.pop(name, None)
            if limits.get(name) is not None:
                os.environ[name] = limits[name]
        sys.path[0] = request["cwd"]
        # ipykernel's parent poller ends the kernel if this server dies (its default,
        # JPY_PARENT_PID, was read when the server imported ipykernel: give it here)
        sys.argv = ["framing.grading.kernel", *request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        if "numpy" in sys.modules:  # every kernel its own random state, as a fresh process has
            sys.modules["numpy"].random.seed()

        _logs_to_the_kernel()

        from framing.grading.kernel import apply_limits, launch

        apply_limits()
        launch()
        code = 0
    except SystemExit as stop:
        code = 0 if stop.code is None else stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            import atexit

            atexit._run_exitfuncs()  # as at a normal interpreter exit
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _log_exit(pid: int, job, status: int, usage) -> None:
    path = os.environ.get("FRAMING_FORK_LOG")
    if not path:
        return
    record = {"pid": pid, "job": job, "exit": os.waitstatus_to_exitcode(status),
              "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
              "cpu": round(usage.ru_utime + usage.ru_stime, 3)}
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")


def _kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    """Signal a kernel and the processes it started (it leads its own process group)."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, sig)
            return
        except (ProcessLookupError, PermissionError):
            continue


class _Server:
    """The fork server's state: its socket, and the kernels it forked with their stand-ins."""

    def __init__(self, path: str):
        self.limits = {name: os.environ.get(name) for name in LIMITS}
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(16)
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.listener, selectors.EVENT_READ)
        self.kernels: dict[int, tuple[socket.socket, str | None]] = {}  # pid -> stand-in's connection, job

    def accept(self) -> None:
        """Fork a kernel for the stand-in that connects; a stand-in that fails is dropped, never the server."""
        try:
            conn, _ = self.listener.accept()
        except OSError:  # out of file descriptors, or the stand-in already went away
            return
        try:
            request, fds = _read_request(conn)
        except (OSError, ValueError):
            conn.close()
            return
        try:
            pid = os.fork()
        except OSError:
            _close(fds)
            conn.close()
            return
        if pid == 0:
            self.sel.close()
            self.listener.close()
            conn.close()
            for other, _job in self.kernels.values():
                other.close()
            _run_kernel(request, fds, self.limits)
        _close(fds)
        self.kernels[pid] = (conn, request["env"].get("FRAMING_GRADE_JOB"))
        try:
            self.sel.register(conn, selectors.EVENT_READ, pid)
            conn.sendall(f"pid {pid}\n".encode())
        except OSError:  # the stand-in died meanwhile: so does its kernel
            _kill_group(pid)

    def stand_in_closed(self, key) -> None:
        """A stand-in's connection closed before its kernel ended: it was killed, so its kernel goes too."""
        _kill_group(key.data)
        self.sel.unregister(key.fileobj)

    def reap(self) -> None:
        """Log every kernel that ended, and tell its stand-in how."""
        while self.kernels:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn, job = self.kernels.pop(pid, (None, None))
            _log_exit(pid, job, status, usage)
            if conn is None:
                continue
            try:
                conn.sendall(f"exit {status}\n".encode())
            except OSError:
                pass
            try:
                self.sel.unregister(conn)
            except (KeyError, ValueError):
                pass
            conn.close()

    def close(self, path: str) -> None:
        for pid in self.kernels:
            _kill_group(pid)
        self.listener.close()
        try:
            os.unlink(path)
        except OSError:
            pass


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
    server = _Server(path)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    print("@@READY" + (f" (not preloaded: {', '.join(missing)})" if missing else ""), flush=True)
    try:
        while not stopping and os.getppid() == parent:
            for key, _ in server.sel.select(timeout=0.05):
                if key.fileobj is server.listener:
                    server.accept()
                else:
                    server.stand_in_closed(key)
            server.reap()
    finally:
        server.close(path)


if __name__ == "__main__":
    serve(sys.argv[1])
