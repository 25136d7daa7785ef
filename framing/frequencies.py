"""frequencies: how often each term occurs in each group, as counts and as rates."""

from __future__ import annotations

from framing.groups import check_by, group_labels, rank_group, stack_groups
from framing.params import CORPUS, Boolean, Text, Whole, validate_params
from framing.terms import doc_terms

__all__ = ["frequencies", "COLUMNS"]

#: The columns after the group's: a metadata column of these names cannot be the group.
COLUMNS = ("term", "n", "total", "per_1000", "rank")


@validate_params({
    "corpus": [CORPUS], "by": [Text()], "n": [None, Whole(1)], "stopwords": [Boolean()], "furniture": [Boolean()],
    "fold_taa": [Boolean()],
})
def frequencies(corpus, by: str = "outlet", n: int | None = None, *, stopwords: bool = False,
                furniture: bool = False, fold_taa: bool = False):
    """Count each term in each group, with its rate per 1,000 terms of the group.

    The counts are those of :func:`framing.terms`, added up over the
    documents of a group: ``n`` is the number of times the term occurs,
    ``per_1000`` is ``1000 * n / total``, where ``total`` is the number of
    terms the group has (stopwords and numbers left out, unless
    ``stopwords=True``), so that groups of different sizes compare.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    by : str, default "outlet"
        ``"doc"``, ``"outlet"``, ``"event"`` or another metadata column.
    n : int, optional
        Keep the ``n`` most frequent terms of each group (ties broken by
        term, alphabetically); None keeps every term.
    stopwords, furniture, fold_taa : bool, default False
        As in :func:`framing.terms`.

    Returns
    -------
    Table (a pandas.DataFrame)
        The group's columns, then ``term``, ``n``, ``total``, ``per_1000``
        and ``rank`` (1 = most frequent in its group).

    Examples
    --------
    >>> import framing
    >>> freq = framing.frequencies(framing.load_corpus(), by="outlet", n=2)
    >>> freq[freq.outlet == "Reuters"][["term", "n", "total", "rank"]]
        term   n  total  rank
    4   عراق  15    360     1
    5  متحدة  10    360     2
    """
    import pandas as pd

    check_by(corpus, by, "frequencies", reserved=COLUMNS)
    cols, labels = group_labels(corpus, by, "frequencies")
    counts: dict = {}
    for label, words in zip(labels, doc_terms(corpus, stopwords=stopwords, furniture=furniture, fold_taa=fold_taa)):
        counts.setdefault(label, []).extend(words)
    frames = []
    for label, words in counts.items():
        if not words:
            continue
        table = pd.Series(words, dtype=object).value_counts(sort=False).rename_axis("term").reset_index(name="n")
        table["total"] = len(words)
        table["per_1000"] = 1000 * table["n"] / len(words)
        frames.append(rank_group(table, "n", "term", n, cols, label))
    return stack_groups(frames, cols, COLUMNS)  # no group has a term (stopwords only, say): an empty table
