"""Benchmark the analysis layer: import time, TF-IDF and frame counting at scale.

    python benchmarks/bench_analysis.py [--docs 20000] [--repeat 3] [--corpus both|seeds|realistic]

Prints figures and PASS / MISS against the targets (it never asserts):
- ``import framing`` <= 0.3 s (a fresh interpreter each time; scikit-learn,
  seaborn and pandas are imported lazily);
- TF-IDF on a corpus scaled to 20,000 articles <= 10 s.
Frame counting (lexicon hits, rates and bootstrap intervals) is reported at the
same scale, when framing.frames is present; ngrams and validate_lexicon on about a
million tokens, each beside a baseline measured in the same run.

Two corpora, one after the other, then side by side: the five seed texts repeated
with distinct doc_ids (a small vocabulary, see benchmarks/README.md), and
benchmarks/realistic.py's corpus of as many tokens (a vocabulary that grows as a
real one does). No index is read from or saved to disk (framing.indexstore).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

os.environ["FRAMING_INDEX_CACHE"] = "off"  # measured as built from the texts, in every run


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


def realistic(tokens: int):
    """benchmarks/realistic.py's corpus (seed 0) of ``tokens`` words (this script's folder is on sys.path)."""
    from realistic import realistic_corpus

    return realistic_corpus(tokens, seed=0)


def measure(name: str, corpus, million, repeat: int) -> list:
    """The rows of one corpus: TF-IDF and frame counting on ``corpus``, notebook 06's verbs on ``million``."""
    import numpy as np

    import framing
    from framing.terms import doc_terms

    n_chars = int(corpus.text.str.len().sum())
    print(f"{name}: {len(corpus):,} documents, {n_chars / 1e6:.1f} M characters; "
          f"a million tokens: {len(million):,} documents")
    rows = []
    for by in ("doc", "outlet"):
        times, table = timed(lambda: framing.tfidf(corpus, by=by), repeat)
        med = statistics.median(times)
        rows.append((f"tfidf(corpus, by={by!r})", f"{med:.2f} s median ({len(table):,} rows)", "<= 10 s",
                     verdict(med, 10)))
    times, terms = timed(lambda: doc_terms(corpus), repeat)
    rows.append(("  of which: terms of every document (doc_terms)", f"{statistics.median(times):.2f} s median "
                 f"({sum(map(len, terms)):,} terms)", "", ""))
    times, sim = timed(lambda: framing.similarity(corpus.head(2000)), 1)
    rows.append(("similarity (first 2,000 documents)", f"{times[0]:.2f} s", "", ""))
    times, counts = timed(lambda: framing.frame_counts(corpus, "seeds", by="outlet"), repeat)
    rows.append(("frame_counts(corpus, 'seeds', by='outlet') incl. bootstrap",
                 f"{statistics.median(times):.2f} s median ({int(counts['hits'].sum()):,} hits)", "", ""))

    n_tokens = int(sum(len(t) for t in doc_terms(million, stopwords=True)))
    times, grams = timed(lambda: framing.ngrams(million, n=2, by="outlet"), repeat)

    def naive_bigrams():  # the baseline: a Counter over each document's terms, no clause breaks, no stopword rule
        from collections import Counter

        counts = Counter()
        for words in doc_terms(million):
            counts.update(zip(words, words[1:]))
        return counts

    base, _ = timed(naive_bigrams, repeat)
    rows.append((f"ngrams(n=2, by='outlet'), {n_tokens / 1e6:.2f} M tokens",
                 f"{statistics.median(times):.2f} s median ({len(grams):,} rows)",
                 f"baseline {statistics.median(base):.2f} s (Counter of bigrams over doc_terms)", ""))
    frames = ["war_invasion", "presence", "withdrawal", "iran_influence"]
    sheet = framing.coding_sheet(million, n=400, seed=0, frames=frames, coder="bench")
    rng = np.random.default_rng(0)
    for frame in frames:
        sheet[frame] = rng.integers(0, 2, len(sheet))
    times, _ = timed(lambda: framing.validate_lexicon(million, "seeds", sheet), repeat)
    base, _ = timed(lambda: framing.frame_hits(million, "seeds"), repeat)
    rows.append((f"validate_lexicon(400 coded paragraphs), {n_tokens / 1e6:.2f} M tokens",
                 f"{statistics.median(times):.2f} s median", f"baseline {statistics.median(base):.2f} s "
                 "(frame_hits alone, which it calls)", ""))
    return rows


def print_rows(rows) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"\n| {'what':<{width}} | figure | target | verdict |\n| {'-' * width} | --- | --- | --- |")
    for what, figure, target, result in rows:
        print(f"| {what:<{width}} | {figure} | {target} | {result} |")
    print()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=20000, help="documents of the repeated seeds (default 20000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", choices=["both", "seeds", "realistic"], default="both",
                    help="the repeated seeds, benchmarks/realistic.py's corpus of as many tokens, or both (default)")
    args = ap.parse_args(argv)

    import framing
    from framing.terms import doc_terms

    print(f"framing {framing.__version__} | Python {platform.python_version()} | {platform.system()} "
          f"{platform.machine()} | {time.strftime('%Y-%m-%d')}")
    t_import = import_time(max(args.repeat, 5))
    med = statistics.median(t_import)
    print_rows([("import framing (fresh interpreter)", f"{med:.3f} s median, {min(t_import):.3f} s best",
                 "<= 0.3 s", verdict(med, 0.3))])

    seeds = scaled_corpus(args.docs)
    n_tokens = int(sum(len(t) for t in doc_terms(seeds, stopwords=True)))
    results = {}
    if args.corpus in ("both", "seeds"):  # the seeds hold 2,864 tokens in 5 texts: 1,750 texts make a million
        results["seeds"] = measure("seeds (the 5 seed texts repeated)", seeds, scaled_corpus(1750), args.repeat)
        print_rows(results["seeds"])
    del seeds
    if args.corpus in ("both", "realistic"):
        results["realistic"] = measure(f"realistic ({n_tokens:,} tokens, as many as the seeds')",
                                       realistic(n_tokens), realistic(1_000_000), args.repeat)
        print_rows(results["realistic"])
    if len(results) == 2:
        print("Side by side")
        print("| what | seeds | realistic |\n| --- | --- | --- |")
        for (what, a, *_), (_, b, *_) in zip(results["seeds"], results["realistic"]):
            print(f"| {what.strip()} | {a} | {b} |")


if __name__ == "__main__":
    main()
