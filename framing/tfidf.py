"""TF-IDF: which terms weigh most in a document (or outlet, or event).

Two versions side by side, so that a student can check one by hand and see
what scikit-learn changes:

* the textbook one (as R's tidytext computes it), for term ``t`` in group
  ``g`` among ``N`` groups, ``df(t)`` of which contain ``t``::

      tf      = n(t, g) / (terms in g)
      idf     = ln(N / df(t))
      tf_idf  = tf * idf

* ``score``: scikit-learn's ``TfidfVectorizer`` value with the options given
  (by default ``idf = ln((1 + N) / (1 + df)) + 1``, raw counts, then each
  group's vector scaled to length 1, ``norm="l2"``).

Terms come from :func:`framing.terms.doc_terms`: normalised tokens with the
article removed (``الغزو`` and ``للغزو`` are the term ``غزو``), stopwords and
numbers dropped unless ``stopwords=True``.
"""

from __future__ import annotations

from framing.display import as_table
from framing.errors import FramingError, QueryError
from framing.groups import DATE_PARTS, check_by, date_part
from framing.params import CORPUS, Boolean, Frame, Number, Options, Pair, Text, Whole, check_options, validate_params
from framing.terms import doc_terms

__all__ = ["tfidf", "top_terms", "similarity", "NORMS"]

#: Accepted values of ``norm``.
NORMS = ("l2", "l1", None)


#: The columns of a tfidf() table: a metadata column of these names cannot be its group.
COLUMNS = ("term", "n", "tf", "df", "idf", "tf_idf", "score", "rank")


def _groups(corpus, by: str, verb: str = "tfidf"):
    check_by(corpus, by, verb, reserved=COLUMNS)
    if by in DATE_PARTS and by not in corpus.columns:
        return date_part(corpus, by, verb)
    return corpus["doc_id" if by == "doc" else by].astype(str).tolist()


def _grouped_terms(corpus, by, stopwords, furniture, ngram_range, fold_taa=False):
    lo, hi = (int(v) for v in ngram_range)  # checked by the declared Pair: a list or numpy ints work too
    labels = _groups(corpus, by)
    grouped: dict[str, list[str]] = {}
    for label, words in zip(labels, doc_terms(corpus, stopwords=stopwords, furniture=furniture, fold_taa=fold_taa)):
        if (lo, hi) != (1, 1):
            words = [" ".join(words[i:i + n]) for n in range(lo, hi + 1) for i in range(len(words) - n + 1)]
        if label in grouped:
            grouped[label].extend(words)
        else:
            grouped[label] = words  # a fresh list from doc_terms: ours to extend
    return grouped


