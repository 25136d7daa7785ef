"""Every analysis of the notebooks on an instructor's large corpus: time and peak memory, one process per verb.

Run from the top of the repository:

    python benchmarks/bench_large.py                      # 10,000,000 tokens of benchmarks/realistic.py
    python benchmarks/bench_large.py --tokens 1000000
    python benchmarks/bench_large.py --corpus my-news.csv  # a corpus of your own (any file load_corpus reads)

Each verb runs in a fresh Python process, so that its peak resident memory
(ru_maxrss) is its own and not the high-water mark of the verbs before it.
Each process loads the corpus (``framing.load_corpus``), gets its index,
then runs one verb; the three are timed apart. The first process builds the
index and saves it (``framing.indexstore``, in a temporary folder of this
run); the others read it back, as a notebook's next session or the next
``framing --corpus`` command would. The build itself is measured once more
with saving off, as the baseline of the read.

Targets (issue 16), printed beside the figures with PASS / MISS, never asserted:
every verb under 2 GB peak RSS at 10M tokens; ``summary()`` under 5 s after the
index. Nothing is downloaded; only the installed package is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import framing

TARGET_RSS_MB = 2048.0
TARGET_SUMMARY_S = 5.0

# (label, the call, with `c` the corpus)
VERBS = [
    ("index only (built, saving off: the baseline)", "None"),
    ("summary(c)", "framing.summary(c)"),
    ("tokens(c)", "framing.tokens(c)"),
    ("terms(c)", "framing.terms(c)"),
    ("frequencies(c, by='outlet')", "framing.frequencies(c, by='outlet')"),
    ("kwic(c, 'قوات')", "framing.kwic(c, 'قوات')"),
    ("kwic(c, 'هجوم*')", "framing.kwic(c, 'هجوم*')"),
    ("dispersion(c, 'قوات')", "framing.dispersion(c, 'قوات')"),
    ("collocates(c, 'قوات')", "framing.collocates(c, 'قوات')"),
    ("frame_counts(c)", "framing.frame_counts(c)"),
    ("frame_hits(c)", "framing.frame_hits(c)"),
    ("choices(c)", "framing.choices(c)"),
    ("ngrams(c, n=2)", "framing.ngrams(c, n=2)"),
    ("tfidf(c, by='outlet')", "framing.tfidf(c, by='outlet')"),
    ("keyness(c, 'outlet=Reuters')", "framing.keyness(c, 'outlet=Reuters')"),
]

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import framing
from framing.index import corpus_index
c = framing.load_corpus(sys.argv[1])
t1 = time.perf_counter()
corpus_index(c)
t2 = time.perf_counter()
result = eval(sys.argv[2], {"framing": framing, "c": c})
t3 = time.perf_counter()
rows = None if result is None else len(result)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load": t1 - t0, "index": t2 - t1, "verb": t3 - t2, "rows": rows, "rss_mb": rss}))
"""


def generate(tokens: int, folder: Path) -> Path:
    path = folder / f"realistic-{tokens}.csv"
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("realistic.py")), "--tokens", str(tokens),
                           "--out", str(path)], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"benchmarks/realistic.py failed: {done.stderr}")
    return path


def run(path: Path, call: str, cache: str) -> dict:
    env = {**os.environ, "FRAMING_INDEX_CACHE": cache}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), call], capture_output=True, text=True, env=env)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokens", type=int, default=10_000_000, help="size of the generated corpus (default 10M)")
    ap.add_argument("--corpus", type=Path, help="a corpus file of your own instead of the generated one")
    args = ap.parse_args(argv)
    if args.tokens < 1:
        ap.error("--tokens must be >= 1")
    print(f"framing {framing.__version__} | Python {platform.python_version()} | {platform.system()} "
          f"{platform.machine()} | {os.cpu_count()} CPUs | date {time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.corpus:
            path = args.corpus
        else:
            t = time.perf_counter()
            path = generate(args.tokens, tmp)
            print(f"generated {path.name} in {time.perf_counter() - t:.0f} s")
        corpus = framing.load_corpus(path)
        print(f"corpus: {path} ({path.stat().st_size / 1e6:.0f} MB), {len(corpus):,} documents"
              + ("" if args.corpus else f", {args.tokens:,} words"))
        del corpus
        cache = str(tmp / "index")
        rows = []
        first = run(path, "None", cache)  # builds and saves the index the others read
        rows.append(("index built and saved (first session)", first))
        for label, call in VERBS:
            rows.append((label, run(path, call, "off" if call == "None" else cache)))
    print()
    print("| what | load_corpus s | index s | verb s | rows | peak RSS MB | target | verdict |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    misses = 0
    for label, r in rows:
        if "error" in r:
            print(f"| {label} | | | | | | | ERROR: {r['error'][:100]} |")
            misses += 1
            continue
        goal = f"< {TARGET_RSS_MB / 1024:g} GB"
        ok = r["rss_mb"] < TARGET_RSS_MB
        if label.startswith("summary"):
            goal += f", verb < {TARGET_SUMMARY_S:g} s"
            ok = ok and r["verb"] < TARGET_SUMMARY_S
        misses += not ok
        print(f"| {label} | {r['load']:.1f} | {r['index']:.1f} | {r['verb']:.1f} | "
              f"{'' if r['rows'] is None else format(r['rows'], ',')} | {r['rss_mb']:.0f} | {goal} | "
              f"{'PASS' if ok else 'MISS'} |")
    print(f"\n{misses} miss(es)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
