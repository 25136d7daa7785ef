"""Frames: count a lexicon's terms in a corpus, with the KWIC lines behind every count.

:func:`frame_hits` lists every hit (a concordance with ``frame`` and
``term`` columns); :func:`frame_counts` counts them per outlet, event or
document, as a rate per 1,000 tokens with a bootstrap confidence interval.
Every count in :func:`frame_counts` is a number of rows of
:func:`frame_hits`: filter the concordance to see them.

Matching
--------
Each Arabic term of the lexicon is searched as :func:`framing.kwic` searches
a query (same index, same rule; ``mode="clitic"`` by default, see
:mod:`framing.match`): a phrase matches consecutive tokens, ``*`` stands for
any letters, pronoun suffixes are not stripped (``هجوم`` does not find
``هجومها``; write ``هجوم*`` for that).

Overlapping terms
-----------------
When two terms of the same frame match overlapping tokens (``شراكة`` and
``شراكة استراتيجية`` in ``الشراكة الاستراتيجية``), the longest match wins
(ties: the one that starts first, then the term listed first) and the others
are dropped: each token counts at most once per frame. Across frames nothing
is dropped: a token may count for two frames. Terms are never listed in two
frames (:func:`framing.lexicon.load_lexicon` refuses it).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from framing.display import as_table
from framing.groups import BY, group_labels
from framing.index import corpus_index
from framing.lexicon import load_lexicon
from framing.match import MODES
from framing.params import CORPUS, Boolean, Checked, Number, Options, Text, Whole, validate_params
from framing.search import hits_table, match_terms

__all__ = ["frame_hits", "frame_counts", "BY", "UNITS"]

#: Accepted values of ``unit``: what the bootstrap resamples.
UNITS = ("paragraph", "sentence")

# A sentence ends at a line break or at . ! ? ؟ (a "." between two digits, as
# in 2.5, does not end one).
_SENTENCE_END = re.compile(r"\n|[!?\u061f]|(?<!\d)\.|\.(?!\d)")


# --------------------------------------------------------------------------
# frame_hits
# --------------------------------------------------------------------------


def _lexicon_hits(corpus, lexicon, mode, furniture, verb):
    lex = load_lexicon(lexicon)
    idx = corpus_index(corpus, furniture=furniture)
    entries = list(lex.terms[["frame", "term"]].itertuples(index=False, name=None))
    return lex, idx, match_terms(idx, entries, mode, f"lexicon {lex.source}")


@validate_params({
    "corpus": [CORPUS], "lexicon": [Checked("load_lexicon")], "mode": [Options(MODES)], "furniture": [Boolean()], "window": [Whole(0)],
})
def frame_hits(corpus, lexicon="seeds", *, mode: str = "clitic", furniture: bool = False, window: int = 5):
    """Every hit of every term of a frame lexicon, in context: the lines behind the counts.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    lexicon : str, Path, dict, pandas.DataFrame or Lexicon, default "seeds"
        Anything :func:`framing.lexicon.load_lexicon` takes: a bundled name,
        a YAML file, a dict, a tidy ``frame, term`` table.
    mode : {"clitic", "exact", "regex"}, default "clitic"
        How each term is matched (:mod:`framing.match`).
    furniture : bool, default False
        Also search page furniture, credit lines and captions.
    window : int, default 5
        Tokens of context on each side.

    Returns
    -------
    Concordance (a pandas.DataFrame)
        One row per hit, in document order: ``doc_id``, ``outlet``,
        ``event`` (if the corpus has one), ``frame`` (the frame's id),
        ``term`` (the lexicon's term that matched), ``before``, ``match``,
        ``after``, ``start``, ``end`` (character offsets in ``text``).
        Overlapping matches within a frame are counted once, the longest
        winning (see the module doc).

    Examples
    --------
    >>> import framing
    >>> from framing.frames import frame_hits
    >>> corpus = framing.load_corpus()
    >>> hits = frame_hits(corpus, window=2)
    >>> hits[hits.frame == "war_operation"][["outlet", "term", "match"]]
            outlet          term         match
    3   AFP-French        هجومها        هجومها
    31  AFP-Arabic  عملية عسكرية  عملية عسكرية
    >>> p = hits[(hits.frame == "partnership") & (hits.doc_id == "afp_fr_2023")]
    >>> p[["term", "match"]]     # the longer phrase wins: not also counted as شراكة
                   term                 match
    0  شراكة استراتيجية  الشراكة الاستراتيجية
    7  شراكة استراتيجية  الشراكة الاستراتيجية
    """
    lex, idx, hits = _lexicon_hits(corpus, lexicon, mode, furniture, "frame_hits")
    return hits_table(idx, hits, window, ["frame", "term"], lambda f, t: {"frame": f, "term": t},
                      f"lexicon {lex.name!r}")


# --------------------------------------------------------------------------
# frame_counts
# --------------------------------------------------------------------------


_LINE_END = re.compile("\n")


def _unit_of_tokens(doc, unit: str) -> list[int]:
    """For each kept token of ``doc``, the number of the paragraph / sentence it starts in."""
    if unit == "paragraph":
        ends = [m.start() for m in _LINE_END.finditer(doc.text)]
    else:
        ends = [m.start() for m in _SENTENCE_END.finditer(doc.text)]
    return [bisect_right(ends, s) for s in doc.starts]


def _bootstrap(rng, tokens, hits, n_boot: int, ci: float):
    """Percentile interval of 1000 * hits / tokens, resampling the rows (units) with replacement."""
    import numpy as np

    n = len(tokens)
    tokens, hits = tokens.astype(float), hits.astype(float)  # float products use BLAS: fast
    rates = np.empty((n_boot, hits.shape[1]))
    chunk = max(1, 2_000_000 // n)
    for start in range(0, n_boot, chunk):
        m = min(chunk, n_boot - start)
        draws = rng.integers(0, n, size=(m, n))
        weights = np.bincount((draws + n * np.arange(m)[:, None]).ravel(), minlength=m * n).reshape(m, n)
        rates[start:start + m] = 1000 * (weights @ hits) / (weights @ tokens)[:, None]
    alpha = 1 - ci
    return np.quantile(rates, [alpha / 2, 1 - alpha / 2], axis=0)


@validate_params({
    "corpus": [CORPUS], "lexicon": [Checked("load_lexicon")], "by": [Text()], "n_boot": [Whole(1)],
    "ci": [Number(0, 1, open=True, text="a number between 0 and 1 (0.95 for a 95% interval)")],
    "seed": [None, Whole(0)], "unit": [Options(UNITS)], "mode": [Options(MODES)], "furniture": [Boolean()],
})
def frame_counts(
    corpus,
    lexicon="seeds",
    by: str = "outlet",
    *,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int | None = 0,
    unit: str = "paragraph",
    mode: str = "clitic",
    furniture: bool = False,
):
    """Hits of each frame per outlet (event, document), per 1,000 tokens, with a bootstrap interval.

    For group ``g`` and frame ``f``::

        hits    = rows of frame_hits(corpus, lexicon) for f in g
        tokens  = tokens of the texts of g (furniture left out, as in framing.summary)
        rate    = 1000 * hits / tokens

    The interval (``ci_low``, ``ci_high``) is a percentile bootstrap: the
    texts of ``g`` are cut into units (paragraphs, or sentences); ``n_boot``
    times, as many units as ``g`` has (``n_units``) are drawn with
    replacement and the rate recomputed from their hits and tokens; the
    interval runs from the ``(1 - ci) / 2`` to the ``(1 + ci) / 2``
    quantile of those rates (``numpy.quantile``, default method). Units are
    drawn within each group, with one ``numpy.random.default_rng(seed)``
    for the whole table (groups in table order; all frames of a group share
    the same draws), so the same seed gives the same intervals.

    Read the width. With five short texts a group has 11 to 27 paragraphs,
    and a frame that a text names twice has an interval from 0 to twice its
    rate: one paragraph more or less changes everything. A frame a group
    never names gets [0, 0]: the bootstrap cannot see what the sample never
    shows, so that is not certainty that the outlet never uses the frame.
    The units are also not independent (paragraphs of one story), which
    makes even these intervals too narrow.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    lexicon : str, Path, dict, pandas.DataFrame or Lexicon, default "seeds"
        As for :func:`frame_hits`.
    by : str, default "outlet"
        The groups: ``"outlet"``, ``"event"``, or any other metadata column
        (one group per value, e.g. ``"machine_translated"``); ``"doc"``
        gives one group per document (columns ``doc_id``, ``outlet``,
        ``event``). The same grammar as :func:`framing.tfidf`'s ``by``.
    n_boot : int, default 1000
        Number of bootstrap resamples.
    ci : float, default 0.95
        Coverage of the interval.
    seed : int or None, default 0
        Seed of the generator; ``None`` draws a fresh one each call.
    unit : {"paragraph", "sentence"}, default "paragraph"
        What is resampled. A paragraph is a line of the text: the text is
        cut at every line break (``\\n``), blank lines and lines with no
        token counted (furniture, when left out) dropped. A sentence ends at
        a line break or at ``.`` ``!`` ``?`` ``؟`` (not a ``.`` between two
        digits). A hit belongs to the unit of its first token.
    mode : {"clitic", "exact", "regex"}, default "clitic"
    furniture : bool, default False
        Count (and search) page furniture, credit lines and captions too.

    Returns
    -------
    pandas.DataFrame
        One row per group and frame (frames in lexicon order, a frame with
        no hit included): the group column(s), ``frame``, ``hits``,
        ``tokens``, ``rate``, ``ci_low``, ``ci_high``, ``n_units``.

    Examples
    --------
    >>> import framing
    >>> from framing.frames import frame_counts
    >>> corpus = framing.load_corpus()
    >>> counts = frame_counts(corpus)
    >>> counts[counts.frame == "war_invasion"].round(1)
            outlet         frame  hits  tokens  rate  ci_low  ci_high  n_units
    0   AFP-French  war_invasion     2     478   4.2     0.0     10.3       16
    17  AFP-Arabic  war_invasion     1     754   1.3     0.0      4.2       27
    34     Reuters  war_invasion     5     496  10.1     3.4     18.5       19
    51     unknown  war_invasion     0     480   0.0     0.0      0.0       11
    68  Al-Monitor  war_invasion     0     656   0.0     0.0      0.0       18

    Two hits in 478 tokens: 4.2 per 1,000, and anything from 0 to 10.3 is
    as compatible with these 16 paragraphs. The interval is what to compare,
    not the rate.
    """
    import numpy as np
    import pandas as pd

    cols, labels = group_labels(corpus, by, "frame_counts")
    lex, idx, hits = _lexicon_hits(corpus, lexicon, mode, furniture, "frame_counts")
    frames = lex.frames["id"].tolist()
    fpos = {f: i for i, f in enumerate(frames)}

    per_doc_hits: dict = {}
    for d, t, _n, frame, _term in hits:
        per_doc_hits.setdefault(d, []).append((t, fpos[frame]))
    groups: dict = {}
    for d, doc in enumerate(idx.docs):
        units = _unit_of_tokens(doc, unit)
        present = sorted(set(units))
        number = {u: i for i, u in enumerate(present)}
        tokens = np.zeros(len(present), dtype=np.int64)
        counts = np.zeros((len(present), len(frames)), dtype=np.int64)
        for u in units:
            tokens[number[u]] += 1
        for t, f in per_doc_hits.get(d, ()):
            counts[number[units[t]], f] += 1
        tok_list, hit_list = groups.setdefault(labels[d], ([], []))
        tok_list.append(tokens)
        hit_list.append(counts)

    rng = np.random.default_rng(seed)
    rows = []
    for label, (tok_list, hit_list) in groups.items():
        tokens = np.concatenate(tok_list)
        counts = np.vstack(hit_list)
        total = int(tokens.sum())
        found = counts.sum(axis=0)
        if len(tokens):
            low, high = _bootstrap(rng, tokens, counts, n_boot, ci)
        else:
            low = high = np.full(len(frames), np.nan)
        for i, frame in enumerate(frames):
            row = dict(zip(cols, label))
            row.update(
                frame=frame,
                hits=int(found[i]),
                tokens=total,
                rate=1000 * found[i] / total if total else np.nan,
                ci_low=float(low[i]),
                ci_high=float(high[i]),
                n_units=len(tokens),
            )
            rows.append(row)
    columns = cols + ["frame", "hits", "tokens", "rate", "ci_low", "ci_high", "n_units"]
    return as_table(pd.DataFrame(rows, columns=columns))
