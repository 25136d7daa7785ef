"""Benchmark grading: 100 copies of one submission, `framing grade` against sequential `otter run`.

    python benchmarks/bench_grading.py [--master instructor/masters/01_corpus.ipynb]
                                       [--copies 100] [--workers 2] [--baseline 100] [--unsandboxed]

Targets (printed, never asserted): 100 submissions in <= 2 minutes on 2 cores,
and >= 2x faster than otter's own `otter run` one submission after another on
the same files, measured in the same run. `--baseline N` times `otter run` on
the first N copies only and scales the figure to all copies (said so in the
output), for a quicker run. `--unsandboxed` also times `framing grade --unsafe-no-sandbox`
on the same copies, and the sandbox's own cost per submission is measured
directly: bubblewrap starting `python -c pass` against the same command bare.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sandbox_start_cost(runs: int = 20) -> float:
    """Median seconds bubblewrap adds to starting `python -I -c pass`, as grading sets it up."""
    import statistics

    from framing.grading import sandbox

    program = tempfile.TemporaryFile()

    def median(cmd, filtered):
        times = []
        for _ in range(runs):
            fds = ()
            if filtered:  # bwrap reads the filter from a file descriptor, once per start
                program.seek(0)
                program.truncate()
                program.write(sandbox.seccomp_program())
                program.seek(0)
                fds = (program.fileno(),)
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, pass_fds=fds)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    args = sandbox.without_files(sandbox.Sandbox(0).argv("x.ipynb", 0, 0, 0, program.fileno()))
    bare = [sys.executable, "-I", "-c", "pass"]
    return median(args + ["--"] + bare, True) - median(bare, False)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--master", default=str(ROOT / "instructor" / "masters" / "01_corpus.ipynb"))
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--baseline", type=int, default=None, help="otter run on this many copies (default: all)")
    ap.add_argument("--unsandboxed", action="store_true", help="also grade without the sandbox")
    args = ap.parse_args(argv)

    from framing.grading import Limits, grade, release

    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        t = time.perf_counter()
        made = release(args.master, tmp / "students", tmp / "dist", solutions=tmp / "solutions", run_tests=False)[0]
        print(f"framing release (no test run): {time.perf_counter() - t:.1f} s")
        name = Path(made["solution"]).name
        subs = tmp / "submissions"
        for i in range(args.copies):
            (subs / f"student_{i:03d}").mkdir(parents=True)
            shutil.copyfile(made["solution"], subs / f"student_{i:03d}" / name)
        files = sorted(subs.glob(f"*/{name}"))

        def timed_grade(sandbox):
            t = time.perf_counter()
            table = grade([subs], made["bundle"], tmp / f"grades-{sandbox}.csv", workers=args.workers,
                          limits=Limits(), progress=False, sandbox=sandbox)
            return time.perf_counter() - t, table.status.value_counts().to_dict(), int((table.total == table.possible).sum())

        ours, statuses, full = timed_grade(True)
        bare = timed_grade(False) if args.unsandboxed else None
        start_cost = sandbox_start_cost()

        n_base = min(args.baseline or len(files), len(files))
        t = time.perf_counter()
        failures = 0
        for i, path in enumerate(files[:n_base]):
            out = tmp / "otter_out" / f"{i:03d}"
            out.mkdir(parents=True)
            done = subprocess.run([sys.executable, "-m", "otter", "run", "-a", made["bundle"], "-o", str(out), str(path)],
                                  capture_output=True, text=True)
            failures += done.returncode != 0
        base = time.perf_counter() - t
        base_all = base * len(files) / n_base

        print(f"framing {__import__('framing').__version__} | Python {platform.python_version()} | "
              f"{os.cpu_count()} cores | {time.strftime('%Y-%m-%d')} | master {Path(args.master).name}")
        print("\n| what | wall time | per submission | notes |\n| --- | ---: | ---: | --- |")
        print(f"| framing grade (sandboxed), {args.workers} workers, {len(files)} copies | {ours:.1f} s | "
              f"{ours / len(files):.2f} s | statuses {statuses}; {full} with full marks |")
        if bare:
            print(f"| framing grade --unsafe-no-sandbox, {args.workers} workers | {bare[0]:.1f} s "
                  f"| {bare[0] / len(files):.2f} s | statuses {bare[1]}; {bare[2]} with full marks |")
        print(f"| sandbox start, `python -c pass` in bwrap minus bare (median of 20) | | {start_cost * 1000:.0f} ms | |")
        scaled = "" if n_base == len(files) else f" (measured on {n_base}, scaled to {len(files)})"
        print(f"| otter run, sequential{scaled} | {base_all:.1f} s | {base / n_base:.2f} s | {failures} failed runs |")
        print("\n| target | measured | verdict |\n| --- | ---: | --- |")
        print(f"| {len(files)} submissions <= 120 s | {ours:.1f} s | {'PASS' if ours <= 120 else 'MISS'} |")
        speed = base_all / ours
        print(f"| >= 2x faster than sequential otter run | {speed:.1f}x | {'PASS' if speed >= 2 else 'MISS'} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
