"""Speed and memory of framing's text layer on a corpus scaled to ~1M tokens.

Run from the top of the repository:

    python benchmarks/bench_text.py                      # 1,000,000 tokens, 5 repeats, both corpora
    python benchmarks/bench_text.py --tokens 200000 --repeat 3 --corpus realistic

Two corpora, measured one after the other and then side by side
(``--corpus both``, the default):

- ``seeds``: the five bundled seed texts (``framing.load_corpus()``),
  repeated with distinct doc_ids (``afp_ar_2023_0``, ``afp_ar_2023_1`` ...)
  until it holds at least ``--tokens`` tokens (counted with
  ``framing.tokenizer.token_spans``, furniture included). Its vocabulary
  stays at the seeds' 1,315 forms, so it hides what grows with a vocabulary.
- ``realistic``: ``benchmarks/realistic.py`` at ``--tokens`` words, seed 0
  (115,258 normal forms at 1M tokens).

What is measured (see benchmarks/README.md for what each figure means):

1. normalise + tokenise throughput, in MB/s of UTF-8 text:
   ``framing.tokenizer.iter_tokens(text)`` consumed over every document (the
   target), plus ``token_spans`` alone, ``normalize`` alone, and a naive
   ``re.findall(r"\\w+", text)`` baseline, all in the same run.
2. KWIC: the one-time index build (``framing.index.corpus_index``; its cache
   is cleared before each repetition), then the latency of
   ``framing.kwic(corpus, q)`` for eight queries once the index exists, with
   a naive ``re`` scan over the raw texts as baseline (the shapes:
   word, word, phrase, wildcard, regex, a frequent word, a word with no hit,
   and a very frequent word left out of the verdict).
3. Memory of the index: tracemalloc peak during the build and what the built
   index retains, plus the process's peak RSS (ru_maxrss).

Targets are printed beside the figures with PASS / MISS; nothing asserts.
Only the installed package (and its dependency pandas) and the standard
library are needed.
"""

from __future__ import annotations

import argparse
import collections
import gc
import math
import os
import platform
import re
import statistics
import sys
import time
import tracemalloc

try:
    import resource
except ImportError:  # Windows
    resource = None

# The index is measured as built from the texts: none is read from or saved to disk (framing.indexstore)
os.environ["FRAMING_INDEX_CACHE"] = "off"

import framing  # noqa: E402
import framing.index  # noqa: E402
from framing.index import corpus_index  # noqa: E402
from framing.normalize import normalize  # noqa: E402
from framing.tokenizer import iter_tokens, token_spans  # noqa: E402

TARGET_MBPS = 5.0  # normalise + tokenise, MB/s, at least
TARGET_KWIC_MS = 50.0  # per query once the index exists, at most
TARGET_X_NAIVE = 20.0  # ... and at least this many times faster than a naive regex scan of the raw texts

# (label, query, mode, naive regex over the raw, unnormalised text)
# The naive patterns copy the clitic rule (و/ف, then ب/ك/ل/ال/بال/كال/لل,
# tanween alef) but do not normalise: diacritics or hamza spellings in the
# text make them miss, which the index does not.
_PRE = r"(?<!\w)(?:و|ف)?(?:بال|كال|لل|ال|ب|ك|ل)?"
QUERIES = [
    ("غزو", "غزو", "clitic", _PRE + r"غزوا?(?!\w)"),
    ("الانسحاب", "الانسحاب", "clitic", _PRE + r"انسحابا?(?!\w)"),
    ("عملية عسكرية (2 words)", "عملية عسكرية", "clitic",
     _PRE + r"عمليةا?\s+" + _PRE[len(r"(?<!\w)"):] + r"عسكريةا?(?!\w)"),
    ("هجوم* (wildcard)", "هجوم*", "clitic", _PRE + r"هجوم\w*"),
    ("ال.*ية (regex)", "ال.*ية", "regex", r"(?<!\w)ال\w*ية(?!\w)"),
    ("قوات (frequent word)", "قوات", "clitic", _PRE + r"قواتا?(?!\w)"),
    ("كنغر (no hit)", "كنغر", "clitic", _PRE + r"كنغرا?(?!\w)"),
    ("العراق (very frequent)", "العراق", "clitic", _PRE + r"عراقا?(?!\w)"),
]
#: Queries with more hits than the target is set for (a frequent word of about 20,000 hits in 1M tokens):
#: measured and shown, left out of the verdict.
NO_TARGET = {"العراق (very frequent)"}


# --------------------------------------------------------------------------- helpers


def build_corpus(target_tokens: int):
    """The seed corpus repeated (distinct doc_ids) until >= target_tokens tokens."""
    import pandas as pd

    base = framing.load_corpus()
    per_copy = sum(len(token_spans(t)) for t in base["text"])
    copies = max(1, math.ceil(target_tokens / per_copy))
    frames = []
    for i in range(copies):
        frame = base.copy()
        frame["doc_id"] = [f"{d}_{i}" for d in base["doc_id"]]
        frames.append(frame)
    corpus = pd.concat(frames, ignore_index=True)
    return base, corpus, copies, per_copy


