"""Benchmark the analysis layer: import time, TF-IDF and frame counting at scale.

    python benchmarks/bench_analysis.py [--docs 20000] [--repeat 3]

Prints figures and PASS / MISS against the targets (it never asserts):
- ``import framing`` <= 0.3 s (a fresh interpreter each time; scikit-learn,
  seaborn and pandas are imported lazily);
- TF-IDF on a corpus scaled to 20,000 articles <= 10 s.
Frame counting (lexicon hits, rates and bootstrap intervals) is reported at the
same scale, when framing.frames is present; ngrams and validate_lexicon on about a
million tokens, each beside a baseline measured in the same run.

The corpus repeats the five seed texts with distinct doc_ids, so its vocabulary
is small (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time


def import_time(repeat: int) -> list[float]:
    code = "import time; t = time.perf_counter(); import framing; print(time.perf_counter() - t)"
    return [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(repeat)]


def scaled_corpus(n_docs: int):
    import pandas as pd

    import framing

    seeds = framing.load_corpus()
    copies = -(-n_docs // len(seeds))
    frames = []
    for i in range(copies):
        part = seeds.copy()
        part["doc_id"] = part["doc_id"] + f"_{i}"
        frames.append(part)
    return pd.concat(frames, ignore_index=True).head(n_docs)


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return times, result


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    import framing

    print(f"framing {framing.__version__} | Python {platform.python_version()} | {platform.system()} "
          f"{platform.machine()} | {time.strftime('%Y-%m-%d')}")
    rows = []

    t_import = import_time(max(args.repeat, 5))
    med = statistics.median(t_import)
    rows.append(("import framing (fresh interpreter)", f"{med:.3f} s median, {min(t_import):.3f} s best", "<= 0.3 s", verdict(med, 0.3)))

    corpus = scaled_corpus(args.docs)
    n_chars = int(corpus.text.str.len().sum())
    print(f"corpus: {len(corpus):,} documents (the 5 seed texts repeated), {n_chars / 1e6:.1f} M characters")

    for by in ("doc", "outlet"):
        times, table = timed(lambda: framing.tfidf(corpus, by=by), args.repeat)
        med = statistics.median(times)
        rows.append((f"tfidf(corpus, by={by!r})", f"{med:.2f} s median ({len(table):,} rows)", "<= 10 s", verdict(med, 10)))
    from framing.terms import doc_terms

    times, terms = timed(lambda: doc_terms(corpus), args.repeat)
    rows.append(("  of which: terms of every document (doc_terms)", f"{statistics.median(times):.2f} s median "
                 f"({sum(map(len, terms)):,} terms)", "", ""))
    times, sim = timed(lambda: framing.similarity(corpus.head(2000)), 1)
    rows.append(("similarity (first 2,000 documents)", f"{times[0]:.2f} s", "", ""))

    try:
        from framing.frames import frame_counts
    except ImportError:
        frame_counts = None
    if frame_counts is not None:
        times, counts = timed(lambda: frame_counts(corpus, "seeds", by="outlet"), args.repeat)
        rows.append(("frame_counts(corpus, 'seeds', by='outlet') incl. bootstrap",
                     f"{statistics.median(times):.2f} s median ({int(counts['hits'].sum()):,} hits)", "", ""))

    # notebook 06's verbs on about a million tokens (the seeds hold 2,864 tokens in 5 texts: 1,750 texts)
    million = scaled_corpus(1750)
    n_tokens = int(sum(len(t) for t in doc_terms(million, stopwords=True)))
    times, grams = timed(lambda: framing.ngrams(million, n=2, by="outlet"), args.repeat)

    def naive_bigrams():  # the baseline: a Counter over each document's terms, no clause breaks, no stopword rule
        from collections import Counter

        counts = Counter()
        for words in doc_terms(million):
            counts.update(zip(words, words[1:]))
        return counts

    base, _ = timed(naive_bigrams, args.repeat)
    rows.append((f"ngrams(n=2, by='outlet'), {n_tokens / 1e6:.2f} M tokens",
                 f"{statistics.median(times):.2f} s median ({len(grams):,} rows)",
                 f"baseline {statistics.median(base):.2f} s (Counter of bigrams over doc_terms)", ""))
    import numpy as np

    sheet = framing.coding_sheet(million, n=400, seed=0, frames=["war_invasion", "presence", "withdrawal",
                                                                  "iran_influence"], coder="bench")
    rng = np.random.default_rng(0)
    for frame in ["war_invasion", "presence", "withdrawal", "iran_influence"]:
        sheet[frame] = rng.integers(0, 2, len(sheet))
    times, _ = timed(lambda: framing.validate_lexicon(million, "seeds", sheet), args.repeat)
    base, _ = timed(lambda: framing.frame_hits(million, "seeds"), args.repeat)
    rows.append((f"validate_lexicon(400 coded paragraphs), {n_tokens / 1e6:.2f} M tokens",
                 f"{statistics.median(times):.2f} s median", f"baseline {statistics.median(base):.2f} s "
                 "(frame_hits alone, which it calls)", ""))

    width = max(len(r[0]) for r in rows)
    print(f"\n| {'what':<{width}} | figure | target | verdict |\n| {'-' * width} | --- | --- | --- |")
    for what, figure, target, result in rows:
        print(f"| {what:<{width}} | {figure} | {target} | {result} |")


if __name__ == "__main__":
    main()
