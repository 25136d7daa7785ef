"""Terms: the unit every count, TF-IDF and keyness table is made of.

A term is a normalised token (:func:`framing.normalize`) with the article
and what is fused to it taken off, so that ``الغزو``, ``للغزو``, ``والغزو``
and ``غزو`` are counted as one term, ``غزو``:

======================  ====================================================
token (normalised)      term
======================  ====================================================
الغزو, غزو              غزو
للغزو, وللغزو           غزو   (ل + ال is written لل)
بالانسحاب, والانسحاب    انسحاب
وانسحاب                 وانسحاب  (no article: و alone is not taken off,
                                  it begins too many words: وزير, وجود)
======================  ====================================================

Unlike the matching rule of :func:`framing.kwic`, a final tanween alef is
kept: ``انسحابًا`` is the term ``انسحابا``, since a final alef is just as often
part of the word (``روسيا``, ``ايضا``); search ``انسحاب`` to find both.

The article is taken off only when at least three letters remain
(``بالغ`` stays). Like any rule on spelling alone it errs on a few words
that begin with the letters ال (``التزام`` becomes ``تزام``): counts are
of terms, and :func:`framing.kwic` shows the words as printed.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from framing.display import as_table
from framing.errors import check_bool
from framing.index import corpus_index
from framing.normalize import normalize, strip_article
from framing.params import (
    CORPUS,
    Boolean,
    validate_params,
)
from framing.progress import progress
from framing.spans import checked_spans, remove_spans
from framing.stopwords import stopwords as stop_list
from framing.tokenizer import TOKEN_PATTERN
from framing.validate import check_corpus

__all__ = ["term", "terms", "doc_terms"]

@lru_cache(maxsize=200_000)
def term(norm: str) -> str:
    """The term of one normalised token: the article and its proclitics removed.

    >>> [term(t) for t in ["الغزو", "للغزو", "وللغزو", "بالانسحاب", "وانسحاب", "بالغ"]]
    ['غزو', 'غزو', 'غزو', 'انسحاب', 'وانسحاب', 'بالغ']
    """
    return strip_article(norm, proclitics=True)


def doc_terms(corpus, *, stopwords: bool = False, furniture: bool = False, fold_taa: bool = False) -> list[list[str]]:
    """The terms of each document, in order (furniture left out by default).

    ``stopwords=False`` drops Arabic stopwords (tested on the normalised
    token, before the article is taken off) and tokens with no letter
    (numbers). ``stopwords=True`` keeps both.

    The tokens are those of :func:`framing.tokenize`, each printed form
    normalised once (a cache), without building the token index.

    >>> import framing
    >>> doc_terms(framing.load_corpus())[1][:6]
    ['وزير', 'دفاع', 'اميركي', 'يدعو', 'تعزيز', 'وتوسيع']
    """
    check_bool("stopwords", stopwords)
    check_bool("fold_taa", fold_taa)
    check_corpus(corpus)
    drop = frozenset() if stopwords else stop_list()
    spans = corpus["furniture"] if "furniture" in corpus.columns and not furniture else [()] * len(corpus)
    cache: dict[str, str | None] = {}  # printed form -> term, or None when left out
    out = []
    for doc_id, text, cut in progress(zip(corpus["doc_id"], corpus["text"], spans), len(corpus), "Counting terms"):
        if isinstance(cut, (list, tuple)) and cut:
            text = remove_spans(text, checked_spans(text, cut, doc_id))
        toks = TOKEN_PATTERN.findall(text)
        for tok in set(toks).difference(cache):  # each new printed form, once
            norm = normalize(tok)
            if counted(norm, drop, stopwords):
                cache[tok] = term(norm.replace("ة", "ه") if fold_taa else norm)
            else:
                cache[tok] = None
        words = list(filter(None, map(cache.__getitem__, toks)))  # in C: no Python loop per token
        out.append(words)
    return out


def counted(norm: str, drop, stopwords: bool) -> bool:
    """Does a normalised token count as a term? (Not empty; unless ``stopwords``, not in ``drop``
    and with at least one letter, so numbers are left out.)

    >>> counted("الغزو", {"في"}, False), counted("في", {"في"}, False), counted("2003", set(), False)
    (True, False, False)
    """
    return bool(norm) and (stopwords or (norm not in drop and any(ch.isalpha() for ch in norm)))


@validate_params({
    "corpus": [CORPUS], "stopwords": [Boolean()], "furniture": [Boolean()], "fold_taa": [Boolean()],
})
def terms(corpus, *, stopwords: bool = False, furniture: bool = False, fold_taa: bool = False):
    """Count terms per document: a tidy table with one row per document and term.

    Returns a DataFrame with ``doc_id``, ``outlet``, ``event`` (if the corpus
    has one), ``term`` and ``n``, in corpus order, most frequent term first.
    ``stopwords=True`` keeps the stopwords and numbers, ``furniture=True``
    counts page furniture too, ``fold_taa=True`` writes taa marbuta ``ة``
    as ``ه`` in every term (``مشتركة`` and ``مشتركه`` are then one term).

    >>> import framing
    >>> counts = terms(framing.load_corpus())
    >>> counts[(counts.doc_id == "reuters_2023") & (counts.term == "غزو")].n.item()
    5
    """
    import pandas as pd

    idx = corpus_index(corpus, furniture=furniture)
    columns: dict[str, list] = {"doc_id": [], "outlet": [], "event": [], "term": [], "n": []}
    for doc, words in zip(idx.docs, doc_terms(corpus, stopwords=stopwords, furniture=furniture, fold_taa=fold_taa)):
        ranked = sorted(Counter(words).items(), key=_most_first)  # most frequent first, then by term
        columns["doc_id"].extend([doc.doc_id] * len(ranked))
        columns["outlet"].extend([doc.outlet] * len(ranked))
        columns["event"].extend([doc.event] * len(ranked))
        columns["term"].extend(t for t, _ in ranked)
        columns["n"].extend(n for _, n in ranked)
    if not idx.has_event:
        del columns["event"]
    # the types the table has always had: terms as Python objects, counts int64
    return as_table(pd.DataFrame({**columns, "term": pd.Series(columns["term"], dtype=object),
                                  "n": pd.array(columns["n"], dtype="int64")}))


def _most_first(item):
    term, n = item
    return -n, term