def timed(fn, repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``fn``."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def maxrss_mb() -> float | None:
    if resource is None:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def table(headers, rows, align=None) -> str:
    """A plain-text table (also valid Markdown)."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) if cells else len(str(h)) for i, h in enumerate(headers)]
    align = align or ["<"] + [">"] * (len(headers) - 1)

    def line(r):
        return "| " + " | ".join(f"{c:{a}{w}}" for c, a, w in zip(r, align, widths)) + " |"

    sep = "| " + " | ".join(("-" * (w - 1) + ":") if a == ">" else "-" * w for a, w in zip(align, widths)) + " |"
    return "\n".join([line(headers), sep] + [line(r) for r in cells])


# --------------------------------------------------------------------------- benchmarks


def bench_throughput(texts, repeat: int):
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    mb = n_bytes / 1e6
    consume = collections.deque  # deque(it, maxlen=0): consume an iterator at C speed

    def tok_norm():  # the target: what the index does per document
        for t in texts:
            consume(iter_tokens(t), maxlen=0)

    def tok_norm_shared():  # as CorpusIndex calls it: one normal-form cache for the corpus
        cache: dict[str, str] = {}
        for t in texts:
            consume(iter_tokens(t, cache), maxlen=0)

    def spans_only():
        for t in texts:
            token_spans(t)

    def norm_only():
        for t in texts:
            normalize(t)

    word_re = re.compile(r"\w+")

    def naive():
        for t in texts:
            word_re.findall(t)

    cases = [
        ("iter_tokens (normalise + tokenise)", tok_norm, True),
        ("iter_tokens, one shared cache (as the index)", tok_norm_shared, False),
        ("token_spans (tokenise only)", spans_only, False),
        ("normalize (whole text of each document)", norm_only, False),
        (r're.findall(r"\w+") (naive baseline)', naive, False),
    ]
    results = []
    for label, fn, is_target in cases:
        fn()  # warm-up (compiles, caches)
        secs = timed(fn, repeat)
        med = statistics.median(secs)
        results.append((label, mb / med, mb / min(secs), med, is_target))
    return n_bytes, results


def bench_index(corpus, repeat: int):
    secs = []
    idx = None
    for _ in range(repeat):
        idx = None  # never two indexes alive at once (that would double the RSS)
        framing.index._CACHE.clear()
        gc.collect()
        t0 = time.perf_counter()
        idx = corpus_index(corpus)
        secs.append(time.perf_counter() - t0)
    return idx, secs  # the last index stays cached for the KWIC queries


def bench_memory(corpus):
    framing.index._CACHE.clear()
    gc.collect()
    tracemalloc.start()
    base_cur, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    idx = corpus_index(corpus)
    cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return idx, (peak - base_cur) / 1e6, (cur - base_cur) / 1e6


class FullGCWatch:
    """Count full (generation-2) garbage collections and their time."""

    def __init__(self):
        self.events: list[float] = []
        self._t0 = None

    def __call__(self, phase, info):
        if info["generation"] != 2:
            return
        if phase == "start":
            self._t0 = time.perf_counter()
        elif self._t0 is not None:
            self.events.append(time.perf_counter() - self._t0)
            self._t0 = None


def bench_kwic(corpus, texts, repeat: int):
    rows = []
    for label, query, mode, naive_pat in QUERIES:
        error = None
        secs = []
        hits = None
        watch = FullGCWatch()
        gc.callbacks.append(watch)
        try:
            for _ in range(repeat):
                t0 = time.perf_counter()
                res = framing.kwic(corpus, query, mode=mode)
                secs.append(time.perf_counter() - t0)
                hits = len(res)
                del res
        except Exception as err:  # report, never stop the run
            error = f"{type(err).__name__}: {err}"
        finally:
            gc.callbacks.remove(watch)
        pat = re.compile(naive_pat)

        def naive():
            return sum(1 for t in texts for _ in pat.finditer(t))

        naive_secs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            naive_hits = naive()
            naive_secs.append(time.perf_counter() - t0)
        rows.append(
            dict(label=label, query=query, mode=mode, secs=secs, hits=hits,
                 naive_secs=naive_secs, naive_hits=naive_hits, error=error, full_gc=watch.events)
        )
    return rows


# --------------------------------------------------------------------------- main


def realistic(target_tokens: int):
    """The generated corpus of benchmarks/realistic.py (seed 0) at ``target_tokens`` words (this script's
    folder is on sys.path)."""
    from realistic import realistic_corpus

    return realistic_corpus(target_tokens, seed=0)


def measure(name: str, corpus, repeat: int, expected=None) -> dict:
    """Sections 1-3 on one corpus, printed; returns the figures for the side-by-side summary.

    ``expected(label, hits)`` gives the hit count a query must have (the
    repeated seeds: the seeds' own count times the copies), or None.
    """
    texts = corpus["text"].tolist()
    n_tokens = sum(len(token_spans(t)) for t in texts)
    print(f"=== {name}: {len(corpus):,} documents, {n_tokens:,} tokens (token_spans, furniture included)\n")

    # 1. throughput ---------------------------------------------------------------
    n_bytes, thr = bench_throughput(texts, repeat)
    n_chars = sum(map(len, texts))
    print(f"1. Normalise + tokenise: {n_bytes / 1e6:.1f} MB of UTF-8 ({n_chars / 1e6:.1f} M characters)")
    print(table(
        ["what", "MB/s (median)", "MB/s (best)", "s per pass", "target", "verdict"],
        [(lab, f"{m:.1f}", f"{b:.1f}", f"{s:.3f}",
          f">= {TARGET_MBPS:g} MB/s" if tgt else "", verdict(m >= TARGET_MBPS) if tgt else "")
         for lab, m, b, s, tgt in thr],
    ))
    print()

    # 2. index + KWIC ------------------------------------------------------------
    gc.collect()
    rss_before = maxrss_mb()  # high-water mark before this corpus's index exists
    idx, build_secs = bench_index(corpus, repeat)
    rss_after = maxrss_mb()  # ... and once one index has been built (one alive at a time)
    print(f"2. KWIC. One-time index build (corpus_index, cache cleared each time): "
          f"median {statistics.median(build_secs):.2f} s, min {min(build_secs):.2f} s, "
          f"max {max(build_secs):.2f} s; {idx.n_tokens:,} tokens indexed (furniture left out), "
          f"{len(idx.postings):,} distinct normal forms")
    n_indexed, n_forms = idx.n_tokens, len(idx.postings)
    kw = bench_kwic(corpus, texts, repeat)
    kw_rows = []
    for r in kw:
        if r["error"]:
            kw_rows.append((r["label"], r["mode"], "ERROR", "", "", "", "", "", "", "", "MISS"))
            continue
        med, mx = statistics.median(r["secs"]) * 1e3, max(r["secs"]) * 1e3
        want = expected(r["label"], r["hits"]) if expected else None
        hits = f"{r['hits']:,}" + ("" if want is None or r["hits"] == want else f" (expected {want:,}!)")
        naive = statistics.median(r["naive_secs"]) * 1e3
        if r["label"] in NO_TARGET:
            goal, said = "(none)", ""
        else:
            goal = f"<= {TARGET_KWIC_MS:g} ms, >= {TARGET_X_NAIVE:g}x"
            said = (verdict(med <= TARGET_KWIC_MS) + ("" if mx <= TARGET_KWIC_MS else " (max over)")
                    + ", " + verdict(naive / med >= TARGET_X_NAIVE))
        kw_rows.append((
            r["label"], r["mode"], hits, f"{med:.1f}", f"{mx:.1f}", f"{med * 1e3 / max(1, r['hits']):.1f}",
            f"{r['naive_hits']:,}", f"{naive:.1f}", f"{naive / med:.1f}x", goal, said,
        ))
    print(table(
        ["query", "mode", "hits", "kwic ms (median)", "kwic ms (max)", "µs per hit", "naive re hits",
         "naive re ms (median)", "x naive", "target", "verdict (ms, x)"],
        kw_rows,
        ["<", "<", ">", ">", ">", ">", ">", ">", ">", ">", "<"],
    ))
    for r in kw:
        if r["error"]:
            print(f"   ! {r['label']}: {r['error']}")
        if r["full_gc"]:
            print(f"   note: {r['label']}: {len(r['full_gc'])} full garbage collection(s) of "
                  f"{', '.join(f'{x * 1e3:.0f} ms' for x in r['full_gc'])} ran inside the timed calls")
    print()

    # 3. memory ----------------------------------------------------------------------
    del idx
    framing.index._CACHE.clear()
    _, peak_mb, kept_mb = bench_memory(corpus)
    framing.index._CACHE.clear()
    print("3. Memory of the index (tracemalloc: one extra build, not timed, since tracing slows it)")
    mem_rows = [
        ("tracemalloc peak during the build", f"{peak_mb:.0f} MB"),
        ("retained by the built index",
         f"{kept_mb:.0f} MB ({kept_mb * 1e6 / max(1, n_indexed):.0f} bytes per indexed token)"),
    ]
    if rss_after is not None:
        mem_rows += [
            ("process peak RSS (ru_maxrss) before this index", f"{rss_before:.0f} MB"),
            ("process peak RSS (ru_maxrss) with the index built",
             f"{rss_after:.0f} MB (+{rss_after - rss_before:.0f} MB)"),
        ]
    print(table(["what", "figure"], mem_rows, ["<", ">"]))
    print()
    return dict(name=name, tokens=n_tokens, forms=n_forms, mbps=next(m for lab, m, b, s, tgt in thr if tgt),
                build=statistics.median(build_secs), kept_mb=kept_mb, peak_mb=peak_mb, kwic=kw)


def side_by_side(results: list) -> None:
    """One row per query, one pair of columns (kwic, and how many times faster than the naive scan) per corpus."""
    print("Side by side: KWIC median ms (and the naive re scan's median over it) per corpus")
    names = [r["name"] for r in results]
    headers = ["query"] + [h for n in names for h in (f"{n}: hits", f"{n}: kwic ms", f"{n}: x naive")]
    rows = []
    for i, (label, *_rest) in enumerate(QUERIES):
        row = [label]
        for r in results:
            q = r["kwic"][i]
            if q["error"]:
                row += ["ERROR", "", ""]
                continue
            med, naive = statistics.median(q["secs"]), statistics.median(q["naive_secs"])
            row += [f"{q['hits']:,}", f"{med * 1e3:.1f}", f"{naive / med:.1f}x"]
        rows.append(row)
    for what, key, fmt in [("distinct normal forms", "forms", "{:,}"), ("index build, s", "build", "{:.2f}"),
                           ("index retained, MB", "kept_mb", "{:.0f}"),
                           ("normalise + tokenise, MB/s", "mbps", "{:.1f}")]:
        rows.append([what] + [c for r in results for c in ("", fmt.format(r[key]), "")])
    print(table(headers, rows, ["<"] + [">"] * (len(headers) - 1)))
    print()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokens", type=int, default=1_000_000, help="corpus size in tokens (default 1000000)")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions of each measurement (default 5)")
    ap.add_argument("--corpus", choices=["both", "seeds", "realistic"], default="both",
                    help="the repeated seeds, the generated realistic corpus, or both side by side (default)")
    args = ap.parse_args(argv)
    if args.tokens < 1 or args.repeat < 1:
        ap.error("--tokens and --repeat must be >= 1")

    t_start = time.perf_counter()
    print(f"framing {framing.__version__} | Python {platform.python_version()} | "
          f"{platform.system()} {platform.machine()} | date {time.strftime('%Y-%m-%d')} | repeat = {args.repeat}\n")
    framing.kwic(framing.load_corpus(), "غزو")  # import the display module etc. outside the timings
    results = []
    if args.corpus in ("both", "seeds"):
        base, corpus, copies, per_copy = build_corpus(args.tokens)
        base_hits = {label: len(framing.kwic(base, q, mode=m)) for label, q, m, _ in QUERIES}
        print(f"seeds = the {len(base)} seed texts repeated {copies} times (distinct doc_ids)")
        results.append(measure("seeds", corpus, args.repeat, lambda label, hits: base_hits[label] * copies))
        del corpus
    if args.corpus in ("both", "realistic"):
        print("realistic = benchmarks/realistic.py, seed 0")
        results.append(measure("realistic", realistic(args.tokens), args.repeat))
    if len(results) > 1:
        side_by_side(results)

    print("Summary")
    rows = []
    for r in results:
        targeted = [q for q in r["kwic"] if q["label"] not in NO_TARGET]
        ok_kw = [q for q in targeted if not q["error"]]
        worst = max((statistics.median(q["secs"]) * 1e3 for q in ok_kw), default=float("nan"))
        all_kw = len(ok_kw) == len(targeted) and worst <= TARGET_KWIC_MS
        fast = [q for q in ok_kw if statistics.median(q["naive_secs"]) / statistics.median(q["secs"]) >= TARGET_X_NAIVE]
        rows += [
            (f"{r['name']}: normalise + tokenise >= {TARGET_MBPS:g} MB/s", f"{r['mbps']:.1f} MB/s",
             verdict(r["mbps"] >= TARGET_MBPS)),
            (f"{r['name']}: KWIC <= {TARGET_KWIC_MS:g} ms per query (after the index)",
             f"slowest median {worst:.1f} ms", verdict(all_kw)),
            (f"{r['name']}: KWIC >= {TARGET_X_NAIVE:g}x the naive re scan",
             f"{len(fast)} of {len(targeted)} queries", verdict(len(fast) == len(targeted))),
            (f"{r['name']}: one-time index build (no target)", f"{r['build']:.2f} s", ""),
            (f"{r['name']}: index memory (no target)",
             f"{r['kept_mb']:.0f} MB retained, {r['peak_mb']:.0f} MB peak", ""),
        ]
    print(table(["target", "measured", "verdict"], rows, ["<", ">", "<"]))
    print(f"\ntotal run time {time.perf_counter() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
