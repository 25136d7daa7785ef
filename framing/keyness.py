"""Keyness: which terms are distinctive of some documents against others.

A *target* (say, the Reuters report) is compared with a *reference* (say,
the two AFP reports of the same event) with three scores, each one line of
arithmetic a student can redo from the counts in the table: log-likelihood
G2 (how sure), Hardie's Log Ratio (how big) and the weighted log-odds of
Monroe, Colaresi & Quinn (2008). The formulas are in :func:`keyness`.

Terms come from :func:`framing.terms.doc_terms`: normalised tokens with the
article removed (``الغزو`` and ``للغزو`` are the term ``غزو``), stopwords and
numbers dropped unless ``stopwords=True``.
"""

from __future__ import annotations

import math
from numbers import Real

from framing.display import as_table
from framing.errors import FramingError, QueryError
from framing.params import CORPUS, Boolean, Checked, Number, Whole, validate_params
from framing.terms import doc_terms
from framing.validate import select_rows

__all__ = ["keyness", "log_likelihood", "KEYS"]

#: Values of the ``key`` column: which side a term is relatively more
#: frequent in ("neither" when its relative frequency is the same on both).
KEYS = ("target", "reference", "neither")

#: Columns that hold text, not metadata: a target cannot be chosen by them.


def log_likelihood(a, b, c, d):
    """Signed log-likelihood G2 of a count ``a`` out of ``c`` against ``b`` out of ``d``.

    ``E1 = c * (a + b) / (c + d)``, ``E2 = d * (a + b) / (c + d)``,
    ``G2 = 2 * (a * ln(a / E1) + b * ln(b / E2))`` with ``0 * ln(0) = 0``;
    negative when ``a / c < b / d``. Numbers or numpy arrays.

    Parameters
    ----------
    a, b : int or array of int
        Counts of a term in the first and second part (target and reference).
    c, d : int or array of int
        Total terms counted in the first and second part.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> round(float(log_likelihood(10, 10, 1000, 1000)), 6)   # same share: no evidence
    0.0
    >>> round(float(log_likelihood(10, 0, 1000, 1000)), 4)    # 2 * 10 * ln(2)
    13.8629
    >>> round(float(log_likelihood(0, 10, 1000, 1000)), 4)
    -13.8629
    """
    import numpy as np

    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (_xlogx_over(a, e1) + _xlogx_over(b, e2))
        sign = np.sign(a * d - b * c)  # a / c against b / d, without dividing by 0
    result = sign * np.abs(g2)
    return result if result.ndim else float(result)


def _xlogx_over(x, e):
    """x * ln(x / e), with 0 * ln(0) = 0."""
    import numpy as np

    safe = np.where(x > 0, x, 1.0)
    return np.where(x > 0, x * np.log(safe / np.where(e > 0, e, 1.0)), 0.0)


