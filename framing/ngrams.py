"""ngrams: the word sequences that recur, per outlet or any grouping (AntConc's clusters).

A lexicon term is often a phrase (عملية عسكرية, "military operation"; فصائل
مسلحة, "armed factions"). ``ngrams`` lists the sequences of 2 to 5 terms that
recur, so that students find candidate phrases instead of guessing them.

The terms are those TF-IDF counts (:func:`framing.terms`): normalised, the
article and the proclitics before it taken off (والحكومة and الحكومة are one
term), so a phrase is found in all its clitic forms. A sequence never runs
across a line break (a paragraph) or a punctuation mark that ends a clause
(``. ! ? ؟ ؛ ; : ، ,``, dashes – — and quotation marks: واشنطن – استأنفت is a
dateline, then the sentence), and page furniture is left out
unless ``furniture=True``. Unless ``stopwords=True``, a sequence may hold a
stopword inside (وزير الدفاع, حرب على الارهاب) but not begin or end with one,
nor with a number.
"""

from __future__ import annotations

import re
from collections import Counter

from framing.groups import check_by, group_labels, rank_group, stack_groups
from framing.normalize import normalize
from framing.params import CORPUS, Boolean, Options, Text, Whole, validate_params
from framing.progress import progress
from framing.spans import checked_spans, remove_spans
from framing.stopwords import stopwords as stop_list
from framing.terms import term
from framing.tokenizer import TOKEN_PATTERN

__all__ = ["ngrams", "COLUMNS"]

#: The columns after the group's (a metadata column of these names cannot be the group).
COLUMNS = ("ngram", "count", "documents", "rank")
#: Where a sequence stops: line breaks and clause punctuation (Arabic and Latin), quotation marks.
BREAKS = re.compile(r"[\n.!?؟؛;:،,\"“”«»()\[\]–—]+")


def _sequences(text: str, n: int, stopwords: bool, fold_taa: bool, drop, anchor, cache: dict):
    """Every sequence of ``n`` terms of ``text`` (a tuple), clause by clause."""
    for clause in BREAKS.split(text):
        words = []
        for tok in TOKEN_PATTERN.findall(clause):
            if tok not in cache:
                norm = normalize(tok)
                plain = norm not in drop and any(ch.isalpha() for ch in norm)
                t = term(norm.replace("ة", "ه") if fold_taa else norm)
                cache[tok] = (t, plain, anchor is not None and anchor(tok))
            words.append(cache[tok])
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if not stopwords and not (gram[0][1] and gram[-1][1]):
                continue
            if anchor is not None and not any(w[2] for w in gram):
                continue
            yield tuple(w[0] for w in gram)


@validate_params({
    "corpus": [CORPUS], "n": [Whole(2, 5)], "by": [Text()], "top": [None, Whole(1)], "min_count": [Whole(1)],
    "query": [None, Text()], "mode": [Options(("clitic", "exact", "regex"))], "stopwords": [Boolean()],
    "furniture": [Boolean()], "fold_taa": [Boolean()],
})
def ngrams(corpus, n: int = 2, by: str = "outlet", *, top: int | None = None, min_count: int = 2,
           query: str | None = None, mode: str = "clitic", stopwords: bool = False, furniture: bool = False,
           fold_taa: bool = False):
    """The sequences of ``n`` terms that recur in each group, most frequent first.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    n : int, default 2
        Terms in a sequence, 2 to 5.
    by : str, default "outlet"
        ``"doc"``, ``"outlet"``, ``"event"`` or another metadata column.
    top : int, optional
        Keep the ``top`` most frequent sequences of each group (ties by the
        sequence, alphabetically); default all.
    min_count : int, default 2
        Keep sequences seen at least this often in their group (2: those that
        recur; 1: every sequence).
    query : str, optional
        Only sequences holding a word that matches this one-word query
        (clitic-aware, as in :func:`framing.kwic`): the clusters around a word.
    mode : {"clitic", "exact", "regex"}, default "clitic"
        How ``query`` matches.
    stopwords, furniture, fold_taa : bool, default False
        As in :func:`framing.terms` (see the module text for stopwords).

    Returns
    -------
    Table (a pandas.DataFrame)
        The group's columns, ``ngram`` (the terms, a space between them),
        ``count`` (times in the group), ``documents`` (how many documents of the
        group hold it) and ``rank`` (1 = most frequent in its group).

    Examples
    --------
    >>> import framing
    >>> grams = framing.ngrams(framing.load_corpus(), n=2, by="outlet", top=2)
    >>> grams[grams.outlet == "Reuters"][["ngram", "count", "documents"]]
              ngram  count  documents
    4  ولايات متحدة     10          1
    5  قوات امريكية      5          1

    The clusters around فصائل (*faṣāʾil*, "factions"): على and من, stopwords,
    do not begin a sequence; لفصائل keeps its ل (only the article and what is
    written before it come off).

    >>> framing.ngrams(framing.load_corpus(), query="فصائل", min_count=1)[["outlet", "ngram", "count"]]
           outlet         ngram  count
    0  AFP-Arabic   فصائل مسلحة      1
    1  AFP-Arabic    لفصائل حشد      1
    2  AFP-Arabic  ممثلة لفصائل      1
    3  Al-Monitor  فصائل مدعومة      1
    """
    import pandas as pd

    from framing.match import parse_query

    check_by(corpus, by, "ngrams", reserved=COLUMNS)
    cols, labels = group_labels(corpus, by, "ngrams")
    anchor = None
    if query is not None:
        matchers = parse_query(query, mode=mode)
        if len(matchers) != 1:
            from framing.errors import QueryError

            raise QueryError(f"ngrams(): query= takes one word (the clusters around it); {query!r} has "
                             f"{len(matchers)}. For a phrase, look it up with framing.kwic().")
        anchor = lambda tok, m=matchers[0]: m(normalize(tok))  # noqa: E731
    drop = frozenset() if stopwords else stop_list()
    spans = corpus["furniture"] if "furniture" in corpus.columns and not furniture else [()] * len(corpus)
    counts: dict = {}
    cache: dict = {}
    # A document's rows (a corpus made by hand may give one doc_id several rows) are counted as one document.
    rows_of: dict = {}
    for row, (label, doc_id) in enumerate(zip(labels, corpus["doc_id"])):
        rows_of.setdefault((label, doc_id), []).append(row)
    texts, cuts = corpus["text"].tolist(), list(spans)
    for (label, doc_id), rows in progress(rows_of.items(), len(rows_of), f"Counting {n}-word sequences"):
        found: Counter = Counter()
        for row in rows:
            text, cut = texts[row], cuts[row]
            if isinstance(cut, (list, tuple)) and cut:
                text = remove_spans(text, checked_spans(text, cut, doc_id))
            found.update(_sequences(text, n, stopwords, fold_taa, drop, anchor, cache))
        # per group, two counts per sequence (times, documents): no set of documents kept per sequence,
        # which took 2 GB at 10M tokens, where most sequences occur once
        times, in_docs = counts.setdefault(label, ({}, {}))
        for gram, k in found.items():
            times[gram] = times.get(gram, 0) + k
            in_docs[gram] = in_docs.get(gram, 0) + 1
    frames = []
    for label, (times, in_docs) in counts.items():
        rows = [(" ".join(g), c, in_docs[g]) for g, c in times.items() if c >= min_count]
        if not rows:
            continue
        frames.append(rank_group(pd.DataFrame(rows, columns=["ngram", "count", "documents"]), "count", "ngram", top,
                                 cols, label))
    return stack_groups(frames, cols, COLUMNS)
