"""The process jupyter_client starts for a forked grading kernel (see forkserver.py).

Run as ``python -S -I forkstub.py SOCKET -f CONNECTION_FILE [kernel options]``,
standard library only, so that it starts in a few milliseconds. It asks the
fork server listening on SOCKET for a kernel with these options, its working
directory, environment and standard streams; forwards SIGINT, SIGTERM, SIGHUP
and SIGQUIT to that kernel and the processes it started; and exits as the kernel exits: with its exit code,
or killed by the same signal. If this process is killed (SIGKILL), the server
sees its connection close and kills the kernel.
"""

import json
import os
import signal
import socket
import sys


def main(argv: list[str]) -> int:
    path, kernel_args = argv[0], argv[1:]
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(path)
    request = {"argv": kernel_args, "cwd": os.getcwd(), "env": dict(os.environ)}
    socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
    reader = conn.makefile("r", encoding="ascii")
    first = reader.readline().split()
    if len(first) != 2 or first[0] != "pid":
        print(f"framing fork server: no kernel ({' '.join(first) or 'no answer'})", file=sys.stderr)
        return 1
    pid = int(first[1])

    def forward(signum, _frame):
        # to the kernel's process group (it leads one), as jupyter_client signals a
        # kernel it started itself: the processes a cell started get the interrupt too
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signum)
                return
            except (ProcessLookupError, PermissionError):
                continue

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, forward)
    words = reader.readline().split()  # retried after each forwarded signal (PEP 475)
    if len(words) != 2 or words[0] != "exit":  # the server went away
        return 1
    status = int(words[1])
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig != signal.SIGKILL:
            signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
