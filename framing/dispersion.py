"""Dispersion: where in each document a query's hits fall.

A word in the headline and the lead frames the story; the same word in the
last paragraph is background. :func:`dispersion` gives the place of every
hit as a token number and as a share of the document, so that "is the
invasion in the lead?" can be answered, and plotted (one line per document,
one mark per hit: a lexical dispersion plot).

A document with no hit is not left out: it gets one row with no match, so
that the absence of a word is as visible as its presence.
"""

from __future__ import annotations

from framing.display import as_table
from framing.index import corpus_index
from framing.match import MODES, parse_query
from framing.params import (
    CORPUS,
    Boolean,
    Options,
    Selection,
    Text,
    validate_params,
)
from framing.search import context, hits_by_doc
from framing.validate import select_docs

__all__ = ["dispersion"]


@validate_params({
    "corpus": [CORPUS], "query": [Text()], "mode": [Options(MODES)], "furniture": [Boolean()],
    "outlet": [None, Selection()], "event": [None, Selection()], "fold_taa": [Boolean()],
})
def dispersion(corpus, query: str, *, mode: str = "clitic", furniture: bool = False, outlet=None, event=None,
               fold_taa: bool = False):
    """Where each hit of ``query`` falls in its document.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    query : str
        As in :func:`framing.kwic`: one word or several consecutive ones;
        ``*`` stands for any letters.
    mode : {"clitic", "exact", "regex"}, default "clitic"
        How the query matches, as in :func:`framing.kwic`.
    furniture : bool, default False
        Search and count page furniture, credit lines and captions too
        (by default they are neither searched nor counted in ``n_tokens``).
    fold_taa : bool, default False
        Also count taa marbuta ``ة`` and ``ه`` as one letter, in the text
        and in the query (``مشتركه``, typed with ه, is then found by
        ``مشتركة``). It also merges words such as ``عملية`` and a possessive
        ``عمليه``: read the concordance.
    outlet, event : str or list of str, optional
        Keep only these outlets / events (case-insensitive).

    Returns
    -------
    pandas.DataFrame
        One row per hit, in corpus order then reading order: ``doc_id``,
        ``outlet``, ``event`` (if the corpus has one), ``match`` (as
        printed), ``token`` (number of the hit's first token in the
        document, counting from 0), ``n_tokens`` (tokens in the document),
        ``position`` (``token / n_tokens``: 0 is the first word, near 1 the
        last), ``start`` and ``end`` (character offsets of the match in
        the original ``text``).

        A document with no hit has **one row with match, token, position,
        start and end missing** (NA / NaN), so that it does not vanish from
        the table or a plot. Count hits per document with
        ``.groupby("doc_id").match.count()`` (which skips the missing
        matches), not with ``.size()`` (which counts that row).

    Examples
    --------
    >>> import framing
    >>> from framing.dispersion import dispersion
    >>> corpus = framing.load_corpus()
    >>> where = dispersion(corpus, "غزو", event="austin_visit_2023")
    >>> where.groupby("doc_id", sort=False).match.count()
    doc_id
    afp_fr_2023     2
    afp_ar_2023     1
    reuters_2023    5
    Name: match, dtype: int64

    Reuters puts the invasion in its headline, as the 12th word (token 11):

    >>> first = where[where.doc_id == "reuters_2023"].iloc[0]
    >>> first.match, int(first.token), int(first.n_tokens), round(float(first.position), 3)
    ('للغزو', 11, 496, 0.022)

    The troops-dialogue texts never name it, and still have a row:

    >>> dispersion(corpus, "غزو", event="troops_dialogue")[["doc_id", "match", "position"]]
               doc_id match  position
    0    unknown_2021  <NA>       NaN
    1  almonitor_2024  <NA>       NaN
    """
    import numpy as np
    import pandas as pd

    matchers = parse_query(query, mode=mode, fold_taa=fold_taa)
    keep = select_docs(corpus, outlet, event)

    idx = corpus_index(corpus, furniture=furniture)
    hits = hits_by_doc(idx, matchers)
    width = len(matchers)
    rows = []
    for d, doc in enumerate(idx.docs):
        if not keep[d]:
            continue
        base = {"doc_id": doc.doc_id, "outlet": doc.outlet, "event": doc.event}
        n_tokens = len(doc.norms)
        places = sorted(hits.get(d, ()))
        if not places:
            rows.append({**base, "match": None, "token": None, "n_tokens": n_tokens,
                         "position": np.nan, "start": None, "end": None})
        for t in places:
            last = t + width - 1
            rows.append({
                **base,
                "match": context(doc, doc.starts[t], doc.ends[last], idx.drop_furniture),
                "token": t,
                "n_tokens": n_tokens,
                "position": t / n_tokens,
                "start": doc.starts[t],
                "end": doc.ends[last],
            })
    columns = ["doc_id", "outlet"] + (["event"] if idx.has_event else []) + [
        "match", "token", "n_tokens", "position", "start", "end"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.astype({"match": "string", "token": "Int64", "n_tokens": "int64", "position": "float64",
                          "start": "Int64", "end": "Int64"})
    table.attrs["query"] = query
    return as_table(table)
