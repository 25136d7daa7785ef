"""The sandbox each graded notebook runs in: bubblewrap, with nothing in view but its own copy.

`bubblewrap <https://github.com/containers/bubblewrap>`_ (``bwrap``, Debian's
``bubblewrap`` package; the sandbox Flatpak uses) starts the notebook's
runner (:mod:`framing.grading.runner`) in new namespaces:

* **files**: an empty root with, read-only, ``/usr`` (and its ``/bin``, ``/lib``
  links), the dynamic loader's cache, the Python installation and the
  ``sys.path`` folders the kit needs. Of the kit's own checkout (an editable
  install) only ``framing/``, ``data/`` and ``seeds/`` are there, never
  ``instructor/``, ``tests/`` or anything else. Writable: a private
  ``/home/student`` (holding a copy of the notebook) and ``/tmp``, each a
  size-limited tmpfs that vanishes with the sandbox. The autograder bundle,
  the hidden tests, other submissions, the output folder and the grader's
  home are not in it.
* **processes**: its own PID namespace (it sees and can signal only its own
  processes); when its runner ends, or the grader kills it past the
  wall-clock limit, every process in it is killed, ``setsid`` and
  double-forked ones included (``--die-with-parent``, PID 1 of the namespace).
* **network**: none (a namespace with only a loopback device); no IPC, own
  host name, a new session (no terminal to inject into).
* **user**: as root, the runner drops to a user id of its own, new for each
  notebook (so that the process-count limit counts only its processes, and
  nothing the kernel keeps per user reaches the next notebook), with no
  capabilities; otherwise it runs as the grader's user in a user namespace
  with no capabilities.

* **system calls**: a seccomp filter (built with libseccomp, through
  pyseccomp) refuses, with EPERM, the calls that hold memory no process maps
  (``memfd_create``, System V ``shmget``), the kernel key rings (``keyctl``,
  ``add_key``, ``request_key``), new namespaces and mounts, and kernel
  interfaces a notebook never needs (``bpf``, ``perf_event_open``,
  ``userfaultfd``, io_uring, module loading); see :data:`DENIED`.

Limits (CPU, memory, processes, file size, open files) are set by the runner
before any notebook code runs, on itself and so on everything it starts.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from framing.errors import FramingError

__all__ = ["SandboxUnavailable", "find_bwrap", "check", "Sandbox", "HOME"]

#: Where the notebook lives inside the sandbox (its working folder and HOME).
HOME = "/home/student"
#: First user id used for sandboxes started by root (one more per sandbox running at once).
ROOT_UID_BASE = 1_900_000_000
#: System calls a sandboxed notebook may not make (they fail with EPERM).
DENIED = ("memfd_create", "shmget", "keyctl", "add_key", "request_key", "userfaultfd", "perf_event_open", "bpf",
          "io_uring_setup", "io_uring_enter", "io_uring_register", "unshare", "setns", "mount", "umount2",
          "pivot_root", "kexec_load", "init_module", "finit_module", "delete_module", "swapon", "swapoff")
INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap) "
                "on a Linux machine that allows user namespaces")


class SandboxUnavailable(FramingError):
    """No sandbox can be started on this machine (macOS, no bubblewrap, no user namespaces)."""


def find_bwrap() -> str | None:
    """The path of ``bwrap``, or None."""
    return shutil.which("bwrap") or next((p for p in ("/usr/bin/bwrap", "/bin/bwrap") if os.access(p, os.X_OK)), None)


def _python_paths() -> tuple[list[str], list[str]]:
    """(prefixes, other sys.path folders) of this Python, as a notebook kernel would see them."""
    prefixes = []
    for p in (sys.base_prefix, sys.prefix, sys.exec_prefix, os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))):
        p = os.path.realpath(p)
        if p not in prefixes and not p.startswith("/usr/") and p != "/usr":
            prefixes.append(p)
    done = subprocess.run([sys.executable, "-c", "import json, sys; print(json.dumps(sys.path))"],
                          capture_output=True, text=True, cwd="/", env={k: v for k, v in os.environ.items()
                                                                        if k not in ("PYTHONSTARTUP", "PYTHONHOME")})
    paths = json.loads(done.stdout) if done.returncode == 0 else list(sys.path)
    extra = []
    for p in paths:
        if not p or not os.path.isdir(p):
            continue
        p = os.path.realpath(p)
        if p in ("/", os.path.realpath(os.path.expanduser("~"))) or p.startswith("/usr/") \
                or any(p == q or p.startswith(q + os.sep) for q in prefixes):
            continue
        if p not in extra:
            extra.append(p)
    return prefixes, extra


@functools.lru_cache(maxsize=1)
def read_only_binds() -> tuple[tuple[str, str], ...]:
    """(host path, sandbox path) pairs mounted read-only, besides /usr."""
    binds = []
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = f"/{name}"
        if os.path.isdir(host) and not os.path.islink(host):
            binds.append((host, host))
    for name in ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "hosts"):
        host = f"/etc/{name}"
        if os.path.exists(host):
            binds.append((host, host))
    prefixes, extra = _python_paths()
    binds += [(p, p) for p in prefixes]
    for p in extra:
        if os.path.isfile(os.path.join(p, "framing", "__init__.py")):
            # the kit's checkout (editable install): its package and the data it reads, nothing else
            binds += [(os.path.join(p, d), os.path.join(p, d)) for d in ("framing", "data", "seeds")
                      if os.path.isdir(os.path.join(p, d))]
        else:
            binds.append((p, p))
    return tuple(binds)


@functools.lru_cache(maxsize=1)
def seccomp_program() -> bytes:
    """The compiled seccomp filter (BPF) that refuses :data:`DENIED`."""
    import errno
    import tempfile

    try:
        import pyseccomp
    except (ImportError, OSError) as err:  # OSError: pyseccomp is there, libseccomp is not
        raise SandboxUnavailable(f"no sandbox: the seccomp filter needs pyseccomp and libseccomp ({err}); "
                                 "python -m pip install pyseccomp, and apt-get install libseccomp2.") from None
    rules = pyseccomp.SyscallFilter(defaction=pyseccomp.ALLOW)
    for name in DENIED:
        try:
            rules.add_rule(pyseccomp.ERRNO(errno.EPERM), name)
        except Exception:  # a call this architecture does not have
            continue
    with tempfile.TemporaryFile() as f:
        rules.export_bpf(f)
        f.seek(0)
        return f.read()


def _symlinks() -> list[str]:
    args = []
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = f"/{name}"
        if os.path.islink(host):
            args += ["--symlink", os.readlink(host), host]
    return args


#: What the runner writes on stderr just before the notebook's code runs (then stderr is closed):
#: a run that ends without it never reached the notebook, so its failure is not the notebook's.
STARTED = "@@framing-runner-started"
#: The command that runs a notebook's runner (it takes the job file's path).
RUNNER = (sys.executable, "-m", "framing.grading.runner")


def runner_env(home: str, tmp: str) -> dict:
    """The environment a notebook's runner needs, sandboxed or not: its home, scratch and one-thread maths.

    No index is saved or read on disk (``FRAMING_INDEX_CACHE=off``): a file one
    student's notebook left must never be what another's searches read.
    """
    return {"HOME": home, "TMPDIR": tmp, "MPLBACKEND": "agg", "MPLCONFIGDIR": f"{tmp}/.matplotlib",
            "FRAMING_INDEX_CACHE": "off",
            "IPYTHONDIR": f"{tmp}/.ipython", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"}


class Sandbox:
    """How to start one notebook's runner in a sandbox.

    Parameters
    ----------
    slot : int
        Which of the sandboxes running at once this is (0, 1 ...).
    job : int
        The number of the notebook in this grading run: with ``slot``, as root, it
        picks the sandbox's own user id.
    disk_mb : int
        Size of each writable tmpfs (``/home/student`` and ``/tmp``).
    """

    def __init__(self, slot: int, disk_mb: int = 256, job: int = 0):
        self.bwrap = find_bwrap()
        if self.bwrap is None:
            raise SandboxUnavailable(f"no sandbox: bubblewrap (bwrap) is not installed; {INSTALL_HINT}.")
        self.slot, self.disk = slot, disk_mb * 1024 * 1024
        self.root = os.getuid() == 0
        # a user id no other sandbox has had in this run, so that nothing kept per user (process
        # counts, kernel keyrings) reaches from one notebook to the next
        self.uid = ROOT_UID_BASE + (os.getpid() % 10_000) * 200_000 + (job * 64 + slot % 64) % 200_000 \
            if self.root else None

    def argv(self, notebook_name: str, notebook_fd: int, job_fd: int, status_fd: int, seccomp_fd: int) -> list[str]:
        """The bwrap command line; the four fds must be passed to the child."""
        args = [self.bwrap, "--die-with-parent", "--new-session", "--hostname", "grading",
                "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--cap-drop", "ALL"]
        if self.root:
            # no user namespace: the runner becomes self.uid itself (so RLIMIT_NPROC applies to it)
            args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        else:
            args += ["--unshare-user"]
        # the writable tmpfs first: a read-only bind mounted later stays visible on top of it
        # (a kit checked out under /tmp, as CI may do, would otherwise vanish under the new /tmp)
        args += ["--perms", "1777", "--size", str(self.disk), "--tmpfs", "/tmp",
                 "--perms", "1777", "--size", str(self.disk), "--tmpfs", HOME]
        args += ["--ro-bind", "/usr", "/usr", *_symlinks()]
        binds = read_only_binds()
        targets = {inside for _, inside in binds} | {"/usr"}
        # bwrap makes missing parent folders 0700: make them 0755, so the unprivileged user can pass
        parents = sorted({str(parent) for _, inside in binds for parent in Path(inside).parents
                          if str(parent) != "/" and not any(str(parent) == t or str(parent).startswith(t + "/")
                                                            for t in targets)}, key=lambda p: p.count("/"))
        for parent in parents:
            args += ["--perms", "0755", "--dir", parent]
        for host, inside in binds:
            args += ["--ro-bind", host, inside]
        args += ["--proc", "/proc", "--dev", "/dev",
                 "--perms", "0666", "--file", str(notebook_fd), f"{HOME}/{notebook_name}",
                 "--perms", "0644", "--file", str(job_fd), "/tmp/.framing-job.json",
                 "--chdir", HOME, "--json-status-fd", str(status_fd), "--seccomp", str(seccomp_fd), "--clearenv"]
        env = {**runner_env(HOME, "/tmp"), "USER": "student", "LOGNAME": "student", "LANG": "C.UTF-8",
               "PATH": f"{os.path.dirname(sys.executable)}:/usr/local/bin:/usr/bin:/bin",
               "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        for key, value in env.items():
            args += ["--setenv", key, value]
        return args + ["--", *RUNNER, "/tmp/.framing-job.json"]


@functools.lru_cache(maxsize=1)
def check() -> None:
    """Raise :class:`SandboxUnavailable`, saying why, unless a sandbox starts here."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"no sandbox on {sys.platform}: grading needs Linux with bubblewrap "
                                 "(or a Linux virtual machine or container).")
    import tempfile

    with tempfile.TemporaryFile() as program:
        program.write(seccomp_program())
        program.seek(0)
        trial = without_files(Sandbox(0).argv("x.ipynb", 0, 0, 0, program.fileno()))
        trial += ["--", sys.executable, "-I", "-c", "import os\ntry:\n    os.memfd_create('x')\nexcept OSError:\n"
                  "    pass\nelse:\n    raise SystemExit('seccomp filter not applied')"]
        try:
            done = subprocess.run(trial, capture_output=True, text=True, timeout=60, pass_fds=(program.fileno(),))
        except (OSError, subprocess.TimeoutExpired) as err:
            raise SandboxUnavailable(f"no sandbox: bubblewrap did not start ({err}); {INSTALL_HINT}.") from None
    if done.returncode != 0:
        why = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise SandboxUnavailable(f"no sandbox: bubblewrap could not start one here ({why[0]}); {INSTALL_HINT}.")


def without_files(args: list[str]) -> list[str]:
    """The sandbox command line without its --file, --json-status-fd options and command."""
    out, i = [], 0
    end = args.index("--")
    while i < end:
        if args[i] == "--file":
            i += 3
            if out and out[-2] == "--perms":
                out = out[:-2]
            continue
        if args[i] == "--json-status-fd":
            i += 2
            continue
        out.append(args[i])
        i += 1
    return out
