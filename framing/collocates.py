"""Collocates: the terms found near a query's hits, and how surprising that is.

The hits are found exactly as :func:`framing.kwic` finds them, and the
terms within ``window`` tokens of them are counted and scored by
log-likelihood G2 (as in :func:`framing.keyness.keyness`) and pointwise
mutual information. The formulas are in :func:`collocates`.
"""

from __future__ import annotations

from collections import Counter

from framing.display import as_table
from framing.index import corpus_index
from framing.keyness import log_likelihood
from framing.match import MODES, parse_query
from framing.params import (
    CORPUS,
    Boolean,
    Options,
    Selection,
    Text,
    Whole,
    validate_params,
)
from framing.progress import progress
from framing.search import hits_by_doc
from framing.stopwords import stopwords as stop_list
from framing.terms import counted, term
from framing.validate import select_docs

__all__ = ["collocates"]


@validate_params({
    "corpus": [CORPUS], "query": [Text()], "window": [Whole(1)], "mode": [Options(MODES)],
    "stopwords": [Boolean()], "furniture": [Boolean()], "fold_taa": [Boolean()], "min_count": [Whole(1)],
    "outlet": [None, Selection()], "event": [None, Selection()],
})
def collocates(
    corpus,
    query: str,
    window: int = 5,
    *,
    mode: str = "clitic",
    stopwords: bool = False,
    furniture: bool = False,
    fold_taa: bool = False,
    min_count: int = 1,
    outlet=None,
    event=None,
):
    """Terms that occur within ``window`` tokens of the hits of ``query``.

    The hits are found exactly as :func:`framing.kwic` finds them (same
    query, ``mode``, ``outlet``, ``event``, ``furniture``), and a window of
    ``window`` tokens is taken on each side of each hit, as
    ``kwic(corpus, query, window)`` shows it: the window counts every
    token, stopwords included. Then tokens in two windows (hits close
    together) are counted once, the hits' own tokens are never counted,
    and stopwords and numbers are not counted (unless ``stopwords=True``),
    exactly as in :func:`framing.terms`.

    With ``n`` the term's count in the windows, ``n_corpus`` its count in the
    documents searched, ``W`` the number of terms counted in the windows
    (``result.attrs["window_tokens"]``) and ``N`` the number of terms counted in
    the documents searched (``result.attrs["corpus_tokens"]``)::

        ll = G2 with a = n, b = n_corpus - n, c = W, d = N - W
             E1 = c * (a + b) / (c + d)     E2 = d * (a + b) / (c + d)
             G2 = 2 * (a * ln(a / E1) + b * ln(b / E2))    (0 * ln 0 = 0)
             negative when the term is relatively rarer in the windows than outside
        mi = log2(n * N / (n_corpus * W))

    ``ll`` is the keyness G2 of :func:`framing.keyness.keyness` with the windows
    as target and the rest of the documents searched (hits included) as
    reference. ``mi`` (pointwise mutual information, Church & Hanks 1990) is
    log2 of how many times more frequent the term is in the windows than in
    the documents as a whole: 1 means twice as frequent. ``W`` is counted, not
    estimated: some tools take hits x 2 x window instead, which is larger when
    windows overlap, reach a document's edge or hold stopwords. MI rewards rare
    terms (a term seen once, next to the query, scores high): read it with ``n``.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    query : str
        As in :func:`framing.kwic`: one word or several consecutive ones;
        ``*`` stands for any letters.
    window : int, default 5
        Tokens on each side of a hit (tokens, not characters; stopwords
        take their place in the window even though they are not counted).
    mode : {"clitic", "exact", "regex"}, default "clitic"
        How the query matches, as in :func:`framing.kwic`.
    stopwords : bool, default False
        Count stopwords and numbers too (they are left out by default).
    furniture : bool, default False
        Search and count page furniture, credit lines and captions too.
    fold_taa : bool, default False
        Also count taa marbuta ``ة`` and ``ه`` as one letter, in the text
        and in the query (``مشتركه``, typed with ه, is then found by
        ``مشتركة``). It also merges words such as ``عملية`` and a possessive
        ``عمليه``: read the concordance.
    min_count : int, default 1
        Leave out terms seen fewer than ``min_count`` times in the windows.
    outlet, event : str or list of str, optional
        Search only these outlets / events (case-insensitive); ``n_corpus``
        and ``N`` are then counted in those documents only.

    Returns
    -------
    pandas.DataFrame
        One row per term seen in a window: ``term``, ``n`` (count in the
        windows), ``n_corpus`` (count in the documents searched), ``ll``
        (signed log-likelihood G2) and ``mi`` (pointwise mutual
        information, log2), sorted by ``ll``, highest first, then by term.
        ``attrs`` holds ``query``, ``hits`` (number of hits),
        ``window_tokens`` (``W``) and ``corpus_tokens`` (``N``).

    Examples
    --------
    Withdrawal (انسحاب) has six hits; two tokens on each side of them hold
    15 terms that are not stopwords, among 2114 in the corpus:

    >>> import framing
    >>> from framing.collocates import collocates
    >>> corpus = framing.load_corpus()
    >>> col = collocates(corpus, "انسحاب", window=2)
    >>> col.attrs["hits"], col.attrs["window_tokens"], col.attrs["corpus_tokens"]
    (6, 15, 2114)

    The forces (القوات) come three times in those 15, and 36 times in the
    2114: ``mi = log2(3 * 2114 / (36 * 15)) = 3.55``.

    >>> col[col.n > 1].round(2)
           term  n  n_corpus    ll    mi
    7      قوات  3        36  9.51  3.55
    10  امريكية  2        26  6.03  3.44

    """
    import numpy as np
    import pandas as pd

    matchers = parse_query(query, mode=mode, fold_taa=fold_taa)
    keep = select_docs(corpus, outlet, event)

    idx = corpus_index(corpus, furniture=furniture)
    hits = hits_by_doc(idx, matchers)
    drop = frozenset() if stopwords else stop_list()
    width = len(matchers)
    in_windows: dict[str, int] = {}
    in_corpus: Counter = Counter()
    terms_of: dict = {}  # normal form -> its term, or None: each form worked out once

    def term_of(n):
        terms_of[n] = t = term(n.replace("ة", "ه") if fold_taa else n) if counted(n, drop, stopwords) else None
        return t

    for d, doc in progress(enumerate(idx.docs), len(idx.docs), "Counting collocates"):
        if not keep[d]:
            continue
        words = [terms_of[n] if n in terms_of else term_of(n) for n in doc.norms]
        in_corpus.update(filter(None, words))
        own, near = set(), set()
        for t in hits.get(d, ()):
            own.update(range(t, t + width))
            near.update(range(max(0, t - window), t))
            near.update(range(t + width, min(len(words), t + width + window)))
        for p in near - own:
            if words[p] is not None:
                in_windows[words[p]] = in_windows.get(words[p], 0) + 1

    big_w, big_n = sum(in_windows.values()), sum(in_corpus.values())
    vocab = sorted(w for w, k in in_windows.items() if k >= min_count)
    n = np.array([in_windows[w] for w in vocab], dtype="int64")
    n_corpus = np.array([in_corpus[w] for w in vocab], dtype="int64")
    table = pd.DataFrame({"term": pd.Series(vocab, dtype=object), "n": n, "n_corpus": n_corpus})
    if vocab:
        table["ll"] = log_likelihood(n, n_corpus - n, big_w, big_n - big_w)
        table["mi"] = np.log2(n * big_n / (n_corpus * big_w))
    else:
        table["ll"] = np.array([], dtype=float)
        table["mi"] = np.array([], dtype=float)
    table = table.sort_values(["ll", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.attrs.update({
        "query": query,
        "hits": sum(len(v) for d, v in hits.items() if keep[d]),
        "window_tokens": int(big_w),
        "corpus_tokens": int(big_n),
    })
    return as_table(table)