@validate_params({
    "corpus": [CORPUS], "target": [Checked("keyness: 'KEY=VALUE' on a metadata column")],
    "reference": [None, Checked("keyness: 'KEY=VALUE' on a metadata column")],
    "stopwords": [Boolean()], "furniture": [Boolean()], "fold_taa": [Boolean()], "smoothing": [Number(0)],
    "prior": [None, Checked("keyness: a number or pseudo-counts by term")], "min_count": [Whole(1)],
})
def keyness(
    corpus,
    target,
    reference=None,
    *,
    stopwords: bool = False,
    furniture: bool = False,
    fold_taa: bool = False,
    smoothing: float = 0.5,
    prior=None,
    min_count: int = 1,
):
    """Which terms are distinctive of the ``target`` documents against the ``reference``.

    For each term, with ``a`` its count in the target, ``b`` its count in
    the reference, ``c`` and ``d`` all the terms counted in the target and
    in the reference (``result.attrs["tokens_target"]`` and
    ``["tokens_reference"]``):

    ``g2``, log-likelihood (Dunning 1993; the two-cell form of Rayson &
    Garside 2000)::

        E1 = c * (a + b) / (c + d)        E2 = d * (a + b) / (c + d)
        G2 = 2 * (a * ln(a / E1) + b * ln(b / E2))        with 0 * ln(0) = 0

    given a minus sign when the term is relatively more frequent in the
    reference (``a / c < b / d``). G2 says how sure we can be that the
    difference is not chance (3.84 is p < 0.05 for one degree of freedom,
    6.63 is p < 0.01), not how big it is; ``p_value`` is that probability,
    the chi-square (1 degree of freedom) tail beyond ``|G2|``. With fewer than
    5 documents or 10,000 terms on a side, ``attrs["note"]`` says the
    p-values are a ranking, not tests. It treats every token as an
    independent draw: with a handful of texts, read ``docs_target`` and
    ``docs_reference`` too (a term used five times in one text is not the
    same as once in each of five texts).

    ``log_ratio``, Hardie's Log Ratio, how big the difference is::

        log_ratio = log2( ((a + s) / c) / ((b + s) / d) )     s = smoothing

    1 means twice as frequent (per term counted) in the target, -1 twice
    as frequent in the reference. A count of zero would give an infinite
    ratio: ``s`` (default 0.5) is added to both counts of every term, zero
    or not, before dividing by the totals.

    ``log_odds_z``, weighted log-odds with an informative Dirichlet prior
    (Monroe, Colaresi & Quinn 2008, "Fightin' words")::

        delta = ln((a + α) / (c + α0 - a - α)) - ln((b + α) / (d + α0 - b - α))
        var   = 1 / (a + α) + 1 / (b + α)
        z     = delta / sqrt(var)

    where ``α`` is the term's prior pseudo-count and ``α0`` the sum of the
    pseudo-counts of every term counted. By default the prior is the
    counts of target and reference together: ``α = a + b``, ``α0 = c + d``.
    The prior pulls rare terms towards 0, so that a term seen twice, on
    one side only, does not top the table as it does by Log Ratio.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    target : str or dict
        The documents to describe. ``"KEY=VALUE"`` on a metadata column,
        e.g. ``"outlet=Reuters"``, ``"event=troops_dialogue"``,
        ``"doc_id=unknown_2021"``; several values separated by commas,
        ``"outlet=AFP-French,AFP-Arabic"``. Or a dict,
        ``{"outlet": "Reuters"}`` or ``{"outlet": ["AFP-French", "AFP-Arabic"]}``;
        with several keys a document must match all of them. Values are
        matched case-insensitively.
    reference : str or dict, optional
        The documents to compare with, in the same form. ``None`` (the
        default): every document not in the target. A document cannot be
        in both.
    stopwords : bool, default False
        Keep stopwords and numbers (they are dropped by default).
    furniture : bool, default False
        Count page furniture, credit lines and captions too.
    fold_taa : bool, default False
        Write taa marbuta ``ة`` as ``ه`` in every term, so that ``مشتركه``
        (typed with ه) and ``مشتركة`` are one term (see :func:`framing.normalize`).
    smoothing : float, default 0.5
        ``s`` in Log Ratio: added to both counts of every term. ``0`` gives
        the raw ratio (``inf`` / ``-inf`` for a term missing on one side).
    prior : None, number, dict or pandas.Series, optional
        The Dirichlet prior of ``log_odds_z``. ``None``: the counts of target
        and reference together (``α = a + b``, ``α0 = c + d``). A number
        ``α0``: those counts scaled to total ``α0``
        (``α = α0 * (a + b) / (c + d)``; a smaller ``α0`` shrinks less).
        A dict or Series ``{term: pseudo-count}``: your own pseudo-counts,
        one > 0 for every term counted; ``α0`` is their sum over those terms.
    min_count : int, default 1
        Leave out terms with ``n_target + n_reference`` below this. Only rows
        are left out: totals and the prior still count every term.

    Returns
    -------
    pandas.DataFrame
        One row per term found in target or reference: ``term``,
        ``n_target``, ``n_reference`` (counts), ``docs_target``,
        ``docs_reference`` (number of documents the term is in, on each
        side), ``g2`` (signed), ``p_value``, ``log_ratio``, ``log_odds_z`` and ``key``
        (``"target"`` or ``"reference"``: the side where the term is
        relatively more frequent; ``"neither"`` when equally so). Sorted by
        ``g2``, highest first: the target's keywords at the top, the
        reference's (negative ``g2``) at the bottom; ties by term.
        ``attrs`` holds ``target_docs``, ``reference_docs`` (doc_ids),
        ``tokens_target`` (``c``), ``tokens_reference`` (``d``) and ``alpha0``.

    Examples
    --------
    Reuters against the two AFP services, on the same event:

    >>> import framing
    >>> from framing.keyness import keyness
    >>> corpus = framing.load_corpus()
    >>> key = keyness(corpus, "outlet=Reuters", "outlet=AFP-French,AFP-Arabic")
    >>> key.attrs["tokens_target"], key.attrs["tokens_reference"]
    (360, 918)
    >>> row = key.set_index("term").loc["غزو"]   # الغزو, للغزو, غزو: invasion
    >>> int(row.n_target), int(row.n_reference), int(row.docs_reference), row.key
    (5, 3, 2, 'target')
    >>> round(float(row.g2), 2), round(float(row.log_ratio), 2)
    (4.07, 2.0)

    The reference's strongest keyword, at the bottom: the (international)
    coalition, التحالف, twelve times in the AFP texts and never in Reuters.

    >>> key.tail(1)[["term", "n_target", "n_reference", "g2", "key"]].round(2)
          term  n_target  n_reference    g2        key
    665  تحالف         0           12 -7.94  reference
    """
    import numpy as np
    import pandas as pd


    in_target = select_rows(corpus, target, "target")
    if reference is None:
        in_reference = [not t for t in in_target]
        if not any(in_reference):
            raise FramingError(
                f"The target {target!r} takes every document of the corpus, so nothing is left to compare "
                f"it with. Give a smaller target, or a reference."
            )
    else:
        in_reference = select_rows(corpus, reference, "reference")
        both = [str(i) for i, t, r in zip(corpus["doc_id"], in_target, in_reference) if t and r]
        if both:
            raise FramingError(
                f"The target {target!r} and the reference {reference!r} share "
                f"{len(both)} document{'s' if len(both) > 1 else ''}: {', '.join(both)}. "
                f"A document can be on one side only."
            )

    words = doc_terms(corpus, stopwords=stopwords, furniture=furniture, fold_taa=fold_taa)
    n_t, n_r, docs_t, docs_r = {}, {}, {}, {}
    for doc_words, t, r in zip(words, in_target, in_reference):
        if not (t or r):
            continue
        counts, docs = (n_t, docs_t) if t else (n_r, docs_r)
        for w in doc_words:
            counts[w] = counts.get(w, 0) + 1
        for w in set(doc_words):
            docs[w] = docs.get(w, 0) + 1
    c, d = sum(n_t.values()), sum(n_r.values())
    for side, total, param in (("target", c, target), ("reference", d, reference)):
        if total == 0:
            raise FramingError(
                f"The {side} ({param!r}) has no term to count"
                f"{'' if stopwords else ' (stopwords and numbers are left out; stopwords=True keeps them)'}."
            )

    vocab = sorted(set(n_t) | set(n_r))
    table = pd.DataFrame({
        "term": pd.Series(vocab, dtype=object),
        "n_target": np.array([n_t.get(w, 0) for w in vocab], dtype="int64"),
        "n_reference": np.array([n_r.get(w, 0) for w in vocab], dtype="int64"),
        "docs_target": np.array([docs_t.get(w, 0) for w in vocab], dtype="int64"),
        "docs_reference": np.array([docs_r.get(w, 0) for w in vocab], dtype="int64"),
    })
    a = table["n_target"].to_numpy(dtype=float)
    b = table["n_reference"].to_numpy(dtype=float)
    table["g2"] = log_likelihood(a, b, c, d)
    from scipy.stats import chi2

    table["p_value"] = chi2.sf(np.abs(table["g2"].to_numpy()), 1)
    with np.errstate(divide="ignore"):
        table["log_ratio"] = np.log2((a + smoothing) / c) - np.log2((b + smoothing) / d)
    alpha, alpha0 = _prior(prior, vocab, a + b, c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((a + alpha) / (c + alpha0 - a - alpha)) - np.log((b + alpha) / (d + alpha0 - b - alpha))
        table["log_odds_z"] = delta / np.sqrt(1 / (a + alpha) + 1 / (b + alpha))
    share = a / c - b / d
    table["key"] = np.where(share > 0, KEYS[0], np.where(share < 0, KEYS[1], KEYS[2]))

    table = table[table["n_target"] + table["n_reference"] >= min_count]
    table = table.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.attrs.update({
        "target_docs": [str(i) for i, t in zip(corpus["doc_id"], in_target) if t],
        "reference_docs": [str(i) for i, r in zip(corpus["doc_id"], in_reference) if r],
        "tokens_target": int(c),
        "tokens_reference": int(d),
        "alpha0": float(alpha0),
        "note": _small_note(sum(in_target), sum(in_reference), int(c), int(d)),
    })
    return as_table(table)


#: Below these, keyness's p-values are read as a ranking, not as tests (``attrs["note"]`` says so).
FEW_DOCUMENTS, FEW_TERMS = 5, 10_000


def _small_note(docs_t: int, docs_r: int, c: int, d: int) -> str:
    """What ``attrs["note"]`` says of the p-values, for these sizes ("" when the corpus is large enough).

    >>> _small_note(1, 2, 360, 918)
    'The target has 1 document(s) and 360 terms, the reference 2 and 918: ...'
    """
    if min(docs_t, docs_r) >= FEW_DOCUMENTS and min(c, d) >= FEW_TERMS:
        return ""
    return (f"The target has {docs_t} document(s) and {c} terms, the reference {docs_r} and {d}: the p-values "
            "treat every term as an independent draw, which a few texts are not (a word repeated in one story is "
            f"not {FEW_DOCUMENTS} outlets using it). Read them as a ranking, not as tests; look at docs_target and "
            "docs_reference.")


def _prior(prior, vocab, corpus_counts, corpus_total):
    """Pseudo-counts α (one per term of ``vocab``) and their total α0."""
    import pandas as pd

    if prior is None:
        return corpus_counts, float(corpus_total)
    if isinstance(prior, Real) and not isinstance(prior, bool):
        if not math.isfinite(prior) or prior <= 0:
            raise QueryError(
                f"The 'prior' parameter, as a number (the prior total α0), must be > 0. Got {prior!r} instead."
            )
        return prior * corpus_counts / corpus_total, float(prior)
    if isinstance(prior, dict):
        prior = pd.Series(prior, dtype=object)
    if not isinstance(prior, pd.Series):
        raise QueryError(
            "The 'prior' parameter must be None (the counts of target and reference), a number "
            f"(their total, α0) or a dict / Series of pseudo-counts by term. Got {type(prior).__name__} instead."
        )
    missing = [w for w in vocab if w not in prior.index]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise QueryError(
            f"The 'prior' parameter has no pseudo-count for the term {missing[0]!r}{more}: give one > 0 "
            f"for every term counted, or prior=None to use the counts of target and reference."
        )
    alpha = prior.loc[vocab]
    for w, v in alpha.items():
        if isinstance(v, bool) or not isinstance(v, Real) or not math.isfinite(v) or v <= 0:
            raise QueryError(f"The 'prior' pseudo-count of the term {w!r} must be a number > 0. Got {v!r} instead.")
    alpha = alpha.to_numpy(dtype=float)
    return alpha, float(alpha.sum())