def _count(grouped: dict, min_df, max_df):
    """Term counts per group (a sparse matrix) and the vocabulary, alphabetical."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(analyzer=lambda words: words, lowercase=False, min_df=min_df, max_df=max_df)
    try:
        counts = vec.fit_transform(grouped.values())
    except ValueError as err:  # e.g. min_df / max_df leaving no term
        raise FramingError(f"TF-IDF found no term to keep: {str(err).rstrip('.')}. Loosen min_df / max_df.") from None
    return counts.tocsr(), vec.get_feature_names_out()


@validate_params({
    "corpus": [CORPUS], "by": [Text()], "stopwords": [Boolean()], "sublinear_tf": [Boolean()],
    "norm": [Options(NORMS)], "smooth_idf": [Boolean()],
    "min_df": [Whole(1), Number(0, 1, whole=False, text="a fraction of the groups from 0.0 to 1.0")],
    "max_df": [Whole(1), Number(0, 1, whole=False, text="a fraction of the groups from 0.0 to 1.0")],
    "ngram_range": [Pair(1)], "furniture": [Boolean()], "fold_taa": [Boolean()],
})
def tfidf(
    corpus,
    by: str = "doc",
    *,
    stopwords: bool = False,
    sublinear_tf: bool = False,
    norm: str | None = "l2",
    smooth_idf: bool = True,
    min_df=1,
    max_df=1.0,
    ngram_range: tuple = (1, 1),
    furniture: bool = False,
    fold_taa: bool = False,
):
    """TF-IDF of every term in every group, as a tidy table.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    by : str, default "doc"
        ``"doc"`` (one group per document), ``"outlet"``, ``"event"`` or
        another metadata column: the texts of a group are pooled.
    stopwords : bool, default False
        Keep stopwords and numbers (they are dropped by default).
    sublinear_tf, norm, smooth_idf, min_df, max_df
        Passed to scikit-learn's ``TfidfVectorizer``; they change ``score``
        only. ``norm`` is one of ``"l2"``, ``"l1"``, ``None``.
    ngram_range : (int, int), default (1, 1)
        ``(1, 2)`` adds two-term sequences such as ``"عملية عسكرية"``.
    furniture : bool, default False
        Count page furniture, credit lines and captions too.
    fold_taa : bool, default False
        Write taa marbuta ``ة`` as ``ه`` in every term, so that ``مشتركه``
        (typed with ه) and ``مشتركة`` are one term (see :func:`framing.normalize`).

    Returns
    -------
    pandas.DataFrame
        One row per group and term present in it: ``<by>`` (the group),
        ``term``, ``n``, ``tf``, ``idf``, ``tf_idf`` (textbook) and
        ``score`` (scikit-learn), sorted by group and falling ``score``.

    Examples
    --------
    >>> import framing
    >>> t = framing.tfidf(framing.load_corpus())
    >>> row = t[(t.doc == "reuters_2023") & (t.term == "غزو")].iloc[0]
    >>> int(row.n), round(float(row.idf), 4)   # in 3 of the 5 texts: ln(5/3)
    (5, 0.5108)
    """
    import numpy as np
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfTransformer

    grouped = _grouped_terms(corpus, by, stopwords, furniture, ngram_range, fold_taa)
    labels = np.array(list(grouped), dtype=object)
    counts, vocab = _count(grouped, min_df, max_df)
    # scikit-learn's TfidfVectorizer is CountVectorizer then TfidfTransformer:
    # the two steps are kept apart so that the counts stay visible.
    scores = TfidfTransformer(norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf).fit_transform(counts)
    counts.sort_indices()
    scores = scores.tocsr()
    scores.sort_indices()
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    cols, n = counts.indices, counts.data
    if np.array_equal(scores.indptr, counts.indptr) and np.array_equal(scores.indices, cols):
        score = scores.data  # same sparsity pattern: scores line up with the counts
    else:  # pragma: no cover - a transformer that dropped entries
        score = np.asarray(scores[rows, cols]).ravel()
    df = np.bincount(cols, minlength=len(vocab))
    totals = np.asarray([len(grouped[g]) for g in labels])
    tf = n / totals[rows]
    idf = np.log(len(labels) / df[cols])
    # group order as in the corpus, then falling score; ties by term (vocab is alphabetical)
    order = np.lexsort((cols, -score, rows))
    return as_table(pd.DataFrame({
        by: labels[rows[order]], "term": vocab[cols[order]], "n": n[order].astype("int64"),
        "tf": tf[order], "idf": idf[order], "tf_idf": (tf * idf)[order], "score": score[order],
    }))


@validate_params({
    "data": [Frame("a corpus or a table from tfidf()")], "n": [Whole(1)], "by": [Text()],
    "score": [Options(("score", "tf_idf"))],
})
def top_terms(data, n: int = 10, *, by: str = "doc", score: str = "score", **options):
    """The ``n`` highest-scoring terms of each group.

    Parameters
    ----------
    data : pandas.DataFrame
        A corpus (then ``tfidf(data, by=by, **options)`` is computed) or a
        table that :func:`tfidf` returned.
    n : int, default 10
    by : str, default "doc"
        Grouping, when ``data`` is a corpus.
    score : {"score", "tf_idf"}, default "score"
        Rank by scikit-learn's score or by the textbook tf-idf.

    Returns
    -------
    pandas.DataFrame
        The rows of the tf-idf table, ``n`` per group, with a ``rank``
        column (1 = highest). Ties are broken by term, alphabetically.

    Examples
    --------
    >>> import framing
    >>> top = framing.top_terms(framing.load_corpus(), 3, by="event")
    >>> top.groupby("event").size().tolist()
    [3, 3]
    """
    if {"term", "tf_idf", "score"} <= set(data.columns):  # a table from tfidf(): its grouping is chosen
        if options or by != "doc":
            given = ", ".join([f"by={by!r}"] * (by != "doc") + [f"{k}={v!r}" for k, v in options.items()])
            raise QueryError(f"top_terms() was given a table from tfidf(), which is already grouped and scored, "
                             f"and {given}: pass these to tfidf(), or give top_terms() the corpus.")
        table = data
    else:
        check_by(data, by, "top_terms")
        check_options("top_terms", tfidf, options, taken=("corpus", "by"))
        table = tfidf(data, by=by, **options)
    group = table.columns[0]
    order = {g: i for i, g in enumerate(table[group].unique())}
    ranked = table.sort_values([group, score, "term"], key=lambda s: s.map(order) if s.name == group else s,
                               ascending=[True, False, True], kind="stable")
    ranked = ranked.groupby(group, sort=False).head(n).copy()
    ranked["rank"] = ranked.groupby(group, sort=False).cumcount() + 1
    return as_table(ranked.reset_index(drop=True))


@validate_params({"corpus": [CORPUS], "by": [Text()]})
def similarity(corpus, by: str = "doc", **options):
    """Cosine similarity of the TF-IDF vectors of every pair of groups.

    1 means the same term profile, 0 no term in common. With ``norm="l2"``
    (the default) the cosine is the dot product of the two vectors.

    Parameters
    ----------
    corpus : pandas.DataFrame
    by : str, default "doc"
    **options
        Any option of :func:`tfidf`.

    Returns
    -------
    pandas.DataFrame
        A square table, groups as rows and columns.

    Examples
    --------
    >>> import framing
    >>> sim = framing.similarity(framing.load_corpus())
    >>> sim.loc["afp_fr_2023"].drop("afp_fr_2023").idxmax()  # the same AFP story
    'afp_ar_2023'
    """
    import pandas as pd
    from sklearn.metrics.pairwise import cosine_similarity

    check_by(corpus, by, "similarity")
    check_options("similarity", tfidf, options, taken=("corpus", "by"))
    table = tfidf(corpus, by=by, **options)
    matrix = table.pivot_table(index=by, columns="term", values="score", fill_value=0.0, sort=False)
    sim = cosine_similarity(matrix.to_numpy())
    return pd.DataFrame(sim, index=matrix.index, columns=matrix.index.rename(None)).round(12)
